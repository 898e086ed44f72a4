# MEM101 must stay silent whenever `del` would be wrong or would free nothing.
import inspect
import io
import pickle
import sys
from sys import _getframe

import numpy as np
import pandas as pd
from pandas import read_hdf
from pandas.api.types import infer_dtype
from pandas.core import nanops
from scipy import linalg

shared = None


def read_again_next_iteration(paths):
    base = pd.read_csv(paths[0])
    for p in paths:
        part = combine(base, p)  # base is read again on the next iteration
        store(part)
    return load_more(paths)


def used_in_except(path):
    data = pd.read_csv(path)
    try:
        result = transform(data)
        extra = compute(pd.read_json(path))
    except ValueError:
        report(data)  # the handler may still read data
    return result, extra


def used_in_finally(path):
    data = pd.read_csv(path)
    try:
        result = transform(data)
        extra = compute(pd.read_json(path))
    finally:
        report(data)  # finally reads data on every path
    return result, extra


def read_by_a_closure(path):
    data = pd.read_csv(path)
    summary = summarize(data)
    callback = lambda: data.shape  # the closure may read data at any later time
    extra = compute(pd.read_json(path))
    return summary, callback, extra


def alias_returned(path):
    data = pd.read_csv(path)
    keep = data  # an alias keeps the object alive: del data frees nothing
    summary = summarize(data)
    extra = compute(pd.read_json(path))
    return keep, summary, extra


def declared_global(path):
    global shared
    shared = pd.read_csv(path)
    summary = summarize(shared)  # a global outlives the function
    extra = compute(pd.read_json(path))
    return summary, extra


def calls_locals(path):
    data = pd.read_csv(path)
    summary = summarize(data)
    extra = compute(pd.read_json(path))
    return summary, extra, locals()  # locals() exposes every name


def pandas_reads_names_in_strings(path, store, ne):
    # pandas and numexpr look up the names of an expression string in the caller's frame: `del`
    # would make each of these calls fail
    cut = pd.read_csv(path)
    first = summarize(cut)
    frame = pd.read_json(path)
    rows = frame.query("a < @cut.b")
    data = pd.read_csv(path)
    summary = summarize(data)
    extra = compute(pd.read_json(path))
    picked = store.select("df", "index in data.index")
    pairs = pd.read_csv(path)
    total = summarize(pairs)
    more = compute(pd.read_json(path))
    where = read_hdf(path, "df", where="index in pairs.index")
    left = pd.read_csv(path)
    mean = summarize(left)
    other = compute(pd.read_json(path))
    product = ne.evaluate("left * 2")
    return first, rows, summary, extra, picked, total, more, where, mean, other, product


def parameter(frame, path):
    summary = summarize(frame)  # the caller holds the object anyway
    extra = compute(pd.read_json(path))
    return summary, extra


def stored_in_a_class(path):
    data = pd.read_csv(path)
    holder = Holder(data)  # a constructor keeps its argument
    extra = compute(pd.read_json(path))
    return holder, extra


def used_until_the_end(path):
    data = pd.read_csv(path)
    extra = compute(pd.read_json(path))
    return summarize(data, extra)  # data is used after the allocation


def small_value(path):
    count = 3
    total = count * 2
    extra = compute(pd.read_json(path))
    return total, extra


def nothing_allocated_after(path):
    data = pd.read_csv(path)
    summary = summarize(data)
    return summary  # returning an existing value allocates nothing


def calls_dir_without_arguments(path):
    data = pd.read_csv(path)
    summary = summarize(data)
    extra = compute(pd.read_json(path))
    return summary, extra, dir()  # dir() lists the local names


def reads_its_own_frame(path):
    data = pd.read_csv(path)
    summary = summarize(data)
    extra = compute(pd.read_json(path))
    return summary, extra, sys._getframe().f_locals  # the frame's f_locals show every name


def inspects_its_own_frame(path):
    data = pd.read_csv(path)
    summary = summarize(data)
    extra = compute(pd.read_json(path))
    return summary, extra, inspect.currentframe()  # the caller may read the frame's f_locals


def inspects_the_stack(path):
    data = pd.read_csv(path)
    summary = summarize(data)
    extra = compute(pd.read_json(path))
    return summary, extra, inspect.stack()[0].frame.f_locals


def gets_the_frame_by_name(path):
    data = pd.read_csv(path)
    summary = summarize(data)
    extra = compute(pd.read_json(path))
    return summary, extra, _getframe(0).f_locals


def plotted(path, ax):
    curve = pd.read_csv(path).to_numpy()
    ax.plot(curve)  # the line artist keeps the array: del curve would free nothing
    extra = compute(pd.read_json(path))
    return extra


def kept_by_a_numpy_view(path):
    import numpy as np

    data = np.load(path)
    flipped = np.transpose(data)  # the view keeps data's memory alive
    big = np.zeros((4096, 4096), dtype=np.float32)
    return flipped, big


def kept_by_a_split(path):
    import numpy as np

    data = np.load(path)
    halves = np.split(data, 2)  # the pieces are views into data
    big = np.zeros((4096, 4096), dtype=np.float32)
    return halves, big


