"""Runs one effect program and records what it cost.

    /usr/bin/python3 _measure.py PROGRAM OUT.json [--no-trace]

numpy is imported before measuring starts, so its import is not counted. Then the program runs
as __main__ (its own stdout is left alone) and OUT.json receives:
  traced_peak  peak bytes allocated through Python's allocators and numpy's (tracemalloc),
               null with --no-trace
  rss_growth   peak resident set size (VmHWM) minus the resident size when the program started,
               in bytes: it includes file-backed pages of memory maps, which tracemalloc cannot see
  seconds      wall time of the program
"""
import json
import runpy
import sys
import time
import tracemalloc

import numpy  # noqa: F401  (imported before measuring: not the program's cost)


def status_kib(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def main():
    program, out = sys.argv[1], sys.argv[2]
    trace = "--no-trace" not in sys.argv[3:]
    sys.argv = [program]
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # resets VmHWM to the current resident size
    except OSError:
        pass
    base = status_kib("VmRSS")
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    runpy.run_path(program, run_name="__main__")
    seconds = time.perf_counter() - start
    traced_peak = tracemalloc.get_traced_memory()[1] if trace else None
    if trace:
        tracemalloc.stop()
    rss_growth = max(0, status_kib("VmHWM") - base) * 1024
    with open(out, "w") as f:
        json.dump({"traced_peak": traced_peak, "rss_growth": rss_growth, "seconds": seconds}, f)


if __name__ == "__main__":
    main()
