# MEM101 dead-intermediate: a plotting call keeps what it draws, also when it is given a view of
# the array (`.T`, a slice, a reshape): the figure then keeps the array alive, and dropping its
# name frees nothing.
import matplotlib.pyplot as plt
import numpy as np


def plot_transposed(n, k):
    x = np.random.default_rng(0).random((n, k), dtype=np.float32)
    plt.plot(x.T)
    y = np.ones((n, k), dtype=np.float32)
    return y


def plot_column(n, k):
    x = np.random.default_rng(0).random((n, k), dtype=np.float32)
    plt.plot(x[:, 0])
    y = np.ones((n, k), dtype=np.float32)
    return y


def show_reshaped(n, k):
    x = np.random.default_rng(0).random(n * k, dtype=np.float32)
    plt.imshow(x.reshape(n, k))
    y = np.ones((n, k), dtype=np.float32)
    return y


def plot_a_sum(n, k):
    x = np.random.default_rng(0).random((n, k), dtype=np.float32)
    plt.plot(x.sum(axis=0))  # expect: MEM101[`x` is not used after this]
    y = np.ones((n, k), dtype=np.float32)
    return y
