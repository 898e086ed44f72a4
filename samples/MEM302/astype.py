# MEM302 needless-astype-copy: `x = x.astype(T)` copies even when x already has dtype T.
import numpy as np
import pandas as pd

ROWS = 10_000_000


def already_float32():
    # The facts know x is float32: the copy is pure waste.
    x = np.zeros(ROWS, dtype=np.float32)
    x = x.astype(np.float32)  # expect: MEM302[is already float32: `x.astype(np.float32)` copies it (~40.0 MB) for nothing]  fix: safe
    return x


def loaded(path):
    # The dtype on disk is unknown: when it is float32 already, the copy is wasted.
    x = np.load(path)
    x[0] = 0.0  # writes into the old array: nothing else sees it
    n = x.shape[0] + len(x)
    x = x.astype(np.float32)  # expect: MEM302[copies `x` even when it is already float32]  fix: safe
    return x, n


def computed(path, dtype):
    # Arithmetic allocates a new array; the target dtype is a variable.
    x = np.load(path) * 2.0
    scale = x.max()
    x = x.astype(dtype)  # expect: MEM302[even when it is already `dtype`]  fix: safe
    return x / scale


def parameter(x: np.ndarray):
    # Unsafe: with copy=False the caller's own array would come back to the caller.
    x = x.astype(np.float32)  # expect: MEM302[the old array may be held elsewhere]  fix: unsafe[parameter]
    return x.sum(), x


def defensive_copy(x: np.ndarray):
    # The writes below must not reach the caller's array: the copy is needed, not wasted.
    x = x.astype(np.float32)
    x += 1
    return x


def defensive_copy_of_input(values, mask):
    # The same through np.asarray, which may return the caller's array itself
    # (skimage/registration/_masked_phase_cross_correlation.py).
    x = np.asarray(values)
    x = x.astype(np.float64)
    x[mask] = 0.0
    return x


def view_of_input(values):
    # Unsafe: np.asarray may return the caller's array itself.
    x = np.asarray(values)
    x = x.astype(np.float64)  # expect: MEM302  fix: unsafe[may share memory]
    return x


def slice_view(path):
    # Unsafe: x is a view of `data`; copy=False would hand back the view.
    data = np.load(path)
    x = data[::2]
    x = x.astype(np.float64)  # expect: MEM302  fix: unsafe[may share memory]
    return x, data


def branches_then_written(path, other, flag):
    # Two bindings reach the cast, both new arrays nothing else holds: the copy before the write
    # protects nothing (scipy/stats/_stats_py.py's rankdata).
    if flag:
        x = np.load(path) * 0.5
    else:
        x = np.load(other) + 1
    x = x.astype(np.float64)  # expect: MEM302  fix: unsafe[another binding]
    x[0] = np.nan
    return x


def surviving_view(path):
    # Unsafe: `head` is a view of the old array and outlives the rebinding.
    x = np.load(path)
    head = x[:10]
    x = x.astype(np.float32)  # expect: MEM302  fix: unsafe[line 84]
    return x, head


def surviving_view_written(path):
    # `head` must keep the old values while the new array is scaled: the copy is needed.
    x = np.load(path)
    head = x[:10]
    x = x.astype(np.float32)
    x *= 2
    return x, head


def aliased(path, cache):
    # Unsafe: the old array is stored elsewhere.
    x = np.load(path)
    cache.append(x)
    x = x.astype(np.float32)  # expect: MEM302  fix: unsafe[line 101]
    return x


def branches(path, other, flag):
    # Unsafe: two bindings may reach the cast; both are arrays, so it is still reported.
    if flag:
        x = np.load(path)
    else:
        x = np.load(other)
    x = x.astype(np.float32)  # expect: MEM302  fix: unsafe[another binding]
    return x


def closure(path):
    # Unsafe: a nested function reads x.
    x = np.load(path)

    def show():
        print(x)

    x = x.astype(np.float32)  # expect: MEM302  fix: unsafe[nested scope]
    return x, show


def memory_mapped(path):
    # Unsafe: a memmap: copy=False would return the mapped file itself.
    x = np.load(path, mmap_mode="r")
    x = x.astype(np.float32)  # expect: MEM302  fix: unsafe[may share memory]
    return x


# Unsafe at module level: other code may hold the old array.
FEATURES = np.load("features.npy")  # expect: MEM601
FEATURES = FEATURES.astype(np.float32)  # expect: MEM302  fix: unsafe[module]


