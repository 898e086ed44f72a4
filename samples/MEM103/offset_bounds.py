# MEM103 loop-variable-outlives-loop: `np.arange(m - 1, m + 2)` has three elements (four at most,
# with float rounding) whatever `m` is: a small value, not reported
# (skimage/feature/sift.py's parabola fit).
import numpy as np


def neighbours(hist, maxima, n):
    out = []
    for m in maxima:
        neigh = np.arange(m - 1, m + 2) % len(hist)
        out.append(hist[neigh].sum())
    later = np.zeros(n, dtype=np.float32)
    return out, later


def window_of_unknown_width(hist, maxima, width, n):
    out = []
    for m in maxima:
        neigh = np.arange(m - width, m + width) % len(hist)  # expect: MEM103[`neigh` is bound in this loop]
        out.append(hist[neigh].sum())
    later = np.zeros(n, dtype=np.float32)
    return out, later
