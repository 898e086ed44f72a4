# MEM301 resolves numpy however it is imported, and nothing that only looks like it.
import numpy
import numpy as np
from numpy import ones as make_ones
from numpy import zeros

LENGTH = 10_000_000

a = numpy.zeros(LENGTH)  # expect: MEM301[~80.0 MB]
b = zeros(LENGTH)  # expect: MEM301
c = make_ones(LENGTH)  # expect: MEM301


def shadowed_by_parameter(np):
    return np.zeros(LENGTH)  # `np` is whatever the caller passes


def shadowed_locally():
    def zeros(n):
        return [0.0] * n

    return zeros(LENGTH)  # a local function named zeros


class Grid:
    def zeros(self, n):
        return [0.0] * n

    def build(self):
        return self.zeros(LENGTH)  # a method, not numpy


def other_module():
    import array as np

    return np.zeros(LENGTH)  # `np` is the array module here


def late_import():
    import numpy as np

    return np.ones(LENGTH)  # expect: MEM301
