#!/usr/bin/env python3
"""Measure remedy against the labelled test cases that peer tools ship.

The peers' files are read from their own git repositories (fetched
elsewhere; nothing of theirs is copied into this repository):

    python3 tests/peers/run.py --remedy target/release/remedy \
        --ruff /path/to/ruff/git --bandit /path/to/bandit/git \
        --semgrep /path/to/semgrep-rules/git --codemodder /path/to/codemodder-python/git

Each path is a git directory (bare or not); files are read at HEAD with
`git show`. Any of them may be left out. See README.md for how each
suite's labels are derived.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass, field


@dataclass
class Case:
    """One file to check; `positives` / `negatives` are (first, last) line
    spans of labelled statements in that file."""

    name: str
    source: str
    positives: list[tuple[int, int, str]] = field(default_factory=list)
    negatives: list[tuple[int, int, str]] = field(default_factory=list)
    # Positives outside the rule's policy (SQL text that never reaches a
    # database call): not counted in recall, listed with -v.
    out_of_policy: list[tuple[int, int, str]] = field(default_factory=list)
    # codemodder pairs: the peer's expected output, to compare fixes with.
    expected: str | None = None


@dataclass
class Suite:
    name: str
    rule: str
    cases: list[Case]


def git_show(repo: str, path: str) -> str:
    return subprocess.run(
        ["git", "--git-dir", git_dir(repo), "show", f"HEAD:{path}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def git_ls(repo: str, prefix: str) -> list[str]:
    out = subprocess.run(
        ["git", "--git-dir", git_dir(repo), "ls-tree", "-r", "--name-only", "HEAD", prefix],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return out.split()


def git_dir(repo: str) -> str:
    dotgit = os.path.join(repo, ".git")
    return dotgit if os.path.isdir(dotgit) else repo


def statements(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt):
            yield node


def innermost_statement(tree: ast.AST, line: int):
    """The smallest simple statement spanning `line` (compound statements
    only when nothing smaller spans it)."""
    best = None
    for node in statements(tree):
        if node.lineno <= line <= node.end_lineno:
            if best is None or (node.end_lineno - node.lineno) <= (best.end_lineno - best.lineno):
                best = node
    return best


def first_statement_at_or_after(tree: ast.AST, line: int):
    candidates = [n for n in statements(tree) if n.lineno >= line]
    if not candidates:
        return None
    first = min(n.lineno for n in candidates)
    # the outermost statement starting there (a `def` rather than its body)
    return max((n for n in candidates if n.lineno == first), key=lambda n: n.end_lineno)


# --- Ruff -----------------------------------------------------------------

RUFF_FIXTURES = "crates/ruff_linter/resources/test/fixtures"
RUFF_SNAPSHOTS = "crates/ruff_linter/src/rules"


def ruff_lines(repo: str, snapshot: str, fixture_name: str) -> set[int]:
    text = git_show(repo, snapshot)
    return {int(m.group(1)) for m in re.finditer(rf"--> {re.escape(fixture_name)}:(\d+):\d+", text)}


def ruff_bandit_suite(repo: str, code: str) -> Suite:
    """S105/S106/S107: the fixture as one file; every simple statement
    with a Ruff finding is a positive, every other one a negative."""
    fixture = f"{RUFF_FIXTURES}/flake8_bandit/{code}.py"
    snapshot = f"{RUFF_SNAPSHOTS}/flake8_bandit/snapshots/ruff_linter__rules__flake8_bandit__tests__{code}_{code}.py.snap"
    source = git_show(repo, fixture)
    flagged = ruff_lines(repo, snapshot, f"{code}.py")
    tree = ast.parse(source)
    lines = source.splitlines()
    case = Case(f"ruff-{code}.py", source)
    seen = set()
    for node in statements(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.If, ast.With, ast.For, ast.While, ast.Try)):
            # The header of a compound statement is a case of its own
            # (`def f(password="…"):`), its body's statements are others.
            span = (node.lineno, node.body[0].lineno - 1 if node.body[0].lineno > node.lineno else node.lineno)
        else:
            span = (node.lineno, node.end_lineno)
        if span in seen or isinstance(node, (ast.Import, ast.ImportFrom, ast.Pass)):
            continue
        seen.add(span)
        text = lines[span[0] - 1].strip()
        if any(span[0] <= line <= span[1] for line in flagged):
            case.positives.append((*span, text))
        else:
            case.negatives.append((*span, text))
    return Suite(f"Ruff {code}", "hardcoded-credentials", [case])


def ruff_sim115_suite(repo: str) -> Suite:
    """SIM115: each top-level statement of the fixture placed alone in a
    function (after all of the fixture's imports); a statement holding a
    Ruff finding is a positive case, any other one a negative case."""
    fixture = f"{RUFF_FIXTURES}/flake8_simplify/SIM115.py"
    snapshot = f"{RUFF_SNAPSHOTS}/flake8_simplify/snapshots/ruff_linter__rules__flake8_simplify__tests__SIM115_SIM115.py.snap"
    source = git_show(repo, fixture)
    flagged = ruff_lines(repo, snapshot, "SIM115.py")
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    imports = [
        "".join(lines[n.lineno - 1 : n.end_lineno])
        for n in tree.body
        if isinstance(n, (ast.Import, ast.ImportFrom))
    ]
    header = "".join(imports)
    cases = []
    for index, node in enumerate(tree.body):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        body_lines = lines[node.lineno - 1 : node.end_lineno]
        body = "".join(body_lines)
        inner = [line for line in flagged if node.lineno <= line <= node.end_lineno]
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            text, offset = header + body, len(header.splitlines()) - node.lineno + 1
        else:
            wrapped = "def case():\n" + textwrap.indent(body, "    ")
            text, offset = header + wrapped, len(header.splitlines()) + 1 - node.lineno + 1
        case = Case(f"sim115-{index:03d}.py", text)
        label = lines[node.lineno - 1].strip()
        if inner:
            for line in inner:
                case.positives.append((line + offset, line + offset, lines[line - 1].strip()))
        else:
            case.negatives.append((node.lineno + offset, node.end_lineno + offset, label))
        cases.append(case)
    return Suite("Ruff SIM115 (each case alone)", "resource-with", cases)


# --- Bandit ---------------------------------------------------------------

def bandit_suite(repo: str) -> Suite:
    """examples/hardcoded-passwords.py: a `# Possible hardcoded password: X`
    comment labels the next statement, except `X = None` ones, which
    Bandit's functional test does not count (16 findings expected);
    statements with no such comment are negatives."""
    source = git_show(repo, "examples/hardcoded-passwords.py")
    tree = ast.parse(source)
    lines = source.splitlines()
    case = Case("bandit-hardcoded-passwords.py", source)
    labelled = {}
    for number, line in enumerate(lines, 1):
        m = re.match(r"\s*# Possible hardcoded password: (.*)", line)
        if m:
            labelled[number] = m.group(1).strip()
    used = set()
    for label_line, value in labelled.items():
        node = first_statement_at_or_after(tree, label_line)
        if node is None or value == "None":
            if node is not None:
                used.add(node.lineno)
            continue
        end = node.lineno if isinstance(node, (ast.FunctionDef, ast.If, ast.ClassDef)) else node.end_lineno
        if isinstance(node, ast.ClassDef):
            node = node.body[0]
            end = node.end_lineno
        case.positives.append((node.lineno, end, lines[node.lineno - 1].strip()))
        used.add(node.lineno)
    for node in tree.body:
        if node.lineno in used or isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            # a function without a label: its header and body are negatives
            for inner in statements(node):
                if inner.lineno in used or any(p[0] == inner.lineno for p in case.positives):
                    continue
                if isinstance(inner, (ast.If,)) and any(
                    inner.lineno <= p[0] <= inner.end_lineno for p in case.positives
                ):
                    continue
                if inner is node:
                    case.negatives.append((node.lineno, node.lineno, lines[node.lineno - 1].strip()))
                elif not isinstance(inner, (ast.If, ast.Pass)):
                    case.negatives.append((inner.lineno, inner.end_lineno, lines[inner.lineno - 1].strip()))
            continue
        case.negatives.append((node.lineno, node.end_lineno, lines[node.lineno - 1].strip()))
    return Suite("Bandit hardcoded-passwords", "hardcoded-credentials", [case])


# --- Semgrep --------------------------------------------------------------

# test file → (remedy rule, the Semgrep rule ids whose labels count); a file
# may appear again in SEMGREP_EXTRA for another remedy rule.
SEMGREP_EXTRA = [
    ("python/flask/security/audit/hardcoded-config.py", "sensitive-exposure", {"avoid_hardcoded_config_DEBUG"}),
]
SEMGREP_FILES = {
    "python/boto3/security/hardcoded-token.py": ("hardcoded-credentials", {"hardcoded-token"}),
    "python/jwt/security/jwt-hardcode.py": ("hardcoded-credentials", {"jwt-python-hardcoded-secret"}),
    "python/lang/security/audit/hardcoded-password-default-argument.py": (
        "hardcoded-credentials",
        {"hardcoded-password-default-argument"},
    ),
    "python/flask/security/audit/hardcoded-config.py": (
        "hardcoded-credentials",
        {"avoid_hardcoded_config_SECRET_KEY"},
    ),
    "python/flask/security/audit/debug-enabled.py": ("sensitive-exposure", {"debug-enabled"}),
    "python/lang/best-practice/open-never-closed.py": ("resource-with", {"open-never-closed"}),
    "python/lang/correctness/file-object-redefined-before-close.py": (
        "resource-with",
        {"file-object-redefined-before-close"},
    ),
}


# Semgrep rules narrower than remedy's: their `ok:` label says only that the
# narrow rule does not apply (`password = "…"` is `ok` for the rule about
# parameter defaults), so it counts as a negative only on the statements
# the rule looks at.
SEMGREP_OK_SCOPE = {
    "hardcoded-password-default-argument": (ast.FunctionDef, ast.AsyncFunctionDef),
}


def semgrep_ok_in_scope(labels: set[str], node: ast.stmt) -> bool:
    scopes = [SEMGREP_OK_SCOPE[label] for label in labels if label in SEMGREP_OK_SCOPE]
    return not scopes or any(isinstance(node, scope) for scope in scopes)


def semgrep_suites(repo: str) -> list[Suite]:
    """`# ruleid: ID` labels the next statement positive, `# ok: ID` negative."""
    by_rule: dict[str, list[Case]] = {}
    entries = [(path, rule, ids) for path, (rule, ids) in SEMGREP_FILES.items()] + SEMGREP_EXTRA
    for path, rule, ids in entries:
        try:
            source = git_show(repo, path)
        except subprocess.CalledProcessError:
            continue
        tree = ast.parse(source)
        lines = source.splitlines()
        case = Case("semgrep-" + path.replace("/", "-"), source)
        for number, line in enumerate(lines, 1):
            m = re.match(r"\s*#\s*(ruleid|ok)\s*:\s*([\w.,\s-]+)", line)
            if not m:
                continue
            labels = {x.strip() for x in m.group(2).split(",")}
            if not labels & ids:
                continue
            node = first_statement_at_or_after(tree, number)
            if node is None:
                continue
            end = node.lineno if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else node.end_lineno
            item = (node.lineno, end, lines[node.lineno - 1].strip())
            if m.group(1) == "ok" and not semgrep_ok_in_scope(labels & ids, node):
                continue
            (case.positives if m.group(1) == "ruleid" else case.negatives).append(item)
        by_rule.setdefault(rule, []).append(case)
    return [Suite(f"Semgrep rules' tests ({rule})", rule, cases) for rule, cases in by_rule.items()]


# --- codemodder-python ----------------------------------------------------

def codemodder_tests(repo: str, path: str):
    """Each test of a codemodder-python test module that sets `input_code`:
    (test name, input code, expected output), dedented and without leading
    blank lines. The expected output is the variable the test's
    `run_and_assert(tmpdir, input_code, X)` call names (`input_code` itself
    for a test that expects no change), else `expected`."""
    tree = ast.parse(git_show(repo, path))
    for node in ast.walk(tree):
        if not (isinstance(node, ast.FunctionDef) and node.name.startswith("test_")):
            continue
        values = {}
        for stmt in node.body:
            if isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name):
                try:
                    values[stmt.targets[0].id] = ast.literal_eval(stmt.value)
                except ValueError:
                    pass
        if "input_code" not in values:
            continue
        expected = values.get("expected", values["input_code"])
        for stmt in node.body:
            if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
                args = stmt.value.args
                if len(args) >= 3 and isinstance(args[2], ast.Name):
                    expected = values.get(args[2].id, expected)
        yield (
            node.name,
            textwrap.dedent(values["input_code"]).lstrip("\n"),
            textwrap.dedent(expected).lstrip("\n"),
        )


def codemodder_suite(repo: str) -> Suite:
    """tests/codemods/test_file_resource_leak.py: each test's
    `input_code`; a test whose expected output differs is a positive
    case (every `open(` line in it should be reported), one whose output
    equals its input a negative case."""
    cases = []
    for name, code, expected in codemodder_tests(repo, "tests/codemods/test_file_resource_leak.py"):
        changed = expected.strip() != code.strip()
        case = Case(f"codemodder-{name}.py", code)
        try:
            code_tree = ast.parse(code)
        except SyntaxError:
            continue
        opens = sorted(
            {
                n.lineno
                for n in ast.walk(code_tree)
                if isinstance(n, ast.Call)
                and ((isinstance(n.func, ast.Name) and n.func.id == "open") or (isinstance(n.func, ast.Attribute) and n.func.attr == "open"))
            }
        )
        label = name
        if changed:
            # The rewritten opens: those whose line no longer appears as is.
            kept = set(expected.splitlines())
            code_lines = code.splitlines()
            for line in opens:
                if code_lines[line - 1] not in kept:
                    case.positives.append((line, line, f"{label}: {code_lines[line - 1].strip()}"))
        else:
            first, last = 1, len(code.splitlines())
            case.negatives.append((first, last, label))
        cases.append(case)
    return Suite("codemodder-python fix-file-resource-leak", "resource-with", cases)


# --- other peers on the same suites (--cross) -----------------------------

# Each peer's checks for a remedy rule; a peer with none for a rule is left
# out of that rule's suites.
RUFF_CODES = {
    "hardcoded-credentials": "S105,S106,S107",
    "resource-with": "SIM115",
    "sensitive-exposure": "S201",
}
BANDIT_TESTS = {
    "hardcoded-credentials": "B105,B106,B107",
    "sensitive-exposure": "B201",
}


def suite_owner(suite: Suite) -> str:
    """The peer whose findings are the suite's labels (100% recall on them
    by construction)."""
    return suite.name.split()[0].lower().split("-")[0]


def semgrep_rules_for(rule: str) -> tuple[list[str], set[str]]:
    """The Semgrep rule files (beside their tests) and rule ids that this
    script counts for a remedy rule."""
    entries = [(path, r, ids) for path, (r, ids) in SEMGREP_FILES.items()] + SEMGREP_EXTRA
    configs, ids = [], set()
    for path, r, rule_ids in entries:
        if r == rule:
            configs.append(path[: -len(".py")] + ".yaml")
            ids |= rule_ids
    return sorted(set(configs)), ids


def write_cases(folder: str, suite: Suite) -> None:
    os.makedirs(folder, exist_ok=True)
    for case in suite.cases:
        with open(os.path.join(folder, case.name), "w", encoding="utf-8") as f:
            f.write(case.source)


def run_ruff(ruff: str, suite: Suite) -> dict[str, list[int]] | None:
    codes = RUFF_CODES.get(suite.rule)
    if codes is None:
        return None
    with tempfile.TemporaryDirectory(prefix="peers-ruff-") as tmp:
        write_cases(os.path.join(tmp, "app"), suite)
        proc = subprocess.run(
            [ruff, "check", "--isolated", "--no-cache", "--select", codes, "--output-format", "json", "app"],
            cwd=tmp,
            capture_output=True,
            text=True,
        )
        findings: dict[str, list[int]] = {}
        for item in json.loads(proc.stdout or "[]"):
            findings.setdefault(os.path.basename(item["filename"]), []).append(item["location"]["row"])
        return findings


def run_bandit(bandit: str, suite: Suite) -> dict[str, list[int]] | None:
    tests = BANDIT_TESTS.get(suite.rule)
    if tests is None:
        return None
    with tempfile.TemporaryDirectory(prefix="peers-bandit-") as tmp:
        write_cases(os.path.join(tmp, "app"), suite)
        proc = subprocess.run(
            [bandit, "-q", "-r", "-f", "json", "-t", tests, "app"],
            cwd=tmp,
            capture_output=True,
            text=True,
        )
        findings: dict[str, list[int]] = {}
        for item in json.loads(proc.stdout or "{}").get("results", []):
            lines = item.get("line_range") or [item["line_number"]]
            findings.setdefault(os.path.basename(item["filename"]), []).extend(lines)
        return findings


def run_semgrep(semgrep: str, rules_repo: str, suite: Suite) -> dict[str, list[int]] | None:
    """Semgrep (offline: no registry, no metrics) with the rule files of
    semgrep-rules at HEAD that this script counts for the suite's rule."""
    configs, ids = semgrep_rules_for(suite.rule)
    if not configs:
        return None
    with tempfile.TemporaryDirectory(prefix="peers-semgrep-") as tmp:
        write_cases(os.path.join(tmp, "app"), suite)
        command = [semgrep, "scan", "--metrics=off", "--disable-version-check", "--no-git-ignore", "--json", "-q"]
        for index, config in enumerate(configs):
            target = os.path.join(tmp, f"rules{index}.yaml")
            with open(target, "w", encoding="utf-8") as f:
                f.write(git_show(rules_repo, config))
            command += ["--config", target]
        proc = subprocess.run(command + ["app"], cwd=tmp, capture_output=True, text=True)
        if not proc.stdout:
            sys.stderr.write(f"semgrep failed on {suite.name}: {proc.stderr[-500:]}\n")
            return None
        findings: dict[str, list[int]] = {}
        for item in json.loads(proc.stdout).get("results", []):
            if item["check_id"].rsplit(".", 1)[-1] not in ids:
                continue
            lines = range(item["start"]["line"], item["end"]["line"] + 1)
            findings.setdefault(os.path.basename(item["path"]), []).extend(lines)
        return findings