def kept_by_a_column(path):
    frame = pd.read_csv(path)
    column = frame["a"]  # a column may share the frame's data
    other = pd.read_json(path)
    return column, other


def kept_by_values(path):
    frame = pd.read_csv(path)
    values = frame.values  # .values may be the frame's own block
    other = pd.read_json(path)
    return values, other


def kept_by_head(path):
    frame = pd.read_csv(path)
    first = frame.head(10)  # a slice of the frame keeps all of it
    other = pd.read_json(path)
    return first, other


def kept_by_a_generator(path):
    import numpy as np

    data = np.load(path)
    rows = (r * 2 for r in data)  # the generator holds an iterator over data
    big = np.zeros((4096, 4096), dtype=np.float32)
    return rows, big


def pairs_of(rows):
    for i in range(len(rows) - 1):
        yield rows[i], rows[i + 1]


def kept_by_a_generator_function(path):
    import numpy as np

    data = np.load(path)
    pairs = pairs_of(data)  # the generator's frame holds data until it is exhausted
    big = np.zeros((4096, 4096), dtype=np.float32)
    return pairs, big


def kept_by_an_array_over_its_buffer(path, n):
    raw = np.fromfile(path, dtype=np.uint8)
    records = np.recarray((n,), dtype=[("a", "<f4")], buf=raw)  # records' memory is raw's
    data = np.fromfile(path, dtype=np.uint8)
    table = np.ndarray((n,), np.float32, data)  # and table's is data's
    big = np.zeros((4096, 4096), dtype=np.float32)
    return records, table, big


def kept_by_submitted_work(path, executor):
    import numpy as np

    data = np.load(path)
    future = executor.submit(np.sum, data)  # the task holds data until it runs
    big = np.zeros((4096, 4096), dtype=np.float32)
    return future, big


def kept_by_an_element(path):
    with open(path, "rb") as file:
        parts = pickle.load(file)
    first = parts[0]  # an element may hold most of parts' memory
    other = pd.read_json(path)
    return first, other


def kept_by_a_method_result(path):
    frame = pd.read_csv(path)
    clean = frame.dropna()  # may be a copy-on-write copy sharing the frame's data
    other = pd.read_json(path)
    return clean, other


def result_is_the_out_array(n):
    out = np.empty(n, dtype=np.float32)
    result = np.sqrt(np.arange(n, dtype=np.float32), out=out)  # `result` is `out`
    total = out.sum()
    more = np.zeros(n, dtype=np.float32)
    return result, total, more


def _trimmed(w, needed):
    # Hands back its argument or a slice of it: a call allocates nothing.
    if needed:
        return w[:-1]
    return w


def helpers_that_hand_back_their_argument(n, needed):
    grid = np.arange(n, dtype=np.float32)
    window = np.cos(grid)
    return _trimmed(window, needed)



def parsed_from_text_written_out():
    # Text the source writes out holds a few values: neither array is large.
    first = np.loadtxt(io.StringIO("1 2\n3 4"))
    print(first)
    second = np.loadtxt(io.StringIO("5 6\n7 8"))
    return second


def parsed_from_buffers_filled_here(data):
    # A buffer made here and filled once with text or numbers written out: a few values again,
    # also when the reader sits in a `with` block.
    c = io.StringIO()
    c.write("1,2,3\n4,5,6\n")
    c.seek(0)
    x = np.loadtxt(c, delimiter=",")
    print(x)
    c.seek(0)
    x = np.loadtxt(c, delimiter=",", max_rows=1)
    a = np.array([[1, 2, 3], [3, 4, 5]], float)
    b = io.BytesIO()
    np.savetxt(b, a)
    b.seek(0)
    with np.errstate(all="ignore"):
        y = np.loadtxt(b)
    print(y)
    b.seek(0)
    y = np.loadtxt(b, usecols=(1, 2))
    return x, y


def results_that_are_the_out_array(n):
    # A ufunc given an existing output array returns that array: `c` and `d` are `b`.
    a = np.ones(n, dtype=np.float32)
    b = np.zeros(n, dtype=np.float32)
    c = np.sqrt(a, out=b)
    d = np.add(a, a, b)  # the third positional argument is `out`
    print(c, d)
    e = np.ones(n, dtype=np.float32)
    return a, b, e


def _peak(values, mask):
    # Returns one number: a call of it builds nothing large.
    return np.max(values * mask)


def numbers_computed_from_large_arrays(n, path):
    # Each of these is one number, whatever the size of the arrays it reads.
    samples = np.load(path)
    weights = np.ones((n,), dtype=np.float32)
    top = _peak(samples, weights)
    size = linalg.norm(weights)
    last = weights[-1] + 1
    energy = weights @ weights
    print(top, size, last, energy)
    more = np.zeros((n, n), dtype=np.float32)
    return samples, weights, more


def element_arithmetic_in_a_loop(n, cs):
    y = np.zeros((n,), dtype=np.float32)
    index = np.arange(n)
    y[n - 1] = np.add.reduce(index * y)
    for i in range(n - 3, -1, -1):
        y[i] = cs * y[i + 1] + y[i + 2]  # one number per step: nothing large is built
    return y


