//! Taking an SQL-building expression apart into literal text and the
//! values spliced into it: `+`, `%` formatting, `str.format`, f-strings and
//! implicit concatenation, with module-level string constants as text.

use std::borrow::Cow;
use std::collections::HashSet;

use rustc_hash::FxHashMap;

use crate::parse::{Expr, Ranged, TextSize, ast};

/// How a value was turned into text in the original expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conversion {
    /// Concatenated with `+`: the value is already a `str`.
    Concatenated,
    /// `str(x)`, `{x}`, `%s`, `{}`: its `str()`.
    Str,
    /// `%d`, `%i`: `int(x)` rendered.
    Int,
    /// `{x!r}`, `%r`: `repr(x)` — the quotes come from Python, not SQL.
    Repr,
    /// A format spec (`{x:.2f}`, `%.2f`): `format(x, spec)`.
    Spec,
}

/// One value spliced into the SQL.
#[derive(Debug, Clone)]
pub struct Value<'a> {
    pub expr: &'a Expr,
    pub conversion: Conversion,
    /// The format spec, for `Conversion::Spec`.
    pub spec: String,
    /// Attribute and item access a `str.format` field applies to the
    /// argument (`{0.name}` → `.name`, `{0[id]}` → `["id"]`), as Python code.
    pub accessor: String,
    /// The value as Python code when it is not `expr` itself: `{name}` of
    /// `.format(**locals())` is the local variable `name`.
    pub written_as: Option<String>,
    /// The key of a `%(key)s` placeholder filled from a mapping variable
    /// (`"… %(city)s" % params`): the value is `params["city"]`.
    pub key: Option<String>,
    /// Proven unable to carry SQL of an attacker's choosing: an integer, a
    /// value from a quoting helper, a placeholder list built from literals
    /// (see [`proven_safe`]). Never bound, never a finding.
    pub safe: bool,
    /// Escaped to sit inside an SQL string literal (see [`escapes_for_sql`]):
    /// bound as it is, the parameter would keep the escaping.
    pub escaped: bool,
}

#[derive(Debug, Clone)]
pub enum Piece<'a> {
    Text(String),
    Value(Value<'a>),
}

/// How the expression assembled the SQL (for messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assembly {
    Concatenation,
    PercentFormat,
    StrFormat,
    FString,
    Replace,
}

impl Assembly {
    pub fn describe(self) -> &'static str {
        match self {
            Assembly::Concatenation => "string concatenation",
            Assembly::PercentFormat => "`%` formatting",
            Assembly::StrFormat => "`str.format`",
            Assembly::FString => "an f-string",
            Assembly::Replace => "`str.replace`",
        }
    }
}

/// What the rule knows for certain about names in the module.
#[derive(Debug, Default, Clone)]
pub struct Constants {
    /// Module-level names bound once to a string literal, with their text.
    pub strings: FxHashMap<String, String>,
    /// Module-level names bound once to an integer literal, or to a tuple
    /// or list of literals (`FUNCTIONS = ("a", "b")`).
    pub safe_names: HashSet<String>,
    /// Reads of a function's locals (by their start) that every reaching
    /// write binds to literals only (`for table in ("wiki", "ticket")`), or
    /// to values proven safe (`where = "%s AND id = %d" % (where, n)`).
    pub literal_reads: HashSet<TextSize>,
    /// Reads of locals every write of which doubles `"`
    /// (`ident = name.replace('"', '""')`).
    pub doubled_reads: HashSet<TextSize>,
    /// Reads of locals every write of which is a quoted identifier
    /// (`ident = '"%s"' % name.replace('"', '""')`).
    pub quoted_reads: HashSet<TextSize>,
    /// Names of functions and methods whose result is a quoted identifier or
    /// literal (`quote_identifier`, `db.quote`, …): safe to splice.
    pub quoting: Vec<String>,
    /// Names of project functions whose result is text escaped for an SQL
    /// string (ckanext-xloader's `literal_string`).
    pub escaping: Vec<String>,
    /// The module's one driver family reads `"…"` as an identifier, with
    /// no backslash escape in it (not MySQL): a value whose `"` are doubled
    /// cannot leave a `"…"` it is spliced into.
    pub double_quotes_identify: bool,
    /// The module's one driver reads `'…'` as standard SQL, with no
    /// backslash escape in it (SQLite, PostgreSQL, SQL Server, Oracle; not
    /// MySQL, and not SQLAlchemy or Django, whose database may be MySQL): a
    /// value whose `'` are doubled cannot leave a `'…'` it is spliced into.
    pub standard_strings: bool,
    /// `self.X` attributes assigned once in the module, to a value whose
    /// `"` are doubled (`self.tablename = tablename.replace('"', '""')`).
    pub doubled_attributes: HashSet<String>,
    /// `self.X` attributes assigned once to a whole quoted identifier
    /// (`'"%s"' % name.replace('"', '""')`).
    pub quoted_attributes: HashSet<String>,
    /// Reads (by their start) of a name in `strings` or `safe_names` that
    /// see another binding of it: a parameter or local named like a module
    /// constant is not that constant.
    pub shadowed_reads: HashSet<TextSize>,
    /// Reads of locals every write of which escapes text for an SQL string
    /// (`path = dbpath.replace("'", "''")`).
    pub escaped_reads: HashSet<TextSize>,
}

