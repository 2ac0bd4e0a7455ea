"""Fit a linear adapter over the sentence model's question vectors.

Measured and not kept (benches/fit/README.md, "A question-side adapter").
A question's vector q becomes q + q·D (D a 384 x 384 matrix, zero at the
start), so that it lies nearer the stored vector of the article that
answers it; the articles' vectors are not touched (the index stays as
built). Fitted by softmax cross-entropy over every stored article vector
(all 60,609 stored vectors of the full index are each question's rivals), Adam, L2 on D,
stopped at the best epoch on a validation share of the training pairs.

Pairs: each archive article's title (its product prefix "WD97:" left
off) and the training descriptions (`benches/queries/train/own_words_*`,
`train_versions/*`), encoded by `encode_texts` as a question is. None of
the dev sets or held-out sets is read.

    python3 fit_adapter.py INDEX/sentences.bin MODERN titles.tsv titles.f32 train.tsv train.f32 OUT.bin
"""
import hashlib
import pathlib
import re
import struct
import sys

import numpy as np

DIM = 384
MAGIC = b"KBADPT01"


def read_sentences(path):
    data = open(path, "rb").read()
    assert data[:8] == b"KBSENT02", data[:8]
    count = struct.unpack_from("<Q", data, 16)[0]
    at = 24
    ids, rows = [], np.empty((count, DIM), dtype=np.float32)
    for i in range(count):
        at += 8
        (n,) = struct.unpack_from("<H", data, at)
        at += 2
        ids.append(data[at:at + n].decode())
        at += n
        rows[i] = np.frombuffer(data, dtype="<f4", count=DIM, offset=at)
        at += 4 * DIM
    return ids, rows


def read_pairs(tsv, f32, row_of, key_to_id):
    """The pairs whose article has a stored vector: the questions' vectors,
    their articles' rows, and their keys."""
    keys = [line.split("\t", 1)[0] for line in open(tsv, encoding="utf-8")]
    vectors = np.fromfile(f32, dtype="<f4").reshape(len(keys), DIM)
    rows = [row_of.get(key_to_id(k)) for k in keys]
    keep = [i for i, r in enumerate(rows) if r is not None]
    return vectors[keep], np.array([rows[i] for i in keep]), [keys[i] for i in keep]


def modern_ids(folder):
    """A modern article's slug (its file name, as the questions name it)
    to the id the index gives it: "KB" and its original KB number where it
    states one, else its path under the folder."""
    ids = {}
    for path in sorted(pathlib.Path(folder).rglob("*.md")):
        found = re.search(r"Original KB number:_?[^0-9]{0,20}([0-9]{4,8})", path.read_text(encoding="utf-8", errors="replace"))
        ids[path.stem] = f"KB{found.group(1)}" if found else str(path.relative_to(folder))
    return ids


def held(key, share):
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) / 2**32 < share


def ranks(q, target, articles):
    q = q / np.linalg.norm(q, axis=1, keepdims=True)
    scores = q @ articles.T
    mine = scores[np.arange(len(q)), target]
    return (scores > mine[:, None]).sum(1)


def report(name, r):
    return f"{name}: top-1 {np.mean(r == 0):.3f} top-5 {np.mean(r < 5):.3f} top-10 {np.mean(r < 10):.3f}"


def main():
    sentences, modern, titles_tsv, titles_f32, train_tsv, train_f32, out = sys.argv[1:8]
    l2 = float(sys.argv[8]) if len(sys.argv) > 8 else 1e-3
    desc_weight = float(sys.argv[9]) if len(sys.argv) > 9 else 4.0
    ids, articles = read_sentences(sentences)
    row_of = {}
    for i, a in enumerate(ids):
        row_of.setdefault(a, i)
    tq, tt, tkeys = read_pairs(titles_tsv, titles_f32, row_of, lambda k: k)
    slugs = modern_ids(modern)

    def expected(key):
        slug = key.split("|", 1)[1]
        return slugs.get(slug, slug)

    dq, dt, dkeys = read_pairs(train_tsv, train_f32, row_of, expected)
    tv = np.array([held(k, 0.05) for k in tkeys])
    dv = np.array([held(k, 0.25) for k in dkeys])
    print(f"articles {len(ids)}; titles {len(tkeys)} ({tv.sum()} validation); descriptions {len(dkeys)} ({dv.sum()} validation)")
    A = articles
    rng = np.random.default_rng(31)
    D = np.zeros((DIM, DIM), dtype=np.float32)
    m = np.zeros_like(D)
    v = np.zeros_like(D)
    tau = 20.0
    lr = 1e-3
    step = 0
    train_q = np.concatenate([tq[~tv], dq[~dv]])
    train_t = np.concatenate([tt[~tv], dt[~dv]])
    weight = np.concatenate([np.ones((~tv).sum()), np.full((~dv).sum(), desc_weight)]).astype(np.float32)
    def adapted(q, D):
        return q + q @ D

    print("before:", report("validation descriptions", ranks(dq[dv], dt[dv], A)), "|",
          report("validation titles", ranks(tq[tv], tt[tv], A)))
    best = (-1.0, D.copy(), 0)
    for epoch in range(1, 7):
        order = rng.permutation(len(train_q))
        for start in range(0, len(order), 512):
            b = order[start:start + 512]
            q = train_q[b]
            qp = adapted(q, D)
            norm = np.linalg.norm(qp, axis=1, keepdims=True)
            qn = qp / norm
            logits = tau * (qn @ A.T)
            logits -= logits.max(1, keepdims=True)
            p = np.exp(logits)
            p /= p.sum(1, keepdims=True)
            p[np.arange(len(b)), train_t[b]] -= 1.0
            w = weight[b][:, None] / weight[b].sum()
            g_qn = tau * (p * w) @ A
            # through the normalisation
            g_qp = (g_qn - qn * (g_qn * qn).sum(1, keepdims=True)) / norm
            g = q.T @ g_qp + l2 * D
            step += 1
            m = 0.9 * m + 0.1 * g
            v = 0.999 * v + 0.001 * g * g
            D -= lr * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
        r = ranks(adapted(dq[dv], D), dt[dv], A)
        score = np.mean(r == 0) + np.mean(r < 5)
        print(f"epoch {epoch}:", report("validation descriptions", r), "|",
              report("validation titles", ranks(adapted(tq[tv], D), tt[tv], A)), "| training descriptions",
              f"{np.mean(ranks(adapted(dq[~dv], D), dt[~dv], A) == 0):.3f}", flush=True)
        if score > best[0]:
            best = (score, D.copy(), epoch)
    print(f"kept epoch {best[2]}")
    # The model's fingerprint (as sentences.bin states it): the matcher
    # uses the adapter only with the model it was fitted for.
    fingerprint = open(sentences, "rb").read(16)[8:16]
    with open(out, "wb") as file:
        file.write(MAGIC + fingerprint)
        file.write(best[1].astype("<f4").tobytes())


if __name__ == "__main__":
    main()
