//! Facts that live in other files of the project: drivers re-exported by a
//! shim module, helpers in another module that run their parameter as SQL,
//! and shards that together report what one run reports.

mod common;

use std::path::Path;

use common::{run_remedy as remedy, write_file as write};

fn findings(dir: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["check", "--isolated", "--output-format", "json"];
    all.extend_from_slice(args);
    let output = remedy(dir, &all);
    assert!(
        output.status.code() != Some(2),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON findings")
}

/// `findings`, each as [`summary`].
fn summaries(dir: &Path, args: &[&str]) -> Vec<String> {
    findings(dir, args).iter().map(summary).collect()
}

fn summary(finding: &serde_json::Value) -> String {
    format!(
        "{}:{} {} [{}]",
        finding["path"].as_str().unwrap(),
        finding["line"],
        finding["rule"].as_str().unwrap(),
        finding["fix"]["applicability"].as_str().unwrap_or("no fix")
    )
}

/// `app/` with a shim that re-exports sqlite3, a helper module that runs
/// its parameter as SQL, and callers of both.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "app/__init__.py", "");
    write(
        dir.path(),
        "app/compat.py",
        "\"\"\"Picks the sqlite3 module.\"\"\"\ntry:\n    from pysqlite3 import dbapi2 as sqlite\nexcept ImportError:\n    import sqlite3 as sqlite\n\nfrom sqlite3 import *  # noqa: F401,F403\n",
    );
    write(
        dir.path(),
        "app/db.py",
        "def run_query(conn, sql, params=()):\n    cursor = conn.cursor()\n    cursor.execute(sql, params)\n    return cursor.fetchall()\n\n\ndef first_row(conn, sql):\n    return run_query(conn, sql)[0]\n",
    );
    write(
        dir.path(),
        "app/users.py",
        "from app.compat import connect\n\n\ndef find(path, name):\n    conn = connect(path)\n    return conn.execute(\"SELECT id FROM users WHERE name = '\" + name + \"'\").fetchall()\n",
    );
    write(
        dir.path(),
        "app/views.py",
        "from app import db\nfrom app.db import first_row\n\n\ndef show(conn, name):\n    return db.run_query(conn, \"SELECT id FROM users WHERE name = '%s'\" % name)\n\n\ndef show_one(conn, user_id):\n    return first_row(conn, f\"SELECT name FROM users WHERE id = {user_id}\")\n\n\ndef constant(conn):\n    return db.run_query(conn, \"SELECT 1\")\n",
    );
    dir
}

#[test]
fn a_driver_reached_through_a_shim_module_keeps_its_paramstyle() {
    let dir = project();
    let output = remedy(
        dir.path(),
        &["diff", "--isolated", "--select", "sql-parameterize", "app"],
    );
    let diff = String::from_utf8_lossy(&output.stdout);
    assert!(
        diff.contains(
            "+    return conn.execute(\"SELECT id FROM users WHERE name = ?\", (name,)).fetchall()"
        ),
        "{diff}"
    );
}

#[test]
fn helpers_in_other_modules_that_run_their_parameter_make_their_callers_sinks() {
    let dir = project();
    let found: Vec<String> = summaries(dir.path(), &["--select", "sql-parameterize", "app"]);
    assert_eq!(
        found,
        [
            "app/users.py:6 sql-parameterize [safe]",
            // Through `db.run_query(conn, sql)`: its params argument follows the SQL one.
            "app/views.py:6 sql-parameterize [unsafe]",
            // Through `first_row`, which hands its SQL to `run_query`: no params argument to pass.
            "app/views.py:10 sql-parameterize [no fix]",
        ],
        "{found:#?}"
    );
    let output = remedy(
        dir.path(),
        &[
            "diff",
            "--isolated",
            "--select",
            "sql-parameterize",
            "--unsafe-fixes",
            "app/views.py",
        ],
    );
    let diff = String::from_utf8_lossy(&output.stdout);
    assert!(
        diff.contains(
            "+    return db.run_query(conn, \"SELECT id FROM users WHERE name = ?\", (str(name),))"
        ),
        "a lone file is checked with its package indexed:\n{diff}"
    );
}

