//! Project functions that build a SQL clause and hand it back beside its
//! parameters (wealth-dashboard's `people.sql_in`):
//!
//! ```python
//! def sql_in(ids, column="account_id"):
//!     if ids is None:
//!         return "", []
//!     return f" AND {column} IN ({','.join('?' * len(ids))})", list(ids)
//! ```
//!
//! The clause is the program's own text: literals, a list of placeholders
//! and the parameters spliced into it. A caller that passes literals there
//! (`only, params = people.sql_in(ids, "t.account_id")`) gets SQL text it
//! may splice, and binds the values through the parameters beside it.

use crate::parse::{Expr, ast};

/// The parameters spliced into the clause of every value the function
/// returns, when each is a tuple whose first item is clause text (see
/// [`clause_text`]); `None` when some returned value is not.
pub fn returned_clause_parameters(
    returns: &[&Expr],
    parameter_of: &dyn Fn(&Expr) -> Option<usize>,
) -> Option<Vec<usize>> {
    if returns.is_empty() {
        return None;
    }
    let mut spliced = Vec::new();
    for value in returns {
        let Expr::Tuple(tuple) = value else {
            return None;
        };
        let [clause, _, ..] = &tuple.elts[..] else {
            return None;
        };
        if !clause_text(clause, parameter_of, &mut spliced) {
            return None;
        }
    }
    spliced.sort_unstable();
    spliced.dedup();
    Some(spliced)
}

/// Text made of string literals, lists of placeholders and parameters
/// spliced whole (pushed to `spliced`): a parameter, an f-string of those,
/// `+` of them, or a choice between them.
fn clause_text(
    expr: &Expr,
    parameter_of: &dyn Fn(&Expr) -> Option<usize>,
    spliced: &mut Vec<usize>,
) -> bool {
    if let Some(index) = parameter_of(expr) {
        spliced.push(index);
        return true;
    }
    match expr {
        Expr::StringLiteral(_) => true,
        Expr::FString(fstring) => crate::parse::fstring::every_field(fstring, |field| {
            field.format_spec.is_none()
                && field.conversion == ast::ConversionFlag::None
                && (is_placeholder_list(&field.expression)
                    || clause_text(&field.expression, parameter_of, spliced))
        }),
        Expr::BinOp(binop) if binop.op == ast::Operator::Add => {
            clause_text(&binop.left, parameter_of, spliced)
                && clause_text(&binop.right, parameter_of, spliced)
        }
        Expr::If(choice) => {
            clause_text(&choice.body, parameter_of, spliced)
                && clause_text(&choice.orelse, parameter_of, spliced)
        }
        _ => false,
    }
}

/// `','.join('?' * len(ids))`, `", ".join(["%s"] * n)`,
/// `",".join("?" for _ in ids)`: a literal separator joining literals.
fn is_placeholder_list(expr: &Expr) -> bool {
    let Expr::Call(call) = expr else {
        return false;
    };
    let Expr::Attribute(attribute) = &*call.func else {
        return false;
    };
    attribute.attr.id.as_str() == "join"
        && matches!(&*attribute.value, Expr::StringLiteral(_))
        && call.arguments.keywords.is_empty()
        && matches!(&call.arguments.args[..], [items] if literal_items(items))
}

/// An iterable whose every item is a string literal.
fn literal_items(expr: &Expr) -> bool {
    let literal = |e: &Expr| matches!(e, Expr::StringLiteral(_));
    match expr {
        Expr::StringLiteral(_) => true,
        Expr::BinOp(binop) if binop.op == ast::Operator::Mult => {
            literal_items(&binop.left) || literal_items(&binop.right)
        }
        Expr::List(list) => list.elts.iter().all(literal),
        Expr::Tuple(tuple) => tuple.elts.iter().all(literal),
        Expr::ListComp(comp) => literal(&comp.elt),
        Expr::Generator(generator) => literal(&generator.elt),
        _ => false,
    }
}
