//! Identifier and literal quoting helpers: the functions whose result is
//! safe to splice into SQL as it is, and the project functions that only
//! ever return such a result (pgsync's `qname`).
//!
//! ```python
//! def qname(engine, schema, table):
//!     quote = engine.dialect.identifier_preparer.quote_identifier
//!     if schema:
//!         return f"{quote(schema)}.{quote(table)}"
//!     return quote(table)
//! ```

use std::borrow::Cow;

use crate::parse::{Expr, Ranged, Stmt, ast};
use crate::semantic::BindingKind;
use crate::semantic::Semantic;

/// Functions whose result is safe to splice into SQL as it is: identifier
/// and literal quoting helpers of drivers, frameworks and common projects.
pub const QUOTING_FUNCTIONS: &[&str] = &[
    "quote_identifier",
    "quote_ident",
    "quote_name",
    "quote_table",
    "quote_column",
    "quote_literal",
    "escape_sqlite",
    "escape_identifier",
    "quote",
    "Identifier",
    "Literal",
];

/// Whether every value a function returns (`returns`, at least one) is
/// text quoted by a quoting helper: a call of one (through a local alias,
/// `quote = preparer.quote_identifier`, too), or literal text joined with
/// such calls (`f"{quote(schema)}.{quote(table)}"`, `'%s.%s' % (…)`, `+`).
pub fn returns_quoted_text(semantic: &Semantic, returns: &[&Expr]) -> bool {
    !returns.is_empty()
        && returns
            .iter()
            .any(|value| !matches!(value, Expr::StringLiteral(_)))
        && returns.iter().all(|value| quoted_text(semantic, value))
}

/// Whether every value a function returns (`returns`, at least one)
/// escapes text for an SQL string: a `replace` of a quote or backslash
/// somewhere in it (ckanext-xloader's `literal_string(s)`: `"'" +
/// s.replace("'", "''").replace("\0", "") + "'"`). Bound as a parameter,
/// its result would keep its escaping and its quotes.
pub fn returns_escaped_text(returns: &[&Expr]) -> bool {
    struct Escapes(bool);
    impl<'a> crate::parse::Visitor<'a> for Escapes {
        fn visit_expr(&mut self, expr: &'a Expr) {
            if let Expr::Call(call) = expr
                && let Expr::Attribute(method) = &*call.func
                && method.attr.id.as_str() == "replace"
                && let [Expr::StringLiteral(from), _] = &call.arguments.args[..]
                && from.value.to_str().contains(['\'', '"', '\\'])
            {
                self.0 = true;
            }
            crate::parse::visitor::walk_expr(self, expr);
        }
    }
    !returns.is_empty()
        && returns.iter().all(|value| {
            let mut escapes = Escapes(false);
            crate::parse::Visitor::visit_expr(&mut escapes, value);
            escapes.0
        })
}

fn quoted_text(semantic: &Semantic, expr: &Expr) -> bool {
    match expr {
        Expr::StringLiteral(_) => true,
        Expr::Call(call) => quoting_call(semantic, call),
        Expr::FString(fstring) => crate::parse::fstring::every_field(fstring, |field| {
            field.format_spec.is_none()
                && field.conversion == ast::ConversionFlag::None
                && matches!(&*field.expression, Expr::Call(call) if quoting_call(semantic, call))
        }),
        Expr::BinOp(binop) => match binop.op {
            ast::Operator::Add => {
                quoted_text(semantic, &binop.left) && quoted_text(semantic, &binop.right)
            }
            ast::Operator::Mod => {
                matches!(&*binop.left, Expr::StringLiteral(_))
                    && match &*binop.right {
                        Expr::Tuple(tuple) => tuple
                            .elts
                            .iter()
                            .all(|e| matches!(e, Expr::Call(call) if quoting_call(semantic, call))),
                        Expr::Call(call) => quoting_call(semantic, call),
                        _ => false,
                    }
            }
            _ => false,
        },
        _ => false,
    }
}

