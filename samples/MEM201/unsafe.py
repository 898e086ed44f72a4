# MEM201 with an unsafe fix: someone else may see the list change.
from geometry import Base
N = 1_000_000


def aliased():
    data = [float(v) for v in range(N)]
    backup = data  # an alias would see the update in place
    data = [v + 1.0 for v in data]  # expect: MEM201  fix: unsafe[is shared: returned, stored, passed]
    return data, backup


def returned_under_another_name():
    data = [float(v) for v in range(N)]
    result = data or [0.0]  # `or` passes `data` itself on
    data = [v + 1.0 for v in data]  # expect: MEM201  fix: unsafe[is shared: returned, stored, passed]
    return result


def stored(registry):
    data = [float(v) for v in range(N)]
    registry.append(data)
    data = [v + 1.0 for v in data]  # expect: MEM201  fix: unsafe[is shared: returned, stored, passed]
    return data


def maybe_a_parameter(items, fresh):
    data = items
    if fresh:
        data = [float(v) for v in range(N)]
    data = [v + 1.0 for v in data]  # on one path the caller's, of unknown type: not reported
    return data


def element_reads_the_list():
    data = [float(v) for v in range(N)]
    data = [v - data[0] for v in data]  # expect: MEM201  fix: unsafe[the element expression reads ]
    return data


def element_calls_a_closure():
    data = [float(v) for v in range(N)]
    first = lambda: data[0]
    data = [v - first() for v in data]  # expect: MEM201  fix: unsafe[a nested function uses]
    return data


def walrus():
    data = [float(v) for v in range(N)]
    data = [(last := v) * 2 for v in data]  # expect: MEM201  fix: unsafe[the element expression assigns a]
    return data, last


def caught(fallback):
    data = [float(v) for v in range(N)]
    try:
        data = [1.0 / v for v in data]  # expect: MEM201  fix: unsafe[an exception midway would leave]
    except ZeroDivisionError:
        return data  # half updated with the fix
    return fallback


def kept_every_iteration(steps, history):
    data = [float(v) for v in range(N)]
    for _ in range(steps):
        data = [v * 0.5 for v in data]  # expect: MEM201  fix: unsafe[is shared: returned, stored, passed]
        history.append(data)  # one list per iteration; in place they would all be the same list
    return data


def global_list():
    global TABLE
    TABLE = [v * 3 for v in TABLE]  # whatever the module bound last: not known to be a list



def chained_targets():
    before = data = [float(v) for v in range(N)]  # `before` is the same list
    data = [v * 2 for v in data]  # expect: MEM201[~32.0 MB]  fix: unsafe[may be a list made elsewhere]
    return data, before


class Holder:
    def build(self):
        self.values = values = [float(v) for v in range(N)]
        values = [v * 2 for v in values]  # expect: MEM201[~32.0 MB]  fix: unsafe[may be a list made elsewhere]
        return values


def extended_alias():
    data = [float(v) for v in range(N)]
    more = data
    more += [0.0]  # extends the list `data` holds
    more = [v * 2 for v in more]  # expect: MEM201  fix: unsafe[may be a list made elsewhere]
    return data, more


def extended_then_aliased():
    data = [float(v) for v in range(N)]
    backup = data
    data += [0.0]
    data = [v * 2 for v in data]  # expect: MEM201  fix: unsafe[is shared: returned, stored, passed]
    return data, backup


def method_kept():
    data = [float(v) for v in range(N)]
    push = data.append  # a bound method holds the list
    data = [v * 2 for v in data]  # expect: MEM201[~32.0 MB]  fix: unsafe[is shared: returned, stored, passed]
    push(99.0)
    return data


class Scaled(Base):
    def doubled(self):
        data = [float(v) for v in range(N)]
        # Before Python 3.12 `super()` without arguments raises TypeError in the comprehension's
        # own frame; in the index loop it runs in the method's and works.
        data = [super().scale(v) for v in data]  # expect: MEM201  fix: unsafe[calls `super()` without arguments]
        return len(data)

    def mapped(self):
        data = [float(v) for v in range(N)]
        data = list(map(lambda v: super().scale(v), data))  # expect: MEM201  fix: unsafe[calls `super()`]
        return len(data)


TABLE = [float(v) for v in range(N)]
TABLE = [v + 1.0 for v in TABLE]  # expect: MEM201[~32.0 MB]  fix: unsafe[a nested function uses]