def score(suite: Suite, findings: dict[str, list[int]]) -> tuple[int, int, int, int, list[str]]:
    """(found, positives, flagged negatives, negatives, notes) of one tool's
    findings on a suite's labels."""
    found = flagged = 0
    notes = []
    positives = sum(len(case.positives) for case in suite.cases)
    negatives = sum(len(case.negatives) for case in suite.cases)
    for case in suite.cases:
        lines = findings.get(case.name, [])
        for first, last, text in case.positives:
            if any(first <= line <= last for line in lines):
                found += 1
            else:
                notes.append(f"missed: {case.name}:{first}: {text}")
        for first, last, text in case.negatives:
            if any(first <= line <= last for line in lines):
                flagged += 1
                notes.append(f"flagged negative: {case.name}:{first}: {text}")
    return found, positives, flagged, negatives, notes


def cross(args, remedy: str, suites: list[Suite]) -> list[dict]:
    """Every available peer on every non-SQL suite: recall and flagged
    negatives per tool, the best peer, and the best peer other than the
    suite's owner (whose labels these are)."""
    tools = {}
    for name in ("ruff_bin", "bandit_bin", "semgrep_bin"):
        value = getattr(args, name)
        if value and os.sep in value:
            setattr(args, name, os.path.abspath(value))
    if args.ruff_bin:
        tools["ruff"] = lambda suite: run_ruff(args.ruff_bin, suite)
    if args.bandit_bin:
        tools["bandit"] = lambda suite: run_bandit(args.bandit_bin, suite)
    if args.semgrep_bin and args.semgrep:
        tools["semgrep"] = lambda suite: run_semgrep(args.semgrep_bin, args.semgrep, suite)
    rows = []
    for suite in suites:
        if suite.rule == "sql-parameterize":
            continue
        owner = suite_owner(suite)
        row = {"suite": suite.name, "owner": owner, "tools": {}}
        found, positives, flagged, negatives, notes = score(suite, run_remedy(remedy, suite))
        row.update(positives=positives, negatives=negatives)
        row["tools"]["remedy"] = (found, flagged, notes)
        for name, run in tools.items():
            findings = run(suite)
            if findings is not None:
                found_t, _, flagged_t, _, notes_t = score(suite, findings)
                row["tools"][name] = (found_t, flagged_t, notes_t)
        if owner not in row["tools"]:
            # The owner cannot run here (codemodder): its labels are its output.
            row["tools"][owner] = (positives, 0, ["(labels: 100% by construction)"])
        peers = {name: value for name, value in row["tools"].items() if name != "remedy"}
        others = {name: value for name, value in peers.items() if name != owner}
        row["best"] = max((value[0] for value in peers.values()), default=None)
        row["best_other"] = max((value[0] for value in others.values()), default=None)
        rows.append(row)
    names = ["remedy"] + [name for name in ("ruff", "bandit", "semgrep", "codemodder") if any(name in row["tools"] for row in rows)]
    print()
    print("| suite | pos/neg | " + " | ".join(names) + " | best peer | best other peer |")
    print("|---|---|" + "---|" * len(names) + "---|---|")
    for row in rows:
        cells = []
        for name in names:
            if name not in row["tools"]:
                cells.append("–")
                continue
            found, flagged, _ = row["tools"][name]
            mark = "*" if name == row["owner"] else ""
            cells.append(f"{found}/{row['positives']}{mark} ({flagged}/{row['negatives']})")
        best = "–" if row["best"] is None else f"{row['best']}/{row['positives']}"
        other = "–" if row["best_other"] is None else f"{row['best_other']}/{row['positives']}"
        print(f"| {row['suite']} | {row['positives']}/{row['negatives']} | " + " | ".join(cells) + f" | {best} | {other} |")
    print("\nrecall (flagged negatives); * the suite's owner")
    if args.verbose:
        for row in rows:
            for name, (_, _, notes) in row["tools"].items():
                for note in notes:
                    print(f"  {row['suite']} / {name}: {note}")
    return [
        {
            "suite": row["suite"],
            "owner": row["owner"],
            "positives": row["positives"],
            "negatives": row["negatives"],
            "tools": {name: {"found": v[0], "flagged_negatives": v[1]} for name, v in row["tools"].items()},
            "best": row["best"],
            "best_other": row["best_other"],
        }
        for row in rows
    ]


