# MEM301 float64-by-default: numpy creators that default to float64.
import itertools
from datetime import datetime
from io import StringIO

import numpy as np
import pandas as pd
import pandas._testing as tm

N_ROWS = 200_000
N_COLS = 512
SIDE = 4096


def load(n, path):
    a = np.zeros((N_ROWS, N_COLS))  # expect: MEM301[~819 MB]
    b = np.ones(n)  # expect: MEM301
    c = np.empty((n, 3))  # expect: MEM301
    d = np.identity(SIDE)  # expect: MEM301[~134 MB]
    e = np.eye(SIDE, 2 * SIDE)  # expect: MEM301[~268 MB]
    f = np.full((N_ROWS, N_COLS), 0.5)  # expect: MEM301
    g = np.linspace(0.0, 1.0, n)  # expect: MEM301
    h = np.logspace(0, 3, num=1_000_000)  # expect: MEM301[~8.0 MB]
    i = np.arange(0.0, n, 0.5)  # expect: MEM301
    j = np.loadtxt(path)  # expect: MEM301
    k = np.genfromtxt(path, delimiter=",")  # expect: MEM301
    m = np.zeros(  # expect: MEM301
        (N_ROWS, N_COLS),  # a comment inside the call stays where it is
    )
    return a, b, c, d, e, f, g, h, i, j, k, m


def silent(n, path, **options):
    # An explicit dtype, even float64, is a decision: not reported.
    a = np.zeros((N_ROWS, N_COLS), dtype=np.float64)
    b = np.ones(n, np.float32)
    c = np.empty(n, dtype="float32")
    # Known small sizes stay below min-bytes (1 MiB by default).
    d = np.zeros(3)
    e = np.linspace(0, 1)
    f = np.identity(100)
    # Integer results are not float64.
    g = np.full((N_ROWS, N_COLS), 1)
    complex_fill = np.full(n, 1.5j)  # complex128, not float64
    h = np.arange(n)
    i = np.arange(0, n, 2)
    # Arguments that cannot be seen may carry a dtype.
    j = np.zeros(n, **options)
    # Scalars, not arrays.
    k = np.random.random()
    m = np.random.normal(0.0, 1.0)
    return a, b, c, d, e, f, g, complex_fill, h, i, j, k, m


def statically_small(values):
    # Float bounds still give a static size: 8 and 10 elements.
    x = np.arange(-3.0, 4.001)
    y = np.arange(0.5, 5.5, 0.5)
    lower = np.zeros_like(y)  # like a 10-element array
    # A loop over literal sizes bounds the shape: at most 64 elements.
    for n in [60, 32, 64]:
        z = np.ones((n, n))
    for k in range(100):
        w = np.empty(k)
    # Targets unpacked from tuples written out: at most 6 by 5.
    for rows, cols in [(6, 4), (4, 5)]:
        grid = np.zeros((rows, cols))
    sizes = [10, 100]
    for size, kind in itertools.product(sizes, ["gen", "sym"]):
        square = np.random.randn(size, size)  # at most 100 by 100
    for rank, order in enumerate([3, 10, 50]):
        identity = np.eye(order) * rank
    return x, lower, z, w, grid, square, identity


SIZE = (512, 512)


