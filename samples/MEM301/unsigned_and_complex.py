# MEM301 with the unsigned and complex64 dtypes.
import numpy as np

N_ROWS = 10_000_000


def cast_right_away(n):
    # zeros and ones hold the same values in uint16 or complex64: the dtype belongs in the call.
    counts = np.zeros(n).astype(np.uint16)  # expect: MEM301[only for `.astype(np.uint16)` to copy it: pass `dtype=np.uint16` to `np.zeros` instead]  fix: display-only
    waves = np.ones(n).astype("c8")  # expect: MEM301[pass `dtype="c8"` to `np.ones` instead]  fix: display-only
    return counts, waves


def endpoints_that_decide_the_dtype():
    # A complex64 endpoint makes the result complex, not float64.
    waves = np.linspace(np.complex64(0), 1, N_ROWS)
    # Unsigned ints as endpoints give float64 all the same.
    ramps = np.linspace(np.uint16(0), 10, N_ROWS)  # expect: MEM301[(~80.0 MB)]  fix: unsafe
    return waves, ramps


def numpy_scalars_that_decide_the_dtype():
    # longdouble and clongdouble (whose width depends on the platform) give their own type.
    a = np.linspace(np.longdouble(0), 1, N_ROWS)
    b = np.logspace(0, np.clongdouble(1), N_ROWS)
    c = np.arange(np.longdouble(0), N_ROWS, 0.5)
    # A float32 start: float64 in NumPy 1.x, float32 under NEP 50.
    d = np.arange(np.float32(0), N_ROWS, 0.5)
    # An int scalar with a float step: float64 in both.
    e = np.arange(np.uint16(0), N_ROWS, 0.5)  # expect: MEM301[(~160 MB)]  fix: unsafe
    return a, b, c, d, e