impl Constants {
    /// The text of the string constant `name` reads.
    pub fn string(&self, name: &ast::ExprName) -> Option<&str> {
        if self.shadowed_reads.contains(&name.start()) {
            return None;
        }
        self.strings.get(name.id.as_str()).map(String::as_str)
    }

    /// Whether `name` reads an integer or literal-data constant.
    pub fn is_safe_name(&self, name: &ast::ExprName) -> bool {
        !self.shadowed_reads.contains(&name.start()) && self.safe_names.contains(name.id.as_str())
    }

    /// Whether `name` reads a constant: a string, an integer or literal data.
    pub fn is_constant(&self, name: &ast::ExprName) -> bool {
        self.string(name).is_some() || self.is_safe_name(name)
    }
}

use crate::model::quoting::QUOTING_FUNCTIONS;

/// The result of taking an expression apart.
pub enum Decomposed<'a> {
    /// No value that could carry SQL reaches it: text, and values proven safe.
    Constant { pieces: Vec<Piece<'a>> },
    /// Text and values, fully understood.
    Pieces {
        pieces: Vec<Piece<'a>>,
        assembly: Assembly,
    },
    /// Values are spliced in, but not in a way remedy can rewrite.
    Opaque { assembly: Assembly },
    /// Not SQL assembly at all (a call, a plain variable).
    Unknown,
}

pub fn decompose<'a>(expr: &'a Expr, constants: &Constants) -> Decomposed<'a> {
    // `"…" + b"…"` raises `TypeError` before any SQL runs: not SQL assembly.
    if adds_bytes(expr) {
        return Decomposed::Unknown;
    }
    let mut pieces = Vec::new();
    let mut assembly = None;
    match collect(expr, constants, &mut pieces, &mut assembly) {
        Ok(()) => {
            let pieces = merge_text(settle(pieces, constants));
            let pieces = settle_quoted_identifiers(pieces, constants);
            if pieces
                .iter()
                .all(|p| matches!(p, Piece::Text(_)) || matches!(p, Piece::Value(v) if v.safe))
            {
                return Decomposed::Constant { pieces };
            }
            match assembly {
                Some(assembly) => Decomposed::Pieces { pieces, assembly },
                None => Decomposed::Unknown,
            }
        }
        Err(Some(assembly)) => Decomposed::Opaque { assembly },
        Err(None) => Decomposed::Unknown,
    }
}

/// Whether a `+` chain has a bytes literal among its operands.
fn adds_bytes(expr: &Expr) -> bool {
    match expr {
        Expr::BytesLiteral(_) => true,
        Expr::BinOp(binop) if binop.op == ast::Operator::Add => {
            adds_bytes(&binop.left) || adds_bytes(&binop.right)
        }
        _ => false,
    }
}

/// Literal values become text (`"… %s" % "x"`: the SQL holds `x`), and every
/// other value learns whether it is proven safe.
fn settle<'a>(pieces: Vec<Piece<'a>>, constants: &Constants) -> Vec<Piece<'a>> {
    pieces
        .into_iter()
        .map(|piece| match piece {
            Piece::Value(mut value) => {
                let plain = value.accessor.is_empty() && value.written_as.is_none();
                if plain
                    && matches!(value.conversion, Conversion::Concatenated | Conversion::Str)
                    && let Some(text) = literal_text(value.expr, constants)
                {
                    return Piece::Text(text);
                }
                if plain
                    && matches!(value.conversion, Conversion::Str | Conversion::Int)
                    && let Some(digits) = decimal_literal(value.expr)
                {
                    return Piece::Text(digits);
                }
                value.safe = value.written_as.is_none()
                    && (numeric_conversion(&value)
                        || (value.accessor.is_empty() && proven_safe(value.expr, constants)));
                value.escaped = escapes_for_sql(value.expr, constants);
                Piece::Value(value)
            }
            text => text,
        })
        .collect()
}

