# PML100 unused-noqa: codes of ours in `# noqa` directives that silence nothing on their line.
import numpy as np

N_ROWS = 200_000


def used(n):
    a = np.zeros(n)  # noqa: MEM301
    b = np.ones((N_ROWS, 8))  # noqa: MEM3
    c = np.empty(n)  # NOQA:MEM301
    return a, b, c


def unused(values, n):
    # Where the directive opens its comment, the `# expect:` after it reads as a pragma (a word and a
    # colon) that removing the directive would bring to the comment's start: no fix then, and
    # fix_after_a_note shows the whole directive going.
    a = np.asarray(values, dtype=np.float32)  # noqa: MEM301  # expect: PML100
    b = np.asarray(values) * 2  # noqa: MEM301, E501  # expect: PML100
    c = len(values)  # type: ignore  # noqa: MEM301  # expect: PML100
    d = n + 1  # noqa: MEM999, MEM301  # expect: PML100
    e = n + 2  # noqa: MEM601  # expect: PML100
    f = n + 3  # noqa: MEM301, MEM301  # expect: PML100
    g = np.ones(n)  # noqa: MEM301, MEM301  # expect: PML100
    h = n + 4  # noqa: MEM301 MEM302 E501  # expect: PML100
    return a, b, c, d, e, f, g, h


def without_fix(values, n):
    # Other text after the directive, and a token in the list that is no code, keep it as it is.
    a = n + 1  # noqa: MEM301 kept until the loader changes  # expect: PML100
    b = n + 2  # noqa: MEM3O1, MEM301  # expect: PML100
    return a, b


def fix_after_a_note(values, n):
    a = n + 1  # n counts rows  # noqa: MEM301  # expect: PML100
    b = n + 2  # n counts rows  # noqa: MEM999, MEM601  # expect: PML100
    c = n + 3  # n counts rows  # noqa: MEM301  # noqa: E501  # expect: PML100
    return a, b, c


def never_reported(values, n):
    # Codes of other tools, a bare directive, a directive naming PML100, an empty list.
    a = n + 1  # noqa: E501, F401
    b = n + 2  # noqa
    c = n + 3  # noqa: MEM301, PML100
    d = n + 4  # noqa:
    e = n + 5  # noqa: B950x
    return a, b, c, d, e


def multi_line_string(n):
    # A finding on the row a multi-line string opens on takes the row of its closing quote.
    return np.zeros(n), len("""
1 2 3
""")  # noqa: MEM301


def multi_line_string_unused():
    return len("""
1 2 3
""")  # noqa: MEM301  # expect: PML100
