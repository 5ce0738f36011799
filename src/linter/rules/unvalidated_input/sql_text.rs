//! Reading SQL built from strings: which interpolated values sit where an
//! identifier or a number goes (`FROM {table}`, `ORDER BY {col} {dir}`,
//! `LIMIT {n}`), for f-strings, `+` concatenation, `%` and `.format`.

use crate::parse::{Expr, ast};

/// What an interpolated value stands for in the SQL text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotKind {
    Table,
    Column,
    /// `ASC` / `DESC` after an `ORDER BY` column.
    Direction,
    /// `LIMIT` / `OFFSET` / `TOP`.
    Number,
}

impl SlotKind {
    pub fn label(self) -> &'static str {
        match self {
            SlotKind::Table => "table name",
            SlotKind::Column => "column name",
            SlotKind::Direction => "sort direction",
            SlotKind::Number => "LIMIT/OFFSET number",
        }
    }
}

/// One interpolated value in an identifier or number position.
#[derive(Debug)]
pub struct Slot<'e> {
    pub value: &'e Expr,
    pub kind: SlotKind,
}

/// A piece of a string under construction.
enum Piece<'e> {
    Text(String),
    Value(&'e Expr),
    /// An interpolation remedy cannot map to an expression.
    Opaque,
}

/// The identifier and number slots of `expr` when it builds SQL text;
/// `None` when it builds no string or the string is not SQL. `is_query`
/// says the string goes to a database call, so it is SQL whatever its start.
pub fn sql_slots(expr: &Expr, is_query: bool) -> Option<Vec<Slot<'_>>> {
    // A plain literal splices nothing in (and most literals are docstrings).
    if matches!(expr, Expr::StringLiteral(_)) {
        return None;
    }
    let pieces = flatten(expr)?;
    if !pieces.iter().any(|piece| matches!(piece, Piece::Value(_))) {
        return None;
    }
    let text = joined(&pieces, " ? ");
    if !is_query
        && !(looks_like_sql(&text) && (keyword_in_capitals(&text) || parses_as_sql(&pieces)))
    {
        return None;
    }
    let mut slots = Vec::new();
    let mut before = String::new();
    for (index, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Text(text) => before.push_str(text),
            Piece::Value(value) => {
                let after = match pieces.get(index + 1) {
                    Some(Piece::Text(text)) => text.as_str(),
                    _ => "",
                };
                if let Some(kind) = classify(&before, after) {
                    slots.push(Slot { value, kind });
                }
                before.push_str(" ? ");
            }
            Piece::Opaque => before.push_str(" ? "),
        }
    }
    Some(slots)
}

/// Whether the text's first word is written in capitals (`SELECT`, not
/// `Select` or `replace:`): how SQL is written in code, and seldom prose.
fn keyword_in_capitals(text: &str) -> bool {
    let first: String = text
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    !first.is_empty() && first.chars().all(|c| !c.is_lowercase())
}

/// Whether the string, each value standing for a name, parses as SQL: a
/// lower-case `select … from {table}` does, an exception message starting
/// `replace: range invalid: {}` does not. Only text no database call is
/// seen to run is asked this.
fn parses_as_sql(pieces: &[Piece]) -> bool {
    let text = joined(pieces, "rmdy_value");
    sqlparser::parser::Parser::parse_sql(&sqlparser::dialect::GenericDialect {}, &text).is_ok()
}

/// The string's text, each value written as `stand_in`.
fn joined(pieces: &[Piece], stand_in: &str) -> String {
    pieces
        .iter()
        .map(|piece| match piece {
            Piece::Text(text) => text.as_str(),
            _ => stand_in,
        })
        .collect()
}

/// Whether a text starts with an SQL statement keyword.
fn looks_like_sql(text: &str) -> bool {
    // The first three words decide; tokenize only the start.
    let head: String = text.chars().take(64).collect();
    let words: Vec<String> = tokens(&head).into_iter().take(3).collect();
    let Some(first) = words.first() else {
        return false;
    };
    words.len() >= 2
        && matches!(
            first.as_str(),
            "SELECT"
                | "INSERT"
                | "UPDATE"
                | "DELETE"
                | "WITH"
                | "CREATE"
                | "DROP"
                | "ALTER"
                | "TRUNCATE"
                | "REPLACE"
                | "MERGE"
        )
}