/// The quote-doubling idiom: a value whose `"` are doubled
/// (`name.replace('"', '""')`, or `self.X` assigned once to that) spliced
/// inside a `"…"` of the SQL, or a whole quoted identifier
/// (`'"%s"' % name.replace('"', '""')`) spliced outside any quote, cannot
/// end the identifier: proven safe where `"…"` is an identifier without
/// backslash escapes (not MySQL).
fn settle_quoted_identifiers<'a>(
    mut pieces: Vec<Piece<'a>>,
    constants: &Constants,
) -> Vec<Piece<'a>> {
    if !constants.double_quotes_identify && !constants.standard_strings {
        return pieces;
    }
    let mut quote: Option<char> = None;
    // PostgreSQL's `E'…'` reads backslash escapes.
    let mut escape_string = false;
    let mut previous: [char; 2] = [' ', ' '];
    for piece in &mut pieces {
        match piece {
            Piece::Text(text) => {
                for c in text.chars() {
                    match quote {
                        Some(open) if c == open => quote = None,
                        Some(_) => {}
                        None if matches!(c, '\'' | '"' | '`') => {
                            quote = Some(c);
                            escape_string = matches!(previous[1], 'E' | 'e')
                                && !(previous[0].is_alphanumeric() || previous[0] == '_');
                        }
                        None => {}
                    }
                    previous = [previous[1], c];
                }
            }
            Piece::Value(value) => {
                // What the value ends with is unknown: a quote right after
                // it may open an `E'…'`.
                previous = [' ', 'E'];
                if value.safe
                    || !value.accessor.is_empty()
                    || value.written_as.is_some()
                    || !matches!(value.conversion, Conversion::Concatenated | Conversion::Str)
                {
                    continue;
                }
                value.safe = match quote {
                    Some('"') => {
                        constants.double_quotes_identify && doubles_quotes(value.expr, constants)
                    }
                    Some('\'') => {
                        constants.standard_strings
                            && !escape_string
                            && doubles_single_quotes(value.expr)
                    }
                    None => {
                        constants.double_quotes_identify && quoted_identifier(value.expr, constants)
                    }
                    _ => false,
                };
            }
        }
    }
    pieces
}

/// `self.X` as the attribute name `X`.
fn self_attribute(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Attribute(attribute) if matches!(&*attribute.value, Expr::Name(n) if n.id.as_str() == "self") => {
            Some(attribute.attr.id.as_str())
        }
        _ => None,
    }
}

/// `x.replace('"', '""')`, or a `self.X` or a local assigned only such values.
pub fn doubles_quotes(expr: &Expr, constants: &Constants) -> bool {
    if let Some(attribute) = self_attribute(expr) {
        return constants.doubled_attributes.contains(attribute);
    }
    if let Expr::Name(name) = expr {
        return constants.doubled_reads.contains(&name.start());
    }
    replaces(expr).is_some_and(|(from, to)| from == "\"" && to == "\"\"")
}

/// `x.replace("'", "''")`: a standard SQL string's quote doubling.
fn doubles_single_quotes(expr: &Expr) -> bool {
    replaces(expr).is_some_and(|(from, to)| from == "'" && to == "''")
}

/// `x.replace(from, to)` with literal arguments: `from` and `to`.
fn replaces(expr: &Expr) -> Option<(Cow<'_, str>, Cow<'_, str>)> {
    crate::model::quoting::replacement(expr).map(|(_, from, to)| (from, to))
}

/// Text escaped to sit inside an SQL string literal: a `replace` of a
/// quote or backslash (`x.replace("'", "''")`, `x.replace("\\", "\\\\")`), an
/// `escape…` function's result (`conn.escape_string(x)`), `str()` of one,
/// or a local every write of which is one. Bound as a parameter, it would
/// keep its escaping: `O'Brien` would arrive as `O''Brien`.
pub fn escapes_for_sql(expr: &Expr, constants: &Constants) -> bool {
    match expr {
        Expr::Name(name) => constants.escaped_reads.contains(&name.start()),
        Expr::Call(call) => {
            if let Some((from, _)) = replaces(expr) {
                return from.contains(['\'', '"', '\\'])
                    || escapes_for_sql(receiver(call), constants);
            }
            let name = match &*call.func {
                Expr::Name(name) => name.id.as_str(),
                Expr::Attribute(attribute) => attribute.attr.id.as_str(),
                _ => return false,
            };
            match (name, &call.arguments.args[..]) {
                ("str", [only]) => escapes_for_sql(only, constants),
                (name, _) => {
                    name.trim_start_matches('_').starts_with("escape")
                        || constants.escaping.iter().any(|escaping| escaping == name)
                }
            }
        }
        _ => false,
    }
}

/// The object a method is called on.
fn receiver(call: &ast::ExprCall) -> &Expr {
    match &*call.func {
        Expr::Attribute(attribute) => &attribute.value,
        other => other,
    }
}

/// `'"%s"' % x.replace('"', '""')` or `'"' + x.replace('"', '""') + '"'`,
/// or a `self.X` or a local assigned only such values.
pub fn quoted_identifier(expr: &Expr, constants: &Constants) -> bool {
    if let Some(attribute) = self_attribute(expr) {
        return constants.quoted_attributes.contains(attribute);
    }
    if let Expr::Name(name) = expr {
        return constants.quoted_reads.contains(&name.start());
    }
    let Expr::BinOp(binop) = expr else {
        return false;
    };
    match binop.op {
        ast::Operator::Mod => {
            matches!(&*binop.left, Expr::StringLiteral(template) if template.value.to_str() == "\"%s\"")
                && match &*binop.right {
                    Expr::Tuple(tuple) => {
                        matches!(&tuple.elts[..], [only] if doubles_quotes(only, constants))
                    }
                    single => doubles_quotes(single, constants),
                }
        }
        ast::Operator::Add => {
            let Expr::BinOp(inner) = &*binop.left else {
                return false;
            };
            inner.op == ast::Operator::Add
                && matches!(&*inner.left, Expr::StringLiteral(open) if open.value.to_str() == "\"")
                && doubles_quotes(&inner.right, constants)
                && matches!(&*binop.right, Expr::StringLiteral(close) if close.value.to_str() == "\"")
        }
        _ => false,
    }
}

