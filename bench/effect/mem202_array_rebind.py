"""MEM202 array-rebound-instead-of-in-place: `a = a * k` allocates a second array of a's size.

The old array stays alive until the new one is bound. The fix computes in place (`a *= k`).
"""
import json

import numpy as np


def shifted_signal(n):
    signal = np.arange(n, dtype=np.float64)
    signal = signal * 0.25
    signal = signal - 3.0
    return float(signal.sum()), float(signal[-1])


def main():
    total, last = shifted_signal(40_000_000)
    print("RESULT " + json.dumps({"total": total, "last": last}))


if __name__ == "__main__":
    main()
