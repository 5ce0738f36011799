//! db-error-handling, run for real: the fixed module behaves the same on
//! success, raises the same exception on failure (nothing swallowed), and
//! logs exactly one ERROR record with the traceback.

mod common;

use remedy::registry::Rule;
use remedy::settings::Settings;

#[test]
fn failures_are_logged_once_and_re_raised() {
    let module = common::fix_module("orders.py", &Settings::with_rules(&[Rule::DbErrorHandling]));
    assert!(
        module.outcome.remaining.is_empty(),
        "{:?}",
        module.outcome.remaining
    );
    let fixed = module.text();
    assert_eq!(fixed.matches("import logging").count(), 1, "{fixed}");
    assert_eq!(
        fixed
            .matches("logger = logging.getLogger(__name__)")
            .count(),
        1,
        "{fixed}"
    );

    let before = common::harness_json("run_orders.py", &module.original);
    let after = common::harness_json("run_orders.py", &module.fixed);
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