/// `quote_identifier(x)`, `preparer.quote(x)`, or `quote(x)` where `quote`
/// is a local bound once to such a function (not `urllib`'s or `shlex`'s
/// `quote`, which quote for URLs and shells).
fn quoting_call(semantic: &Semantic, call: &ast::ExprCall) -> bool {
    let name = match &*call.func {
        Expr::Attribute(attribute) => attribute.attr.id.as_str(),
        // A local alias (`quote = preparer.quote_identifier`, Django's
        // `qn = connection.ops.quote_name`) quotes as what it is bound to.
        Expr::Name(name) => match semantic.binding_at(name.id.as_str(), name.start()) {
            Some(binding) if binding.kind == BindingKind::Assignment => match binding.value {
                Some(Expr::Attribute(attribute)) => attribute.attr.id.as_str(),
                _ => return false,
            },
            Some(binding) if binding.kind == BindingKind::Parameter => return false,
            Some(binding) => match binding.kind.qualified_import() {
                // `from psycopg2.extensions import quote_ident as pq_quote_ident`
                // (dramatiq-pg): the imported function itself.
                Some(qualified) => return imports_quoting_function(qualified),
                None => name.id.as_str(),
            },
            None => name.id.as_str(),
        },
        _ => return false,
    };
    if !QUOTING_FUNCTIONS.contains(&name.trim_start_matches('_')) {
        return false;
    }
    !semantic
        .resolve_qualified_name(&call.func)
        .is_some_and(|qualified| qualified.starts_with("urllib") || qualified.starts_with("shlex"))
}

/// Whether an import's qualified name (`psycopg2.extensions.quote_ident`)
/// is a quoting function, not `urllib`'s or `shlex`'s `quote`.
pub fn imports_quoting_function(qualified: &str) -> bool {
    let (module, function) = qualified.rsplit_once('.').unwrap_or(("", qualified));
    QUOTING_FUNCTIONS.contains(&function.trim_start_matches('_'))
        && !module.starts_with("urllib")
        && !module.starts_with("shlex")
}

/// `def q(name): return "<quote>%s<quote>" % name.replace(quote, quote * 2)`
/// (or `quote + … + quote`, or `"<quote>{}<quote>".format(…)`), with an
/// optional docstring first; or the same around the parameter itself (or
/// `f'<quote>{name}<quote>'`), past `if "<quote>" in name: raise …` or a
/// guard that lets only a name through, spaces allowed (sqlite-webpanel's
/// `_safe_identifier`; see [`crate::model::validation`]).
pub fn quotes_its_parameter(semantic: &Semantic, def: &ast::StmtFunctionDef, quote: char) -> bool {
    let mut parameters = def.parameters.iter_non_variadic_params();
    let Some(mut parameter) = parameters.next() else {
        return false;
    };
    if matches!(parameter.name().as_str(), "self" | "cls") {
        let Some(next) = parameters.next() else {
            return false;
        };
        parameter = next;
    }
    let parameter = parameter.name().as_str();
    let statements: Vec<&Stmt> = def
        .body
        .iter()
        .filter(|stmt| !matches!(stmt, Stmt::Expr(e) if e.value.is_string_literal_expr()))
        .collect();
    // `if "`" in string: raise …` first (tap-mysql's `escape`): past it,
    // the parameter holds no quote character to double.
    let is_parameter =
        |expr: &Expr| matches!(expr, Expr::Name(name) if name.id.as_str() == parameter);
    let checks = crate::model::validation::NameChecks {
        inside_quotes: true,
        ..crate::model::validation::NameChecks::without_project(semantic)
    };
    // `escaped = s.replace('"', '""')`, then maybe `if …: escaped =
    // escaped.replace('%', '%%')` (ckanext-xloader's `identifier`): a local
    // holding the doubled parameter.
    let local = match statements.as_slice() {
        [first, rest @ .., _] => doubled_local(first, rest, parameter, quote),
        _ => None,
    };
    let (refuses_quote, last) = match statements.as_slice() {
        [guard, last]
            if refuses_quote_character(guard, parameter, quote)
                || crate::model::validation::is_name_guard(&checks, guard, &is_parameter) =>
        {
            (true, last)
        }
        [last] => (false, last),
        [.., last] if local.is_some() => (false, last),
        _ => return false,
    };
    let Stmt::Return(ast::StmtReturn {
        value: Some(value), ..
    }) = last
    else {
        return false;
    };
    let wrapped = format!("{quote}%s{quote}");
    let formatted = format!("{quote}{{}}{quote}");
    let literal = |expr: &Expr, text: &str| matches!(expr, Expr::StringLiteral(s) if s.value.to_str() == text);
    let doubled = |expr: &Expr| {
        doubles(expr, parameter, quote)
            || (refuses_quote && matches!(expr, Expr::Name(name) if name.id.as_str() == parameter))
            || matches!((expr, local), (Expr::Name(name), Some(local)) if name.id.as_str() == local)
    };
    match &**value {
        Expr::BinOp(binop) if binop.op == ast::Operator::Mod => {
            literal(&binop.left, &wrapped)
                && match &*binop.right {
                    Expr::Tuple(tuple) => matches!(&tuple.elts[..], [only] if doubled(only)),
                    single => doubled(single),
                }
        }
        Expr::BinOp(binop) if binop.op == ast::Operator::Add => {
            let quote = quote.to_string();
            matches!(&*binop.left, Expr::BinOp(inner)
                if inner.op == ast::Operator::Add
                    && literal(&inner.left, &quote)
                    && doubled(&inner.right))
                && literal(&binop.right, &quote)
        }
        Expr::Call(call) => {
            matches!(&*call.func, Expr::Attribute(attribute)
                if attribute.attr.id.as_str() == "format" && literal(&attribute.value, &formatted))
                && call.arguments.keywords.is_empty()
                && matches!(&call.arguments.args[..], [only] if doubled(only))
        }
        Expr::FString(fstring) => {
            let elements: Vec<&ast::InterpolatedStringElement> = fstring.value.elements().collect();
            let quote_text = |element: &ast::InterpolatedStringElement| {
                matches!(element, ast::InterpolatedStringElement::Literal(text)
                    if *text.value == *quote.to_string())
            };
            matches!(&elements[..], [open, ast::InterpolatedStringElement::Interpolation(field), close]
                if quote_text(open)
                    && quote_text(close)
                    && field.format_spec.is_none()
                    && field.conversion == ast::ConversionFlag::None
                    && doubled(&field.expression))
        }
        _ => false,
    }
}

