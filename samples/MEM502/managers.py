# MEM502: data kept in a multiprocessing Manager's server process.
import json
import multiprocessing as mp
from multiprocessing import Manager

import numpy as np
import pandas as pd

rows = json.load(open("rows.json"))
frame = pd.read_csv("frame.csv")
lookup = {"a": 1}


def load_rows(path):
    with open(path) as fh:
        return fh.readlines()


manager = mp.Manager()
table = manager.list(rows)  # expect: MEM502[copies `rows`]
index = manager.dict(lookup_from_disk())  # expect: MEM502
records = manager.list(frame.to_dict("records"))  # expect: MEM502
samples = manager.Array("d", np.zeros(1_000_000, dtype=np.float64))  # expect: MEM502[~8.0 MB]
ns = manager.Namespace()
ns.frame = frame  # expect: MEM502[every read of `ns.frame`]
ctx = mp.get_context("spawn")
with ctx.Manager() as m2:
    copied = m2.dict(parsed=rows)  # expect: MEM502

with Manager() as m:
    shared = m.list()  # empty: workers append results (coordination)
    by_key = m.dict()  # empty
    for line in load_rows("input.txt"):
        shared.append(line)  # expect: MEM502[filled in a loop]
    for key, value in lookup.items():
        by_key[key] = value  # expect: MEM502[item assignment]
    for part in rows:
        shared.extend(part)  # expect: MEM502
    for i, row in enumerate(rows):
        by_key.update({i: row})  # expect: MEM502[`update`]
    [shared.append(row.strip()) for row in load_rows("more.txt")]  # expect: MEM502
    i = 0
    while i < len(rows):
        by_key[i] = rows[i]  # expect: MEM502
        i += 1


# Silent: small coordination state.
with Manager() as m:
    results = m.list()  # an empty results list
    done = m.dict()  # an empty dict
    flags = m.list([False] * 8)  # one flag per worker
    slots = m.list([None] * len(rows))  # result slots, filled by workers
    status = m.dict({"phase": "load", "errors": 0})  # a literal of constants
    counters = m.dict(ok=0, failed=0)  # keyword constants
    ids = m.list(range(100))  # task indices
    count = m.Value("i", 0)  # a counter
    lock = m.Lock()  # not a container
    settings = m.Namespace(verbose=True, tries=3)  # small settings
    ns2 = m.Namespace()
    ns2.phase = "load"  # a small value
    for worker in range(8):
        done[worker] = False  # a flag per worker
        flags[worker] = True  # a flag per worker
        status["errors"] = status["errors"] + 1  # a counter
        results.append(None)  # placeholder slots
        done[worker] = m.list()  # a nested container the Manager makes
        by_worker = m.dict()
        by_worker[worker] = m.Queue()  # a queue per worker
        status[worker] = str(worker)  # derived from a loop index
        results.append(f"worker {worker} started")  # a status message
        status["count"] = len(results)  # a scalar
    for line in load_rows("input.txt"):
        results.append(len(line))  # a scalar computed from each row
        status["last"] = compute(0)  # an unknown value not derived from the rows
    results.append(rows)  # not in a loop: one store
    for chunk in range(4):
        local = m.list()
        local.append(chunk)  # a fresh container per iteration


def worker(shared, items):
    for item in items:
        shared.append(item)  # `shared` is a parameter: not known to be a Manager list


class Box:
    def list(self, data):
        return data


box = Box()
copy = box.list(rows)  # not a Manager
plain = list(rows)  # a plain list
