"""MEM101 effect: a chain of four large intermediates (200 MB each, real numpy).

Before the fix every intermediate stays alive until the function returns: four arrays at the
peak. After `pymemlint check --fix` each is dropped after its last use: two (ratio ~1/2).
Prints the traced peak in MB and a checksum of the result.
"""
import tracemalloc

import numpy as np

N = 25_000_000  # float64: 200 MB per array


def pipeline():
    data1 = np.ones(N, dtype=np.float64)
    data2 = np.multiply(data1, 2.0)
    data3 = np.add(data2, 1.0)
    data4 = np.sqrt(data3)
    return float(data4[::1000].sum())


tracemalloc.start()
result = pipeline()
peak = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
print(f"peak_mb={peak / 1e6:.1f}")
print(f"result={result!r}")