impl Value<'_> {
    /// A proven-safe value that must stay spliced in as it is: a quoted
    /// name, a placeholder list, a constant. (A number may still be bound
    /// where SQL takes a value: it means the same there.)
    pub fn stays_spliced(&self) -> bool {
        self.safe && !numeric_conversion(self) && !is_number_call(self.expr)
    }
}

/// `int(x)`, `len(x)`.
pub(super) fn is_number_call(expr: &Expr) -> bool {
    matches!(expr, Expr::Call(call) if matches!(&*call.func, Expr::Name(n) if matches!(n.id.as_str(), "int" | "len")))
}

/// `%d`, `%.2f`, `{:d}`: Python renders a number or raises.
fn numeric_conversion(value: &Value) -> bool {
    match value.conversion {
        Conversion::Int => true,
        Conversion::Spec => value
            .spec
            .chars()
            .last()
            .is_some_and(|kind| "dieEfFgGxXob%".contains(kind)),
        _ => false,
    }
}

/// A non-negative decimal integer literal's text.
fn decimal_literal(expr: &Expr) -> Option<String> {
    let Expr::NumberLiteral(number) = expr else {
        return None;
    };
    let ast::Number::Int(int) = &number.value else {
        return None;
    };
    let text = int.to_string();
    text.chars().all(|c| c.is_ascii_digit()).then_some(text)
}

/// Whether `expr` is proven unable to carry SQL of an attacker's choosing:
/// literals and module constants, `int(…)`/`len(…)`, a quoting helper's
/// result, a literal formatted or concatenated with such values, a list of placeholders joined from literals
/// (`",".join(["?"] * n)`, `", ".join("%s" for _ in xs)`), or a choice
/// between such values.
pub fn proven_safe(expr: &Expr, constants: &Constants) -> bool {
    match expr {
        Expr::StringLiteral(_)
        | Expr::NumberLiteral(_)
        | Expr::BooleanLiteral(_)
        | Expr::NoneLiteral(_) => true,
        Expr::Name(name) => {
            constants.is_constant(name) || constants.literal_reads.contains(&name.start())
        }
        // Every field proven safe: `f"{quote_identifier(t)}.{quote_identifier(c)}"`.
        Expr::FString(fstring) => crate::parse::fstring::every_field(fstring, |field| {
            field.format_spec.is_none() && proven_safe(&field.expression, constants)
        }),
        // `"… {} …".format(…)` of a literal, every argument proven safe.
        Expr::Call(call) if matches!(&*call.func, Expr::Attribute(a) if a.attr.id.as_str() == "format" && literal_text(&a.value, constants).is_some()) => {
            call.arguments
                .args
                .iter()
                .all(|arg| proven_safe(arg, constants))
                && call
                    .arguments
                    .keywords
                    .iter()
                    .all(|keyword| keyword.arg.is_some() && proven_safe(&keyword.value, constants))
        }
        // `"MODIFY %s mediumtext" % quote(col)`: a literal formatted with
        // proven-safe values, or with numbers where it converts them
        // (`"… qm.user_id = %d" % (where, request.user.id)`, tendenci's
        // helpdesk: `%d` renders digits or raises).
        Expr::BinOp(binop) if binop.op == ast::Operator::Mod => {
            let Some(template) = literal_text(&binop.left, constants) else {
                return false;
            };
            let every_value_safe = match &*binop.right {
                Expr::Tuple(tuple) => tuple.elts.iter().all(|e| proven_safe(e, constants)),
                other => proven_safe(other, constants),
            };
            every_value_safe || {
                let mut pieces = Vec::new();
                percent_format(&template, &binop.right, &mut pieces).is_some()
                    && pieces.iter().all(|piece| match piece {
                        Piece::Text(_) => true,
                        Piece::Value(value) => {
                            numeric_conversion(value) || proven_safe(value.expr, constants)
                        }
                    })
            }
        }
        // `'"' + quote(c) + '"'`: text joined with proven-safe values (not
        // arithmetic, `1 + 2`, which is a value to bind where SQL takes one).
        Expr::BinOp(binop) if binop.op == ast::Operator::Add => {
            let text = |e: &Expr| {
                literal_text(e, constants).is_some()
                    || matches!(e, Expr::BinOp(inner) if inner.op == ast::Operator::Add)
            };
            (text(&binop.left) || text(&binop.right))
                && proven_safe(&binop.left, constants)
                && proven_safe(&binop.right, constants)
        }
        Expr::If(choice) => {
            proven_safe(&choice.body, constants) && proven_safe(&choice.orelse, constants)
        }
        Expr::UnaryOp(unary) if unary.op == ast::UnaryOp::USub => {
            matches!(&*unary.operand, Expr::NumberLiteral(_))
        }
        Expr::Call(call) => {
            let name = match &*call.func {
                Expr::Name(name) => name.id.as_str(),
                Expr::Attribute(attribute) => attribute.attr.id.as_str(),
                _ => return false,
            };
            match (&*call.func, name) {
                (Expr::Name(_), "int" | "len") => true,
                (_, "token_hex") => true,
                // `re.sub(r"[^a-zA-Z0-9_]", "", table)` (fastapi-sqlite-ui):
                // letters, digits and `_` are all that is left.
                (Expr::Attribute(attribute), "sub") if matches!(&*attribute.value, Expr::Name(module) if module.id.as_str() == "re") => {
                    strips_to_word_characters(call)
                }
                (Expr::Name(_), "str") => {
                    call.arguments.keywords.is_empty()
                        && matches!(&call.arguments.args[..], [only] if proven_safe(only, constants))
                }
                (Expr::Attribute(attribute), "join") => {
                    literal_text(&attribute.value, constants).is_some()
                        && call.arguments.keywords.is_empty()
                        && matches!(&call.arguments.args[..], [only] if literal_items(only, constants))
                }
                // `_escape_identifier` (trytond): a module's private copy of
                // a quoting helper's name.
                (_, name) => {
                    QUOTING_FUNCTIONS.contains(&name.trim_start_matches('_'))
                        || constants.quoting.iter().any(|q| q == name)
                }
            }
        }
        _ => false,
    }
}

