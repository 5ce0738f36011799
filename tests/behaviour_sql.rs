//! The headline guarantee, run for real: a legacy sqlite3 DAO
//! (`tests/behaviour/users_dao.py`) and its fixed version are both run by
//! `python3` against a fresh sqlite3 database. Benign input gives the same
//! rows; injection payloads become data (only literal matches, nothing
//! dropped); a name with an apostrophe works.

mod common;

use remedy::model::rule::Rule;
use remedy::model::settings::Settings;

#[test]
fn fixed_dao_behaves_the_same_and_treats_payloads_as_data() {
    let module = common::fix_module(
        "users_dao.py",
        // The DAO's functions take `conn` as a parameter: sqlite3 is only the
        // module's one driver, a guess, so the fixes are unsafe. They are
        // applied here to prove they behave.
        &Settings {
            unsafe_fixes: true,
            ..Settings::with_rules(&[Rule::SqlParameterize])
        },
    );
    // Every value is bound; only the ORDER BY column stays spliced in (and reported).
    let remaining: Vec<&str> = module
        .outcome
        .remaining
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        matches!(remaining.as_slice(), [only] if only.starts_with("`column` is spliced into SQL")),
        "{remaining:?}"
    );
    assert!(
        module.text().contains(
            r#"cur.execute(f"SELECT id, name FROM users WHERE city = ? ORDER BY {column}", (city,))"#
        ),
        "{}",
        module.text()
    );

    let before = common::harness_json("run_dao.py", &module.original);
    let after = common::harness_json("run_dao.py", &module.fixed);
    let case = |results: &serde_json::Value, name: &str| results[name].clone();

    for benign in [
        "by_name benign",
        "by_id benign",
        "by_role benign",
        "by_city benign",
        "fstring benign",
        "search benign",
        "find benign",
        "find none",
        "rename benign",
        "sorted benign",
        "record benign",
    ] {
        assert_eq!(case(&before, benign), case(&after, benign), "{benign}");
        assert!(
            case(&after, benign)["rows"].as_array().is_some(),
            "{benign}: {}",
            case(&after, benign)
        );
    }
    // The original is injectable: the tautology returns every user.
    assert_eq!(
        case(&before, "by_name \"x' OR '1'='1\"")["rows"]
            .as_array()
            .unwrap()
            .len(),
        4
    );
    assert_eq!(
        case(&before, "by_id '1 OR 1=1'")["rows"]
            .as_array()
            .unwrap()
            .len(),
        4
    );

    common::assert_payloads_are_data(&after, |name| {
        let payload =
            name.contains("OR '1'='1") || name.contains("DROP TABLE") || name.contains("1 OR 1=1");
        payload && !name.starts_with("rename")
    });
    // An apostrophe is data now: O'Brien is found (the original raised a syntax error).
    assert_eq!(
        case(&before, "by_name \"O'Brien\"")["error"],
        "OperationalError"
    );
    assert_eq!(
        case(&after, "by_name \"O'Brien\"")["rows"],
        serde_json::json!([[3, "O'Brien"]])
    );
    assert_eq!(
        case(&after, "rename \"'; DROP TABLE users; --\"")["rows"],
        serde_json::json!([["'; DROP TABLE users; --"]])
    );
    assert_eq!(
        case(&after, "search \"O'Brien\"")["rows"],
        serde_json::json!([["O'Brien"]])
    );
}

/// Values the SQL grammar places in a value position are bound; names stay
/// where they were and are reported.
#[test]
fn grammar_decided_fixes_keep_rows_and_bind_only_values() {
    // Unsafe fixes too: a value spliced outside quotes is bound as it is,
    // which is the same only if it is a number (`"5"` was the SQL number 5,
    // bound it is the text '5'), and nothing proves these are.
    let module = common::fix_module(
        "grammar_dao.py",
        &Settings {
            unsafe_fixes: true,
            ..Settings::with_rules(&[Rule::SqlParameterize])
        },
    );
    let fixed = module.text();
    for expected in [
        r#"conn.execute(f"SELECT id FROM users WHERE city = ? ORDER BY {column}", (city,))"#,
        r#""SELECT id FROM users WHERE id BETWEEN ? AND ? ORDER BY id LIMIT ?", (low, high, count)"#,
        r#"WHERE role = ?) ORDER BY id", (str(role),)"#,
        r#"conn.execute("SELECT id FROM users WHERE name = ? ORDER BY id", (str(name),))"#,
    ] {
        assert!(fixed.contains(expected), "{expected}\n{fixed}");
    }
    let remaining: Vec<&str> = module
        .outcome
        .remaining
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    // Left: the ORDER BY column (reported); the quoted-table query's unsafe
    // fix (the f-string would call `quote_identifier` first) is applied.
    assert_eq!(remaining.len(), 1, "{remaining:?}");
    assert!(remaining[0].contains("`column`"), "{remaining:?}");

    let before = common::harness_json("run_grammar.py", &module.original);
    let after = common::harness_json("run_grammar.py", &module.fixed);
    for benign in [
        "sorted benign",
        "range benign",
        "role benign",
        "table benign",
    ] {
        assert_eq!(before[benign], after[benign], "{benign}");
        assert!(after[benign]["rows"].as_array().is_some(), "{benign}");
    }
    // The originals are injectable; the fixed code treats payloads as data.
    assert_eq!(before["role payload"]["rows"].as_array().unwrap().len(), 4);
    assert_eq!(before["range payload"]["rows"].as_array().unwrap().len(), 4);
    assert_eq!(
        before["sorted payload"]["rows"].as_array().unwrap().len(),
        4
    );
    assert_eq!(
        before["template payload"]["rows"].as_array().unwrap().len(),
        4
    );
    assert_eq!(
        after["template apostrophe"]["rows"],
        serde_json::json!([[3]])
    );
    for payload in ["sorted payload", "role payload", "template payload"] {
        assert_eq!(after[payload]["rows"], serde_json::json!([]), "{payload}");
    }
    // `1 OR 1=1` bound as a value compares as text: no tautology.
    assert_ne!(
        after["range payload"]["rows"].as_array().map(Vec::len),
        Some(4)
    );
    assert_eq!(after["sorted apostrophe"]["rows"], serde_json::json!([]));
    // The quoted-table query's unsafe fix binds the name too: the payload
    // that matched every row before is data now, and a benign name is unchanged.
    assert_eq!(
        before["table payload"]["rows"].as_array().map(Vec::len),
        Some(4)
    );
    assert_eq!(after["table payload"]["rows"], serde_json::json!([]));
    assert_eq!(before["table benign"], after["table benign"]);
}

