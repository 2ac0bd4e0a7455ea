#!/usr/bin/env python3
"""Grouping accuracy of `kbmatch scan --templates` on Loghub's 15 systems, on
the logs as they are and on copies whose values are replaced by others.

usage: benches/loghub_ga.py [--kbmatch PATH] [--loghub DIR] [--index DIR] [--keep DIR]

For each system: GA (../shared/eval/loghub_ga.py) of the log, GA of a copy
whose values are replaced by others (`replaced_copy`: the digits of every
place the true template marks `<*>` drawn anew at each occurrence, other
words holding a digit by another of the same shape), the seconds the
templates took, and with --index the problem
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


ERROR_CODE_RE = re.compile(r"0[xX][0-9A-Fa-f]{8}")
ERROR_WORD_RE = re.compile(r"(?i)\b(?:hresult|error|hr|code|status)\b\W*$")


def replaced_copy(src, dst, labels, seed):
    """The log with its values replaced by others: in each line's message,
    every digit of the places its true template marks `<*>` drawn anew at
    each occurrence (numbers, addresses, ports, ids: another value each
    time, the same shape); elsewhere (the wrapper's times, process ids, and
    the messages whose labelled template does not match their text) every
    word holding a digit replaced by another of the same shape, one word
    always by the same other word and its first digit kept (a time stays a
    plausible time, a constant such as `ssh2` stays constant)."""
    rng = random.Random(seed)
    table = {}

    def digit(d):
        return str(rng.randrange(1, 10)) if d != "0" else str(rng.randrange(10))

    def fresh(text, before=""):
        # An error code named as one (`HRESULT = 0x800f080d`) is no value:
        # replaced as the constants are.
        if ERROR_CODE_RE.fullmatch(text) and ERROR_WORD_RE.search(before):
            return other(text)
        # An IPv4 address stays one, `0x` stays; other digits each drawn anew.
        parts = re.split(r"((?<![0-9.])[0-9]{1,3}(?:\.[0-9]{1,3}){3}(?![0-9.]))", text)
        return "".join(".".join(str(rng.randrange(1, 255)) for _ in range(4)) if k % 2 else
                       re.sub(r"(?<![0-9A-Za-z])0(?=[xX][0-9A-Fa-f])|[0-9]", lambda m: m.group() if m.end() < len(part) and part[m.end()] in "xX" else digit(m.group()), part)
                       for k, part in enumerate(parts))

    def other(word):
        if word not in table:
            table[word] = re.sub(r"(?<![0-9])([0-9])([0-9]*)", lambda m: m.group(1) + fresh(m.group(2)), word)
        return table[word]

    def same_shape(text):
        return re.sub(r"\S*[0-9]\S*", lambda m: other(m.group()), text)

    truth = {int(r["LineId"]): (r["Content"], r["EventTemplate"])
             for r in csv.DictReader(open(labels, encoding="utf-8", errors="replace"))}
    with open(src, encoding="utf-8", errors="surrogateescape", newline="") as f, \
            open(dst, "w", encoding="utf-8", errors="surrogateescape", newline="") as out:
        for no, line in enumerate(f, 1):
            content, template = truth.get(no, ("", ""))
            at = line.rfind(content) if content else -1
            parts = template.split("<*>")
            found = at >= 0 and re.fullmatch("(.*?)".join(re.escape(p) for p in parts), content, re.S)
            if not found:
                out.write(same_shape(line))
                continue
            message, last = [], 0
            for k in range(1, len(parts)):
                message.append(content[last:found.start(k)])
                message.append(fresh(found.group(k), content[:found.start(k)]))
                last = found.end(k)
            message.append(content[last:])
            out.write(same_shape(line[:at]) + "".join(message) + same_shape(line[at + len(content):]))


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
        replaced_copy(log, copy, labels, seed=n)
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
