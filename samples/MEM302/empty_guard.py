# MEM302 under a test that found the array empty: converting an empty array copies no data, so
# `copy=False` saves nothing. Only a test with nothing between it and the cast counts.
import numpy as np


def empty_result(values: np.ndarray, subtype):
    if len(values) == 0:
        values = values.astype(subtype)
    return values


def empty_after_concatenate(pieces, kinds):
    result = np.concatenate(pieces)
    if len(result) == 0:
        if len(kinds) != 1:
            if "b" in kinds:
                result = result.astype(object)
    return result


def no_size(path, flag):
    x = np.load(path)
    if flag and not x.size:
        x = x.astype(np.float64)
    return x


def zero_first(path):
    x = np.load(path)
    if 0 == x.size:
        x = x.astype(np.float64)
    return x


def non_empty(path):
    x = np.load(path)
    if len(x) > 0:
        x = x.astype(np.float64)  # expect: MEM302
    return x


def refilled_before_the_cast(path, more):
    x = np.load(path)
    if len(x) == 0:
        x = np.concatenate([x, more])
        x = x.astype(np.float64)  # expect: MEM302
    return x


def either_test(path, other):
    x = np.load(path)
    if len(x) == 0 or len(other) == 0:
        x = x.astype(np.float64)  # expect: MEM302
    return x


def in_the_else_branch(path):
    x = np.load(path)
    if len(x) == 0:
        return x
    else:
        x = x.astype(np.float64)  # expect: MEM302
    return x


def loop_under_the_test(path, more, n):
    x = np.load(path)
    if x.size == 0:
        for _ in range(n):
            x = x.astype(np.float64)  # expect: MEM302
            x = np.concatenate([x, more])
    return x