#[test]
fn shards_together_report_what_one_run_reports() {
    let dir = project();
    let whole: Vec<String> = summaries(dir.path(), &["app"]);
    let mut sharded: Vec<String> = (1..=3)
        .flat_map(|k| findings(dir.path(), &["--shard", &format!("{k}/3"), "app"]))
        .map(|f| summary(&f))
        .collect();
    sharded.sort();
    let mut sorted = whole.clone();
    sorted.sort();
    assert_eq!(sorted, sharded);
    assert!(whole.iter().any(|f| f.starts_with("app/views.py:6")));
}

/// A `conn` parameter's driver is proven by what every caller passes.
#[test]
fn a_connection_parameter_takes_the_driver_every_caller_passes() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "shop/__init__.py", "");
    write(
        dir.path(),
        "shop/dao.py",
        "import sqlite3\n\n\ndef connect(path):\n    return sqlite3.connect(path)\n\n\ndef find(conn, name):\n    return conn.execute(\"SELECT id FROM users WHERE name = '\" + name + \"'\").fetchall()\n",
    );
    write(
        dir.path(),
        "shop/main.py",
        "import psycopg2\n\nfrom shop import dao\n\n\ndef run(path, name):\n    conn = dao.connect(path)\n    return dao.find(conn, name)\n",
    );
    let found: Vec<String> = summaries(dir.path(), &["--select", "sql-parameterize", "shop"]);
    // psycopg2 is imported too, but the only caller passes a sqlite3 connection.
    assert_eq!(found, ["shop/dao.py:9 sql-parameterize [safe]"]);

    write(
        dir.path(),
        "shop/report.py",
        "import psycopg2\n\nfrom shop import dao\n\n\ndef run(dsn, name):\n    return dao.find(psycopg2.connect(dsn), name)\n",
    );
    let found: Vec<String> = summaries(dir.path(), &["--select", "sql-parameterize", "shop"]);
    // Callers disagree: the driver is only presumed, the fix unsafe.
    assert_eq!(found, ["shop/dao.py:9 sql-parameterize [unsafe]"]);
}

#[test]
fn a_private_helper_given_literal_lists_takes_no_input() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "tags/__init__.py", "");
    // graphite-web's tag store: a literal column list, and placeholder
    // groups counted by `len()` of its parameters; buildbot's copydb:
    // tables from a literal list the caller loops over. `_drop` is given
    // its caller's parameter.
    write(
        dir.path(),
        "tags/store.py",
        r#"import sqlite3

conn = sqlite3.connect("app.db")


class Store:
    @staticmethod
    def _insert_ignore(table, cols, rows):
        sql = "INSERT OR IGNORE INTO " + table + " (" + ",".join(cols) + ") VALUES " + ", ".join(["(" + ", ".join(["?"] * len(cols)) + ")"] * len(rows))
        conn.executemany(sql, rows)

    def tag(self, tags):
        self._insert_ignore("tags_tag", ["tag"], [[t] for t in tags])


def _clear_table(table_name):
    conn.execute(f"DELETE FROM {table_name}")


def clear_all():
    for table_name in ["builds", "changes"]:
        _clear_table(table_name)


def _drop(table_name):
    conn.execute(f"DROP TABLE {table_name}")


def drop_named(names):
    for name in names:
        _drop(name)
"#,
    );
    let found = summaries(dir.path(), &["--select", "sql-parameterize", "tags"]);
    assert_eq!(found, ["tags/store.py:26 sql-parameterize [no fix]"]);
}

