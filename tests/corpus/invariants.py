"""Corpus invariants: remedy must never break code, lose a file or crash.

Runs the remedy binary over a pinned corpus (Django and SQLAlchemy sdists
from PyPI plus this machine's Python standard library) and checks:

- no panic (exit status is 0, 1 or 2) and no "internal error";
- every file remedy calls a syntax error is rejected by CPython too;
- `diff` and `check` output is identical with --threads 1 and --threads 2,
  and `diff` writes nothing;
- after `fix --unsafe-fixes`, every changed file compiles with CPython;
- a second `fix` applies nothing;
- the `diff` output applied with `git apply` to a pristine copy yields
  exactly what `fix` wrote;
- a `fix` killed mid-run leaves every file either original or fully fixed.

Usage: python3 invariants.py REMEDY_BINARY CORPUS_DIR
"""
import collections
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path


def remedy(binary, args, cwd):
    result = subprocess.run([binary, *args], cwd=cwd, capture_output=True)
    if result.returncode not in (0, 1, 2):
        sys.exit(f"FAIL: remedy {' '.join(args)} exited {result.returncode} (panic?)\n{result.stderr.decode()[-3000:]}")
    return result


def tree_digest(root):
    digests = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            digests[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def compiles(path):
    try:
        compile(path.read_bytes(), str(path), "exec", dont_inherit=True)
        return True
    except (SyntaxError, ValueError):
        return False


def classify(stderr):
    kinds = collections.Counter()
    syntax_files = []
    failures = []
    for line in stderr.splitlines():
        if line.startswith("remedy:"):
            continue
        if "internal error" in line:
            failures.append(line)
            kinds["internal error"] += 1
        elif ": syntax error: " in line:
            kinds["syntax error"] += 1
            syntax_files.append(line.split(":", 1)[0])
        elif "invalid UTF-8" in line or "binary file" in line or "unsupported source encoding" in line:
            kinds["undecodable"] += 1
        elif ": error: " in line:
            kinds[line.split(": error: ", 1)[1].split(":")[0]] += 1
    return kinds, syntax_files, failures


def main():
    binary, corpus = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    pristine, fixed, applied, killed = (corpus / name for name in ("pristine", "fixed", "applied", "killed"))
    for folder in (fixed, applied, killed):
        shutil.rmtree(folder, ignore_errors=True)
    before = tree_digest(pristine)
    failures = []

    # Determinism and dry runs.
    diff1 = remedy(binary, ["diff", "--unsafe-fixes", "--threads", "1", "."], pristine)
    diff2 = remedy(binary, ["diff", "--unsafe-fixes", "--threads", "2", "."], pristine)
    if diff1.stdout != diff2.stdout:
        failures.append("diff output differs between --threads 1 and --threads 2")
    check1 = remedy(binary, ["check", "--output-format", "json", "--threads", "1", "."], pristine)
    check2 = remedy(binary, ["check", "--output-format", "json", "--threads", "2", "."], pristine)
    if check1.stdout != check2.stdout:
        failures.append("check output differs between --threads 1 and --threads 2")
    if tree_digest(pristine) != before:
        failures.append("diff or check changed files on disk")

    findings = json.loads(check1.stdout)
    per_rule = collections.Counter(f["rule"] for f in findings)
    fixable = collections.Counter((f["rule"], f["fix"]["applicability"]) for f in findings if f["fix"])
    kinds, syntax_files, internal = classify(check1.stderr.decode())
    failures.extend(internal)
    disagreements = [f for f in syntax_files if compiles(pristine / f)]
    if disagreements:
        failures.append(f"{len(disagreements)} files CPython compiles were called syntax errors: {disagreements[:5]}")

    # Fix, verify, fix again.
    shutil.copytree(pristine, fixed, symlinks=True)
    fix = remedy(binary, ["fix", "--unsafe-fixes", "."], fixed)
    fix_kinds, _, internal = classify(fix.stderr.decode())
    failures.extend(internal)
    after = tree_digest(fixed)
    changed = sorted(path for path, digest in after.items() if before.get(path) != digest)
    broken = [path for path in changed if path.endswith(".py") and not compiles(fixed / path)]
    if broken:
        failures.append(f"{len(broken)} fixed files do not compile: {broken[:10]}")
    again = remedy(binary, ["fix", "--unsafe-fixes", "."], fixed)
    if tree_digest(fixed) != after:
        failures.append("a second fix run changed files again")

    # The diff applies to a pristine copy and yields what fix wrote.
    shutil.copytree(pristine, applied, symlinks=True)
    patch = corpus / "remedy.patch"
    patch.write_bytes(diff1.stdout)
    if diff1.stdout:
        result = subprocess.run(["git", "apply", "--whitespace=nowarn", str(patch)], cwd=applied, capture_output=True)
        if result.returncode != 0:
            failures.append(f"git apply failed: {result.stderr.decode()[:2000]}")
    if tree_digest(applied) != after:
        differing = [p for p in after if tree_digest(applied).get(p) != after[p]][:5]
        failures.append(f"git apply of the diff differs from what fix wrote: {differing}")

    # A fix killed mid-run leaves every file original or fully fixed.
    shutil.copytree(pristine, killed, symlinks=True)
    process = subprocess.Popen([binary, "fix", "--unsafe-fixes", "--threads", "2", "."], cwd=killed,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.15)
    process.send_signal(signal.SIGKILL)
    process.wait()
    partial = tree_digest(killed)
    torn = [p for p, d in partial.items() if d not in (before.get(p), after.get(p)) and not Path(p).name.startswith(".remedy-")]
    leftovers = [p for p in partial if Path(p).name.startswith(".remedy-")]
    if torn:
        failures.append(f"killed fix left {len(torn)} files neither original nor fixed: {torn[:5]}")

    lines = sum(1 for p in before if p.endswith(".py") for _ in open(pristine / p, "rb"))
    print(f"corpus: {sum(p.endswith('.py') for p in before)} Python files, {lines} lines")
    print(f"findings by rule: {dict(sorted(per_rule.items()))}")
    print(f"fixable findings by rule and safety: {dict(sorted((f'{r} ({a})', n) for (r, a), n in fixable.items()))}")
    print(f"errors by kind (check): {dict(kinds)}")
    print(f"fix: {fix.stderr.decode().strip().splitlines()[-1]}")
    print(f"second fix: {again.stderr.decode().strip().splitlines()[-1]}")
    print(f"changed files: {len(changed)}; killed run: {sum(1 for p, d in partial.items() if d == after.get(p) and d != before.get(p))} fixed, "
          f"{len(leftovers)} temporary files left behind")
    if failures:
        print("FAIL:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("corpus invariants: all hold")


if __name__ == "__main__":
    main()
