# MEM303 object-dtype-array: arrays of pointers to boxed Python objects.
import operator

import numpy as np
import pandas as pd
from pandas._libs import lib, ops as libops

ROWS = 5_000_000


def build(values, frame, n):
    # Numbers, which a typed dtype holds as they are, or an array known to be large.
    numbers = np.random.default_rng().random(n, dtype=np.float32)
    a = np.array(numbers, dtype=object)  # expect: MEM303
    b = np.empty(ROWS, dtype="O")  # expect: MEM303[~40.0 MB of pointers]
    c = np.zeros(ROWS, dtype=np.object_)  # expect: MEM303
    d = numbers.astype(object)  # expect: MEM303[converts float32 values]
    e = pd.Series(numbers, dtype=object)  # expect: MEM303
    f = numbers.astype(dtype="object")  # expect: MEM303
    # Values of unknown type given object dtype on purpose (strings, dates, objects): not reported
    # unless known to be large.
    g = np.array(values, dtype=object)
    h = frame.astype(object)
    i = pd.Series(values, dtype=object)
    return a, b, c, d, e, f, g, h, i


def silent(values, frame):
    # A small ragged array is a legitimate use: its size is known and tiny.
    ragged = np.array([[1, 2], [3]], dtype=object)
    # Numeric dtypes are what the rule asks for.
    a = np.array(values, dtype=np.float32)
    b = frame.astype("float32")
    # `object` bound to something else is not the builtin.
    object = np.float64
    c = np.array(values, dtype=object)
    return ragged, a, b, c


def built_from_literals():
    # Data written out in the source is small by construction.
    expected = pd.DataFrame({"key": [True, False]}, dtype=object)
    stamp = np.array("2001-03-22", dtype="M8[D]").astype("O")
    return expected, stamp


def small_by_what_is_written(rows, fill):
    empty = pd.Series(dtype=object)  # no data and no index: empty
    nan = np.array(float("nan"), object)  # one scalar
    repeated = np.array(["a"] * 3, dtype=object)
    missing = pd.Series([1, 2, pd.NA, np.nan, None], dtype=object)
    frame = pd.DataFrame({"a": [1, np.nan]}, index=["x", "y"], dtype=object)  # the lists fix the length
    return empty, nan, repeated, missing, frame


def sized_by_an_index(rows, fill):
    # Unknown values over an index of unknown length: not reported.
    spread = pd.Series(fill, index=rows, dtype=object)
    zeros = pd.DataFrame({"a": 0}, index=rows, dtype=object)
    many = np.array(["a"] * len(rows), dtype=object)
    letters = pd.Series(0, index=list("abcde"), dtype=object)  # five rows
    empty_rows = pd.Series(index=range(1, 5), dtype=object)  # four NaN
    wide = pd.DataFrame({"a": 0, "b": None}, index=range(ROWS), dtype=object)  # expect: MEM303[~80.0 MB of pointers]
    return spread, zeros, many, letters, empty_rows, wide


def no_data():
    empty = np.array()  # a TypeError at run time, but no crash here
    return empty


def conversions(values, periods):
    # A numeric array has a dtype to keep; other values may need another typed form.
    measured = np.zeros(ROWS, dtype=np.float32)
    boxed = measured.astype(object)  # expect: MEM303[keep them float32]
    labels = periods.astype(object)  # periods of unknown count: may be boxed on purpose
    every_day = pd.period_range("1990-01-01", periods=ROWS, freq="D").astype(object)  # expect: MEM303[keep a typed array (numeric, datetime64, string or categorical)]
    return boxed, labels, every_day


def series_of_written_out_items(value, rows):
    # A Series holds one element per item written out, whatever the item is.
    stamps = pd.Series([pd.Timestamp("2013-01-01"), "NOV", value], dtype=object)
    keyed = pd.Series({"a": value, "b": [1, 2]}, dtype=object)
    unknown = pd.Series(list(rows), dtype=object)  # unknown values: not reported
    return stamps, keyed, unknown


