# MEM501: process pools sized to every CPU of the machine.
import multiprocessing
import multiprocessing as mp
import os
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from multiprocessing import Pool, cpu_count
from multiprocessing.pool import ThreadPool

import joblib
from joblib import Parallel, delayed

pool_a = mp.Pool()  # expect: MEM501[no `processes`: it defaults to the number of CPUs]
pool_b = Pool(None)  # expect: MEM501[`processes=None`]
pool_c = multiprocessing.Pool(processes=None)  # expect: MEM501
pool_d = Pool(os.cpu_count())  # expect: MEM501[`processes=os.cpu_count()`]
pool_e = Pool(processes=mp.cpu_count())  # expect: MEM501
pool_f = multiprocessing.pool.Pool(cpu_count())  # expect: MEM501
ex_a = ProcessPoolExecutor()  # expect: MEM501[`max_workers`]
ex_b = ProcessPoolExecutor(max_workers=None)  # expect: MEM501
ex_c = ProcessPoolExecutor(max_workers=os.cpu_count())  # expect: MEM501
ctx = mp.get_context("spawn")
pool_g = ctx.Pool()  # expect: MEM501
N_WORKERS = os.cpu_count() or 1
pool_h = Pool(N_WORKERS)  # expect: MEM501[`processes=N_WORKERS`]
pool_i = Pool(len(os.sched_getaffinity(0)))  # expect: MEM501

with mp.Pool() as pool:  # expect: MEM501
    pass

results = Parallel(n_jobs=-1)(delayed(abs)(i) for i in range(10))  # expect: MEM501[`n_jobs=-1`]
results = joblib.Parallel(n_jobs=-1, backend="loky")(delayed(abs)(i) for i in range(10))  # expect: MEM501
results = Parallel(-1, backend="multiprocessing")(delayed(abs)(i) for i in range(10))  # expect: MEM501
results = Parallel(n_jobs=os.cpu_count())(delayed(abs)(i) for i in range(10))  # expect: MEM501

# Silent: explicit sizes.
pool_j = mp.Pool(4)  # a fixed worker count
pool_k = Pool(processes=int(os.environ.get("WORKERS", "4")))  # configurable
pool_l = Pool(max(1, os.cpu_count() - 2))  # leaves CPUs free: an explicit choice
ex_d = ProcessPoolExecutor(max_workers=8)  # a fixed worker count
ex_e = ProcessPoolExecutor(4)  # a fixed worker count

# Silent: threads share one heap.
tp = ThreadPool()  # threads, not processes
tp2 = ThreadPool(os.cpu_count())  # threads, not processes
dummy = multiprocessing.dummy.Pool()  # multiprocessing.dummy is backed by threads
tex = ThreadPoolExecutor()  # threads, not processes
results = Parallel(n_jobs=-1, prefer="threads")(delayed(abs)(i) for i in range(10))  # threads
results = Parallel(n_jobs=-1, backend="threading")(delayed(abs)(i) for i in range(10))  # threads
results = Parallel(n_jobs=-1, require="sharedmem")(delayed(abs)(i) for i in range(10))  # threads

# Silent: joblib sizes that are not "every CPU", unknown backends, unknown arguments.
results = Parallel(n_jobs=2)(delayed(abs)(i) for i in range(10))  # two workers
results = Parallel()(delayed(abs)(i) for i in range(10))  # n_jobs=None: one worker
results = Parallel(n_jobs=-2)(delayed(abs)(i) for i in range(10))  # all but one CPU: an explicit choice
results = Parallel(n_jobs=-1, backend="dask")(delayed(abs)(i) for i in range(10))  # workers elsewhere
settings = {"processes": 4}
pool_m = Pool(**settings)  # the size is in the unpacked settings


def make_pool(n):
    return Pool(n)  # the caller decides


def conditional(small):
    n = os.cpu_count()
    if small:
        n = 2
    return Pool(n)  # `n` is bound twice: not necessarily every CPU


class Pool2:
    pass


other = Pool2()  # not a multiprocessing pool
