//! Where the SQL grammar takes a value: the statement is parsed by the
//! `sqlparser` crate with every spliced value replaced by a marker, and
//! only markers that sit in a value position of a DML statement (`WHERE a
//! = …`, `SET a = …`, `VALUES (…)`, `IN (…)`, `BETWEEN … AND …`, `LIMIT
//! …`, `LIKE …`, function arguments there) may become bound parameters.
//! Everything else — DDL, `PRAGMA`, `CHECK`/`DEFAULT`, `SAVEPOINT`, a select
//! list, `ORDER BY`/`GROUP BY`, a table, column or function name, a whole
//! condition (`WHERE ` + cond) — is an identifier or a fragment. SQL that
//! does not parse has no value positions at all.

use sqlparser::ast::{
    Assignment, BinaryOperator, Expr, FunctionArg, FunctionArgExpr, FunctionArguments, InTarget,
    JoinConstraint, JoinOperator, LimitClause, OnConflictAction, OnInsert, Query, SetExpr,
    ShowStatementFilter, Statement, TableFactor, TableWithJoins, UnaryOperator,
    UpdateTableFromKind, Value,
};
use sqlparser::dialect::{GenericDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;

use super::assemble::Piece;
pub use crate::model::drivers::Dialect;

/// `sql` parsed in `dialect`'s grammar (`None` when it does not parse).
fn parse_in(dialect: Dialect, sql: &str) -> Option<Vec<Statement>> {
    let result = match dialect {
        Dialect::Sqlite => Parser::parse_sql(&SQLiteDialect {}, sql),
        Dialect::Postgres => Parser::parse_sql(&PostgreSqlDialect {}, sql),
        Dialect::MySql => Parser::parse_sql(&MySqlDialect {}, sql),
        Dialect::Generic => Parser::parse_sql(&GenericDialect {}, sql),
    };
    result.ok()
}

const MARKER_PREFIX: &str = "__rmdy";
const MARKER_SUFFIX: &str = "__";
/// Stands for a placeholder the SQL already holds (the call passes its value).
const EXISTING: &str = "__rmdy_existing__";

fn marker(index: usize) -> String {
    format!("{MARKER_PREFIX}{index}{MARKER_SUFFIX}")
}

/// The marker indexes inside `text` (a whole identifier or a string literal's content).
fn markers_in(text: &str) -> Vec<usize> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(MARKER_PREFIX) {
        rest = &rest[at + MARKER_PREFIX.len()..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if !digits.is_empty()
            && rest[digits.len()..].starts_with(MARKER_SUFFIX)
            && let Ok(index) = digits.parse()
        {
            found.push(index);
        }
    }
    found
}

/// Options for reading the assembled SQL.
#[derive(Debug, Clone, Copy)]
pub struct Reading {
    pub dialect: Dialect,
    /// `"…"` is a string (MySQL), not a quoted identifier.
    pub double_quote_is_string: bool,
    /// The SQL already holds driver placeholders of this kind for parameters the call passes.
    pub existing: Option<ExistingPlaceholders>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExistingPlaceholders {
    /// `?`
    Qmark,
    /// `%s`, `%(name)s`
    Format,
    /// `:1`, `:name`
    Colon,
    /// `$1`
    Dollar,
}

/// For each value piece of `pieces`, in order: whether the grammar places it
/// in a value position of DML. `None` when the SQL does not parse.
pub fn value_positions(pieces: &[Piece], reading: Reading) -> Option<Vec<bool>> {
    value_positions_without(pieces, reading, &[])
}

/// [`value_positions`], with the values flagged in `dropped` left out of the
/// SQL (they stand for keywords, and are never bindable).
pub fn value_positions_without(
    pieces: &[Piece],
    reading: Reading,
    dropped: &[bool],
) -> Option<Vec<bool>> {
    let mut sql = String::new();
    let mut count = 0;
    let mut quote: Option<char> = None;
    for piece in pieces {
        match piece {
            Piece::Text(text) => {
                let mut chars = text.chars().peekable();
                while let Some(c) = chars.next() {
                    match quote {
                        Some(q) if c == q => quote = None,
                        Some(_) => {}
                        None if c == '\'' || c == '"' || c == '`' => quote = Some(c),
                        None => {
                            if let Some(kind) = reading.existing
                                && let Some(true) = existing_placeholder(kind, c, &mut chars)
                            {
                                sql.push_str(EXISTING);
                                continue;
                            }
                        }
                    }
                    sql.push(c);
                }
            }
            Piece::Value(_) => {
                if quote.is_some() || !dropped.get(count).copied().unwrap_or(false) {
                    sql.push_str(&marker(count));
                }
                count += 1;
            }
        }
    }
    classify(&sql, reading, count)
}

/// Whether `c` (and what follows) is an existing placeholder; consumes the rest of it.
fn existing_placeholder(
    kind: ExistingPlaceholders,
    c: char,
    chars: &mut std::iter::Peekable<std::str::Chars>,
) -> Option<bool> {
    match (kind, c) {
        (ExistingPlaceholders::Qmark, '?') => Some(true),
        (ExistingPlaceholders::Format, '%') => match chars.peek() {
            Some('s') => {
                chars.next();
                Some(true)
            }
            Some('(') => {
                for c in chars.by_ref() {
                    if c == ')' {
                        break;
                    }
                }
                chars.next();
                Some(true)
            }
            _ => None,
        },
        (ExistingPlaceholders::Colon, ':')
            if chars.peek().is_some_and(|n| n.is_ascii_alphanumeric()) =>
        {
            while chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '_')
            {
                chars.next();
            }
            Some(true)
        }
        (ExistingPlaceholders::Dollar, '$') if chars.peek().is_some_and(char::is_ascii_digit) => {
            while chars.peek().is_some_and(char::is_ascii_digit) {
                chars.next();
            }
            Some(true)
        }
        _ => None,
    }
}

/// Parses `sql` (holding markers 0..count) and tells which markers sit in a
/// DML value position.
pub fn classify(sql: &str, reading: Reading, count: usize) -> Option<Vec<bool>> {
    let statements = parse_in(reading.dialect, sql)?;
    let mut walker = Walker {
        bindable: vec![false; count],
        double_quote_is_string: reading.double_quote_is_string,
    };
    for statement in &statements {
        walker.statement(statement);
    }
    Some(walker.bindable)
}

/// Whether an expression is used as data or as a condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    Value,
    Condition,
}

