#!/usr/bin/env python3
"""Learn the word vectors of `src/index/meaning.bin` from the archive.

Reads the articles as the matcher's analyser reads them (the file
`benches/fit/src/bin/meaning_text.rs` writes: id, title, the analysed words of the
title, of the description, of the additional query words) and learns one
vector per word so that a short text about a problem lands near the article
about it:

- a title lands near its article's description (the sections that tell
  the problem, without the title), and an article's additional query words
  near its title and description;
- against the other articles of the batch and, for each pair, the articles
  the lexical matcher ranks beside it for that title (`kbmatch match
  --batch`, first NEIGHBOURS): the siblings that share its words, which the
  vectors must tell apart;
- a text's vector is the sum of its distinct words' vectors, each times the
  word's idf, scaled to length 1; the loss is the softmax over the cosines
  times SCALE; a word of a text is left out at random (DROP) while learning.

Writes the vectors with the idf folded in, each as 64 signed bytes and a
scale (the format is `src/index/meaning.rs`'s). Seeded, and the articles
taken in the order of their ids: the same archive gives the same vectors on
the same numpy.

  fit_meaning.py TEXT.tsv KBMATCH INDEX OUT.bin   # see benches/fit/README.md

With INIT=TABLE.bin in the environment (a `meaning.bin`, as
`distill.py` writes from a sentence encoder), the words it holds start
from its vectors instead of random ones (each scaled to the random ones'
mean length): the archive's pairs then tune the distilled vectors.

Needs numpy and scipy (benches/fit/requirements.txt); a few minutes on two
cores.
"""
import json
import math
import os
import re
import struct
import subprocess
import sys
import tempfile

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, os.path.dirname(__file__))
from meaning_table import MAGIC, read_table  # noqa: E402

DIMS = 64  # src/index/meaning.rs DIMS
EPOCHS = 3
BATCH = 512
LEARNING_RATE = 0.01
SCALE = 20.0  # cosines times this before the softmax
DROP = 0.3  # share of a text's words left out at random while learning
NEIGHBOURS = 7  # the lexical neighbours each pair is told apart from
MIN_ARTICLES = 3  # fewest articles a word is in, to have a vector
MAX_SHARE = 0.2  # words in more of the articles say nothing of the problem
MIN_QUERY_WORDS = 2
MIN_DESCRIBED_WORDS = 5
SEED = 1
WORD = re.compile(r"^[a-z][a-z0-9]{2,}$")


def read_articles(path):
    articles = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            cells = line.rstrip("\n").split("\t")
            if len(cells) != 5:
                continue
            ident, title, title_words, described, query_words = cells
            articles.append((ident, title, title_words.split(), described.split(), query_words.split()))
    # By id: two builds of one archive may store its articles in another order.
    return sorted(articles)


