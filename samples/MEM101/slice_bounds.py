# MEM101 dead-intermediate: a value read as a slice bound (`data[:used]`) is an integer (or a
# label), one small object, even when an unknown function computed it from large arrays.
import numpy as np


def trimmed(n, k, data):
    rows = np.zeros(n, dtype=np.intp)
    vals = np.zeros((n, k), dtype=np.float32)
    used = fill(rows, vals, data)
    rows = rows[:used]
    vals = vals[:used, :]
    out = np.ones((n, k), dtype=np.float32)
    return rows, vals, out


def indexed_by_it(n, k, data):
    rows = np.zeros(n, dtype=np.intp)
    picked = select(rows, data)  # expect: MEM101[`rows` is not used after this]
    vals = data[picked]  # expect: MEM101[`picked` is not used after this]
    out = np.ones((n, k), dtype=np.float32)
    return vals, out