struct Walker {
    bindable: Vec<bool>,
    double_quote_is_string: bool,
}

impl Walker {
    fn mark(&mut self, text: &str) {
        for index in markers_in(text) {
            if let Some(slot) = self.bindable.get_mut(index) {
                *slot = true;
            }
        }
    }

    fn statement(&mut self, statement: &Statement) {
        match statement {
            Statement::Query(query) => self.query(query),
            Statement::Insert(insert) => {
                if let Some(source) = &insert.source {
                    self.query(source);
                }
                self.assignments(&insert.assignments);
                match &insert.on {
                    Some(OnInsert::DuplicateKeyUpdate(assignments)) => {
                        self.assignments(assignments);
                    }
                    Some(OnInsert::OnConflict(conflict)) => {
                        if let OnConflictAction::DoUpdate(update) = &conflict.action {
                            self.assignments(&update.assignments);
                            self.optional(update.selection.as_ref(), Context::Condition);
                        }
                    }
                    _ => {}
                }
            }
            Statement::Update(update) => {
                self.tables(std::slice::from_ref(&update.table));
                self.assignments(&update.assignments);
                if let Some(
                    UpdateTableFromKind::BeforeSet(tables) | UpdateTableFromKind::AfterSet(tables),
                ) = &update.from
                {
                    self.tables(tables);
                }
                self.optional(update.selection.as_ref(), Context::Condition);
                self.optional(update.limit.as_ref(), Context::Value);
            }
            Statement::Delete(delete) => {
                if let Some(using) = &delete.using {
                    self.tables(using);
                }
                self.optional(delete.selection.as_ref(), Context::Condition);
                self.optional(delete.limit.as_ref(), Context::Value);
            }
            // `ATTACH DATABASE ? AS calibre`: SQLite takes the file's path as
            // a value (calibre-web splices it in quotes).
            Statement::AttachDatabase {
                database_file_name, ..
            } => self.expr(database_file_name, Context::Value),
            // `SHOW VARIABLES LIKE %s` (MySQL): the pattern is a string the
            // driver binds like any other (weewx's `get_variable`).
            Statement::ShowVariables {
                filter: Some(filter),
                ..
            }
            | Statement::ShowStatus {
                filter: Some(filter),
                ..
            } => self.show_filter(filter),
            // DDL, PRAGMA, SAVEPOINT, SET, transactions…: no value positions.
            _ => {}
        }
    }

