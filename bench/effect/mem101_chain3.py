"""MEM101 effect: the seed's chain of three large intermediates (200 MB each, real numpy).

Before the fix data1 is still alive while data3 is built: three arrays at the peak. After
`pymemlint check --fix`, `del data1` follows its last use: two arrays at the peak (ratio ~2/3).
Prints the traced peak in MB and a checksum of the result.
"""
import tracemalloc

import numpy as np

N = 25_000_000  # float64: 200 MB per array


def pipeline():
    data1 = np.ones(N, dtype=np.float64)
    data2 = np.multiply(data1, 2.0)
    data3 = np.add(data2, 1.0)
    return float(data3[::1000].sum())


tracemalloc.start()
result = pipeline()
peak = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
print(f"peak_mb={peak / 1e6:.1f}")
print(f"result={result!r}")
