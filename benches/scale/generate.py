#!/usr/bin/env python3
"""Make the 10x corpus for the scale benchmark from the unpacked KB archive.

    python3 benches/scale/generate.py target/real-corpus/kb OUT [VARIANTS]

Writes VARIANTS (default 9) copies of every KB page under OUT/v1 .. OUT/vN.
Each copy gets a new article id (Q + the variant digit + the old number in
seven digits, e.g. Q219324 -> Q30219324 in variant 3, which no archive id
can be) and about 15 % of its words renamed. The archive plus its nine
copies is the 600k corpus: index it with `--corpus KB --corpus OUT`.

Renaming: in each copy a fixed share of the article's distinct words of
four letters or more is picked (seeded by the article and the variant) and
every occurrence is replaced by a made-up word of the same length whose
letters come from a hash of (variant, word). The same word renamed in two
articles of one variant gets the same new spelling, so each variant adds
new terms the way a real KB's vocabulary grows with its size (new products,
names, misspellings), while postings of common short words grow 10x.
Words in capitals (section headings, constants) are never renamed. Lines
above the article text (front matter, `Article:`, `Product(s):` ...) keep
their words so that format detection and the header fields still work.

Standard library only; deterministic: the same archive gives the same files.
"""

import hashlib
import os
import random
import re
import sys

SHARE = 0.15
TOKEN = re.compile(r"([A-Za-z]{4,})")
ID_IN_PATH = re.compile(r"^Q(\d{3,7})$")
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def new_id(number: str, variant: int) -> str:
    return f"Q{variant}{int(number):07d}"


def renamed(word: str, variant: int, cache: dict) -> str:
    key = word.lower()
    base = cache.get(key)
    if base is None:
        digest = hashlib.blake2b(f"{variant}:{key}".encode(), digest_size=16).digest()
        # Keep the first letter so that the word still sorts near its kin;
        # the rest is new.
        tail = "".join(LETTERS[digest[i % 16] % 26] for i in range(len(key) - 1))
        base = key[0] + tail
        cache[key] = base
    if word[0].isupper():
        return base[0].upper() + base[1:]
    return base


def variant_text(text: str, old: str, new: str, variant: int, cache: dict) -> str:
    # The header is everything up to the first blank line after `Article:`
    # (the front matter, the heading and the tab-indented field lines).
    marker = text.find("Article:")
    split = text.find("\n\t\n", marker) if marker >= 0 else -1
    head, body = (text[:split], text[split:]) if split >= 0 else ("", text)
    head = head.replace(old, new).replace(f"/{old[1:]}/", f"/{new[1:]}/")
    body = body.replace(old, new)
    tokens = TOKEN.split(body)
    # Upper-case words stay: they are the section headings (SYMPTOMS,
    # RESOLUTION) the extractor reads and the constants pasted errors quote.
    words = sorted({t.lower() for t in tokens[1::2] if not t.isupper()})
    rng = random.Random(f"{new}")
    picked = set(rng.sample(words, round(len(words) * SHARE))) if words else set()
    for i in range(1, len(tokens), 2):
        if not tokens[i].isupper() and tokens[i].lower() in picked:
            tokens[i] = renamed(tokens[i], variant, cache)
    return head + "".join(tokens)


def main() -> int:
    if len(sys.argv) not in (3, 4):
        print("usage: " + __doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    archive, out = sys.argv[1], sys.argv[2]
    variants = int(sys.argv[3]) if len(sys.argv) == 4 else 9
    pages = []
    for root, _dirs, files in os.walk(archive):
        for name in files:
            if name.endswith(".md"):
                pages.append(os.path.join(root, name))
    pages.sort()
    if not pages:
        print(f"no .md pages under {archive}: pass the unpacked archive's kb folder", file=sys.stderr)
        return 2
    caches = {v: {} for v in range(1, variants + 1)}
    written = 0
    for path in pages:
        folder = os.path.basename(os.path.dirname(path))
        m = ID_IN_PATH.match(folder)
        if not m:
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        bucket = os.path.basename(os.path.dirname(os.path.dirname(path)))
        for v in range(1, variants + 1):
            new = new_id(m.group(1), v)
            target = os.path.join(out, f"v{v}", bucket, new)
            os.makedirs(target, exist_ok=True)
            with open(os.path.join(target, "README.md"), "w", encoding="utf-8") as f:
                f.write(variant_text(text, folder, new, v, caches[v]))
            written += 1
        if written % 54000 == 0:
            print(f"{written} pages written", file=sys.stderr)
    new_terms = sum(len(c) for c in caches.values())
    print(f"{len(pages)} archive pages -> {written} copies in {variants} variants under {out}; "
          f"{new_terms} renamed spellings", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
