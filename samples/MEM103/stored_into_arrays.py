# MEM103 loop-variable-outlives-loop: a slice of the loop's array stored into an element of a numeric
# array is copied there, and keeps nothing alive; stored into a list, a dict, an object array or
# something not known, it keeps the whole array.
import numpy as np


def copied_into_rows(paths, n):
    # `out[i] = ...` copies the values into `out` (mne/io/edf/edf.py's `one[orig_idx] = ...`).
    out = np.zeros((len(paths), n), dtype=np.float32)
    for i, path in enumerate(paths):
        block = np.load(path)  # expect: MEM103[set `block = None` after the loop]
        out[i] = block.ravel()[:n]
    total = np.zeros((10_000, 10_000), dtype=np.float32)
    return out, total


def copied_into_a_row_of_unknown_dtype(paths, n, like):
    # A row of a 2-d array takes the values even when its dtype is object.
    out = np.zeros((len(paths), n), dtype=like.dtype)
    for i, path in enumerate(paths):
        block = np.load(path)  # expect: MEM103[set `block = None` after the loop]
        out[i, :] = block[:n]
    total = np.zeros((10_000, 10_000), dtype=np.float32)
    return out, total


def kept_in_a_list(paths, n):
    parts = [None] * len(paths)
    for i, path in enumerate(paths):
        block = np.load(path)
        parts[i] = block[:n]
    total = np.zeros((10_000, 10_000), dtype=np.float32)
    return parts, total


def kept_in_an_object_array(paths, n):
    # One element of an object array holds the view itself, and through it all of `block`.
    parts = np.empty(len(paths), dtype=object)
    for i, path in enumerate(paths):
        block = np.load(path)
        parts[i] = block[:n]
    total = np.zeros((10_000, 10_000), dtype=np.float32)
    return parts, total


def kept_in_an_array_of_unknown_dtype(paths, n, like):
    parts = np.empty(len(paths), dtype=like.dtype)
    for i, path in enumerate(paths):
        block = np.load(path)
        parts[i] = block[:n]
    total = np.zeros((10_000, 10_000), dtype=np.float32)
    return parts, total


def kept_in_a_dict(paths, n):
    parts = {}
    for path in paths:
        block = np.load(path)
        parts[path] = block[:n]
    total = np.zeros((10_000, 10_000), dtype=np.float32)
    return parts, total


def kept_by_something_unknown(paths, n, store):
    for i, path in enumerate(paths):
        block = np.load(path)
        store[i] = block[:n]
    total = np.zeros((10_000, 10_000), dtype=np.float32)
    return store, total


def kept_by_another_target(paths, n):
    # `last = out[i] = ...`: the first target holds the view.
    out = np.zeros((len(paths), n), dtype=np.float32)
    for i, path in enumerate(paths):
        block = np.load(path)
        last = out[i] = block[:n]
    total = np.zeros((10_000, 10_000), dtype=np.float32)
    return out, total, last


def copied_into_two_rows(paths, n):
    out = np.zeros((len(paths), 2, n), dtype=np.float32)
    for i, path in enumerate(paths):
        block = np.load(path)  # expect: MEM103[set `block = None` after the loop]
        out[i, 0] = out[i, 1] = block[:n]
    total = np.zeros((10_000, 10_000), dtype=np.float32)
    return out, total