def statically_small_shapes(n, ndim, other):
    empty = np.empty((0, n))  # a zero extent: no element, whatever `n` is
    one = np.ones((1,) * ndim)  # one element in any number of dimensions
    cube = np.zeros((3,) * 3)
    shape = (31, 7, 97)
    block = np.zeros(shape)  # a name bound once to a tuple
    column = np.zeros(shape[0])
    labels = ["a", "b", "c"]
    counts = np.zeros(len(labels))  # a list nothing changes
    image = np.zeros(SIZE[0])
    t = np.arange(0.0, 2 * np.pi, 0.01)  # 629 elements
    for i in range(4, 15, 3):
        pairs = np.random.rand(i * (i - 1) // 2)  # at most 91
    return empty, one, cube, block, column, counts, image, t, pairs


def sizes_that_stay_unknown(n, other):
    names = ["a", "b"]
    names.append(other)
    grown = np.zeros(len(names))  # expect: MEM301
    rows = [1, 2]
    fill(rows)
    passed = np.zeros(len(rows))  # expect: MEM301
    reps = np.ones((2,) * n)  # expect: MEM301
    for rows, cols in [(6, 4), (4, n)]:
        grid = np.zeros((rows, cols))  # expect: MEM301
    return grown, passed, reps, grid


def lengths_read_before_any_change(model, others):
    labels = ["a", "b", "c"]
    counts = np.zeros(len(labels))  # the list changes only afterwards
    model.fit(labels)
    labels.append("d")
    codes = np.array([1, 2, 3])
    weights = np.ones(len(codes))  # the name is bound again only afterwards
    codes = model.transform(codes)
    names = ["x", "y"]
    for other in others:
        sizes = np.zeros(len(names))  # expect: MEM301
        names.append(other)  # the next iteration reads the longer list
    return counts, weights, codes, sizes


def date_ranges_between_written_out_dates():
    five_minutes = pd.date_range("1/1/2000", "1/5/2000", freq="5min")  # 1,153 points
    prices = np.random.randn(len(five_minutes), 2)
    years = pd.period_range(freq="A", start="1/1/2001", end="12/1/2009")
    yearly = np.zeros((len(years), 5))
    seconds = pd.date_range("1/1/1900", "1/1/2000", freq="s")  # 3,155,760,001 points
    ticks = np.zeros(len(seconds))  # expect: MEM301[~25.2 GB]
    return prices, yearly, ticks


def shapes_from_written_out_lists():
    for shape in [(0,), (3, 0), (0, 5, 2)]:
        empty = np.empty(shape)  # no element, whichever shape
    layers = [(4, 6), (6, 8), (8,)]
    weights = [np.zeros(layer) for layer in layers]
    for dims in [(500, 500, 3), (3,)]:
        image = np.random.random(dims)  # expect: MEM301[~6.0 MB]
    return empty, weights, image


def extents_of_known_arrays(other):
    # An array's shape is known when its name is bound once to one of a known shape.
    grid = np.linspace(0.0, 1.0, 50)
    table = np.ones((10, 3))
    like_grid = np.zeros(grid.shape)
    per_row = np.empty(table.shape[0])
    per_item = np.random.rand(table.size)
    per_point = np.zeros((2, len(grid)))
    last = np.ones(table.shape[-1] * table.ndim)
    matrix = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])  # written out: 2 by 3
    per_column = np.zeros(matrix.shape[1])
    return like_grid, per_row, per_item, per_point, last, per_column


def extents_that_stay_unknown_or_large(other):
    wide = np.ones((N_ROWS, 3))  # expect: MEM301[~4.8 MB]
    same = np.zeros(wide.shape)  # expect: MEM301[~4.8 MB]
    resized = np.zeros(4)  # stays silent: 4 elements when it is made
    resized.resize(N_ROWS)
    after = np.ones(len(resized))  # expect: MEM301
    reshaped = np.zeros((4, 2))
    reshaped.shape = (2, 4)
    rows = np.empty(reshaped.shape[0])  # expect: MEM301
    rebound = np.zeros(3)
    if other:
        rebound = np.zeros(N_ROWS)  # expect: MEM301[~1.6 MB]
    either = np.ones(rebound.size)  # expect: MEM301
    return wide, same, after, rows, either


def endpoints_that_decide_the_dtype(n):
    # linspace and its kin take their dtype from the endpoints: complex, or float32/float16 (whose
    # result depends on numpy's version), is not float64.
    waves = np.linspace(0, 1j, N_ROWS)
    low = np.zeros(8, dtype=np.float32)
    ramps = np.linspace(low, low + 1, N_ROWS)
    half = np.linspace(np.float16(0), 1.0, N_ROWS)
    steps = np.logspace(0, complex(1, 1), n)
    return waves, ramps, half, steps


