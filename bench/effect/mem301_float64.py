"""MEM301 float64-by-default: `np.ones(n)` creates float64 when float32 is precise enough.

The fix adds `dtype=np.float32`, halving the array. It is unsafe: float32 keeps ~7 significant
digits, so the effect runner compares this program's results with a relative tolerance.
"""
import json

import numpy as np


def weights_total(n):
    weights = np.ones(n)
    weights *= 0.5
    weights[::3] = 1.25
    return float(weights.sum()), float(weights[:12].mean())


def main():
    total, head = weights_total(60_000_000)
    print("RESULT " + json.dumps({"total": total, "head_mean": head}))


if __name__ == "__main__":
    main()
