#!/usr/bin/env bash
# Fit how the optional sentence encoder (`--features encoder`, `--model`)
# re-ranks: dumps the training descriptions and questions no article
# answers (benches/queries/train/own_words_*, none_*, and
# train_versions/modern_blind*) and the held-out sets (benches/queries/*,
# reported only) with the encoder on and the cosine weighing nothing, then
# benches/fit/fit_sentence.py chooses `sentence` and `sentence_below` (put
# them in src/matcher/weights.rs by hand, as it prints them) and writes the
# moved first hit's confidence model to src/matcher/sentences.json. Rebuild
# kbmatch afterwards and check the result with `kbmatch eval --model`.
# Installs the fit's Python environment as run.sh does. Takes about 15
# minutes on 2 cores (each article a question meets is encoded once).
# Usage (from the repository root):
#   bash benches/fit/sentence.sh [INDEX] [MODEL]   # target/real-index, target/sentence-model
set -euo pipefail
cd "$(dirname "$0")/../.."
index=${1:-target/real-index}
model=${2:-target/sentence-model}
out=target/fit-sentence
mkdir -p "$out"
source benches/fit/venv.sh
cargo build --release --features encoder --quiet
train=(benches/queries/train/own_words_*.jsonl benches/queries/train_versions/modern_blind*.jsonl benches/queries/train/none_*.jsonl)
held_out=(benches/queries/*.jsonl)
cat "${train[@]}" "${held_out[@]}" > "$out/queries.jsonl"
KBMATCH_WEIGHTS=sentence=0,sentence_below=2 "${CARGO_TARGET_DIR:-target}"/release/kbmatch eval "$out/queries.jsonl" \
  --index "$index" --model "$model" --features "$out/queries.features.jsonl" | grep '^all'
"$venv/bin/python" benches/fit/fit_sentence.py src/matcher/sentences.json "$out/queries.features.jsonl" \
  "${train[@]}" -- "${held_out[@]}"