# --- SQL injection (sql-parameterize) --------------------------------------

# A call that runs SQL (or turns a string into an SQL clause): remedy reports
# SQL only where it reaches one of these.
SQL_SINK = re.compile(
    r"\.(execute|executemany|executescript|raw|extra|fetch|fetchrow|fetchval|run|mogrify"
    r"|read_sql|read_sql_query|filter|order_by|group_by|having|distinct)\s*\("
    r"|\.cursor\s*\(\s*[^)\s]"  # asyncpg's conn.cursor(sql, …): a cursor given SQL
    r"|\b(RawSQL|text|read_sql|read_sql_query)\s*\("
    r"|\)\s*\(\s*[\"']"  # a()("SELECT …"): an unknown callable
)
# The one callable shape above that is not a database call at all.
UNKNOWN_CALLABLE = re.compile(r"\)\s*\(\s*[\"']")


def reaches_sink(text: str) -> bool:
    return any(not UNKNOWN_CALLABLE.match(m.group(0)) for m in SQL_SINK.finditer(text))


def enclosing_function(tree: ast.AST, line: int):
    best = None
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.lineno <= line <= node.end_lineno:
            if best is None or node.lineno > best.lineno:
                best = node
    return best


def sql_label(case: Case, tree: ast.AST, lines: list[str], node: ast.stmt, positive: bool) -> None:
    """Files a labelled statement: a positive that runs SQL (or whose
    function does, after it: a taint rule labels the source line) counts in
    recall over that span; one that never reaches a database call is out of
    policy. A labelled `def` spans its whole body."""
    first, last = node.lineno, node.end_lineno
    text = "\n".join(lines[first - 1 : last])
    label = lines[first - 1].strip()
    if not positive:
        case.negatives.append((first, last, label))
        return
    if reaches_sink(text):
        case.positives.append((first, last, label))
        return
    function = enclosing_function(tree, first)
    if function is not None:
        after = "\n".join(lines[first - 1 : function.end_lineno])
        if reaches_sink(after):
            case.positives.append((first, function.end_lineno, label + "  [taint label: function]"))
            return
    case.out_of_policy.append((first, last, label))


