# MEM101 dead-intermediate: what a plotting call returns (a figure, axes, artists) belongs to the
# figure pyplot keeps until it is closed, also when the call is a library's plotting function or
# method (`infl.plot_index(...)`, `df.plot()`): dropping the name frees nothing.
import numpy as np
import pandas as pd
from statsmodels.graphics.regressionplots import plot_leverage_resid2


def influence_figures(path):
    frame = pd.read_csv(path)
    infl = fit(frame).get_influence()  # expect: MEM101[stays alive while `fig = infl.plot_influence()`]
    fig = infl.plot_influence()
    fig.tight_layout(pad=1.0)
    fig = infl.plot_index(y_var="cooks")
    fig.tight_layout(pad=1.0)
    fig = infl.plot_index(y_var="resid")
    fig.tight_layout(pad=1.0)
    return infl


def frame_axes(path):
    frame = pd.read_csv(path)
    ax = frame.plot()
    ax.set_title("all")
    fig = plot_leverage_resid2(frame)
    fig.savefig("leverage.png")
    more = frame * 2
    return more


def plotting_data_is_still_data(path):
    frame = pd.read_csv(path)
    points = plotting_positions(frame)
    show(points)  # expect: MEM101
    more = frame * 2
    return more
