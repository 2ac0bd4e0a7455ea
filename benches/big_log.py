#!/usr/bin/env python3
"""A large log for `kbmatch scan`'s speed and memory, built from Loghub's
15 samples with their values varied: the samples follow one another in
turn, each copy with its digits changed (one random permutation of 2-9 per
copy and per tenth of its lines, so numbers, addresses, ports, ids and
times differ from copy to copy while keeping their shape; 0 and 1 stay,
so a Unix time stays one: `1117838570`, not `0671026128`). Writes into
target/ or /tmp, never into the repository's tracked files.

usage: benches/big_log.py [--mb 1024] [--loghub DIR] [--out target/big.log]

Then, for instance:
  /usr/bin/time -v target/release/kbmatch scan --templates --json target/big.log > /dev/null
"""
import argparse, os, random

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SYSTEMS = ["Apache", "BGL", "HDFS", "HPC", "Hadoop", "HealthApp", "Linux", "Mac", "OpenSSH", "OpenStack",
           "Proxifier", "Spark", "Thunderbird", "Windows", "Zookeeper"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=1024, help="size to write, in MiB")
    ap.add_argument("--loghub", default=os.path.join(ROOT, "..", "shared", "logs", "loghub"))
    ap.add_argument("--out", default=os.path.join(ROOT, "target", "big.log"))
    ap.add_argument("--seed", type=int, default=56)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    samples = []
    for system in SYSTEMS:
        with open(os.path.join(a.loghub, system, f"{system}_2k.log"), "rb") as f:
            lines = f.read().splitlines(keepends=True)
        tenth = max(1, len(lines) // 10)
        samples.append([b"".join(lines[k:k + tenth]) for k in range(0, len(lines), tenth)])
    digits = b"0123456789"
    target = a.mb * 1024 * 1024
    written = 0
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "wb") as out:
        while written < target:
            for parts in samples:
                for part in parts:
                    shuffled = b"01" + bytes(rng.sample(digits[2:], 8))
                    chunk = part.translate(bytes.maketrans(digits, shuffled))
                    out.write(chunk)
                    written += len(chunk)
    print(f"{a.out}: {written / 1024 / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
