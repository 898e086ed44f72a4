# MEM203 where collecting the pieces would be visible (display-only), and what is not reported.
import numpy as np
import pandas as pd


def read_in_the_loop(chunks):
    data = np.zeros(0, dtype=np.float32)
    for chunk in chunks:
        data = np.concatenate([data, chunk])  # expect: MEM203  fix: display-only[the loop reads]
        print(data.shape)  # sees the array grow
    return data


def rebound_in_the_loop(chunks):
    data = np.zeros(0, dtype=np.float32)
    for chunk in chunks:
        data = np.concatenate([data, chunk])  # expect: MEM203  fix: display-only[the loop reads]
        if data.size > 100:
            data = data[-100:]
    return data


def while_condition(source):
    data = np.zeros(0, dtype=np.float32)
    while data.size < 1000:
        data = np.append(data, source.read())  # expect: MEM203  fix: display-only[the loop reads]
    return data


def prepended(chunks):
    data = np.zeros(0, dtype=np.float32)
    for chunk in chunks:
        data = np.concatenate([chunk, data])  # expect: MEM203  fix: display-only[the new pieces go before]
    return data


def not_bound_before(chunks):
    for chunk in chunks:
        data = np.concatenate([data, chunk])  # expect: MEM203  fix: display-only[is not bound before the]
    return data


def keys_change_the_meaning(frames):
    df = pd.DataFrame()
    for i, frame in enumerate(frames):
        df = pd.concat([df, frame], keys=["old", "new"])  # expect: MEM203  fix: display-only[means something else for one]
    return df


def axis_changes(chunks):
    data = np.zeros((0, 0), dtype=np.float32)
    axis = 0
    for chunk in chunks:
        data = np.concatenate([data, chunk], axis=axis)  # expect: MEM203  fix: display-only[may change inside the loop]
        axis = 1 - axis
    return data


def caught(chunks):
    data = np.zeros(0, dtype=np.float32)
    try:
        for chunk in chunks:
            data = np.concatenate([data, chunk])  # expect: MEM203  fix: display-only[an exception caught around the]
    except ValueError:
        return data  # partly grown without the fix
    return data


def used_by_a_nested_function(chunks):
    data = np.zeros(0, dtype=np.float32)

    def size():
        return data.size

    for chunk in chunks:
        data = np.concatenate([data, chunk])  # expect: MEM203  fix: display-only[a nested function uses]
        print(size())
    return data


def comment_in_the_call(chunks):
    data = np.zeros(0, dtype=np.float32)
    for chunk in chunks:
        data = np.concatenate([data,  # expect: MEM203  fix: display-only[a comment in the call]
                               chunk])
    return data


def frame_rows(rows):
    df = pd.DataFrame()
    for row in rows:
        df = df.append(row, ignore_index=True)  # expect: MEM203[df.append]  fix: display-only[takes rows]
    return df


def silent(chunks, other, frame):
    data = np.zeros(0, dtype=np.float32)
    data = np.concatenate([data, other])  # not in a loop
    for chunk in chunks:
        merged = np.concatenate([data, chunk])  # a new name each time: nothing grows
        data2 = np.concatenate([other, chunk])  # does not include the name it rebinds
        stacked = np.stack([data, chunk])  # np.stack is not a concatenation
        rows = frame.append(chunk)  # `frame` is not known to be a DataFrame
        items = [data]
        items = items + [chunk]  # a list, not an array (list growth is cheap)

        def later(extra):
            local = np.zeros(0, dtype=np.float32)
            local = np.concatenate([local, extra])  # in a function defined in the loop, run once per call
            return local

        level = np.zeros(3, dtype=np.float32)
        if chunk is not None:
            level = np.append(level, chunk)  # `level` is made anew in every iteration: nothing accumulates
        kept = np.delete(data, 0)
        kept = np.append(kept, 0.0)  # rebuilt from `data` in every iteration: one append each time

    else:
        data = np.concatenate([data, other])  # the `else` clause runs once
    return data, merged, data2, stacked, rows, items, later, level, kept


def checks_each_point_against_the_swarm(points):
    # The loop reads what it gathered (seaborn's beeswarm): pieces in a list would have to be
    # joined on every iteration, so the advice is to fill an array of the final size.
    swarm = np.zeros((0, 2), dtype=np.float32)
    for point in points:
        near = np.abs(swarm - point).sum(axis=1) < 1.0
        point = point + near.sum()
        swarm = np.vstack([swarm, point])  # expect: MEM203[the loop also reads `swarm`, so when the final size is known, allocate it once]  fix: display-only[the loop reads]
    return swarm


def started_on_the_first_piece(layers):
    # `pos is None` only asks whether anything was gathered yet: the pieces can still be collected.
    pos = None
    for layer in layers:
        piece = np.asarray(layer, dtype=np.float32)
        if pos is None:
            pos = piece
        else:
            pos = np.concatenate([pos, piece])  # expect: MEM203[collect the pieces in a list]  fix: display-only
    return pos
