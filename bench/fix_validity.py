#!/usr/bin/python3
"""Fix validity over real code.

Copies the Debian corpus (the Python trees of python3-pandas, -sklearn, -scipy, -numpy and
-matplotlib) and scikit-learn's example scripts (python-sklearn-doc), runs
`pymemlint check --fix --unsafe-fixes` on the copy, checks with `python3 -m py_compile` (run by this interpreter,
Debian's /usr/bin/python3) that every changed file still compiles, and checks that a second run changes nothing. Prints the findings
per rule before fixing, files changed, fixes applied (as the --fix run counts them, per rule),
broken files (target 0) and non-idempotent files (target 0). A changed file that fails to compile
is only broken if its original compiled: one that did not compile before the fix either is counted
apart, as already broken. Exits 1 when a file is broken or not idempotent.

    /usr/bin/python3 bench/fix_validity.py [--binary build/pymemlint] [--keep DIR]
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

DEBIAN = Path("/usr/lib/python3/dist-packages")
PACKAGES = ["pandas", "sklearn", "scipy", "numpy", "matplotlib"]
EXAMPLES = Path("/usr/share/doc/python-sklearn-doc/examples")
APT_HINT = ("apt-get install python3-pandas python3-sklearn python3-scipy python3-numpy "
            "python3-matplotlib python-sklearn-doc")


def digest_tree(root):
    out = {}
    for p in sorted(root.rglob("*.py")):
        out[p] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def py_compile_failures(paths):
    """Changed files that `python3 -m py_compile` (this interpreter: Debian's) rejects, with why."""
    failures = []
    for i in range(0, len(paths), 200):
        batch = [str(p) for p in paths[i:i + 200]]
        proc = subprocess.run([sys.executable, "-m", "py_compile", *batch], capture_output=True, text=True)
        if proc.returncode == 0:
            continue
        for p in batch:  # find which ones, one at a time
            one = subprocess.run([sys.executable, "-m", "py_compile", p], capture_output=True, text=True)
            if one.returncode != 0:
                failures.append((Path(p), one.stderr.strip().splitlines()[-1] if one.stderr.strip() else "error"))
    return failures


def original_of(path, work, sources):
    """The file of the installed corpus that `path` (below the copy in `work`) was copied from."""
    rel = path.relative_to(work)
    for name, src in sources.items():
        prefix = Path(name)
        if rel.parts[:len(prefix.parts)] == prefix.parts:
            return src.joinpath(*rel.parts[len(prefix.parts):])
    return None


def compiles(path):
    """Whether `python3 -m py_compile` accepts a copy of `path` (copied: never write to /usr)."""
    with tempfile.TemporaryDirectory(prefix="pymemlint-original-") as tmp:
        copy = Path(tmp) / path.name
        shutil.copyfile(path, copy)
        return subprocess.run([sys.executable, "-m", "py_compile", str(copy)],
                              capture_output=True).returncode == 0


FIXED_LINE = re.compile(r"^\s+(\d+) × (\S+)")
SUMMARY_FIXED = re.compile(r"^Found \d+ findings? \((\d+) fixed, (\d+) remaining\)\.$")


def fixes_reported(stdout):
    """The fixes the --fix run says it applied: (total from its summary, per rule from --show-fixes)."""
    total = None
    per_rule = Counter()
    for line in stdout.splitlines():
        m = SUMMARY_FIXED.match(line)
        if m:
            total = int(m.group(1))
        elif line == "All checks passed!":
            total = 0
        m = FIXED_LINE.match(line)
        if m:
            per_rule[m.group(2)] += int(m.group(1))
    if total is None:
        sys.exit("the --fix run printed no summary (`Found N findings (X fixed, Y remaining).`)")
    if sum(per_rule.values()) != total:
        sys.exit(f"the --fix run's summary says {total} fixed, its --show-fixes list {sum(per_rule.values())}")
    return total, per_rule


def run_json(binary, args, cwd):
    proc = subprocess.run([binary, "check", *args, "--output-format", "json", "--exit-zero"],
                          cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"pymemlint failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return json.loads(proc.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", default="build/pymemlint")
    ap.add_argument("--keep", help="copy into this directory and keep it")
    ap.add_argument("--select", help="rule selection passed to pymemlint (default: all rules)")
    args = ap.parse_args()
    binary = str(Path(args.binary).resolve())
    if not Path(binary).exists():
        sys.exit(f"{binary} does not exist: build first (scripts/bootstrap --build-only)")
    sources = {f"debian/{p}": DEBIAN / p for p in PACKAGES}
    sources["sklearn-examples"] = EXAMPLES
    missing = [str(s) for s in sources.values() if not s.is_dir()]
    if missing:
        sys.exit(f"missing corpora: {', '.join(missing)}\n  {APT_HINT}")

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="pymemlint-fixcheck-"))
    if work.exists():
        shutil.rmtree(work)
    for name, src in sources.items():
        shutil.copytree(src, work / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    select = ["--select", args.select] if args.select else []

    for corpus in ["debian", "sklearn-examples"]:
        root = work / corpus
        findings = run_json(binary, [".", *select], root)
        per_rule = Counter(f["code"] for f in findings)
        files = len(list(root.rglob("*.py")))
        print(f"== {corpus}: {files} files, {len(findings)} findings")
        for code, n in sorted(per_rule.items()):
            print(f"   {code}: {n}")

    before = digest_tree(work)
    # Concise findings, then the summary and --show-fixes' list: the run's own count of its fixes.
    fix = subprocess.run([binary, "check", ".", "--fix", "--unsafe-fixes", "--exit-zero", "--show-fixes",
                          "--output-format", "concise", "--color", "never", *select],
                         cwd=work, capture_output=True, encoding="utf-8", errors="replace")
    if fix.returncode != 0:
        sys.exit(f"--fix failed ({fix.returncode}): {fix.stderr[-2000:]}")
    fixes_applied, fixed_per_rule = fixes_reported(fix.stdout)
    warnings = [l for l in fix.stderr.splitlines() if l.startswith("warning:")]
    after = digest_tree(work)
    changed = [p for p in after if before.get(p) != after[p]]
    broken, already_broken = [], []
    for p, why in py_compile_failures(changed):
        original = original_of(p, work, sources)
        if original is not None and original.is_file() and not compiles(original):
            already_broken.append((p, why))
        else:
            broken.append((p, why))
    second = subprocess.run([binary, "check", ".", "--fix", "--unsafe-fixes", "--exit-zero", "-q", *select],
                            cwd=work, capture_output=True, text=True)
    again = digest_tree(work)
    not_idempotent = [p for p in again if again[p] != after.get(p)]
    remaining = run_json(binary, [".", *select], work)
    print(f"== fix: {len(changed)} files changed, {fixes_applied} fixes applied, "
          f"{len(warnings)} files whose fixes were abandoned (syntax or convergence)")
    for code, n in sorted(fixed_per_rule.items()):
        print(f"   fixed {code}: {n}")
    print(f"   findings left after fixing: {len(remaining)}")
    print(f"   broken files (py_compile): {len(broken)}")
    for p, why in broken[:20]:
        print(f"     {p.relative_to(work)}: {why}")
    print(f"   already broken (changed, failing, and the original fails py_compile too): {len(already_broken)}")
    for p, why in already_broken[:20]:
        print(f"     {p.relative_to(work)}: {why}")
    print(f"   non-idempotent files (a second --fix changed them): {len(not_idempotent)}")
    for p in not_idempotent[:20]:
        print(f"     {p.relative_to(work)}")
    for w in warnings[:10]:
        print(f"   {w}")
    if not args.keep:
        shutil.rmtree(work)
    return 1 if broken or not_idempotent else 0


if __name__ == "__main__":
    sys.exit(main())
