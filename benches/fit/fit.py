#!/usr/bin/env python3
"""Fit the matcher's confidence model.

Reads feature dumps written by `kbmatch eval SET --features DUMP` (every
re-ranked candidate of every query, in the matcher's order, with the kind
of its evidence and the inputs of its confidence model as the matcher
computed them, and whether it is expected) and writes
`src/matcher/fitted.json`: logistic models of "this hit is right" over
those inputs (`calibration::INPUTS` in src/matcher/calibration.rs), one
per kind of evidence (`calibration::kind_of`: the same message, an ID or
code, words alone), each fitted on the first and second hits of each
query whose evidence is of that kind; and `first_hit_map`, the points of
a monotone map that the models' chance goes through (isotonic regression
of the first hits' rightness on that chance: `fit_recalibration`); and
`answered`, the chance that the corpus answers the paste at all, a forest
of gradient-boosted trees over the first hit's inputs on every corpus
(`fit_answered`).

The script fits and computes nothing the matcher computes: the inputs,
their kind and the order of the candidates are read from the dumps.
`kbmatch eval` reports how well the refitted model is calibrated.

  fit.py OUT.json DUMP...                  # see benches/fit/README.md

The kind models and the map are pure Python; the forest is scikit-learn's
(benches/fit/requirements-confidence.txt, which run.sh installs in its own
environment). A few thousand queries fit in a minute. The same dumps give
the same values (full-batch gradient descent from zeros; the forest is
seeded and reads every row).
"""
import json
import math
import sys

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

INPUTS = ["score", "margin", "sqrt_margin", "has_id", "matched_id", "missed_id", "signal_rarity", "verbatim", "message", "coverage",
          "title_coverage", "standout", "bare_number", "words", "listing", "content", "informative", "corrected",
          "content_words", "corpus", "familiar", "matched", "foreign", "few_words", "few_margin", "meaning",
          "meaning_content", "agrees"]
# What the answered model alone weighs: the kind models leave them out (a
# corpus has one size; how near a hit's subject is to the paste's says
# whether the corpus answers it, measured, not which of its hits does).
ANSWERED_ONLY = ["corpus", "meaning", "meaning_content"]
# Sets the answered model alone learns from: questions written blind about
# the modern sample's articles, the answerable questions it has on a corpus
# other than the archive (without them, none of the questions put to the
# modern sample or the sample corpus is answerable). The kind models stay
# fitted on the archive's own sets (benches/fit/README.md, "Whether the
# corpus answers: a forest").
ANSWERED_ONLY_SETS = ["modern_blind", "modern_blind_b"]
CALIBRATION_L2 = 0.001


def load(paths):
    queries = []
    for path in paths:
        with open(path) as f:
            for line in f:
                q = json.loads(line)
                q["source"] = path
                q["set"] = path.rsplit("/", 1)[-1].split(".")[1]
                # A set of questions no article answers is named none_*.
                q["none"] = q["set"].startswith("none_")
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


def calibration_rows(queries, depth=2):
    """(inputs, right, rank, kind) for the first `depth` hits of each query,
    in the matcher's order."""
    rows = []
    for q in queries:
        for i, c in enumerate(q["candidates"][:depth]):
            rows.append((c["inputs"], 1.0 if c["expected"] else 0.0, i, c["kind"]))
    return rows


def fit_calibration(rows, steps=600):
    """A logistic model (weights, then the bias) of right on the inputs,
    from rows (inputs, right, rank, kind); L2 CALIBRATION_L2."""
    dims = len(rows[0][0]) + 1  # the bias last

    def grad(w):
        loss = 0.0
        g = [CALIBRATION_L2 * 2 * x for x in w[:-1]] + [0.0]
        for x, y, _, _ in rows:
            z = dot(w[:-1], x) + w[-1]
            p = 1.0 / (1.0 + math.exp(-max(-30, min(30, z))))
            loss -= y * math.log(max(p, 1e-9)) + (1 - y) * math.log(max(1 - p, 1e-9))
            for i in range(dims - 1):
                g[i] += (p - y) * x[i] / len(rows)
            g[-1] += (p - y) / len(rows)
        return loss / len(rows), g

    return adam(grad, dims, steps, 0.05)


