"""Reading the word-vector table `src/index/meaning.bin` (numpy only), for
the fitting scripts that start from one (`fit_meaning.py`) or compare one
(`distill.py`). The layout is `src/index/meaning.rs`'s: the magic, the
dimensions and the word count (u32, little end first), the words (a
length byte, then the bytes), one scale per word (f32), then each word's
vector as signed bytes."""

import struct
import sys

import numpy as np

MAGIC = b"KBMEANING1\n"


def read_table(path):
    """(words, rows) of a meaning.bin: each row its scale times its bytes."""
    data = open(path, "rb").read()
    if not data.startswith(MAGIC):
        sys.exit(f"{path} is no meaning.bin")
    dims, count = struct.unpack("<II", data[len(MAGIC):len(MAGIC) + 8])
    at = len(MAGIC) + 8
    words = []
    for _ in range(count):
        n = data[at]
        words.append(data[at + 1:at + 1 + n].decode("utf-8"))
        at += 1 + n
    scales = np.frombuffer(data[at:at + 4 * count], dtype="<f4")
    at += 4 * count
    rows = np.frombuffer(data[at:at + dims * count], dtype=np.int8).reshape(count, dims).astype(np.float32)
    return words, rows * scales[:, None]
