#!/usr/bin/python3
"""Instructions executed by `pymemlint check` against `pymemlint-parse-only`, counted by valgrind.

speed.py times the two on the whole corpus; on a shared machine its wall and CPU times move by 10 to
20 percent from run to run, more than most changes to the checker. An instruction count does not
move: this script runs both binaries under `valgrind --tool=cachegrind` on one thread over a fixed
slice of the same corpus (about 160k lines: pandas' frame.py and groupby, sklearn's linear_model,
matplotlib's axes, numpy's lib) and prints the instructions of each, their ratio, and the first-level
cache misses of a fixed simulated geometry (not the host's, so that machines with other caches give
the same figures). It leaves out what instructions cannot show (main memory, page faults, the allocator's
locks), so it complements speed.py rather than replacing it: use it to compare two builds, and
speed.py for the figures the targets name.

  /usr/bin/python3 bench/instructions.py [--binary-dir build] [--json figures.json] [PATH ...]

Exits 2 when valgrind, the binaries or the package trees are missing, 1 when a run fails.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SITE = Path("/usr/lib/python3/dist-packages")
SLICE = (
    "pandas/core/frame.py",
    "pandas/core/groupby",
    "sklearn/linear_model",
    "matplotlib/axes",
    "numpy/lib",
)
COUNTERS = {"I": "instructions", "I1 misses": "I1 misses", "D1 misses": "D1 misses"}
# The simulated caches (size in bytes, ways, line size). Left to itself, cachegrind takes the
# geometry the CPU reports (here a 48 KiB 12-way D1), so another machine would give other misses.
# Misses also follow the code's layout: relinking parse-only after a change to code it never runs
# moved its I1 misses on the slice from 8.7M to 4.2M, with the same instructions.
CACHES = {"I1": (32768, 8, 64), "D1": (32768, 8, 64), "LL": (8 * 1024 * 1024, 16, 64)}


class SetupError(Exception):
    """Something the script needs is missing; the message says how to get it."""


def cachegrind(argv: list[str]) -> dict[str, int]:
    """Runs argv under cachegrind (stdout discarded); returns its summary counters."""
    with tempfile.TemporaryDirectory() as tmp:
        geometry = [f"--{name}={size},{ways},{line}" for name, (size, ways, line) in CACHES.items()]
        cmd = ["valgrind", "--tool=cachegrind", "--cache-sim=yes", *geometry, f"--cachegrind-out-file={tmp}/out", *argv]
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited with {proc.returncode} under valgrind:\n{proc.stderr[-2000:]}")
    found = {}
    for key in COUNTERS:
        # "==123== I   refs:      5,413,068,823" / "==123== D1  misses:    19,940,659  (..."
        label = r"I\s+refs" if key == "I" else re.escape(key).replace(r"\ ", r"\s+")
        m = re.search(label + r":\s+([\d,]+)", proc.stderr)
        if not m:
            raise RuntimeError(f"no `{key}` counter in valgrind's output for {' '.join(argv)}")
        found[key] = int(m.group(1).replace(",", ""))
    return found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--binary-dir", type=Path, default=Path(__file__).resolve().parent.parent / "build",
                    help="directory holding pymemlint and pymemlint-parse-only (default: %(default)s)")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    ap.add_argument("paths", nargs="*", type=Path, help=f"files or directories (default: the slice under {SITE})")
    args = ap.parse_args()
    try:
        if not shutil.which("valgrind"):
            raise SetupError("valgrind is not installed; install it with:\n  sudo apt-get install valgrind")
        binaries = {name: args.binary_dir / name for name in ("pymemlint", "pymemlint-parse-only")}
        for path in binaries.values():
            if not os.access(path, os.X_OK):
                raise SetupError(f"{path} not found; build it with:\n  cmake -S . -B build -G Ninja && "
                                 f"cmake --build build -j2")
        paths = args.paths or [SITE / p for p in SLICE]
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise SetupError(f"missing: {', '.join(missing)}; the default slice needs:\n"
                             f"  sudo apt-get install python3-pandas python3-sklearn python3-matplotlib python3-numpy")
    except SetupError as e:
        print(f"instructions.py: {e}", file=sys.stderr)
        return 2

    runs = {
        "parse-only": [str(binaries["pymemlint-parse-only"]), "--threads", "1", *map(str, paths)],
        "check": [str(binaries["pymemlint"]), "check", "--threads", "1", "--exit-zero", "--output-format", "concise",
                  *map(str, paths)],
    }
    figures = {}
    try:
        for name, argv in runs.items():
            print(f"running {name} under valgrind...", file=sys.stderr)
            figures[name] = cachegrind(argv)
    except RuntimeError as e:
        print(f"instructions.py: {e}", file=sys.stderr)
        return 1

    print("simulated caches: " + ", ".join(f"{name} {size // 1024} KiB {ways}-way" for name, (size, ways, _) in CACHES.items()))
    print(f"{'':12}" + "".join(f"{label:>18}" for label in COUNTERS.values()))
    for name, counts in figures.items():
        print(f"{name:12}" + "".join(f"{counts[k]:>18,}" for k in COUNTERS))
    print(f"{'check/parse':12}" + "".join(f"{figures['check'][k] / figures['parse-only'][k]:>17.3f}x" for k in COUNTERS))
    if args.json:
        args.json.write_text(json.dumps({"paths": [str(p) for p in paths], "figures": figures}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