/// Upper-case words and `,` / `(` / `)` / `.` / `=` tokens.
fn tokens(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' || c == '?' {
            word.extend(c.to_uppercase());
            continue;
        }
        if !word.is_empty() {
            tokens.push(std::mem::take(&mut word));
        }
        if matches!(c, ',' | '(' | ')' | '.' | '=' | '<' | '>') {
            tokens.push(c.to_string());
        }
    }
    if !word.is_empty() {
        tokens.push(word);
    }
    tokens
}

const CLAUSES: &[&str] = &[
    "SELECT", "FROM", "JOIN", "WHERE", "SET", "VALUES", "BY", "LIMIT", "OFFSET", "HAVING", "ON",
    "INTO", "UPDATE",
];

/// The kind of slot a value between `before` and `after` fills.
fn classify(before: &str, after: &str) -> Option<SlotKind> {
    // Quotes around an identifier (`"{table}"`, `` `{col}` ``, `[{col}]`) do not change its kind;
    // a single quote makes it a string value.
    let trimmed = before.trim_end();
    if trimmed.ends_with('\'') {
        return None;
    }
    let trimmed = trimmed.trim_end_matches(['"', '`', '[']);
    let tokens = tokens(trimmed);
    let last = tokens.last()?.as_str();
    let clause = tokens
        .iter()
        .rev()
        .find(|t| CLAUSES.contains(&t.as_str()))
        .map(String::as_str);
    let after_upper = after.trim_start().to_uppercase();
    let compared_next = ["=", "<", ">", "!", "LIKE", "IN ", "IS ", "BETWEEN"]
        .iter()
        .any(|op| after_upper.starts_with(op));
    match last {
        "FROM" | "JOIN" | "INTO" | "UPDATE" | "TABLE" | "EXISTS" => Some(SlotKind::Table),
        "BY" | "SELECT" | "DISTINCT" => Some(SlotKind::Column),
        "LIMIT" | "OFFSET" | "TOP" => Some(SlotKind::Number),
        "WHERE" | "AND" | "OR" | "ON" | "HAVING" if compared_next => Some(SlotKind::Column),
        "," => match clause {
            Some("BY" | "SELECT") => Some(SlotKind::Column),
            Some("FROM") => Some(SlotKind::Table),
            Some("LIMIT") => Some(SlotKind::Number),
            _ => None,
        },
        "." => Some(SlotKind::Column),
        "SET" if compared_next => Some(SlotKind::Column),
        word if clause == Some("BY") && is_order_by(&tokens) && !is_keyword(word) => {
            Some(SlotKind::Direction)
        }
        _ => None,
    }
}

/// Whether the last `BY` belongs to `ORDER BY`.
fn is_order_by(tokens: &[String]) -> bool {
    tokens
        .iter()
        .rposition(|t| t == "BY")
        .is_some_and(|at| at > 0 && tokens[at - 1] == "ORDER")
}

fn is_keyword(word: &str) -> bool {
    matches!(
        word,
        "ASC" | "DESC" | "NULLS" | "FIRST" | "LAST" | "," | "(" | ")" | "=" | "<" | ">"
    )
}

/// The pieces of a string-building expression, or `None` if it builds no string.
fn flatten(expr: &Expr) -> Option<Vec<Piece<'_>>> {
    match expr {
        Expr::StringLiteral(literal) => Some(vec![Piece::Text(literal.value.to_str().to_owned())]),
        Expr::FString(fstring) => {
            let mut pieces = Vec::new();
            for part in fstring.value.iter() {
                match part {
                    ast::FStringPart::Literal(literal) => {
                        pieces.push(Piece::Text(literal.value.to_string()))
                    }
                    ast::FStringPart::FString(f) => {
                        for element in f.elements.iter() {
                            pieces.push(match element {
                                ast::InterpolatedStringElement::Literal(literal) => {
                                    Piece::Text(literal.value.to_string())
                                }
                                ast::InterpolatedStringElement::Interpolation(field) => {
                                    Piece::Value(&field.expression)
                                }
                            });
                        }
                    }
                }
            }
            Some(pieces)
        }
        Expr::BinOp(binop) if binop.op == ast::Operator::Add => {
            let left = flatten(&binop.left);
            let right = flatten(&binop.right);
            if left.is_none() && right.is_none() {
                return None;
            }
            let mut pieces = left.unwrap_or_else(|| vec![Piece::Value(&binop.left)]);
            pieces.extend(right.unwrap_or_else(|| vec![Piece::Value(&binop.right)]));
            Some(pieces)
        }
        Expr::BinOp(binop) if binop.op == ast::Operator::Mod => {
            let Expr::StringLiteral(format) = &*binop.left else {
                return None;
            };
            Some(percent_pieces(format.value.to_str(), &binop.right))
        }
        Expr::Call(call) => {
            let Expr::Attribute(attribute) = &*call.func else {
                return None;
            };
            let Expr::StringLiteral(format) = &*attribute.value else {
                return None;
            };
            (attribute.attr.id.as_str() == "format")
                .then(|| brace_pieces(format.value.to_str(), &call.arguments))
        }
        _ => None,
    }
}

