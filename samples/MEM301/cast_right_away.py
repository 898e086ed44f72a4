# MEM301 float64-by-default where the float64 array only lives until `.astype(T)` copies it.
import numpy as np


def masks(n, k):
    # zeros, ones, empty, eye and identity give the same values in any numeric dtype.
    keep = np.zeros(n).astype(bool)  # expect: MEM301[only for `.astype(bool)` to copy it: pass `dtype=bool` to `np.zeros` instead]  fix: display-only
    ids = np.eye(k).astype(np.int32)  # expect: MEM301[pass `dtype=np.int32` to `np.eye` instead]  fix: display-only
    # str (and object) dtypes hold other values: `''` rather than `'0.0'` (`0` rather than `0.0`).
    labels = np.zeros(n).astype(str)  # expect: MEM301[pass `dtype=np.float32` to halve it]
    # linspace(..., dtype=int) rounds down where astype(int) truncates: not the same values.
    idx = np.linspace(0, n - 1, k).astype(int)  # expect: MEM301[pass `dtype=np.float32` to halve it]
    return keep, ids, labels, idx
