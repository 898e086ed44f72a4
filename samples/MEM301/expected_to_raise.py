# The statement a test expects to raise (the last one of a `with pytest.raises(...)` block) keeps
# nothing it builds, and rewriting it may change the error the test checks: no finding there.
import unittest

import numpy as np
import pytest
from numpy.testing import assert_raises

N = 1_000_000


def test_raises(model):
    with pytest.raises(ValueError, match="negative"):
        model.fit(np.zeros((N, 4)))
    with pytest.raises(ValueError) as info:
        setup = np.ones((N, 4))  # expect: MEM301
        model.fit(setup, np.zeros(N))
    with assert_raises(TypeError):
        np.loadtxt(N)
    # A warning does not stop the statement: what it builds is kept.
    with pytest.warns(UserWarning):
        model.fit(np.zeros((N, 4)))  # expect: MEM301
    return info


class Case(unittest.TestCase):
    def test_raises(self):
        with self.assertRaises(ValueError):
            np.random.rand(N, 4)