def parse_prefix(source: str):
    """The longest run of whole top-level statements from the start that the
    running Python parses (newer fixtures end with t-strings, Python 3.14),
    and its text."""
    lines = source.splitlines(keepends=True)
    while True:
        try:
            text = "".join(lines)
            return ast.parse(text), text
        except SyntaxError as error:
            cut = min((error.lineno or len(lines)) - 1, len(lines) - 1)
            while cut > 0 and (lines[cut][:1].isspace() or not lines[cut].strip()):
                cut -= 1
            lines = lines[:cut]


def ruff_s608_suite(repo: str) -> Suite:
    """S608.py as one file: statements with a finding in Ruff's snapshot are
    positives (those that never reach a database call are out of policy),
    the rest negatives."""
    fixture = f"{RUFF_FIXTURES}/flake8_bandit/S608.py"
    snapshot = f"{RUFF_SNAPSHOTS}/flake8_bandit/snapshots/ruff_linter__rules__flake8_bandit__tests__S608_S608.py.snap"
    source = git_show(repo, fixture)
    flagged = ruff_lines(repo, snapshot, "S608.py")
    tree, source = parse_prefix(source)
    lines = source.splitlines()
    case = Case("ruff-S608.py", source)
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom, ast.Pass)):
            continue
        inner = [line for line in flagged if node.lineno <= line <= node.end_lineno]
        sql_label(case, tree, lines, node, bool(inner))
    return Suite("Ruff S608", "sql-parameterize", [case])


