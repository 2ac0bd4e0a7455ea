#!/usr/bin/env bash
# Refit the confidence model (and, with --search-ranker, the re-ranking
# weights) from the training sets in benches/queries/train, on a full
# index of the real corpus; writes src/matcher/fitted.json. Rebuild
# kbmatch afterwards. Usage (from the repository root):
#   bash benches/fit/run.sh [--search-ranker] [INDEX]    # INDEX: target/real-index
set -euo pipefail
cd "$(dirname "$0")/../.."
search=()
if [ "${1:-}" = "--search-ranker" ]; then search=(--search-ranker); shift; fi
index=${1:-target/real-index}
dumps=target/fit
mkdir -p "$dumps"
cargo build --release --quiet
for set in benches/queries/train/*.jsonl; do
  name=$(basename "$set" .jsonl)
  ./target/release/kbmatch eval "$set" --index "$index" --features "$dumps/$name.features.jsonl" | grep '^all' | sed "s/^/$name /"
done
python3 benches/fit/fit.py "${search[@]}" src/matcher/fitted.json "$dumps"/*.features.jsonl
