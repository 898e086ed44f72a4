# MEM302 with the unsigned and complex64 dtypes: the facts know them by every name numpy gives them.
import numpy as np

ROWS = 10_000_000


def already_uint16():
    # The facts know x is uint16: the copy is pure waste (10M items of 2 bytes).
    x = np.zeros(ROWS, dtype=np.uint16)
    x = x.astype(np.uint16)  # expect: MEM302[is already uint16: `x.astype(np.uint16)` copies it (~20.0 MB) for nothing]  fix: safe
    return x


def already_uint32_by_code():
    # 'u4' and np.uint32 name the same dtype.
    x = np.ones(ROWS, dtype="u4")
    x = x.astype(np.uint32)  # expect: MEM302[is already uint32]  fix: safe
    return x


def already_uint64_pointer_sized():
    # np.uintp is uint64 on the 64-bit platforms numpy ships for.
    x = np.zeros(ROWS, dtype=np.uintp)
    x = x.astype("u8")  # expect: MEM302[is already uint64: `x.astype("u8")` copies it (~80.0 MB)]  fix: safe
    return x


def already_complex64():
    # np.csingle and 'c8' are complex64: 8 bytes per item.
    x = np.zeros(ROWS, dtype=np.csingle)
    x = x.astype("c8")  # expect: MEM302[is already complex64: `x.astype("c8")` copies it (~80.0 MB) for nothing]  fix: safe
    return x


def real_conversions():
    # The dtype changes: `copy=False` would not avoid these copies.
    halves = np.zeros(ROWS, dtype=np.float32)
    halves = halves.astype(np.uint16)
    wide = np.zeros(ROWS, dtype=np.uint16)
    wide = wide.astype(np.uint32)
    waves = np.zeros(ROWS, dtype=np.complex128)
    waves = waves.astype(np.complex64)
    signed = np.zeros(ROWS, dtype=np.int64)
    signed = signed.astype(np.uint64)
    return halves, wide, waves, signed
