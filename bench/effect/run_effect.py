#!/usr/bin/python3
"""Measured effect of pymemlint's fixes on small real programs.

For each program in bench/effect/ (one per fixable rule), in a fresh temporary directory:
  1. write the program's input files, if it needs any;
  2. run it with Debian's Python (numpy/pandas) under _measure.py: its RESULT line, its peak
     memory (tracemalloc, or peak resident memory for memory maps) and, where it matters, time;
  3. lint it with `pymemlint check --select RULE --output-format json` and require at least one
     applicable (safe or unsafe) fix of that rule;
  4. apply `pymemlint check --select RULE --fix --unsafe-fixes`, require the file to change and
     no applicable fix of the rule to remain;
  5. run the fixed program the same way and compare its RESULT with the original's (exactly, or
     within a relative tolerance for float32 results).
Prints a table `rule | program | metric | before MB | after MB | ratio | same result | time before/after`.
Exits 1 when a fix did not apply, a result differs, a program failed, or a rule is missing from
the build (unless --allow-missing).

    /usr/bin/python3 bench/effect/run_effect.py [--binary build/pymemlint] [--only MEM201,MEM601]
        [--allow-missing] [--keep DIR] [--json OUT]
"""
import argparse
import json
import math
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

HERE = Path(__file__).resolve().parent
PYTHON = "/usr/bin/python3"  # Debian's Python, with numpy and pandas


def write_features_npy(directory: Path):
    """features.npy: 5,000,000 x 8 float64 (320 MB), written in chunks through a memory map."""
    code = (
        "import numpy as np\n"
        "rows, cols, chunk = 5_000_000, 8, 250_000\n"
        "out = np.lib.format.open_memmap('features.npy', mode='w+', dtype=np.float64, shape=(rows, cols))\n"
        "for s in range(0, rows, chunk):\n"
        "    block = np.arange(s * cols, (s + chunk) * cols, dtype=np.float64).reshape(chunk, cols)\n"
        "    out[s:s + chunk] = block % 1009.0\n"
        "out.flush()\n"
        "del out\n")
    subprocess.run([PYTHON, "-c", code], cwd=directory, check=True)


def write_events_log(directory: Path):
    """events.log: 2,000,000 lines of 54 characters (108 MB), one in 50 an ERROR."""
    with open(directory / "events.log", "w") as f:
        for i in range(2_000_000):
            level = "ERROR" if i % 50 == 0 else "INFO "
            f.write(f"2024-01-01T00:{i // 60 % 60:02d}:{i % 60:02d} {level} worker-{i % 17:02d} request {i:09d}\n")


@dataclass
class Case:
    rule: str
    program: str
    metric: str = "traced"               # "traced" (tracemalloc) or "rss" (peak resident memory)
    setup: Optional[Callable[[Path], None]] = None
    rel_tol: float = 0.0                 # 0: results must be identical
    timed: bool = False                  # also time an untraced run before and after


CASES = [
    Case("MEM101", "mem101_chain3.py"),
    Case("MEM101", "mem101_chain4.py"),
    Case("MEM201", "mem201_list_rebuild.py"),
    Case("MEM202", "mem202_array_rebind.py"),
    Case("MEM203", "mem203_concat_in_loop.py", timed=True),
    Case("MEM301", "mem301_float64.py", rel_tol=1e-5),
    Case("MEM401", "mem401_list_then_array.py"),
    Case("MEM601", "mem601_npy_mmap.py", metric="rss", setup=write_features_npy),
    Case("MEM602", "mem602_readlines.py", setup=write_events_log),
]


class Failure(Exception):
    pass


