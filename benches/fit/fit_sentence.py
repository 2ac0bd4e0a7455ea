"""Fit how the optional sentence encoder re-ranks, from a feature dump
that kbmatch itself wrote with the model: choose `sentence` (the weight of
the cosine) and `sentence_below` (the first hit's confidence by the words
below which a description is re-ranked at all) on the training
descriptions, then fit the confidence of an article the encoder moved to
the top (`matcher::sentences::MovedFirst`) on the training descriptions
and the training questions no article answers, and write it to OUT
(src/matcher/sentences.json). benches/fit/sentence.sh does the whole job.

The dump is made once, with the encoder on and the cosine weighing nothing
(so the candidates stay in the weighted sum's order and each of the best
ten carries its cosine):

  KBMATCH_WEIGHTS=sentence=0 kbmatch eval ALL.jsonl --index IDX \\
      --model MODEL --features DUMP

The re-ranking is then replayed here exactly as `matcher::sentences` does
it (sum + sentence x cosine over the ten best, a stable sort; no hit surer
than the one above it once the order moved) for every pair of values in
the grid. The pair that puts the most training descriptions' article first
is chosen (ties: the larger `sentence_below`, then the smaller
`sentence`). The moved article's confidence is a logistic model (L2 as
fit.py's) over the log-odds of its chance by the words and of the words'
first hit's, its cosine and its cosine's lead over the other candidates'
best, fitted on every training query whose order the chosen pair moves
(NONE_SETS among them: no article answers those). A first hit the
re-ranking keeps first gets the chance of a second logistic model over
the log-odds of its chance by the words, its cosine and its cosine's lead
(`matcher::sentences::KeptFirst`), fitted on every training query whose
first hit the pair re-ranks and keeps. The report sets are
only reported: first hits right, ECE, share at >= 0.5, without the
encoder, with the fitted moved first hit's confidence alone, and with
the kept first hit's too.

  python3 benches/fit/fit_sentence.py OUT DUMP TRAIN_SET... [NONE_SET...] -- REPORT_SET...

With KBMATCH_SENTENCE_PAIR=SENTENCE,BELOW the grid is only reported and
that pair kept (the confidence models are fitted for it).

TRAIN_SETs are descriptions an article answers, NONE_SETs (named none_*)
questions none answers: only the first choose the weights (an order cannot
put those right), both fit the moved first hit's confidence. A set is a
JSON Lines query file, its queries looked up in the dump by `qid`. For each report set: its first
hits right, the ECE of their confidence, and the share at >= 0.5 (for the
questions no article answers, what must not grow).
"""

import json
import math
import os
import sys

from fit import fit_calibration, logistic  # the same fit as the confidence's

WEIGHTS = [0.5, 1, 2, 3, 4, 6, 8]
BELOW = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 2.0]
DEPTH = 10
BANDS = [0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0000001]


def load_dump(path):
    with open(path) as f:
        return {row["qid"]: row for row in map(json.loads, f) if row}


def load_set(path):
    with open(path) as f:
        return [json.loads(line)["qid"] for line in f if line.strip()]


def log_odds(p):
    """As matcher::sentences::log_odds: within 1e-4 of 0 and 1."""
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def moved(row, weight, below):
    """Where the re-ranking puts another candidate first: (that candidate,
    the moved-first model's inputs); None where the first stays."""
    cands = row["candidates"]
    depth = min(DEPTH, len(cands))
    cosines = [c.get("cosine") for c in cands[:depth]]
    if depth < 2 or any(c is None for c in cosines) or cands[0]["chance"] >= below:
        return None
    # Stable, as the matcher's sort: equal sums keep the sum's order.
    order = sorted(range(depth), key=lambda i: -(cands[i]["score"] + weight * cosines[i]))
    top = order[0]
    if top == 0:
        return None
    lead = cosines[top] - max(c for i, c in enumerate(cosines) if i != top)
    return cands[top], [log_odds(cands[top]["chance"]), log_odds(cands[0]["chance"]), cosines[top], lead]


MOVED_INPUTS = ["chance", "first_chance", "cosine", "cosine_lead"]


def kept(row, weight, below):
    """Where the re-ranking leaves the words' first hit first: the
    kept-first model's inputs; None where it moves or no re-ranking runs."""
    cands = row["candidates"]
    depth = min(DEPTH, len(cands))
    cosines = [c.get("cosine") for c in cands[:depth]]
    if depth < 2 or any(c is None for c in cosines) or cands[0]["chance"] >= below:
        return None
    if moved(row, weight, below) is not None:
        return None
    return [log_odds(cands[0]["chance"]), cosines[0], cosines[0] - max(cosines[1:])]


KEPT_INPUTS = ["chance", "cosine", "cosine_lead"]


def first(row, weight, below, model=None, kept_model=None):
    """The first hit after re-ranking: (right, confidence); None if no hit.
    With `model` (weights then bias), a moved first hit's confidence is the
    model's, never above the words' first hit's; without, its own. With
    `kept_model`, a first hit the re-ranking kept first gets its chance."""
    cands = row["candidates"]
    if not cands:
        return None
    got = moved(row, weight, below)
    if got is None:
        x = kept(row, weight, below) if kept_model else None
        if x is None:
            return cands[0]["expected"], cands[0]["chance"]
        return cands[0]["expected"], logistic(kept_model, x)
    top, x = got
    if model is None:
        return top["expected"], top["chance"]
    return top["expected"], min(logistic(model, x), cands[0]["chance"])


