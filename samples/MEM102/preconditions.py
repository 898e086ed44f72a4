# MEM102 must stay silent where splitting would be wrong or would free nothing.
import hashlib

import numpy as np
import pandas as pd
from pipeline import report, shift, smooth

shared = None


def read_again_next_iteration(path, steps):
    data = np.load(path)
    for step in steps:
        out = np.concatenate(shift(data, step))  # data is read again on the next iteration
    return out


def used_in_except(path):
    data = np.load(path)
    try:
        return np.concatenate(smooth(data))
    except ValueError:
        return report(data)  # the handler may still read data


def used_in_finally(path):
    data = np.load(path)
    try:
        return np.concatenate(smooth(data))
    finally:
        report(data)  # finally reads data on every path


def read_by_a_closure(path):
    data = np.load(path)
    callback = lambda: data.shape  # the closure may read data at any later time
    return np.concatenate(smooth(data)), callback


def alias_returned(path):
    data = np.load(path)
    keep = data  # an alias keeps the object alive: rebinding data frees nothing
    return np.concatenate(smooth(data)), keep


def declared_global(path):
    global shared
    shared = np.load(path)
    return np.concatenate(smooth(shared))  # a global outlives the function


def calls_locals(path):
    data = np.load(path)
    return np.concatenate(smooth(data)), locals()  # locals() exposes every name


def parameter(data):
    return np.concatenate(smooth(data))  # the caller holds the object anyway


def only_sometimes_evaluated(path, flag):
    data = np.load(path)
    return np.concatenate(smooth(data)) if flag else None  # hoisting would run smooth always


def read_twice(path):
    data = np.load(path)
    return np.concatenate(smooth(data), data.shape[0])  # the statement reads data again


def outer_call_is_small(path):
    data = np.load(path)
    return len(smooth(data))  # len builds nothing large


def a_digest_is_small(path):
    with open(path, "rb") as file:
        content = file.read()
    return hashlib.md5(content).hexdigest()  # a hash's digest is a few bytes


def a_view_of_the_input(path):
    data = np.load(path)
    return np.concatenate(np.asarray(data))  # np.asarray may return data itself


def a_wrapper_may_hold_the_input(path, series):
    keys = np.load(path)
    return series.groupby(keys).sum()  # a method's result (a GroupBy) may hold keys


def a_generator_holds_the_input(path):
    data = np.load(path)
    return np.concatenate(list(smooth(data)))  # list() consumes what may be a generator holding data


def may_return_its_input(path):
    data = np.load(path)
    return np.concatenate(np.atleast_1d(data))  # np.atleast_1d returns data itself when it is 1-d


def rebinding_to_a_small_value(path):
    data = np.load(path)
    return np.zeros(len(data), dtype=np.float32)  # len(data) is small: rebinding data to it is no fix
