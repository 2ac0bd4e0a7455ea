#!/usr/bin/env python3
"""The tables of accuracy figures in docs/accuracy.md and the README, written
from `kbmatch eval --json`, so that they cannot drift from what the matcher
does.

Each table sits between two marker comments in its file:

    <!-- benches/tables.py: NAME -->
    ...
    <!-- benches/tables.py: end NAME -->

and everything between them is this script's. It evaluates the query sets
.ci/run evaluates (the dev sets of ../shared/eval, the held-out sets of
benches/queries, every dev set together) on the index given (the full corpus
.ci/run builds: target/real-index), and the unanswerable sets on the modern
articles indexed alone and on the sample corpus (built under target/ when
missing), then rewrites the tables; with --check it rewrites nothing and
exits 1 when a committed table differs from what eval says now, printing
the difference.

    python3 benches/tables.py [--check] [--kbmatch target/release/kbmatch]
        [--index target/real-index] [--shared ../shared]

Standard library only. Exit 0: tables written or up to date; 1: --check
found a difference; 2: a set, an index or kbmatch missing, or eval failed.
"""

import argparse
import difflib
import json
import os
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The sets of the main table, in its order: (file, label). A file under
# `shared:` is in ../shared/eval; `repo:` in the repository. `{kind}` in a
# label is that kind's top-1 in the set.
DEV_SETS = [
    ("shared:dev_text.jsonl", "`dev_text`: quoted errors in log wrappers, cut short, with typos"),
    ("shared:dev_ids.jsonl", "`dev_ids`: message IDs, event IDs, error codes"),
    ("shared:dev_codes.jsonl", "`dev_codes`: error codes pasted in another form than the article's"),
    ("shared:dev_nl.jsonl", "`dev_nl`: SMS symptoms in a person's words"),
    ("shared:dev_nl_wide.jsonl", "`dev_nl_wide`: symptoms in a person's words, every product"),
    ("shared:dev_blog.jsonl", "`dev_blog`: log lines, errors and symptoms of the blog posts"),
    (
        "shared:dev_modern.jsonl",
        "`dev_modern`: pasted errors ({modern_paste}) and own words ({modern_words}) about the modern articles",
    ),
]
HELD_OUT = [
    ("repo:benches/queries/own_words_sms.jsonl", "`benches/queries/own_words_sms`: held out, SMS symptoms"),
    ("repo:benches/queries/own_words_wide.jsonl", "`benches/queries/own_words_wide`: held out, symptoms, every product"),
    (
        "repo:benches/queries/own_words_archive.jsonl",
        "`benches/queries/own_words_archive`: held out, 600 symptoms drawn at random from the whole archive",
    ),
    ("repo:benches/queries/blog_posts.jsonl", "`benches/queries/blog_posts`: held out, blog symptoms and errors"),
    ("repo:benches/queries/codes_other_form.jsonl", "`benches/queries/codes_other_form`: held out, codes in another form"),
    (
        "repo:benches/queries/modern_heldout.jsonl",
        "`benches/queries/modern_heldout`: held out, pasted errors and own words about 60 modern articles",
    ),
    (
        "repo:benches/queries/paste_archive_heldout.jsonl",
        "`benches/queries/paste_archive_heldout`: held out, pasted errors, 10 archive and 20 SMS articles",
    ),
    (
        "repo:benches/queries/paste_archive_heldout_b.jsonl",
        "`benches/queries/paste_archive_heldout_b`: held out, pasted errors, 40 archive articles",
    ),
    (
        "repo:benches/queries/paste_archive_heldout_c.jsonl",
        "`benches/queries/paste_archive_heldout_c`: held out, pasted errors, 48 archive articles",
    ),
    (
        "repo:benches/queries/paste_modern_heldout.jsonl",
        "`benches/queries/paste_modern_heldout`: held out, pasted errors about the modern articles",
    ),
]
NONE_SETS = [
    ("shared:dev_none.jsonl", "`dev_none` ({queries})"),
    ("repo:benches/queries/none_heldout.jsonl", "`benches/queries/none_heldout` ({queries}, held out)"),
    ("repo:benches/queries/none_heldout_b.jsonl", "`benches/queries/none_heldout_b` ({queries}, held out)"),
]
ALL_DEV = "all dev sets together"


