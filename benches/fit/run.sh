#!/usr/bin/env bash
# Refit the learned re-ranker and the confidence model (and, with
# --search-ranker, the re-ranking weights) from the training sets in
# benches/queries/train, on a full index of the real corpus; writes
# src/matcher/ranker.json and src/matcher/fitted.json. Usage (from the
# repository root):
#   pip install -r benches/fit/requirements.txt
#   bash benches/fit/run.sh [--search-ranker] [INDEX]    # INDEX: target/real-index
set -euo pipefail
cd "$(dirname "$0")/../.."
search=()
if [ "${1:-}" = "--search-ranker" ]; then search=(--search-ranker); shift; fi
index=${1:-target/real-index}
dumps=target/fit
mkdir -p "$dumps"
dump() {
  cargo build --release --quiet
  for set in benches/queries/train/*.jsonl; do
    name=$(basename "$set" .jsonl)
    ./target/release/kbmatch eval "$set" --index "$index" --features "$dumps/$name.features.jsonl" | grep '^all' | sed "s/^/$name /"
  done
}
# The re-ranker learns from the candidates' features, which it does not
# change; the confidence then reads the scores the matcher gives with it.
dump
python3 benches/fit/fit_ranker.py src/matcher/ranker.json "$dumps"/*.features.jsonl
dump
python3 benches/fit/fit.py "${search[@]}" src/matcher/fitted.json "$dumps"/*.features.jsonl