#[test]
fn a_private_helper_every_caller_fills_with_constants_takes_no_input() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "store/__init__.py", "");
    write(
        dir.path(),
        "store/schema.py",
        "import sqlite3\n\nTABLE = \"items\"\n\n\nclass Store:\n    _table = \"albums\"\n\n    def __init__(self, path):\n        self.conn = sqlite3.connect(path)\n\n    def _create(self, table):\n        self.conn.execute(\"CREATE TABLE IF NOT EXISTS %s (id INTEGER)\" % table)\n\n    def setup(self):\n        self._create(\"tracks\")\n        self._create(TABLE)\n        self._create(self._table)\n        self._create(table=\"playlists\")\n\n    def count(self, table):\n        return self.conn.execute(\"SELECT count(*) FROM %s\" % table).fetchone()\n",
    );
    let found =
        |dir: &Path| -> Vec<String> { summaries(dir, &["--select", "sql-parameterize", "store"]) };
    // A table name spliced into SQL is reported when it may come from
    // outside the program. `_create` is private, and every call passes a
    // literal (by position or keyword), a module constant or an internal
    // attribute: the program's own names. `count` is public, and its name
    // occurs elsewhere (`count(*)`): whether anything in the project calls
    // it cannot be told from the words, so its caller may pass anything.
    assert_eq!(
        found(dir.path()),
        ["store/schema.py:22 sql-parameterize [no fix]"]
    );

    // A module without database words is not parsed by the index pass: its
    // call is not seen, only its mention of `_create`, which is enough to
    // keep the parameter reported (here it is input; a constant would be
    // reported all the same).
    write(
        dir.path(),
        "store/web.py",
        "from store.schema import Store\n\n\ndef create(path, name):\n    Store(path)._create(name)\n",
    );
    let both = [
        "store/schema.py:13 sql-parameterize [no fix]",
        "store/schema.py:22 sql-parameterize [no fix]",
    ];
    assert_eq!(found(dir.path()), both);

    // A caller the index does parse, passing its own parameter: a public
    // function nothing calls, whose caller beyond the project names the
    // table (a library's API)...
    write(
        dir.path(),
        "store/web.py",
        "import sqlite3\n\nfrom store.schema import Store\n\n\ndef create(path, name):\n    Store(path)._create(name)\n",
    );
    assert_eq!(
        found(dir.path()),
        ["store/schema.py:22 sql-parameterize [no fix]"]
    );
    // ...unless a framework calls it with a request.
    write(
        dir.path(),
        "store/web.py",
        "import sqlite3\n\nfrom store.schema import Store\n\n\n@app.route(\"/create/<name>\")\ndef create(path, name):\n    Store(path)._create(name)\n",
    );
    assert_eq!(found(dir.path()), both);
}

#[test]
fn a_public_function_every_caller_fills_with_constants_takes_no_input() {
    // aiosyslogd's shape: a public method called once, with a literal.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "logs/__init__.py", "");
    write(
        dir.path(),
        "logs/db.py",
        "import sqlite3\n\n\nclass Db:\n    def __init__(self, path):\n        self.conn = sqlite3.connect(path)\n        self.create_monthly_table(\"SystemEvents\")\n\n    def create_monthly_table(self, table_name):\n        self.conn.execute(f'CREATE TABLE IF NOT EXISTS \"{table_name}\" (id INTEGER)')\n",
    );
    let found = |dir: &Path| -> Vec<String> {
        summaries(dir, &["--select", "sql-parameterize", "logs/db.py"])
    };
    assert!(found(dir.path()).is_empty());

    // A module the index cannot parse (Python 2 beside Python 3) still
    // counts its mentions: its call may pass anything. (The run checks
    // `db.py` alone, and indexes the package it sits in.)
    write(
        dir.path(),
        "logs/legacy.py",
        "from logs.db import Db\n\ndef rotate(db, name):\n    print \"rotating\"\n    db.create_monthly_table(name)\n",
    );
    assert_eq!(
        found(dir.path()),
        ["logs/db.py:10 sql-parameterize [no fix]"]
    );
}

#[test]
fn a_connection_from_the_modules_own_factory_makes_its_helper_a_sink() {
    // db-api-server's shape: `sql_connection()` returns the driver's
    // connection, `fetchone(sql)` runs its parameter on one, and a route
    // splices the URL's key into the SQL it hands there.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "api/__init__.py", "");
    write(
        dir.path(),
        "api/server.py",
        "import sqlite3\n\n\ndef sql_connection():\n    return sqlite3.connect(\"api.db\")\n\n\ndef fetchone(sql):\n    cnx = sql_connection()\n    cur = cnx.cursor()\n    cur.execute(sql)\n    return cur.fetchone()\n\n\ndef get_row(key):\n    return fetchone(\"SELECT * FROM t WHERE id = '\" + key + \"'\")\n",
    );
    assert_eq!(
        summaries(dir.path(), &["--select", "sql-parameterize", "api"]),
        ["api/server.py:16 sql-parameterize [no fix]"]
    );
}

