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
