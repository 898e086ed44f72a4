#!/usr/bin/env python3
"""Run scikit-learn's examples after --fix: the fixed scripts must still run.

Copies the examples, applies `pymemlint check --fix --unsafe-fixes --select SELECT`, then runs,
with Debian's Python (numpy, sklearn, matplotlib), every script the fix changed and, up to
--count, unchanged ones, skipping any that download data (fetch_*, openml, urls). Each runs in
its own directory with MPLBACKEND=Agg and a timeout. Prints one line per script and a summary;
exits 1 when a changed script that ran before the fix fails after it.
"""
import argparse
import filecmp
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

EXAMPLES = Path("/usr/share/doc/python-sklearn-doc/examples")
PYTHON = "/usr/bin/python3"
NETWORK = re.compile(r"fetch_|openml|urlopen|urlretrieve|download|https?://\S+\.(csv|zip|gz|tgz)")


def run(script, timeout):
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONWARNINGS="ignore")
    try:
        p = subprocess.run([PYTHON, script.name], cwd=script.parent, env=env, capture_output=True,
                           text=True, timeout=timeout)
        return "ok" if p.returncode == 0 else f"exit {p.returncode}: " + (p.stderr.strip().splitlines() or [""])[-1][:120]
    except subprocess.TimeoutExpired:
        return "timeout"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", default=str(Path(__file__).resolve().parent.parent / "build" / "pymemlint"))
    ap.add_argument("--select", default="MEM1")
    ap.add_argument("--count", type=int, default=12, help="scripts to run in all (changed ones first)")
    ap.add_argument("--timeout", type=int, default=120, help="seconds per script")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        fixed = Path(tmp) / "fixed"
        shutil.copytree(EXAMPLES, fixed)
        subprocess.run([args.binary, "check", "--fix", "--unsafe-fixes", "--select", args.select, "--exit-zero",
                        "-q", str(fixed)], stdout=subprocess.DEVNULL, check=False)
        changed, unchanged = [], []
        for f in sorted(fixed.rglob("*.py")):
            original = EXAMPLES / f.relative_to(fixed)
            if NETWORK.search(f.read_text(encoding="utf-8", errors="replace")):
                continue
            (unchanged if filecmp.cmp(f, original, shallow=False) else changed).append(f)
        chosen = changed + unchanged[: max(0, args.count - len(changed))]
        failures = 0
        for f in chosen:
            rel = f.relative_to(fixed)
            after = run(f, args.timeout)
            line = f"{'changed  ' if f in changed else 'unchanged'} {rel}: {after}"
            if f in changed and after != "ok":
                # Run the original in a scratch copy (examples may write files next to themselves).
                scratch = Path(tmp) / "orig" / rel
                scratch.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(EXAMPLES / rel, scratch)
                before = run(scratch, args.timeout)
                line += f" (before the fix: {before})"
                failures += before == "ok"
            print(line, flush=True)
        print(f"== {len(chosen)} scripts run ({len(changed)} changed by the fix); "
              f"{failures} changed scripts fail after the fix but not before")
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
