# MEM101: what counts as a large allocation after the last use. `dict(key=value)` is the display
# `{"key": value}`: it refers to its values and copies none, so it allocates nothing large;
# `dict(pairs)` copies every entry.
import numpy as np


def plot_options(n):
    x = np.arange(n)
    y = np.sin(x)
    total = y.sum()
    options = dict(density=True, bins=x, color="C1")
    return options, total


def display_options(n):
    x = np.arange(n)
    y = np.sin(x)
    total = y.sum()
    options = {"density": True, "bins": x}
    return options, total


def copied_entries(n):
    x = np.arange(n)
    pairs = [(i, i * 2) for i in x]
    y = np.sin(x)
    total = y.sum()  # expect: MEM101[stays alive while `table = dict(pairs)`]
    table = dict(pairs)
    return table, total, x


def spread_entries(n, extra):
    x = np.arange(n)
    pairs = {i: i * 2 for i in x}
    y = np.sin(x)
    total = y.sum()  # expect: MEM101[stays alive while `table = dict(**pairs, **extra)`]
    table = dict(**pairs, **extra)
    return table, total, x
