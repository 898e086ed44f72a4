# MEM301 float64-by-default: arrays shaped like a stack of arrays whose shapes are known have a
# known size (np.column_stack, np.stack, np.vstack, np.hstack, np.concatenate), and a small one is
# not reported.
import numpy as np

rng = np.random.default_rng(0)
x = np.arange(-200, 200)
y = 0.2 * x + 20


def columns():
    data = np.column_stack([x, y])  # (400, 2)
    noise = rng.normal(size=data.shape)
    wide = np.column_stack((data, x, data))  # (400, 5)
    more = rng.normal(size=wide.shape)
    return noise, more


def stacks():
    rows = np.stack([x, y])  # (2, 400)
    cols = np.stack([x, y], axis=-1)  # (400, 2)
    a = np.zeros(rows.shape)
    b = np.zeros(cols.shape)
    v = np.vstack((x, y, x))  # (3, 400)
    h = np.hstack((x, y))  # (800,)
    c = np.concatenate([v, v], axis=1)  # (3, 800)
    flat = np.concatenate([v, v], axis=None)  # (2400,)
    return a, b, np.ones(v.shape), np.ones(h.shape), np.ones(c.shape), np.ones(flat.shape)


def large_stacks():
    big = np.arange(100_000)
    table = np.column_stack([big, big, big])  # (100000, 3): 2.4 MB in float64
    tiled = np.stack([table] * 2)  # a repeated list: not a literal sequence, shape unknown
    return np.zeros(table.shape), np.zeros(tiled.shape)  # expect: MEM301 MEM301


def shapes_that_do_not_fit(u, w):
    bad = np.column_stack([np.arange(3), np.arange(4)])  # a ValueError: no shape
    unknown = np.column_stack([u, w])
    return np.zeros(bad.shape), np.zeros(unknown.shape)  # expect: MEM301 MEM301
