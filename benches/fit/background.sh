#!/usr/bin/env bash
# The background vocabulary (src/matcher/background.tsv): how many of the
# archive's articles hold each analysed word, for the words at least
# MIN_ARTICLES articles hold, from a full index of the real corpus; and how
# many quote each ID's and error code's signal term
# (src/matcher/background_ids.tsv), so that a code hundreds of articles quote
# counts as common on any corpus. The
# confidence weighs a question's words by it whatever corpus answers it
# (see src/matcher/background.rs). Refit the confidence after changing it
# (benches/fit/run.sh). Usage (from the repository root):
#   bash benches/fit/background.sh [INDEX]     # INDEX: target/real-index
set -euo pipefail
cd "$(dirname "$0")/../.."
index=${1:-target/real-index}
MIN_ARTICLES=3
mkdir -p target/fit
cargo build --release --quiet --manifest-path benches/fit/Cargo.toml --bin vocabulary
benches/fit/target/release/vocabulary "$index" target/fit/vocabulary.tsv target/fit/ids.tsv
awk -F'\t' -v min=$MIN_ARTICLES 'NR == 1 || ($2 >= min && length($1) <= 24)' target/fit/vocabulary.tsv \
  > src/matcher/background.tsv
echo "wrote src/matcher/background.tsv: $(($(wc -l < src/matcher/background.tsv) - 1)) words"
awk -F'\t' -v min=$MIN_ARTICLES 'NR == 1 || $2 >= min' target/fit/ids.tsv > src/matcher/background_ids.tsv
echo "wrote src/matcher/background_ids.tsv: $(($(wc -l < src/matcher/background_ids.tsv) - 1)) ID and code terms"
