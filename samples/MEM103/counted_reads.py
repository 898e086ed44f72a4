# MEM103 loop-variable-outlives-loop: a read of a stated number of items of a stated dtype is small.
import numpy as np

UINT8 = "<u1"  # a dtype named once, as mne/io/edf/edf.py does


def event_table(fid):
    # Three bytes: `sr[i]` is one number, and so is what the loop builds of it
    # (mne/io/edf/edf.py's event table).
    sr = np.fromfile(fid, "<u1", 3)
    event_sr = sr[0]
    for i in range(1, len(sr)):
        event_sr = event_sr + sr[i] * 2 ** (i * 8)
    n_events = np.fromfile(fid, "<u4", 1)[0]
    pos = np.fromfile(fid, "<u4", n_events) - 1
    return pos


def header_fields(fid, raw):
    # `count` by keyword, and frombuffer's (whose buffer must hold them all).
    for k in range(4):
        head = np.fromfile(fid, dtype=np.int32, count=16)
        tail = np.frombuffer(raw, np.float64, 8, 16 * k)
    body = np.fromfile(fid, dtype=np.float32)
    return body


def records(fid, n):
    # The count is not known here: each block may be large.
    for _ in range(n):
        block = np.fromfile(fid, np.float64, n)  # expect: MEM103[set `block = None` after the loop]
    rest = np.fromfile(fid, np.float64)
    return rest


def to_the_end(fid, paths):
    # `count=-1`, the default, reads the whole file.
    for path in paths:
        whole = np.fromfile(path, np.uint8, -1)  # expect: MEM103[set `whole = None` after the loop]
    rest = np.fromfile(fid, np.float64)
    return rest


def recording_ids(fid, n):
    # The dtype by a module constant's name.
    for _ in range(n):
        vhsv = np.fromfile(fid, UINT8, 4)
    rest = np.fromfile(fid, np.float64)
    return rest