def lexical_neighbours(articles, kbmatch, index):
    """Per article, the ids the matcher ranks first for its title, itself left out."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for ident, title, *_ in articles:
            f.write(json.dumps({"qid": ident, "query": title}) + "\n")
        queries = f.name
    out = subprocess.run(
        [kbmatch, "match", "--batch", queries, "--index", index, "--limit", str(NEIGHBOURS + 1)],
        check=True, capture_output=True, text=True,
        # The neighbours of the words alone, whatever vectors kbmatch holds.
        env={**os.environ, "KBMATCH_WEIGHTS": "meaning=0"},
    ).stdout
    neighbours = {}
    for line in out.splitlines():
        row = json.loads(line)
        ids = [hit["id"] for hit in row.get("results", []) if hit["id"] != row["qid"]]
        neighbours[row["qid"]] = ids[:NEIGHBOURS]
    return neighbours


def start_from(vectors, vocab, path):
    """Put the rows of the table at PATH (a meaning.bin) into vectors, scaled to their mean length."""
    words, rows = read_table(path)
    if rows.shape[1] != DIMS:
        sys.exit(f"{path} has {rows.shape[1]} numbers a word, this fit {DIMS}")
    row_of = {w: i for i, w in enumerate(words)}
    found = [(i, row_of[w]) for i, w in enumerate(vocab) if w in row_of]
    length = np.linalg.norm(vectors, axis=1).mean()
    for i, r in found:
        norm = np.linalg.norm(rows[r])
        if norm > 0:
            vectors[i] = rows[r] / norm * length
    print(f"{len(found)} of {len(vocab)} words start from {path}", file=sys.stderr)


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    text, kbmatch, index, out = sys.argv[1:]
    rng = np.random.default_rng(SEED)
    articles = read_articles(text)
    n = len(articles)
    at = {a[0]: i for i, a in enumerate(articles)}
    counts = {}
    for _, _, title, described, query in articles:
        for w in set(title) | set(described) | set(query):
            counts[w] = counts.get(w, 0) + 1
    vocab = sorted(w for w, c in counts.items() if c >= MIN_ARTICLES and c / n < MAX_SHARE and WORD.match(w))
    word_id = {w: i for i, w in enumerate(vocab)}
    idf = np.array([math.log(n / counts[w]) for w in vocab], dtype=np.float32)
    print(f"{n} articles, {len(vocab)} words", file=sys.stderr)

    def bag(words):
        return sorted({word_id[w] for w in words if w in word_id})

    described = [bag(a[3]) for a in articles]  # a title's article, without the title
    whole = [bag(a[2] + a[3]) for a in articles]  # as the index makes its vector
    # (query bag, article, 0 = title against description, 1 = query words against the whole)
    pairs = []
    for i, (_, _, title, _, query) in enumerate(articles):
        t, q = bag(title), bag(query)
        if len(t) >= MIN_QUERY_WORDS and len(described[i]) >= MIN_DESCRIBED_WORDS:
            pairs.append((t, i, 0))
        if len(q) >= MIN_QUERY_WORDS and len(whole[i]) >= MIN_DESCRIBED_WORDS:
            pairs.append((q, i, 1))
    print(f"{len(pairs)} pairs; asking {kbmatch} for each title's neighbours", file=sys.stderr)
    neighbours = lexical_neighbours(articles, kbmatch, index)

    def matrix(bags):
        rows, cols, vals = [], [], []
        for r, b in enumerate(bags):
            if len(b) > 1:
                kept = [w for w in b if rng.random() >= DROP]
                b = kept or b[:1]
            if not b:
                continue
            weights = idf[b] / idf[b].sum()
            rows += [r] * len(b)
            cols += b
            vals += list(weights)
        return sp.csr_matrix((vals, (rows, cols)), shape=(len(bags), len(vocab)), dtype=np.float32)

    def unit(x):
        norm = np.linalg.norm(x, axis=1, keepdims=True) + 1e-6
        return x / norm, norm

    vectors = (rng.standard_normal((len(vocab), DIMS)) * 0.1).astype(np.float32)
    if os.environ.get("INIT"):
        start_from(vectors, vocab, os.environ["INIT"])
    m, v = np.zeros_like(vectors), np.zeros_like(vectors)
    step = 0
    for epoch in range(EPOCHS):
        order = rng.permutation(len(pairs))
        total = 0.0
        batches = len(order) // BATCH
        for k in range(batches):
            batch = [pairs[j] for j in order[k * BATCH:(k + 1) * BATCH]]
            docs = [described[i] if view == 0 else whole[i] for _, i, view in batch]
            owners = [i for _, i, _ in batch]
            for _, i, view in batch:
                near = [at[x] for x in neighbours.get(articles[i][0], []) if x in at]
                near = (near + [int(rng.integers(n)) for _ in range(NEIGHBOURS)])[:NEIGHBOURS]
                docs += [described[j] if view == 0 else whole[j] for j in near]
                owners += near
            a_q = matrix([q for q, _, _ in batch])
            a_d = matrix(docs)
            q, q_norm = unit(a_q @ vectors)
            d, d_norm = unit(a_d @ vectors)
            s = SCALE * (q @ d.T)
            target = np.zeros_like(s)
            target[np.arange(BATCH), np.arange(BATCH)] = 1
            owners = np.array(owners)
            # Another pair of the same article is no rival.
            same = (owners[:BATCH, None] == owners[None, :]) & (target == 0)
            s = np.where(same, -1e9, s)
            p = np.exp(s - s.max(1, keepdims=True))
            p /= p.sum(1, keepdims=True)
            total += -np.mean(np.log(p[np.arange(BATCH), np.arange(BATCH)] + 1e-12))
            g = (p - target) / BATCH
            dq, dd = SCALE * (g @ d), SCALE * (g.T @ q)
            dq = (dq - q * np.sum(dq * q, 1, keepdims=True)) / q_norm
            dd = (dd - d * np.sum(dd * d, 1, keepdims=True)) / d_norm
            grad = np.asarray(a_q.T @ dq + a_d.T @ dd)
            step += 1
            m = 0.9 * m + 0.1 * grad
            v = 0.999 * v + 0.001 * grad * grad
            vectors -= LEARNING_RATE * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
        print(f"epoch {epoch + 1} of {EPOCHS}: loss {total / batches:.4f}", file=sys.stderr)

    rows = vectors * idf[:, None]
    scales = np.abs(rows).max(1) / 127.0
    scales[scales == 0] = 1.0
    quantized = np.clip(np.round(rows / scales[:, None]), -127, 127).astype(np.int8)
    with open(out, "wb") as f:
        f.write(MAGIC)
        f.write(struct.pack("<II", DIMS, len(vocab)))
        for w in vocab:
            b = w.encode("utf-8")
            f.write(struct.pack("<B", len(b)) + b)
        f.write(scales.astype("<f4").tobytes())
        f.write(quantized.tobytes())
    print(f"wrote {out}: {len(vocab)} words", file=sys.stderr)


if __name__ == "__main__":
    main()
