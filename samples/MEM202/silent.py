# MEM202 is not reported where the operation has no in-place form or the operand is not known.
import numpy as np
import pandas as pd
import torch

ROWS = 10_000
COLS = 1_000


def different_dtype():
    ints = np.zeros((ROWS, COLS), dtype=np.int64)
    ints = ints / 2  # an int array divided gives float64
    counts = np.zeros((ROWS, COLS), dtype=np.int64)
    counts = counts * 1.5  # a float multiplier promotes an int array
    halves = np.zeros((ROWS, COLS), dtype=np.float32)
    halves = halves + np.ones((ROWS, COLS), dtype=np.float64)  # float32 + float64 gives float64
    singles = np.zeros((ROWS, COLS), dtype=np.float32)
    singles = singles * 1e300  # too large for float32: NumPy 1.x gives float64
    bytes_ = np.zeros((ROWS, COLS), dtype=np.int8)
    bytes_ = bytes_ * 300  # 300 does not fit int8: NumPy 1.x gives int16
    unsigned = np.zeros((ROWS, COLS), dtype=np.uint8)
    unsigned = unsigned * -1  # -1 does not fit uint8
    roots = np.zeros((ROWS, COLS), dtype=np.int32)
    roots = np.sqrt(roots)  # the square root of integers is a float
    cplx = np.zeros((ROWS, COLS), dtype=np.complex128)
    cplx = np.abs(cplx)  # the magnitude of complex numbers is real
    floats = np.zeros((ROWS, COLS), dtype=np.float32)
    floats = floats & 1  # bitwise operations do not apply to floats
    flags = np.zeros((ROWS, COLS), dtype=bool)
    flags = flags + 1  # bool + int gives int64
    return ints, counts, halves, singles, bytes_, unsigned, roots, cplx, floats, flags


def numbers_beyond_the_dtype():
    # NumPy 1.x gives a Python number the smallest type that holds it: an int above 65535 is
    # uint32, which float32 cannot hold, and a float of magnitude 65000 or more is float32, which
    # float16 cannot hold. The results are float64 and float32, where `*=` would keep the dtype.
    scaled = np.zeros((ROWS, COLS), dtype=np.float32)
    scaled = scaled * 100_000  # float32 * 100_000 gives float64
    shifted = np.zeros((ROWS, COLS), dtype=np.float32)
    shifted = shifted + -40_000  # -40_000 is int32: float64
    peak = np.zeros((ROWS, COLS), dtype=np.float32)
    peak = np.maximum(peak, 3.4e38)  # not below float32's bound for a Python float: float64
    halves = np.zeros((ROWS, COLS), dtype=np.float16)
    halves = halves + 256  # uint16: float32
    halves2 = np.zeros((ROWS, COLS), dtype=np.float16)
    halves2 = halves2 * 65504.0  # float16's largest finite value, still promoted to float32
    return scaled, shifted, peak, halves, halves2


def after_a_dtype_that_depends_on_numpy(k):
    # NumPy 1.x and NumPy 2 give these results different dtypes (float64 against float32 for
    # `float32 * 100_000`; by the value of `len(k)` against int16), so the next operation's
    # dtype, and whether `*=` keeps it, are not known.
    scaled = np.zeros((ROWS, COLS), dtype=np.float32)
    scaled = scaled * 100_000
    scaled = scaled * 3
    counts = np.zeros((ROWS, COLS), dtype=np.int16)
    counts = counts * len(k)
    counts = counts * 2
    return scaled, counts


def arrays_that_widen():
    # float16 with int16 is float32 (an int16 needs more mantissa bits than float16 has), and
    # uint8 with int8 is int16: `+=` would cast the result back.
    halves = np.zeros((ROWS, COLS), dtype=np.float16)
    halves = halves + np.ones((ROWS, COLS), dtype=np.int16)
    small = np.zeros((ROWS, COLS), dtype=np.uint8)
    small = small + np.ones((ROWS, COLS), dtype=np.int8)
    return halves, small


