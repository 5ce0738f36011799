//! db-error-handling, run for real: the fixed module behaves the same on
//! success, raises the same exception on failure (nothing swallowed), and
//! logs exactly one ERROR record with the traceback.

use std::path::Path;
use std::process::Command;

use remedy::registry::Rule;
use remedy::settings::Settings;
use remedy::source::SourceFile;

fn run(module: &Path) -> serde_json::Value {
    let harness = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/behaviour/run_orders.py");
    let output = Command::new("python3")
        .arg(harness)
        .arg(module)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn failures_are_logged_once_and_re_raised() {
    let original_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/behaviour/orders.py");
    let original = std::fs::read_to_string(&original_path).unwrap();
    let settings = Settings::with_rules(&[Rule::DbErrorHandling]);
    let outcome = remedy::fix_source(
        Path::new("orders.py"),
        &SourceFile::from_text(&original),
        &settings,
    )
    .unwrap();
    assert!(outcome.remaining.is_empty(), "{:?}", outcome.remaining);
    let fixed = outcome.fixed.text();
    assert_eq!(fixed.matches("import logging").count(), 1, "{fixed}");
    assert_eq!(
        fixed
            .matches("logger = logging.getLogger(__name__)")
            .count(),
        1,
        "{fixed}"
    );
    let dir = tempfile::tempdir().unwrap();
    let fixed_path = dir.path().join("orders.py");
    std::fs::write(&fixed_path, fixed).unwrap();

    let before = run(&original_path);
    let after = run(&fixed_path);
    for key in ["ids", "totals", "broken", "null", "ok_records"] {
        assert_eq!(before[key], after[key], "{key}");
    }
    assert_eq!(after["broken"], "OperationalError");
    assert_eq!(after["null"], "IntegrityError");
    assert_eq!(after["ok_records"], 0, "no log records on success");
    for failure in ["broken_records", "null_records"] {
        let records = after[failure].as_array().unwrap();
        assert_eq!(records.len(), 1, "{failure}: {records:?}");
        assert_eq!(records[0]["level"], "ERROR");
        assert_eq!(records[0]["traceback"], true);
        assert!(before[failure].as_array().unwrap().is_empty());
    }
    assert_eq!(after["loggers_defined"], serde_json::json!(["logger"]));
}