def bandit_sql_suite(repo: str) -> Suite:
    """examples/sql_statements.py: Bandit's functional test expects 23 B608
    findings there: every statement under a `# bad…` comment up to the next
    `# good` / `# real world false positives`, plus the `a()(…)` call of the
    bug section. The `# good` statements and the real-world false positives
    are negatives."""
    source = git_show(repo, "examples/sql_statements.py")
    tree = ast.parse(source)
    lines = source.splitlines()
    case = Case("bandit-sql_statements.py", source)
    section = None
    marks = {}
    for number, line in enumerate(lines, 1):
        m = re.match(r"#\s*(bad|good|bug|real world false positives)", line.strip())
        if m and not line.startswith(" "):
            section = m.group(1)
        marks[number] = section
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef)):
            continue
        kind = marks.get(node.lineno)
        if kind == "bad" or (kind == "bug" and isinstance(node, ast.Expr)):
            sql_label(case, tree, lines, node, True)
        elif kind in ("good", "real world false positives"):
            sql_label(case, tree, lines, node, False)
    counted = len(case.positives) + len(case.out_of_policy)
    if counted != 23:
        sys.stderr.write(f"bandit sql_statements: {counted} positives, Bandit expects 23\n")
    return Suite("Bandit sql_statements", "sql-parameterize", [case])