KINDS = ["message", "id", "words"]
# The dumps of the whole archive are named WHOLE.SET.features.jsonl (run.sh).
WHOLE = "full"
# The share of the questions put to a corpus that it answers, assumed: the
# answered model's prior odds (the training mix's are its own). Measured on
# the dev sets (benches/fit/README.md): 0.8 leaves the archive's answers
# under-confident (ECE 0.066, 70 % of first hits at >= 0.9), 0.9 nearly
# (0.052, 75 %), 0.93 not (0.048, 77 %), with no question of dev_none at
# >= 0.9 on the archive, the modern sample or the sample corpus. With the
# archive's rarities as inputs (README, "The archive's rarities"): 0.85
# keeps 76 % of the answerable dev sets' first hits at >= 0.9 and puts at
# most 6 % of dev_none's at >= 0.5 on every corpus.
ANSWERABLE = 0.85


def logistic(model, x):
    """The chance a logistic model gives."""
    z = dot(model[:-1], x) + model[-1]
    return 1.0 / (1.0 + math.exp(-max(-30, min(30, z))))


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


# The forest's shape, chosen by the log loss of five-fold cross-validation
# on the training queries (grouped by question: one question on five corpora
# in one fold), never on a dev set (benches/fit/README.md, "Whether the
# corpus answers: a forest"): 200 trees of depth 4, each leaf on at least
# 160 first hits, at a learning rate of 0.1.
FOREST = dict(max_depth=4, max_iter=200, learning_rate=0.1, l2_regularization=1.0, min_samples_leaf=160)


def fit_answered(x, y, shift):
    """A forest of gradient-boosted trees for "the corpus answers this
    paste" over the first hits' inputs `x` (labels `y`), its log-odds moved
    by `shift`, as fitted.json holds it: {"base": log-odds, "trees": [[node,
    ...], ...]}, a node either a split [input name, threshold, left, right]
    (an input at or under the threshold goes to the left node) or a leaf's
    log-odds (a number); each tree's first node is its root. Returns it and
    its log loss on the training rows (the odds unmoved). A linear model
    over the same inputs cannot say "two common words are little on a small
    corpus and enough on a large one"; the trees can, and the log loss of
    five-fold cross-validation falls from 0.107 to 0.085."""
    xs, ys = np.array(x, dtype=np.float64), np.array(y)
    model = HistGradientBoostingClassifier(**FOREST, early_stopping=False, random_state=0).fit(xs, ys)
    trees = []
    for (predictor,) in model._predictors:
        nodes = []
        for node in predictor.nodes:
            if node["is_leaf"]:
                nodes.append(round(float(node["value"]), 6))
            else:
                nodes.append([INPUTS[node["feature_idx"]], float(node["num_threshold"]), int(node["left"]), int(node["right"])])
        trees.append(nodes)
    forest = {"base": round(float(model._baseline_prediction.ravel()[0]) + shift, 6), "trees": trees}
    # The written forest gives the model's own log-odds (moved by shift).
    raw = model.decision_function(xs)
    for row, expected in zip(x[:200], raw[:200]):
        got = forest_log_odds(forest, row)
        assert abs(got - shift - expected) < 1e-4, (got - shift, expected)
    p = np.clip(1 / (1 + np.exp(-raw)), 1e-9, 1 - 1e-9)
    loss = float(-np.mean(ys * np.log(p) + (1 - ys) * np.log(1 - p)))
    return forest, loss


