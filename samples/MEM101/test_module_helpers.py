# MEM101 in a test module: a file named like pytest's test modules (test_*.py, *_test.py,
# conftest.py) is test code throughout, its helpers included, so only values whose size is known
# are reported: tests build small arrays far more often than large ones.
import numpy as np

N = 1_000_000


def magic_square(n):
    # Called with n of 3, 4 or 6 by the tests: the size is unknown here, and nothing is reported.
    grid = np.zeros((n, n), dtype=np.float32)
    rows = grid.sum(axis=1)
    padded = np.pad(grid, 1)
    scaled = padded * 2
    return rows, scaled


def large_helper():
    base = np.ones(N, dtype=np.float32)
    doubled = base * 2  # expect: MEM101[`base` (~4.0 MB)]
    tripled = doubled * 3
    return tripled


def test_squares():
    for n in (3, 4, 6):
        assert magic_square(n)[1].shape == (n + 2, n + 2)
