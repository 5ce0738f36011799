//! Turning assembled SQL into a query with placeholders and a list of
//! parameter expressions, the way the driver expects them.

use super::assemble::{Conversion, Piece, Value};
use crate::linter::fix::literal::python_string;
use crate::model::drivers::Paramstyle;
use crate::model::sinks::PercentEscape;

/// Why the pieces cannot become a parameterized query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Values sit where a bound parameter cannot go (identifier, keyword,
    /// SQL fragment): every such value, in source order (never empty).
    NotBindable(Vec<Unbindable>),
    /// Something remedy does not understand (unbalanced quotes, placeholder counts).
    Unsupported,
    /// A value escaped for an SQL string (`x.replace("'", "''")`) would be
    /// bound: the parameter would keep the escaping (`O''Brien`).
    Escaped,
    /// The assembled SQL does not parse in the driver's dialect: which
    /// values are data and which are names cannot be told.
    Unparsed,
}

/// A value spliced where a bound parameter cannot go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unbindable {
    /// The value as written, for messages.
    pub value: String,
    pub range: crate::parse::TextRange,
}

impl Refusal {
    /// The refusal naming `values`, or `Unsupported` when there is none.
    pub fn not_bindable(values: Vec<Unbindable>) -> Refusal {
        if values.is_empty() {
            Refusal::Unsupported
        } else {
            Refusal::NotBindable(values)
        }
    }
}

/// SQL with placeholders and the parameters that fill them, in order.
#[derive(Debug, Clone, Default)]
pub struct Parameterized {
    pub sql: String,
    pub params: Vec<String>,
    /// Every parameter carries exactly the text the original spliced in.
    pub exact: bool,
    /// Placeholder order: `false` for one the call already filled, `true` for a new one.
    pub slots: Vec<bool>,
    /// Values that cannot be bound (identifiers, keywords), kept in the SQL
    /// when the style allows it ([`Style::keep_unbindable`]).
    pub spliced: Vec<Spliced>,
    /// For each new parameter, the indexes of the first and the last piece
    /// whose value it carries.
    pub param_pieces: Vec<(usize, usize)>,
}

/// A character that marks where one part of the SQL ends and the next
/// begins ([`parameterize`] keeps it, after the placeholder when the part
/// ended inside a bound SQL string).
pub const BOUNDARY: char = '\u{E000}';

/// A value that cannot be a bound parameter, kept in the rewritten SQL as an
/// f-string field: the values around it are still bound.
#[derive(Debug, Clone)]
pub struct Spliced {
    /// Byte offset in [`Parameterized::sql`] where the value goes.
    pub at: usize,
    /// The f-string field without braces: `column`, `int(limit)`, `(x)!r`, `x:.2f`.
    pub field: String,
    /// The value as written, for messages.
    pub value: String,
    pub range: crate::parse::TextRange,
    /// Proven safe (a quoted identifier, a placeholder list, an integer): not a finding.
    pub safe: bool,
}

impl Spliced {
    /// This value as one that cannot be bound.
    pub fn unbindable(&self) -> Unbindable {
        Unbindable {
            value: self.value.clone(),
            range: self.range,
        }
    }
}

impl Parameterized {
    /// The refusal to report when values had to stay spliced in and nothing
    /// was bound: the finding is then the unbindable value itself.
    pub fn nothing_bound(&self) -> Option<Refusal> {
        self.spliced.first()?;
        (!self.slots.iter().any(|is_new| *is_new)).then(|| {
            Refusal::not_bindable(
                self.spliced
                    .iter()
                    .filter(|s| !s.safe)
                    .map(Spliced::unbindable)
                    .collect(),
            )
        })
    }

    /// The call's existing parameters and the new ones, in placeholder order.
    pub fn merged_with(&self, existing: &[String]) -> Option<Vec<String>> {
        let (mut old, mut new) = (existing.iter(), self.params.iter());
        let merged: Option<Vec<String>> = self
            .slots
            .iter()
            .map(|is_new| if *is_new { new.next() } else { old.next() }.cloned())
            .collect();
        (old.next().is_none() && new.next().is_none())
            .then_some(merged)
            .flatten()
    }
}

