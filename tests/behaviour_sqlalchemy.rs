//! sql-parameterize on a legacy SQLAlchemy 1.x data-access layer
//! (`tests/behaviour/users_alchemy.py`), run for real: raw SQL strings given
//! to `connection.execute`, `engine.execute` and `session.execute` become
//! `text()` clauses with a dict of parameters. The original and the fixed
//! module run against a fresh sqlite3 database through SQLAlchemy 1.4
//! (`python3 -m pip install SQLAlchemy==1.4.54`; `.ci/run` installs it).
//! Without SQLAlchemy the test says so and passes, except under CI.

mod common;

#[test]
fn raw_strings_become_text_clauses_that_bind_their_values() {
    if !common::present_or_skip(common::python_has("sqlalchemy"), "SQLAlchemy") {
        return;
    }
    let module = common::fix_sql_module("users_alchemy.py");
    let fixed = module.text();
    assert!(
        fixed.contains("from sqlalchemy import create_engine, text\n"),
        "{fixed}"
    );
    assert!(
        fixed.contains(r#"text("SELECT id, name FROM users WHERE name = :p1"), {"p1": name}"#),
        "{fixed}"
    );

    let before = common::harness_json("run_alchemy.py", &module.original);
    let after = common::harness_json("run_alchemy.py", &module.fixed);
    for benign in [
        "by_name benign",
        "by_city benign",
        "search benign",
        "rename benign",
    ] {
        assert_eq!(before[benign], after[benign], "{benign}");
        assert!(
            after[benign]["rows"].as_array().is_some(),
            "{benign}: {}",
            after[benign]
        );
    }
    // The original is injectable: the tautology returns every user.
    assert_eq!(
        before["by_name \"x' OR '1'='1\""]["rows"]
            .as_array()
            .unwrap()
            .len(),
        4
    );

    common::assert_payloads_are_data(&after, |name| {
        name.starts_with("by_") && (name.contains("OR ") || name.contains("DROP"))
    });
    // Payloads are stored as data, apostrophes included.
    let renamed = &after["rename \"'; DROP TABLE users; --\""]["rows"][0];
    assert_eq!(renamed[1], "'; DROP TABLE users; --");
    assert_eq!(after["by_name \"O'Brien\""]["rows"][0][1], "O'Brien");
}

/// SQLAlchemy < 1.3 string criteria (`query.filter("name = '%s'" % name)`,
/// `tests/behaviour/criteria_alchemy.py`): each becomes
/// `text("name = :name").bindparams(name=…)`, with a bind name of its own
/// even when two criteria of one query bind the same variable. The fixed
/// module runs on the installed SQLAlchemy (1.4, which refuses the
/// original's plain strings); every call returns the rows that the same
/// question asked with bound parameters on sqlite3 directly returns, and
/// payloads are data.
#[test]
fn string_criteria_become_bound_text_clauses() {
    if !common::present_or_skip(common::python_has("sqlalchemy"), "SQLAlchemy") {
        return;
    }
    let module = common::fix_sql_module("criteria_alchemy.py");
    let fixed = module.text();
    assert!(
        fixed.contains(r#".filter(sqlalchemy.text("name = :name").bindparams(name=str(name)))"#),
        "{fixed}"
    );
    // Two criteria of one query never share a bind name.
    assert!(
        fixed
            .contains(r#"bindparams(name_3=str(name))).filter(sqlalchemy.text("city <> :city_2")"#),
        "{fixed}"
    );
    let after = common::harness_json("run_criteria.py", &module.fixed);
    for (name, result) in after.as_object().unwrap() {
        assert_eq!(result["rows"], result["expected"], "{name}: {result}");
    }
    assert!(
        !after["in_city_named benign"]["rows"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    common::assert_payloads_are_data(&after, |name| name.contains("OR ") || name.contains("DROP"));
    assert_eq!(
        after["by_name \"O'Brien\""]["rows"][0][1], "O'Brien",
        "apostrophes are data"
    );
}

/// A session registry made in another module of the project
/// (`app/model.py`: `Session = scoped_session(sessionmaker(…))`) is known
/// through the project index: its queries' string criteria are sinks, a
/// `query(…).filter` on anything else is not.
#[test]
fn string_criteria_on_a_session_from_another_module() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("app/__init__.py", "");
    write(
        "app/model.py",
        "from sqlalchemy import create_engine\nfrom sqlalchemy.orm import scoped_session, sessionmaker\n\nengine = create_engine(\"sqlite://\")\nSession = scoped_session(sessionmaker(bind=engine))\n",
    );
    write(
        "app/api.py",
        "import app.model as model\nfrom app.model import Session\n\n\ndef get(cls, k, v):\n    query = model.Session.query(cls)\n    query = query.filter(\"%s = '%s'\" % (k, v))\n    return query.all()\n\n\ndef by_name(cls, name):\n    session = Session()\n    return session.query(cls).filter(\"name = '%s'\" % name).all()\n\n\ndef other(things, name):\n    return things.query(1).filter(\"name = '%s'\" % name)\n",
    );
    let output = common::run_remedy(
        dir.path(),
        &[
            "check",
            "--isolated",
            "--select",
            "sql-parameterize",
            "--output-format",
            "json",
            "app",
        ],
    );
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let lines: Vec<u64> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [7, 13], "{findings}");
}

/// Flask-SQLAlchemy's usual layout: `db = SQLAlchemy(app)` in the
/// package, models deriving (through an abstract base) from `db.Model` in
/// `models.py`, and `User.query.filter("…" % name)` in the views. The
/// project index proves `User` a model; a class with a `query` attribute of
/// its own is not one.
#[test]
fn string_criteria_on_a_flask_model_from_another_module() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "app/__init__.py",
        "from flask import Flask\nfrom flask_sqlalchemy import SQLAlchemy\n\napp = Flask(__name__)\ndb = SQLAlchemy(app)\n",
    );
    write(
        "app/models.py",
        "from app import db\n\n\nclass Base(db.Model):\n    __abstract__ = True\n\n\nclass User(Base):\n    pass\n\n\nclass Plain(object):\n    query = None\n",
    );
    write(
        "app/views.py",
        "from app.models import User, Plain\n\n\ndef find(name):\n    return User.query.filter(\"name = '%s'\" % name).first()\n\n\ndef plain(name):\n    return Plain.query.filter(\"name = '%s'\" % name)\n",
    );
    let output = common::run_remedy(
        dir.path(),
        &[
            "check",
            "--isolated",
            "--select",
            "sql-parameterize",
            "--output-format",
            "json",
            "app",
        ],
    );
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let found: Vec<(String, u64)> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(found, [("app/views.py".to_owned(), 5)], "{findings}");
}
