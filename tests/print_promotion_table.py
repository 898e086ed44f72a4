#!/usr/bin/python3
"""Prints the dtype promotion tables that tests/test_values.cpp encodes (Promote.Arrays and
Promote.PythonNumbers), as the installed numpy computes them, in the tests' C++ notation.

    print_promotion_table.py

Arrays: np.result_type for each pair of dtypes, the same in every numpy version. Python numbers:
the dtype of `array + number` (NumPy 1.x's value-based casting) where NEP 50 (NumPy 2) gives the
same, else Unknown; true division of an int array by an int is float64 in both whenever NumPy 2
does not raise OverflowError. Run it with NumPy 1.x (Debian 12 ships 1.24) and compare its rows
with the tests' by eye or with diff; the tests never call Python.
"""
import warnings

import numpy as np

NAMES = {
    "bool": "Bool", "int8": "Int8", "int16": "Int16", "int32": "Int32", "int64": "Int64",
    "uint8": "Uint8", "uint16": "Uint16", "uint32": "Uint32", "uint64": "Uint64",
    "float16": "Float16", "float32": "Float32", "float64": "Float64",
    "complex64": "Complex64", "complex128": "Complex128",
}
# Promote.Arrays' column order.
ORDER = ["float64", "float32", "float16", "int64", "int32", "int16", "int8",
         "uint64", "uint32", "uint16", "uint8", "bool", "complex128", "complex64"]
# Promote.PythonNumbers' numbers, in its order.
NUMBERS = [0, -1, 127, 128, 255, 256, -129, 65535, 65536, -32768, -32769, 1 << 31,
           0.5, -10000000000.0, 70000.0, 1e300, True]
KIND = {"b": 0, "i": 1, "u": 1, "f": 2, "c": 3}


def nep50(a, op, n):
    """The dtype NumPy 2 gives `array(a) <op> n`, or None for an OverflowError."""
    ak = KIND[np.dtype(a).kind]
    nk = 0 if isinstance(n, bool) else 1 if isinstance(n, int) else 2
    if nk <= ak:  # weak: the array's dtype
        if nk == 1 and np.dtype(a).kind in "iu":
            info = np.iinfo(a)
            if not info.min <= n <= info.max:
                return None
        if op == "/" and np.dtype(a).kind in "biu":
            return "float64"
        return a
    default = {1: "int64", 2: "float64"}[nk]
    if op == "/":
        return str((np.ones(2, a) / np.ones(2, default)).dtype)
    return str(np.result_type(np.dtype(a), np.dtype(default)))


def main():
    warnings.simplefilter("ignore")
    print("// numpy", np.__version__, "\n// Promote.Arrays")
    for a in ORDER:
        row = ", ".join("D::" + NAMES[str(np.result_type(np.dtype(a), np.dtype(b)))] for b in ORDER)
        print("{D::%s, {%s}}," % (NAMES[a], row))
    print("// Promote.PythonNumbers")
    for a in ORDER:
        for op in ("+", "/"):
            out = []
            for n in NUMBERS:
                legacy = str((np.ones(2, a) + n).dtype if op == "+" else (np.ones(2, a) / n).dtype)
                weak = nep50(a, op, n)
                if weak is None and op == "/" and np.dtype(a).kind in "biu":
                    weak = "float64"
                out.append("D::" + NAMES[legacy] if legacy == weak else "D::Unknown")
            print('{Dtype::%s, "%s", {%s}},' % (NAMES[a], op, ", ".join(out)))


if __name__ == "__main__":
    main()
