//! Which calls run SQL, which argument holds it, and how parameters are passed.

use crate::model::Context;
use crate::model::drivers::{DbModel, Dialect, Paramstyle};
use crate::parse::{Expr, Ranged, TextSize, ast};

/// How a sink takes parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamsShape {
    /// A tuple as the next positional argument (DB-API `execute`, `RawSQL`).
    Positional,
    /// A list as the next positional argument (Django `raw`).
    List,
    /// A keyword argument (`params=` for pandas), added after the call's
    /// last argument (`after`) so that it never precedes a positional one.
    Keyword { name: &'static str, after: TextSize },
    /// Each parameter as its own argument (asyncpg).
    Spread,
    /// `.bindparams(name=value)` after the call (SQLAlchemy `text()`).
    BindParams { call_end: TextSize },
    /// A plain string given to SQLAlchemy's `execute`: wrapped in `text()`
    /// with `:name` placeholders, and a dict of parameters after it.
    TextClause,
    /// `executemany(sql, rows)`: a value spliced into the SQL is added to
    /// every row (`((*row, value) for row in rows)`).
    Rows,
    /// The SQL becomes `text("… :name").bindparams(name=value)` in place
    /// (SQLAlchemy < 1.4 string criteria, alembic's `op.execute`). With
    /// `unique_names`, the names are chosen so that no other `:name` of the
    /// file can meet them in one statement (several criteria of one query).
    TextBind { unique_names: bool },
    /// The SQL is a fragment (an `ORDER BY`/`GROUP BY` list, `DISTINCT ON`):
    /// a spliced value is an identifier or expression, reported, never bound.
    Fragment,
    /// Parameters cannot be added here by remedy (report only).
    None,
}

pub struct Sink<'a> {
    pub sql: Option<&'a Expr>,
    /// The driver's paramstyle, when the driver is known.
    pub paramstyle: Option<Paramstyle>,
    /// `executescript` cannot take parameters at all.
    pub accepts_parameters: bool,
    pub existing_params: Option<&'a Expr>,
    pub params_shape: ParamsShape,
    /// MySQL reads `"…"` as a string; elsewhere it quotes an identifier.
    pub double_quote_is_string: bool,
    /// The SQL dialect the statement is read in.
    pub dialect: Dialect,
    /// The driver (so the paramstyle) is only guessed from a name such as
    /// `cursor` in a module importing one driver: a fix relying on it is unsafe.
    pub paramstyle_guessed: bool,
    /// The SQL is a condition (Django `extra(where=…)`), not a statement.
    pub condition_only: bool,
    /// Where the driver reads `%%` as a literal `%` once parameters are
    /// passed (`format`/`pyformat` drivers): where a `%` of the SQL text must
    /// be doubled when parameters are added.
    pub percent_escape: PercentEscape,
}

impl<'a> Sink<'a> {
    /// A call that runs `sql` through an unknown driver with positional
    /// parameters; each sink states where it differs.
    pub fn reading(sql: Option<&'a Expr>) -> Self {
        Sink {
            sql,
            paramstyle: None,
            accepts_parameters: true,
            existing_params: None,
            params_shape: ParamsShape::Positional,
            double_quote_is_string: false,
            dialect: Dialect::Generic,
            paramstyle_guessed: false,
            condition_only: false,
            percent_escape: PercentEscape::Everywhere,
        }
    }
}

/// Where a `format`-style driver unescapes `%%` when parameters are passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PercentEscape {
    /// Everywhere: the driver %-formats the whole statement (psycopg,
    /// PyMySQL, MySQLdb, pymssql).
    Everywhere,
    /// Outside SQL string literals only: pg8000's placeholder scan skips
    /// quoted text, so `'50%'` stays `'50%'`.
    OutsideQuotes,
    /// Nowhere: mysql.connector replaces each `%s` and leaves `%%` as it is.
    Never,
}

impl PercentEscape {
    /// The escape of a driver family (its name in `drivers.toml`).
    pub fn of_driver(name: &str) -> Self {
        match name {
            "pg8000" => Self::OutsideQuotes,
            "mysql.connector" => Self::Never,
            _ => Self::Everywhere,
        }
    }
}

