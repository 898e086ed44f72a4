# MEM202 at module level where `globals()` hands out the module's namespace: whoever copied it
# holds the old array too, and an update in place would change it under them.
import numpy as np

ROWS = 10_000
COLS = 1_000

TABLE = np.ones((ROWS, COLS), dtype=np.float32)
SNAPSHOT = dict(globals())  # keeps the array `TABLE` holds now
TABLE = TABLE * 3  # expect: MEM202  fix: unsafe[the scope inspects its names]

print(SNAPSHOT["TABLE"].sum(), TABLE.sum())  # the old sum and the new; in place, the new twice