/// `re.sub(PATTERN, "", value)` with a literal pattern that matches every
/// character but ASCII letters, digits and `_` (`[^a-zA-Z0-9_]`,
/// `[^A-Za-z0-9_]+`, `[^\w]`): what is left cannot end a name, quote or
/// start a comment. A `count` would leave some characters: not proven.
fn strips_to_word_characters(call: &ast::ExprCall) -> bool {
    let [
        Expr::StringLiteral(pattern),
        Expr::StringLiteral(replacement),
        _,
    ] = &call.arguments.args[..]
    else {
        return false;
    };
    if !replacement.value.to_str().is_empty()
        || call.arguments.keywords.iter().any(|keyword| {
            keyword
                .arg
                .as_ref()
                .is_none_or(|arg| arg.as_str() != "flags")
        })
    {
        return false;
    }
    let pattern = pattern.value.to_str();
    let Some(class) = pattern
        .strip_prefix("[^")
        .and_then(|rest| rest.strip_suffix("]+").or_else(|| rest.strip_suffix(']')))
    else {
        return false;
    };
    let chars: Vec<char> = class.chars().collect();
    let mut at = 0;
    while at < chars.len() {
        match chars[at] {
            '\\' if matches!(chars.get(at + 1), Some('w' | 'd')) => at += 2,
            first if chars.get(at + 1) == Some(&'-') && at + 2 < chars.len() => {
                let last = chars[at + 2];
                let within = |low: char, high: char| {
                    (low..=high).contains(&first) && (low..=high).contains(&last)
                };
                if first > last || !(within('a', 'z') || within('A', 'Z') || within('0', '9')) {
                    return false;
                }
                at += 3;
            }
            single if single.is_ascii_alphanumeric() || single == '_' => at += 1,
            _ => return false,
        }
    }
    !chars.is_empty()
}

/// An iterable whose items are all literals: `["?"] * n`, `("%s",) * n`,
/// `"?" * n`, `["?" for _ in xs]`, `("%s" for _ in xs)`, `["?", "?"]`.
pub fn literal_items(expr: &Expr, constants: &Constants) -> bool {
    match expr {
        Expr::BinOp(binop) if binop.op == ast::Operator::Mult => {
            literal_items(&binop.left, constants) || literal_items(&binop.right, constants)
        }
        Expr::List(list) => list
            .elts
            .iter()
            .all(|e| literal_text(e, constants).is_some()),
        Expr::Tuple(tuple) => tuple
            .elts
            .iter()
            .all(|e| literal_text(e, constants).is_some()),
        Expr::StringLiteral(_) => true,
        Expr::Name(name) => {
            constants.is_safe_name(name) || constants.literal_reads.contains(&name.start())
        }
        Expr::ListComp(comp) => proven_safe(&comp.elt, constants),
        Expr::Generator(generator) => proven_safe(&generator.elt, constants),
        _ => false,
    }
}

fn merge_text(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut merged: Vec<Piece> = Vec::with_capacity(pieces.len());
    for piece in pieces {
        match (merged.last_mut(), piece) {
            (Some(Piece::Text(last)), Piece::Text(text)) => last.push_str(&text),
            (_, piece) => merged.push(piece),
        }
    }
    merged
}

/// Whether an expression is a string literal (or module string constant),
/// possibly stripped (`"""…""".strip()`): its text.
pub fn literal_text(expr: &Expr, constants: &Constants) -> Option<String> {
    match expr {
        Expr::StringLiteral(string) => Some(string.value.to_str().to_owned()),
        Expr::Name(name) => constants.string(name).map(str::to_owned),
        Expr::Call(call) if call.arguments.is_empty() => {
            let Expr::Attribute(attribute) = &*call.func else {
                return None;
            };
            let text = literal_text(&attribute.value, constants)?;
            let stripped = match attribute.attr.id.as_str() {
                "strip" => text.trim_matches(python_space),
                "lstrip" => text.trim_start_matches(python_space),
                "rstrip" => text.trim_end_matches(python_space),
                _ => return None,
            };
            Some(stripped.to_owned())
        }
        _ => None,
    }
}

