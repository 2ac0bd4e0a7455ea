#!/usr/bin/env python3
"""Distil all-MiniLM-L6-v2 into word vectors the matcher sums in
microseconds: a `meaning.bin` (the format of `src/index/meaning.rs`).

Model2Vec's way, over the archive's own vocabulary rather than the
encoder's word pieces:

- each analysed word of the archive (a stem, as the index reads it) goes
  through the encoder once, as the forms the archive writes it in
  (`benches/fit/src/bin/word_forms.rs`: "configuration" and "configure" for
  `configur`), the forms' vectors averaged by how often each is written;
- the words' vectors are centred on the words as the articles hold them
  and reduced to DIMS numbers by PCA;
- each is weighed by how rare the word is in the archive (its idf,
  log(N / articles), as `fit_meaning.py` weighs words): a text's vector
  is the sum of its distinct words' rows, so a word in every article
  must weigh little.

Then measures how much of the encoder the table keeps, on SAMPLE archive
passages (title and the opening of the description, as
`sentence_model_ceiling.py` reads them) against the encoder run on the
passage itself: the mean cosine of the table's passage vector and the
encoder's (reduced by the same PCA), and how well the cosines between
passages agree (Pearson over every pair), beside the same agreement for
the table in `--compare` (the matcher's current `meaning.bin`).

  distill.py WORD_FORMS.tsv MEANING_TEXT.tsv OUT.bin [--compare BIN]
  (benches/fit/distill.sh runs it all; see benches/fit/README.md)

Encoder vectors are cached under target/fit/ (distill_words.npz,
distill_passages.npz) so a rerun with other settings costs seconds.
"""
import math
import os
import re
import struct
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
import minilm  # noqa: E402
from meaning_table import MAGIC, read_table  # noqa: E402

DIMS = int(os.environ.get("DIMS", "64"))  # src/index/meaning.rs DIMS
MIN_ARTICLES = 3  # fewest articles a word is in, to have a vector
MAX_SHARE = 0.2  # words in more of the articles say nothing of the problem
FORM_SHARE = 0.2  # a form written at least this share of its word's times is read too
MAX_FORMS = 3
SAMPLE = int(os.environ.get("SAMPLE", "600"))  # archive passages the table is compared on
PASSAGE_WORDS = 70
SEED = 1
WORD = re.compile(r"^[a-z][a-z0-9]{2,}$")
ROOT = os.path.join(os.path.dirname(__file__), "../..")
CACHE = os.path.join(ROOT, "target/fit")


def read_forms(path):
    """{word: (articles, [(form, count)])} of the words that get a vector, and the article count."""
    words, total = {}, 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            cells = line.rstrip("\n").split("\t")
            if cells[0] == "#articles":
                total = int(cells[1])
                continue
            word, articles, forms = cells[0], int(cells[1]), cells[2]
            forms = [(form, int(n)) for form, n in (x.rsplit(":", 1) for x in forms.split(","))]
            words[word] = (articles, forms)
    kept = {w: v for w, v in words.items()
            if v[0] >= MIN_ARTICLES and v[0] / total < MAX_SHARE and WORD.match(w)}
    return kept, total


def forms_read(forms):
    """The forms put through the encoder, with their weights: the most written,
    and the others written at least FORM_SHARE of the time."""
    total = sum(n for _, n in forms)
    read = [(f, n) for i, (f, n) in enumerate(forms) if i == 0 or n / total >= FORM_SHARE][:MAX_FORMS]
    return read


def cached_embed(model, texts, max_tokens, name, batch):
    """Encoder vectors of texts, from and into target/fit/NAME.npz."""
    path = os.path.join(CACHE, name + ".npz")
    known = {}
    if os.path.exists(path):
        data = np.load(path, allow_pickle=False)
        known = dict(zip(data["texts"].tolist(), data["vectors"]))
    todo = sorted({t for t in texts if t not in known}, key=len)
    if todo:
        print(f"encoding {len(todo)} texts ({name})", file=sys.stderr)
        for start in range(0, len(todo), 4096):
            chunk = todo[start:start + 4096]
            known.update(zip(chunk, minilm.embed(model, chunk, max_tokens, batch)))
            keys = list(known)
            np.savez(path, texts=np.array(keys), vectors=np.array([known[k] for k in keys], dtype=np.float32))
            print(f"  {min(start + 4096, len(todo))} of {len(todo)}", file=sys.stderr)
    return np.array([known[t] for t in texts], dtype=np.float32)


def write_table(path, vocab, rows):
    scales = np.abs(rows).max(1) / 127.0
    scales[scales == 0] = 1.0
    quantized = np.clip(np.round(rows / scales[:, None]), -127, 127).astype(np.int8)
    with open(path, "wb") as f:
        f.write(MAGIC)
        f.write(struct.pack("<II", rows.shape[1], len(vocab)))
        for w in vocab:
            b = w.encode("utf-8")
            f.write(struct.pack("<B", len(b)) + b)
        f.write(scales.astype("<f4").tobytes())
        f.write(quantized.tobytes())