    fn show_filter(&mut self, filter: &ShowStatementFilter) {
        match filter {
            ShowStatementFilter::Like(pattern) | ShowStatementFilter::ILike(pattern) => {
                self.mark(pattern);
            }
            ShowStatementFilter::Where(condition) => self.expr(condition, Context::Condition),
            ShowStatementFilter::NoKeyword(_) => {}
        }
    }

    fn assignments(&mut self, assignments: &[Assignment]) {
        for assignment in assignments {
            self.expr(&assignment.value, Context::Value);
        }
    }

    fn optional(&mut self, expr: Option<&Expr>, context: Context) {
        if let Some(expr) = expr {
            self.expr(expr, context);
        }
    }

    fn query(&mut self, query: &Query) {
        if let Some(with) = &query.with {
            for cte in &with.cte_tables {
                self.query(&cte.query);
            }
        }
        self.set_expr(&query.body);
        match &query.limit_clause {
            Some(LimitClause::LimitOffset { limit, offset, .. }) => {
                self.optional(limit.as_ref(), Context::Value);
                if let Some(offset) = offset {
                    self.expr(&offset.value, Context::Value);
                }
            }
            Some(LimitClause::OffsetCommaLimit { offset, limit }) => {
                self.expr(offset, Context::Value);
                self.expr(limit, Context::Value);
            }
            None => {}
        }
        if let Some(fetch) = &query.fetch {
            self.optional(fetch.quantity.as_ref(), Context::Value);
        }
    }

    fn set_expr(&mut self, body: &SetExpr) {
        match body {
            SetExpr::Select(select) => {
                // The select list, GROUP BY and ORDER BY name columns: not walked.
                self.tables(&select.from);
                self.optional(select.selection.as_ref(), Context::Condition);
                self.optional(select.having.as_ref(), Context::Condition);
            }
            SetExpr::Query(query) => self.query(query),
            SetExpr::SetOperation { left, right, .. } => {
                self.set_expr(left);
                self.set_expr(right);
            }
            SetExpr::Values(values) => {
                for row in &values.rows {
                    for expr in &row.content {
                        self.expr(expr, Context::Value);
                    }
                }
            }
            SetExpr::Insert(statement)
            | SetExpr::Update(statement)
            | SetExpr::Delete(statement) => {
                self.statement(statement);
            }
            _ => {}
        }
    }

    fn tables(&mut self, tables: &[TableWithJoins]) {
        for table in tables {
            self.table_factor(&table.relation);
            for join in &table.joins {
                self.table_factor(&join.relation);
                let constraint = match &join.join_operator {
                    JoinOperator::Join(c)
                    | JoinOperator::Inner(c)
                    | JoinOperator::Left(c)
                    | JoinOperator::LeftOuter(c)
                    | JoinOperator::Right(c)
                    | JoinOperator::RightOuter(c)
                    | JoinOperator::FullOuter(c) => Some(c),
                    _ => None,
                };
                if let Some(JoinConstraint::On(on)) = constraint {
                    self.expr(on, Context::Condition);
                }
            }
        }
    }

    fn table_factor(&mut self, factor: &TableFactor) {
        if let TableFactor::Derived { subquery, .. } = factor {
            self.query(subquery);
        }
    }

