//! db-error-handling, run for real: the fixed module behaves the same on
//! success, raises the same exception on failure (nothing swallowed), logs
//! exactly one ERROR record with the traceback, rolls back the transaction a
//! failing unit had open, and logs nothing twice where a caller already logs.

mod common;

use remedy::model::rule::Rule;
use remedy::model::settings::{DbErrorScope, Settings};

#[test]
fn failures_are_logged_once_and_re_raised() {
    // The connections are parameters: which driver made them is a guess, so the fixes are unsafe.
    // Errors that reach the caller are reported under `scope = "unhandled"` only.
    let mut settings = Settings::with_rules(&[Rule::DbErrorHandling]);
    settings.unsafe_fixes = true;
    settings.db_error_scope = DbErrorScope::Unhandled;
    let module = common::fix_module("orders.py", &settings);
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

fn ledger(unsafe_fixes: bool) -> (serde_json::Value, serde_json::Value, String) {
    let mut settings = Settings::with_rules(&[Rule::DbErrorHandling]);
    settings.unsafe_fixes = unsafe_fixes;
    let module = common::fix_module("ledger.py", &settings);
    let before = common::harness_json("run_ledger.py", &module.original);
    let after = common::harness_json("run_ledger.py", &module.fixed);
    (before, after, module.text().to_owned())
}

fn error_records(value: &serde_json::Value) -> usize {
    let records = value.as_array().unwrap();
    assert!(
        records
            .iter()
            .all(|r| r["level"] == "ERROR" && r["traceback"] == true),
        "{records:?}"
    );
    records.len()
}

#[test]
fn swallowed_errors_are_logged_by_the_fix() {
    let (before, after, fixed) = ledger(false);
    // Every fix here relies on a driver guessed from a `conn` parameter:
    // unsafe, so the safe run changes nothing.
    assert_eq!(before["balances"], after["balances"], "{fixed}");
    assert_eq!(before["purge"], "purged");
    assert_eq!(after["purge"], "purged");
    assert_eq!(error_records(&before["purge_records"]), 0);
    assert_eq!(error_records(&after["purge_records"]), 0, "{fixed}");
    let (_, after, fixed) = ledger(true);
    assert_eq!(after["purge"], "purged", "the fix keeps going as before");
    assert_eq!(error_records(&after["purge_records"]), 1, "{fixed}");
}

#[test]
fn transactions_roll_back_and_errors_are_re_raised_with_unsafe_fixes() {
    let (before, after, fixed) = ledger(true);
    assert_eq!(before["good"], after["good"]);
    assert_eq!(error_records(&after["good_records"]), 0);
    // The failing transfer raises the same exception, logged once...
    assert_eq!(before["overdraft"], "IntegrityError");
    assert_eq!(after["overdraft"], "IntegrityError");
    assert_eq!(error_records(&after["overdraft_records"]), 1, "{fixed}");
    // ...and its half-done update is rolled back instead of left pending.
    assert_eq!(before["balances"], serde_json::json!([[1, 570], [2, 30]]));
    assert_eq!(
        after["balances"],
        serde_json::json!([[1, 70], [2, 30]]),
        "{fixed}"
    );
    assert_eq!(before["in_transaction"], true);
    assert_eq!(after["in_transaction"], false);
    // The swallowing purge logs and goes on, as it chose to: unsafe fixes
    // do not re-raise it either.
    assert_eq!(after["purge"], "purged", "{fixed}");
    assert_eq!(error_records(&after["purge_records"]), 1);
    // A handler that `continue`s chose to skip the failing table: it logs,
    // and still skips it.
    assert_eq!(before["counts"], serde_json::json!({"accounts": 2}));
    assert_eq!(after["counts"], before["counts"], "{fixed}");
    assert_eq!(error_records(&after["counts_records"]), 1, "{fixed}");
}

#[test]
fn nothing_is_logged_twice_through_a_caller_that_logs() {
    let (before, after, fixed) = ledger(true);
    assert!(!fixed.contains("in _balance()"), "{fixed}");
    assert!(!fixed.contains("in _history()"), "{fixed}");
    assert_eq!(before["report"], "OperationalError");
    assert_eq!(after["report"], "OperationalError");
    assert_eq!(error_records(&before["report_records"]), 1);
    assert_eq!(error_records(&after["report_records"]), 1, "{fixed}");
}