/// How to write placeholders.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub paramstyle: Paramstyle,
    /// Whether `"…"` is a string quote in this SQL dialect (MySQL) rather than an identifier quote.
    pub double_quote_is_string: bool,
    /// Where the driver unescapes `%%` (so where a `%` of the text is doubled).
    pub percent_escape: PercentEscape,
    /// Number of the first placeholder (numeric and dollar styles).
    pub first_number: usize,
    /// Keep values that cannot be bound in the SQL ([`Parameterized::spliced`])
    /// instead of refusing, as long as at least one value is bound.
    pub keep_unbindable: bool,
    /// Name placeholders after the mapping keys they come from (`:city`, or
    /// `%(city)s` for the format styles): the call then binds the mapping.
    pub keyed: bool,
}

impl Style {
    pub fn placeholder(&self, number: usize, name: &str) -> String {
        if self.keyed {
            return match self.paramstyle {
                Paramstyle::Format | Paramstyle::Pyformat => format!("%({name})s"),
                _ => format!(":{name}"),
            };
        }
        match self.paramstyle {
            Paramstyle::Qmark => "?".to_owned(),
            Paramstyle::Format | Paramstyle::Pyformat => "%s".to_owned(),
            Paramstyle::Numeric => format!(":{number}"),
            Paramstyle::Dollar => format!("${number}"),
            Paramstyle::Named => format!(":{name}"),
        }
    }
}

