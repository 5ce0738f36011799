"""Real projects as the oracle: their own test suites must stay green after
`remedy fix`.

For each pinned project (an sdist from PyPI, sha256-checked, cached under
target/realworld/):
  baseline  its test suite on the pristine tree: the failing test ids
  A         `remedy fix --isolated .` (safe fixes, every rule), then the suite
  B         `remedy fix --isolated --select sql-parameterize --unsafe-fixes .`,
            then the suite
A test that fails or errors after a fix but not before (or that passed and is
gone) is a regression: the changed files are reverted one at a time until it
passes, and the culprit file's diff is printed. Exit 1 on any regression.

  python3 oracle.py --remedy PATH [--project NAME]...
  python3 oracle.py --compare OLD_BINARY NEW_BINARY [--project NAME]...
"""

import argparse
import collections
import difflib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

# The PyPI lookup the corpus fetcher already has.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "corpus"))
from fetch import sdist_url  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
WORK = ROOT / "target" / "realworld"
SUITE_TIMEOUT = 900
BISECT_SAMPLE = 24


@dataclass
class Project:
    name: str
    pypi: str
    sdist: str
    sha256: str
    kind: str
    # Everything the suite imports, pinned (the project itself is imported
    # from the tree under test, never installed).
    requirements: list
    pytest_args: list
    # Folders the suite expects to exist (not shipped in the sdist).
    make_dirs: list = field(default_factory=list)


PROJECTS = [
    Project(
        name="sqlite-utils",
        pypi="sqlite-utils",
        sdist="sqlite_utils-4.2.1.tar.gz",
        sha256="76114b6a5414714e6c70e5fa5c4781b301b590f6951b5da39c8cc60c21382ba1",
        kind="library + CLI; sqlite3, identifiers quoted by its own helpers",
        requirements=[
            "click==8.5.1", "click-default-group==1.2.4", "cogapp==3.6.1",
            "hypothesis==6.170.17", "iniconfig==2.3.1", "packaging==26.4",
            "pluggy==1.7.0", "Pygments==2.21.0", "pytest==9.2.0",
            "python-dateutil==4.0.0", "sortedcontainers==2.4.0",
            "sqlite-fts4==1.0.3", "tabulate==0.10.0", "tzdata==2026.6",
        ],
        pytest_args=["tests"],
    ),
    Project(
        name="sqlitedict",
        pypi="sqlitedict",
        sdist="sqlitedict-2.1.0.tar.gz",
        sha256="03d9cfb96d602996f1d4c2db2856f1224b96a9c431bdd16e78032a72940f9e8c",
        kind="library; sqlite3, table names spliced into SQL",
        requirements=[
            "iniconfig==2.3.1", "packaging==26.4", "pluggy==1.7.0",
            "Pygments==2.21.0", "pytest==9.2.0",
        ],
        pytest_args=["tests"],
        make_dirs=["tests/db"],
    ),
    Project(
        name="litecli",
        pypi="litecli",
        sdist="litecli-1.17.1.tar.gz",
        sha256="e2f7191eaba830b24dbbfc9171a495c62562df923ba1cc3b2db2652547c1bac8",
        kind="application (interactive SQLite client); sqlite3",
        requirements=[
            "cli_helpers==2.15.2", "click==8.5.1", "configobj==5.0.9",
            "iniconfig==2.3.1", "packaging==26.4", "pluggy==1.7.0",
            "prompt_toolkit==3.0.53", "Pygments==2.21.0", "pytest==9.2.0",
            "sqlparse==0.6.1", "tabulate==0.10.0", "wcwidth==0.9.4",
        ],
        pytest_args=["tests"],
    ),
    Project(
        name="records",
        pypi="records",
        sdist="records-0.6.0.tar.gz",
        sha256="320265b94ae87ca5d22643811aa199ce8a8c50d50064053b1a9a54e6ae565d9f",
        kind="library; SQLAlchemy text() on sqlite",
        requirements=[
            "docopt==0.6.2", "et_xmlfile==2.0.0", "iniconfig==2.3.1",
            "openpyxl==3.1.5", "packaging==26.4", "pluggy==1.7.0",
            "Pygments==2.21.0", "pytest==9.2.0", "SQLAlchemy==2.1.9",
            "tablib==3.10.0", "typing_extensions==4.16.0",
        ],
        pytest_args=["tests"],
    ),
    Project(
        name="dataset",
        pypi="dataset",
        sdist="dataset-2.0.0.tar.gz",
        sha256="0e13d309dfbaafb3e67b991605ce6767867262908864455505c415442c0bba45",
        kind="library; SQLAlchemy Core on sqlite",
        requirements=[
            "alembic==1.20.1", "iniconfig==2.3.1", "Mako==1.4.3",
            "MarkupSafe==3.0.4", "packaging==26.4", "pluggy==1.7.0",
            "Pygments==2.21.0", "pytest==9.2.0", "SQLAlchemy==2.1.9",
            "typing_extensions==4.16.0",
        ],
        pytest_args=["test"],
    ),
]

