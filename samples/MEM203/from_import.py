# MEM203 with `from numpy import append`: the fix needs `numpy.concatenate`, which this module
# cannot spell without a new import, so it is display-only.
from numpy import append


def collect(values):
    acc = []
    for v in values:
        acc = append(acc, v)  # expect: MEM203[`append`]  fix: display-only[numpy is not imported as]
    return acc
