"""Fit the learned re-ranker for pastes that name no ID or code.

The matcher re-ranks its 40 candidates by a weighted sum of their
features (`Weights::score`). For a paste with no ID or code that no
candidate quotes as its message (a problem told in words, a blog
sentence, a message no article quotes) a forest of small
regression trees then adds what the sum misses: how a candidate's
evidence compares with the best among the others, and how the features
weigh together. Fitted here with LightGBM's LambdaRank, starting from the
weighted sum (scaled), on the training dumps (`kbmatch eval SET --features
DUMP`); written to `src/matcher/ranker.json`, read by
`src/matcher/ranker.rs`.

The settings (trees, leaves, the sum's scale) are chosen by five-fold
cross-validation over the training queries (folds by a hash of the query's
id, so the same dumps give the same choice): the most answers first over
the held-out folds. No dev or held-out query set is read.

Usage (from the repository root; `run.sh` runs it):
  python3 benches/fit/fit_ranker.py OUT.json DUMP...
"""

import hashlib
import json
import os
import re
import sys

import lightgbm as lgb
import numpy as np

# The matcher's features, in the order of `Features::NAMES`.
FEATURES = ["text", "coverage", "title_coverage", "message", "strong", "signal_rarity", "number", "verbatim", "weak",
            "listing", "explainer", "titled_id", "associated", "meaning"]
# The paste's own features (`QueryFeatures`; `has_id` is 0 for every paste
# the ranker sees).
QUERY = ["bare_number", "words", "standout"]
# Features also read as the gap to the best candidate's value.
GAPS = ["text", "coverage", "title_coverage", "message", "strong", "verbatim", "associated", "meaning"]
# The inputs, by the names `ranker.rs` computes them by.
INPUTS = FEATURES + QUERY + ["score"] + [name + "_gap" for name in GAPS] + ["score_gap"]

GRID = [dict(trees=t, leaves=l, scale=s) for t in (100, 200, 400) for l in (7, 15) for s in (0.5, 1.0)]
RATE = 0.05
FOLDS = 5


def same_message_floor():
    """`SAME_MESSAGE`, read from where the matcher keeps it."""
    with open(os.path.join(os.path.dirname(__file__), "../../src/matcher/weights.rs")) as f:
        return float(re.search(r"pub const SAME_MESSAGE: f32 = ([0-9.]+);", f.read()).group(1))


def load(paths):
    """The queries the ranker sees (`ranker::applies`): no ID or code, at
    least one candidate, none quoting the pasted message (`message` of
    SAME_MESSAGE or more, or `verbatim`): the weighted sum has the answer
    there."""
    floor = same_message_floor()
    queries = []
    for path in paths:
        with open(path) as f:
            for line in f:
                q = json.loads(line)
                if q["query"]["has_id"] or not q["candidates"]:
                    continue
                message, verbatim = FEATURES.index("message"), FEATURES.index("verbatim")
                if any(c["features"][message] >= floor or c["features"][verbatim] > 0 for c in q["candidates"]):
                    continue
                # In the order of their ids, not the order a matcher ranked
                # them in: the same features give the same forest.
                q["candidates"].sort(key=lambda c: c["id"])
                x = np.array([c["features"] for c in q["candidates"]], dtype=np.float64)
                w = np.array(q["weights"], dtype=np.float64)
                if x.shape[1] != len(FEATURES):
                    sys.exit(f"{path}: {x.shape[1]} features, fit_ranker.py knows {len(FEATURES)}")
                queries.append({
                    "qid": q["qid"],
                    "inputs": inputs(x, x @ w, q["query"]),
                    "score": x @ w,
                    "expected": np.array([1.0 if c["expected"] else 0.0 for c in q["candidates"]]),
                })
    return queries


def inputs(x, score, query):
    """One row of INPUTS per candidate (the same as `ranker::inputs`)."""
    n = len(x)
    gaps = [x[:, FEATURES.index(g)] - x[:, FEATURES.index(g)].max() for g in GAPS]
    cols = [x, np.tile([query[k] for k in QUERY], (n, 1)), score[:, None], np.array(gaps).T, (score - score.max())[:, None]]
    return np.hstack(cols)


def fold_of(qid):
    return int(hashlib.sha256(qid.encode()).hexdigest(), 16) % FOLDS


def train(queries, cfg):
    x = np.vstack([q["inputs"] for q in queries])
    y = np.concatenate([q["expected"] for q in queries])
    init = np.concatenate([q["score"] for q in queries]) * cfg["scale"]
    params = dict(objective="lambdarank", learning_rate=RATE, num_leaves=cfg["leaves"], min_data_in_leaf=50,
                  lambdarank_truncation_level=10, feature_fraction=0.8, bagging_fraction=0.8, bagging_freq=1,
                  lambda_l2=1.0, seed=1, deterministic=True, force_row_wise=True, num_threads=1, verbose=-1)
    data = lgb.Dataset(x, y, group=[len(q["score"]) for q in queries], init_score=init)
    return lgb.train(params, data, num_boost_round=cfg["trees"])


def first(queries, model, scale):
    """How many queries the model (None: the weighted sum) answers first."""
    right = 0
    for q in queries:
        s = q["score"] if model is None else model.predict(q["inputs"]) + scale * q["score"]
        right += int(q["expected"][int(np.argmax(s))] > 0)
    return right


def flat(model):
    """The trees as LightGBM keeps them: per node a feature, a threshold
    (`x <= threshold` goes left) and two children (a child < 0 is leaf
    `~child`), per leaf a value."""
    trees = []
    for info in model.dump_model()["tree_info"]:
        tree = {"feature": [], "threshold": [], "left": [], "right": [], "leaf": []}

        def walk(node):
            if "leaf_value" in node:
                tree["leaf"].append(node["leaf_value"])
                return ~(len(tree["leaf"]) - 1)
            if node["decision_type"] != "<=":
                sys.exit(f"unexpected split {node['decision_type']}")
            at = len(tree["feature"])
            for key in ("feature", "threshold", "left", "right"):
                tree[key].append(0)
            tree["feature"][at] = node["split_feature"]
            tree["threshold"][at] = node["threshold"]
            tree["left"][at] = walk(node["left_child"])
            tree["right"][at] = walk(node["right_child"])
            return at

        walk(info["tree_structure"])
        trees.append(tree)
    return trees


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    out, paths = argv[1], argv[2:]
    queries = load(paths)
    print(f"{len(queries)} training queries without an ID, a code or a quoted message, from {len(paths)} dumps")
    folds = [[q for q in queries if fold_of(q["qid"]) == k] for k in range(FOLDS)]
    print(f"weighted sum alone: {first(queries, None, 0)} first")
    best = None
    for cfg in GRID:
        right = 0
        for k in range(FOLDS):
            rest = [q for j, f in enumerate(folds) if j != k for q in f]
            right += first(folds[k], train(rest, cfg), cfg["scale"])
        print(f"  {cfg}: {right} first over the held-out folds")
        if best is None or right > best[0]:
            best = (right, cfg)
    cfg = best[1]
    model = train(queries, cfg)
    print(f"chosen {cfg}; on all training queries {first(queries, model, cfg['scale'])} first")
    ranker = {
        "about": "written by benches/fit/fit_ranker.py from " + ", ".join(p.rsplit("/", 1)[-1] for p in paths)
                 + f"; {len(queries)} queries, cross-validated: {best[0]} first (the weighted sum alone "
                 + f"{first(queries, None, 0)})",
        "scale": cfg["scale"],
        "inputs": INPUTS,
        "trees": flat(model),
    }
    with open(out, "w") as f:
        json.dump(ranker, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main(sys.argv)
