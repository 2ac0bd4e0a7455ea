#!/usr/bin/env python3
"""Grouping accuracy of `kbmatch scan --templates` on Loghub's 15 systems, on
the logs as they are and on copies whose values are replaced by others.

usage: benches/loghub_ga.py [--kbmatch PATH] [--loghub DIR] [--index DIR] [--keep DIR]

For each system: GA (../shared/eval/loghub_ga.py) of the log, GA of a copy
where every word holding a digit (numbers, addresses, ports, ids, times) is
replaced by another of the same shape (each digit drawn anew; one word always
by the same other word, so a constant stays constant and a variable still
varies), the seconds the templates took, and with --index the problem
groups `scan` reports against the true events among the lines they hold.
Prints a table; exit 0.
"""
import argparse, collections, csv, json, os, random, re, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SYSTEMS = ["Apache", "BGL", "HDFS", "HPC", "Hadoop", "HealthApp", "Linux", "Mac", "OpenSSH", "OpenStack",
           "Proxifier", "Spark", "Thunderbird", "Windows", "Zookeeper"]


def labels_of(folder, system):
    for name in (f"{system}_2k.log_structured_corrected.csv", f"{system}_2k.log_structured.csv"):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            return path
    raise SystemExit(f"no labels for {system} in {folder}")


def replaced_copy(src, dst, seed):
    """Every word holding a digit replaced by another of the same shape."""
    rng = random.Random(seed)
    table = {}

    def other(word):
        if word not in table:
            table[word] = re.sub(r"[0-9]", lambda m: str(rng.randrange(1, 10)) if m.group() != "0" else str(rng.randrange(10)), word)
        return table[word]

    with open(src, encoding="utf-8", errors="surrogateescape", newline="") as f, \
            open(dst, "w", encoding="utf-8", errors="surrogateescape", newline="") as out:
        for line in f:
            out.write(re.sub(r"\S*[0-9]\S*", lambda m: other(m.group()), line))


def templates(kbmatch, log, out):
    started = time.time()
    with open(out, "w") as f:
        subprocess.run([kbmatch, "scan", "--templates", "--json", log], stdout=f, stderr=subprocess.DEVNULL, check=True)
    return time.time() - started


def ga(labels, got):
    line = subprocess.run([sys.executable, os.path.join(ROOT, "..", "shared", "eval", "loghub_ga.py"), labels, got],
                          capture_output=True, text=True, check=True).stdout
    return float(line.split()[1]), line.strip()


def problem_groups(kbmatch, index, log, labels, got):
    """(problem groups reported, true events among their lines)."""
    report = json.loads(subprocess.run([kbmatch, "scan", "--json", "--index", index, log], capture_output=True,
                                       text=True).stdout)
    truth = {int(r["LineId"]): r["EventId"] for r in csv.DictReader(open(labels, encoding="utf-8", errors="replace"))}
    by_key = {}
    for t in json.load(open(got))["templates"]:
        if t["lines"]:
            by_key[(t["template"], t["count"], t["lines"][0])] = t["lines"]
    groups, events = 0, set()
    for m in report["findings"] + report["unmatched"]:
        if m["level"] == "routine":
            continue
        groups += 1
        for line in by_key.get((m["template"], m["count"], m["first_line"]), []):
            events.add(truth.get(line))
    return groups, len(events)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kbmatch", default=os.path.join(ROOT, "target", "release", "kbmatch"))
    ap.add_argument("--loghub", default=os.path.join(ROOT, "..", "shared", "logs", "loghub"))
    ap.add_argument("--index", help="an index: also count the problem groups scan reports")
    ap.add_argument("--keep", help="keep the copies and templates here")
    a = ap.parse_args()
    work = a.keep or tempfile.mkdtemp(prefix="loghub_ga.")
    os.makedirs(work, exist_ok=True)
    print(f"{'system':<12} {'GA':>6} {'GA copy':>8} {'diff':>6} {'secs':>5}" + ("  problem groups / true events" if a.index else ""))
    total, total_copy = 0.0, 0.0
    for n, system in enumerate(SYSTEMS):
        folder = os.path.join(a.loghub, system)
        log = os.path.join(folder, f"{system}_2k.log")
        labels = labels_of(folder, system)
        got = os.path.join(work, f"{system}.json")
        secs = templates(a.kbmatch, log, got)
        g, _ = ga(labels, got)
        copy = os.path.join(work, f"{system}_replaced.log")
        replaced_copy(log, copy, seed=n)
        got_copy = os.path.join(work, f"{system}_replaced.json")
        templates(a.kbmatch, copy, got_copy)
        gc, _ = ga(labels, got_copy)
        total += g
        total_copy += gc
        row = f"{system:<12} {g:>6.3f} {gc:>8.3f} {gc - g:>+6.3f} {secs:>5.2f}"
        if a.index:
            groups, events = problem_groups(a.kbmatch, a.index, log, labels, got)
            row += f"  {groups} / {events}" + (f" = {groups / events:.2f}" if events else "")
        print(row, flush=True)
    k = len(SYSTEMS)
    print(f"{'average':<12} {total / k:>6.3f} {total_copy / k:>8.3f} {(total_copy - total) / k:>+6.3f}")


if __name__ == "__main__":
    main()
