#!/usr/bin/env bash
# Try values of one matcher weight on every training set (benches/queries/
# train) and print, per value, the answers found first per set and in all;
# the value with the most is the one to put in src/matcher/weights.rs.
# Uses KBMATCH_WEIGHTS, so nothing is rebuilt between values. Usage:
#   bash benches/fit/grid.sh NAME VALUE... [-- INDEX]   # INDEX: target/real-index
#   bash benches/fit/grid.sh listing 0 -0.1 -0.25 -0.4
# GRID_SETS (a glob, default benches/queries/train/*.jsonl) picks other
# training sets; CARGO_TARGET_DIR is honoured.
set -euo pipefail
cd "$(dirname "$0")/../.."
name=$1; shift
values=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do values+=("$1"); shift; done
index=${2:-target/real-index}
cargo build --release --quiet
kbmatch=${CARGO_TARGET_DIR:-target}/release/kbmatch
for value in "${values[@]}"; do
  total=0; line=""
  for set in ${GRID_SETS:-benches/queries/train/*.jsonl}; do
    # `all  N  top-1 ...`: answers found first = N * top-1.
    first=$(KBMATCH_WEIGHTS="$name=$value" "$kbmatch" eval "$set" --index "$index" \
      | awk '$1 == "all" { printf "%d", $2 * $3 + 0.5 }')
    total=$((total + first)); line="$line $(basename "$set" .jsonl)=$first"
  done
  echo "$name=$value first: $total |$line"
done