/// Python's `str.isspace` for one character (what `str.strip()` removes).
fn python_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// `Err(Some(_))`: SQL assembly remedy cannot take apart; `Err(None)`: no assembly here.
fn collect<'a>(
    expr: &'a Expr,
    constants: &Constants,
    pieces: &mut Vec<Piece<'a>>,
    assembly: &mut Option<Assembly>,
) -> Result<(), Option<Assembly>> {
    if let Some(text) = literal_text(expr, constants) {
        pieces.push(Piece::Text(text));
        return Ok(());
    }
    match expr {
        Expr::BinOp(binop) if binop.op == ast::Operator::Add => {
            let seen_text =
                is_textual(&binop.left, constants) || is_textual(&binop.right, constants);
            if !seen_text {
                return Err(None);
            }
            assembly.get_or_insert(Assembly::Concatenation);
            for side in [&*binop.left, &*binop.right] {
                if is_textual(side, constants) {
                    collect(side, constants, pieces, assembly)
                        .map_err(|_| Some(Assembly::Concatenation))?;
                } else {
                    pieces.push(Piece::Value(concatenated_value(side)));
                }
            }
            Ok(())
        }
        Expr::BinOp(binop) if binop.op == ast::Operator::Mod => {
            let Some(template) = literal_text(&binop.left, constants) else {
                return Err(None);
            };
            assembly.get_or_insert(Assembly::PercentFormat);
            percent_format(&template, &binop.right, pieces).ok_or(Some(Assembly::PercentFormat))
        }
        Expr::Call(call) => {
            let Expr::Attribute(attribute) = &*call.func else {
                return Err(None);
            };
            if attribute.attr.id.as_str() == "replace" {
                return replace(call, &attribute.value, constants, pieces, assembly);
            }
            if attribute.attr.id.as_str() != "format" {
                return Err(None);
            }
            let Some(template) = literal_text(&attribute.value, constants) else {
                return Err(None);
            };
            assembly.get_or_insert(Assembly::StrFormat);
            str_format(&template, call, pieces).ok_or(Some(Assembly::StrFormat))
        }
        Expr::FString(fstring) => {
            assembly.get_or_insert(Assembly::FString);
            for part in fstring.value.iter() {
                match part {
                    ast::FStringPart::Literal(literal) => {
                        pieces.push(Piece::Text(literal.value.to_string()))
                    }
                    ast::FStringPart::FString(inner) => {
                        f_string_elements(&inner.elements, pieces)
                            .ok_or(Some(Assembly::FString))?;
                    }
                }
            }
            Ok(())
        }
        _ => Err(None),
    }
}

/// `"… '[V]' …".replace("[V]", x)` on a literal template: every occurrence
/// of the marker is the value. A replace applied to text that already holds
/// values (`.replace(…).replace(…)`) would rewrite them too: not taken apart.
fn replace<'a>(
    call: &'a ast::ExprCall,
    receiver: &'a Expr,
    constants: &Constants,
    pieces: &mut Vec<Piece<'a>>,
    assembly: &mut Option<Assembly>,
) -> Result<(), Option<Assembly>> {
    let Some(template) = literal_text(receiver, constants) else {
        let chained = matches!(receiver, Expr::Call(inner) if matches!(&*inner.func, Expr::Attribute(a) if a.attr.id.as_str() == "replace"))
            && is_textual(receiver, constants);
        return Err(chained.then_some(Assembly::Replace));
    };
    let ([old, new], []) = (&call.arguments.args[..], &call.arguments.keywords[..]) else {
        return Err(None);
    };
    let Some(marker) = literal_text(old, constants).filter(|m| !m.is_empty()) else {
        return Err(None);
    };
    if matches!(new, Expr::Starred(_)) {
        return Err(None);
    }
    assembly.get_or_insert(Assembly::Replace);
    let mut parts = template.split(marker.as_str());
    pieces.push(Piece::Text(parts.next().unwrap_or_default().to_owned()));
    for part in parts {
        pieces.push(Piece::Value(concatenated_value(new)));
        pieces.push(Piece::Text(part.to_owned()));
    }
    Ok(())
}

/// Whether an expression produces SQL text remedy can read (a literal or assembly of literals).
fn is_textual(expr: &Expr, constants: &Constants) -> bool {
    if literal_text(expr, constants).is_some() {
        return true;
    }
    match expr {
        Expr::StringLiteral(_) | Expr::FString(_) => true,
        Expr::Name(name) => constants.string(name).is_some(),
        Expr::BinOp(binop) if binop.op == ast::Operator::Add => {
            is_textual(&binop.left, constants) || is_textual(&binop.right, constants)
        }
        Expr::BinOp(binop) if binop.op == ast::Operator::Mod => {
            literal_text(&binop.left, constants).is_some()
        }
        Expr::Call(call) => match &*call.func {
            Expr::Attribute(a) if a.attr.id.as_str() == "format" => {
                literal_text(&a.value, constants).is_some()
            }
            Expr::Attribute(a) if a.attr.id.as_str() == "replace" => {
                is_textual(&a.value, constants)
            }
            _ => false,
        },
        _ => false,
    }
}