#[test]
fn a_function_the_module_calls_only_inside_a_managed_connection_leaves_nothing_open() {
    // supysonic's migration scripts: the module's code calls the function
    // only inside `with sqlite3.connect(...) as conn`, which rolls back on
    // error. Called from another module too, the caller there may not.
    let dir = tempfile::tempdir().unwrap();
    let function = "import sqlite3\n\n\ndef process_table(connection, rows):\n    c = connection.cursor()\n    c.executemany(\"UPDATE artist SET id = ? WHERE id = ?\", rows)\n    c.executemany(\"UPDATE album SET id = ? WHERE id = ?\", rows)\n    connection.commit()\n\n\n";
    write(
        dir.path(),
        "migrate.py",
        &format!(
            "{function}with sqlite3.connect(\"library.db\") as conn:\n    process_table(conn, [])\n"
        ),
    );
    write(
        dir.path(),
        "shared.py",
        &format!(
            "{function}with sqlite3.connect(\"library.db\") as conn:\n    process_table(conn, [])\n"
        ),
    );
    write(
        dir.path(),
        "other.py",
        "import sqlite3\n\nfrom shared import process_table\n\nSHARED = sqlite3.connect(\"app.db\")\nprocess_table(SHARED, [])\n",
    );
    let reported: Vec<String> = summaries(dir.path(), &["--select", "db-error-handling", "."]);
    assert_eq!(
        reported,
        vec!["shared.py:6 db-error-handling [unsafe]".to_owned()]
    );
}

#[test]
fn the_projects_own_exception_answered_below_500_keeps_its_message() {
    // alerta's shape: exceptions from the project's own module (which the
    // index leaves unparsed: no database words), answered with 202 and 429.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "app/__init__.py", "");
    write(
        dir.path(),
        "app/exceptions.py",
        "class BlackoutPeriod(Exception):\n    pass\n\n\nclass RateLimit(Exception):\n    pass\n",
    );
    write(
        dir.path(),
        "app/views.py",
        "from sqlite3 import OperationalError\n\nfrom flask import Flask, jsonify, request\n\nfrom app.exceptions import BlackoutPeriod, RateLimit\n\napp = Flask(__name__)\n\n\n@app.route('/alert', methods=['POST'])\ndef receive():\n    try:\n        process(request.json)\n    except RateLimit as e:\n        return jsonify(status='error', message=str(e)), 429\n    except BlackoutPeriod as e:\n        return jsonify(status='ok', message=str(e)), 202\n    return jsonify(status='ok'), 201\n\n\n@app.route('/store', methods=['POST'])\ndef store():\n    try:\n        save(request.json)\n    except OperationalError as e:\n        return jsonify(status='error', message=str(e)), 400\n    return jsonify(status='ok'), 201\n",
    );
    let reported = summaries(dir.path(), &["--select", "sensitive-exposure", "."]);
    assert_eq!(
        reported,
        vec!["app/views.py:26 sensitive-exposure [unsafe]".to_owned()]
    );
}

#[test]
fn a_script_no_import_can_name_passes_its_own_table_names() {
    // supysonic's migrations (`20180317.py`, run by path): only the script
    // calls its function, with literal table names. The same code in a
    // module an `import` can name may be called from elsewhere.
    let dir = tempfile::tempdir().unwrap();
    let script = "import sqlite3\nimport sys\n\n\ndef process_table(connection, table, fields=(\"id\",)):\n    c = connection.cursor()\n    c.execute(\"ALTER TABLE {} ADD COLUMN path_hash BLOB\".format(table))\n    c.execute(\"SELECT {} FROM {}\".format(\",\".join(fields), table))\n\n\nwith sqlite3.connect(sys.argv[1]) as conn:\n    process_table(conn, \"folder\")\n    process_table(conn, table=\"track\", fields=(\"id\", \"path\"))\n";
    write(dir.path(), "migration/20180317.py", script);
    write(dir.path(), "migration/convert.py", script);
    let reported = summaries(dir.path(), &["--select", "sql-parameterize", "."]);
    assert_eq!(
        reported,
        vec![
            "migration/convert.py:7 sql-parameterize [no fix]".to_owned(),
            "migration/convert.py:8 sql-parameterize [no fix]".to_owned(),
        ]
    );
}

