#!/usr/bin/env python3
"""Fit the matcher's re-ranking weights and its confidence model.

Reads feature dumps written by `kbmatch eval SET --features DUMP` (every
re-ranked candidate of every query, with its features and whether it is
expected) and writes `src/matcher/fitted.json`:

- `rerank` (with --search-ranker only): weights of the features
  (`Features::NAMES` in src/matcher/rank.rs) that the hand-measured
  weights leave at zero, chosen by coordinate search on the training MRR;
  empty otherwise, so the measured weights stand.
- `calibration`: logistic models of "this hit is right" over the inputs of
  `calibration::inputs` (src/matcher/calibration.rs), one per kind of
  evidence (`calibration::kind_of`: the same message, an ID or code, words
  alone), each fitted on the first and second hits of each query whose
  evidence is of that kind; and `first_hit_map`, the points of a
  monotone map that the models' chance goes through (isotonic regression
  of the first hits' rightness on that chance: `fit_recalibration`).

  fit.py OUT.json DUMP...                  # see benches/fit/README.md
  fit.py --search-ranker OUT.json DUMP...  # also search the re-ranking weights

Pure Python, no packages: a few thousand queries fit in a minute. The same
dumps give the same values (full-batch gradient descent from zeros).
"""
import json
import math
import sys

FEATURES = ["text", "coverage", "title_coverage", "message", "strong",
            "signal_rarity", "number", "verbatim", "weak", "listing", "explainer", "titled_id", "associated", "meaning"]
INPUTS = ["score", "margin", "sqrt_margin", "has_id", "matched_id", "missed_id", "signal_rarity", "verbatim", "message", "coverage",
          "title_coverage", "standout", "bare_number", "words", "listing"]
# The weights --search-ranker leaves as the matcher has them (measured by
# hand; searching them too lost on held-out sets, see benches/fit/README.md):
# the search starts from the weights the dumps were ranked with and moves
# the others only as far as the training queries ask.
FIXED = {"text", "coverage", "message", "strong", "number", "verbatim", "weak"}
CALIBRATION_L2 = 0.001


def load(paths):
    queries = []
    for path in paths:
        with open(path) as f:
            for line in f:
                q = json.loads(line)
                q["source"] = path
                queries.append(q)
    return queries


def dot(w, x):
    return sum(a * b for a, b in zip(w, x))


def adam(grad_fn, dims, steps, rate, start=None):
    """Minimise with Adam from `start` (zeros); grad_fn(w) -> (loss, gradient)."""
    w = list(start) if start else [0.0] * dims
    m = [0.0] * dims
    v = [0.0] * dims
    loss = None
    for t in range(1, steps + 1):
        loss, g = grad_fn(w)
        for i in range(dims):
            m[i] = 0.9 * m[i] + 0.1 * g[i]
            v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i]
            mh = m[i] / (1 - 0.9 ** t)
            vh = v[i] / (1 - 0.999 ** t)
            w[i] -= rate * mh / (math.sqrt(vh) + 1e-8)
    return w, loss


def mrr(queries, w):
    """Mean reciprocal rank of the first expected candidate."""
    total = 0.0
    for q in queries:
        best_expected = max((dot(w, c["features"]) for c in q["candidates"] if c["expected"]), default=None)
        if best_expected is None:
            continue
        above = sum(1 for c in q["candidates"] if not c["expected"] and dot(w, c["features"]) > best_expected)
        total += 1.0 / (1 + above)
    return total / max(1, len(queries))


def search_ranker(queries, start):
    """Coordinate search on the training MRR, from the prior: each weight
    in turn tries a few multiples of its value (or small values from zero)
    and keeps the best; three rounds."""
    w = list(start)
    best = mrr(queries, w)
    for _ in range(3):
        for i, name in enumerate(FEATURES):
            if name in FIXED:
                continue
            tries = [w[i] * f for f in (0.0, 0.5, 0.8, 1.25, 1.6, 2.0)] + [0.1, 0.25, 0.5, 1.0, -0.1, -0.25]
            for value in tries:
                trial = list(w)
                trial[i] = value
                score = mrr(queries, trial)
                if score > best + 1e-4:
                    best, w = score, trial
        print(f"  round: training MRR {best:.4f}")
    return w, best


