//! Test code is known: files matching `test-paths` are checked only by the
//! rules that run on tests by default (sql-parameterize), unless
//! `--include-tests` or `include-tests = true` says otherwise.

use std::path::Path;
use std::process::{Command, Output};

/// SQL spliced from a parameter (sql-parameterize), a connection never
/// closed (resource-with) and a DB error swallowed (db-error-handling).
const DB_CODE: &str = r#"import sqlite3


def load(name):
    conn = sqlite3.connect("app.db")
    try:
        return conn.execute("SELECT * FROM users WHERE name = '%s'" % name).fetchall()
    except sqlite3.Error:
        return None
"#;

fn remedy(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_remedy"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("remedy runs")
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// `path → sorted rule ids` of the JSON findings.
fn rules_by_path(output: &Output) -> std::collections::BTreeMap<String, Vec<String>> {
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "JSON on stdout ({e}): {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let mut map = std::collections::BTreeMap::<String, Vec<String>>::new();
    for finding in findings.as_array().unwrap() {
        let path = finding["path"].as_str().unwrap();
        let path = path.strip_prefix("./").unwrap_or(path).to_owned();
        map.entry(path)
            .or_default()
            .push(finding["rule"].as_str().unwrap().to_owned());
    }
    for rules in map.values_mut() {
        rules.sort();
        rules.dedup();
    }
    map
}

fn all_rules() -> Vec<String> {
    vec![
        "db-error-handling".to_owned(),
        "resource-with".to_owned(),
        "sql-parameterize".to_owned(),
    ]
}

fn sql_only() -> Vec<String> {
    vec!["sql-parameterize".to_owned()]
}

/// A tree with the same code in application and in every default kind of test path.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "app/db.py",
        "tests/helpers.py",
        "test/helpers.py",
        "app/test_db.py",
        "app/db_test.py",
        "app/conftest.py",
        "app/tests_are_not_here.py",
        "app/testing/db.py",
    ] {
        write(dir.path(), name, DB_CODE);
    }
    dir
}

#[test]
fn default_test_paths_get_only_the_rules_that_run_on_tests() {
    let dir = project();
    let output = remedy(
        dir.path(),
        &["check", "--isolated", "--output-format", "json", "."],
    );
    let found = rules_by_path(&output);
    for app in [
        "app/db.py",
        "app/tests_are_not_here.py",
        "app/testing/db.py",
    ] {
        assert_eq!(found[app], all_rules(), "{app}: {found:?}");
    }
    for test in [
        "tests/helpers.py",
        "test/helpers.py",
        "app/test_db.py",
        "app/db_test.py",
        "app/conftest.py",
    ] {
        assert_eq!(found[test], sql_only(), "{test}: {found:?}");
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("8 files checked (5 test files with sql-parameterize),"),
        "{stderr}"
    );
}

#[test]
fn include_tests_runs_every_rule_on_test_code() {
    let dir = project();
    let output = remedy(
        dir.path(),
        &[
            "check",
            "--isolated",
            "--include-tests",
            "--output-format",
            "json",
            ".",
        ],
    );
    let found = rules_by_path(&output);
    assert_eq!(found.len(), 8, "{found:?}");
    assert!(
        found.values().all(|rules| *rules == all_rules()),
        "{found:?}"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("(5 test files with every selected rule)"),
        "{stderr}"
    );
}

#[test]
fn a_selection_without_test_rules_says_test_files_got_none() {
    let dir = project();
    let output = remedy(
        dir.path(),
        &["check", "--isolated", "--select", "db-error-handling", "."],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("(5 test files with no rule)"), "{stderr}");
}

#[test]
fn test_paths_are_relative_to_the_given_folder() {
    // The project itself lives under a folder named `tests`: that does not
    // make its application code test code.
    let outer = tempfile::tempdir().unwrap();
    write(outer.path(), "tests/project/app/db.py", DB_CODE);
    write(outer.path(), "tests/project/tests/test_db.py", DB_CODE);
    let output = remedy(
        outer.path(),
        &[
            "check",
            "--isolated",
            "--output-format",
            "json",
            "tests/project",
        ],
    );
    let found = rules_by_path(&output);
    assert_eq!(found["tests/project/app/db.py"], all_rules(), "{found:?}");
    assert_eq!(
        found["tests/project/tests/test_db.py"],
        sql_only(),
        "{found:?}"
    );
}

#[test]
fn test_paths_from_the_config_replace_the_defaults_relative_to_its_folder() {
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("project");
    write(
        &root,
        "pyproject.toml",
        "[tool.remedy]\ntest-paths = [\"checks/**\"]\n",
    );
    write(&root, "checks/db.py", DB_CODE);
    write(&root, "tests/test_db.py", DB_CODE);
    // Run from outside the project, naming a folder inside it: globs are
    // matched relative to the config file's folder.
    let output = remedy(
        outer.path(),
        &["check", "--output-format", "json", "project/checks"],
    );
    let found = rules_by_path(&output);
    assert_eq!(found["project/checks/db.py"], sql_only(), "{found:?}");
    let output = remedy(&root, &["check", "--output-format", "json"]);
    let found = rules_by_path(&output);
    assert_eq!(found["checks/db.py"], sql_only(), "{found:?}");
    assert_eq!(found["tests/test_db.py"], all_rules(), "{found:?}");
}