const MYSQL_DRIVERS: &[&str] = &["pymysql", "MySQLdb", "mysql.connector", "aiomysql"];

fn argument<'a>(call: &'a ast::ExprCall, position: usize, names: &[&str]) -> Option<&'a Expr> {
    call.arguments
        .args
        .get(position)
        .filter(|a| !matches!(a, Expr::Starred(_)))
        .or_else(|| {
            names
                .iter()
                .find_map(|n| call.arguments.find_keyword(n).map(|k| &k.value))
        })
}

/// What a call that runs SQL is given: the SQL argument, the parameters
/// argument and the driver's paramstyle (for the project index).
pub struct SqlRun<'a> {
    pub sql: Option<&'a Expr>,
    pub params: Option<&'a Expr>,
    pub paramstyle: Option<Paramstyle>,
}

/// The SQL that `call` runs, if it is a database call.
pub fn sql_run_by<'a>(
    context: &Context,
    db: &DbModel,
    call: &'a ast::ExprCall,
) -> Option<SqlRun<'a>> {
    let sink = find_sink(context, db, call)?;
    Some(SqlRun {
        sql: sink.sql,
        params: sink.existing_params,
        paramstyle: sink.paramstyle,
    })
}

pub fn find_sink<'a>(context: &Context, db: &DbModel, call: &'a ast::ExprCall) -> Option<Sink<'a>> {
    // Resolving a name allocates: only for the callee names a qualified sink can have.
    let last_name = match &*call.func {
        Expr::Name(name) => name.id.as_str(),
        Expr::Attribute(attribute) => attribute.attr.id.as_str(),
        _ => "",
    };
    let maybe_qualified = matches!(last_name, "text" | "RawSQL" | "read_sql" | "read_sql_query")
        || (last_name == "execute" && context.semantic.imports_module("alembic"))
        || !context.settings.sql_sinks.is_empty();
    if maybe_qualified
        && let Some(qualified) = context.semantic.resolve_qualified_name(&call.func)
        && let Some(sink) = qualified_sink(context, db, call, &qualified)
    {
        return Some(sink);
    }
    let Expr::Attribute(attribute) = &*call.func else {
        return None;
    };
    let method = attribute.attr.id.as_str();
    let receiver = &*attribute.value;

    if let Some(configured) = context
        .settings
        .sql_sinks
        .iter()
        .find(|s| s.call.strip_prefix('.') == Some(method))
    {
        return Some(Sink {
            paramstyle: Paramstyle::parse(&configured.paramstyle),
            existing_params: argument(call, configured.sql_argument + 1, &[]),
            params_shape: ParamsShape::Positional,
            ..Sink::reading(argument(call, configured.sql_argument, &[]))
        });
    }
    // Django `QuerySet.extra(where=["..." + x])`: the built clause gets `%s`
    // placeholders and the call `params=[...]`, when it is the only clause
    // that is built and no other clause has placeholders of its own.
    if method == "extra" {
        let Some(Expr::List(clauses)) = call.arguments.find_keyword("where").map(|k| &k.value)
        else {
            return None;
        };
        let mut built = clauses
            .elts
            .iter()
            .filter(|clause| !matches!(clause, Expr::StringLiteral(_)));
        let sql = built.next();
        let alone = built.next().is_none()
            && clauses.elts.iter().all(|clause| match clause {
                Expr::StringLiteral(literal) => !literal.value.to_str().contains('%'),
                _ => true,
            });
        let has_params = call.arguments.find_keyword("params").is_some();
        return Some(Sink {
            paramstyle: Some(Paramstyle::Format),
            params_shape: if alone && !has_params {
                ParamsShape::Keyword {
                    name: "params",
                    after: last_argument_end(call),
                }
            } else {
                ParamsShape::None
            },
            condition_only: true,
            ..Sink::reading(sql)
        });
    }
    if let Some(sink) = query_criteria_sink(context, db, call, method) {
        return Some(sink);
    }
    if method == "raw" {
        let text = context.slice(receiver.range());
        if text.ends_with("objects") || text.contains(".objects.") {
            return Some(Sink {
                paramstyle: Some(Paramstyle::Format),
                existing_params: argument(call, 1, &["params"]),
                params_shape: ParamsShape::List,
                ..Sink::reading(argument(call, 0, &["raw_query"]))
            });
        }
        return None;
    }
    // Only these methods of a connection or cursor run SQL (asyncpg's
    // `fetch*` and pg8000's `run` checked below); the receiver is resolved
    // after this cheap test.
    if !matches!(
        method,
        "execute"
            | "executemany"
            | "executescript"
            | "fetch"
            | "fetchrow"
            | "fetchval"
            | "run"
            | "cursor"
    ) {
        return None;
    }
    let object = db.object(context, receiver)?;
    let driver = object.driver;
    let driver_name = driver.map(|d| d.name.as_str()).unwrap_or_default();
    let double_quote_is_string = MYSQL_DRIVERS.contains(&driver_name);
    let paramstyle = driver.map(|d| d.paramstyle);
    let dialect = Dialect::of_driver(driver_name);
    let paramstyle_guessed = object.presumed;
    // A DB-API `conn.cursor()` takes no SQL; asyncpg's `conn.cursor(sql, *args)` runs it.
    if method == "cursor" && (driver_name != "asyncpg" || call.arguments.is_empty()) {
        return None;
    }
    if driver_name == "asyncpg" {
        if !matches!(
            method,
            "fetch" | "fetchrow" | "fetchval" | "execute" | "executemany" | "cursor"
        ) {
            return None;
        }
        let shape = if method == "executemany" {
            ParamsShape::None
        } else {
            ParamsShape::Spread
        };
        return Some(Sink {
            paramstyle,
            params_shape: if call.arguments.args.len() > 1 {
                ParamsShape::None
            } else {
                shape
            },
            dialect,
            paramstyle_guessed,
            ..Sink::reading(argument(call, 0, &["query"]))
        });
    }
    // pg8000's `conn.run(sql, **params)`: named parameters as keywords (report only).
    if driver_name == "pg8000" && method == "run" {
        return Some(Sink {
            paramstyle: Some(Paramstyle::Named),
            params_shape: ParamsShape::None,
            dialect,
            paramstyle_guessed,
            ..Sink::reading(argument(call, 0, &["sql"]))
        });
    }
    let existing_params = argument(call, 1, &["params", "parameters", "args", "vars"]);
    let shape = match (method, driver_name) {
        ("execute", "sqlalchemy") if existing_params.is_none() => ParamsShape::TextClause,
        ("execute", "sqlalchemy") => ParamsShape::None,
        ("execute", _) => ParamsShape::Positional,
        ("executemany", _) if existing_params.is_some() => ParamsShape::Rows,
        ("executemany", _) => ParamsShape::None,
        ("executescript", _) => ParamsShape::None,
        _ => return None,
    };
    Some(Sink {
        paramstyle,
        accepts_parameters: method != "executescript",
        existing_params,
        params_shape: shape,
        double_quote_is_string,
        dialect,
        paramstyle_guessed,
        percent_escape: PercentEscape::of_driver(driver_name),
        ..Sink::reading(argument(
            call,
            0,
            &["sql", "query", "operation", "statement"],
        ))
    })
}

