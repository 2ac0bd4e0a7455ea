#!/usr/bin/env bash
# The corpora the confidence is fitted on, so that it means the same on ten
# articles and on sixty thousand, and knows that some questions have no
# answer: indexes of the whole archive (target/real-index, as .ci/run builds
# it), 3,000 and 300 of the archive's KB pages (the articles that a random half of the training queries run.sh
# asks them expect, and random others), the modern sample alone and the
# embedded sample corpus. A training query whose expected article a corpus
# lacks is a question that corpus cannot answer; its nearest wrong article
# is the hardest negative there is; the small corpora answer the others,
# so that a small corpus is not taught that nothing is ever answered. Writes target/fit-corpora/NAME/{corpus,index}. Usage (from the
# repository root, with the real corpus unpacked in target/real-corpus):
#   bash benches/fit/corpora.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
kbmatch=${CARGO_TARGET_DIR:-target}/release/kbmatch
out=target/fit-corpora
real=target/real-corpus
shared=${KBMATCH_SHARED:-../shared}
cargo build --release --quiet
mkdir -p "$out"

# COUNT of the archive's KB pages (hard links: no copy): the expected
# articles of ANSWERED of the training queries run.sh gives the smaller
# corpora (every fourth of each set), then random others; the same for the
# same seed.
subset() {
  local name=$1 count=$2 answered=$3 seed=$4
  rm -rf "$out/$name/corpus" && mkdir -p "$out/$name/corpus/kb"
  python3 - "$real/kb" "$out/$name/corpus/kb" "$count" "$answered" "$seed" benches/queries/train/*.jsonl <<'PY'
import json, os, random, sys
root, dest, count, answered, seed, sets = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6:]
rng = random.Random(seed)
pages = {a: os.path.join(d, a) for d in sorted(os.listdir(root)) for a in sorted(os.listdir(os.path.join(root, d)))}
queries = []
for path in sorted(sets):
    with open(path) as f:
        queries += [json.loads(line) for n, line in enumerate(f) if n % 4 == 0 and line.strip()]
chosen = []
for q in rng.sample(queries, min(answered, len(queries))):
    chosen += [e for e in q["expect"] if e in pages and e not in chosen]
rest = sorted(set(pages) - set(chosen))
chosen += rng.sample(rest, max(0, count - len(chosen)))
for article in chosen[:count]:
    page = pages[article]
    os.makedirs(os.path.join(dest, page), exist_ok=True)
    os.link(os.path.join(root, page, "README.md"), os.path.join(dest, page, "README.md"))
PY
}

subset s3000 3000 800 2
subset s300 300 250 3
for name in s3000 s300; do
  "$kbmatch" index --full --corpus "$out/$name/corpus" --index "$out/$name/index" 2>&1 | tail -1
done
"$kbmatch" index --full --corpus "$shared/corpus/modern" --index "$out/modern/index" 2>&1 | tail -1
"$kbmatch" index --full --corpus corpus --index "$out/sample/index" 2>&1 | tail -1
