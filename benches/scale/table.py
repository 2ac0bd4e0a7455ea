#!/usr/bin/env python3
"""Print the scale table of issue #30: build and query figures at 60k and 600k.

    python3 benches/scale/table.py KBMATCH ARCHIVE_KB VARIANTS WORK [QUERIES]

KBMATCH is a release-built binary, ARCHIVE_KB the unpacked archive's kb
folder (60,335 pages), VARIANTS the folder generate.py wrote (the nine
copies). Indexes go to WORK/index-60k and WORK/index-600k (about 0.2 and
1.6 GB; delete them afterwards). QUERIES is a JSON Lines file of
{"qid", "query"}; by default the first 416 lines of
benches/queries/train/generated_kb_31.jsonl (sentences of KB articles
pasted as SMS, CMTrace or event-viewer lines), never the dev sets.

For each size: a full build under /usr/bin/time -v (wall, user + sys CPU,
peak resident memory), the index's size on disk, the query lines through
one `match --batch` (wall and CPU, opening included; the process's peak
memory is what a `serve` replica holds), and each line's latency:
the lines are written to one `match --batch -` process one at a time and
each answer is awaited, so p50/p95 are per query on an open index.
`--only 60k` or `--only 600k` measures one size; `--skip-build` reuses the
indexes. The page cache is whatever it is (say so with the figures), and
the machine may be shared: rerun and compare medians.
"""

import json
import os
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_QUERIES = os.path.join(HERE, "..", "queries", "train", "generated_kb_31.jsonl")
LINES = 416


def time_v(err):
    """Wall seconds, CPU seconds (user + sys) and peak resident MB from /usr/bin/time -v."""

    def field(name):
        m = re.search(rf"{re.escape(name)}: (.+)", err)
        return m.group(1).strip() if m else None

    wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
    parts = [float(p) for p in wall.split(":")]
    seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    rss_mb = int(field("Maximum resident set size (kbytes)")) / 1024
    return seconds, cpu, rss_mb


def timed_build(kbmatch, index, corpora):
    cmd = ["/usr/bin/time", "-v", kbmatch, "index", "--full", "--index", index]
    for c in corpora:
        cmd += ["--corpus", c]
    run = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if run.returncode != 0:
        sys.exit(f"build failed ({' '.join(cmd)}):\n{run.stderr[-2000:]}")
    return time_v(run.stderr)


def size_mb(path):
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            total += os.path.getsize(os.path.join(root, name))
    return total / 1e6


def timed_batch(kbmatch, index, queries):
    """The lines through one `match --batch`: wall, CPU, peak memory, answers."""
    with open(queries, "rb") as f:
        run = subprocess.run(["/usr/bin/time", "-v", kbmatch, "match", "--index", index, "--batch", "-"], stdin=f,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if run.returncode not in (0, 1):
        sys.exit(f"match --batch failed: {run.stderr.decode()[-2000:]}")
    return time_v(run.stderr.decode()), run.stdout


def latencies(kbmatch, index, lines):
    proc = subprocess.Popen([kbmatch, "match", "--index", index, "--batch", "-"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, bufsize=0)
    # A first line opens the index and warms it; it is not counted.
    proc.stdin.write(b'{"qid": "warm", "query": "warm up"}\n')
    proc.stdout.readline()
    out = []
    for line in lines:
        started = time.perf_counter()
        proc.stdin.write(line.rstrip(b"\n") + b"\n")
        proc.stdout.readline()
        out.append((time.perf_counter() - started) * 1000)
    proc.stdin.close()
    proc.wait()
    return out


def percentile(values, p):
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    only = None
    if "--only" in sys.argv:
        only = sys.argv[sys.argv.index("--only") + 1]
        args.remove(only)
    skip_build = "--skip-build" in sys.argv
    if len(args) not in (4, 5):
        sys.exit("usage: " + __doc__.strip().splitlines()[2].strip())
    kbmatch, archive, variants, work = args[:4]
    if not os.access(kbmatch, os.X_OK):
        sys.exit(f"{kbmatch} is not an executable: build it with `cargo build --release` and pass target/release/kbmatch")
    queries_file = args[4] if len(args) == 5 else DEFAULT_QUERIES
    with open(queries_file, "rb") as f:
        lines = [l for l in f if l.strip()][:LINES]
    os.makedirs(work, exist_ok=True)
    queries = os.path.join(work, "queries.jsonl")
    with open(queries, "wb") as f:
        f.writelines(lines)

    sizes = [("60k", [archive]), ("600k", [archive, variants])]
    rows = {}
    for name, corpora in sizes:
        if only and name != only:
            continue
        index = os.path.join(work, f"index-{name}")
        r = {}
        if not skip_build:
            r["wall"], r["cpu"], r["rss"] = timed_build(kbmatch, index, corpora)
        r["size"] = size_mb(index)
        (r["batch"], r["batch_cpu"], r["batch_rss"]), answers = timed_batch(kbmatch, index, queries)
        with open(os.path.join(work, f"answers-{name}.jsonl"), "wb") as f:
            f.write(answers)
        lat = latencies(kbmatch, index, lines)
        r["p50"], r["p95"], r["max"] = percentile(lat, 50), percentile(lat, 95), max(lat)
        r["mean"] = statistics.mean(lat)
        rows[name] = r
        print(f"{name}: {json.dumps({k: round(v, 2) for k, v in r.items()})}", file=sys.stderr)

    labels = [
        ("wall", "full build, wall", "{:.1f} s"),
        ("cpu", "build CPU (user + sys)", "{:.1f} s"),
        ("rss", "peak memory of the build", "{:,.0f} MB"),
        ("size", "index size", "{:,.0f} MB"),
        ("batch", f"{len(lines)} pasted lines through `match --batch`", "{:.2f} s"),
        ("batch_cpu", "their CPU (user + sys)", "{:.2f} s"),
        ("batch_rss", "peak memory of that process", "{:,.0f} MB"),
        ("p50", "per query, p50 (open index)", "{:.1f} ms"),
        ("p95", "per query, p95", "{:.1f} ms"),
        ("max", "per query, slowest", "{:.1f} ms"),
    ]
    names = [n for n, _ in sizes if n in rows]
    print("| | " + " | ".join(names) + (" | ratio |" if len(names) == 2 else " |"))
    print("|---|" + "---|" * (len(names) + (1 if len(names) == 2 else 0)))
    for key, label, fmt in labels:
        if not all(key in rows[n] for n in names):
            continue
        cells = [fmt.format(rows[n][key]) for n in names]
        if len(names) == 2:
            cells.append(f"{rows['600k'][key] / rows['60k'][key]:.1f}x")
        print(f"| {label} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