RUNS = {
    "A": ("safe fixes, every rule", []),
    "B": ("sql-parameterize with unsafe fixes", ["--select", "sql-parameterize", "--unsafe-fixes"]),
}


def log(*args):
    print(*args, flush=True)


# ---------------------------------------------------------------- fetching


def pristine(project):
    """The unpacked sdist, fetched and checked once."""
    tree = WORK / "pristine" / project.name
    if tree.exists():
        return tree
    download = WORK / "download"
    download.mkdir(parents=True, exist_ok=True)
    archive = download / project.sdist
    if not archive.exists():
        with urllib.request.urlopen(sdist_url(project.pypi, project.sdist), timeout=300) as response:
            data = response.read()
        if hashlib.sha256(data).hexdigest() != project.sha256:
            raise SystemExit(f"{project.sdist}: sha256 mismatch")
        archive.write_bytes(data)
    elif hashlib.sha256(archive.read_bytes()).hexdigest() != project.sha256:
        raise SystemExit(f"{archive}: sha256 mismatch (delete it to fetch again)")
    staging = WORK / "pristine" / (project.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    with tarfile.open(archive) as tar:
        tar.extractall(staging, filter="data")
    (top,) = list(staging.iterdir())
    top.rename(tree)
    staging.rmdir()
    return tree


def venv(project):
    """A virtualenv with the suite's pinned requirements, reused when present."""
    env = WORK / f"venv-{project.name}"
    stamp = env / "oracle-requirements.txt"
    wanted = "\n".join(project.requirements) + "\n"
    if stamp.exists() and stamp.read_text() == wanted:
        return env
    shutil.rmtree(env, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(env)], check=True)
    subprocess.run(
        [str(env / "bin" / "python"), "-m", "pip", "install", "--quiet", *project.requirements],
        check=True,
    )
    stamp.write_text(wanted)
    return env


# ---------------------------------------------------------------- trees


def all_files(tree):
    return {
        path.relative_to(tree).as_posix(): path.read_bytes()
        for path in sorted(tree.rglob("*"))
        if path.is_file()
    }


def fresh_copy(project, source, name):
    dest = WORK / "runs" / project.name / name
    shutil.rmtree(dest, ignore_errors=True)
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source, dest, symlinks=True)
    for folder in project.make_dirs:
        (dest / folder).mkdir(parents=True, exist_ok=True)
    return dest


def overlay(tree, files):
    for rel, data in files.items():
        (tree / rel).write_bytes(data)


# ---------------------------------------------------------------- the suite


