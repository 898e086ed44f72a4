# MEM503: a large value pickled again for every task of a process pool.
import functools
import itertools
import multiprocessing as mp
import pickle
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from itertools import repeat
from multiprocessing.pool import ThreadPool

import numpy as np
from joblib import Parallel, delayed

N = 3_000_000
matrix = np.ones(N, dtype=np.float64)
with open("model.pkl", "rb") as fh:
    model = pickle.load(fh)
lines = open("corpus.txt").readlines()


def score(m, i):
    return m[i]


def first(task):
    return task[0][0]


with mp.Pool(4) as pool:
    a = pool.map(first, [(matrix, i) for i in range(100)])  # expect: MEM503[`matrix` (~24.0 MB per task)]
    b = pool.starmap(score, zip(repeat(matrix), range(100)))  # expect: MEM503[itertools.repeat], MEM504
    c = pool.starmap(score, zip(itertools.repeat(matrix, 100), range(100)))  # expect: MEM503, MEM504
    d = list(pool.imap_unordered(first, ((matrix, i) for i in range(100))))  # expect: MEM503
    e = pool.map(functools.partial(score, matrix), range(100))  # expect: MEM503[functools.partial]
    f = pool.map(model.predict, range(100))  # expect: MEM503[bound method `model.predict`]
    g = pool.starmap(score, [(matrix, 0)] * 100)  # expect: MEM503[list multiplication]
    tasks = [(lines, i) for i in range(100)]
    h = pool.map(first, tasks)  # expect: MEM503[`lines`]
    work = functools.partial(score, matrix)
    k = pool.map(work, range(100))  # expect: MEM503
    pending = [pool.apply_async(score, (matrix, i)) for i in range(100)]  # expect: MEM503[every task submitted in the comprehension]
    for i in range(100):
        pool.apply_async(score, args=(matrix, i))  # expect: MEM503[submitted in the loop]
        pool.apply_async(score, kwds={"m": matrix, "i": i})  # expect: MEM503

ctx = mp.get_context("spawn")
with ctx.Pool(2) as spawn_pool:
    spawn_pool.map(first, [(matrix, i) for i in range(10)])  # expect: MEM503

with ProcessPoolExecutor(max_workers=4) as ex:
    futures = [ex.submit(score, matrix, i) for i in range(100)]  # expect: MEM503[`ex.submit`]
    for i in range(100):
        ex.submit(score, m=matrix, i=i)  # expect: MEM503
    results = list(ex.map(score, repeat(matrix), range(100)))  # expect: MEM503

procs = [mp.Process(target=score, args=(matrix, i)) for i in range(4)]  # expect: MEM503[pickle process arguments]
for i in range(4):
    mp.Process(target=score, kwargs={"m": lines, "i": i}).start()  # expect: MEM503

out = Parallel(n_jobs=4)(delayed(score)(lines, i) for i in range(100))  # expect: MEM503[joblib memory-maps only numpy arrays]
out = Parallel(n_jobs=4, max_nbytes=None)(delayed(score)(matrix, i) for i in range(100))  # expect: MEM503

# Silent: threads pickle nothing.
with ThreadPool(4) as tpool:
    tpool.map(first, [(matrix, i) for i in range(100)])  # a thread pool
with ThreadPoolExecutor(4) as tex:
    for i in range(100):
        tex.submit(score, matrix, i)  # a thread pool
out = Parallel(n_jobs=4, prefer="threads")(delayed(score)(lines, i) for i in range(100))  # threads

# Silent: what each task needs, sent once, or small.
with mp.Pool(4, initializer=print, initargs=(matrix,)) as pool:  # once per worker
    pool.map(first, [(matrix[i : i + 10], i) for i in range(100)])  # a slice (a view) per task
    pool.map(first, [(chunk, i) for i, chunk in enumerate(np.array_split(matrix, 8))])  # each task's own chunk
    pool.apply_async(score, (matrix, 0))  # one task, not repeated
    for chunk in np.array_split(matrix, 8):
        pool.apply_async(score, (chunk, 0))  # the loop variable: each task's own data
    for path in ["a.npy", "b.npy"]:
        loaded = np.load(path)
        pool.apply_async(score, (loaded, 0))  # bound in the loop: different data per task
    small = np.ones(10, dtype=np.float64)
    pool.map(first, [(small, i) for i in range(100)])  # below min-bytes
    pool.map(functools.partial(score, small), range(100))  # below min-bytes
    pool.map(np.sqrt, range(100))  # a module function, not a bound method of data

out = Parallel(n_jobs=4)(delayed(score)(matrix, i) for i in range(100))  # joblib memory-maps the array
for i in range(4):
    mp.get_context("fork").Process(target=score, args=(matrix, i)).start()  # fork: inherited, not pickled
p = mp.Process(target=score, args=(matrix, 0))  # one process, not repeated


def submit_all(pool, data):
    for i in range(10):
        pool.apply_async(score, (data, i))  # `pool` and `data` are parameters: unknown


print(model, work, tasks)  # the large values stay in use until the end (no MEM101 here)