/// `"... %s ... %(name)s" % args`.
fn percent_pieces<'e>(format: &str, args: &'e Expr) -> Vec<Piece<'e>> {
    let positional: Vec<&Expr> = match args {
        Expr::Tuple(tuple) => tuple.elts.iter().collect(),
        Expr::Dict(_) => Vec::new(),
        other => vec![other],
    };
    let mut next = positional.into_iter();
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            text.push(c);
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            text.push('%');
            continue;
        }
        let mut name = None;
        if chars.peek() == Some(&'(') {
            chars.next();
            name = Some(chars.by_ref().take_while(|c| *c != ')').collect::<String>());
        }
        // flags, width, precision, then the conversion letter
        for c in chars.by_ref() {
            if c.is_ascii_alphabetic() {
                break;
            }
        }
        pieces.push(Piece::Text(std::mem::take(&mut text)));
        pieces.push(match name {
            Some(name) => dict_value(args, &name).map_or(Piece::Opaque, Piece::Value),
            None => next.next().map_or(Piece::Opaque, Piece::Value),
        });
    }
    pieces.push(Piece::Text(text));
    pieces
}

fn dict_value<'e>(args: &'e Expr, key: &str) -> Option<&'e Expr> {
    let Expr::Dict(dict) = args else { return None };
    dict.items.iter().find_map(|item| match &item.key {
        Some(Expr::StringLiteral(k)) if k.value.to_str() == key => Some(&item.value),
        _ => None,
    })
}

/// `"... {} ... {name} ...".format(args)`.
fn brace_pieces<'e>(format: &str, arguments: &'e ast::Arguments) -> Vec<Piece<'e>> {
    let mut auto = 0;
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                text.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                text.push('}');
            }
            '{' => {
                let field: String = chars.by_ref().take_while(|c| *c != '}').collect();
                let name = field.split([':', '!']).next().unwrap_or_default();
                pieces.push(Piece::Text(std::mem::take(&mut text)));
                let value = if name.is_empty() {
                    auto += 1;
                    arguments.args.get(auto - 1)
                } else if let Ok(index) = name.parse::<usize>() {
                    arguments.args.get(index)
                } else {
                    arguments.find_keyword(name).map(|k| &k.value)
                };
                pieces.push(value.map_or(Piece::Opaque, Piece::Value));
            }
            _ => text.push(c),
        }
    }
    pieces.push(Piece::Text(text));
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_identifier_positions() {
        assert_eq!(classify("SELECT * FROM ", ""), Some(SlotKind::Table));
        assert_eq!(classify("SELECT * FROM \"", "\""), Some(SlotKind::Table));
        assert_eq!(
            classify("SELECT a FROM t ORDER BY ", ""),
            Some(SlotKind::Column)
        );
        assert_eq!(
            classify("SELECT a FROM t ORDER BY  ? ", ""),
            Some(SlotKind::Direction)
        );
        assert_eq!(
            classify("SELECT a FROM t LIMIT ", ""),
            Some(SlotKind::Number)
        );
        assert_eq!(
            classify("SELECT a FROM t WHERE ", " = ?"),
            Some(SlotKind::Column)
        );
        assert_eq!(classify("SELECT a FROM t WHERE a = ", ""), None);
        assert_eq!(classify("SELECT a FROM t WHERE a = '", "'"), None);
        assert_eq!(classify("SELECT a FROM t GROUP BY a ", ""), None);
    }
}