def ranked(q, w):
    cands = sorted(q["candidates"], key=lambda c: -dot(w, c["features"]))
    return cands


def calibration_rows(queries, w, depth=2):
    """(inputs, right) for the first `depth` hits of each query."""
    rows = []
    for q in queries:
        cands = ranked(q, w)
        scores = [dot(w, c["features"]) for c in cands]
        qf = q["query"]
        for i, c in enumerate(cands[:depth]):
            f = dict(zip(FEATURES, c["features"]))
            other = scores[1] if i == 0 and len(scores) > 1 else (scores[0] if i > 0 else 0.0)
            matched = 1.0 if f["strong"] > 0 else 0.0
            margin = scores[i] - other
            x = [scores[i], margin, math.sqrt(max(margin, 0.0)), qf["has_id"], matched, qf["has_id"] * (1 - matched), f["signal_rarity"],
                 f["verbatim"], f["message"], f["coverage"], f["title_coverage"], qf["standout"] * f["text"],
                 qf["bare_number"], qf["words"], f["listing"]]
            rows.append((x, 1.0 if c["expected"] else 0.0, i))
    return rows


def fit_calibration(rows):
    dims = len(INPUTS) + 1  # the bias last

    def grad(w):
        loss = 0.0
        g = [CALIBRATION_L2 * 2 * x for x in w[:-1]] + [0.0]
        for x, y, _ in rows:
            z = dot(w[:-1], x) + w[-1]
            p = 1.0 / (1.0 + math.exp(-max(-30, min(30, z))))
            loss -= y * math.log(max(p, 1e-9)) + (1 - y) * math.log(max(1 - p, 1e-9))
            for i in range(dims - 1):
                g[i] += (p - y) * x[i] / len(rows)
            g[-1] += (p - y) / len(rows)
        return loss / len(rows), g

    return adam(grad, dims, 600, 0.05)


SAME_MESSAGE = 0.36  # rank::SAME_MESSAGE
KINDS = ["message", "id", "words"]


def kind_of(x):
    """calibration::kind_of, from a row of inputs."""
    d = dict(zip(INPUTS, x))
    if d["verbatim"] > 0 or d["message"] >= SAME_MESSAGE:
        return "message"
    if d["matched_id"] > 0 or d["has_id"] > 0:
        return "id"
    return "words"


def logistic(models, x):
    """The chance the logistic model of the hit's kind gives."""
    m = models[kind_of(x)]
    z = dot(m[:-1], x) + m[-1]
    return 1.0 / (1.0 + math.exp(-max(-30, min(30, z))))


def predict(models, x, knots):
    """calibration::confidence: the logistic chance through the first-hit map."""
    return min(0.99, recalibrate(knots, logistic(models, x)))


# Fewest first hits behind a point of the first-hit map: fewer fit the
# training queries' noise (measured: 25, 50, 100 and 200 give the same ECE
# on the dev and held-out sets within 0.002; at 200 the map has 5 points).
MAP_MIN_HITS = 50


def fit_recalibration(pairs):
    """Isotonic regression (pool adjacent violators) of right (0/1) on the
    logistic chance of the training queries' first hits: points (mean
    chance, share right) of blocks of at least MAP_MIN_HITS hits, each
    block's share right at least the one before it. The logistic models are
    fitted on first and second hits together; a first hit is right more
    often than they say (0.75 -> 0.83 of the time on the training queries)."""
    blocks = []  # [sum of chances, hits right, hits]
    for p, y in sorted(pairs):
        blocks.append([p, y, 1])
        while len(blocks) > 1 and blocks[-2][1] / blocks[-2][2] >= blocks[-1][1] / blocks[-1][2]:
            last = blocks.pop()
            blocks[-1] = [a + b for a, b in zip(blocks[-1], last)]
    # A block of too few hits joins its neighbour (the one before it, or
    # after it for the first): still ordered, as both were.
    while len(blocks) > 1 and min(b[2] for b in blocks) < MAP_MIN_HITS:
        i = min(range(len(blocks)), key=lambda k: blocks[k][2])
        j = i - 1 if i > 0 else 1
        a, c = min(i, j), max(i, j)
        blocks[a] = [x + y for x, y in zip(blocks[a], blocks[c])]
        del blocks[c]
    return [(s / n, r / n) for s, r, n in blocks]