def run_suite(project, env, tree, node_ids=None):
    """Runs the suite (or only `node_ids`); returns {node id: (outcome, message)}."""
    report = tree.parent / f"{tree.name}.report.jsonl"
    report.unlink(missing_ok=True)
    command = [
        str(env / "bin" / "python"), "-m", "pytest", "-p", "oracle_plugin",
        "-p", "no:cacheprovider", "-q", "--no-header", "-o", "addopts=",
        *(node_ids if node_ids else project.pytest_args),
    ]
    environment = dict(os.environ)
    environment.update(
        PYTHONPATH=f"{tree}{os.pathsep}{HERE}",
        ORACLE_REPORT=str(report),
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONHASHSEED="0",
    )
    try:
        subprocess.run(
            command, cwd=tree, env=environment, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, timeout=SUITE_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        log(f"  {project.name}: suite timed out in {tree.name}")
    results = {}
    if not report.exists():
        return results
    for line in report.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        outcome, message = record["outcome"], record["message"]
        if outcome == "failed":
            outcome = "failed" if record["when"] == "call" else "error"
        previous = results.get(record["id"])
        if previous is None or rank(outcome) > rank(previous[0]):
            results[record["id"]] = (outcome, message)
    return results


def rank(outcome):
    return {"passed": 0, "skipped": 1, "failed": 2, "error": 3}[outcome]


def bad(results):
    return {test for test, (outcome, _) in results.items() if outcome in ("failed", "error")}


def regressions(before, after):
    """Tests that newly fail or error, and tests that passed and are gone."""
    new = bad(after) - bad(before)
    gone = {test for test, (outcome, _) in before.items() if outcome == "passed" and test not in after}
    return sorted(new | gone)


def tally(results):
    counts = collections.Counter(outcome for outcome, _ in results.values())
    return ", ".join(f"{counts[k]} {k}" for k in ("passed", "failed", "error", "skipped") if counts[k])


# ---------------------------------------------------------------- remedy


def remedy_json(remedy, tree, extra=()):
    """Findings of `remedy check --output-format json` on `tree`."""
    completed = subprocess.run(
        [remedy, "check", "--isolated", "--output-format", "json", *extra, "."],
        cwd=tree, capture_output=True, text=True,
    )
    try:
        return json.loads(completed.stdout)
    except json.JSONDecodeError:
        log(f"  remedy check printed no JSON (exit {completed.returncode}): {completed.stderr[:500]}")
        return []


def remedy_fix(remedy, tree, extra):
    completed = subprocess.run(
        [remedy, "fix", "--isolated", *extra, "."], cwd=tree, capture_output=True, text=True,
    )
    return completed


def fixes_by_path(findings, unsafe):
    allowed = {"safe", "unsafe"} if unsafe else {"safe"}
    per_path = collections.defaultdict(set)
    for finding in findings:
        fix = finding.get("fix")
        if fix and fix.get("applicability") in allowed:
            per_path[finding["path"].removeprefix("./")].add(finding["rule"])
    return per_path


def summarize(findings):
    per_rule = collections.defaultdict(collections.Counter)
    for finding in findings:
        fix = finding.get("fix")
        per_rule[finding["rule"]][fix["applicability"] if fix else "report-only"] += 1
        per_rule[finding["rule"]]["total"] += 1
    return per_rule


def format_counts(per_rule):
    if not per_rule:
        return "    (no findings)"
    lines = []
    for rule in sorted(per_rule):
        counts = per_rule[rule]
        parts = ", ".join(
            f"{counts[k]} {k}" for k in ("safe", "unsafe", "display-only", "report-only") if counts[k]
        )
        lines.append(f"    {rule}: {counts['total']} ({parts})")
    return "\n".join(lines)


# ---------------------------------------------------------------- bisecting


def unified(rel, old, new):
    return "".join(
        difflib.unified_diff(
            old.decode("utf-8", "replace").splitlines(keepends=True),
            new.decode("utf-8", "replace").splitlines(keepends=True),
            f"a/{rel}", f"b/{rel}",
        )
    )


def bisect(project, env, source, changed, failing):
    """Which changed files break which tests: each file reverted alone; a test
    that passes without file F's change blames F. Tests no single revert
    explains are chased by reverting files cumulatively."""
    original = all_files(source)
    blame = collections.defaultdict(list)
    if len(failing) > BISECT_SAMPLE:
        # An even, deterministic spread keeps each rerun short.
        step = len(failing) / BISECT_SAMPLE
        failing = [failing[int(i * step)] for i in range(BISECT_SAMPLE)]
        log(f"  bisecting with a sample of {len(failing)} of the regressed tests")
    confirm = fresh_copy(project, source, "bisect")
    overlay(confirm, changed)
    rerun = run_suite(project, env, confirm, failing)
    still = bad(rerun) | (set(failing) - set(rerun))
    unconfirmed = sorted(set(failing) - still)
    remaining = set(still)
    for rel in sorted(changed):
        if not remaining:
            break
        tree = fresh_copy(project, source, "bisect")
        overlay(tree, {k: v for k, v in changed.items() if k != rel})
        results = run_suite(project, env, tree, sorted(remaining))
        fixed = {t for t in remaining if t in results and results[t][0] in ("passed", "skipped")}
        for test in fixed:
            blame[rel].append(test)
    # A file is blamed only if its change alone (on the pristine tree) breaks
    # the test too; otherwise a flaky pass after reverting it blamed it.
    for rel in sorted(blame):
        tree = fresh_copy(project, source, "bisect")
        overlay(tree, {rel: changed[rel]})
        results = run_suite(project, env, tree, sorted(blame[rel]))
        alone = [t for t in blame[rel] if t not in results or results[t][0] in ("failed", "error")]
        if alone:
            blame[rel] = alone
        else:
            del blame[rel]
    explained = {t for tests in blame.values() for t in tests}
    unexplained = remaining - explained
    if unexplained:
        kept = dict(changed)
        for rel in sorted(changed):
            del kept[rel]
            tree = fresh_copy(project, source, "bisect")
            overlay(tree, kept)
            results = run_suite(project, env, tree, sorted(unexplained))
            fixed = {t for t in unexplained if t in results and results[t][0] in ("passed", "skipped")}
            for test in fixed:
                blame[f"{rel} (together with the files before it)"].append(test)
            unexplained -= fixed
            if not unexplained:
                break
    return blame, unconfirmed, sorted(unexplained), len(failing)


# ---------------------------------------------------------------- one project


def check_project(project, remedy, report):
    started = time.time()
    source = pristine(project)
    env = venv(project)
    log(f"\n=== {project.name} ({project.sdist}; {project.kind})")
    findings = remedy_json(remedy, source)
    per_rule = summarize(findings)
    log("  findings (remedy check --isolated):")
    log(format_counts(per_rule))
    report["findings"] = {rule: dict(c) for rule, c in per_rule.items()}

    original = all_files(source)
    fixed_trees = {}
    internal_errors = []
    for run, (title, extra) in RUNS.items():
        tree = fresh_copy(project, source, run)
        completed = remedy_fix(remedy, tree, extra)
        after = all_files(tree)
        changed = {rel: data for rel, data in after.items() if original.get(rel) != data}
        fixed_trees[run] = (tree, changed, completed)
        errors = [line for line in completed.stderr.splitlines() if "error" in line.lower()]
        log(f"  run {run} ({title}): remedy fix exit {completed.returncode}, {len(changed)} files changed")
        for rel in sorted(changed):
            log(f"      {rel}")
        for line in errors[:10]:
            log(f"      remedy: {line}")
        # A fix that breaks the syntax, does not converge or crashes is a bug
        # in remedy even when no test notices.
        internal = [line for line in completed.stderr.splitlines() if "internal error" in line]
        if internal:
            log(f"  REMEDY INTERNAL ERROR in run {run}: {len(internal)} files")
            internal_errors.extend(internal)

    base = fresh_copy(project, source, "base")
    jobs = {"base": base}
    jobs.update({run: tree for run, (tree, changed, _) in fixed_trees.items() if changed})
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {name: pool.submit(run_suite, project, env, tree) for name, tree in jobs.items()}
        results = {name: future.result() for name, future in futures.items()}
    before = results["base"]
    log(f"  tests before: {tally(before)}")
    if not before:
        log("  the suite reported nothing on the pristine tree: broken environment")
        report["broken"] = True
        return 1
    failures = len(internal_errors)
    report["internal_errors"] = internal_errors
    report["runs"] = {}
    for run, (tree, changed, completed) in fixed_trees.items():
        after = results.get(run, before)
        new = regressions(before, after) if changed else []
        report["runs"][run] = {
            "files_changed": sorted(changed),
            "tests_after": tally(after),
            "regressions": new,
        }
        log(f"  tests after {run}: {tally(after)}" + ("" if changed else " (nothing changed)"))
        if not new:
            continue
        command = " ".join(["remedy fix --isolated", *RUNS[run][1]])
        log(f"  REGRESSION in run {run}: {len(new)} tests newly fail after `{command}`")
        for test in new[:20]:
            outcome, message = after.get(test, ("gone", ""))
            log(f"    {outcome}: {test}")
            for line in message.splitlines()[:4]:
                log(f"        {line}")
        if len(new) > 20:
            log(f"    ... and {len(new) - 20} more")
        blame, unconfirmed, unexplained, sampled = bisect(project, env, source, changed, new)
        selected = [f for f in findings if run != "B" or f["rule"] == "sql-parameterize"]
        rules = fixes_by_path(selected, unsafe=run == "B")
        report["runs"][run]["culprits"] = {}
        for rel, tests in sorted(blame.items()):
            path = rel.split(" ")[0]
            log(f"  culprit: {rel} (fixes by {', '.join(sorted(rules.get(path, []))) or '?'}) breaks {len(tests)} tests, e.g. {sorted(tests)[0]}")
            diff = unified(path, original.get(path, b""), changed[path])
            log("    " + diff.replace("\n", "\n    "))
            report["runs"][run]["culprits"][rel] = {"tests": sorted(tests), "diff": diff}
        if unconfirmed:
            log(f"  {len(unconfirmed)} tests pass when rerun alone on the fixed tree (order-dependent or flaky): {unconfirmed[:5]}")
        if unexplained:
            log(f"  {len(unexplained)} tests not explained by reverting files: {unexplained[:5]}")
        if len(unconfirmed) < sampled:
            failures += len(new)
        else:
            log("  none of them fails again when rerun: not counted as a regression")
    log(f"  ({time.time() - started:.0f}s)")
    return failures


# ---------------------------------------------------------------- compare


def finding_key(finding):
    return (
        finding["rule"], finding["path"].removeprefix("./"), finding["line"],
        finding["column"], finding["message"],
    )


def fix_key(finding):
    fix = finding.get("fix")
    if not fix:
        return None
    return finding_key(finding) + (fix.get("applicability"), json.dumps(fix.get("edits"), sort_keys=True))


def compare(projects, old, new):
    changes = 0
    for project in projects:
        source = pristine(project)
        sides = {name: remedy_json(binary, source) for name, binary in (("old", old), ("new", new))}
        log(f"\n=== {project.name}: {len(sides['old'])} findings before, {len(sides['new'])} after")
        for what, key in (("findings", finding_key), ("fixes", fix_key)):
            keys = {
                name: collections.Counter(k for k in map(key, found) if k is not None)
                for name, found in sides.items()
            }
            added = keys["new"] - keys["old"]
            removed = keys["old"] - keys["new"]
            rules = sorted({k[0] for k in added} | {k[0] for k in removed})
            for rule in rules:
                plus = sorted(k for k in added.elements() if k[0] == rule)
                minus = sorted(k for k in removed.elements() if k[0] == rule)
                log(f"  {rule} {what}: +{len(plus)} -{len(minus)}")
                for sign, entries in (("+", plus), ("-", minus)):
                    for entry in entries[:30]:
                        extra = f" [{entry[5]}]" if what == "fixes" else ""
                        log(f"    {sign} {entry[1]}:{entry[2]}:{entry[3]} {entry[4]}{extra}")
                    if len(entries) > 30:
                        log(f"    {sign} ... and {len(entries) - 30} more")
                changes += len(plus) + len(minus)
            if not rules:
                log(f"  {what}: no change")
    return changes


# ---------------------------------------------------------------- main


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--remedy", help="the remedy binary to judge")
    parser.add_argument("--project", action="append", help="only this project (repeatable)")
    parser.add_argument("--compare", nargs=2, metavar=("OLD_BINARY", "NEW_BINARY"))
    parser.add_argument("--json", help="also write the per-project results here")
    parser.add_argument("--list", action="store_true", help="list the projects")
    args = parser.parse_args()
    projects = PROJECTS
    if args.list:
        for project in PROJECTS:
            log(f"{project.name:14} {project.sdist:28} {project.kind}")
        return 0
    if args.project:
        unknown = set(args.project) - {p.name for p in PROJECTS}
        if unknown:
            parser.error(f"unknown project(s): {', '.join(sorted(unknown))}")
        projects = [p for p in PROJECTS if p.name in args.project]
    if args.compare:
        old, new = (str(Path(b).resolve()) for b in args.compare)
        compare(projects, old, new)
        return 0
    if not args.remedy:
        parser.error("--remedy PATH is required")
    remedy = str(Path(args.remedy).resolve())
    started = time.time()
    reports = {}
    failures = {}
    for project in projects:
        reports[project.name] = {}
        failures[project.name] = check_project(project, remedy, reports[project.name])
    log(f"\n=== oracle: {len(projects)} projects in {time.time() - started:.0f}s")
    for name, count in failures.items():
        log(f"  {name}: {'ok' if not count else f'{count} regressions or internal errors'}")
    if args.json:
        Path(args.json).write_text(json.dumps(reports, indent=2))
    return 1 if any(failures.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