#[test]
fn include_tests_in_the_config() {
    let dir = project();
    write(dir.path(), "remedy.toml", "include-tests = true\n");
    let output = remedy(dir.path(), &["check", "--output-format", "json", "."]);
    let found = rules_by_path(&output);
    assert!(
        found.values().all(|rules| *rules == all_rules()),
        "{found:?}"
    );
}

#[test]
fn an_empty_test_paths_list_treats_nothing_as_test_code() {
    let dir = project();
    write(dir.path(), "remedy.toml", "test-paths = []\n");
    let output = remedy(dir.path(), &["check", "--output-format", "json", "."]);
    let found = rules_by_path(&output);
    assert!(
        found.values().all(|rules| *rules == all_rules()),
        "{found:?}"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("test file"), "{stderr}");
}

#[test]
fn an_invalid_test_path_glob_is_a_config_error_with_its_line() {
    let dir = project();
    write(
        dir.path(),
        "remedy.toml",
        "select = [\"sql-parameterize\"]\ntest-paths = [\"tests/[\"]\n",
    );
    let output = remedy(dir.path(), &["check", "."]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("remedy.toml:2: error: `test-paths`"),
        "{stderr}"
    );
}

#[test]
fn fix_leaves_test_code_to_the_test_rules() {
    let dir = project();
    let output = remedy(dir.path(), &["fix", "--isolated", "."]);
    assert!(output.status.code().is_some_and(|code| code < 2));
    let test = std::fs::read_to_string(dir.path().join("tests/helpers.py")).unwrap();
    assert!(test.contains("WHERE name = ?\""), "{test}");
    assert!(!test.contains("logger.exception"), "{test}");
    let app = std::fs::read_to_string(dir.path().join("app/db.py")).unwrap();
    assert!(app.contains("logger.exception"), "{app}");
}

#[test]
fn stdin_filename_decides_test_code_too() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_remedy"))
        .args([
            "check",
            "--isolated",
            "--output-format",
            "json",
            "--stdin-filename",
            "tests/test_db.py",
        ])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(DB_CODE.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let found = rules_by_path(&output);
    assert_eq!(found["tests/test_db.py"], sql_only(), "{found:?}");
}

/// A test's password is test data: `create_user(password=…)` and the
/// login after it must keep one value, so test code gets the finding
/// (with `--include-tests`) but no fix that reads each from its own
/// environment variable (nautobot's, OpenREM's and bodhi's tests).
#[test]
fn secrets_in_test_code_are_reported_without_a_fix() {
    let dir = tempfile::tempdir().unwrap();
    let code = "def test_login(client, users):\n    users.create(name=\"ann\", password=\"s3cr3t-9x2\")\n    assert client.login(name=\"ann\", password=\"s3cr3t-9x2\")\n";
    write(dir.path(), "tests/test_login.py", code);
    write(
        dir.path(),
        "app/settings.py",
        "DB_PASSWORD = \"s3cr3t-9x2\"\n",
    );
    let output = remedy(
        dir.path(),
        &[
            "check",
            "--isolated",
            "--include-tests",
            "--select",
            "hardcoded-credentials",
            "--output-format",
            "json",
            ".",
        ],
    );
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = findings.as_array().unwrap();
    let in_tests: Vec<_> = findings
        .iter()
        .filter(|f| f["path"].as_str().unwrap().contains("tests/"))
        .collect();
    assert!(!in_tests.is_empty(), "{findings:#?}");
    assert!(in_tests.iter().all(|f| f["fix"].is_null()), "{findings:#?}");
    let in_app: Vec<_> = findings
        .iter()
        .filter(|f| f["path"].as_str().unwrap().contains("app/"))
        .collect();
    assert_eq!(in_app.len(), 1, "{findings:#?}");
    assert!(!in_app[0]["fix"].is_null(), "{findings:#?}");
}

#[test]
fn schema_migrations_skip_db_error_handling_and_resource_with() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "app/db.py",
        "app/migrations/0002_backfill.py",
        "app/db/migrations.py",
    ] {
        write(dir.path(), name, DB_CODE);
    }
    let rules_found = |extra: &[&str]| {
        let mut args = vec!["check", "--isolated", "--output-format", "json"];
        args.extend_from_slice(extra);
        args.push(".");
        rules_by_path(&remedy(dir.path(), &args))
    };
    let found = rules_found(&[]);
    assert_eq!(found["app/db.py"], all_rules(), "{found:?}");
    for migration in ["app/migrations/0002_backfill.py", "app/db/migrations.py"] {
        assert_eq!(found[migration], sql_only(), "{migration}: {found:?}");
    }
    let found = rules_found(&["--include-tests"]);
    assert_eq!(
        found["app/migrations/0002_backfill.py"],
        all_rules(),
        "{found:?}"
    );
}
