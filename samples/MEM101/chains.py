# MEM101 dead-intermediate: large values still bound after their last use.
import pickle

import numpy as np
import pandas as pd
from pandas import read_hdf
from sklearn.metrics import mean_absolute_error


def seed(path):
    with open(path, "rb") as file:
        data1 = pickle.load(file)
    data2 = some_processing1(data1)  # expect: MEM101[stays alive while `data3 = some_processing2(data2)`]
    data3 = some_processing2(data2)
    return data3


def four_steps(path):
    frame = pd.read_csv(path)
    cleaned = clean(frame)  # expect: MEM101
    features = featurize(cleaned)  # expect: MEM101
    scaled = scale(features)  # expect: MEM101
    return train(scaled)


def last_use_in_both_branches(path, flag):
    raw = pd.read_parquet(path)
    if flag:
        summary = summarize(raw)
    else:
        summary = describe(raw)  # expect: MEM101
    model = fit(pd.read_json(path))
    return summary, model


def last_use_in_a_loop_header(path):
    rows = pd.read_csv(path)
    total = 0
    for row in rows.itertuples():  # expect: MEM101
        total += row.value
    table = build_table(pd.read_json(path))
    return total, table


def same_line_statements(path):
    raw = pd.read_csv(path)
    small = reduce(raw); other = 1  # expect: MEM101
    out = expand(pd.read_csv(path))
    return small, other, out


def inspects_an_object(path):
    raw = pd.read_csv(path)
    names = dir(raw)  # expect: MEM101
    listing = build_table(pd.read_json(path))  # dir(raw) looks at raw, not at the local names
    return names, listing, vars(listing)


def consumed_generator_and_a_copy(path):
    import numpy as np

    data = np.load(path)
    total = sum(r.sum() for r in data)  # expect: MEM101
    big = np.zeros((4096, 4096), dtype=np.float32)
    frame = pd.read_csv(path)
    snapshot = frame.copy()  # expect: MEM101
    other = pd.read_json(path)
    return total, big, snapshot, other


def derived_values_that_do_not_outlive_their_statement(path):
    import numpy as np

    data = np.load(path)
    check(data[::-1], data.shape[0])  # expect: MEM101
    big = np.zeros((4096, 4096), dtype=np.float32)
    return big


def conditions_that_read_no_names(path, items, conditions, choices, tree, points, model):
    data = pd.read_csv(path)
    summary = summarize(data)  # expect: MEM101
    extra = compute(pd.read_json(path))
    items.remove("x")  # list.remove: no condition string
    chosen = np.select(conditions, choices)
    near = tree.query(points, 3)  # KDTree.query: no expression string
    score = model.evaluate(points)  # Keras: no expression string
    frame = read_hdf(path, "df")  # a key, no condition
    return summary, extra, chosen, near, score, frame


def written_through_out(n):
    out = np.empty(n, dtype=np.float32)
    np.sqrt(np.arange(n, dtype=np.float32), out=out)  # the result is dropped: `out` is not aliased
    total = out.sum()  # expect: MEM101
    more = np.zeros(n, dtype=np.float32)
    return total, more


def _copied(w):
    return w[w > 0]  # a mask selects a copy


def helpers_that_allocate(n):
    grid = np.arange(n, dtype=np.float32)
    window = np.cos(grid)  # expect: MEM101
    return _copied(window)


def output_made_in_the_call(x):
    # An output array made in the call belongs to the result alone.
    logs = np.log(x, out=np.zeros_like(x))
    print(logs)  # expect: MEM101
    e = np.ones_like(x)
    return e


def metrics_are_numbers(path, model, X, y):
    # scikit-learn's metrics and an estimator's score() give one number: no finding for them.
    predicted = np.load(path)
    error = mean_absolute_error(y, predicted)
    print(error)
    residual = predicted - y  # expect: MEM101[stays alive while `baseline = np.zeros_like(residual)`]
    accuracy = model.score(X, residual)
    print(accuracy)
    baseline = np.zeros_like(residual)
    return baseline


def returned_before_finally(path):
    # Both stay alive while the `finally` block allocates, but no line after the `return` (nor
    # after the `try`, which always returns) is ever reached: a `del` there would free nothing.
    data = np.load(path)
    try:
        scaled = data * 2  # expect: MEM101  fix: none
        return scaled.sum()  # expect: MEM101  fix: none
    finally:
        spare = np.zeros((4096, 4096), dtype=np.float32)
        print(spare.sum())


def a_handler_falls_through(path):
    # The handler can reach the line after the `try`: `del data` goes there.
    data = np.load(path)
    try:
        scaled = data * 2  # expect: MEM101  fix: safe
        print(scaled.sum())  # expect: MEM101  fix: safe
        return None
    except ValueError:
        pass
    return np.zeros((4096, 4096), dtype=np.float32)
