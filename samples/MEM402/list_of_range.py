# MEM402 list-of-range: a list of consecutive ints that is only read.
import json
import random
from typing import List

import numpy as np

N = 1_000_000


def iterate(model, n):
    indices = list(range(n))  # expect: MEM402[`indices` stores every integer of `range(n)` as a list]  fix: safe
    total = 0.0
    for i in indices:
        total += model.predict_one(i)
    return total / len(indices)


def read_only(n, wanted):
    ids = [i for i in range(n)]  # expect: MEM402  fix: safe
    found = wanted in ids and wanted not in ids[::2]
    first, last = ids[0], ids[-1]
    pairs = list(zip(ids, ids[1:]))
    squares = [i * i for i in ids]
    return found, first, last, pairs, sorted(ids), sum(ids), ids.index(first), squares


def known_size():
    steps = list(range(0, 2 * N, 2))  # expect: MEM402[~1000000 ints, ~36.0 MB]  fix: safe
    return max(steps) + min(steps)


def small_by_a_literal(sizes):
    names = ("a", "b", "c")
    positions = list(range(len(names)))  # three ints: below min-bytes
    labels = ["x", "y"]
    indices = list(range(len(labels)))  # two
    values = np.array([1.0, 2.0, 3.5])
    slots = list(range(len(values)))  # an array keeps the length of the list it was made from
    return max(positions) + max(indices) + max(slots) + len(sizes)


# Unsafe at module level: another module may import ROWS and use it as a list.
ROWS = list(range(N))  # expect: MEM402[~36.0 MB]  fix: unsafe[module-level]
TOTAL = sum(ROWS)


def dynamic(n):
    # Unsafe: locals() can reach the name.
    order = list(range(n))  # expect: MEM402  fix: unsafe[locals()]
    for i in order:
        print(locals()[str(i)])


def annotated(shape: List[int]) -> int:
    # Unsafe: the annotation says a list, which TorchScript and type checkers hold the range to.
    dims: List[int] = list(range(len(shape)))  # expect: MEM402  fix: unsafe[annotation `List[int]`]
    out = 0
    for d in dims:
        out += shape[d]
    return out


def silent(n, other):
    # Mutated: a range has no append/sort/shuffle.
    a = list(range(n))
    a.append(n)
    b = list(range(n))
    b.sort(reverse=True)
    c = list(range(n))
    random.shuffle(c)
    d = list(range(n))
    d[0] = -1
    e = list(range(n))
    del e[0]
    f = list(range(n))
    f += [n]
    # Shown, serialised or compared: a range prints and compares differently.
    g = list(range(n))
    print(g)
    h = list(range(n))
    json.dumps(h)
    i = list(range(n))
    label = f"{i}"
    j = list(range(n))
    same = j == other
    # Escapes: returned, stored, passed to an unknown callee, aliased.
    k = list(range(n))
    m = list(range(n))
    box = [m]
    p = list(range(n))
    other.extend_with(p)
    q = list(range(n))
    alias = q
    # A slice kept as a list.
    r = list(range(n))
    head = r[:10]
    # Known small: a few hundred bytes.
    s = list(range(10))
    for v in s:
        pass
    # Not a plain copy of a range.
    t = [i * 2 for i in range(n)]
    u = [i for i in range(n) if i % 2]
    w = list(range(n)) + [n]
    # Unused: nothing reads it (not this rule's business).
    x = list(range(n))
    # A closure over a name bound twice may append to the list.
    y = list(range(n))
    add = lambda: y.append(0)
    for v in y:
        pass
    y = None
    return k, box, alias, head, same, label, t, u, w, add


def per_axis(x, sigmas):
    # An array has at most 64 dimensions: a list of its axes is a few hundred bytes.
    axes = list(range(x.ndim))
    dims = list(range(len(x.shape)))
    return [(axes[i], dims[i], sigmas[i]) for i in range(len(axes))]


def indexed_by_a_name(n, s):
    # `s` may hold a slice: a slice of a list is a list, of a range a range.
    lst = list(range(n))
    cut = slice(1, 3)
    return lst[s], lst[cut]


def indexed_by_an_int(n, k):
    order = list(range(n))  # expect: MEM402
    for i in range(k):
        print(order[i], order[i + 1], order[-1])
