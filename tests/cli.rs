//! The command line on temporary trees: exit codes, per-file errors that do
//! not stop the others, what is and is not written.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

fn remedy(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_remedy"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("remedy runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

/// Runs remedy as an unprivileged user (permission checks do not apply to root).
fn remedy_unprivileged(dir: &Path, args: &[&str]) -> Output {
    if !is_root() {
        return remedy(dir, args);
    }
    Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(env!("CARGO_BIN_EXE_remedy"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("setpriv runs")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn bad_files_get_one_line_errors_and_do_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a_syntax.py", b"def f(:\n    pass\n");
    write(dir.path(), "b_utf8.py", b"x = '\xff\xfe'\n");
    write(dir.path(), "c_binary.py", b"\x00\x01\x02ELF");
    write(dir.path(), "d_empty.py", b"");
    write(dir.path(), "e_fine.py", b"import os\nprint(os.sep)\n");
    let output = remedy(dir.path(), &["check", "."]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let err = stderr(&output);
    let lines: Vec<&str> = err.lines().collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("a_syntax.py:1:7: syntax error: ")),
        "{err}"
    );
    assert!(
        lines.contains(
            &"b_utf8.py: error: invalid UTF-8 on line 1 and no coding cookie names another encoding"
        ),
        "{err}"
    );
    assert!(
        lines.contains(&"c_binary.py: error: binary file (contains NUL bytes)"),
        "{err}"
    );
    assert!(
        !err.contains("d_empty.py") && !err.contains("e_fine.py"),
        "{err}"
    );
    assert!(
        err.contains("remedy: 5 files checked, 0 findings (0 with a fix), 3 errors"),
        "{err}"
    );
}

#[test]
fn a_missing_path_is_an_error_but_others_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "fine.py", b"x = 1\n");
    let output = remedy(dir.path(), &["check", "missing.py", "fine.py"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("missing.py: error: no such file or directory"),
        "{}",
        stderr(&output)
    );
    assert!(
        stderr(&output).contains("1 file checked"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn clean_tree_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "pkg/mod.py",
        b"import os\n\n\ndef f():\n    return os.sep\n",
    );
    let output = remedy(dir.path(), &["check"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = remedy(dir.path(), &["diff"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
}

#[test]
fn a_symlink_loop_is_reported_not_followed_forever() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pkg/mod.py", b"x = 1\n");
    std::os::unix::fs::symlink("..", dir.path().join("pkg/loop")).unwrap();
    let output = remedy(dir.path(), &["check", "pkg"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("pkg/loop: error: symbolic link loop; not followed"),
        "{}",
        stderr(&output)
    );
    assert!(
        stderr(&output).contains("1 file checked"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_unreadable_folder_and_file_are_errors_for_that_path_only() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    write(dir.path(), "open/fine.py", b"x = 1\n");
    write(dir.path(), "closed/hidden.py", b"x = 1\n");
    write(dir.path(), "secret.py", b"x = 1\n");
    std::fs::set_permissions(
        dir.path().join("closed"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    std::fs::set_permissions(
        dir.path().join("secret.py"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    let output = remedy_unprivileged(dir.path(), &["check", "."]);
    std::fs::set_permissions(
        dir.path().join("closed"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("closed: error: permission denied"), "{err}");
    assert!(
        err.contains("secret.py: error: cannot read: permission denied"),
        "{err}"
    );
    assert!(err.contains("2 files checked"), "{err}");
}

#[test]
fn a_file_that_vanished_after_the_walk_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let gone = dir.path().join("gone.py");
    let reports = remedy::batch::run(
        &[gone],
        remedy::batch::Mode::Fix,
        &remedy::model::settings::Settings::default(),
    );
    let error = reports[0]
        .error
        .as_ref()
        .expect("an error for the vanished file");
    assert_eq!(
        error,
        &remedy::batch::FileError::Read("no such file or directory".to_owned())
    );
    assert_eq!(error.to_string(), "cannot read: no such file or directory");
}

#[test]
fn a_large_generated_file_is_processed() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("import sqlite3\n\n");
    let mut n = 0;
    while text.len() < 5_000_000 {
        text.push_str(&format!(
            "def f{n}(conn, x):\n    \"\"\"Doc.\"\"\"\n    cur = conn.cursor()\n    cur.execute('SELECT a FROM t WHERE b = ?', (x,))\n    return cur.fetchall()\n\n\n"
        ));
        n += 1;
    }
    write(dir.path(), "big.py", text.as_bytes());
    let output = remedy(
        dir.path(),
        &[
            "check",
            "--select",
            "sql-parameterize,resource-with",
            "big.py",
        ],
    );
    assert_ne!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("1 file checked"));
}

#[test]
fn deeply_nested_files_are_errors_and_the_others_are_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    // Deeper than any stack: refused before parsing, as CPython refuses them.
    let chain = format!("x = {}\n", vec!["a"; 1_000_000].join(" + "));
    write(dir.path(), "chain.py", chain.as_bytes());
    let brackets = format!("x = {}{}\n", "[".repeat(500_000), "]".repeat(500_000));
    write(dir.path(), "brackets.py", brackets.as_bytes());
    // Deep, but within what the workers' stacks hold: checked normally.
    let deep = format!("x = {}{}\n", "(".repeat(8_000), ")".repeat(8_000));
    write(dir.path(), "deep_but_small.py", deep.as_bytes());
    write(dir.path(), "leaky.py", b"data = open('x').read()\n");
    for args in [&["check", "."][..], &["diff", "."][..]] {
        let output = remedy(dir.path(), args);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{err}");
        assert!(
            err.contains("chain.py:1:") && err.contains("chains more than"),
            "{err}"
        );
        assert!(
            err.contains("brackets.py:1:") && err.contains("too many nested parentheses"),
            "{err}"
        );
        assert!(!err.contains("deep_but_small.py"), "{err}");
        assert!(err.contains("4 files checked"), "{err}");
        assert!(stdout(&output).contains("leaky.py"), "{}", stdout(&output));
    }
}

#[test]
fn usage_errors_exit_two() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        remedy(dir.path(), &["check", "--select", "no-such-rule"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        remedy(dir.path(), &["explain", "no-such-rule"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(remedy(dir.path(), &["frobnicate"]).status.code(), Some(2));
}

#[test]
fn rules_and_explain_print_the_registry() {
    let dir = tempfile::tempdir().unwrap();
    let output = remedy(dir.path(), &["rules"]);
    assert_eq!(output.status.code(), Some(0));
    for id in [
        "sql-parameterize",
        "db-error-handling",
        "resource-with",
        "hardcoded-credentials",
    ] {
        assert!(stdout(&output).contains(id));
    }
    let output = remedy(dir.path(), &["explain", "sql-parameterize"]);
    assert!(stdout(&output).contains("## What it does"));
}

#[test]
fn config_errors_name_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "pyproject.toml",
        b"[tool.remedy]\nselect = [\"sql-parameterize\"]\nbogus = 1\n",
    );
    let output = remedy(dir.path(), &["check", "--config", "pyproject.toml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("pyproject.toml:3: error: [tool.remedy]: unknown field `bogus`"),
        "{}",
        stderr(&output)
    );
    // Values that parse but mean nothing name their key and line too.
    write(
        dir.path(),
        "pyproject.toml",
        b"[tool.ruff]\nline-length = 100\n\n[tool.remedy]\nselect = [\"sql-parameterize\"]\nignore = [\"sql-paramterize\"]\n",
    );
    let output = remedy(dir.path(), &["check", "--config", "pyproject.toml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains(
            "pyproject.toml:6: error: [tool.remedy]: `ignore`: unknown rule `sql-paramterize`"
        ),
        "{}",
        stderr(&output)
    );
    write(
        dir.path(),
        "pyproject.toml",
        b"[tool.remedy]\n\n[[tool.remedy.sql-parameterize.sinks]]\ncall = \"app.db.query\"\nparamstyle = \"percent\"\n",
    );
    let output = remedy(dir.path(), &["check", "--config", "pyproject.toml"]);
    assert!(
        stderr(&output).contains(
            "pyproject.toml:5: error: [tool.remedy]: `paramstyle`: unknown paramstyle `percent`"
        ),
        "{}",
        stderr(&output)
    );
    write(
        dir.path(),
        "remedy.toml",
        b"select = [\"sql-parameterize\"]\n\nunsafe-fixes = \"yes\"\n",
    );
    let output = remedy(dir.path(), &["check", "--config", "remedy.toml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("remedy.toml:3: error: invalid type"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_identifier_kept_beside_bound_values_needs_python_3_6() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "dao.py",
        b"import psycopg2\n\n\ndef by_host(conn, host, column):\n    return conn.execute(\"SELECT id FROM t WHERE host = '\" + host + \"' ORDER BY \" + column)\n",
    );
    let default = remedy(
        dir.path(),
        &[
            "diff",
            "--select",
            "sql-parameterize",
            "--unsafe-fixes",
            "dao.py",
        ],
    );
    assert!(
        stdout(&default)
            .contains(r#"f"SELECT id FROM t WHERE host = %s ORDER BY {column}", (host,)"#),
        "{}",
        stdout(&default)
    );
    let old = remedy(
        dir.path(),
        &[
            "diff",
            "--select",
            "sql-parameterize",
            "--unsafe-fixes",
            "--target-version",
            "3.5",
            "dao.py",
        ],
    );
    assert_eq!(stdout(&old), "", "no f-string for Python 3.5");
    assert!(stderr(&old).contains("1 finding left"), "{}", stderr(&old));
}

#[test]
fn the_target_version_is_the_oldest_python_the_project_declares() {
    // roundup 2.3.0 still runs on Python 2.7, where a socket has no `__exit__`.
    let dir = tempfile::tempdir().unwrap();
    let code = b"import socket\n\n\ndef poke(addr):\n    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n    sock.connect(addr)\n    sock.close()\n";
    write(dir.path(), "svc.py", code);
    let undeclared = remedy(dir.path(), &["diff", "svc.py"]);
    assert!(
        stdout(&undeclared)
            .contains("+    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:"),
        "{}",
        stdout(&undeclared)
    );
    write(
        dir.path(),
        "pyproject.toml",
        b"[project]\nname = \"svc\"\nrequires-python = \">=2.7, !=3.0.*\"\n",
    );
    let declared = remedy(dir.path(), &["diff", "svc.py"]);
    assert_eq!(
        stdout(&declared),
        "",
        "no `with` for a socket on Python 2.7"
    );
    assert!(
        stderr(&declared).contains("1 finding left"),
        "{}",
        stderr(&declared)
    );
    // The command line (or `[tool.remedy] target-version`) still decides.
    let chosen = remedy(dir.path(), &["diff", "--target-version", "3.8", "svc.py"]);
    assert!(stdout(&chosen).contains("as sock:"), "{}", stdout(&chosen));
    // Without `requires-python`, an sdist's classifiers tell.
    std::fs::remove_file(dir.path().join("pyproject.toml")).unwrap();
    write(
        dir.path(),
        "PKG-INFO",
        b"Metadata-Version: 2.1\nName: svc\nClassifier: Programming Language :: Python :: 2.7\nClassifier: Programming Language :: Python :: 3.6\n",
    );
    let classified = remedy(dir.path(), &["diff", "svc.py"]);
    assert_eq!(stdout(&classified), "", "{}", stdout(&classified));
}
