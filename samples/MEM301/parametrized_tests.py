# MEM301 float64-by-default in tests that pytest parametrizes: a parameter takes the values its
# `@pytest.mark.parametrize` marks write out, so the sizes made from them are known.
import numpy as np
import pytest
from pytest import mark

SMALL_SIZES = [7, 16, 32]
LARGE_SIZES = [4096, 8192]


def make_size():
    return 10**9


@pytest.mark.parametrize("n", [30, 150])
def test_square(n):
    return np.random.rand(n, n)  # at most 150 x 150: 180 KB


@pytest.mark.parametrize("n", [30, 1500])
def test_large_square(n):
    return np.random.rand(n, n)  # expect: MEM301[~18.0 MB]


@pytest.mark.parametrize("size", SMALL_SIZES + LARGE_SIZES)
def test_sizes_from_constants(size):
    narrow = np.zeros((size, 3))
    square = np.ones((size, size))  # expect: MEM301[~537 MB]
    return narrow, square


@pytest.mark.parametrize("m, n", [(3, 4), pytest.param(50, 60, id="wider")])
@pytest.mark.slow
def test_two_names(m, n):
    return np.empty((m, n))


@pytest.mark.parametrize(("shape", "scale"), [((3, 4), 0.5), ((20, 20), 2.0)])
def test_shapes(shape, scale):
    return np.zeros(shape) * scale


@mark.parametrize("n", [10, 20])
@mark.parametrize("k", [1, 2])
def test_stacked_marks(n, k):
    return np.zeros((n, k))


class TestMethods:
    @pytest.mark.parametrize("n", (100, 200))
    def test_method(self, n):
        return np.ones(n)


@pytest.mark.parametrize("n", [10, 20], indirect=True)
def test_indirect(n):
    return np.zeros(n)  # expect: MEM301 (the values go to a fixture named `n`)


def passthrough(test):
    return test


@pytest.mark.parametrize("n", [10, 20])
@passthrough
def test_other_decorator(n):
    return np.zeros(n)  # expect: MEM301 (a decorator may call it with anything)


@pytest.mark.parametrize("n", [10, make_size()])
def test_value_not_written_out(n):
    return np.zeros(n)  # expect: MEM301


@pytest.mark.parametrize("count", [10, 20])
def test_fixture_argument(count, n):
    return np.zeros(n), np.zeros(count)  # expect: MEM301 (`n` is a fixture)


NAMES = "n"


@pytest.mark.parametrize(NAMES, [10, 20])
def test_names_not_written_out(n):
    return np.ones(n, dtype=np.float32), np.zeros(n)  # expect: MEM301
