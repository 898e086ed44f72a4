# MEM601 npy-load-without-mmap: `.npy` arrays that are only read can be memory-mapped.
import os

import numpy as np
from numpy import load

FEATURES = "cache/features.npy"


def column_means(n):
    x = np.load("data/train.npy")  # expect: MEM601[`x` is only read]
    return x[:n].mean(axis=0)


def shape_only():
    # Only the header is needed: a map reads nothing else.
    return np.load("data/shape_only.npy").shape  # expect: MEM601[the array is only read]


def through_views_and_loops(k):
    x = np.load("data/views.npy")  # expect: MEM601
    head = x[:k]
    cols = head.T.reshape(-1)
    total = 0.0
    for row in x:
        total += row.max()
    sums = [r.sum() for r in x]
    return total + cols.min() + len(sums) + np.mean(x) + float((x > 0).sum())


def constant_path():
    # A name bound once to a literal, used only as np.load's path.
    feats = np.load(FEATURES)  # expect: MEM601
    print(feats.dtype, feats.ndim, len(feats))


def other_spelling():
    arr = load("data/spelled.npy")  # expect: MEM601
    print(arr[0], arr.sum())


def silent(path, name, options):
    # Writes in place: a read-only map would raise.
    a = np.load("data/a.npy")
    a[0] = 1
    b = np.load("data/b.npy")
    b += 1
    c = np.load("data/c.npy")
    c.sort()
    d = np.load("data/d.npy")
    np.add(d, 1, out=d)
    e = np.load("data/e.npy")
    view = e[:10]
    view.fill(0)
    f = np.load("data/f.npy")
    for row in f:
        row[0] = 0
    g = np.load("data/g.npy")
    np.copyto(g, 0)
    # .npz archives cannot be memory-mapped.
    z = np.load("data/arrays.npz")
    # Already mapped, or mmap_mode given positionally.
    m = np.load("data/m.npy", mmap_mode="r")
    m2 = np.load("data/m2.npy", "r")
    # Object arrays (allow_pickle) cannot be mapped.
    o = np.load("data/objects.npy", allow_pickle=True)
    # Unknown paths may name a .npz.
    u = np.load(path)
    u2 = np.load(name + ".npz")
    # Arguments that cannot be seen may carry mmap_mode.
    k = np.load("data/k.npy", **options)
    # A path name bound twice may name either file.
    which = "data/first.npy"
    if options:
        which = "data/second.npz"
    w = np.load(which)
    # Not numpy's load.
    j = json_load("data/j.npy")
    return a, b, c, d, e, f, g, z["a"], m[0], m2[0], o[0], u[0], u2["a"], k[0], w[0], j[0], os.sep


def json_load(path):
    with open(path) as handle:
        return handle.read()