/// `if q in name: raise …` (no `elif`, no `else`).
fn refuses_quote_character(stmt: &Stmt, name: &str, quote: char) -> bool {
    let Stmt::If(choice) = stmt else {
        return false;
    };
    choice.elif_else_clauses.is_empty()
        && matches!(choice.body.last(), Some(Stmt::Raise(_)))
        && matches!(&*choice.test, Expr::Compare(compare)
            if matches!(&compare.ops[..], [ast::CmpOp::In])
                && matches!(&*compare.left, Expr::StringLiteral(q) if q.value.to_str() == quote.to_string())
                && matches!(&compare.comparators[..], [Expr::Name(n)] if n.id.as_str() == name))
}

/// The local `first` binds to the doubled parameter, when `rest` only
/// rewrites it with replacements that bring no quote back, directly or in
/// an `if` without `else`.
fn doubled_local<'a>(
    first: &'a Stmt,
    rest: &[&Stmt],
    parameter: &str,
    quote: char,
) -> Option<&'a str> {
    let Stmt::Assign(assign) = first else {
        return None;
    };
    let [Expr::Name(local)] = &assign.targets[..] else {
        return None;
    };
    let local = local.id.as_str();
    let rewrites = |stmt: &Stmt| {
        matches!(stmt, Stmt::Assign(assign)
            if matches!(&assign.targets[..], [Expr::Name(target)] if target.id.as_str() == local)
                && replaces_keeping_out(&assign.value, local, quote))
    };
    let rest_rewrites = rest.iter().all(|stmt| match stmt {
        Stmt::If(choice) => choice.elif_else_clauses.is_empty() && choice.body.iter().all(rewrites),
        other => rewrites(other),
    });
    (local != parameter && doubles(&assign.value, parameter, quote) && rest_rewrites)
        .then_some(local)
}