pub fn concatenated_value(expr: &Expr) -> Value<'_> {
    // `str(x)` keeps the value's text; remember it so a numeric context can bind `x` itself.
    if let Expr::Call(call) = expr
        && matches!(&*call.func, Expr::Name(name) if name.id.as_str() == "str")
        && call.arguments.args.len() == 1
        && call.arguments.keywords.is_empty()
    {
        return Value {
            expr: &call.arguments.args[0],
            conversion: Conversion::Str,
            spec: String::new(),
            accessor: String::new(),
            written_as: None,
            key: None,
            safe: false,
            escaped: false,
        };
    }
    Value {
        expr,
        conversion: Conversion::Concatenated,
        spec: String::new(),
        accessor: String::new(),
        written_as: None,
        key: None,
        safe: false,
        escaped: false,
    }
}

fn f_string_elements<'a>(
    elements: &'a ast::InterpolatedStringElements,
    pieces: &mut Vec<Piece<'a>>,
) -> Option<()> {
    for element in elements.iter() {
        match element {
            ast::InterpolatedStringElement::Literal(literal) => {
                pieces.push(Piece::Text(literal.value.to_string()))
            }
            ast::InterpolatedStringElement::Interpolation(interpolation) => {
                if interpolation.debug_text.is_some() {
                    return None;
                }
                let spec = match &interpolation.format_spec {
                    None => String::new(),
                    Some(spec) => {
                        // Only constant specs: `{x:.2f}`, not `{x:{width}}`.
                        let mut text = String::new();
                        for part in spec.elements.iter() {
                            match part {
                                ast::InterpolatedStringElement::Literal(literal) => {
                                    text.push_str(&literal.value)
                                }
                                ast::InterpolatedStringElement::Interpolation(_) => return None,
                            }
                        }
                        text
                    }
                };
                let conversion = match interpolation.conversion {
                    ast::ConversionFlag::Repr | ast::ConversionFlag::Ascii => Conversion::Repr,
                    _ if !spec.is_empty() => Conversion::Spec,
                    _ => Conversion::Str,
                };
                pieces.push(Piece::Value(Value {
                    expr: &interpolation.expression,
                    conversion,
                    spec,
                    accessor: String::new(),
                    written_as: None,
                    key: None,
                    safe: false,
                    escaped: false,
                }));
            }
        }
    }
    Some(())
}

/// `"... %s ... %(name)s ..." % values`.
fn percent_format<'a>(template: &str, values: &'a Expr, pieces: &mut Vec<Piece<'a>>) -> Option<()> {
    // `"… %(city)s …" % params`: a mapping held in a name; each key is `params["key"]`.
    let mapping = (matches!(values, Expr::Name(_) | Expr::Attribute(_))
        && template.replace("%%", "").contains("%("))
    .then_some(values);
    let positional: Vec<&Expr> = match values {
        _ if mapping.is_some() => Vec::new(),
        Expr::Tuple(tuple) => tuple.elts.iter().collect(),
        Expr::Dict(_) => Vec::new(),
        // A lone name may hold a tuple at run time: only one `%s` makes it one value.
        other => vec![other],
    };
    let named: FxHashMap<String, &Expr> = match values {
        Expr::Dict(dict) => dict
            .items
            .iter()
            .map(|item| match &item.key {
                Some(Expr::StringLiteral(key)) => {
                    Some((key.value.to_str().to_owned(), &item.value))
                }
                _ => None,
            })
            .collect::<Option<_>>()?,
        _ => FxHashMap::default(),
    };
    let mut next = 0;
    let mut text = String::new();
    let mut chars = template.chars().peekable();
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
        let mut key = None;
        if chars.peek() == Some(&'(') {
            chars.next();
            let name: String = chars.by_ref().take_while(|&c| c != ')').collect();
            key = Some(name);
        }
        let mut spec = String::new();
        let kind = loop {
            let c = chars.next()?;
            if c.is_ascii_alphabetic() {
                break c;
            }
            spec.push(c);
        };
        let mut accessor = String::new();
        let expr = match (&key, mapping) {
            (Some(name), Some(mapping)) => {
                accessor = format!("[{}]", crate::linter::fix::literal::python_string(name));
                mapping
            }
            (Some(name), None) => *named.get(name)?,
            (None, _) => {
                let expr = *positional.get(next)?;
                next += 1;
                expr
            }
        };
        let conversion = match (kind, spec.is_empty()) {
            ('s', true) => Conversion::Str,
            ('d' | 'i', true) => Conversion::Int,
            ('r' | 'a', _) => Conversion::Repr,
            ('s' | 'd' | 'i' | 'f' | 'F' | 'e' | 'E' | 'g' | 'G' | 'x' | 'X' | 'o', _) => {
                Conversion::Spec
            }
            _ => return None,
        };
        pieces.push(Piece::Text(std::mem::take(&mut text)));
        let spec = if conversion == Conversion::Spec {
            format!("{spec}{kind}")
        } else {
            String::new()
        };
        pieces.push(Piece::Value(Value {
            expr,
            conversion,
            spec,
            key: (!accessor.is_empty()).then(|| key.clone()).flatten(),
            accessor,
            written_as: None,
            safe: false,
            escaped: false,
        }));
    }
    if named.is_empty() && mapping.is_none() && next != positional.len() {
        return None;
    }
    pieces.push(Piece::Text(text));
    Some(())
}

