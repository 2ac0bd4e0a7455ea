#!/usr/bin/env python3
"""Fairness of `kbmatch serve` under heavy pastes (a benchmark, not a test).

Sixteen clients each POST a 256 KiB paste to /api/match at once, while one
more asks `/api/match?q=2328` every 100 ms. Prints the small requests'
p50/p99, the server's peak memory (VmHWM), and each heavy paste's time and
status. The targets (issue 28): small p99 < 250 ms, peak < 500 MB, each
heavy paste answered, or refused with 503, in < 3 s.

    cargo build --release
    python3 benches/serve_fairness.py [--kbmatch target/release/kbmatch] [--cores 0,1]

The server runs on the sample corpus (`corpus/`, indexed into a temporary
folder), pinned to two cores with `taskset` where it exists. Python's
standard library only.
"""

import argparse
import http.client
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def paste(size, seed):
    """A paste of `size` bytes: the sample corpus's words, a third of them
    made up (what a log excerpt's server names and counters look like to
    the index), twelve to a line."""
    rng = random.Random(seed)
    words = set()
    for root, _, files in os.walk(os.path.join(REPO, "corpus")):
        for name in files:
            with open(os.path.join(root, name), "rb") as f:
                words.update(re.findall(rb"[A-Za-z]{3,}", f.read()))
    words = sorted(w.decode() for w in words)
    letters = "abcdefghijklmnopqrstuvwxyz"
    out, length = [], 0
    while length < size:
        line = " ".join(
            "".join(rng.choice(letters) for _ in range(rng.randint(4, 12))) if rng.random() < 0.3 else rng.choice(words)
            for _ in range(12)
        ) + "\n"
        out.append(line)
        length += len(line)
    return "".join(out)[:size].encode()


def ask(port, method, target, body=None, timeout=60):
    """Status and seconds taken (status 0: the connection failed)."""
    started = time.monotonic()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        headers = {"Content-Type": "text/plain"} if body is not None else {}
        conn.request(method, target, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        status = response.status
        conn.close()
    except OSError:
        status = 0
    return status, time.monotonic() - started


def peak_rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kbmatch", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target")), "release", "kbmatch"))
    parser.add_argument("--cores", default="0,1", help="the cores the server may use (taskset -c)")
    parser.add_argument("--heavy", type=int, default=16, help="concurrent heavy pastes")
    parser.add_argument("--size", type=int, default=256 * 1024, help="bytes of each heavy paste")
    parser.add_argument("--serve-args", default="", help="more arguments for kbmatch serve")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="kbmatch-fairness-")
    index = os.path.join(work, "index")
    subprocess.run([args.kbmatch, "index", "--corpus", os.path.join(REPO, "corpus"), "--index", index],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port = 20000 + os.getpid() % 20000
    command = [args.kbmatch, "serve", "--index", index, "--addr", f"127.0.0.1:{port}"] + args.serve_args.split()
    if shutil.which("taskset"):
        command = ["taskset", "-c", args.cores] + command
    server = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            if ask(port, "GET", "/api/stats", timeout=1)[0] == 200:
                break
            time.sleep(0.1)
        else:
            sys.exit("the server did not start")
        pastes = [paste(args.size, seed) for seed in range(args.heavy)]

        heavy = [None] * args.heavy
        done = threading.Event()

        def post(i):
            heavy[i] = ask(port, "POST", "/api/match", pastes[i])

        small = []

        def poll():
            while not done.is_set():
                started = time.monotonic()
                small.append(ask(port, "GET", "/api/match?q=2328"))
                time.sleep(max(0.0, 0.1 - (time.monotonic() - started)))

        poller = threading.Thread(target=poll)
        poller.start()
        time.sleep(0.5)  # a few small requests on an idle server first
        threads = [threading.Thread(target=post, args=(i,)) for i in range(args.heavy)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        time.sleep(0.5)
        done.set()
        poller.join()

        times = sorted(seconds * 1000 for _, seconds in small)
        p99 = times[min(len(times) - 1, int(round(0.99 * (len(times) - 1))))]
        failed = sum(1 for status, _ in small if status != 200)
        print(f"small requests: {len(times)}, p50 {statistics.median(times):.0f} ms, p99 {p99:.0f} ms, "
              f"max {times[-1]:.0f} ms, not 200: {failed}")
        print(f"server peak memory: {peak_rss_mb(server.pid):.0f} MB")
        for i, (status, seconds) in enumerate(heavy):
            print(f"heavy paste {i + 1:2}: {status} in {seconds:.2f} s")
        answered = sum(1 for status, _ in heavy if status == 200)
        refused = sum(1 for status, _ in heavy if status == 503)
        print(f"heavy pastes: {answered} answered, {refused} refused (503), slowest {max(s for _, s in heavy):.2f} s")
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
