# MEM202 with an unsafe fix: the update in place could be seen through another name.
import numpy as np

ROWS = 10_000
COLS = 1_000


def view_rescaled_in_place():
    base = np.zeros((ROWS, COLS), dtype=np.float32)
    top = base[:5000]  # 20 MB: a slice of a known array has at most its rows
    top = top * 2  # expect: MEM202  fix: unsafe[shares memory with another array]
    return base, top


def aliased():
    a = np.zeros((ROWS, COLS), dtype=np.float32)
    b = a
    a = a + 1  # expect: MEM202  fix: unsafe[is shared: an alias or]
    return a, b


def view_kept(keep):
    a = np.zeros((ROWS, COLS), dtype=np.float32)
    keep.append(a[0])
    a = a * 3  # expect: MEM202  fix: unsafe[is shared: an alias or]
    return a


def may_be_the_input(x):
    a = np.asarray(x, dtype=np.float32)
    a = a * 2  # expect: MEM202  fix: unsafe[may be an array made]
    return a


def may_be_zero_dimensional(n):
    a = np.ones(n, dtype=np.float32)
    a = a * 2  # expect: MEM202  fix: unsafe[may be 0-d, where the]
    return a


def buffer_memory(payload):
    values = np.frombuffer(payload, dtype=np.float32)
    values = values * 2  # expect: MEM202  fix: unsafe[shares memory with another array]
    return values


def caught():
    a = np.zeros((ROWS, COLS), dtype=np.float32)
    try:
        a = a / 3.0  # expect: MEM202  fix: unsafe[an exception after a partial]
    except FloatingPointError:
        return a
    return None


def kept_every_iteration(steps, history):
    a = np.zeros((ROWS, COLS), dtype=np.float32)
    for _ in range(steps):
        a = a * 0.9  # expect: MEM202  fix: unsafe[is shared: an alias or]
        history.append(a)  # one array per iteration; in place they would all be the same array
    return a


def captured(log):
    a = np.zeros((ROWS, COLS), dtype=np.float32)

    def remember():
        log.append(a)

    remember()
    a = a + 1  # expect: MEM202  fix: unsafe[a nested function uses]
    return a


def rows_taken(keep):
    a = np.zeros((ROWS, COLS), dtype=np.float32)
    for row in a:
        keep.append(row)  # rows of a 2-D array are views
    a = a * 2  # expect: MEM202  fix: unsafe[is shared: an alias or]
    return a


def row_of(table_index):
    table = np.zeros((ROWS, COLS), dtype=np.float32)
    row = table[table_index]  # an integer index gives a view of the row
    row = row * 2  # expect: MEM202  fix: unsafe[may be an array made]
    return table, row


def chained_targets():
    before = a = np.zeros((ROWS, COLS), dtype=np.float32)  # `before` is the same array
    a = a * 2  # expect: MEM202  fix: unsafe[may be an array made]
    return a, before


def method_kept():
    a = np.zeros((ROWS, COLS), dtype=np.float32)
    fill = a.fill  # a bound method holds the array
    a = a * 2  # expect: MEM202  fix: unsafe[is shared: an alias or]
    fill(3.0)
    return a


def made_read_only():
    # Read-only: `a = a * 2` makes a new writable array, `a *= 2` would raise.
    a = np.zeros((ROWS, COLS), dtype=np.float32)
    a.setflags(write=False)
    a = a * 2  # expect: MEM202  fix: unsafe[may be read-only]
    return a
