#!/usr/bin/env bash
# Fit a question-side adapter over the sentence model's vectors (measured
# and not kept: benches/fit/README.md, "A question-side adapter"; the
# matcher's side is at commit 2ea8a83, src/matcher/adapter.rs): the archive's
# titles and the training descriptions (benches/queries/train/own_words_*,
# train_versions/*) are encoded as questions by `encode_texts`, then
# fit_adapter.py fits the map against every article vector of INDEX's
# sentences.bin (an index built with the model over the full real corpus).
# Writes target/fit-adapter/adapter.bin and prints, each epoch, how often
# the cosine alone puts a validation question's article first. About 35
# minutes on 2 cores.
# Usage (from the repository root):
#   bash benches/fit/adapter.sh [INDEX] [MODEL] [MODERN]   # target/real-index, target/sentence-model, ../shared/corpus/modern
set -euo pipefail
cd "$(dirname "$0")/../.."
index=${1:-target/real-index}
model=${2:-target/sentence-model}
modern=${3:-../shared/corpus/modern}
out=target/fit-adapter
mkdir -p "$out"
source benches/fit/venv.sh
cargo build --release --quiet --manifest-path benches/fit/Cargo.toml --bin meaning_text --bin encode_texts
tools=benches/fit/target/release
"$tools/meaning_text" "$index" "$out/meaning_text.tsv"
# Each title without its product prefix ("WD97: ", "XCON: ").
sed -E 's/^([^\t]*)\t([A-Z0-9/& -]{2,12}: +)?([^\t]*)\t.*/\1\t\3/' "$out/meaning_text.tsv" > "$out/titles.tsv"
"$venv/bin/python" - "$out/train.tsv" benches/queries/train/own_words_*.jsonl benches/queries/train_versions/*.jsonl <<'PY'
import json, sys
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for path in sys.argv[2:]:
        for line in open(path, encoding="utf-8"):
            q = json.loads(line)
            if q.get("expect"):
                out.write(f"{q['qid']}|{q['expect'][0]}\t{' '.join(q['query'].split())}\n")
PY
"$tools/encode_texts" "$model" "$out/titles.tsv" "$out/titles.f32"
"$tools/encode_texts" "$model" "$out/train.tsv" "$out/train.f32"
"$venv/bin/python" -u benches/fit/fit_adapter.py "$index/sentences.bin" "$modern" "$out/titles.tsv" "$out/titles.f32" \
  "$out/train.tsv" "$out/train.f32" "$out/adapter.bin"