def outputs_given_to_ufunc_methods_and_libraries(a, shape, loss, raw):
    # The call returns the output array it is given: `total` is `out`, `grad` is `buffer`.
    out = np.zeros(shape, dtype=np.float32)
    total = np.add.reduce(a, 1, None, out)
    print(total)
    buffer = np.empty_like(raw)
    grad = loss.gradient(raw, gradient_out=buffer)
    print(grad)
    more = np.ones(shape, dtype=np.float32)
    return total, grad, more


def product_of_vectors_as_a_method(n):
    # `d.dot(d)` of a vector is one number, as np.dot(d, d) is: nothing large stays alive.
    d = np.linspace(0.0, 1.0, n, dtype=np.float32)
    q = d.dot(d)
    print(q)
    scaled = d * 2
    return scaled


def pandas_reductions_and_names(path):
    # A nan-aware reduction without an axis is one number; infer_dtype gives a name.
    samples = np.load(path)
    variance = nanops.nanvar(samples, skipna=False)
    print(variance)
    kind = infer_dtype(samples, skipna=True)
    print(kind)
    mask = np.zeros(samples.shape, dtype=bool)
    return mask, samples


def test_chain(path):
    # In test code only values of known size: a test's data file or fixture is small far more
    # often than not.
    frame = pd.read_csv(path)
    cleaned = clean(frame)
    return featurize(cleaned)


class TestKnownSizes:
    def test_large_known(self):
        grid = np.ones((2_000, 2_000))  # expect: MEM301
        total = grid.sum()  # expect: MEM101[`grid` (~32.0 MB)]
        other = np.zeros((2_000, 2_000), dtype=np.float32)
        return total, other


def chain_in_a_helper(path):
    # Not test code by name: reported as anywhere else.
    frame = pd.read_csv(path)
    cleaned = clean(frame)  # expect: MEM101
    return featurize(cleaned)


def last_of_a_running_total(n):
    # cumsum() without an axis is 1-d, so its last item is one number, and so is all that
    # follows: nothing after `totals` is last read allocates.
    totals = (1.0 / np.arange(n - 1, 1, -1)).cumsum()
    last = totals[-1] + 1
    mean = (totals / np.arange(2, n)).sum()
    spread = (2 * mean - 4) * last**2 + 8 * last
    return spread


def running_totals_along_an_axis(path):
    # Along an axis the sums keep the table's two dimensions: their last row is an array.
    table = np.load(path)
    totals = table.cumsum(axis=0)  # expect: MEM101[stays alive while `last = totals[-1] + 1`]
    last = totals[-1] + 1
    return last


def last_of_a_table_of_counts(values, c):
    # A shape that is one Python int gives one dimension: `counts[-1]` is one number, and so is
    # `prob`, which is all that follows the last read of `counts`.
    k = int(c)
    counts = np.zeros(len(values) + k)  # expect: MEM301
    counts[0] = 1.0
    mass = counts[-1] / 2
    prob = 1 - mass
    return prob


def last_of_a_table_of_unknown_shape(values, shape):
    # `shape` may be a tuple: the table may have two dimensions, and its last row is an array.
    counts = np.zeros(shape)  # expect: MEM301
    counts[0] = 1.0
    mass = counts[-1] / 2  # expect: MEM101[stays alive while `prob = 1 - mass`]
    prob = 1 - mass
    return prob


def locals_in_a_first_iterable(path):
    # A comprehension's first iterable, and a lambda's defaults, run in the function's frame: the
    # `eval` and `locals()` there see `data`, which `del` would remove.
    data = pd.read_csv(path)
    summary = summarize(data)
    extra = compute(pd.read_json(path))
    shown = [k for k in eval("data.shape")]
    peek = lambda names=locals(): names
    again = lambda: eval("data")  # a lambda without parameters runs this later, in its own frame
    return summary, extra, shown, peek, again


def locals_in_a_list_comprehension(path):
    # Python 3.12 runs a list comprehension in the function's frame (PEP 709): locals() there
    # sees `data` too.
    data = pd.read_csv(path)
    summary = summarize(data)
    extra = compute(pd.read_json(path))
    return summary, extra, [sorted(locals()) for _ in range(1)]


def chained_targets(path):
    # `alias` holds the same frame: `del data` would free nothing.
    data = alias = pd.read_csv(path)
    summary = summarize(data)
    extra = compute(pd.read_json(path))
    return summary, extra, alias


def read_by_a_comprehension_in_a_class_body(path):
    data = pd.read_csv(path)
    summary = summarize(data)
    extra = compute(pd.read_json(path))

    class Report:
        data = None  # a class attribute, which the comprehension below cannot see
        rows = [data for _ in range(2)]  # reads the function's `data`: `del data` would break it

    return summary, extra, Report


def deleted_in_a_branch(c):
    # The last use is the code's own `del`, in a branch: advice to `del` after it would be noise.
    for i in range(2):
        chunk = np.zeros((2000, 1000), dtype=np.float32) + i
        s = chunk.sum()
    if c:
        del chunk
    big = np.ones((2000, 1000), dtype=np.float32)
    return s, big
