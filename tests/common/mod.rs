//! Shared by the behavioural tests: fix a module from `tests/behaviour/`
//! into a temporary folder, and run python3 on things.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use remedy::FixOutcome;
use remedy::model::settings::Settings;
use remedy::parse::source::SourceFile;

/// `tests/behaviour/<name>`.
pub fn behaviour_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/behaviour")
        .join(name)
}

/// A behaviour module and its fixed copy (in a folder that lives as long as this).
pub struct FixedModule {
    pub original: PathBuf,
    pub fixed: PathBuf,
    pub outcome: FixOutcome,
    _folder: tempfile::TempDir,
}

impl FixedModule {
    pub fn text(&self) -> &str {
        self.outcome.fixed.text()
    }
}

/// Fixes `tests/behaviour/<name>` with `settings` and writes the result beside a temp folder.
pub fn fix_module(name: &str, settings: &Settings) -> FixedModule {
    let original = behaviour_file(name);
    let text = std::fs::read_to_string(&original).unwrap();
    let outcome =
        remedy::fix_source(Path::new(name), &SourceFile::from_text(&text), settings).unwrap();
    let folder = tempfile::tempdir().unwrap();
    let fixed = folder.path().join(name);
    std::fs::write(&fixed, outcome.fixed.text()).unwrap();
    FixedModule {
        original,
        fixed,
        outcome,
        _folder: folder,
    }
}

/// Runs python3 with `args`, asserts success, returns (stdout, stderr).
pub fn python(args: &[&std::ffi::OsStr], env: &[(&str, &str)]) -> (String, String) {
    let output = Command::new("python3")
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("python3 runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "python3 failed:\n{stderr}");
    (String::from_utf8(output.stdout).unwrap(), stderr)
}

/// Runs a harness from `tests/behaviour/` on a module and parses its JSON output.
pub fn harness_json(harness: &str, module: &Path) -> serde_json::Value {
    let harness = behaviour_file(harness);
    let (stdout, _) = python(&[harness.as_os_str(), module.as_os_str()], &[]);
    serde_json::from_str(&stdout).unwrap()
}

/// Fixes `tests/behaviour/<name>` with sql-parameterize alone, which must
/// leave nothing to report. Unsafe fixes are applied too: the DAO modules
/// take `conn` as a parameter, so their driver is only presumed from the
/// module's import and the fixes are unsafe; applying them here proves they behave.
pub fn fix_sql_module(name: &str) -> FixedModule {
    let module = fix_module(
        name,
        &Settings {
            unsafe_fixes: true,
            ..Settings::with_rules(&[remedy::model::rule::Rule::SqlParameterize])
        },
    );
    assert!(
        module.outcome.remaining.is_empty(),
        "every query should be fixed: {:?}",
        module.outcome.remaining
    );
    module
}

/// Whether `python3` can import `module`.
pub fn python_has(module: &str) -> bool {
    Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|output| output.status.success())
}

/// For a test that needs something optional (`what`, installed by
/// `.ci/run`): whether to go on. Without it the test says it skipped and
/// passes, except under CI, where it fails.
pub fn present_or_skip(present: bool, what: &str) -> bool {
    if !present {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install {what} (see .ci/run)"
        );
        eprintln!("skipped: {what} not installed (see README)");
    }
    present
}

/// Each benign call named gives the same outcome before and after the fix,
/// and that outcome is some rows (so the comparison proves something).
pub fn assert_benign_calls_unchanged(
    before: &serde_json::Value,
    after: &serde_json::Value,
    benign: &[&str],
) {
    for name in benign {
        assert_eq!(before[name], after[name], "{name}");
        assert!(
            after[name]["rows"]
                .as_array()
                .is_some_and(|rows| !rows.is_empty()),
            "{name}: {}",
            after[name]
        );
    }
}

/// The harness outcomes of a fixed module (`{"case": {"rows": …, "error": …,
/// "users_left": …}}`): the users table survives every call, no call raises,
/// and the cases `is_payload` picks match no rows.
pub fn assert_payloads_are_data(after: &serde_json::Value, is_payload: impl Fn(&str) -> bool) {
    for (name, result) in after.as_object().unwrap() {
        assert_eq!(
            result["users_left"], 1,
            "{name}: the users table must survive"
        );
        assert!(
            result.get("error").is_none(),
            "{name}: fixed code raised {}",
            result["error"]
        );
        if is_payload(name) {
            let rows = result["rows"].as_array().unwrap();
            assert!(rows.is_empty(), "{name}: a payload matched rows {rows:?}");
        }
    }
}

/// Runs the built `remedy` binary in `dir`.
pub fn run_remedy(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_remedy"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("remedy runs")
}

/// Writes `text` to `dir/name`, creating folders on the way.
pub fn write_file(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().expect("a file has a folder")).unwrap();
    std::fs::write(path, text).unwrap();
}
