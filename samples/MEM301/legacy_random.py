# MEM301 on numpy's legacy random API, which has no dtype parameter: display-only advice.
import numpy as np
from numpy.random import rand

N = 2_000_000

noise = np.random.rand(N, 4)  # expect: MEM301[~64.0 MB]
gauss = np.random.randn(N)  # expect: MEM301
# Generator.uniform and Generator.normal take no dtype either: draw float32 and scale.
uniform = np.random.uniform(0.0, 1.0, size=N)  # expect: MEM301[nor has the Generator's `uniform`]
normal = np.random.normal(2.0, 0.5, size=N)  # expect: MEM301[nor has the Generator's `normal`: draw with]
sample = np.random.random((N, 8))  # expect: MEM301
imported = rand(N)  # expect: MEM301

# The Generator API takes a dtype; a scalar draw is not an array.
rng = np.random.default_rng(0)
fine = rng.random(N, dtype=np.float32)
scalar = np.random.rand()
