# MEM504: the rewrite to imap is offered but unsafe (applied only with --unsafe-fixes).
import multiprocessing as mp


def parse(line):
    return line.split(",")


def first_bad(paths):
    with mp.Pool(4) as pool:
        for record in pool.map(parse, paths):  # expect: MEM504[loop body can `break`]
            if not record:
                break
        for record in pool.map(parse, paths):  # expect: MEM504[can `return`]
            if not record:
                return record
        for record in pool.map(parse, paths):  # expect: MEM504[can `raise`]
            if not record:
                raise ValueError(record)

        for record in pool.map(parse, paths):  # expect: MEM504[can `break`]
            for field in record:
                pass
            else:
                break  # the inner loop's else: leaves the outer loop


def stream(paths):
    with mp.Pool(4) as pool:
        for record in pool.map(parse, paths):  # expect: MEM504[can `yield`]
            yield record


def chunked(paths, size):
    with mp.Pool(4) as pool:
        for record in pool.map(parse, paths, size):  # expect: MEM504[chunksize may not be a positive integer]
            print(record)


def mutates_input(paths):
    with mp.Pool(4) as pool:
        for record in pool.map(parse, paths):  # expect: MEM504[the loop body reads `paths`]
            paths.append(record)


def statements_between(paths):
    with mp.Pool(4) as pool:
        results = pool.map(parse, paths)  # expect: MEM504[statements between the assignment and the loop]
        print("parsed")
        for record in results:
            print(record)


def unknown_pool(pool, paths):
    for record in pool.map(parse, paths):  # `pool` is a parameter: not known to be a Pool
        print(record)


class Runner:
    def __init__(self):
        self.pool = mp.Pool(4)

    def run(self, paths):
        for record in self.pool.map(parse, paths):  # `self.pool` is not tracked
            print(record)


if __name__ == "__main__":
    with mp.Pool(4) as pool:
        results = pool.map(parse, open("events.csv"))  # expect: MEM504[module-level]
        for record in results:
            print(record)