/// Where the call's last argument (positional or keyword) ends.
fn last_argument_end(call: &ast::ExprCall) -> TextSize {
    call.arguments
        .args
        .iter()
        .map(Ranged::end)
        .chain(call.arguments.keywords.iter().map(Ranged::end))
        .max()
        .unwrap_or_else(|| call.arguments.start() + TextSize::from(1))
}

fn qualified_sink<'a>(
    context: &Context,
    db: &DbModel,
    call: &'a ast::ExprCall,
    qualified: &str,
) -> Option<Sink<'a>> {
    match qualified {
        "sqlalchemy.text" | "sqlalchemy.sql.text" | "sqlalchemy.sql.expression.text" => {
            Some(Sink {
                paramstyle: Some(Paramstyle::Named),
                params_shape: if call.arguments.len() == 1 {
                    ParamsShape::BindParams {
                        call_end: call.end(),
                    }
                } else {
                    ParamsShape::None
                },
                ..Sink::reading(argument(call, 0, &["text"]))
            })
        }
        // alembic's `op.execute(sql)` runs a string as `text(sql)`: the
        // values are bound the same way, inside the `text()` it gets.
        "alembic.op.execute" => Some(Sink {
            paramstyle: Some(Paramstyle::Named),
            params_shape: if call.arguments.len() == 1 {
                ParamsShape::TextBind {
                    unique_names: false,
                }
            } else {
                ParamsShape::None
            },
            ..Sink::reading(argument(call, 0, &["sqltext"]))
        }),
        "django.db.models.expressions.RawSQL" | "django.db.models.RawSQL" => Some(Sink {
            paramstyle: Some(Paramstyle::Format),
            existing_params: argument(call, 1, &["params"]),
            params_shape: ParamsShape::Positional,
            ..Sink::reading(argument(call, 0, &["sql"]))
        }),
        "pandas.read_sql"
        | "pandas.read_sql_query"
        | "pandas.io.sql.read_sql"
        | "pandas.io.sql.read_sql_query" => {
            let connection = argument(call, 1, &["con"]);
            let driver = connection
                .and_then(|c| db.object(context, c))
                .and_then(|o| o.driver);
            let paramstyle = driver
                .map(|d| d.paramstyle)
                .filter(|p| *p != Paramstyle::Named);
            Some(Sink {
                paramstyle,
                existing_params: call.arguments.find_keyword("params").map(|k| &k.value),
                params_shape: ParamsShape::Keyword {
                    name: "params",
                    after: last_argument_end(call),
                },
                double_quote_is_string: driver
                    .is_some_and(|d| MYSQL_DRIVERS.contains(&d.name.as_str())),
                dialect: driver.map_or(Dialect::Generic, |d| Dialect::of_driver(&d.name)),
                paramstyle_guessed: connection
                    .and_then(|c| db.object(context, c))
                    .is_some_and(|o| o.presumed),
                ..Sink::reading(argument(call, 0, &["sql"]))
            })
        }
        _ => {
            let configured = context
                .settings
                .sql_sinks
                .iter()
                .find(|s| s.call == qualified)?;
            Some(Sink {
                paramstyle: Paramstyle::parse(&configured.paramstyle),
                existing_params: argument(call, configured.sql_argument + 1, &[]),
                params_shape: ParamsShape::Positional,
                ..Sink::reading(argument(call, configured.sql_argument, &[]))
            })
        }
    }
}