/// `local.replace(a, b)…`: replacements of literals, none of which puts
/// `quote` back, on `local`.
fn replaces_keeping_out(expr: &Expr, local: &str, quote: char) -> bool {
    match expr {
        Expr::Name(name) => name.id.as_str() == local,
        _ => replacement(expr).is_some_and(|(receiver, _, to)| {
            !to.contains(quote) && replaces_keeping_out(receiver, local, quote)
        }),
    }
}

/// `receiver.replace(from, to)` of two literal texts.
pub fn replacement(expr: &Expr) -> Option<(&Expr, Cow<'_, str>, Cow<'_, str>)> {
    let Expr::Call(call) = expr else {
        return None;
    };
    let Expr::Attribute(attribute) = &*call.func else {
        return None;
    };
    match &call.arguments.args[..] {
        [from, to]
            if attribute.attr.id.as_str() == "replace" && call.arguments.keywords.is_empty() =>
        {
            Some((&attribute.value, literal_text(from)?, literal_text(to)?))
        }
        _ => None,
    }
}

/// The text a literal expression spells: a string literal, `chr(34)`, or
/// such texts joined with `+` (fastapi-sqlite-ui's `c.replace(chr(34),
/// chr(34) + chr(34))`).
fn literal_text(expr: &Expr) -> Option<Cow<'_, str>> {
    match expr {
        Expr::StringLiteral(literal) => Some(Cow::Borrowed(literal.value.to_str())),
        Expr::Call(call)
            if matches!(&*call.func, Expr::Name(f) if f.id.as_str() == "chr")
                && call.arguments.keywords.is_empty() =>
        {
            let [Expr::NumberLiteral(number)] = &call.arguments.args[..] else {
                return None;
            };
            let code = u32::try_from(number.value.as_int()?.as_usize()?).ok()?;
            Some(Cow::Owned(char::from_u32(code)?.to_string()))
        }
        Expr::BinOp(binop) if binop.op == ast::Operator::Add => {
            let mut text = literal_text(&binop.left)?.into_owned();
            text.push_str(&literal_text(&binop.right)?);
            Some(Cow::Owned(text))
        }
        _ => None,
    }
}

/// `name.replace(q, qq)` or `str(name).replace(q, qq)`, maybe followed by
/// replacements that put no `q` back (`.replace("\0", "")`).
fn doubles(expr: &Expr, name: &str, quote: char) -> bool {
    doubles_exactly(expr, name, quote)
        || replacement(expr)
            .is_some_and(|(receiver, _, to)| !to.contains(quote) && doubles(receiver, name, quote))
}

fn doubles_exactly(expr: &Expr, name: &str, quote: char) -> bool {
    let Some((receiver, from, to)) = replacement(expr) else {
        return false;
    };
    let receiver_is_name = match receiver {
        Expr::Name(receiver) => receiver.id.as_str() == name,
        Expr::Call(str_call) => {
            matches!(&*str_call.func, Expr::Name(f) if f.id.as_str() == "str")
                && matches!(&str_call.arguments.args[..], [Expr::Name(n)] if n.id.as_str() == name)
        }
        _ => false,
    };
    receiver_is_name && from == quote.to_string() && to == format!("{quote}{quote}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_module;

    fn replaced(source: &str) -> Option<(String, String)> {
        let module = parse_module(source).unwrap();
        let Some(Stmt::Expr(statement)) = module.body().first() else {
            return None;
        };
        replacement(&statement.value).map(|(_, from, to)| (from.into_owned(), to.into_owned()))
    }

    #[test]
    fn a_replacement_reads_literals_and_chr_codes() {
        let pair = |from: &str, to: &str| Some((from.to_owned(), to.to_owned()));
        assert_eq!(replaced("c.replace('\"', '\"\"')"), pair("\"", "\"\""));
        assert_eq!(
            replaced("c.replace(chr(34), chr(34) + chr(34))"),
            pair("\"", "\"\"")
        );
        assert_eq!(replaced("c.replace(chr(39), \"''\")"), pair("'", "''"));
        assert_eq!(replaced("c.replace(q, q + q)"), None);
        assert_eq!(replaced("c.replace(chr(n), '')"), None);
    }
}
