"""MEM101 effect: a chain of four large intermediates (200 MB each, real numpy).

Before the fix every intermediate stays alive until the function returns: four arrays at the
peak. After `pymemlint check --fix` each is dropped after its last use: two (ratio ~1/2).
Run by run_effect.py, which measures the traced peak; prints the result as one RESULT line.
"""
import json

import numpy as np

N = 25_000_000  # float64: 200 MB per array


def pipeline():
    data1 = np.ones(N, dtype=np.float64)
    data2 = np.multiply(data1, 2.0)
    data3 = np.add(data2, 1.0)
    data4 = np.sqrt(data3)
    return float(data4[::1000].sum())


def main():
    print("RESULT " + json.dumps({"checksum": pipeline()}))


if __name__ == "__main__":
    main()
