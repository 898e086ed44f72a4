"""MEM601 npy-load-without-mmap: a large .npy array is loaded whole to read its first rows.

The fix passes mmap_mode="r": the file is mapped and only the pages read are brought in. The
mapped pages are file-backed and not allocated by Python, so tracemalloc cannot see them: the
effect runner measures this program's peak resident memory instead. run_effect.py writes the
input file (5,000,000 x 8 float64, 320 MB) into the program's directory first.
"""
import json

import numpy as np


def head_statistics(rows):
    features = np.load("features.npy")
    head = features[:rows]
    return list(features.shape), float(head.mean()), float(head[:, 0].sum())


def main():
    shape, mean, first_column = head_statistics(10_000)
    print("RESULT " + json.dumps({"shape": shape, "mean": mean, "first_column": first_column}))


if __name__ == "__main__":
    main()
