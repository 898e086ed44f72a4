# MEM301 through value facts: numpy.random.Generator methods and the *_like forms of float64 inputs.
import numpy as np

N = 1_000_000
rng = np.random.default_rng(0)

a = rng.random((N, 4))  # expect: MEM301[~32.0 MB]
b = rng.standard_normal(N)  # expect: MEM301[~8.0 MB]
c = rng.normal(0.0, 1.0, size=N)  # expect: MEM301
base = np.ones((N, 8))  # expect: MEM301[~64.0 MB]
like = np.zeros_like(base)  # expect: MEM301[~64.0 MB]

# Silent: an explicit dtype, a scalar draw, integer or small inputs, unknown inputs.
d = rng.random(N, dtype=np.float32)
e = rng.random()
f = np.empty_like(base, dtype=np.float32)  # expect: MEM101[`base` (~64.0 MB)]
ints = np.arange(N)
g = np.zeros_like(ints)
small = np.ones(3)
h = np.zeros_like(small)


def from_parameter(arr):
    return np.zeros_like(arr)  # the caller's dtype is unknown


class Sampler:
    def random(self, n):
        return [0.5] * n


sampler = Sampler()
values = sampler.random(N)  # not a numpy Generator


def either_dtype(n, fractions):
    # Integers on one path, float64 on the other: the *_like array may be either.
    x = np.arange(n)
    if fractions:
        x = np.linspace(0, 1, n)  # expect: MEM301
    either = np.zeros_like(x)
    y = np.linspace(0, 1, n)  # expect: MEM301
    y *= 2
    still_float = np.zeros_like(y)  # expect: MEM301
    return either, still_float, x
