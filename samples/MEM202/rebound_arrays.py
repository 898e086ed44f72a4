# MEM202 array-rebound-instead-of-in-place: `a = a * b` keeps the old and the new array alive.
# Safe fixes: the array is made here, nothing else sees it, and the result keeps its dtype and shape.
import numpy as np

ROWS = 10_000
COLS = 1_000


def floats():
    a = np.zeros((ROWS, COLS), dtype=np.float32)
    a = a * 0.5  # expect: MEM202[~40.0 MB]  fix: safe
    a = 2.0 * a  # expect: MEM202  fix: safe
    a = a + np.ones(COLS, dtype=np.float32)  # expect: MEM202  fix: safe
    a = a - np.ones((ROWS, 1), dtype=np.float32)  # expect: MEM202  fix: safe
    a = a / (1  # expect: MEM202  fix: safe
             + 2)
    a = (a  # expect: MEM202  fix: display-only[a comment in the statement]
         ** 2)  # display-only: the rewrite would drop the comment above
    a = a * a  # expect: MEM202  fix: safe
    a = np.sqrt(a)  # expect: MEM202  fix: safe
    a = np.maximum(a, 0)  # expect: MEM202  fix: safe
    a = np.add(1.5, a)  # expect: MEM202  fix: safe
    a = np.multiply(a, a)  # expect: MEM202  fix: safe
    return a


def integers():
    counts = np.zeros((ROWS, COLS), dtype=np.int32)
    counts = counts + 1  # expect: MEM202  fix: safe
    counts = counts // 2  # expect: MEM202  fix: safe
    counts = counts % 7  # expect: MEM202  fix: safe
    counts = counts << 1  # expect: MEM202  fix: safe
    counts = counts & 0xFF  # expect: MEM202  fix: safe
    counts = counts * -3  # expect: MEM202  fix: safe
    counts = (counts - 1 *  # expect: MEM202  fix: safe
              2)
    counts = np.abs(counts)  # expect: MEM202  fix: safe
    flags = np.zeros((ROWS, COLS), dtype=bool)
    flags = flags | True  # expect: MEM202  fix: safe
    return counts, flags


def ranges_and_constants():
    step = 0.25
    grid = np.linspace(0.0, 1.0, 10_000_000)  # expect: MEM301
    grid = grid * step  # expect: MEM202[~80.0 MB]  fix: safe
    ramp = np.arange(10_000_000)
    ramp = ramp - 5  # expect: MEM202  fix: safe
    return grid, ramp


TABLE = np.ones((ROWS, COLS), dtype=np.float32)
TABLE = TABLE * 3  # expect: MEM202  fix: safe
