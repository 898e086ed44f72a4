# MEM402 and MEM201 on one name: each fix is safe on its own, but after `x = range(n)` the
# in-place loop would assign to a range's items. The fixes of one name are applied in different
# rounds, each after a re-lint: here the second finding is gone after the first fix.
def doubled(n):
    x = list(range(n))  # expect: MEM402  fix: safe
    x = [v * 2 for v in x]  # expect: MEM201  fix: safe
    return x[3]
