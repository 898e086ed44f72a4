# MEM201 when the old elements stay alive anyway, and when the list is another owner's item.
import numpy as np


def views_of_the_items(big, parts, probs, load):
    # The new list holds the old arrays or views of them: only the lists' pointers are doubled.
    rows = np.vsplit(big, big.shape[0])
    rows = [np.squeeze(r) for r in rows]
    arrays = [np.moveaxis(p, 0, -1) for p in parts]
    arrays = [a.T for a in arrays]
    flat = list(load())
    flat = [np.ravel(a) if a.ndim != 1 else a for a in flat]
    probs = list(probs)
    probs = [p[:, -1] if p.shape[1] == 2 else p for p in probs]
    cols = list(load())
    cols = [c if c.size > 0 else np.array([np.nan]) for c in cols]
    held = list(load())
    held = [h._data for h in held]
    series = list(load())
    series = [s.values for s in series]
    whole = [np.zeros(n) for n in range(3, 9)]
    whole = [w[()] for w in whole]
    return rows, arrays, flat, probs, cols, held, series, whole


def new_elements(load, mask, n):
    # New elements replace the old ones: in place, each old one is freed as it is replaced.
    copies = list(load())
    copies = [c.copy() for c in copies]  # expect: MEM201  fix: safe
    masked = list(load())
    masked = [m[mask] for m in masked]  # expect: MEM201  fix: safe
    tails = list(load())
    tails = [t[1:] for t in tails]  # expect: MEM201  fix: safe
    lists = [[float(v)] * 4 for v in range(n)]
    lists = [np.asarray(x) for x in lists]  # expect: MEM201  fix: safe
    dense = list(load())
    dense = [d.A for d in dense]  # expect: MEM201  fix: safe
    return copies, masked, tails, lists, dense


def items_of_an_owner(idx, table, func):
    # Unpacked from an attribute, or the items of a loop over a container: the owner keeps them.
    codes = idx.codes
    major, minor = codes
    major = [(x + 1) % 3 for x in major]
    for label, value in table.rows:
        value = [v * 2 for v in value]
    for col, fun in func.items():
        fun = [str(f) for f in fun]
    return major, minor, label, value, col, fun


def items_of_a_generator(reader):
    # The items of an iterable of unknown type are not known to be lists (a csv.reader's are, a
    # zip's are tuples): not reported.
    total = []
    for row in reader:
        row = [float(v) for v in row]
        total.append(row)
    return total


def a_million_views():
    # Known to be long: the old list's million pointers alone are 8 MB.
    blocks = [np.zeros(3) for _ in range(1_000_000)]
    blocks = [b.T for b in blocks]  # expect: MEM201[old one (~8.0 MB)]  fix: safe
    return blocks


def an_item_of_each(load, k):
    # An item of each old element is nothing new: the old elements are all alive when an in-place
    # loop starts too. An index that may be an array of indices copies.
    pairs = list(load())
    pairs = [p[0] for p in pairs]
    pairs = list(map(lambda p: p[-1], pairs))
    picks = list(load())
    picks = [p[k] for p in picks]  # expect: MEM201  fix: safe
    return pairs, picks
