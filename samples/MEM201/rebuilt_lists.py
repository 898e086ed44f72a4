# MEM201 list-rebuilt-under-same-name: a list rebuilt from itself keeps two lists alive.
# Safe fixes: the list is made in the function and nothing else can see it.
N = 1_000_000


def scale():
    values = [float(v) for v in range(N)]
    values = [v * 2.0 for v in values]  # expect: MEM201[~32.0 MB]  fix: safe
    return values


def forms(lines):
    words = list(lines)
    words = list(map(str.strip, words))  # expect: MEM201  fix: safe
    words = list(w.lower() for w in words)  # expect: MEM201  fix: safe
    words = list(map(lambda w: w + "!", words))  # expect: MEM201  fix: safe
    words = [f"{w}:{len(w)}" for w in words]  # expect: MEM201  fix: safe
    return words


def shadowing_and_nesting(weights):
    rows = [[float(v)] * 3 for v in range(N)]
    rows = [[c * weights for c in r] for r in rows]  # expect: MEM201  fix: safe
    rows = [sum(r for r in r) for r in rows]  # expect: MEM201  fix: safe
    return rows


def multiline_element():
    rows = [[float(v), 1.0] for v in range(N)]
    rows = [sum(r)  # expect: MEM201  fix: safe
            + len(r) for r in rows]  # the comment inside the element above stays with it
    return rows


def index_name_taken(i):
    data = [float(v) for v in range(N)]
    data = [v * i for v in data]  # expect: MEM201  fix: safe
    return data


def after_a_branch(flag):
    data = [0.0] * N
    if flag:
        data = [1.0] * N
    data = [v + 1.0 for v in data]  # expect: MEM201  fix: safe
    return data


def rebound_before(items):
    data = items  # overwritten by the next line on every path: no longer reaches the rebuild
    data = [float(v) for v in range(N)]
    data = [v + 1.0 for v in data]  # expect: MEM201  fix: safe
    return data


def test_rebuilds_a_known_large_list():
    # Test code: reported when the list's size is known to reach min-bytes.
    values = [float(v) for v in range(1_000_000)]
    values = [v * 2.0 for v in values]  # expect: MEM201[(~32.0 MB)]
    return values


def repeated_then_rebuilt(values, n):
    # Not the caller's list on one path: built here from a value repeated n times, rebuilt here.
    rows = [values] * n
    rows = [sorted(r) for r in rows]  # expect: MEM201
    return rows


def _parsed(lines):
    out = []
    for line in lines:
        out.append(float(line))
    return out


def from_a_function_of_the_file(lines):
    # Every `return` of `_parsed` gives a list: a list, made elsewhere (the fix cannot prove that
    # nobody else holds it).
    values = _parsed(lines)
    values = [v * 2.0 for v in values]  # expect: MEM201  fix: unsafe[may be a list made elsewhere]
    return values
