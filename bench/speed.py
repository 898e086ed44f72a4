#!/usr/bin/python3
"""Speed and memory of `pymemlint check` on large real code, against parsing alone.

Lints the Python trees of Debian's python3-pandas, python3-sklearn, python3-scipy, python3-numpy and
python3-matplotlib, and runs `pymemlint-parse-only` (the same discovery, reading, decoding and
parsing, with no rules) on the same files, at 1 and 2 threads. Each configuration is run once to
warm up, then --runs times, interleaved so that a change in machine load hits every configuration
alike. It prints the median wall time, throughput and peak RSS of each, the ratios (each the median
of the ratios within a round, whose runs are back to back), and a PASS/FAIL verdict per target:

  - the check takes at most 1.25x the parse-only time at the same thread count;
  - the check on 2 threads is at least 1.7x faster than on 1;
  - the check's peak RSS stays under 64 MiB.

Only the standard library is used; run it with /usr/bin/python3 from anywhere:

  /usr/bin/python3 bench/speed.py [--binary-dir build] [--runs 5] [--json figures.json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

SITE = Path("/usr/lib/python3/dist-packages")
PACKAGES = {  # import name -> Debian package
    "pandas": "python3-pandas",
    "sklearn": "python3-sklearn",
    "scipy": "python3-scipy",
    "numpy": "python3-numpy",
    "matplotlib": "python3-matplotlib",
}
THREADS = (1, 2)
MAX_CHECK_OVER_PARSE = 1.25
MIN_SPEEDUP = 1.7
MAX_RSS_MIB = 64.0
# Signs of other processes on the CPUs: a load average above BUSY_LOAD before starting, or a
# configuration whose CPU time per wall second is below MIN_CORE_SHARE of its thread count.
BUSY_LOAD = 0.5
MIN_CORE_SHARE = 0.9
CHECK_OPTIONS = ("--threads", "--exit-zero", "--output-format")

REPO = Path(__file__).resolve().parent.parent


class SetupError(Exception):
    """Something the benchmark needs is missing; the message says how to get it."""


@dataclass
class Corpus:
    dirs: list[Path]
    files: int
    lines: int
    bytes: int


@dataclass
class Config:
    mode: str  # "parse-only" or "check"
    threads: int
    argv: list[str]
    wall_s: list[float] = field(default_factory=list)
    cpu_s: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)

    @property
    def median_wall(self) -> float:
        return statistics.median(self.wall_s)

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu_s)

    @property
    def median_rss_mib(self) -> float:
        return statistics.median(self.rss_kib) / 1024

    @property
    def max_rss_mib(self) -> float:
        return max(self.rss_kib) / 1024


def count_lines(data: bytes) -> int:
    """Lines ended by \n, \r\n or a lone \r, plus an unterminated last line (len(data.splitlines()),
    without building the list: this process's own peak RSS bounds what can be measured below)."""
    ends = data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")
    return ends + (1 if data and data[-1:] not in (b"\n", b"\r") else 0)


def find_corpus() -> Corpus:
    """The five package trees, and their .py and .ipynb files counted as pymemlint's discovery walks them
    (no symlinks followed; the default excludes name no directory in these trees)."""
    missing = [deb for name, deb in PACKAGES.items() if not (SITE / name).is_dir()]
    if missing:
        raise SetupError(
            f"missing package trees under {SITE}; install them with:\n"
            f"  sudo apt-get install {' '.join(missing)}"
        )
    dirs = [SITE / name for name in PACKAGES]
    files = lines = size = 0
    for root in dirs:
        for dirpath, _dirnames, filenames in os.walk(root):
            for name in filenames:
                path = os.path.join(dirpath, name)
                if not name.endswith((".py", ".ipynb")) or os.path.islink(path) or not os.path.isfile(path):
                    continue
                with open(path, "rb") as f:
                    data = f.read()
                files += 1
                size += len(data)
                lines += count_lines(data)
    return Corpus(dirs, files, lines, size)


def find_binaries(binary_dir: Path, parse_only_wanted: bool) -> tuple[Path, Path | None]:
    parse_only = binary_dir / "pymemlint-parse-only"
    pymemlint = binary_dir / "pymemlint"
    build_hint = "build them with:\n  cmake -S . -B build -G Ninja && cmake --build build -j2"
    if not os.access(parse_only, os.X_OK):
        raise SetupError(f"{parse_only} not found; {build_hint}")
    if parse_only_wanted:
        return parse_only, None
    if not os.access(pymemlint, os.X_OK):
        raise SetupError(f"{pymemlint} not found; {build_hint}")
    probe = subprocess.run([pymemlint, "check", "--help"], capture_output=True, text=True, check=False)
    lacking = [opt for opt in CHECK_OPTIONS if opt not in probe.stdout]
    if probe.returncode != 0 or lacking:
        raise SetupError(
            f"`{pymemlint} check --help` exited with {probe.returncode} and does not offer "
            f"{', '.join(lacking or CHECK_OPTIONS)}: this build has no usable `check` subcommand.\n"
            "Rebuild from a newer main, or pass --parse-only to measure the baseline alone."
        )
    return parse_only, pymemlint


def run_once(argv: list[str]) -> tuple[float, float, int]:
    """Runs argv with stdout to /dev/null; returns wall seconds, CPU seconds and peak RSS in KiB.

    The child is started with vfork, and Linux carries the peak RSS of the address space a process
    leaves at exec into its ru_maxrss: the figure is never below this script's own peak RSS
    (rss_floor_kib), so a figure at that floor only says "at most this much"."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait
        if proc.returncode != 0:
            err.seek(0)
            tail = err.read()[-2000:].decode("utf-8", "replace")
            raise RuntimeError(f"{' '.join(map(str, argv))} exited with {proc.returncode}:\n{tail}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def rss_floor_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def check_file_count(parse_only: Path, corpus: Corpus) -> None:
    """pymemlint-parse-only must see exactly the files counted here, or the figures mean nothing."""
    proc = subprocess.run([parse_only, "--stats", *map(str, corpus.dirs)], capture_output=True, text=True,
                          check=False)
    if proc.returncode != 0:
        raise SetupError(f"{parse_only} --stats exited with {proc.returncode}:\n{proc.stderr[-2000:]}")
    stats = dict(item.split("=", 1) for item in proc.stdout.split())
    if int(stats["files"]) != corpus.files or int(stats["bytes"]) != corpus.bytes:
        raise SetupError(
            f"pymemlint-parse-only saw {stats['files']} files / {stats['bytes']} bytes, this script "
            f"counted {corpus.files} / {corpus.bytes}"
        )


def fmt_ratio(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.2f}x"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--binary-dir", type=Path, default=REPO / "build",
                    help="directory holding pymemlint and pymemlint-parse-only (default: %(default)s)")
    ap.add_argument("--runs", type=int, default=5, help="measured runs per configuration (default: 5)")
    ap.add_argument("--json", type=Path, metavar="FILE", help="also write the figures to FILE")
    ap.add_argument("--parse-only", action="store_true",
                    help="measure only the parse-only baseline (when the check is not available)")
    args = ap.parse_args()
    if args.runs < 1:
        ap.error("--runs must be at least 1")

    try:
        parse_only, pymemlint = find_binaries(args.binary_dir.resolve(), args.parse_only)
        corpus = find_corpus()
        check_file_count(parse_only, corpus)
    except SetupError as e:
        print(f"speed.py: {e}", file=sys.stderr)
        return 2

    dirs = [str(d) for d in corpus.dirs]
    configs: list[Config] = []
    for threads in THREADS:
        configs.append(Config("parse-only", threads, [str(parse_only), "--threads", str(threads), *dirs]))
        if pymemlint:
            configs.append(Config("check", threads, [str(pymemlint), "check", "--threads", str(threads),
                                                     "--exit-zero", "--output-format", "concise", *dirs]))

    cpus = len(os.sched_getaffinity(0))
    load_before = os.getloadavg()
    print(f"corpus: {corpus.files} files, {corpus.lines} lines, {corpus.bytes / 1e6:.1f} MB in "
          f"{', '.join(PACKAGES)} under {SITE}", file=sys.stderr)
    print(f"{cpus} CPUs available; load average {load_before[0]:.2f} before starting", file=sys.stderr)
    try:
        for c in configs:
            print(f"warm-up: {c.mode} --threads {c.threads}", file=sys.stderr)
            run_once(c.argv)
        for r in range(args.runs):
            for c in configs:
                wall, cpu, rss = run_once(c.argv)
                c.wall_s.append(wall)
                c.cpu_s.append(cpu)
                c.rss_kib.append(rss)
                print(f"run {r + 1}/{args.runs}: {c.mode:10} --threads {c.threads}: {wall:6.2f} s wall, "
                      f"{cpu:6.2f} s CPU, {rss / 1024:5.1f} MiB", file=sys.stderr)
    except RuntimeError as e:
        print(f"speed.py: {e}", file=sys.stderr)
        return 1
    load_after = os.getloadavg()
    floor_mib = rss_floor_kib() / 1024

    def rss_cell(mib: float) -> str:
        return f"<={floor_mib:.1f}" if mib <= floor_mib else f"{mib:.1f}"

    by = {(c.mode, c.threads): c for c in configs}

    def ratio(num: tuple[str, int], den: tuple[str, int], cpu: bool = False) -> float | None:
        """The median of the per-round ratios. A round runs each configuration once, back to back;
        on a shared machine the load changes between rounds far more than within one, so each
        round's ratio compares like with like where a ratio of medians mixes rounds."""
        if num not in by or den not in by:
            return None
        a, b = (by[num].cpu_s, by[den].cpu_s) if cpu else (by[num].wall_s, by[den].wall_s)
        return statistics.median(x / y for x, y in zip(a, b))

    check_over_parse = {t: ratio(("check", t), ("parse-only", t)) for t in THREADS}
    check_over_parse_cpu = {t: ratio(("check", t), ("parse-only", t), cpu=True) for t in THREADS}
    speedup = {m: ratio((m, 1), (m, 2)) for m in ("check", "parse-only")}
    check_rss = max((c.max_rss_mib for c in configs if c.mode == "check"), default=None)

    print(f"\nMedians of {args.runs} runs after one warm-up; load average {load_before[0]:.2f} before, "
          f"{load_after[0]:.2f} after, on {cpus} CPUs. Ratios below: medians of the ratios within "
          "each round.\n")
    header = (f"{'mode':<11}{'threads':>8}{'files':>8}{'lines':>10}{'wall s':>9}{'CPU s':>8}"
              f"{'CPU/wall':>9}{'MB/s':>8}{'peak RSS MiB':>14}")
    print(header)
    print("-" * len(header))
    for c in configs:
        cores = c.median_cpu / c.median_wall
        mb_per_s = corpus.bytes / 1e6 / c.median_wall
        print(f"{c.mode:<11}{c.threads:>8}{corpus.files:>8}{corpus.lines:>10}{c.median_wall:>9.2f}"
              f"{c.median_cpu:>8.2f}{cores:>9.2f}{mb_per_s:>8.1f}{rss_cell(c.median_rss_mib):>14}")
    if any(c.median_rss_mib <= floor_mib for c in configs):
        print(f"(<=: at this script's own peak RSS, {floor_mib:.1f} MiB, which a child started by vfork "
              "reports at least)")

    targets = []

    def verdict(name: str, value: float | None, ok: bool | None, text: str) -> None:
        targets.append({"target": name, "value": value, "pass": ok})
        mark = "n/a " if ok is None else ("PASS" if ok else "FAIL")
        print(f"  {mark}  {text}")

    print()
    for t in THREADS:
        r = check_over_parse[t]
        verdict(f"check/parse-only at {t} thread(s) <= {MAX_CHECK_OVER_PARSE}", r,
                None if r is None else r <= MAX_CHECK_OVER_PARSE,
                f"check / parse-only, {t} thread{'s' if t > 1 else ''}: {fmt_ratio(r)} "
                f"(target <= {MAX_CHECK_OVER_PARSE}x; in CPU time {fmt_ratio(check_over_parse_cpu[t])})")
    s = speedup["check"]
    verdict(f"check speedup 1->2 threads >= {MIN_SPEEDUP}", s, None if s is None else s >= MIN_SPEEDUP,
            f"check speedup 1 -> 2 threads: {fmt_ratio(s)} (target >= {MIN_SPEEDUP}x)")
    verdict(f"check peak RSS < {MAX_RSS_MIB} MiB", check_rss,
            None if check_rss is None else check_rss < MAX_RSS_MIB,
            f"check peak RSS, highest of all runs: "
            f"{'n/a' if check_rss is None else rss_cell(check_rss) + ' MiB'} (target < {MAX_RSS_MIB:.0f} MiB)")
    print(f"  ref.  parse-only speedup 1 -> 2 threads: {fmt_ratio(speedup['parse-only'])} "
          "(for comparison: no rules, same discovery)")
    if pymemlint is None:
        print("\nThe check was not measured (--parse-only): its targets are n/a.")
    starved = [f"{c.mode} ({c.threads} thread{'s' if c.threads > 1 else ''})" for c in configs
               if c.median_cpu / c.median_wall < MIN_CORE_SHARE * c.threads]
    if starved or load_before[0] > BUSY_LOAD:
        print(f"\nNote: the load average was {load_before[0]:.2f} before starting.")
        if starved:
            print(f"Fewer cores busy than threads: {', '.join(starved)}.")
        print("Other processes shared the CPUs: wall times are pessimistic, and the wall-time ratios and\n"
              "verdicts above unreliable. Compare CPU times, or run again on a quiet machine.")

    if args.json:
        figures = {
            "corpus": {"dirs": dirs, "files": corpus.files, "lines": corpus.lines, "bytes": corpus.bytes},
            "runs": args.runs,
            "cpus": cpus,
            "loadavg_before": load_before,
            "loadavg_after": load_after,
            "rss_floor_kib": rss_floor_kib(),
            "configs": [
                {"mode": c.mode, "threads": c.threads, "argv": c.argv, "wall_s": c.wall_s, "cpu_s": c.cpu_s,
                 "max_rss_kib": c.rss_kib, "median_wall_s": c.median_wall, "median_cpu_s": c.median_cpu,
                 "mb_per_s": corpus.bytes / 1e6 / c.median_wall, "median_rss_mib": c.median_rss_mib}
                for c in configs
            ],
            "check_over_parse_only": {str(t): check_over_parse[t] for t in THREADS},
            "check_over_parse_only_cpu": {str(t): check_over_parse_cpu[t] for t in THREADS},
            "speedup_1_to_2": speedup,
            "targets": targets,
        }
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
