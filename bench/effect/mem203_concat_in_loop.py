"""MEM203 growth-by-concatenation-in-loop: `table = np.concatenate([table, block])` in a loop.

Every iteration copies everything gathered so far: the bytes copied grow with the square of the
number of blocks. The fix collects the blocks in a list and concatenates once after the loop.
"""
import json

import numpy as np


def assemble(n_blocks, rows):
    table = np.empty((0, 4), dtype=np.float64)
    for i in range(n_blocks):
        block = np.full((rows, 4), float(i), dtype=np.float64)
        table = np.concatenate([table, block])
    return float(table.sum()), int(table.shape[0])


def main():
    total, n_rows = assemble(200, 25_000)
    print("RESULT " + json.dumps({"total": total, "rows": n_rows}))


if __name__ == "__main__":
    main()
