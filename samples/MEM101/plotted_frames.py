# MEM101 dead-intermediate: a pandas object plotted by its own `plot` accessor is kept by the
# figure (the lines hold views of its values), as an array handed to `ax.plot` is: dropping its
# name frees nothing while the figure lives.
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd


def simulations(path, n):
    frame = pd.read_csv(path)
    fig, axes = plt.subplots(2)
    simulated = pd.DataFrame(np.zeros((n, 100), dtype=np.float32))
    simulated.plot(ax=axes[0], legend=False)
    frame["x"].plot(ax=axes[1])
    later = frame.plot.line()
    store = np.zeros((n, 100), dtype=np.float32)
    return store


def saved_not_plotted(path, n):
    frame = pd.read_csv(path)
    doubled = frame * 2
    doubled.to_csv("doubled.csv")  # expect: MEM101
    store = np.zeros((n, 100), dtype=np.float32)
    return store, frame.plot
