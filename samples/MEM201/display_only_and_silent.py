# MEM201 where the index loop cannot be written (display-only), and what is not reported.
import numpy as np

N = 1_000_000


def display_only(pairs, make_key, other):
    data = [float(v) for v in range(N)]
    data = [v * 2 for v in data]; done = True  # expect: MEM201  fix: display-only[the statement shares its line]
    pairs = list(pairs)
    pairs = [a + b for a, b in pairs]  # expect: MEM201  fix: display-only[clause unpacks a tuple]
    fns = [float(v) for v in range(N)]
    fns = [lambda: v for v in fns]  # expect: MEM201  fix: display-only[a nested function reads the]
    gens = [float(v) for v in range(N)]
    gens = [(v * k for k in (1, 2)) for v in gens]  # expect: MEM201  fix: display-only[a generator expression reads the loop variable]
    data = [f"{v=}" for v in data]  # expect: MEM201  fix: display-only[an f-string prints the loop]
    keys = list(other)
    keys = list(map(make_key(), keys))  # expect: MEM201  fix: display-only[the mapped function is an]
    copy = data = [v + "!" for v in data]  # expect: MEM201  fix: display-only[the assignment has several targets]
    nums = [float(v) for v in range(N)]
    nums: list = [v + 1.0 for v in nums]  # expect: MEM201  fix: display-only[the assignment has several targets]
    nums = [  # expect: MEM201  fix: display-only[a comment in the statement]
        v * 2.0
        for v in nums  # a comment outside the element would be lost
    ]
    return data, pairs, fns, gens, keys, copy, nums, done


class Table:
    rows = [float(v) for v in range(N)]
    rows = [v * 2 for v in rows]  # expect: MEM201  fix: display-only[in a class body the]


def shadowed_builtins():
    len = 3
    data = [float(v) for v in range(N)]
    data = [v * len for v in data]  # expect: MEM201  fix: display-only[is shadowed]
    return data


async def asynchronous(stream):
    stream = [v * 2 async for v in stream]  # an async iterable, never a list
    return stream


def silent(other, stream):
    data = [float(v) for v in range(N)]
    doubled = [v * 2 for v in data]  # a new name: both lists are wanted
    data = [v for v in data]  # a plain copy is made on purpose
    data = [v for v in data if v > 0]  # a filter has no in-place form
    grid = [[float(v)] for v in range(N)]
    grid = [w for row in grid for w in row]  # nested `for` clauses: no in-place form
    small = [1.0, 2.0, 3.0]
    small = [v * 2 for v in small]  # known to be small (below min-bytes)
    frozen = tuple(other)
    frozen = [v * 2 for v in frozen]  # a tuple cannot be updated in place
    arr = np.zeros(N, dtype=np.float32)
    arr = [v * 2 for v in arr]  # an array, not a list
    view = np.broadcast_to(other, N)
    view = [v * 2 for v in view]  # an array too (a read-only view)
    gen = (v for v in stream)
    gen = [v * 2 for v in gen]  # a generator holds no elements
    names = list(other)
    names = list(map(str.strip, other))  # rebuilt from another name
    stream = list(map(str.strip, stream))  # the map form needs `stream` known to be a list
    mapping = {"a": 1.0, "b": 2.0}
    mapping = [k.upper() for k in mapping]  # a dict: its keys become the list
    either = list(other)
    if stream:
        either = tuple(other)
    either = [v * 2 for v in either]  # a tuple on one path
    maybe = other
    if stream:
        maybe = [float(v) for v in range(N)]
    maybe = list(map(abs, maybe))  # the list(...) forms need a list on every path; `other` may be any iterable
    return data, doubled, grid, small, frozen, arr, view, gen, names, stream, mapping, either, maybe


def star_parameters(*args: float, **kwargs):
    args = [float(a) for a in args]  # `*args` is a tuple
    kwargs = [k.upper() for k in kwargs]  # `**kwargs` is a dict
    return args, kwargs


def the_callers_list(items, weights):
    # A parameter, or another name for one, holds the caller's list: the caller keeps it alive
    # either way and does not expect it to change, so rebuilding it is not reported.
    items = [x * 2 for x in items]
    values = weights
    values = [v + 1 for v in values]
    return items, values


def the_callers_list_or_an_empty_one(items, holder):
    values = items or []
    values = [x * 2 for x in values]
    defaults = holder.defaults or ()
    defaults = [repr(v) for v in defaults]
    items = items or []
    items = [x * 2 for x in items]
    return values, defaults, items


def the_callers_list_extended(items):
    items += [0.0]  # extends the caller's list: still the caller's
    items = [x * 2 for x in items]
    return items


def an_owners_list(grid, table, key):
    # An object's attribute or a container's item stays with its owner the same way.
    paths = grid.paths
    paths = [p.strip() for p in paths]
    row = table[key]
    row = [cell * 2 for cell in row]
    return paths, row


def the_callers_list_or_one_item(level, index):
    # A parameter, or a list of the one value when it was no list: small or the caller's.
    if not isinstance(level, list):
        level = [level]
    level = [index.get_level_number(lev) for lev in level]
    return level


def the_callers_list_or_one_item_repeated(bounds, colors, n):
    # The caller's list, or one value repeated: that list holds a pointer per item to a single
    # object, so rebuilding it holds only pointers twice (lmfit/_ampgo.py, torchvision/utils.py).
    if bounds is None:
        bounds = [(None, None)] * n
    bounds = [b if b is not None else (None, None) for b in bounds]
    if not isinstance(colors, list):
        colors = n * [colors]
    colors = [str(c) for c in colors]
    return bounds, colors


def a_mappings_item_or_the_callers_list(info, markers, options):
    # `d.get(key)` is the mapping's own item (mne/io/kit/kit.py).
    if markers is None:
        markers = info.get("mrk", None)
    if isinstance(markers, list):
        markers = [str(m) for m in markers]
    names = options.get("names")
    names = [n.strip() for n in names]
    return markers, names


def test_rebuilds_a_list_of_unknown_length(path):
    # Test code: a list whose size is unknown is not reported (tests hold small data).
    with open(path) as handle:
        names = handle.read().split()
    names = [n.strip() for n in names]
    return names


def not_lists(other):
    # Values known not to be lists have no in-place form: their items become the new list.
    order = str(other).upper()
    order = [c.replace("X", "1") for c in order]  # a str
    seen = {other.normal(v) for v in order}
    seen = [other.reduce(v) for v in seen]  # a set comprehension
    missing = set(range(len(order))) - set(other)
    missing = [i + 1 for i in missing]  # a set's difference
    pair = other.first, other.second
    pair = [p * 2 for p in pair]  # a tuple without brackets
    return order, seen, missing, pair


def _gradients(volume):
    return volume[1:] - volume[:-1], volume[:, 1:] - volume[:, :-1]


def _stream(items):
    for item in items:
        yield [item]


def not_known_to_be_lists(volume, keep, canvas, kwargs, frame):
    # A tuple or a generator that a function returns, a library's result, another owner's item, a
    # mapping's keys: the in-place loop would fail on them or change someone else's data.
    grads = _gradients(volume)
    grads = [g[keep] for g in grads]
    groups = _stream(volume)
    groups = [list(g) for g in groups]
    size = canvas.get_width_height()
    size = [int(s * 2) for s in size]
    units = kwargs.pop("unit")
    units = [str(u) for u in units]
    frame = [frame[k] for k in frame]
    return grads, groups, size, units, frame
