# MEM203 growth-by-concatenation-in-loop: each iteration copies everything gathered so far.
# The fix collects the pieces and concatenates once; it is unsafe (see the rule's documentation).
import numpy as np
import pandas as pd
import torch


def stacked_rows(paths):
    result = np.empty((0, 3))
    for path in paths:
        result = np.vstack((result, np.load(path)))  # expect: MEM203[np.vstack]  fix: unsafe[pieces changed after they are]
    return result


def appended_values(values):
    acc = np.array([])
    for v in values:
        if v > 0:
            acc = np.append(acc, v)  # expect: MEM203[np.append]  fix: unsafe[pieces changed after they are]
    return acc


def appended_along_an_axis(blocks):
    acc = np.zeros((0, 4), dtype=np.float32)
    for block in blocks:
        acc = np.append(acc, block, axis=0)  # expect: MEM203  fix: unsafe[pieces changed after they are]
    return acc


def several_pieces_and_an_axis(pairs):
    out = np.zeros((2, 0), dtype=np.int64)
    for left, right in pairs:
        out = np.concatenate([out, left, right], axis=1)  # expect: MEM203  fix: unsafe[pieces changed after they are]
    return out


def frames(paths):
    df = pd.DataFrame()
    for p in paths:
        chunk = pd.read_csv(p)
        df = pd.concat([df, chunk], ignore_index=True)  # expect: MEM203[pd.concat]  fix: unsafe[pieces changed after they are]
    return df


def tensors(n):
    t = torch.zeros(0)
    i = 0
    while i < n:
        t = torch.cat([t, torch.ones(2)], dim=0)  # expect: MEM203[torch.cat]  fix: unsafe[pieces changed after they are]
        i += 1
    else:
        print("done")  # the concatenation goes after the whole loop, `else` included
    return t


def nested_loops(groups):
    total = np.zeros(0, dtype=np.float32)
    for group in groups:
        for part in group:
            total = np.hstack((total, part))  # expect: MEM203  fix: unsafe[pieces changed after they are]
        print(total.size)  # after the inner loop: it sees the concatenated array
    return total


def with_break_and_continue(chunks):
    data = np.zeros(0, dtype=np.float32)
    for chunk in chunks:
        if chunk is None:
            continue
        if len(chunk) == 0:
            break
        data = np.concatenate((data, chunk))  # expect: MEM203  fix: unsafe[pieces changed after they are]
    return data
