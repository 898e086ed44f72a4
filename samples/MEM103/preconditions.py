# MEM103 must stay silent whenever `name = None` after the loop would be wrong or free nothing.
import numpy as np
import pandas as pd

shared = None


def read_after_the_loop(paths):
    for path in paths:
        block = np.load(path)
    result = np.zeros((4096, 4096), dtype=np.float32)
    return result, block.sum()  # block is read after the loop


def read_again_next_iteration(groups):
    for group in groups:
        if group:
            print(part.size)  # the next outer iteration reads part before binding it again
        for path in group:
            part = np.load(path)
        other = np.zeros((4096, 4096), dtype=np.float32)
    return other


def used_in_except(paths):
    try:
        for path in paths:
            block = np.load(path)
            print(block.sum())
        result = np.zeros((4096, 4096), dtype=np.float32)
    except ValueError:
        print(block)  # the handler may still read block
        raise
    return result


def used_in_finally(paths):
    try:
        for path in paths:
            block = np.load(path)
            print(block.sum())
        result = np.zeros((4096, 4096), dtype=np.float32)
    finally:
        print(block)  # finally reads block on every path
    return result


def read_by_a_closure(paths):
    for path in paths:
        block = np.load(path)
    callback = lambda: block.shape  # the closure may read block at any later time
    result = np.zeros((4096, 4096), dtype=np.float32)
    return callback, result


def alias_returned(paths):
    for path in paths:
        block = np.load(path)
        keep = block  # an alias keeps the object alive: block = None frees nothing
    result = np.zeros((4096, 4096), dtype=np.float32)
    return keep, result


def appended(paths):
    blocks = []
    for path in paths:
        block = np.load(path)
        blocks.append(block)  # the list keeps every block alive anyway
    return np.concatenate(blocks)


def declared_global(paths):
    global shared
    for path in paths:
        shared = np.load(path)  # a global outlives the function
    return np.zeros((4096, 4096), dtype=np.float32)


def calls_locals(paths):
    for path in paths:
        block = np.load(path)
        print(block.sum())
    return np.zeros((4096, 4096), dtype=np.float32), locals()  # locals() exposes every name


def nothing_large_after(paths):
    total = 0
    for path in paths:
        block = np.load(path)
        total += block.sum()
    return total  # nothing large runs after the loop


def swapped_buffers(n):
    front = np.zeros((4096, 4096), dtype=np.float32)
    back = np.zeros((4096, 4096), dtype=np.float32)
    for _ in range(n):
        front, back = back, front  # each name is an alias of the other buffer: None would free nothing
        step(front, back)
    return np.ones((2048, 2048), dtype=np.float32)


def element_kept_after_the_loop(paths, solve):
    for path in paths:
        out = solve(np.load(path))
        x = out[0]  # x, still bound after the loop, may hold most of out
    result = np.zeros((4096, 4096), dtype=np.float32)
    return x, result


def test_reads_each(paths):
    # In test code only values of known size (see MEM101's samples).
    for path in paths:
        block = np.load(path)
        block.sum()
    return np.zeros((10_000, 10_000), dtype=np.float32)



def kept_after_a_handler(paths, n):
    # The append reads whichever binding ran: the one in `try` is kept as well, so `None` frees nothing.
    parts = []
    for path in paths:
        try:
            part = np.load(path)
        except ValueError:
            part = pd.read_csv(path).to_numpy()
        parts.append(part)
    out = np.empty(n, dtype=object)
    out[:] = parts
    return out


def kept_from_either_branch(paths, n):
    parts = []
    for path in paths:
        if path.endswith(".npy"):
            part = np.load(path)
        else:
            part = pd.read_csv(path).to_numpy()
        parts.append(part)
    out = np.zeros((n, n), dtype=np.float32)
    return parts, out
