#!/usr/bin/env bash
# Refit the confidence model from the training sets in benches/queries/train
# (answerable queries, and questions written blind that no article answers)
# and benches/queries/train_versions/modern_blind*.jsonl (questions written
# blind about the modern articles: the answered model's only) over the
# corpora of benches/fit/corpora.sh: the whole archive, 3,000 and 300 of its
# pages, the modern sample, the sample corpus. Writes
# src/matcher/fitted.json; rebuild kbmatch afterwards, and check the result
# with `kbmatch eval`. Installs its own Python environment
# (target/fit-confidence-venv, benches/fit/requirements-confidence.txt) from
# PyPI. Usage (from the repository root):
#   bash benches/fit/corpora.sh     # once: the smaller corpora's indexes
#   bash benches/fit/run.sh [INDEX] # INDEX: the whole archive, target/real-index
set -euo pipefail
cd "$(dirname "$0")/../.."
index=${1:-target/real-index}
corpora=target/fit-corpora
dumps=target/fit
rm -rf "$dumps" && mkdir -p "$dumps/sample-sets"
source benches/fit/venv.sh
cargo build --release --quiet
# The smaller corpora answer few training queries: every fourth of each set
# (all of the blind no-answer set) keeps the fit's work in proportion.
for set in benches/queries/train/*.jsonl; do
  name=$(basename "$set" .jsonl)
  case $name in none_*) cp "$set" "$dumps/sample-sets/$name.jsonl" ;;
                *) awk 'NR % 4 == 1' "$set" > "$dumps/sample-sets/$name.jsonl" ;; esac
done
dump() {  # corpus-name index set
  local corpus=$1 at=$2 set=$3 name
  name=$(basename "$set" .jsonl)
  "${CARGO_TARGET_DIR:-target}"/release/kbmatch eval "$set" --index "$at" --features "$dumps/$corpus.$name.features.jsonl" \
    | grep '^all' | sed "s/^/$corpus $name /"
}
modern=(benches/queries/train_versions/modern_blind*.jsonl)
cp "${modern[@]}" "$dumps/sample-sets/"
for set in benches/queries/train/*.jsonl "${modern[@]}"; do dump full "$index" "$set"; done
for corpus in s3000 s300 modern sample; do
  if [ ! -d "$corpora/$corpus/index" ]; then
    echo "no $corpora/$corpus/index: run benches/fit/corpora.sh first" >&2
    exit 1
  fi
  for set in "$dumps"/sample-sets/*.jsonl; do dump "$corpus" "$corpora/$corpus/index" "$set"; done
done
"$venv/bin/python" benches/fit/fit.py src/matcher/fitted.json "$dumps"/*.features.jsonl