def silent(path, frame, x, dtype):
    # pandas: astype(copy=False) has other semantics; not this rule.
    df = pd.read_csv(path)
    df = df.astype("float32")
    # Unknown kind (an unannotated parameter): could be pandas.
    x = x.astype(np.float32)
    # copy is already decided.
    a = np.load(path)
    a = a.astype(np.float32, copy=False)
    b = np.load(path)
    b = b.astype(np.float32, copy=True)
    # A real conversion: float64 to float32 allocates anyway, copy=False cannot help.
    c = np.zeros(ROWS, dtype=np.float64)
    c = c.astype(np.float32)
    # A different name: the original stays alive by design.
    d = np.load(path)
    e = d.astype(np.float32)
    # A known small array: below min-bytes.
    f = np.zeros(100, dtype=np.float32)
    f = f.astype(np.float32)
    # A small array written out, cast to a dtype not known here: below min-bytes at any dtype.
    h = np.array([[1, 1, 0], [0, 0, 1]])
    h = h.astype(dtype)
    # Not a name.
    frame.values = frame.values.astype(np.float32)
    # Guarded by a test of g.dtype: the author knows the cast converts.
    g = np.load(path)
    if g.dtype != np.float32:
        g = g.astype(np.float32)
    if not np.issubdtype(g.dtype, np.floating):
        pass
    else:
        g = g.astype(np.float64)
    return df, x, a, b, c, d, e, f, g, h


def one_branch_converts(path, flag):
    # float64 unless `flag`: "already complex128" holds on one path only.
    r = np.zeros(ROWS, dtype=np.float64)
    if flag:
        r = r.astype(np.complex128)
    r = r.astype(np.complex128)  # expect: MEM302[even when it is already complex128]  fix: unsafe
    return r


def again_in_a_loop(items):
    # float64 at first; float32 on every later pass that reaches the cast: that copy is wasted.
    r = np.zeros(ROWS, dtype=np.float64)
    for i in items:
        if i:
            r = r.astype(np.float32)  # expect: MEM302[even when it is already float32]
    return r


def test_converts_loaded_data(path):
    # Test code: an array of unknown size is not reported (tests hold small data).
    data = np.load(path)
    data = data.astype(np.float32)
    return data


def test_converts_a_known_large_array():
    big = np.zeros(ROWS, dtype=np.float32) + 1
    big = big.astype(np.float32)  # expect: MEM302[`big` is already float32]
    return big


def a_view_as_another_dtype():
    # `.view(np.int64)` reads the float64 bytes as int64: the cast back to float64 is real.
    bits = np.zeros(ROWS, dtype=np.float64).view(np.int64)
    bits = bits.astype(np.float64)
    return bits


def made_read_only():
    # The array is made read-only; `astype` returns a writable copy, `copy=False` would return the
    # read-only array itself.
    table = np.zeros(ROWS, dtype=np.float32)
    table.setflags(write=False)
    table = table.astype(np.float32)  # expect: MEM302  fix: unsafe[may be read-only]
    return table


def view_of_a_new_array():
    # Nothing else holds the base, but `copy=False` keeps the view: it owns no data, so the
    # `resize` below raises where the copy `astype` made could be resized.
    grid = np.zeros((ROWS, 2), dtype=np.float32).T
    grid = grid.astype(np.float32)  # expect: MEM302  fix: unsafe[is a view of a new array]
    grid.resize((2 * ROWS + 1,), refcheck=False)
    flat = np.zeros((ROWS, 2), dtype=np.float32).reshape(-1)
    flat = flat.astype(np.float32)  # expect: MEM302  fix: unsafe[owns no data]
    return grid, flat.base


def made_read_only_then_written():
    # The same, written afterwards: the copy is what makes the write possible.
    table = np.zeros(ROWS, dtype=np.float32)
    table.setflags(write=False)
    table = table.astype(np.float32)
    table[0] = 1.0
    return table


def scaled_beyond_float32():
    # `x * 100_000` is float32 under NumPy 2 but float64 under NumPy 1.x (100_000 does not fit
    # int16 or uint16), so `x` is not known to be float32 already.
    x = np.zeros(ROWS, dtype=np.float32) * 100_000
    x = x.astype(np.float32)  # expect: MEM302[even when it is already float32]  fix: safe
    return x


def bool_floor_division():
    # numpy computes `//` of two bools in int8: `astype(bool)` converts, it copies for a reason.
    mask = np.zeros(ROWS, dtype=bool)
    steps = mask // True
    steps = steps.astype(bool)
    return steps, mask
