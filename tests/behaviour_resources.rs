//! resource-with, run for real: the fixed module reads and writes the same
//! files with the same results, and the handles it opens are closed when
//! their `with` block ends (checked by tracing `close` calls with python3).

mod common;

use std::path::Path;

use remedy::model::rule::Rule;
use remedy::model::settings::Settings;

/// Runs the module as `__main__` with every file object's close recorded,
/// and reports the open file objects left when the script ends.
const TRACE: &str = r#"
import gc, io, runpy, sys
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
gc.disable()
left_open = [o for o in gc.get_objects() if isinstance(o, io.IOBase) and not o.closed and getattr(o, "name", None) not in (0, 1, 2, "<stdout>", "<stderr>", "<stdin>")]
print("LEFT_OPEN", len(left_open))
"#;

fn run(module: &Path, folder: &Path) -> (String, String) {
    let flags =
        ["-X", "dev", "-W", "error::ResourceWarning", "-c", TRACE].map(std::ffi::OsStr::new);
    let mut args: Vec<&std::ffi::OsStr> = flags.to_vec();
    args.extend([module.as_os_str(), folder.as_os_str()]);
    common::python(&args, &[])
}

#[test]
fn fixed_module_has_the_same_results_and_closes_its_files() {
    let module = common::fix_module("file_jobs.py", &Settings::with_rules(&[Rule::ResourceWith]));
    let fixed = module.text();
    assert!(!fixed.contains(".close()\n    return count"), "{fixed}");
    assert!(fixed.contains("with open(path) as f:"), "{fixed}");
    // Two files closed by hand one after the other share one header.
    assert!(
        fixed.contains("with open(src) as a, open(dst, \"w\") as b:"),
        "{fixed}"
    );
    // Closed in `finally:` right after the open: left as it was.
    assert!(fixed.contains("    finally:\n        f.close()"), "{fixed}");
    assert!(
        fixed.contains("with contextlib.closing(sqlite3.connect(db_path)) as conn:"),
        "{fixed}"
    );

    let before_dir = tempfile::tempdir().unwrap();
    let after_dir = tempfile::tempdir().unwrap();
    let (before, before_warnings) = run(&module.original, before_dir.path());
    let (after, after_warnings) = run(&module.fixed, after_dir.path());
    assert!(
        before_warnings.contains("ResourceWarning: unclosed file"),
        "the original leaks: {before_warnings}"
    );
    assert!(
        !after_warnings.contains("ResourceWarning"),
        "the fixed module leaks: {after_warnings}"
    );
    assert_eq!(before.lines().next(), after.lines().next(), "same results");
    // Closed where the code closed it, not at its last use: the size is
    // taken with the write still buffered, as before.
    assert!(
        fixed.contains("        size = os.path.getsize(path)\n"),
        "{fixed}"
    );
    assert!(before.contains("\"size_while_open\": 0"), "{before}");
    assert!(after.contains("LEFT_OPEN 0"), "{after}");
    assert_eq!(
        std::fs::read(before_dir.path().join("report.csv")).unwrap(),
        std::fs::read(after_dir.path().join("report.csv")).unwrap()
    );
}

#[test]
fn locks_are_released_when_the_guarded_code_raises() {
    let module = common::fix_module("lock_jobs.py", &Settings::with_rules(&[Rule::ResourceWith]));
    let fixed = module.text();
    assert!(fixed.contains("    with _STATE_LOCK:\n"), "{fixed}");
    assert!(fixed.contains("        with self._lock:\n"), "{fixed}");
    assert!(
        fixed.contains("with open(src) as a, open(dst, \"w\") as b:"),
        "{fixed}"
    );
    assert!(!fixed.contains(".release()\n"), "{fixed}");

    let outcome = |path: &Path| {
        let folder = tempfile::tempdir().unwrap();
        let (stdout, stderr) = common::python(&[path.as_os_str(), folder.path().as_os_str()], &[]);
        let line = stdout.lines().next().unwrap_or_else(|| panic!("{stderr}"));
        serde_json::from_str::<serde_json::Value>(line).unwrap()
    };
    let before = outcome(&module.original);
    let after = outcome(&module.fixed);
    // The original leaves the lock held after the exception; the fix releases it.
    assert_eq!(before["state_lock_held"], true, "{before}");
    assert_eq!(after["state_lock_held"], false, "{after}");
    for key in ["state", "error", "total", "copied", "ledger_lock_free"] {
        assert_eq!(before[key], after[key], "{key}: {before} vs {after}");
    }
    assert_eq!(after["copied"], "HELLO");
}

#[test]
fn inline_rebound_and_annotated_resources_are_closed_with_the_same_results() {
    let mut settings = Settings::with_rules(&[Rule::ResourceWith]);
    settings.unsafe_fixes = true;
    let module = common::fix_module("inline_jobs.py", &settings);
    let fixed = module.text();
    for expected in [
        "    with open(path) as f:\n        config = json.load(f)\n",
        "    with open(path, \"rb\") as f:\n        return pickle.load(f)\n",
        "    with open(path) as f:\n        for line in f:\n",
        "    with open(a) as fin:\n        first = fin.read()\n",
        "    with open(path) as f:\n        text = f.read()\n",
        "    with Path(path).open() as f:\n",
    ] {
        assert!(fixed.contains(expected), "{expected}\n---\n{fixed}");
    }

    let before_dir = tempfile::tempdir().unwrap();
    let after_dir = tempfile::tempdir().unwrap();
    let (before, before_warnings) = run(&module.original, before_dir.path());
    let (after, after_warnings) = run(&module.fixed, after_dir.path());
    assert!(
        before_warnings.contains("ResourceWarning: unclosed file"),
        "the original leaks: {before_warnings}"
    );
    assert!(
        !after_warnings.contains("ResourceWarning"),
        "the fixed module leaks: {after_warnings}"
    );
    assert_eq!(before.lines().next(), after.lines().next(), "same results");
    assert!(after.contains("LEFT_OPEN 0"), "{after}");
}