/// Rewrites `pieces` (text is final SQL; values are what Python spliced in).
/// `existing` is how many driver placeholders the text already holds for
/// parameters the call passes (their text is then driver-ready already).
///
/// `positions` says, for each value piece in order, whether the SQL grammar
/// places it in a value position of DML ([`super::grammar`]); only those
/// are bound, and only when the text around them agrees.
pub fn parameterize(
    pieces: &[Piece],
    style: &Style,
    source: &dyn Fn(&Value) -> String,
    existing: usize,
    positions: &[bool],
) -> Result<Parameterized, Refusal> {
    let mut value_index = 0;
    let mut keeps_safe_value = false;
    // Values where a bound parameter cannot go, without an f-string to keep
    // them in: the refusal names them all.
    let mut unbindable: Vec<Unbindable> = Vec::new();
    let mut out = Parameterized {
        exact: true,
        ..Parameterized::default()
    };
    let mut number = style.first_number;
    let mut quote: Option<char> = None;
    // Inside an SQL string that holds a value: where it started in `out.sql`, and its parts.
    let mut string_start = 0;
    let mut string_parts: Vec<StringPart> = Vec::new();
    let mut string_has_value = false;
    let mut string_pieces: Option<(usize, usize)> = None;
    let mut seen_existing = 0;
    let driver_ready = existing > 0;
    // mysql.connector replaces every `%s` of the statement and unescapes no
    // `%%`: a `%s` the SQL holds as text cannot be written for it.
    if style.percent_escape == PercentEscape::Never
        && !driver_ready
        && style.paramstyle.doubles_percent()
        && pieces
            .iter()
            .any(|piece| matches!(piece, Piece::Text(text) if text.contains("%s") || text.contains("%(")))
    {
        return Err(Refusal::Unsupported);
    }

    for (index, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Text(text) => {
                let mut chars = text.chars().peekable();
                while let Some(c) = chars.next() {
                    if c == BOUNDARY {
                        out.sql.push(c);
                        continue;
                    }
                    match quote {
                        Some(q) if c == q => {
                            if chars.peek() == Some(&q) {
                                chars.next();
                                push_text(&mut string_parts, q);
                                out.sql.push(q);
                                out.sql.push(q);
                                continue;
                            }
                            quote = None;
                            if string_has_value && prefixed_string(&out.sql[..string_start]) {
                                // `E'…'`, `N'…'`, `_utf8'…'`: the prefix changes how the
                                // database reads the text (`E` reads backslash escapes the
                                // driver does not double), and `E%s` is no SQL.
                                return Err(Refusal::Unsupported);
                            }
                            if string_has_value {
                                let boundaries = out.sql[string_start..]
                                    .chars()
                                    .filter(|c| *c == BOUNDARY)
                                    .count();
                                out.sql.truncate(string_start);
                                let name = match string_parts.as_slice() {
                                    [StringPart::Value(Value { key: Some(key), .. })] => {
                                        key.clone()
                                    }
                                    _ => format!("p{}", out.params.len() + 1),
                                };
                                out.sql.push_str(&style.placeholder(number, &name));
                                number += 1;
                                let (param, exact) = string_param(&string_parts, source);
                                out.exact &= exact;
                                out.params.push(param);
                                out.param_pieces
                                    .push(string_pieces.unwrap_or((index, index)));
                                out.slots.push(true);
                                out.sql.extend(std::iter::repeat_n(BOUNDARY, boundaries));
                            } else {
                                out.sql.push(c);
                            }
                        }
                        Some(_) => {
                            push_text(&mut string_parts, c);
                            let as_is =
                                driver_ready || style.percent_escape != PercentEscape::Everywhere;
                            push_sql_char(&mut out.sql, c, style, as_is);
                        }
                        None => {
                            if c == '\'' || (c == '"' && style.double_quote_is_string) {
                                quote = Some(c);
                                string_start = out.sql.len();
                                string_parts.clear();
                                string_has_value = false;
                                string_pieces = None;
                                out.sql.push(c);
                            } else if driver_ready && is_placeholder_start(c, chars.peek(), style) {
                                seen_existing += 1;
                                out.slots.push(false);
                                out.sql.push(c);
                            } else {
                                let as_is =
                                    driver_ready || style.percent_escape == PercentEscape::Never;
                                push_sql_char(&mut out.sql, c, style, as_is);
                            }
                        }
                    }
                }
            }
            Piece::Value(value) => {
                let in_value_position = positions.get(value_index).copied().unwrap_or(false);
                value_index += 1;
                match quote {
                    Some('\'') | Some('"') if value.stays_spliced() => {
                        // A proven-safe value inside an SQL string (an escaped
                        // literal, say): it cannot be bound as it is.
                        return Err(Refusal::Unsupported);
                    }
                    Some('\'') | Some('"') if in_value_position && value.escaped => {
                        return Err(Refusal::Escaped);
                    }
                    Some('\'') | Some('"') if in_value_position => {
                        string_has_value = true;
                        string_parts.push(StringPart::Value(value.clone()));
                        string_pieces =
                            Some(string_pieces.map_or((index, index), |(first, _)| (first, index)));
                    }
                    Some(_) => {
                        unbindable.push(Unbindable {
                            value: source(value),
                            range: crate::parse::Ranged::range(value.expr),
                        });
                    }
                    None => {
                        let next = pieces.get(index + 1).and_then(|p| match p {
                            Piece::Text(text) => Some(text.as_str()),
                            Piece::Value(_) => None,
                        });
                        if value.stays_spliced()
                            || !in_value_position
                            || !is_bindable_position(&out.sql, next.unwrap_or(""), value, source)
                        {
                            if !style.keep_unbindable {
                                // Proven safe (a quoted name, or an `int()` where SQL
                                // takes no value, `FETCH FORWARD {n}`): no finding of
                                // its own; name a later value if there is one.
                                if value.safe {
                                    keeps_safe_value = true;
                                    continue;
                                }
                                unbindable.push(Unbindable {
                                    value: source(value),
                                    range: crate::parse::Ranged::range(value.expr),
                                });
                                continue;
                            }
                            out.spliced.push(Spliced {
                                at: out.sql.len(),
                                field: fstring_field(value, source),
                                value: source(value),
                                range: crate::parse::Ranged::range(value.expr),
                                safe: value.safe,
                            });
                            continue;
                        }
                        if value.escaped {
                            return Err(Refusal::Escaped);
                        }
                        let name = match &value.key {
                            Some(key) => key.clone(),
                            None => parameter_name(value, source, out.params.len() + 1),
                        };
                        out.sql.push_str(&style.placeholder(number, &name));
                        number += 1;
                        let (param, exact) = unquoted_param(value, source);
                        out.exact &= exact;
                        out.params.push(param);
                        out.param_pieces.push((index, index));
                        out.slots.push(true);
                    }
                }
            }
        }
    }
    if !unbindable.is_empty() {
        // With the values an f-string would have kept, in source order.
        unbindable.extend(
            out.spliced
                .iter()
                .filter(|s| !s.safe)
                .map(Spliced::unbindable),
        );
        unbindable.sort_by_key(|u| u.range.start());
        return Err(Refusal::NotBindable(unbindable));
    }
    if quote.is_some() || seen_existing != existing || keeps_safe_value {
        return Err(Refusal::Unsupported);
    }
    Ok(out)
}

