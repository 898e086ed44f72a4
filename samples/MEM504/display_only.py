# MEM504: reported without an applicable rewrite, and the silent cases.
import multiprocessing as mp
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor


def parse(line):
    return line.split(",")


def pair(a, b):
    return a + b


def used_as_list(paths):
    with mp.Pool(4) as pool:
        parsed = pool.map(parse, (p.strip() for p in paths))  # expect: MEM504[the result is used as a list]
    return len(parsed), parsed[0]


def discarded(path):
    # Run for its effects: the list of results (Nones here) is still built and held to the end.
    with open(path) as fh:
        lines = fh.readlines()
    with mp.Pool(4) as pool:
        pool.map(parse, lines)  # expect: MEM504[the result is discarded]


def large_list(path):
    with open(path) as fh:
        lines = fh.readlines()
    with mp.Pool(4) as pool:
        parsed = pool.map(parse, lines)  # expect: MEM504[builds a result list as long as the large list `lines`]
    return parsed


def read_after_with(paths):
    with mp.Pool(4) as pool:
        results = pool.map(parse, paths)  # expect: MEM504[the pool is closed before the loop]
    for record in results:
        print(record)


def terminated(paths):
    pool = mp.Pool(4)
    results = pool.map(parse, paths)  # expect: MEM504[the pool is closed before the loop]
    pool.terminate()
    for record in results:
        print(record)


def closed_then_read(paths):
    pool = mp.Pool(4)
    results = pool.map(parse, paths)  # expect: MEM504[`join()` before the loop]
    pool.close()
    pool.join()
    for record in results:
        store(record)


def starmapped(paths):
    with mp.Pool(4) as pool:
        for total in pool.starmap(pair, zip(paths, paths)):  # expect: MEM504[no `istarmap`]
            print(total)


def unpacked(paths, options):
    with mp.Pool(4) as pool:
        for record in pool.map(parse, paths, **options):  # expect: MEM504[the arguments are unpacked]
            print(record)


def executor(paths):
    with ProcessPoolExecutor(4) as ex:
        for record in ex.map(parse, (p.strip() for p in paths)):  # expect: MEM504[submits a task for every item]
            print(record)
    with ThreadPoolExecutor(4) as tex:
        for record in tex.map(parse, open("events.csv")):  # expect: MEM504
            print(record)


# Silent: results needed as a list, read twice, small inputs, lazy variants already.
def silent(paths):
    with mp.Pool(4) as pool:
        parsed = pool.map(parse, paths)  # a list input whose result is kept as a list
        again = pool.map(parse, paths)  # read by two loops
        for record in again:
            print(record)
        for record in again:
            print(record)
        looped = pool.map(parse, paths)  # read inside a loop that runs many times
        while True:
            for record in looped:
                print(record)
            break
        for record in pool.imap(parse, paths):  # already lazy
            print(record)
        total = sum(pool.map(len, paths))  # consumed by sum, not a for loop
    with ProcessPoolExecutor(4) as ex:
        for record in ex.map(parse, paths):  # Executor.map over a list: results are yielded as they come
            print(record)
    return parsed, total


class Mapper:
    def map(self, f, xs):
        return [f(x) for x in xs]


for record in Mapper().map(parse, (line for line in ["a"])):  # not a pool
    print(record)
