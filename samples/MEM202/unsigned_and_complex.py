# MEM202 with unsigned and complex64 arrays: reported where the result keeps the dtype under
# NumPy 1.x and NumPy 2 alike, silent where it does not or where there is no in-place form.
import numpy as np

ROWS = 10_000
COLS = 1_000


def kept():
    counts = np.zeros((ROWS, COLS), dtype=np.uint16)
    counts = counts + 1  # expect: MEM202[~20.0 MB]  fix: safe
    counts = counts - 1  # expect: MEM202  fix: safe
    ids = np.zeros((ROWS, COLS), dtype=np.uint32)
    ids = ids * np.ones(COLS, dtype=np.uint8)  # expect: MEM202[~40.0 MB]  fix: safe
    waves = np.zeros((ROWS, COLS), dtype=np.complex64)
    waves = waves * 0.5  # expect: MEM202[~80.0 MB]  fix: safe
    waves = np.negative(waves)  # expect: MEM202  fix: safe
    return counts, ids, waves


def promoted():
    # uint64 with a signed int array is float64; uint16 with int16 is int32.
    big = np.zeros((ROWS, COLS), dtype=np.uint64)
    big = big + np.zeros((ROWS, COLS), dtype=np.int64)
    half = np.zeros((ROWS, COLS), dtype=np.uint16)
    half = half + np.zeros((ROWS, COLS), dtype=np.int16)
    # A negative number does not fit an unsigned dtype (NumPy 1.x widens, NumPy 2 raises).
    level = np.zeros((ROWS, COLS), dtype=np.uint32)
    level = level + -1
    # 70000 does not fit uint16: NumPy 1.x gives uint32.
    small = np.zeros((ROWS, COLS), dtype=np.uint16)
    small = small * 70000
    # complex64 with float64 is complex128; its magnitude is float32; its square root stays complex.
    waves = np.zeros((ROWS, COLS), dtype=np.complex64)
    waves = waves + np.zeros((ROWS, COLS), dtype=np.float64)
    spectrum = np.zeros((ROWS, COLS), dtype=np.complex64)
    spectrum = np.abs(spectrum)
    # The square root of uint16 is float32.
    roots = np.zeros((ROWS, COLS), dtype=np.uint16)
    roots = np.sqrt(roots)
    return big, half, level, small, waves, spectrum, roots


def undefined():
    # Complex numbers have no floor division or remainder.
    waves = np.zeros((ROWS, COLS), dtype=np.complex64)
    waves = waves % 2
    other = np.zeros((ROWS, COLS), dtype=np.complex64)
    other = other // 2
    return waves, other
