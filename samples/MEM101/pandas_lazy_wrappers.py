# MEM101 dead-intermediate: `df.groupby(key)`, `rolling`, `expanding`, `ewm` and `resample` build
# an object that refers to the frame and computes nothing until it is aggregated: binding one
# allocates nothing large, and dropping it frees nothing while the frame is bound.
import pandas as pd


def grouped_then_cast(path):
    frame = pd.read_csv(path)
    model = fit(frame)
    report(model)  # expect: MEM101[(line 13)]
    grouped = frame.groupby("race")  # not an allocation: `model` overlaps only the cast
    show(grouped.mean())  # last use of `grouped`: nothing to drop
    frame["cat"] = frame["cat"].astype(object)
    return frame


def windows(path):
    series = pd.read_csv(path)["x"]
    window = series.rolling(10)
    show(window.mean())
    later = series.expanding()
    show(later.max())
    smooth = series.ewm(span=5)
    show(smooth.mean())
    monthly = series.resample("M")
    show(monthly.sum())
    result = series * 2
    return result


def aggregated_results_are_still_large(path):
    frame = pd.read_csv(path)
    filled = frame.groupby("k").transform("mean")
    save(filled)  # expect: MEM101
    more = frame * 2
    return more