/// Whether the SQL before a string's opening quote ends in a prefix of the
/// string (`E`, `N`, `B`, `X`, `U&`, a MySQL introducer such as `_utf8mb4`).
fn prefixed_string(before: &str) -> bool {
    before
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '&')
}

/// The f-string field that reproduces what Python spliced in.
fn fstring_field(value: &Value, source: &dyn Fn(&Value) -> String) -> String {
    let text = source(value);
    // Parentheses only where a character could end or change the field
    // (`!`, `:`, `=`, braces, quotes, a comment, a new line, a bare tuple).
    let simple = !text.contains([
        '!', ':', '=', '{', '}', '\'', '"', '\\', '#', ',', '\n', '\r',
    ]);
    let expr = if simple {
        text.clone()
    } else {
        format!("({text})")
    };
    match value.conversion {
        Conversion::Concatenated | Conversion::Str => expr,
        Conversion::Int => format!("int({text})"),
        Conversion::Repr => format!("{expr}!r"),
        Conversion::Spec => format!("{expr}:{}", value.spec),
    }
}

/// A parameter name for named styles: the value's own name when it is one.
pub fn parameter_name(value: &Value, source: &dyn Fn(&Value) -> String, position: usize) -> String {
    let text = source(value);
    let last = text.rsplit('.').next().unwrap_or(&text);
    if !last.is_empty()
        && last.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !last.starts_with(|c: char| c.is_ascii_digit())
    {
        last.to_owned()
    } else {
        format!("p{position}")
    }
}

enum StringPart<'a> {
    Text(String),
    Value(Value<'a>),
}

fn push_text(parts: &mut Vec<StringPart>, c: char) {
    if let Some(StringPart::Text(text)) = parts.last_mut() {
        text.push(c);
    } else {
        parts.push(StringPart::Text(c.to_string()));
    }
}

fn push_sql_char(sql: &mut String, c: char, style: &Style, driver_ready: bool) {
    sql.push(c);
    if c == '%' && style.paramstyle.doubles_percent() && !driver_ready {
        sql.push('%');
    }
}

/// How many driver placeholders the text of `pieces` holds outside SQL
/// quotes, and whether it holds named or numbered ones (`%(name)s`,
/// `:name`, `?2`, `$1`), which a row cannot simply be extended for.
pub fn count_placeholders(pieces: &[Piece], style: &Style) -> (usize, bool) {
    let mut count = 0;
    let mut named = false;
    let mut quote: Option<char> = None;
    for piece in pieces {
        let Piece::Text(text) = piece else { continue };
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == '\'' || c == '"' => quote = Some(c),
                None => {
                    let next = chars.peek().copied();
                    // Named, or numbered (`?2`, `:1`, `$1`): a row is not simply extended.
                    named |= (c == '%' && next == Some('('))
                        || (c == '?' && next.is_some_and(|n| n.is_ascii_digit()))
                        || (c == ':' && next.is_some_and(|n| n.is_alphanumeric() || n == '_'))
                        || (c == '$' && next.is_some_and(|n| n.is_ascii_digit()));
                    if is_placeholder_start(c, next.as_ref(), style) {
                        count += 1;
                    }
                }
            }
        }
    }
    (count, named)
}

fn is_placeholder_start(c: char, next: Option<&char>, style: &Style) -> bool {
    match style.paramstyle {
        Paramstyle::Qmark => c == '?',
        Paramstyle::Format | Paramstyle::Pyformat => c == '%' && next == Some(&'s'),
        Paramstyle::Numeric | Paramstyle::Named => {
            c == ':' && next.is_some_and(|n| n.is_ascii_alphanumeric())
        }
        Paramstyle::Dollar => c == '$' && next.is_some_and(char::is_ascii_digit),
    }
}