SEMGREP_SQL_DIRS = ["python/"]
SEMGREP_SQL_SKIP = ("/correctness/", "/performance/")


def semgrep_sql_suite(repo: str) -> Suite:
    """Every Python SQL-injection rule test (`*sql*.py` under a `security`
    folder): `# ruleid:` labels the next statement (a whole `def` when it
    labels one) positive, `# ok:` negative; `# todoruleid` / `# todook` are
    left out, as Semgrep's own test runner leaves them."""
    paths = [
        p
        for p in git_ls(repo, "python")
        if p.endswith(".py") and "sql" in p.lower() and "/security/" in p and not p.endswith("/__init__.py")
    ]
    cases = []
    for path in sorted(paths):
        source = git_show(repo, path)
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        lines = source.splitlines()
        case = Case("semgrep-" + path.replace("/", "-"), source)
        for number, line in enumerate(lines, 1):
            m = re.match(r"\s*#\s*(ruleid|ok)\s*:", line)
            if not m:
                continue
            node = first_statement_at_or_after(tree, number)
            if node is None:
                continue
            sql_label(case, tree, lines, node, m.group(1) == "ruleid")
        cases.append(case)
    return Suite("Semgrep SQL-injection rules' tests", "sql-parameterize", cases)


def codemodder_sql_suite(repo: str) -> Suite:
    """tests/codemods/test_sql_parameterization.py: each test's
    `input_code`. A test whose expected output differs is a positive (the
    changed statements), one whose output equals its input a negative."""
    cases = []
    for name, code, expected in codemodder_tests(repo, "tests/codemods/test_sql_parameterization.py"):
        changed = expected.strip() != code.strip()
        try:
            code_tree = ast.parse(code)
        except SyntaxError:
            continue
        case = Case(f"codemodder-{name}.py", code, expected=expected if changed else None)
        lines = code.splitlines()
        if changed:
            kept = set(expected.splitlines())
            for stmt in statements(code_tree):
                if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.If, ast.With, ast.For, ast.While, ast.Try)):
                    continue
                span = lines[stmt.lineno - 1 : stmt.end_lineno]
                if reaches_sink("\n".join(span)) and any(line not in kept for line in span):
                    case.positives.append((stmt.lineno, stmt.end_lineno, f"{name}: {span[0].strip()}"))
            if not case.positives:
                # The rewritten lines build the query; the call runs it later.
                for stmt in statements(code_tree):
                    if isinstance(stmt, ast.Expr) or isinstance(stmt, ast.Return) or isinstance(stmt, ast.Assign):
                        span = lines[stmt.lineno - 1 : stmt.end_lineno]
                        if reaches_sink("\n".join(span)):
                            case.positives.append((stmt.lineno, stmt.end_lineno, f"{name}: {span[0].strip()}"))
        else:
            case.negatives.append((1, len(lines), name))
        cases.append(case)
    return Suite("codemodder-python sql-parameterization", "sql-parameterize", cases)


