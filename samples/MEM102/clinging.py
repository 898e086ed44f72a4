# MEM102 clinging-argument: a large local passed as its last use into a call whose result feeds
# another large call in the same statement.
import numpy as np
import pandas as pd
from pipeline import clean, featurize, groups_of, normalize, smooth, split


def returned_chain(path):
    data = pd.read_csv(path)
    return featurize(clean(data))  # expect: MEM102[while `featurize(...)` runs]


def assigned_chain(path):
    data = np.load(path)
    out = np.concatenate(smooth(data), axis=0)  # expect: MEM102[rebind it first: `data = smooth(...)`]
    return out


def keyword_argument(path):
    frame = pd.read_parquet(path)
    return pd.concat(objs=split(frame))  # expect: MEM102


def method_on_the_result(path):
    frame = pd.read_json(path)
    return normalize(frame).dropna()  # expect: MEM102


def method_of_a_local_object(path, scaler):
    data = np.load(path)
    return scaler.transform(clean(data))  # expect: MEM102


def later_allocation_too(path):
    data = np.load(path)
    out = np.concatenate(smooth(data))  # expect: MEM101
    # MEM101 owns this use of data (a later line allocates): MEM102 stays silent
    big = np.zeros((4096, 4096), dtype=np.float32)
    return out, big


table = pd.read_csv("table.csv")
summary = pd.concat(groups_of(table))  # expect: MEM102