class Failure(Exception):
    pass


def path_of(spec, shared):
    where, name = spec.split(":", 1)
    path = os.path.join(shared, "eval", name) if where == "shared" else os.path.join(REPO, name)
    if not os.path.isfile(path):
        raise Failure(f"{path}: no such query set (give --shared DIR, the folder holding eval/)")
    return path


def run(args, what):
    try:
        done = subprocess.run(args, capture_output=True, text=True, check=False)
    except OSError as e:
        raise Failure(f"{what}: cannot run {args[0]}: {e} (build it: cargo build --release --bin kbmatch)")
    if done.returncode != 0:
        raise Failure(f"{what}: {' '.join(args)} exited with {done.returncode}: {done.stderr.strip()[-600:]}")
    return done.stdout


def evaluate(kbmatch, index, path):
    """The `eval --json` report of one set on one index (no sentence model)."""
    return json.loads(run([kbmatch, "eval", path, "--index", index, "--json"], f"eval of {os.path.basename(path)}"))


def articles(kbmatch, index):
    return json.loads(run([kbmatch, "stats", "--index", index, "--json"], f"stats of {index}"))["articles"]


def small_index(kbmatch, index, corpus):
    """A small index of `corpus` (the modern articles, the sample corpus), built afresh: a second."""
    run([kbmatch, "index", "--full", "--index", index, "--corpus", corpus], f"index of {corpus}")
    return index


def row(label, report):
    f, c = report["overall"], report["calibration"]
    kinds = {kind: f"{figures['top1']:.3f}" for kind, figures in report["by_kind"].items()}
    try:
        label = label.format(**kinds)
    except KeyError as e:
        raise Failure(f"{label}: the set has no queries of kind {e}")
    return (
        f"| {label} | {f['queries']} | {f['top1']:.3f} | {f['hit5']:.3f} | {f['mrr10']:.3f} | {c['ece']:.3f} "
        f"| {c['coverage_at_90']:.2f}, {c['precision_at_90']:.3f} |"
    )