def remedy_fixes(remedy: str, suite: Suite) -> dict[str, str]:
    """The files remedy rewrites (with unsafe fixes), by case name."""
    with tempfile.TemporaryDirectory(prefix="remedy-peers-") as tmp:
        folder = os.path.join(tmp, "app")
        os.makedirs(folder)
        for case in suite.cases:
            with open(os.path.join(folder, case.name), "w", encoding="utf-8") as f:
                f.write(case.source)
        subprocess.run(
            [remedy, "fix", "--isolated", "--unsafe-fixes", "--select", suite.rule, "app"],
            cwd=tmp,
            capture_output=True,
            text=True,
        )
        fixed = {}
        for case in suite.cases:
            with open(os.path.join(folder, case.name), encoding="utf-8") as f:
                text = f.read()
            if text != case.source:
                fixed[case.name] = text
        return fixed


PLACEHOLDER = re.compile(r"\?|%s|%\(\w+\)s|:\w+")


def compare_fixes(remedy: str, suite: Suite, verbose: bool) -> dict:
    """For codemodder pairs: whether remedy rewrites the file, and whether
    its SQL holds no quoted placeholder and as many placeholders as
    codemodder's expected output (a proxy for "quotes removed, every value
    bound"; the diffs are for a reader to judge)."""
    fixed = remedy_fixes(remedy, suite)
    pairs = [case for case in suite.cases if case.expected is not None]
    rewritten = same_count = 0
    notes = []
    for case in pairs:
        ours = fixed.get(case.name)
        if ours is None:
            notes.append(f"    not fixed: {case.name}")
            continue
        rewritten += 1
        original = set(case.source.splitlines())

        def changed(text: str) -> list[str]:
            return [line for line in text.splitlines() if line not in original]

        def count(text: str) -> int:
            total = 0
            for line in changed(text):
                for literal in re.findall(r"[\"'][^\"']*[\"']", line):
                    total += len(PLACEHOLDER.findall(literal))
            return total

        quoted = any(re.search(r"'\?'|'%s'", line) for line in changed(ours))
        if count(ours) == count(case.expected) and not quoted:
            same_count += 1
        else:
            notes.append(f"    differs: {case.name} (placeholders {count(ours)} vs {count(case.expected)}{', quoted' if quoted else ''})")
    print(f"  codemodder pairs rewritten: {rewritten}/{len(pairs)}; same placeholders, none quoted: {same_count}/{len(pairs)}")
    if verbose:
        for note in notes:
            print(note)
    return {"pairs": len(pairs), "rewritten": rewritten, "same_placeholders": same_count}


# --- running remedy -------------------------------------------------------

