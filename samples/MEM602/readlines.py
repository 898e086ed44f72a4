# MEM602 whole-file-read: `readlines()` builds a list of every line only to loop over it once.
import gzip
import sys


def count_errors(path):
    errors = 0
    with open(path) as f:
        for line in f.readlines():  # expect: MEM602[reads the whole file into a list]
            if "ERROR" in line:
                errors += 1
    return errors


def numbered(path):
    with open(path, "rb") as f:
        for i, line in enumerate(f.readlines(), start=1):  # expect: MEM602
            print(i, line)


def comprehension(path):
    with open(path) as f:
        return [line.strip() for line in f.readlines() if line.strip()]  # expect: MEM602


def held_in_a_name(path):
    with open(path) as f:
        lines = f.readlines()
        for line in lines:  # expect: MEM602[`lines` holds every line of the file (read on line 28)]
            print(line)


def opened_without_with(path):
    f = open(path)
    rows = f.readlines()
    for row in rows:  # expect: MEM602
        print(row)
    f.close()


def compressed(path):
    archive = gzip.open(path)
    records = []
    for line in archive.readlines():  # expect: MEM602
        records.append(line.split(b","))
    archive.close()
    return records


# Unsafe: the file itself is used while or after iterating it.
def body_reads_the_file(path):
    with open(path) as f:
        for line in f.readlines():  # expect: MEM602
            if line.startswith("@"):
                print(f.tell())


def used_after_the_loop(path):
    with open(path) as f:
        for line in f.readlines():  # expect: MEM602
            if line == "END\n":
                break
        rest = f.read()
    return rest


def passed_elsewhere(path, sink):
    with open(path) as f:
        sink.attach(f)
        for line in f.readlines():  # expect: MEM602
            print(line)


def opened_in_the_header(path):
    for line in open(path).readlines():  # expect: MEM602
        print(line)


def comment_goes_with_the_line(path):
    with open(path) as f:
        lines = f.readlines()  # a comment here would be deleted: the fix becomes unsafe
        for line in lines:  # expect: MEM602
            print(line)


# Unsafe: code that runs between the read and the loop could rewrite the file, which the fix
# reads only after it.
def truncated_between(path):
    with open(path, "rb") as f:
        lines = f.readlines()
        open(path, "wb").close()
        for line in lines:  # expect: MEM602  fix: unsafe[statements between the read and the loop]
            print(line)


def plain_statement_between(path):
    with open(path, "rb") as f:
        lines = f.readlines()
        count = 0
        for line in lines:  # expect: MEM602  fix: safe
            count += 1
    return count


# Display-only: the file is used between the read and the loop.
def seek_in_between(path):
    with open(path) as f:
        lines = f.readlines()
        f.seek(0)
        for line in lines:  # expect: MEM602
            print(line)


def shares_its_line(path):
    with open(path) as f:
        count = 0; lines = f.readlines()
        for line in lines:  # expect: MEM602
            count += 1
    return count


def closed_before_the_loop(path):
    with open(path) as f:
        lines = f.readlines()
    for line in lines:  # the `with` block closed the file before the loop
        print(line)


def closed_explicitly(path):
    f = open(path)
    early = f.readlines()
    f.close()
    for line in early:  # closed before the loop
        print(line)


def indexed_and_measured(path):
    with open(path) as f:
        first = f.readlines()  # indexed and measured, not just iterated
        print(first[0], len(first))


def iterated_twice(path):
    with open(path) as f:
        again = f.readlines()  # the second loop would see an exhausted file
        for line in again:
            print(line)
        for line in again:
            print(line)


def conditional_loop(path, verbose):
    with open(path) as f:
        late = f.readlines()
        if verbose:
            for line in late:  # not a loop of the same block: not fixable
                print(line)


def not_the_plain_list(path, size):
    with open(path) as f:
        for line in f.readlines()[1:]:  # a slice of the list
            print(line)
        for line in f.readlines(size):  # a size hint reads only part of the file
            print(line)
        lazy = (line for line in f.readlines())  # a generator expression would read the file later
        for line in sorted(f.readlines()):  # the list is sorted, not just iterated
            print(line)
        return lazy


def not_known_files(handle):
    for line in handle.readlines():  # a parameter: not known to be a file
        print(line)
    for line in sys.stdin.readlines():  # not known to be a file
        print(line)


# Safe only when reading cannot fail on the content part-way: a text file decodes as it is read.
def decoded_as_read(path):
    with open(path) as f:
        for line in f.readlines():  # expect: MEM602  fix: unsafe[a decoding error would stop the loop part-way]
            print(line)
    with open(path, "r", encoding="utf-8") as f:
        for line in f.readlines():  # expect: MEM602  fix: unsafe[a decoding error]
            print(line)
    with open(path, errors="strict") as f:
        for line in f.readlines():  # expect: MEM602  fix: unsafe[a decoding error]
            print(line)
    # Error handler names are case-sensitive: `Ignore` is no handler, and the first bad byte
    # raises LookupError where it is decoded.
    with open(path, errors="Ignore") as f:
        for line in f.readlines():  # expect: MEM602  fix: unsafe[a decoding error]
            print(line)


def cannot_fail_to_decode(path):
    with open(path, "rb") as f:
        for line in f.readlines():  # expect: MEM602  fix: safe
            print(line)
    with open(path, errors="replace") as f:
        for line in f.readlines():  # expect: MEM602  fix: safe
            print(line)
    with open(path, encoding="Latin_1") as f:
        for line in f.readlines():  # expect: MEM602  fix: safe
            print(line)
    with open(path, encoding="ISO_8859_1") as f:
        for line in f.readlines():  # expect: MEM602  fix: safe
            print(line)