    fn expr(&mut self, expr: &Expr, context: Context) {
        use Context::{Condition, Value as Data};
        match expr {
            Expr::Identifier(ident) if context == Data && ident.quote_style.is_none() => {
                // Only a marker standing alone: `tbl_` + x is a name.
                let markers = markers_in(&ident.value);
                if markers.len() == 1 && ident.value == marker(markers[0]) {
                    self.mark(&ident.value);
                }
            }
            Expr::Identifier(ident)
                if context == Data
                    && ident.quote_style == Some('"')
                    && self.double_quote_is_string =>
            {
                self.mark(&ident.value);
            }
            Expr::Value(value) if context == Data => match &value.value {
                Value::SingleQuotedString(text)
                | Value::EscapedStringLiteral(text)
                | Value::NationalStringLiteral(text) => self.mark(text),
                Value::DoubleQuotedString(text) if self.double_quote_is_string => self.mark(text),
                _ => {}
            },
            Expr::BinaryOp { left, op, right } => {
                let inner = match op {
                    BinaryOperator::And | BinaryOperator::Or | BinaryOperator::Xor => Condition,
                    _ => Data,
                };
                self.expr(left, inner);
                self.expr(right, inner);
            }
            Expr::UnaryOp { op, expr } => {
                let inner = if *op == UnaryOperator::Not {
                    Condition
                } else {
                    Data
                };
                self.expr(expr, inner);
            }
            Expr::Nested(inner) => self.expr(inner, context),
            Expr::IsNull(inner)
            | Expr::IsNotNull(inner)
            | Expr::Cast { expr: inner, .. }
            | Expr::Collate { expr: inner, .. } => self.expr(inner, Data),
            Expr::IsDistinctFrom(left, right) | Expr::IsNotDistinctFrom(left, right) => {
                self.expr(left, Data);
                self.expr(right, Data);
            }
            Expr::In { expr, target, .. } => {
                self.expr(expr, Data);
                match target {
                    InTarget::List(list) => {
                        for item in list {
                            self.expr(item, Data);
                        }
                    }
                    InTarget::Subquery(query) => self.query(query),
                    _ => {}
                }
            }
            Expr::Between {
                expr, low, high, ..
            } => {
                self.expr(expr, Data);
                self.expr(low, Data);
                self.expr(high, Data);
            }
            Expr::Like {
                expr,
                pattern,
                escape_char,
                ..
            }
            | Expr::ILike {
                expr,
                pattern,
                escape_char,
                ..
            }
            | Expr::SimilarTo {
                expr,
                pattern,
                escape_char,
                ..
            } => {
                self.expr(expr, Data);
                self.expr(pattern, Data);
                if let Some(escape) = escape_char {
                    self.expr(escape, Data);
                }
            }
            Expr::RLike { expr, pattern, .. } => {
                self.expr(expr, Data);
                self.expr(pattern, Data);
            }
            Expr::AnyOp { left, right, .. } | Expr::AllOp { left, right, .. } => {
                self.expr(left, Data);
                self.expr(right, Data);
            }
            Expr::Function(function) => {
                // Arguments of a function used on data; the name is never a value.
                if let FunctionArguments::List(list) = &function.args {
                    for arg in &list.args {
                        let arg = match arg {
                            FunctionArg::Named { arg, .. }
                            | FunctionArg::ExprNamed { arg, .. }
                            | FunctionArg::Unnamed(arg) => arg,
                        };
                        if let FunctionArgExpr::Expr(arg) = arg {
                            self.expr(arg, Data);
                        }
                    }
                }
            }
            Expr::Case {
                operand,
                conditions,
                else_result,
                ..
            } => {
                let when = if let Some(operand) = operand {
                    self.expr(operand, Data);
                    Data
                } else {
                    Condition
                };
                for case in conditions {
                    self.expr(&case.condition, when);
                    self.expr(&case.result, Data);
                }
                if let Some(else_result) = else_result {
                    self.expr(else_result, Data);
                }
            }
            Expr::Tuple(items) => {
                for item in items {
                    self.expr(item, Data);
                }
            }
            Expr::Subquery(query)
            | Expr::Exists {
                subquery: query, ..
            } => self.query(query),
            // Anything else (a lone name in a condition, a wildcard, an
            // interval, JSON access…): no value position.
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(dialect: Dialect) -> Reading {
        Reading {
            dialect,
            double_quote_is_string: dialect == Dialect::MySql,
            existing: None,
        }
    }

    /// `sql` with `{}` for each spliced value, in order.
    fn positions(sql: &str, dialect: Dialect) -> Option<Vec<bool>> {
        let mut text = String::new();
        let mut count = 0;
        let mut parts = sql.split("{}").peekable();
        while let Some(part) = parts.next() {
            text.push_str(part);
            if parts.peek().is_some() {
                text.push_str(&marker(count));
                count += 1;
            }
        }
        classify(&text, reading(dialect), count)
    }

    fn sqlite(sql: &str) -> Option<Vec<bool>> {
        positions(sql, Dialect::Sqlite)
    }

    #[test]
    fn values_in_dml_are_bindable() {
        assert_eq!(
            sqlite("SELECT * FROM t WHERE a = {} AND b = '{}'"),
            Some(vec![true, true])
        );
        assert_eq!(
            sqlite("INSERT INTO t (a, b) VALUES ({}, '{}')"),
            Some(vec![true, true])
        );
        assert_eq!(
            sqlite("UPDATE t SET a = '{}' WHERE id = {}"),
            Some(vec![true, true])
        );
        assert_eq!(
            sqlite("DELETE FROM t WHERE id IN ({}, {})"),
            Some(vec![true, true])
        );
        assert_eq!(
            sqlite("SELECT * FROM t WHERE a BETWEEN {} AND {} LIMIT {} OFFSET {}"),
            Some(vec![true; 4])
        );
        assert_eq!(
            sqlite("SELECT * FROM t WHERE name LIKE '%{}%'"),
            Some(vec![true])
        );
        assert_eq!(
            sqlite("SELECT * FROM t WHERE id IN (SELECT x FROM u WHERE y = {})"),
            Some(vec![true])
        );
        assert_eq!(
            positions("SELECT * FROM t WHERE a = %s AND b = '{}'", Dialect::MySql),
            None,
            "an existing placeholder is not parsed unless said so"
        );
    }

    #[test]
    fn names_fragments_and_ddl_are_not() {
        assert_ne!(sqlite("PRAGMA table_info({})"), Some(vec![true]));
        assert_ne!(sqlite("PRAGMA table_info('{}')"), Some(vec![true]));
        assert_ne!(
            sqlite("CREATE TABLE t (value TEXT CHECK(value != '{}'))"),
            Some(vec![true])
        );
        assert_ne!(
            sqlite("CREATE TABLE t (value TEXT DEFAULT '{}')"),
            Some(vec![true])
        );
        assert_eq!(sqlite("SELECT {} FROM t"), Some(vec![false]));
        assert_ne!(sqlite("SELECT {}()"), Some(vec![true]));
        assert_eq!(sqlite("SELECT * FROM {} WHERE a = 1"), Some(vec![false]));
        assert_eq!(
            sqlite("SELECT * FROM tbl_{} WHERE a = '{}'"),
            Some(vec![false, true])
        );
        assert_eq!(
            sqlite("SELECT * FROM t ORDER BY {} LIMIT {}"),
            Some(vec![false, true])
        );
        assert_eq!(sqlite("SELECT a FROM t GROUP BY {}"), Some(vec![false]));
        assert_eq!(sqlite("SELECT * FROM t WHERE {}"), Some(vec![false]));
        assert_eq!(
            sqlite("SELECT * FROM t WHERE a = 1 AND {}"),
            Some(vec![false])
        );
        assert_eq!(sqlite("SELECT * FROM t WHERE s.{} = 1"), Some(vec![false]));
        assert_ne!(sqlite("SAVEPOINT {}"), Some(vec![true]));
        assert_ne!(sqlite("RELEASE SAVEPOINT '{}'"), Some(vec![true]));
        assert_ne!(
            positions(
                "ALTER TABLE t ADD COLUMN c INT DEFAULT {}",
                Dialect::Postgres
            ),
            Some(vec![true])
        );
        assert_ne!(
            positions("CREATE INDEX i ON t (c) WHERE c > {}", Dialect::Postgres),
            Some(vec![true])
        );
        assert_eq!(sqlite("SELECT * FROM t WHERE a = 'it''s {}"), None);
    }

    #[test]
    fn double_quotes_follow_the_dialect() {
        assert_eq!(
            positions("SELECT * FROM t WHERE a = \"{}\"", Dialect::MySql),
            Some(vec![true])
        );
        assert_eq!(
            sqlite("SELECT * FROM t WHERE \"{}\" = 1"),
            Some(vec![false])
        );
    }

    #[test]
    fn existing_placeholders_parse() {
        let pieces = vec![
            Piece::Text("SELECT * FROM t WHERE a = %s AND b LIKE '%".to_owned()),
            Piece::Text("x%' AND c = ".to_owned()),
        ];
        let reading = Reading {
            dialect: Dialect::Postgres,
            double_quote_is_string: false,
            existing: Some(ExistingPlaceholders::Format),
        };
        assert_eq!(value_positions(&pieces, reading), None);
        let pieces = vec![Piece::Text(
            "SELECT * FROM t WHERE a = %s AND b LIKE '%x%'".to_owned(),
        )];
        assert_eq!(value_positions(&pieces, reading), Some(vec![]));
    }
}
