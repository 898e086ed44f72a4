# MEM401 numeric-list-then-array: a list of Python numbers built only to become an array.
import math

import numpy as np
import pandas as pd
import torch


def curve(xs):
    values = []
    for i in range(len(xs)):
        values.append(math.sin(i * 0.01))
    return np.array(values)  # expect: MEM401[`values` holds Python floats built in a loop]  fix: safe


def parsed(path):
    with open(path) as fh:
        rows = fh.readlines()
    return np.array([float(r) ** 2 for r in rows])  # expect: MEM401[a list comprehension holds Python floats]  fix: safe


def halves(n):
    half = [i * 0.5 for i in range(n)]
    arr = np.asarray(half)  # expect: MEM401[built by a comprehension]  fix: safe
    return arr


def roots(points):
    # An explicit float32 dtype: the array gets it either way.
    out = []
    for k in range(points.shape[0]):
        out.append(math.sqrt(k))
    return np.array(out, dtype=np.float32)  # expect: MEM401[against 4 in the array]  fix: safe


def known_size():
    grid = [i / 1000 for i in range(1_000_000)]
    return np.array(grid)  # expect: MEM401[~32.0 MB for 1000000 elements]  fix: safe


def lengths(words):
    # Unsafe: ints without a dtype (an empty list gives float64, dtype=int gives int64).
    sizes = [len(w) for w in words]
    return np.array(sizes)  # expect: MEM401[Python ints]  fix: unsafe[empty int list]


def also_a_list(xs):
    # Unsafe: the list is read again afterwards.
    values = [float(x) for x in xs]
    arr = np.array(values)  # expect: MEM401  fix: unsafe[also used as a list on line 51]
    print(len(values))
    return arr


def any_length(n):
    # Unsafe: n may be negative; range(n) is then empty but np.empty(n) raises.
    values = []
    for i in range(n):
        values.append(i * 2.0)
    return np.array(values)  # expect: MEM401  fix: unsafe[raises for a negative length]


def series(xs):
    # Unsafe: pandas gives an empty list another dtype.
    return pd.Series([float(x) for x in xs])  # expect: MEM401  fix: unsafe[pd.Series]


def tensor(xs):
    # Display-only: torch.tensor of a float64 array is float64, of a list of floats float32.
    return torch.tensor([float(x) for x in xs])  # expect: MEM401[against 4 in the array]  fix: display-only[torch]


def conditional(xs):
    # Display-only: the append is conditional, so no index fill.
    kept = []
    for x in xs:
        if x:
            kept.append(float(x))
    return np.array(kept)  # expect: MEM401  fix: display-only[not one `for i in range(n)`]


def mixed(n):
    # Display-only: two appends per iteration; ints and floats mixed.
    out = []
    for i in range(n):
        out.append(i)
        out.append(i / 2)
    return np.array(out)  # expect: MEM401[Python numbers]  fix: display-only


def while_loop(n):
    acc = []
    x = 1.0
    while x < n:
        acc.append(x)
        x = x * 1.5
    return np.array(acc)  # expect: MEM401  fix: display-only


def other_arguments(xs):
    return np.array([float(x) for x in xs], ndmin=2)  # expect: MEM401  fix: display-only[other arguments]


# Unsafe at module level: another module may import SAMPLES as a list.
SAMPLES = [math.cos(i) for i in range(100_000)]
WAVE = np.array(SAMPLES)  # expect: MEM401  fix: unsafe[module-level]


def silent(xs, words, n, f):
    # Not numbers: strings, tuples, unknown calls, booleans, numpy scalars.
    a = np.array([str(x) for x in xs])
    b = np.array([(x, x) for x in xs])
    c = np.array([f(x) for x in xs])
    d = np.array([x > 0 for x in xs])
    e = np.array([np.float32(x) for x in xs])
    # Needed as a list: returned with the array.
    g = []
    for x in xs:
        g.append(float(x))
    garr = np.array(g)
    # Not built in a loop.
    h = []
    h.append(1.0)
    h.append(2.0)
    harr = np.array(h)
    # Known small: 10 floats, 4 ints.
    small = np.array([i * 0.5 for i in range(10)])
    small2 = np.array([1000 * i for i in range(1, 5)])
    # Something else goes in too.
    m = []
    for i in range(n):
        m.append(i * 1.0)
    m.insert(0, words)
    marr = np.array(m)
    # A name that is a number on one path and a string on another.
    v = 1.0
    p = []
    for i in range(n):
        p.append(v)
        v = "x"
    parr = np.array(p)
    # Converted inside the loop that builds it: another pattern.
    q = []
    for i in range(n):
        q.append(i * 1.0)
        qarr = np.array(q)
    # A bool dtype: not a numeric conversion.
    flags = np.array([i * 1.0 for i in range(n)], dtype=bool)
    return a, b, c, d, e, g, garr, harr, small, small2, marr, parr, qarr, flags


def a_few_fields(line):
    # A slice with constant bounds takes at most three items, whatever the line holds: small.
    parts = line.split()
    return np.array([float(p) for p in parts[-3:]]), np.array([float(p) for p in parts[:3]])


def offsets(start, end):
    # int32: 4 bytes per element in the array
    return np.array([j for i in range(len(start)) for j in range(start[i], end[i])], dtype=np.int32)  # expect: MEM401[against 4 in the array]


def nested_clauses(width, size):
    # Two `for` clauses: two starts, but how many values each gives is not known.
    start = np.array([0, size - width])
    end = np.array([width, size])
    return np.array([j for i in range(len(start)) for j in range(start[i], end[i])])  # expect: MEM401