def tables(kbmatch, index, shared):
    """Every table, by marker name: its lines."""
    reports = {}
    lines = [
        "| query set | queries | top-1 | hit@5 | MRR@10 | ECE | conf >= 0.9: share of queries, right |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    dev_paths = []
    for spec, label in DEV_SETS:
        path = path_of(spec, shared)
        dev_paths.append(path)
        reports[spec] = evaluate(kbmatch, index, path)
        lines.append(row(label, reports[spec]))
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as together:
        for path in dev_paths:
            with open(path, encoding="utf-8") as f:
                text = f.read()
            together.write(text if text.endswith("\n") else text + "\n")
    try:
        reports[ALL_DEV] = evaluate(kbmatch, index, together.name)
    finally:
        os.unlink(together.name)
    lines.append(row(ALL_DEV, reports[ALL_DEV]))
    for spec, label in HELD_OUT:
        reports[spec] = evaluate(kbmatch, index, path_of(spec, shared))
        lines.append(row(label, reports[spec]))
    count = articles(kbmatch, index)
    out = {
        "sets": [
            f"On the full corpus `.ci/run` indexes ({count:,} articles), `kbmatch eval` gives top-1 / hit@5 /",
            "MRR@10 and, for the first hit's confidence, the expected calibration error (ECE over the bands",
            "0-0.5, 0.5-0.7, 0.7-0.8, 0.8-0.9, 0.9-0.95, 0.95-1) and how many first hits reach 0.9:",
            "",
        ]
        + lines
    }

    modern = small_index(kbmatch, os.path.join(REPO, "target/tables-modern-index"), os.path.join(shared, "corpus/modern"))
    sample = small_index(kbmatch, os.path.join(REPO, "target/tables-sample-index"), os.path.join(REPO, "corpus"))
    corpora = [(index, "the full corpus"), (modern, "the modern sample alone"), (sample, "the sample corpus")]
    sizes = [articles(kbmatch, where) for where, _ in corpora]
    head = " | ".join(f"{name} ({size:,})" for (_, name), size in zip(corpora, sizes))
    none_lines = [f"| query set | {head} |", "|---|---|---|---|"]
    for spec, label in NONE_SETS:
        path = path_of(spec, shared)
        cells = []
        for where, _ in corpora:
            report = reports[spec] if spec in reports and where == index else evaluate(kbmatch, where, path)
            if where == index:
                reports[spec] = report
            none = report.get("unanswerable")
            if not none:
                raise Failure(f"{path}: no question without an answer (`expect` empty)")
            cells.append(f"{none['at_50']:.3f}, {none['at_90']:.3f}")
            queries = none["queries"]
        none_lines.append(f"| {label.format(queries=queries)} | {' | '.join(cells)} |")
    out["none"] = none_lines

    all_dev, archive = reports[ALL_DEV], reports["repo:benches/queries/own_words_archive.jsonl"]
    none = reports["shared:dev_none.jsonl"]["unanswerable"]
    out["headline"] = [
        f"On the full corpus `.ci/run` indexes ({count:,} articles: the KB archive, blog posts, modern",
        "articles), from `kbmatch eval`:",
        "",
        "| | |",
        "|---|---|",
        f"| the right article first (top-1), every dev set together ({all_dev['overall']['queries']} questions) "
        f"| {all_dev['overall']['top1']:.3f} |",
        f"| the right article in the first five (hit@5), the same | {all_dev['overall']['hit5']:.3f} |",
        f"| top-1 on {archive['overall']['queries']} held-out symptoms drawn from the whole archive "
        f"| {archive['overall']['top1']:.3f} |",
        f"| first hits at confidence 0.9 or more that are right (dev sets) "
        f"| {100 * all_dev['calibration']['precision_at_90']:.1f} % |",
        f"| questions no article answers (`dev_none`), first hit at 0.5 or more | {100 * none['at_50']:.1f} % |",
    ]
    return out


FILES = {"docs/accuracy.md": ["sets", "none"], "README.md": ["headline"]}


def marked(text, name, path):
    """The text before, between and after a table's markers."""
    begin, end = f"<!-- benches/tables.py: {name} -->\n", f"<!-- benches/tables.py: end {name} -->"
    start = text.find(begin)
    stop = text.find(end, start + len(begin)) if start >= 0 else -1
    if start < 0 or stop < 0:
        raise Failure(f"{path}: no markers for the table {name!r} ({begin.strip()} ... {end})")
    return text[: start + len(begin)], text[start + len(begin) : stop], text[stop:]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when a table differs")
    parser.add_argument("--kbmatch", default=os.path.join(REPO, "target/release/kbmatch"))
    parser.add_argument(
        "--index", default=os.environ.get("KBMATCH_REAL_INDEX", os.path.join(REPO, "target/real-index"))
    )
    parser.add_argument("--shared", default=os.environ.get("KBMATCH_SHARED", os.path.join(REPO, "..", "shared")))
    parser.add_argument("--root", default=REPO, help="where docs/accuracy.md and README.md are (tests)")
    args = parser.parse_args()
    try:
        if not os.path.isfile(os.path.join(args.index, "CURRENT")):
            raise Failure(f"{args.index}: no index (build the full corpus as .ci/run does, or give --index DIR)")
        made = tables(args.kbmatch, args.index, args.shared)
        differ = False
        for name, keys in FILES.items():
            path = os.path.join(args.root, name)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            new = text
            for key in keys:
                before, old, after = marked(new, key, path)
                table = "\n".join(made[key]) + "\n"
                if old != table:
                    differ = True
                    sys.stdout.writelines(
                        difflib.unified_diff(
                            old.splitlines(True), table.splitlines(True), f"{name} ({key}, committed)", f"{name} ({key}, eval now)"
                        )
                    )
                new = before + table + after
            if not args.check and new != text:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(new)
                print(f"wrote {name}")
        if args.check:
            print("the tables differ from kbmatch eval" if differ else "the tables are what kbmatch eval gives")
            return 1 if differ else 0
        return 0
    except Failure as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