/// Queries built in steps (`q = q + …`), from several variables, from a
/// mapping (`% params`), from `.strip().format()` and `.replace()`
/// templates, and `executemany` with one spliced value: every one is fixed,
/// benign input gives the same rows, payloads are data, apostrophes work.
#[test]
fn built_query_shapes_keep_rows_and_treat_payloads_as_data() {
    let module = common::fix_sql_module("shapes_dao.py");
    let fixed = module.text();
    for expected in [
        r#"q = q + " AND city = ?""#,
        r#"base + where + " ORDER BY 1" + tail, where_params + tail_params"#,
        r#""SELECT id, name FROM users WHERE id = ? OR id = ? + 100", (params["uid"], params["uid"])"#,
        r#"(str(params["city"]),)"#,
        r#"((*row, batch) for row in rows)"#,
        r#"conn.execute(a + b + c, b_params + c_params)"#,
        r#"clauses_params.append(str(city))"#,
        r#"conn.execute(sql + " ORDER BY id", clauses_params)"#,
        r#"sql = "SELECT id FROM users WHERE name = ? ORDER BY id""#,
        r#"sql = "SELECT id FROM users WHERE city = ?""#,
    ] {
        assert!(fixed.contains(expected), "{expected}\n{fixed}");
    }
    let before = common::harness_json("run_shapes.py", &module.original);
    let after = common::harness_json("run_shapes.py", &module.fixed);
    common::assert_benign_calls_unchanged(
        &before,
        &after,
        &[
            "step benign",
            "step no city",
            "several benign",
            "several no city",
            "mapping benign",
            "mapping quoted benign",
            "stripped benign",
            "marker benign",
            "many benign",
            "across benign",
            "filtered benign",
            "filtered none",
            "reused benign",
        ],
    );
    // The originals are injectable: a tautology returns every user.
    for injectable in [
        "step \"x' OR '1'='1\"",
        "mapping quoted \"x' OR '1'='1\"",
        "stripped \"x' OR '1'='1\"",
        "marker \"x' OR '1'='1\"",
        "across \"x' OR '1'='1\"",
        "filtered \"x' OR '1'='1\"",
    ] {
        assert_eq!(
            before[injectable]["rows"].as_array().map(Vec::len),
            Some(4),
            "{injectable}: {}",
            before[injectable]
        );
    }
    // Both queries of the reused variable were injectable: every user, twice.
    assert_eq!(
        before["reused \"x' OR '1'='1\""]["rows"]
            .as_array()
            .map(Vec::len),
        Some(8)
    );
    assert_eq!(
        before["mapping '1 OR 1=1'"]["rows"]
            .as_array()
            .map(Vec::len),
        Some(4)
    );
    common::assert_payloads_are_data(&after, |name| {
        !name.starts_with("many")
            && (name.contains("OR '1'='1")
                || name.contains("DROP TABLE")
                || name.contains("1 OR 1=1"))
    });
    // An apostrophe is data: O'Brien is found (the originals raised).
    assert_eq!(before["marker \"O'Brien\""]["error"], "OperationalError");
    assert_eq!(
        after["marker \"O'Brien\""]["rows"],
        serde_json::json!([[3]])
    );
    assert_eq!(
        after["mapping quoted \"O'Brien\""]["rows"],
        serde_json::json!([])
    );
    assert_eq!(after["step \"O'Brien\""]["rows"], serde_json::json!([]));
    // executemany: the payload is stored as the row's value, nothing else changes.
    assert_eq!(
        after["many \"'; DROP TABLE users; --\""]["rows"],
        serde_json::json!([["dan", "Rome", "'; DROP TABLE users; --"]])
    );
}