def indexes_of_stated_length(values):
    # An index or a categorical keeps the length the source gives it.
    days = pd.period_range("2001-01-01", periods=5, freq="D").astype(object)
    months = pd.PeriodIndex(["2012-01", "NaT", "2012-04"], freq="M")
    boxed = months.astype(object)
    codes = pd.Categorical([0, 1, 2, 2, 1]).astype(object)
    unknown = pd.Index(values).astype(object)  # unknown values: not reported
    return days, boxed, codes, unknown


def sizes_the_source_states(index, rows):
    # Each is a few elements: a list bound to a name and handed to pandas, a repeated display
    # next to an index, a comprehension over written-out items, an array of known size.
    names = ["foo", "bar", "bar", np.nan]
    named = pd.Series(names, dtype=object)
    repeated = pd.Series([np.nan] * 4, index=index, dtype=object)
    derived = np.array([x or None for x in [3, None, True]], dtype=object)
    scaled = np.array(np.arange(5) * 2.5, dtype=object)
    grown = []
    for row in rows:
        grown.append(row)
    appended = np.asarray(grown, dtype=object)  # unknown values and count: not reported
    unbounded = np.array([r or None for r in rows], dtype=object)
    return named, repeated, derived, scaled, appended, unbounded


def containers_of_objects(fig, ncols, y, neighbors, columns):
    # Filled with objects no typed array could hold: dtype object is the point, large or not.
    axes = np.empty((ROWS, 2), dtype=object)
    for i in range(ROWS):
        for j in range(2):
            axes[i, j] = fig.add_subplot(ROWS, 2, i * 2 + j + 1)
    rows = np.empty(ROWS, dtype=object)
    for i in range(ROWS):
        rows[i] = []
    labels = np.zeros(ROWS, dtype=object)
    labels[:] = [y[k] for k in neighbors]
    edges = np.zeros(ROWS, dtype=object)
    for j in range(ncols):
        edges[j] = np.linspace(0, 1, j + 2, dtype=np.float32)
    # Numbers and strings copied in item by item have typed arrays.
    scores = np.empty(ROWS, dtype=object)  # expect: MEM303
    for i in range(ROWS):
        scores[i] = float(columns[i])
    words = np.empty(ROWS, dtype=object)  # expect: MEM303
    words[:] = np.asarray(columns).astype(str)
    return axes, rows, labels, edges, scores, words


def sizes_through_names_joins_and_frames(rows):
    # A few elements each: a tuple read twice, joined displays, a frame of a small array, a
    # frame of NaN over a short index and columns, an empty index.
    pair = ("a", "b")
    print(len(pair))
    named = np.array(pair, dtype=object)
    joined = np.array(["b"] * 4 + ["a"] * 16, dtype=object)
    frame = pd.DataFrame(np.zeros((10, 2), dtype=np.float32), dtype=object)
    blank = pd.DataFrame(index=[0, 1], columns=[0, 1], dtype=object)
    empty = pd.Series(index=pd.DatetimeIndex([]), dtype=object)
    unknown = pd.DataFrame(index=rows, columns=[0, 1], dtype=object)  # unknown length, no values
    long = pd.DataFrame(index=range(ROWS), columns=[0, 1], dtype=object)  # expect: MEM303
    return named, joined, frame, blank, empty, unknown, long


class Grid:
    # An attribute filled with objects in another method is a container of objects too.
    def __init__(self):
        self.rows = np.empty(ROWS, dtype=object)
        self.cells = np.empty((ROWS, 2), dtype=object)
        self.totals = np.empty(ROWS, dtype=object)  # expect: MEM303
        for i in range(ROWS):
            self.rows[i] = []

    def draw(self, ax, i, j):
        self.cells[i, j] = ax.text(j, i, "x")
        self.totals[i] = float(i)


def handed_to_pandas_core(n):
    # pandas' compiled core takes object arrays: no typed array would do.
    values = np.linspace(0.0, 1.0, n, dtype=np.float32)
    converted = lib.maybe_convert_objects(np.asarray(values, dtype=object))
    compared = libops.vec_compare(values, values.astype(object), operator.eq)
    named = np.asarray(values, dtype=object)
    inferred = lib.infer_dtype(named, skipna=False)
    kept = np.asarray(values, dtype=object)  # expect: MEM303
    return converted, compared, named, inferred, kept
