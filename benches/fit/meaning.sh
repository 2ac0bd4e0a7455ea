#!/usr/bin/env bash
# Relearn the word vectors (src/index/meaning.bin) from a full index of
# the real corpus, then rebuild kbmatch. The index's stored vectors are the
# old model's: rebuild the index after this (the schema version says so,
# see the test in src/index/meaning.rs). Usage (from the repository root):
#   bash benches/fit/meaning.sh [INDEX]     # INDEX: target/real-index
# Needs numpy and scipy: pip install -r benches/fit/requirements.txt
set -euo pipefail
cd "$(dirname "$0")/../.."
index=${1:-target/real-index}
mkdir -p target/fit
cargo build --release --quiet --bin kbmatch
cargo build --release --quiet --manifest-path benches/fit/Cargo.toml --bin meaning_text
benches/fit/target/release/meaning_text "$index" target/fit/meaning_text.tsv
python3 benches/fit/fit_meaning.py target/fit/meaning_text.tsv "${CARGO_TARGET_DIR:-target}"/release/kbmatch "$index" src/index/meaning.bin
cargo build --release --quiet