def lint_fixable(binary: str, rule: str, path: Path) -> int:
    """Number of findings of `rule` in `path` whose fix --fix --unsafe-fixes would apply."""
    proc = subprocess.run([binary, "check", "--select", rule, "--output-format", "json", "--exit-zero", str(path)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise Failure(f"pymemlint failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    findings = json.loads(proc.stdout)
    return sum(1 for d in findings
               if d["code"] == rule and d.get("fix") and d["fix"]["applicability"] in ("safe", "unsafe")
               and d["fix"]["edits"])


def run_program(path: Path, trace: bool = True) -> dict:
    out = path.parent / "measure.json"
    args = [PYTHON, str(HERE / "_measure.py"), path.name, str(out)] + ([] if trace else ["--no-trace"])
    proc = subprocess.run(args, cwd=path.parent, capture_output=True, text=True)
    if proc.returncode != 0:
        raise Failure(f"{path.name} failed ({proc.returncode}):\n{proc.stderr.strip()[-2000:]}")
    results = [line[len("RESULT "):] for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    if len(results) != 1:
        raise Failure(f"{path.name} printed {len(results)} RESULT lines")
    measured = json.loads(out.read_text())
    out.unlink()
    measured["result"] = json.loads(results[0])
    return measured


def same_result(a, b, rel_tol: float) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_result(a[k], b[k], rel_tol) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_result(x, y, rel_tol) for x, y in zip(a, b))
    if isinstance(a, float) or isinstance(b, float):
        return a == b if rel_tol == 0 else math.isclose(a, b, rel_tol=rel_tol)
    return a == b


def measure(case: Case, binary: str, workdir: Path) -> dict:
    workdir.mkdir(parents=True)
    program = workdir / case.program
    shutil.copy(HERE / case.program, program)
    shutil.copy(HERE / case.program, workdir / (program.stem + ".before.py.txt"))  # kept with --keep
    if case.setup:
        case.setup(workdir)
    before = run_program(program)
    if case.timed:
        before["seconds_untraced"] = run_program(program, trace=False)["seconds"]

    fixable = lint_fixable(binary, case.rule, program)
    if fixable == 0:
        raise Failure(f"{case.rule} has no applicable fix in {case.program}")
    original = program.read_text()
    proc = subprocess.run([binary, "check", "--select", case.rule, "--fix", "--unsafe-fixes", "--exit-zero", "-q",
                           str(program)], capture_output=True, text=True)
    if proc.returncode != 0:
        raise Failure(f"pymemlint --fix failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    fixed = program.read_text()
    if fixed == original:
        raise Failure(f"--fix --unsafe-fixes left {case.program} unchanged")
    remaining = lint_fixable(binary, case.rule, program)
    if remaining:
        raise Failure(f"{remaining} of {fixable} {case.rule} fixes still apply after --fix")

    after = run_program(program)
    if case.timed:
        after["seconds_untraced"] = run_program(program, trace=False)["seconds"]
    key = "traced_peak" if case.metric == "traced" else "rss_growth"
    same = same_result(before["result"], after["result"], case.rel_tol)
    return {"rule": case.rule, "program": case.program, "metric": case.metric, "fixes": fixable,
            "before_bytes": before[key], "after_bytes": after[key],
            "ratio": after[key] / before[key] if before[key] else None,
            "same_result": same, "rel_tol": case.rel_tol,
            "result_before": before["result"], "result_after": after["result"],
            "seconds_before": before.get("seconds_untraced"), "seconds_after": after.get("seconds_untraced"),
            "traced_before": before["traced_peak"], "traced_after": after["traced_peak"],
            "rss_before": before["rss_growth"], "rss_after": after["rss_growth"]}


def known_rules(binary: str) -> set:
    """Rule codes in the build: the first column of `pymemlint rule --all`."""
    proc = subprocess.run([binary, "rule", "--all"], capture_output=True, text=True, check=True)
    return {line.split()[0] for line in proc.stdout.splitlines() if line.strip()}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", default=str(HERE.parent.parent / "build" / "pymemlint"))
    ap.add_argument("--only", help="comma-separated rule codes to run")
    ap.add_argument("--allow-missing", action="store_true",
                    help="report rules missing from the build but do not fail on them")
    ap.add_argument("--keep", help="work in this directory and keep the programs (before/after)")
    ap.add_argument("--json", help="also write the measurements to this file")
    args = ap.parse_args()
    binary = str(Path(args.binary).resolve())
    if not Path(binary).exists():
        sys.exit(f"{binary} does not exist: build first")
    cases = CASES
    if args.only:
        wanted = set(args.only.split(","))
        cases = [c for c in CASES if c.rule in wanted]
    available = known_rules(binary)

    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="pml-effect-"))
    rows, failures, missing = [], [], []
    try:
        for case in cases:
            if case.rule not in available:
                missing.append(case.rule)
                rows.append({"rule": case.rule, "program": case.program, "missing": True})
                print(f"{case.rule}: not in this build of pymemlint; not measured", file=sys.stderr)
                continue
            print(f"{case.rule}: {case.program} ...", file=sys.stderr, flush=True)
            try:
                row = measure(case, binary, root / Path(case.program).stem)
            except Failure as e:
                failures.append(f"{case.rule}: {e}")
                rows.append({"rule": case.rule, "program": case.program, "error": str(e)})
                continue
            if not row["same_result"]:
                failures.append(f"{case.rule}: results differ: {row['result_before']} vs {row['result_after']}")
            rows.append(row)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)

    print_table(rows)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n")
    for f in failures:
        print(f"FAIL {f}", file=sys.stderr)
    if failures or (missing and not args.allow_missing):
        sys.exit(1)


def mb(n):
    return f"{n / 1e6:.1f}" if n is not None else "-"


def print_table(rows):
    header = ["rule", "program", "metric", "before MB", "after MB", "ratio", "same result", "time before",
              "time after"]
    lines = []
    for r in rows:
        program = Path(r["program"]).stem
        if r.get("missing"):
            lines.append([r["rule"], program, "-", "-", "-", "-", "not in build", "-", "-"])
            continue
        if "error" in r:
            lines.append([r["rule"], program, "-", "-", "-", "-", "FIX FAILED", "-", "-"])
            continue
        metric = "tracemalloc peak" if r["metric"] == "traced" else "peak RSS growth"
        same = ("yes" if r["rel_tol"] == 0 else f"yes (rel. tol. {r['rel_tol']:g})") if r["same_result"] else "NO"
        t0 = f"{r['seconds_before']:.2f} s" if r["seconds_before"] is not None else "-"
        t1 = f"{r['seconds_after']:.2f} s" if r["seconds_after"] is not None else "-"
        ratio = f"{r['ratio']:.2f}" if r["ratio"] is not None else "-"
        lines.append([r["rule"], program, metric, mb(r["before_bytes"]), mb(r["after_bytes"]), ratio, same, t0, t1])
    widths = [max(len(h), *(len(l[i]) for l in lines)) if lines else len(h) for i, h in enumerate(header)]
    fmt = " | ".join(f"{{:{w}}}" for w in widths)
    print(fmt.format(*header))
    print("-|-".join("-" * w for w in widths))
    for l in lines:
        print(fmt.format(*l))


if __name__ == "__main__":
    main()
