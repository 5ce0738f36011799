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

use crate::parse::{Expr, Ranged, ast};
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
        // A local alias (`quote = preparer.quote_identifier`) is named for
        // what it does; other names are not worth resolving.
        Expr::Name(name)
            if !QUOTING_FUNCTIONS.contains(&name.id.as_str().trim_start_matches('_'))
                && !["quot", "escape", "ident"]
                    .iter()
                    .any(|word| name.id.as_str().contains(word)) =>
        {
            return false;
        }
        Expr::Name(name) => match semantic.binding_at(name.id.as_str(), name.start()) {
            Some(binding) if binding.kind == BindingKind::Assignment => match binding.value {
                Some(Expr::Attribute(attribute)) => attribute.attr.id.as_str(),
                _ => return false,
            },
            Some(binding) if binding.kind == BindingKind::Parameter => return false,
            _ => name.id.as_str(),
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
