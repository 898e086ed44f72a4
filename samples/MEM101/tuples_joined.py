# MEM101: joining tuples (`(first,) + rest[1:]`) holds the items that exist already, a few
# pointers however large the items are: it is no large allocation for a dead value to overlap.
import numpy as np


def _unique(values):
    ret = [np.sort(values)]
    ret.append(np.argsort(values))
    return tuple(ret)


def unique_rows(n):
    consolidated = np.empty(n, dtype=np.float32)
    output = _unique(consolidated)
    output = (output[0].reshape(n, -1),) + output[1:]
    return output


def then_a_real_allocation(n):
    consolidated = np.empty(n, dtype=np.float32)
    output = _unique(consolidated)  # expect: MEM101
    grid = np.zeros((n, n), dtype=np.float32)
    return output, grid