def fit_moved(dump, qids, weight, below):
    """The moved-first model (weights, then bias) on the queries the pair
    moves: fit.py's logistic fit, 800 steps."""
    rows = []
    for qid in qids:
        got = moved(dump[qid], weight, below)
        if got:
            rows.append((got[1], 1.0 if got[0]["expected"] else 0.0, 0, "moved"))
    w, loss = fit_calibration(rows, steps=800)
    return w, loss, rows


def fit_kept(dump, qids, weight, below):
    """The kept-first model (weights, then bias) on the queries whose first
    hit the pair re-ranks and keeps first: fit.py's logistic fit."""
    rows = []
    for qid in qids:
        x = kept(dump[qid], weight, below)
        if x:
            rows.append((x, 1.0 if dump[qid]["candidates"][0]["expected"] else 0.0, 0, "kept"))
    w, loss = fit_calibration(rows, steps=800)
    return w, loss, rows


def measure(dump, qids, weight, below, model=None, kept_model=None):
    right, pairs = 0, []
    for qid in qids:
        row = dump.get(qid)
        got = first(row, weight, below, model, kept_model) if row else None
        if got is None:
            pairs.append((0.0, False))
            continue
        ok, chance = got
        right += ok
        # As a hit shows it (and `kbmatch eval` weighs it): two decimals.
        pairs.append((round(chance, 2), ok))
    return right, pairs


def ece(pairs):
    total, n = 0.0, len(pairs)
    for lo, hi in zip(BANDS, BANDS[1:]):
        band = [(c, ok) for c, ok in pairs if lo <= c < hi]
        if band:
            total += abs(sum(c for c, _ in band) - sum(ok for _, ok in band)) / n
    return total


def main(argv):
    if "--" not in argv or len(argv) < 5:
        sys.exit(__doc__)
    split = argv.index("--")
    out, dump = argv[1], load_dump(argv[2])
    sets = argv[3:split]
    train = [q for path in sets if not is_none(path) for q in load_set(path)]
    every = [q for path in sets for q in load_set(path)]
    missing = [q for q in every if q not in dump]
    if missing:
        sys.exit(f"{len(missing)} training queries are not in the dump (first: {missing[0]})")
    base, _ = measure(dump, train, 0.0, 2.0)
    print(f"training: {len(train)} descriptions, {base} first without the encoder")
    grid = {}
    print("sentence_below \\ sentence " + " ".join(f"{w:>5}" for w in WEIGHTS))
    for below in BELOW:
        cells = []
        for weight in WEIGHTS:
            grid[(weight, below)], _ = measure(dump, train, weight, below)
            cells.append(f"{grid[(weight, below)]:>5}")
        print(f"{below:>14} {'':>10} " + " ".join(cells))
    weight, below = max(grid, key=lambda k: (grid[k], k[1], -k[0]))
    print(f"best: sentence={weight} sentence_below={below} ({grid[(weight, below)]} first)")
    if PAIR in os.environ:
        weight, below = (float(v) for v in os.environ[PAIR].split(","))
        print(f"kept as asked ({PAIR}): sentence={weight} sentence_below={below} ({grid.get((weight, below), '?')} first)")
    model, loss, rows = fit_moved(dump, every, weight, below)
    print(f"moved first: {len(rows)} training queries moved, {sum(row[1] for row in rows):.0f} right; log loss {loss:.4f}")
    kept_model, kept_loss, kept_rows = fit_kept(dump, every, weight, below)
    print(f"kept first: {len(kept_rows)} training queries kept first, {sum(row[1] for row in kept_rows):.0f} right; "
          f"log loss {kept_loss:.4f}")
    fitted = {
        "about": f"written by benches/fit/fit_sentence.py from {os.path.basename(argv[2])} "
                 f"(sentence={weight}, sentence_below={below}) on {', '.join(os.path.basename(p) for p in sets)}",
        "moved_first": {"bias": round(model[-1], 4), **{n: round(w, 4) for n, w in zip(MOVED_INPUTS, model)}},
        "kept_first": {"bias": round(kept_model[-1], 4), **{n: round(w, 4) for n, w in zip(KEPT_INPUTS, kept_model)}},
    }
    with open(out, "w") as f:
        json.dump(fitted, f, indent=2)
        f.write("\n")
    print(f"wrote {out}: {fitted['moved_first']} {fitted['kept_first']}")
    for path in argv[split + 1:]:
        qids = [q for q in load_set(path) if q in dump]
        cells = []
        runs = (
            ("words", (0.0, 2.0)),
            ("moved fitted", (weight, below, model)),
            ("and kept fitted", (weight, below, model, kept_model)),
        )
        for name, args in runs:
            right, pairs = measure(dump, qids, *args)
            high = sum(c >= 0.5 for c, _ in pairs) / max(len(pairs), 1)
            cells.append(f"{name} {right}/{len(qids)} ECE {ece(pairs):.3f} >=0.5 {high:.3f}")
        print(f"{os.path.basename(path):<28} " + " | ".join(cells))


# The pair to keep instead of the grid's best, as "SENTENCE,BELOW" (the
# confidence models are then fitted for it).
PAIR = "KBMATCH_SENTENCE_PAIR"


def is_none(path):
    """A set of questions no article answers is named none_*."""
    return os.path.basename(path).startswith("none_")


if __name__ == "__main__":
    main(sys.argv)