/// SQLAlchemy < 1.4 string criteria: `query.filter("name = '%s'" % x)`,
/// `having(…)`, and the fragments `order_by`/`group_by`/`distinct` given a
/// built string, on a query object the semantic model resolves to one that
/// a SQLAlchemy session (or a Flask-SQLAlchemy model's `query`) made. A
/// `filter` on anything else is not a sink.
fn query_criteria_sink<'a>(
    context: &Context,
    db: &DbModel,
    call: &'a ast::ExprCall,
    method: &str,
) -> Option<Sink<'a>> {
    let condition = match method {
        "filter" | "having" => true,
        "order_by" | "group_by" | "distinct" => false,
        _ => return None,
    };
    // One string criterion; a column expression or several criteria are not SQL text.
    let [sql] = &call.arguments.args[..] else {
        return None;
    };
    let string_method = |call: &ast::ExprCall| {
        matches!(&*call.func, Expr::Attribute(a)
            if matches!(a.attr.id.as_str(), "format" | "join" | "replace" | "strip"))
    };
    let built = match sql {
        Expr::BinOp(_) | Expr::FString(_) => true,
        Expr::Call(inner) => string_method(inner),
        _ => false,
    };
    if !call.arguments.keywords.is_empty() || !built {
        return None;
    }
    let Expr::Attribute(attribute) = &*call.func else {
        return None;
    };
    // The receiver must be proven a SQLAlchemy query: made by a SQLAlchemy
    // (or Flask-SQLAlchemy) object this module or, through the project
    // index, another module of the project makes.
    if !super::query::is_query(context, db, &attribute.value) {
        return None;
    }
    Some(Sink {
        paramstyle: Some(Paramstyle::Named),
        params_shape: if condition {
            ParamsShape::TextBind { unique_names: true }
        } else {
            ParamsShape::Fragment
        },
        condition_only: condition,
        ..Sink::reading(Some(sql))
    })
}
