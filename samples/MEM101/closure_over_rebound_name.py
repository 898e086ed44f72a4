# MEM101 dead-intermediate: a lambda or nested function reads a name's cell, whichever binding
# filled it. When the name is bound more than once the closure's read resolves to no single
# binding, but `del` would still empty the cell under it: not reported
# (statsmodels/stats/diagnostic.py's acorr_ljungbox).
import numpy as np


def ljung_box(path, k, auto):
    x = np.load(path)
    lags = np.arange(1, k + 1)
    if auto:
        sacf2 = np.cumsum(x) ** 2
        lags = optimal_length(lambda p: np.cumsum(sacf2)[p - 1])
    sacf2 = np.cumsum(x) ** 2  # expect: MEM101[`x` is not used after this]
    stat = np.cumsum(sacf2)[lags - 1]
    pvals = np.full_like(stat, np.nan)
    return stat, pvals


def without_the_closure(path, k, auto):
    x = np.load(path)
    lags = np.arange(1, k + 1)
    if auto:
        sacf2 = np.cumsum(x) ** 2
        lags = optimal_length(np.cumsum(sacf2))  # expect: MEM101[`sacf2` is not used after this]
    sacf2 = np.cumsum(x) ** 2  # expect: MEM101[`x` is not used after this]
    stat = np.cumsum(sacf2)[lags - 1]  # expect: MEM101[`sacf2` is not used after this] MEM101[`lags`]
    pvals = np.full_like(stat, np.nan)
    return stat, pvals
