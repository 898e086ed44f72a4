# MEM303 in test code: tests build object arrays to exercise object dtype, on small data, so only
# a size known to reach min-bytes is reported there.
import numpy as np
import pytest

ROWS = 5_000_000


def test_object_roundtrip(values, frame, n):
    numbers = np.linspace(0.0, 1.0, n, dtype=np.float32)
    boxed = np.array(numbers, dtype=object)  # what the test is about
    converted = frame.astype(object)
    huge = np.empty(ROWS, dtype=object)  # expect: MEM303[~40.0 MB of pointers]
    return boxed, converted, huge, numbers


class TestObjectColumns:
    def test_astype(self, series):
        expected = series.astype("O")
        return expected

    def helper(self, values):
        return np.asarray(values, dtype=object)  # in a Test* class too


@pytest.fixture
def object_values(values):
    return np.array(values, dtype=object)


@pytest.fixture(params=[1, 2])
def object_frame(frame):
    return frame.astype(object)


def build_table(n):
    # Not test code: numbers boxed are reported whatever their count.
    values = np.linspace(0.0, 1.0, n, dtype=np.float32)
    return np.array(values, dtype=object)  # expect: MEM303