#[test]
fn constants_imported_from_another_module_are_the_programs_own_text() {
    // A module of table names and sizes (no database words in it, so the
    // index pass reads it only for its constants), imported directly and
    // through the package's re-export. `CHANGING` is rebound by a `global`
    // write, so it is no constant; nor is a parameter named like one.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "app/__init__.py",
        "from app.tables import ORDERS\n",
    );
    write(
        dir.path(),
        "app/tables.py",
        "USERS = \"users\"\nORDERS = \"orders\"\nPAGE = 50\nCHANGING = \"users\"\n\n\ndef rename(name):\n    global CHANGING\n    CHANGING = name\n",
    );
    write(
        dir.path(),
        "app/queries.py",
        "import sqlite3\n\nfrom app import ORDERS\nfrom app.tables import CHANGING, PAGE, USERS\n\n\ndef orders(path):\n    conn = sqlite3.connect(path)\n    return conn.execute(f\"SELECT * FROM {ORDERS} LIMIT {PAGE}\").fetchall()\n\n\ndef named(path):\n    conn = sqlite3.connect(path)\n    return conn.execute(f\"SELECT * FROM t WHERE name = '{USERS}'\").fetchall()\n\n\ndef changing(path):\n    conn = sqlite3.connect(path)\n    return conn.execute(f\"SELECT * FROM t WHERE name = '{CHANGING}' LIMIT {PAGE}\").fetchall()\n\n\ndef shadowed(path, USERS):\n    conn = sqlite3.connect(path)\n    return conn.execute(f\"SELECT * FROM {USERS}\").fetchall()\n",
    );
    // The command line calls `shadowed`: its parameter is input (a
    // library's API nothing calls takes its names from the developer).
    write(
        dir.path(),
        "app/cli.py",
        "import sys\n\nfrom app.queries import shadowed\n\nshadowed(sys.argv[1], sys.argv[2])\n",
    );
    let reported = findings(dir.path(), &["--select", "sql-parameterize", "."]);
    let described: Vec<String> = reported
        .iter()
        .map(|finding| {
            format!(
                "{} {}",
                summary(finding),
                finding["fix"]["title"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        described,
        vec![
            "app/queries.py:19 sql-parameterize [safe] Pass `str(CHANGING)` as bound parameters (`?` placeholders)".to_owned(),
            "app/queries.py:24 sql-parameterize [no fix] ".to_owned(),
        ]
    );
    // Checked alone, the file's package is indexed: the same answer.
    let alone = summaries(
        dir.path(),
        &["--select", "sql-parameterize", "app/queries.py"],
    );
    assert_eq!(
        alone,
        summaries(dir.path(), &["--select", "sql-parameterize", "."])
    );
}

#[test]
fn a_quoting_helper_imported_from_a_module_without_database_words_is_known() {
    // django-tenants: `quote_schema_name` lives in a utilities module the
    // index pass would not otherwise read. A look-alike that does not double
    // the quote proves nothing.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pkg/__init__.py", "");
    write(
        dir.path(),
        "pkg/utils.py",
        "def quote_schema_name(schema_name):\n    return '\"{}\"'.format(schema_name.replace('\"', '\"\"'))\n\n\ndef quote_loosely(name):\n    return '\"%s\"' % name\n",
    );
    write(
        dir.path(),
        "pkg/schemas.py",
        "from django.db import connection\n\nfrom .utils import quote_loosely, quote_schema_name\n\n\ndef drop(name):\n    with connection.cursor() as cursor:\n        cursor.execute('DROP SCHEMA %s CASCADE' % quote_schema_name(name))\n\n\ndef drop_loosely(name):\n    with connection.cursor() as cursor:\n        cursor.execute('DROP SCHEMA %s CASCADE' % quote_loosely(name))\n",
    );
    write(
        dir.path(),
        "pkg/cli.py",
        "import sys\n\nfrom .schemas import drop, drop_loosely\n\ndrop(sys.argv[1])\ndrop_loosely(sys.argv[1])\n",
    );
    let reported = summaries(dir.path(), &["--select", "sql-parameterize", "."]);
    assert_eq!(
        reported,
        vec!["pkg/schemas.py:13 sql-parameterize [no fix]".to_owned()]
    );
}

#[test]
fn a_validators_result_from_another_module_is_a_checked_name() {
    // mysql_mcp_server's shape, with the validator in a utilities module:
    // every `return` hands back the name it checked. A look-alike that hands
    // back something else proves nothing.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pkg/__init__.py", "");
    write(
        dir.path(),
        "pkg/names.py",
        "import re\n\n\ndef checked(name):\n    if not re.fullmatch(r'[A-Za-z0-9_]+', name):\n        raise ValueError(name)\n    return name\n\n\ndef checked_or_default(name):\n    if not re.fullmatch(r'[A-Za-z0-9_]+', name):\n        raise ValueError(name)\n    return name.strip() or 'users'\n",
    );
    write(
        dir.path(),
        "pkg/tables.py",
        "import sqlite3\n\nfrom .names import checked, checked_or_default\n\n\ndef rows(conn, uri):\n    table = checked(uri.split('/')[1])\n    return conn.execute(f'SELECT * FROM `{table}`').fetchall()\n\n\ndef other_rows(conn, uri):\n    table = checked_or_default(uri.split('/')[1])\n    return conn.execute(f'SELECT * FROM `{table}`').fetchall()\n",
    );
    write(
        dir.path(),
        "pkg/cli.py",
        "import sqlite3\nimport sys\n\nfrom .tables import other_rows, rows\n\nrows(sqlite3.connect('t.db'), sys.argv[1])\nother_rows(sqlite3.connect('t.db'), sys.argv[1])\n",
    );
    let reported = summaries(dir.path(), &["--select", "sql-parameterize", "."]);
    assert_eq!(
        reported,
        vec!["pkg/tables.py:13 sql-parameterize [no fix]".to_owned()]
    );
}

#[test]
fn a_connection_a_context_manager_yields_is_a_connection() {
    // requests-cache's `SQLiteDict`: `with self.connection() as con`, where
    // `connection` is a `contextlib.contextmanager` yielding the object's
    // `sqlite3` connection, and a module helper in another module doing the
    // same. A context manager yielding something else is no connection.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pkg/__init__.py", "");
    write(
        dir.path(),
        "pkg/db.py",
        "import sqlite3\nfrom contextlib import contextmanager\n\n\n@contextmanager\ndef connection(path):\n    con = sqlite3.connect(path)\n    try:\n        yield con\n    finally:\n        con.close()\n\n\n@contextmanager\ndef timer():\n    yield 42\n",
    );
    write(
        dir.path(),
        "pkg/store.py",
        "import sqlite3\nfrom contextlib import contextmanager\n\nfrom .db import connection, timer\n\n\nclass SQLiteDict:\n    def __init__(self, db_path):\n        self.db_path = db_path\n        self._connection = None\n\n    @contextmanager\n    def connection(self):\n        if not self._connection:\n            self._connection = sqlite3.connect(self.db_path)\n        yield self._connection\n\n    def __getitem__(self, key):\n        with self.connection() as con:\n            return con.execute(\"SELECT value FROM responses WHERE key='%s'\" % key).fetchone()\n\n\ndef get(path, key):\n    with connection(path) as con:\n        return con.execute(f\"SELECT value FROM responses WHERE key='{key}'\").fetchone()\n\n\ndef timed(key):\n    with timer() as con:\n        return con.execute(f\"SELECT value FROM responses WHERE key='{key}'\")\n",
    );
    let reported = summaries(dir.path(), &["--select", "sql-parameterize", "."]);
    assert_eq!(
        reported,
        vec![
            "pkg/store.py:20 sql-parameterize [safe]".to_owned(),
            "pkg/store.py:25 sql-parameterize [safe]".to_owned(),
        ]
    );
}

#[test]
fn a_report_through_a_helper_names_the_value_beside_the_table_name() {
    // bottle-cork: the login `key` beside `self._table_name`, run by a
    // backend helper in another module that takes no parameters. The
    // report names both: the value to bind and the name to validate.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cork/__init__.py", "");
    write(
        dir.path(),
        "cork/backend.py",
        "import sqlite3\n\n\nclass Backend:\n    def __init__(self, path):\n        self._connection = sqlite3.connect(path)\n\n    def fetch_one(self, query):\n        return self._connection.execute(query).fetchone()\n",
    );
    write(
        dir.path(),
        "cork/users.py",
        "class UserStore:\n    def __init__(self, backend, table_name):\n        self._backend = backend\n        self._table_name = table_name\n\n    def get(self, key):\n        query = \"SELECT * FROM %s WHERE username='%s'\" % (self._table_name, key)\n        return self._backend.fetch_one(query)\n",
    );
    write(
        dir.path(),
        "cork/app.py",
        "import os\n\nfrom cork.backend import Backend\nfrom cork.users import UserStore\n\nusers = UserStore(Backend('users.db'), os.environ['USERS_TABLE'])\n",
    );
    let reported = findings(dir.path(), &["--select", "sql-parameterize", "."]);
    let messages: Vec<(String, &str)> = reported
        .iter()
        .map(|f| (summary(f), f["message"].as_str().unwrap()))
        .collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert_eq!(messages[0].0, "cork/users.py:8 sql-parameterize [no fix]");
    assert!(
        messages[0].1.contains("with `key` spliced in; bind it as a parameter, and validate `self._table_name` against an allowlist"),
        "{}",
        messages[0].1
    );
}

#[test]
fn a_librarys_public_function_takes_its_names_from_the_developer_who_calls_it() {
    // pgsync's and excel-to-db's shape: a public function or class a
    // package re-exports splices the table name its caller passes, itself
    // or through a private helper it hands the name to. Nothing in the
    // project calls it: the developer who does names their own table. A
    // value in quotes stays a finding, whoever passes it.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "store/__init__.py",
        "from .tables import Table, drop_table\n\n__all__ = [\n    \"Table\",\n    \"drop_table\",\n]\n",
    );
    write(
        dir.path(),
        "store/tables.py",
        "import sqlite3\n\n\ndef drop_table(conn, name):\n    conn.execute(f\"DROP TABLE {name}\")\n\n\nclass Table:\n    def __init__(self, conn, name):\n        self.conn = conn\n        self.name = name\n\n    def count(self):\n        return self.conn.execute(f\"SELECT COUNT(*) FROM {self.name}\").fetchone()[0]\n\n    def rows_where(self, column, value):\n        return self.conn.execute(f\"SELECT * FROM {self.name} WHERE {column} = '{value}'\").fetchall()\n\n    def __repr__(self):\n        return self.conn.execute(f\"SELECT '{type(self).__name__}' FROM {self.__class__.__name__}\").fetchone()[0]\n\n\ndef drop_later(conn, name):\n    _drop(conn, name)\n\n\ndef _drop(conn, name):\n    conn.execute(f\"DROP TABLE IF EXISTS {name}\")\n",
    );
    write(
        dir.path(),
        "store/web.py",
        "import sqlite3\nfrom flask import Flask\n\napp = Flask(__name__)\n\n\n@app.route(\"/tables/<name>\")\ndef show(name):\n    return str(sqlite3.connect(\"s.db\").execute(f\"SELECT * FROM {name}\").fetchall())\n",
    );
    let found = |dir: &Path, args: &[&str]| -> Vec<String> {
        let mut all = vec![
            "check",
            "--output-format",
            "json",
            "--select",
            "sql-parameterize",
        ];
        all.extend_from_slice(args);
        all.push("store");
        let output = remedy(dir, &all);
        let findings: Vec<serde_json::Value> =
            serde_json::from_slice(&output.stdout).expect("JSON findings");
        findings.iter().map(summary).collect()
    };
    // The value beside the name, and the route's parameter (a framework
    // calls `show` with the URL's text).
    assert_eq!(
        found(dir.path(), &["--isolated"]),
        [
            "store/tables.py:17 sql-parameterize [unsafe]",
            "store/web.py:9 sql-parameterize [no fix]",
        ]
    );

    // A view of the project hands `drop_table` the request's text.
    write(
        dir.path(),
        "store/admin.py",
        "from flask import request\n\nfrom store.tables import drop_later, drop_table\nfrom store.web import app\n\n\n@app.route(\"/drop\")\ndef drop():\n    drop_table(app.config[\"DB\"], request.args[\"table\"])\n    drop_later(app.config[\"DB\"], request.args[\"table\"])\n    return \"\"\n",
    );
    assert_eq!(
        found(dir.path(), &["--isolated"]),
        [
            "store/tables.py:5 sql-parameterize [no fix]",
            "store/tables.py:17 sql-parameterize [unsafe]",
            "store/tables.py:28 sql-parameterize [no fix]",
            "store/web.py:9 sql-parameterize [no fix]",
        ]
    );

    // `names = "every-caller"` reports every caller-supplied name.
    std::fs::remove_file(dir.path().join("store/admin.py")).unwrap();
    write(
        dir.path(),
        "remedy.toml",
        "[sql-parameterize]\nnames = \"every-caller\"\n",
    );
    assert_eq!(
        found(dir.path(), &[]),
        [
            "store/tables.py:5 sql-parameterize [no fix]",
            "store/tables.py:14 sql-parameterize [no fix]",
            "store/tables.py:17 sql-parameterize [unsafe]",
            "store/tables.py:28 sql-parameterize [no fix]",
            "store/web.py:9 sql-parameterize [no fix]",
        ]
    );
}