def run_remedy(remedy: str, suite: Suite) -> dict[str, list[int]]:
    with tempfile.TemporaryDirectory(prefix="remedy-peers-") as tmp:
        # Not under tests/ and not named test_*: rules that skip test code
        # must see these as application code.
        folder = os.path.join(tmp, "app")
        os.makedirs(folder)
        for case in suite.cases:
            with open(os.path.join(folder, case.name), "w", encoding="utf-8") as f:
                f.write(case.source)
        proc = subprocess.run(
            [remedy, "check", "--isolated", "--unsafe-fixes", "--output-format", "json", "--select", suite.rule, "app"],
            cwd=tmp,
            capture_output=True,
            text=True,
        )
        if proc.returncode not in (0, 1):
            sys.stderr.write(proc.stderr)
        findings: dict[str, list[int]] = {}
        for item in json.loads(proc.stdout or "[]"):
            name = os.path.basename(item["path"])
            findings.setdefault(name, []).append(item["line"])
        return findings


def measure(remedy: str, suite: Suite, verbose: bool) -> dict:
    findings = run_remedy(remedy, suite)
    found = missed = flagged_neg = clean_neg = 0
    misses, false_flags = [], []
    for case in suite.cases:
        lines = findings.get(case.name, [])
        for first, last, text in case.positives:
            if any(first <= line <= last for line in lines):
                found += 1
            else:
                missed += 1
                misses.append(f"{case.name}:{first}: {text}")
        for first, last, text in case.negatives:
            if any(first <= line <= last for line in lines):
                flagged_neg += 1
                false_flags.append(f"{case.name}:{first}: {text}")
            else:
                clean_neg += 1
    out_of_policy = [
        (case.name, first, text, any(first <= line <= last for line in findings.get(case.name, [])))
        for case in suite.cases
        for first, last, text in case.out_of_policy
    ]
    total = found + missed
    print(f"{suite.name} [{suite.rule}]")
    print(f"  recall: {found}/{total}" + (f" = {100 * found / total:.0f}%" if total else ""))
    print(f"  flagged negatives: {flagged_neg}/{flagged_neg + clean_neg}")
    if out_of_policy:
        flagged_out = sum(1 for item in out_of_policy if item[3])
        print(f"  peer positives that reach no database call (out of policy, not counted): {len(out_of_policy)}, flagged {flagged_out}")
    if verbose:
        for item in misses:
            print(f"    missed: {item}")
        for item in false_flags:
            print(f"    flagged negative: {item}")
        for name, first, text, flagged in out_of_policy:
            print(f"    out of policy{' (flagged)' if flagged else ''}: {name}:{first}: {text}")
    return {
        "suite": suite.name,
        "found": found,
        "positives": total,
        "flagged_negatives": flagged_neg,
        "negatives": flagged_neg + clean_neg,
        "out_of_policy": len(out_of_policy),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--remedy", default="target/release/remedy", help="the remedy binary")
    parser.add_argument("--ruff", help="git directory of astral-sh/ruff")
    parser.add_argument("--bandit", help="git directory of PyCQA/bandit")
    parser.add_argument("--semgrep", help="git directory of semgrep/semgrep-rules")
    parser.add_argument("--codemodder", help="git directory of pixee/codemodder-python")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss and flagged negative")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument(
        "--only",
        choices=["all", "sql", "other"],
        default="all",
        help="the SQL-injection suites, the others, or all",
    )
    parser.add_argument(
        "--cross",
        action="store_true",
        help="also run the other peers (--ruff-bin, --bandit-bin, --semgrep-bin) on every non-SQL suite and print a table",
    )
    parser.add_argument("--ruff-bin", default="ruff", help="the ruff executable for --cross")
    parser.add_argument("--bandit-bin", default="bandit", help="the bandit executable for --cross")
    parser.add_argument("--semgrep-bin", help="the semgrep executable for --cross (rule files from --semgrep)")
    args = parser.parse_args()
    remedy = os.path.abspath(args.remedy)

    suites: list[Suite] = []
    other, sql = args.only in ("all", "other"), args.only in ("all", "sql")
    if args.ruff:
        if other:
            suites += [ruff_bandit_suite(args.ruff, code) for code in ("S105", "S106", "S107")]
            suites.append(ruff_sim115_suite(args.ruff))
        if sql:
            suites.append(ruff_s608_suite(args.ruff))
    if args.bandit:
        if other:
            suites.append(bandit_suite(args.bandit))
        if sql:
            suites.append(bandit_sql_suite(args.bandit))
    if args.semgrep:
        if other:
            suites += semgrep_suites(args.semgrep)
        if sql:
            suites.append(semgrep_sql_suite(args.semgrep))
    if args.codemodder:
        if other:
            suites.append(codemodder_suite(args.codemodder))
        if sql:
            suites.append(codemodder_sql_suite(args.codemodder))
    if not suites:
        parser.error("give at least one peer repository")
    results = []
    for suite in suites:
        result = measure(remedy, suite, args.verbose)
        if any(case.expected is not None for case in suite.cases):
            result.update(compare_fixes(remedy, suite, args.verbose))
        results.append(result)
    if args.cross:
        results.append({"cross": cross(args, remedy, suites)})
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