def text_written_out(big):
    # Parsed from text the source writes out: at most one value per character.
    pairs = np.loadtxt(StringIO("1 2\n3 4"))
    text = StringIO("1,2,3\n4,5,6")
    rows = np.genfromtxt(text, delimiter=",")
    lines = np.loadtxt(["1 2", "3 4"])
    # A buffer something else wrote to holds what was written; a string is a path.
    saved = StringIO()
    np.savetxt(saved, big)
    saved.seek(0)
    back = np.loadtxt(saved)  # expect: MEM301
    named = np.loadtxt("1 2 3")  # expect: MEM301
    return pairs, rows, lines, back, named


def lengths_that_cannot_change():
    # A range and a pandas index keep the length they are made with.
    hours = pd.date_range("2001", periods=48, freq="H")
    per_hour = np.random.randn(len(hours))
    steps = range(100)
    per_step = np.zeros(len(steps))
    for i in range(5):
        for j in range(5):
            coefficients = np.zeros(max(i, j) + 1)  # at most 5
    corner = np.ones(min(3, 4))
    return per_hour, per_step, coefficients, corner


def loop_bounds_in_their_loops():
    # Inside its loop, a loop variable has the loop's values even if the name is bound elsewhere.
    for i in range(4, 15, 3):
        pairs = np.random.rand(i * (i - 1) // 2)  # at most 91
    for i in range(30):
        half = (i - 1) // 2
        square = np.random.random((half, half))  # at most 14 by 14
    return pairs, square


def unpacked_and_derived_loop_bounds(shapes, channels, branch):
    # Unpacked targets take the item at their position: each of these is small.
    for a_shape, b_shape in (((0, 2), (0,)), ((4, 0), (4, 2))):
        a = np.ones(a_shape)
        b = np.zeros(b_shape)
    for window, n, overlap in [("hann", 1024, 128), ("boxcar", 101, 26)]:
        t = np.arange(n)
        noise = np.random.randn(t.size)  # at most 1,024 elements
        rows = np.random.rand(len(t), 3)
    settings = itertools.product((15, 32), (10000,), (200, 89))
    for align, m, k in settings:
        tall = np.random.rand(m, k)  # expect: MEM301[~16.0 MB]
        column = np.random.rand(k)
    for n in range(1, 5):
        for k in range(1, n):
            square = np.random.randn(k, k)  # k stays below n, below 5
    for step in [2, 4]:
        for size in range(1, 40, step):
            signal = np.random.random((size,))
    for i, dims in enumerate([(3, 4), (5,)]):
        block = np.empty(dims)
    for (dims, extra) in shapes:
        unknown = np.zeros(dims)  # expect: MEM301
    # A name bound on two branches is as large as the larger of them, not the last one written.
    if branch:
        grid = np.atleast_2d(channels)
    else:
        grid = np.array([[0.0]])
    first_row = np.zeros(grid.shape[1])  # expect: MEM301
    if branch:
        pair = np.array([1.0, 2.0])
    else:
        pair = np.array([3.0, 4.0, 5.0])
    widened = np.zeros(pair.size * 2)  # at most 6
    return a, b, noise, rows, tall, column, square, signal, block, unknown, first_row, widened


SMALL_SIZES = [8192, 2011]
MORE_SIZES = [31]


def random_and_joined_bounds(high):
    # One random integer is below its high bound; a loop over two module lists joined takes
    # the items of both.
    n = np.random.randint(2, 5)
    square = np.ones(n * n)
    m = np.random.randint(1, high)
    unknown = np.ones(m)  # expect: MEM301
    for size in SMALL_SIZES + MORE_SIZES:
        signal = np.random.rand(size)
    return square, unknown, signal


def bound_before_a_compound_statement(flag):
    # A constant bound before an `if`/`with` holds inside it; inside a loop that binds the name
    # again, the next pass sees the other value.
    n = 10**9
    print(n)
    n = 64
    if flag:
        small = np.ones(n)
    size = 64
    for _ in range(3):
        grown = np.ones(size)  # expect: MEM301
        size = 10**9
    return small, grown


def date_ranges_between_datetimes():
    # Dates given as datetime(...), pd.Timestamp(...) or names bound to strings bound a range too.
    days = pd.date_range(start=datetime(2005, 1, 1), end=datetime(2005, 1, 10), freq="D")
    per_day = np.random.rand(len(days))
    start, end = "2000-10-01 23:30:00", "2000-10-02 00:30:00"
    minutes = pd.date_range(start, end, freq="7min")
    per_step = np.random.randn(len(minutes))
    hours = pd.date_range(pd.Timestamp("2000-01-01"), pd.Timestamp(2000, 3, 1), freq="H")
    per_hour = np.zeros(len(hours))  # 1,441 points at most
    seconds = pd.date_range(datetime(1990, 1, 1), datetime(2000, 1, 1), freq="s")
    per_second = np.zeros(len(seconds))  # expect: MEM301[~2.5 GB]
    return per_day, per_step, per_hour, per_second


def product_index_lengths():
    # A MultiIndex of every combination has the product of the lengths.
    index = pd.MultiIndex.from_product([["A", "B"], range(3), ("x", "y", "z")])
    frame = np.random.randn(5, len(index))
    return frame


class TestSizesInAttributes:
    # An attribute the class sets exactly once, in its body or in a method, is that constant.
    rows = 500
    wide = (800, 200)

    def setup_method(self):
        self.n = 100

    def test_small(self):
        grid = np.ones((self.rows, self.n))  # 50,000 elements
        big = np.ones(self.wide)  # expect: MEM301 (a shape in an attribute is not read)
        return grid, big

    def test_set_in_the_test(self, k):
        self.cols = 10
        narrow = np.zeros(self.cols)
        return narrow

    def grow(self, k):
        self.n2 = k
        return np.zeros(self.n2)  # expect: MEM301


def _square_of(n):
    # Every call in this file passes at most 20: the parameter of a private (or nested) function
    # that is only ever called is bounded by its calls.
    return np.random.rand(n, n)


def _wide_of(n):
    return np.zeros((n, 1000))  # expect: MEM301[~8.0 MB]


def _unbounded_of(n):
    return np.ones(n)  # expect: MEM301


def public_size(n):
    return np.ones(n)  # expect: MEM301 (callers elsewhere may pass anything)


def calls_with_written_out_sizes(k):
    for n in (3, 5, 20):
        _square_of(n)
    public_size(3)
    return _wide_of(1000), _unbounded_of(k)


def bare_and_unpacked_shapes(parts):
    # A bare tuple (`shape = 4, 6`) and a tuple unpacked into a shape read like `(4, 6)`.
    rng = np.random.default_rng(0)
    shape = 4, 6
    row = np.zeros(shape[1])
    grid = np.zeros(shape)
    trailing = (3, 2)
    cube = rng.random((6, 7, 8, 9, *trailing))
    wide = (3000, 2000)
    stack = np.zeros((2, *wide))  # expect: MEM301[~96.0 MB]
    unknown = np.zeros((2, *parts))  # expect: MEM301
    return row, grid, cube, stack, unknown


def concatenated_by_r():
    # np.r_ adds up its items: numbers, known 1-d arrays and ranges of ints.
    x = np.sort(np.r_[0, np.random.rand(11), 1])
    y = np.random.rand(len(x))
    steps = np.r_[20:101:20]
    z = np.random.randn(steps.size)
    many = np.r_[0:1_000_000]
    w = np.zeros(len(many))  # expect: MEM301[~8.0 MB]
    points = np.r_[0:1:5j]
    unknown = np.zeros(len(points))  # expect: MEM301 (a complex step: not read)
    return y, z, many, w, unknown


def frames_of_known_arrays():
    # A frame or Series of an array has the array's shape while nothing changes it in place.
    df = pd.DataFrame(np.random.randn(5, 5))
    first = df.loc[:, [0]]
    colors = np.linspace(0, 1, len(df))
    ser = pd.Series(np.arange(8))
    per_item = np.zeros(len(ser))
    big = pd.DataFrame(np.random.randn(1000, 1000))  # expect: MEM301[~8.0 MB]
    per_row = np.zeros((len(big), 500))  # expect: MEM301[~4.0 MB]
    grown = pd.DataFrame(np.random.randn(5, 5))
    grown.loc[9, 0] = 3.0
    unknown = np.ones(len(grown))  # expect: MEM301 (a row may be added)
    dropped = pd.DataFrame(np.random.randn(5, 5))
    dropped.drop(0, inplace=True)
    also_unknown = np.ones(len(dropped))  # expect: MEM301
    widened = pd.DataFrame(np.random.randn(5, 5))
    widened["x"] = 1.0
    whole = np.zeros(widened.shape)  # expect: MEM301
    return first, colors, per_item, big, per_row, unknown, also_unknown, whole


class TestSizesDeletedOrNot:
    # Deleting a method's local names changes no attribute; deleting an attribute does.
    n = 100

    def test_frees_its_locals(self):
        grid = np.ones((self.n, self.n))
        del grid
        extra = np.ones((self.n, 3))
        del extra, grid
        return np.zeros(self.n)


class TestSizesDeleted:
    n = 100

    def test_deletes_the_attribute(self):
        del self.n
        return np.zeros(self.n)  # expect: MEM301


class TestSizesDeletedInTheBody:
    n = 100
    del n

    def test_reads_it(self):
        return np.zeros(self.n)  # expect: MEM301


def less_what_is_never_negative(m):
    # `n - k` with k from an upward range starting at 0 or above is at most n.
    n, k = 6, 3
    for sup in range(k + 1):
        shorter = np.random.rand(n - sup)
    for step in range(-3, 3):
        longer = np.random.rand(n - step)  # expect: MEM301 (step may be negative: not bounded)
    unknown = np.random.rand(n - m)  # expect: MEM301
    return shorter, longer, unknown


def pandas_lengths_kept(sizes):
    # Testing helpers make k values; converting an index keeps its length; `periods=` may be a
    # loop variable; dates may carry a UTC offset.
    idx = tm.makeDateIndex(10000)
    per_day = np.random.randn(len(idx))
    local = pd.date_range("1/1/2011", periods=20000, freq="H").tz_localize("EST")
    per_hour = np.random.randn(len(local))
    for n in [5, 10, 1001]:
        years = pd.period_range("1987", periods=n, freq="A")
        per_year = np.random.randn(len(years))
    for n in sizes:
        unknown = np.random.randn(len(pd.period_range("1987", periods=n)))  # expect: MEM301
    shifted = pd.date_range("2000-10-01 23:30:00+0500", "2000-12-02 00:30:00+0500", freq="7min")
    per_step = np.random.randn(len(shifted))  # 12,558 points at most
    return per_day, per_hour, per_year, unknown, per_step


def integer_draws_have_their_size(n):
    # randint and choice are shaped by their size argument, as the float draws are.
    deltas = np.random.randint(1, 20, 3).cumsum()
    per_delta = np.random.randn(len(deltas))
    picks = np.random.choice(5, 10)
    per_pick = np.ones(len(picks))
    many = np.random.randint(0, 5, size=n)
    per_many = np.ones(len(many))  # expect: MEM301
    return per_delta, per_pick, per_many


def shapes_through_constants_and_np_shape(data):
    # numpy's and math's float constants are numbers: an array times pi keeps its shape;
    # np.shape(x) unpacks like x.shape.
    theta = np.linspace(0.5 / 69, 1 - 0.5 / 69, 70) * np.pi
    grid = np.ones((theta.shape[0], 90))  # 6,300 elements
    points = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    n, m = np.shape(points)
    square = np.ones((n, n))
    rows, cols = np.shape(data)
    unknown = np.ones((rows, cols))  # expect: MEM301
    return grid, square, unknown


def loops_over_aranges_zips_and_bare_tuples():
    # np.arange of integers bounds its values as range does; zip() of ranges bounds each target;
    # a bare tuple of tuples is written out too.
    for ii in np.arange(2, 100):
        a = np.random.uniform(low=0.01, high=100.0, size=ii)
    for i, j in zip(range(2, 4), range(3, 5)):
        b = np.random.rand(i * j)
    for n, m in (1, 1), (4, 5), (5, 4):
        c = np.random.randn(n, m)
    for x in np.arange(10**6, dtype=np.float32):
        d = np.random.rand(int(x))  # expect: MEM301
    return a, b, c, d
