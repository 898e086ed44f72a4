# MEM101 must stay silent whenever `del` would be wrong or would free nothing.
import pickle

import pandas as pd

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


def plotted(path, ax):
    curve = pd.read_csv(path).to_numpy()
    ax.plot(curve)  # the line artist keeps the array: del curve would free nothing
    extra = compute(pd.read_json(path))
    return extra
