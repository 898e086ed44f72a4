# MEM103 loop-variable-outlives-loop: the last iteration's large value stays bound after the loop.
import numpy as np
import pandas as pd


def totals(paths):
    total = 0.0
    for path in paths:
        block = np.load(path)  # expect: MEM103[set `block = None` after the loop]
        total += block.sum()
    result = np.zeros((10_000, 10_000), dtype=np.float32)
    return total, result


def while_loop_with_else(reader):
    count = 0
    while reader.more():
        frame = pd.read_csv(reader.next_path())  # expect: MEM103
        count += len(frame)
    else:
        count += 1
    summary = pd.read_json(reader.summary_path())
    return count, summary


def nested_loops(groups):
    sums = []
    for group in groups:
        for path in group:
            part = np.load(path)  # expect: MEM103
            sums.append(part.mean())
        table = np.zeros((len(sums), 4096), dtype=np.float32)
    return table


def read_before_rebinding(paths):
    seen = 0
    for path in paths:
        if seen:
            seen += current.size
        current = np.load(path)  # expect: MEM103
        # (the next iteration reads current, but nothing after the loop does)
        seen += 1
    result = np.zeros((4096, 4096), dtype=np.float32)
    return result, seen


def never_read(paths):
    for path in paths:
        scratch = np.load(path)  # expect: MEM103
        process(path)
    return np.ones((2048, 2048), dtype=np.float32)


def overlap_inside_the_iteration(paths):
    for path in paths:
        block = np.load(path)
        mean = block.mean()  # expect: MEM101
        # MEM101 owns `block`: the next line allocates in the same iteration
        other = np.zeros((4096, 4096), dtype=np.float32)  # expect: MEM103
        store(mean, other)
    return np.ones((2048, 2048), dtype=np.float32)


for name in ["a.npy", "b.npy"]:
    loaded = np.load(name)  # expect: MEM103
    print(loaded.sum())
after = np.zeros((4096, 4096), dtype=np.float32)
