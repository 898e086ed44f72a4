# MEM504: Pool.map whose results are read once by a loop: the rewrite to imap (unsafe: a task that raises does so after the loop body ran for the results before it).
import multiprocessing as mp
from multiprocessing import Pool
from multiprocessing.pool import ThreadPool


def parse(line):
    return line.split(",")


def store(record):
    print(record)


def run(paths):
    with Pool(4) as pool:
        for record in pool.map(parse, paths):  # expect: MEM504[before the loop reads the first result]  fix: unsafe[a task that raises]
            store(record)
        with open("events.csv") as events:
            for record in pool.map(parse, events):  # expect: MEM504[turns the file `events` into a list]
                store(record)
        parsed = pool.map(parse, (p.strip() for p in paths))  # expect: MEM504[turns the generator into a list]
        for record in parsed:
            store(record)
        for record in pool.map(parse, paths, chunksize=64):  # expect: MEM504
            store(record)
        for record in pool.map(  # expect: MEM504
            parse,
            paths,
        ):
            store(record)
        for record in pool.map(parse, paths):  # expect: MEM504
            for field in record:
                if not field:
                    break  # leaves the inner loop only
                continue
            else:
                store(record)


def threads(paths):
    with ThreadPool(8) as tp:
        for record in tp.map(parse, paths):  # expect: MEM504
            store(record)


def assigned(paths):
    pool = mp.Pool(4)
    for record in pool.map(parse, paths):  # expect: MEM504
        store(record)
    pool.close()
    pool.join()

