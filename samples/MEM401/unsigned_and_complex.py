# MEM401 with an explicit unsigned or complex64 dtype.
import math

import numpy as np


def codes(n):
    # An explicit uint16 dtype: 2 bytes per element in the array, and np.fromiter gives the same.
    return np.array([i % 7 for i in range(n)], dtype=np.uint16)  # expect: MEM401[against 2 in the array]  fix: safe


def offsets(points):
    out = []
    for k in range(points.shape[0]):
        out.append(int(math.sqrt(k)))
    return np.array(out, dtype="u4")  # expect: MEM401[against 4 in the array]  fix: safe


def waves(xs):
    # A complex dtype, like complex128: not a list of numbers kept as they are.
    return np.array([float(x) for x in xs], dtype=np.complex64)
