# MEM302 needless-astype-copy: what the dtype may be when only its kind is known. A value that can
# never have the target dtype is converted by `astype(T, copy=False)` as well: nothing to report.
import numpy as np


def rounded_to_int(path, spacing):
    # `x * s + 0.5` is floating (or complex) whatever x is: casting it to an int always converts
    # (dipy/align/scalespace.py).
    size = np.load(path) * spacing + 0.5
    size = size.astype(np.int32)
    return size


def quotient_floored(path, step):
    # A true division is never an int (pywt/_cwt.py).
    j = np.arange(np.load(path).max()) / step
    j = j.astype(int)
    return j


def quotient_to_float32(path, step):
    # ... but it may already be float32.
    j = np.load(path) / step
    j = j.astype(np.float32)  # expect: MEM302[even when it is already float32]  fix: safe
    return j


def offset_by_an_int(path):
    # `x + 1` keeps an int x an int: the cast may copy an int64 array for nothing.
    k = np.load(path) + 1
    k = k.astype(np.int64)  # expect: MEM302[even when it is already int64]  fix: safe
    return k


def scaled_then_negated(path):
    # The kind survives a sign and a slice.
    v = -(np.load(path) * 0.5)[1:]
    v = v.astype(np.int16)
    return v


def joined_with_float64(data, index):
    # A join with a float64 array is float64 or wider: float32 is a real conversion
    # (dipy/reconst/rumba.py).
    data = np.concatenate((np.ones([*data.shape[:3], 1], dtype=np.float64), data[..., index]), axis=3)
    data = data.astype(np.float32)
    return data


def joined_to_float64(data, index):
    # ... but it may be float64 already.
    data = np.concatenate((np.ones([*data.shape[:3], 1], dtype=np.float64), data[..., index]), axis=3)
    data = data.astype(np.float64)  # expect: MEM302[even when it is already float64]  fix: safe
    return data


def to_object(path):
    # Any array may be cast to object for nothing: an object array stays one under arithmetic.
    w = np.load(path) * 0.5
    w = w.astype(object)  # expect: MEM302[even when it is already object]  fix: safe
    return w


def either_binding(path, flag):
    # One binding is floating, the other may be an int already.
    if flag:
        m = np.load(path) / 2
    else:
        m = np.load(path)
    m = m.astype(np.int64)  # expect: MEM302[even when it is already int64]  fix: unsafe[another binding]
    return m
