"""MEM401 numeric-list-then-array: numbers appended to a list, then converted with np.array.

A list of floats costs ~32 bytes per element (a pointer and a boxed float) against 8 in a float64
array, and the conversion holds both. The fix fills a preallocated array instead.
"""
import json

import numpy as np


def sampled_curve(n):
    values = []
    for i in range(n):
        values.append(i * 0.001)
    curve = np.array(values)
    return float(curve.sum()), float(curve[-1])


def main():
    total, last = sampled_curve(5_000_000)
    print("RESULT " + json.dumps({"total": total, "last": last}))


if __name__ == "__main__":
    main()
