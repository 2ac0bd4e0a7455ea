#!/usr/bin/env bash
# Refit the confidence model from the training sets in benches/queries/train,
# on a full index of the real corpus; writes src/matcher/fitted.json. Rebuild
# kbmatch afterwards, and check the result with `kbmatch eval`. Usage (from
# the repository root):
#   bash benches/fit/run.sh [INDEX]    # INDEX: target/real-index
set -euo pipefail
cd "$(dirname "$0")/../.."
index=${1:-target/real-index}
dumps=target/fit
mkdir -p "$dumps"
cargo build --release --quiet
for set in benches/queries/train/*.jsonl; do
  name=$(basename "$set" .jsonl)
  ./target/release/kbmatch eval "$set" --index "$index" --features "$dumps/$name.features.jsonl" | grep '^all' | sed "s/^/$name /"
done
python3 benches/fit/fit.py src/matcher/fitted.json "$dumps"/*.features.jsonl