def text_vectors(words, rows, bags):
    """Each bag of analysed words as the matcher makes it: the sum of its distinct known words' rows, length 1."""
    at = {w: i for i, w in enumerate(words)}
    out = np.zeros((len(bags), rows.shape[1]), dtype=np.float32)
    for r, bag in enumerate(bags):
        known = sorted({at[w] for w in bag if w in at})
        if known:
            out[r] = rows[known].sum(0)
    norm = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norm > 0, norm, 1)


def passages(meaning_text, sample):
    """SAMPLE articles (seeded): id, their passage as written and their analysed words."""
    import json
    import subprocess

    rows = []
    with open(meaning_text, encoding="utf-8") as f:
        for line in f:
            cells = line.rstrip("\n").split("\t")
            if len(cells) == 5 and len(cells[3].split()) >= 5:
                rows.append(cells)
    rows.sort()
    rng = np.random.default_rng(SEED)
    picked = [rows[i] for i in sorted(rng.choice(len(rows), size=min(sample, len(rows)), replace=False))]
    kbmatch = os.environ.get("KBMATCH", os.path.join(ROOT, "target/release/kbmatch"))
    index = os.environ.get("KBMATCH_INDEX", os.path.join(ROOT, "target/real-index"))
    shown = {}
    ids = [p[0] for p in picked]
    for start in range(0, len(ids), 300):
        run = subprocess.run([kbmatch, "show", "--json", "--index", index, *ids[start:start + 300]],
                             capture_output=True, text=True, check=True)
        for line in run.stdout.splitlines():
            article = json.loads(line)
            if "error" not in article:
                shown[article["id"]] = article
    out = []
    for ident, title, title_words, described, _ in picked:
        if ident not in shown:
            continue
        found = {s["name"].upper(): s["text"] for s in shown[ident]["sections"]}
        body = next((found[n] for n in ("SYMPTOMS", "SUMMARY", "CAUSE") if n in found), " ".join(found.values()))
        text = re.sub(r"^Q\d+:\s*", "", title) + ". " + " ".join(body.split()[:PASSAGE_WORDS])
        out.append((ident, text, title_words.split() + described.split()))
    return out


def agreement(a, b):
    """Pearson correlation of the cosines between every two passages under a and under b."""
    upper = np.triu_indices(len(a), 1)
    return float(np.corrcoef((a @ a.T)[upper], (b @ b.T)[upper])[0, 1])


def main():
    args = sys.argv[1:]
    compare = None
    if "--compare" in args:
        at = args.index("--compare")
        compare = args[at + 1]
        del args[at:at + 2]
    if len(args) != 3:
        sys.exit(__doc__)
    forms_path, meaning_text, out = args
    words, total = read_forms(forms_path)
    vocab = sorted(words)
    print(f"{total} articles, {len(vocab)} words", file=sys.stderr)
    model = minilm.load()

    read = {w: forms_read(words[w][1]) for w in vocab}
    texts = sorted({f for r in read.values() for f, _ in r})
    by_text = dict(zip(texts, cached_embed(model, texts, 16, "distill_words", 512)))
    raw = np.zeros((len(vocab), minilm.WIDTH), dtype=np.float32)
    for i, w in enumerate(vocab):
        n = sum(c for _, c in read[w])
        raw[i] = sum(by_text[f] * (c / n) for f, c in read[w])

    # Centred on the words as texts hold them (each by how many articles
    # hold it, times its weight): else every text's sum leans the same way,
    # the common direction of all single-word outputs, and any two texts
    # look alike (the passages' agreement with the encoder 0.14 centred on
    # the plain mean of the words, 0.30 so).
    articles = np.array([words[w][0] for w in vocab], dtype=np.float32)
    idf = np.log(total / articles)
    mean = (raw * (articles * idf)[:, None]).sum(0) / (articles * idf).sum()
    centred = raw - mean
    _, values, components = np.linalg.svd(centred - centred.mean(0), full_matrices=False)
    kept = float((values[:DIMS] ** 2).sum() / (values ** 2).sum())
    basis = components[:DIMS].T  # WIDTH x DIMS
    rows = (centred @ basis) * idf[:, None]
    write_table(out, vocab, rows)
    print(f"wrote {out}: {len(vocab)} words, {DIMS} numbers each ({kept:.1%} of the words' variance)", file=sys.stderr)

    if SAMPLE <= 0:
        return
    sample = passages(meaning_text, SAMPLE)
    encoder = cached_embed(model, [t for _, t, _ in sample], 96, "distill_passages", 32)
    bags = [b for _, _, b in sample]
    words_written, rows_written = read_table(out)
    table = text_vectors(words_written, rows_written, bags)
    projected = (encoder - mean) @ basis
    projected /= np.linalg.norm(projected, axis=1, keepdims=True)
    has = np.linalg.norm(table, axis=1) > 0
    cos = (table * projected).sum(1)[has]
    print(f"{len(sample)} archive passages: table against the encoder, mean cosine {cos.mean():.3f} "
          f"(in the reduced space); the passages' cosines agree, Pearson {agreement(table, encoder):.3f}")
    if compare:
        cw, cr = read_table(compare)
        print(f"  {compare}: the passages' cosines agree with the encoder's, "
              f"Pearson {agreement(text_vectors(cw, cr, bags), encoder):.3f}")


if __name__ == "__main__":
    main()
