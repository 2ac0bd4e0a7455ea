#!/usr/bin/env bash
# The modern articles' questions (dev_modern) answered from each form of
# ../shared/corpus/formats/ indexed alone, against the same questions
# answered from those articles' Markdown originals indexed alone (the same
# 65 articles), and from all of modern/: for each format, the questions
# whose article is in that format.
# Usage: bash benches/formats_eval.sh [shared folder]   (after cargo build --release)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-../shared}
bin=./target/release/kbmatch
out=target/formats-eval
mkdir -p "$out"
$bin index --index "$out/modern-index" --corpus "$shared/corpus/modern" >/dev/null 2>&1
for format in html wiki docx pdf; do
  folder="$shared/corpus/formats/$format"
  [ -d "$folder" ] || continue
  # The questions whose expected article has a file of this format.
  python3 - "$shared/eval/dev_modern.jsonl" "$folder" > "$out/$format.jsonl" <<'PY'
import json, os, sys
stems = {os.path.splitext(n)[0] for n in os.listdir(sys.argv[2])}
for line in open(sys.argv[1]):
    q = json.loads(line)
    if any(e in stems for e in q["expect"]):
        print(json.dumps(q))
PY
  $bin index --index "$out/$format-index" --corpus "$folder" 2>&1 | grep -E "^indexed|skipped:" | head -5
  # The same articles' Markdown originals (hard links), indexed alone.
  rm -rf "$out/$format-md" && mkdir -p "$out/$format-md"
  python3 - "$shared/corpus/modern" "$folder" "$out/$format-md" <<'PY'
import os, sys
modern, folder, dest = sys.argv[1:]
stems = {os.path.splitext(n)[0] for n in os.listdir(folder)}
for top, _, names in os.walk(modern):
    for name in names:
        if name.endswith(".md") and name[:-3] in stems:
            os.link(os.path.join(top, name), os.path.join(dest, name))
PY
  $bin index --index "$out/$format-md-index" --corpus "$out/$format-md" >/dev/null 2>&1
  for index in "$format" "$format-md" modern; do
    printf '%-6s questions, %-6s index: ' "$format" "$index"
    $bin eval "$out/$format.jsonl" --index "$out/$index-index" | grep '^all'
  done
done