/// The parameter for a value spliced in outside SQL quotes (a number, say).
fn unquoted_param(value: &Value, source: &dyn Fn(&Value) -> String) -> (String, bool) {
    let text = source(value);
    match value.conversion {
        // The SQL held the value's text as a literal: bind the value itself.
        // The same only for a number: a string `"5"` was the SQL number 5
        // and would be bound as the text '5', which an untyped column, an
        // expression or a range comparison in SQLite does not match.
        Conversion::Concatenated | Conversion::Str => {
            let number = matches!(value.expr, crate::parse::Expr::NumberLiteral(_))
                || super::assemble::is_number_call(value.expr);
            (text, number)
        }
        Conversion::Int => (format!("int({text})"), true),
        Conversion::Repr => (text, false),
        Conversion::Spec => (
            format!("format({text}, {})", python_string(&value.spec)),
            false,
        ),
    }
}

/// The parameter for an SQL string literal that held values: the exact
/// text Python spliced between the quotes (wildcards and all).
fn string_param(parts: &[StringPart], source: &dyn Fn(&Value) -> String) -> (String, bool) {
    let mut exact = true;
    let rendered: Vec<String> = parts
        .iter()
        .filter(|part| !matches!(part, StringPart::Text(text) if text.is_empty()))
        .map(|part| match part {
            StringPart::Text(text) => python_string(text),
            StringPart::Value(value) => {
                let text = source(value);
                match value.conversion {
                    Conversion::Concatenated => text,
                    Conversion::Str => format!("str({text})"),
                    Conversion::Int => format!("str(int({text}))"),
                    Conversion::Repr => {
                        exact = false;
                        format!("repr({text})")
                    }
                    Conversion::Spec => format!("format({text}, {})", python_string(&value.spec)),
                }
            }
        })
        .collect();
    match rendered.as_slice() {
        [] => ("\"\"".to_owned(), exact),
        [only] => (only.clone(), exact),
        _ => (rendered.join(" + "), exact),
    }
}

/// Whether a value outside SQL quotes can become a bound parameter: it must
/// follow an operator or keyword that takes a value, and not be glued to an
/// identifier (`tbl_` + suffix) or a qualified name (`schema.` + table).
fn is_bindable_position(
    before: &str,
    after: &str,
    value: &Value,
    source: &dyn Fn(&Value) -> String,
) -> bool {
    if after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        || before.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.')
    {
        return false;
    }
    // `IN (` + ",".join(ids) + `)` splices a list, not a value.
    if source(value).contains(".join(") {
        return false;
    }
    let upper = before.trim_end().to_ascii_uppercase();
    const OPERATORS: &[&str] = &["=", "<", ">", "(", ",", "+", "-", "*", "/", "%"];
    const KEYWORDS: &[&str] = &[
        "LIKE", "IN", "BETWEEN", "LIMIT", "OFFSET", "VALUES", "THEN", "ELSE", "WHEN", "IS",
        "ILIKE", "GLOB", "REGEXP", "SELECT", "RETURN",
    ];
    if OPERATORS.iter().any(|op| upper.ends_with(op)) {
        // `ORDER BY x, ` + column: a list of identifiers, not values.
        return !(upper.ends_with(',')
            && clause_before(&upper).is_some_and(|clause| {
                matches!(clause, "ORDER BY" | "GROUP BY" | "SELECT" | "FROM")
            }));
    }
    let last_word = upper
        .rsplit(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .next()
        .unwrap_or("");
    if last_word == "AND" {
        // `BETWEEN ? AND` + value.
        let before_and = &upper[..upper.len() - 3];
        return before_and
            .rsplit("BETWEEN")
            .next()
            .is_some_and(|tail| upper.contains("BETWEEN") && !tail.contains(" AND "));
    }
    KEYWORDS.contains(&last_word)
}

/// The last clause keyword in `upper` SQL text.
fn clause_before(upper: &str) -> Option<&'static str> {
    const CLAUSES: &[&str] = &[
        "ORDER BY", "GROUP BY", "SELECT", "FROM", "WHERE", "VALUES", "SET", "HAVING", "IN",
    ];
    CLAUSES
        .iter()
        .filter_map(|clause| upper.rfind(clause).map(|at| (at, *clause)))
        .max_by_key(|(at, _)| *at)
        .map(|(_, clause)| clause)
}