def recalibrate(knots, p):
    """calibration::Models::recalibrate: the map through its points, from
    (0, 0) to the first; the last point's value past it."""
    if not knots:
        return p
    x0, y0 = 0.0, 0.0
    for x1, y1 in knots:
        if p <= x1:
            return y0 + (y1 - y0) * (p - x0) / (x1 - x0) if x1 > x0 else y1
        x0, y0 = x1, y1
    return y0


BANDS = [0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0001]


def report(name, queries, w, cal, knots):
    top1 = 0
    bands = [[0, 0.0, 0] for _ in BANDS[:-1]]
    for q in queries:
        rows = calibration_rows([q], w, depth=1)
        if not rows:
            continue
        x, y, _ = rows[0]
        p = predict(cal, x, knots)
        top1 += y
        for b in range(len(BANDS) - 1):
            if BANDS[b] <= p < BANDS[b + 1]:
                bands[b][0] += 1
                bands[b][1] += p
                bands[b][2] += y
    n = max(1, len(queries))
    ece = sum(abs(c - r) for _, c, r in bands) / n
    hi = bands[-1][0] + bands[-2][0]
    right_hi = bands[-1][2] + bands[-2][2]
    print(f"  {name:<28} {len(queries):>5} top-1 {top1 / n:.3f}  ECE {ece:.3f}  "
          f">=0.9: {hi} answers, {right_hi / max(1, hi):.3f} right")


def main(argv):
    search = "--search-ranker" in argv
    argv = [a for a in argv if a != "--search-ranker"]
    if len(argv) < 3:
        sys.exit(__doc__)
    out, paths = argv[1], argv[2:]
    queries = load(paths)
    print(f"{len(queries)} queries from {len(paths)} dumps")
    # The weights the matcher ranked with (every dump carries them), so that
    # a hit's score and margin are the ones the matcher computes.
    used = {tuple(q["weights"]) for q in queries}
    if len(used) != 1:
        sys.exit(f"the dumps were written with {len(used)} different sets of weights: write them again")
    prior = list(used.pop())
    if len(prior) != len(FEATURES):
        sys.exit(f"the dumps have {len(prior)} features, fit.py knows {len(FEATURES)}: FEATURES is out of date")
    print(f"ranker: training MRR {mrr(queries, prior):.4f} with the measured weights")
    w = search_ranker(queries, prior)[0] if search else prior
    rows = calibration_rows(queries, w)
    cal = {}
    for kind in KINDS:
        subset = [r for r in rows if kind_of(r[0]) == kind]
        cal[kind], closs = fit_calibration(subset)
        print(f"calibration ({kind}): log loss {closs:.4f} on {len(subset)} hits")
    firsts = [(logistic(cal, x), y) for x, y, i in rows if i == 0]
    knots = fit_recalibration(firsts)
    print(f"first-hit map: {len(knots)} points from {len(firsts)} first hits")
    for path in paths:
        subset = [q for q in queries if q["source"] == path]
        report(path.rsplit("/", 1)[-1], subset, w, cal, knots)
    fitted = {
        "about": "written by benches/fit/fit.py from " + ", ".join(p.rsplit("/", 1)[-1] for p in paths),
        "rerank": {name: round(v, 4) for name, v in zip(FEATURES, w)} if search else {},
        "calibration": {kind: {"bias": round(m[-1], 4),
                               "weights": {name: round(v, 4) for name, v in zip(INPUTS, m[:-1])}}
                        for kind, m in cal.items()},
    }
    fitted["calibration"]["first_hit_map"] = [[round(x, 4), round(y, 4)] for x, y in knots]
    with open(out, "w") as f:
        json.dump(fitted, f, indent=2)
        f.write("\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main(sys.argv)
