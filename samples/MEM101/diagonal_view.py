# MEM101 dead-intermediate: `a.diagonal()` is a read-only view of `a` (NumPy >= 1.9), so the
# matrix stays alive while the diagonal does: dropping its name would free nothing.
import numpy as np


def diagonal_of_matrix(n):
    y = np.zeros((n, n), dtype=np.float32)
    r = y.diagonal()
    x = r / ((1 - r**2) ** 0.5)
    return x


def copied_diagonal(n):
    y = np.zeros((n, n), dtype=np.float32)
    r = y.diagonal().copy()  # expect: MEM101[`y` is not used after this]
    x = np.ones((n, n), dtype=np.float32) * r
    return x
