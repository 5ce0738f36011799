//! Property tests: random compositions of SQL-building expressions, DB calls,
//! resources and secrets, in random indentation styles, line endings and
//! comments. For every generated module, with every rule and unsafe fixes on:
//! fixing succeeds, the result parses, a second run changes nothing, and the
//! lines the fixes did not touch keep their line endings.

use std::path::Path;

use proptest::prelude::*;
use remedy::model::settings::Settings;
use remedy::parse::source::SourceFile;

fn value() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "name",
        "user_id",
        "str(n)",
        "self.table",
        "args[0]",
        "kw.get('q')",
    ])
}

/// An expression that builds SQL text from `v`.
fn sql_expression() -> impl Strategy<Value = String> {
    (value(), 0..7usize, prop::bool::ANY).prop_map(|(v, shape, single)| {
        let q = if single { '\'' } else { '"' };
        let inner = if single { '"' } else { '\'' };
        match shape {
            0 => format!("{q}SELECT * FROM users WHERE name = {inner}{q} + {v} + {q}{inner}{q}"),
            1 => format!("{q}SELECT * FROM users WHERE id = %s{q} % {v}"),
            2 => format!(
                "{q}SELECT * FROM users WHERE id = %s AND n = {inner}%s{inner}{q} % ({v}, {v})"
            ),
            3 => format!("{q}SELECT * FROM users WHERE id = {{}}{q}.format({v})"),
            4 => format!("f{q}SELECT * FROM users WHERE name = {inner}{{{v}}}{inner}{q}"),
            5 => {
                format!("{q}SELECT * FROM users WHERE name LIKE {inner}%{q} + {v} + {q}%{inner}{q}")
            }
            _ => format!("({q}SELECT * FROM {q}<nl>        {q}users WHERE id = {q} + str({v}))"),
        }
    })
}

fn statement() -> impl Strategy<Value = Vec<String>> {
    prop_oneof![
        sql_expression().prop_map(|e| vec![format!("cur.execute({e})")]),
        sql_expression()
            .prop_map(|e| vec![format!("query = {e}"), "cur.execute(query)".to_owned()]),
        Just(vec![
            "cur.execute('SELECT 1')".to_owned(),
            "rows = cur.fetchall()".to_owned()
        ]),
        Just(vec![
            "f = open(path)".to_owned(),
            "data = f.read()".to_owned(),
            "f.close()".to_owned()
        ]),
        Just(vec!["password = 'hunter2-not-real'".to_owned()]),
        Just(vec!["conn.commit()".to_owned()]),
        Just(vec!["text = '''multi".to_owned(), "line'''".to_owned()]),
        Just(vec!["# a comment".to_owned()]),
        Just(vec![
            "if name:".to_owned(),
            "<indent>cur.execute('SELECT ' + name)".to_owned()
        ]),
    ]
}

fn module() -> impl Strategy<Value = String> {
    let indent = prop::sample::select(vec!["    ", "  ", "\t"]);
    let newline = prop::sample::select(vec!["\n", "\r\n"]);
    let driver = prop::sample::select(vec!["sqlite3", "psycopg2", "pymysql"]);
    (
        indent,
        newline,
        driver,
        prop::collection::vec(statement(), 1..6),
        prop::bool::ANY,
    )
        .prop_map(|(indent, newline, driver, statements, trailing_comment)| {
            let mut lines = vec![
                format!("import {driver}"),
                String::new(),
                String::new(),
                "def handler(conn, name, user_id, n, path, args, kw):".to_owned(),
                format!("{indent}cur = conn.cursor()"),
            ];
            for statement in statements {
                for line in statement {
                    let line = line.replace("<indent>", indent).replace("<nl>", newline);
                    let comment = if trailing_comment && line.starts_with("cur.") {
                        "  # keep me"
                    } else {
                        ""
                    };
                    if line == "line'''" {
                        lines.push(line);
                    } else {
                        lines.push(format!("{indent}{line}{comment}"));
                    }
                }
            }
            lines.push(format!("{indent}return cur"));
            lines.join(newline) + newline
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn fixes_keep_code_valid_and_reach_a_fixpoint(text in module()) {
        let source = SourceFile::from_text(&text);
        prop_assert!(remedy::parse::is_valid_module(&text), "generator made invalid code:\n{text}");
        let settings = Settings { unsafe_fixes: true, ..Settings::default() };
        let path = Path::new("generated.py");
        let outcome = remedy::fix_source(path, &source, &settings);
        prop_assert!(outcome.is_ok(), "{:?}\n{text}", outcome.err());
        let outcome = outcome.unwrap();
        let fixed = outcome.fixed.text();
        prop_assert!(remedy::parse::is_valid_module(fixed), "fixed code does not parse:\n{fixed}");
        let again = remedy::fix_source(path, &outcome.fixed, &settings).unwrap();
        prop_assert!(again.applied.is_empty(), "second run applied {:?}:\n{fixed}", again.applied);
        if text.contains("\r\n") {
            prop_assert!(!fixed.replace("\r\n", "").contains('\n'), "a bare LF crept into a CRLF file:\n{fixed:?}");
        }
    }
}