/// A resource handed to a project function that keeps it is not reported
/// in a run over a package, including a module the index pass does not
/// parse (no database words in it) and a method kept through `self`.
#[test]
fn resources_kept_by_project_functions_are_not_reported_in_a_run() {
    let findings = findings_in_a_run(
        &[(
            "channels.py",
            "import socket\n\n\nclass Dispatcher:\n    def create_socket(self, family, kind):\n        sock = socket.socket(family, kind)\n        sock.setblocking(False)\n        self.set_socket(sock)\n\n    def set_socket(self, sock):\n        self.socket = sock\n\n\ndef remember(stream):\n    global LAST\n    LAST = stream\n\n\ndef log_to(path):\n    remember(open(path, \"a\"))\n\n\ndef leak(path):\n    f = open(path)\n    print(f.read())\n",
        )],
        &[],
    );
    let lines: Vec<u64> = findings
        .iter()
        .map(|f| f["line"].as_u64().unwrap())
        .collect();
    // Only the file read and never closed.
    assert_eq!(lines, vec![24], "{findings:#?}");
}

/// A connection closed by a project function it is handed to (`close_cn(cn)`)
/// is reported without a fix: a `with` around that call would close it
/// twice, and PyMySQL raises on the second close.
#[test]
fn a_resource_a_project_function_closes_gets_no_fix() {
    let findings = findings_in_a_run(
        &[(
            "jobs.py",
            "import sqlite3\n\n\ndef close_cn(cn):\n    cn.close()\n\n\ndef drop(path):\n    cn = sqlite3.connect(path)\n    cn.execute(\"DROP TABLE IF EXISTS t\")\n    close_cn(cn)\n",
        )],
        &["--unsafe-fixes"],
    );
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert!(
        findings[0]["message"]
            .as_str()
            .unwrap()
            .contains("is released by `close_cn()`"),
        "{findings:#?}"
    );
    assert!(findings[0]["fix"].is_null(), "{findings:#?}");
}

/// A socket handed to a method of the object that may keep it
/// (`self.prebind(sock)`, which passes it to `self.set_socket`, inherited
/// from a class outside the project) is not the function's to close.
#[test]
fn a_resource_handed_to_the_object_s_own_method_is_not_reported() {
    let findings = findings_in_a_run(
        &[(
            "server.py",
            "import asyncore\nimport socket\n\n\nclass Server(asyncore.dispatcher):\n    def __init__(self, ip, port):\n        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n        self.prebind(sock)\n        self.bind((ip, port))\n\n    def prebind(self, sock):\n        sock.setblocking(False)\n        self.set_socket(sock)\n",
        )],
        &[],
    );
    assert!(findings.is_empty(), "{findings:#?}");
}

/// qutebrowser's history importer: the connection comes from a project
/// function and is closed before the function returns. A `with` around the
/// cursor would close the cursor after its connection, which sqlite3
/// refuses (`ProgrammingError`): the cursor's finding gets no fix.
#[test]
fn a_cursor_whose_connection_a_helper_opened_and_the_code_closes_gets_no_fix() {
    let findings = findings_in_a_run(
        &[(
            "history.py",
            "import sqlite3\n\n\ndef open_db(path):\n    return sqlite3.connect(path)\n\n\ndef extract(path):\n    conn = open_db(path)\n    cursor = conn.cursor()\n    cursor.execute(\"SELECT 1\")\n    rows = cursor.fetchall()\n    conn.close()\n    return rows\n",
        )],
        &["--unsafe-fixes"],
    );
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["line"], 10, "{findings:#?}");
    assert!(findings[0]["fix"].is_null(), "{findings:#?}");
}

/// db-to-sqlite's test: the connection is the driver's own, but it is
/// closed in a `finally` inside the statements a cursor's `with` would
/// hold, so the connection's own fix cannot take that close out of the
/// block, and the cursor would be closed after its connection (sqlite3
/// raises `ProgrammingError`, mysqlclient `OperationalError`).
#[test]
fn a_cursor_whose_connection_is_closed_in_a_finally_inside_its_block_gets_no_fix() {
    let findings = findings_in_a_run(
        &[(
            "tables.py",
            "import sqlite3\n\n\ndef tables(path):\n    db = sqlite3.connect(path)\n    cursor = db.cursor()\n    cursor.execute(\"SELECT name FROM sqlite_master\")\n    try:\n        return set(cursor.fetchall())\n    finally:\n        db.close()\n",
        )],
        &["--unsafe-fixes"],
    );
    let cursor: Vec<_> = findings.iter().filter(|f| f["line"] == 6).collect();
    assert_eq!(cursor.len(), 1, "{findings:#?}");
    assert!(cursor[0]["fix"].is_null(), "{findings:#?}");
}

/// The resource-with findings of `remedy check` over a package `app` made
/// of `files` (name, text), with `extra` arguments.
fn findings_in_a_run(files: &[(&str, &str)], extra: &[&str]) -> Vec<serde_json::Value> {
    let dir = tempfile::tempdir().unwrap();
    common::write_file(dir.path(), "app/__init__.py", "");
    for (name, text) in files {
        common::write_file(dir.path(), &format!("app/{name}"), text);
    }
    let mut args = vec![
        "check",
        "--isolated",
        "--select",
        "resource-with",
        "--output-format",
        "json",
    ];
    args.extend_from_slice(extra);
    args.push("app");
    let output = common::run_remedy(dir.path(), &args);
    serde_json::from_slice(&output.stdout).unwrap()
}