def forest_log_odds(forest, x):
    """The log-odds a forest as fitted.json holds it gives the inputs `x`
    (calibration::Forest::predict computes the same)."""
    z = forest["base"]
    for nodes in forest["trees"]:
        node = nodes[0]
        while isinstance(node, list):
            name, threshold, left, right = node
            node = nodes[left if x[INPUTS.index(name)] <= threshold else right]
        z += node
    return z


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    out, paths = argv[1], argv[2:]
    queries = load(paths)
    print(f"{len(queries)} queries from {len(paths)} dumps")
    widths = {len(c["inputs"]) for q in queries for c in q["candidates"]}
    if widths - {len(INPUTS)}:
        sys.exit(f"the dumps have {sorted(widths)} inputs, fit.py names {len(INPUTS)}: INPUTS is out of date")
    # The whole archive answers every training query written for it: there
    # the models learn how likely a hit is the answer when there is one.
    whole = [q for q in queries if q["source"].rsplit("/", 1)[-1].startswith(WHOLE + ".") and not q["none"]
             and q["set"] not in ANSWERED_ONLY_SETS]
    # The kind models leave the answered model's own inputs out.
    left_out = [INPUTS.index(name) for name in ANSWERED_ONLY]
    rows = [([0.0 if at in left_out else v for at, v in enumerate(x)], y, i, kind)
            for x, y, i, kind in calibration_rows(whole)]
    cal = {}
    for kind in KINDS:
        subset = [r for r in rows if r[3] == kind]
        cal[kind], closs = fit_calibration(subset)
        print(f"calibration ({kind}): log loss {closs:.4f} on {len(subset)} hits")
    firsts = [(logistic(cal[kind], x), y) for x, y, i, kind in rows if i == 0]
    knots = fit_recalibration(firsts)
    print(f"first-hit map: {len(knots)} points from {len(firsts)} first hits")
    # Every corpus, every query: whether the corpus answers it at all (an
    # expected article among its candidates), from its first hit.
    # A first hit quoting the same message or holding the paste's ID or
    # code is itself the sign that the corpus answers: the model weighs the
    # others (calibration::confidences applies it to them only).
    weighed = [q for q in queries if q["candidates"] and not q["candidates"][0]["specific"]]
    x = [q["candidates"][0]["inputs"] for q in weighed]
    y = [1.0 if any(c["expected"] for c in q["candidates"]) else 0.0 for q in weighed]
    # The odds are moved from the answered share of the mix less
    # `none_short_blind` (one- and two-word and everyday questions no
    # article answers): that set shows the model what such questions look
    # like; counted in the base rate it would lift every other question
    # (benches/fit/README.md, "Few words").
    base = [v for q, v in zip(weighed, y) if "none_short" not in q["source"]]
    share = sum(base) / max(1, len(base))
    # The mix answers about a third of its questions; a desk's corpus
    # answers most of what is asked of it: the odds move from the mix's to
    # those.
    answered, aloss = fit_answered(x, y, math.log(ANSWERABLE / (1 - ANSWERABLE)) - math.log(share / (1 - share)))
    print(f"answered: log loss {aloss:.4f} on {len(x)} queries, {len(answered['trees'])} trees; "
          f"{share:.3f} of the {len(base)} outside none_short_blind answered")
    fitted = {
        "about": "written by benches/fit/fit.py from " + ", ".join(p.rsplit("/", 1)[-1] for p in paths),
        "calibration": {kind: {"bias": round(m[-1], 4),
                               "weights": {name: round(v, 4) for name, v in zip(INPUTS, m[:-1])}}
                        for kind, m in cal.items()},
    }
    fitted["calibration"]["first_hit_map"] = [[round(x, 4), round(y, 4)] for x, y in knots]
    fitted["calibration"]["answered"] = {"base": answered["base"], "trees": "TREES"}
    # One tree a line: thousands of nodes, one a line, would be unreadable.
    trees = ",\n".join("        " + json.dumps(tree) for tree in answered["trees"])
    text = json.dumps(fitted, indent=2).replace('"trees": "TREES"', '"trees": [\n' + trees + "\n      ]")
    with open(out, "w") as f:
        f.write(text + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main(sys.argv)