/// A `str.format` field name split into the argument (`0`, `user`, empty
/// for automatic numbering) and the access applied to it as Python code:
/// `0.name[id]` → (`0`, `.name["id"]`), `row[2]` → (`row`, `[2]`).
fn split_field_name(field: &str) -> Option<(&str, String)> {
    let end = field.find(['.', '[']).unwrap_or(field.len());
    let (argument, mut rest) = field.split_at(end);
    let mut accessor = String::new();
    while !rest.is_empty() {
        if let Some(after_dot) = rest.strip_prefix('.') {
            let end = after_dot.find(['.', '[']).unwrap_or(after_dot.len());
            let attribute = &after_dot[..end];
            let is_identifier = attribute
                .chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
                && attribute.chars().all(|c| c.is_alphanumeric() || c == '_');
            if !is_identifier {
                return None;
            }
            accessor.push('.');
            accessor.push_str(attribute);
            rest = &after_dot[end..];
        } else if let Some(after_bracket) = rest.strip_prefix('[') {
            let (key, after) = after_bracket.split_once(']')?;
            if key.is_empty() {
                return None;
            }
            if key.chars().all(|c| c.is_ascii_digit()) {
                accessor.push_str(&format!("[{key}]"));
            } else {
                accessor.push_str(&format!(
                    "[{}]",
                    crate::linter::fix::literal::python_string(key)
                ));
            }
            rest = after;
        } else {
            return None;
        }
    }
    Some((argument, accessor))
}

/// `"... {} ... {0} ... {name} ...".format(...)`.
fn str_format<'a>(
    template: &str,
    call: &'a ast::ExprCall,
    pieces: &mut Vec<Piece<'a>>,
) -> Option<()> {
    // `.format(**locals())`: every named field is a local variable of that name.
    let from_locals = match (&call.arguments.args[..], &call.arguments.keywords[..]) {
        ([], [only]) if only.arg.is_none() => match &only.value {
            Expr::Call(locals)
                if matches!(&*locals.func, Expr::Name(n) if n.id.as_str() == "locals")
                    && locals.arguments.is_empty() =>
            {
                Some(&only.value)
            }
            _ => return None,
        },
        _ => None,
    };
    if from_locals.is_none()
        && (call
            .arguments
            .args
            .iter()
            .any(|a| matches!(a, Expr::Starred(_)))
            || call.arguments.keywords.iter().any(|k| k.arg.is_none()))
    {
        return None;
    }
    let mut automatic = 0;
    let mut text = String::new();
    let mut chars = template.chars().peekable();
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
                let field: String = chars.by_ref().take_while(|&c| c != '}').collect();
                let (name_and_conversion, spec) = field.split_once(':').unwrap_or((&field, ""));
                let (name, conversion) = name_and_conversion
                    .split_once('!')
                    .unwrap_or((name_and_conversion, ""));
                if spec.contains('{') {
                    return None;
                }
                let (name, accessor) = split_field_name(name)?;
                let mut written_as = None;
                let expr = if let Some(locals) = from_locals {
                    let is_identifier = name
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_alphabetic() || c == '_');
                    if !is_identifier {
                        return None;
                    }
                    written_as = Some(format!("{name}{accessor}"));
                    locals
                } else if name.is_empty() {
                    let expr = call.arguments.args.get(automatic)?;
                    automatic += 1;
                    expr
                } else if let Ok(index) = name.parse::<usize>() {
                    call.arguments.args.get(index)?
                } else {
                    &call.arguments.find_keyword(name)?.value
                };
                let conversion = match (conversion, spec.is_empty()) {
                    ("r" | "a", _) => Conversion::Repr,
                    ("" | "s", true) => Conversion::Str,
                    ("" | "s", false) => Conversion::Spec,
                    _ => return None,
                };
                if written_as.is_none()
                    && !accessor.is_empty()
                    && !matches!(
                        expr,
                        Expr::Name(_) | Expr::Attribute(_) | Expr::Subscript(_) | Expr::Call(_)
                    )
                {
                    // `(a + b).name` would need parentheses: leave it.
                    return None;
                }
                pieces.push(Piece::Text(std::mem::take(&mut text)));
                pieces.push(Piece::Value(Value {
                    expr,
                    conversion,
                    spec: spec.to_owned(),
                    accessor,
                    written_as,
                    key: None,
                    safe: false,
                    escaped: false,
                }));
            }
            '}' => return None,
            other => text.push(other),
        }
    }
    pieces.push(Piece::Text(text));
    Some(())
}
