# MEM101 dead-intermediate: names unpacked from views of an array, or loop targets iterating
# them, keep the array alive: dropping its name frees nothing while they are bound.
import numpy as np


def split_into_views(n, k):
    samples = np.zeros((n, 2), dtype=np.int32)
    pos1, pos2 = np.split(samples, 2)
    pos1 = np.ascontiguousarray(pos1)  # a contiguous view comes back as it is
    out = np.zeros((n, k), dtype=np.float32)
    return out, pos1, pos2


def columns_of_transpose(n, k):
    pairs = np.ones((n, 2), dtype=np.float32)
    lo, hi = pairs.T
    out = np.zeros((n, k), dtype=np.float32)
    return out, lo, hi


def last_piece_after_loop(n, k):
    idxs = np.arange(n)
    totals = []
    for part in np.array_split(idxs, k):
        totals.append(part.sum())
    central = np.zeros((n, k), dtype=np.float32)
    return central, totals, part


def rows_of_matrix(n, k):
    grid = np.ones((n, k), dtype=np.float32)
    for row in grid:
        print(row.sum())
    out = np.zeros((n, k), dtype=np.float32)
    return out, row


def pieces_of_a_copy(n, k):
    samples = np.zeros((n, 2), dtype=np.int32)
    pos1, pos2 = np.split(samples.copy(), 2)  # expect: MEM101[`samples` is not used after this]
    out = np.zeros((n, k), dtype=np.float32)
    return out, pos1, pos2