def numpy_scalars():
    # A numpy scalar is not a Python number: `np.full` takes its type, and under NEP 50 (NumPy 2)
    # it takes part in the promotion as an array would.
    small = np.full(ROWS * COLS, np.int8(5))  # int8, not int64
    small = small + 200  # 200 does not fit int8: NumPy 1.x gives int16
    five = np.int8(5)
    small2 = np.full(ROWS * COLS, five)  # int8 through a name too
    small2 = small2 + 200
    counts = np.zeros((ROWS, COLS), dtype=np.int32)
    counts = counts * np.int64(2)  # int64 under NEP 50
    factor = np.int64(2)
    named = np.zeros((ROWS, COLS), dtype=np.int32)
    named = named * factor  # the same through a name
    summed = np.zeros((ROWS, COLS), dtype=np.int32)
    summed = summed + (np.int64(1) + 1)  # arithmetic on one is one too
    product = np.zeros((ROWS, COLS), dtype=np.int32)
    product = product * np.prod((2, 3))  # np.prod returns an int64 scalar
    return small, small2, counts, named, summed, product


def shape_or_dtype_set_in_place():
    # The facts of where the array was made no longer hold once its shape or dtype is set.
    column = np.zeros(ROWS * COLS, dtype=np.float32)
    column.shape = (ROWS * COLS, 1)
    column = column + np.ones(ROWS * COLS, dtype=np.float32)  # (n, 1) + (n,) broadcasts to (n, n)
    grown = np.zeros(ROWS * COLS, dtype=np.float32)
    grown.resize((ROWS * COLS, 1))
    grown = grown + np.ones(ROWS * COLS, dtype=np.float32)  # the same after resize()
    bits = np.zeros(ROWS * COLS, dtype=np.float32)
    bits.dtype = np.int32
    bits = bits * 0.5  # int32 now: the product is float64
    return column, grown, bits


def dtype_depends_on_the_path(flag):
    data = np.zeros((ROWS, COLS), dtype=np.float32)
    if flag:
        data = np.zeros((ROWS, COLS), dtype=np.int8)
    data = data * 0.5  # int8 on one path: the product is float64 there
    return data


def shape_or_operand_unknown(other, n):
    grid = np.zeros((ROWS, 1), dtype=np.float32)
    grid = grid + np.zeros((1, COLS), dtype=np.float32)  # broadcasting enlarges `grid`
    row = np.zeros((ROWS, COLS), dtype=np.float32)
    row = row + other  # an operand of unknown type (a pandas Series would win)
    row = row - np.ones(n, dtype=np.float32)  # the operand's shape is unknown
    m = np.zeros((COLS, COLS), dtype=np.float32)
    m = m @ m  # a matrix product has no in-place form
    d = np.zeros((ROWS, COLS), dtype=np.float32)
    d = 1.0 - d  # `d -= 1.0` would compute d - 1.0
    d = np.add(d, 1, where=d > 0)  # keyword arguments have their own semantics
    d = np.sqrt(d, out=d)  # already in place
    tiny = np.zeros(10, dtype=np.float32)
    tiny = tiny * 2  # known to be small (below min-bytes)
    unknown = np.load(other)  # a path or file of unknown name: MEM601 cannot tell .npy
    unknown = unknown * 2  # dtype unknown
    return grid, row, m, d, tiny, unknown


def not_arrays(frame, param, n):
    df = pd.read_csv("x.csv")
    df = df * 2  # a DataFrame
    t = torch.zeros(ROWS, COLS)
    t = t * 2  # a tensor (may require grad)
    lst = [1.0] * n
    lst = lst * 2  # a list: repetition
    s = "ab"
    s = s + "c"  # a string
    param = param * 2  # a parameter of unknown type
    other = np.zeros((ROWS, COLS), dtype=np.float32)
    result = other * 2  # a new name: both arrays are wanted
    return df, t, lst, s, param, result
