"""MEM101 effect: the seed's chain of three large intermediates (200 MB each, real numpy).

Before the fix data1 is still alive while data3 is built: three arrays at the peak. After
`pymemlint check --fix`, `del data1` follows its last use: two arrays at the peak (ratio ~2/3).
Run by run_effect.py, which measures the traced peak; prints the result as one RESULT line.
"""
import json

import numpy as np

N = 25_000_000  # float64: 200 MB per array


def pipeline():
    data1 = np.ones(N, dtype=np.float64)
    data2 = np.multiply(data1, 2.0)
    data3 = np.add(data2, 1.0)
    return float(data3[::1000].sum())


def main():
    print("RESULT " + json.dumps({"checksum": pipeline()}))


if __name__ == "__main__":
    main()
