# MEM303 on arrays of the unsigned and complex64 dtypes: numeric values a typed dtype keeps.
import numpy as np


def boxed_counts(n):
    counts = np.zeros(n, dtype=np.uint16)
    return counts.astype(object)  # expect: MEM303[converts uint16 values to dtype object]


def boxed_waves(n):
    waves = np.ones(n, dtype="c8")
    return np.array(waves, dtype=object)  # expect: MEM303
