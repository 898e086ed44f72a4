# MEM602: `read().splitlines()` holds the text and its lines; iterating the file holds one line.


def direct(path):
    with open(path) as f:
        for line in f.read().splitlines():  # expect: MEM602[holds the whole file twice]
            print(line)


def text_then_split(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
        for row in text.splitlines():  # expect: MEM602[`text` holds the whole file (read on line 12) only to split it]
            print(row)


def lines_from_split(path):
    with open(path) as f:
        lines = f.read().splitlines()
        for line in lines:  # expect: MEM602[`lines` holds every line]
            print(line)


def binary(path):
    with open(path, "rb") as f:
        for i, record in enumerate(f.read().splitlines()):  # expect: MEM602
            print(i, record)


def keeping_ends(path):
    with open(path) as f:
        return {line for line in f.read().splitlines(True)}  # expect: MEM602


# Display-only: the line endings depend on run-time values.
def mode_not_literal(path, mode):
    with open(path, mode) as f:
        for line in f.read().splitlines():  # expect: MEM602
            print(line)


def newline_given(path):
    with open(path, newline="") as f:
        for line in f.read().splitlines():  # expect: MEM602
            print(line)


def silent(path, n):
    with open(path) as f:
        for line in f.read(n).splitlines():  # a bounded read
            print(line)
        text = f.read()  # the text is used again
        for line in text.splitlines():
            print(line)
        print(len(text))
        for line in f.read().split("\n"):  # split("\n") yields a trailing empty string
            print(line)
        for line in f.read().splitlines(n):  # keepends not a literal
            print(line)
