# MEM101: a read of another binding of the name keeps the value only on a path that does not pass the
# `del` (the loop runs zero times): the `del` after the last use still frees it wherever it runs.
import numpy as np


def stored_after_a_newton_loop(model, n_iter):
    if model.warm:
        f = model.f_cached
    else:
        f = np.zeros((10_000, 1_000), dtype=np.float32)
    for _ in range(n_iter):
        b = f * 2.0  # expect: MEM101[`f` (~40.0 MB) is not used after this]
        a = b + 1.0  # expect: MEM101[`b` is not used after this]
        f = a * 0.5
    model.f_cached = f


def returned_after_a_fixed_point(max_iter, tol):
    new = np.eye(10_000, dtype=np.float32)
    for _ in range(max_iter):
        prev = new.copy()  # expect: MEM101[`new` (~400 MB) is not used after this]
        new = prev @ prev
        if np.allclose(prev, new, atol=tol):
            break
    return new


def stored_after_branches_and_a_loop(model, start, maxiter):
    if start is None:
        mu = np.ones((10_000, 1_000), dtype=np.float32)
    else:
        mu = start * np.ones((10_000, 1_000), dtype=np.float32)
    for _ in range(maxiter):
        resid = model.endog - mu  # expect: MEM101[`mu` is not used after this]
        step = resid * 0.5  # expect: MEM101[`resid` is not used after this]
        mu = step + 1.0
    model.mu = mu


def returned_after_an_em_loop(corr, n_iter):
    uniq = 0.5 * np.ones((10_000, 1_000), dtype=np.float32)
    for _ in range(n_iter):
        c = corr / uniq[:, None]  # expect: MEM101[`uniq` (~40.0 MB) is not used after this]
        d = np.dot(c, corr)  # expect: MEM101[`c` is not used after this]
        uniq = d.sum(1) + np.zeros((10_000, 1_000), dtype=np.float32)
    return uniq


def kept_before_its_last_use(n, kept, flags):
    # A path appends the first binding, comes round and reaches the last use: `del` would free nothing.
    x = np.ones((10_000, 1_000), dtype=np.float32)
    for flag in flags:
        if flag:
            s = x.sum()
            x = np.zeros((10_000, 1_000), dtype=np.float32)
        kept.append(x)
    return s
