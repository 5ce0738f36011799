//! The project's own identifier-quoting helpers, recognised by what they
//! do: a function whose whole body returns its parameter wrapped in a quote
//! character, with that character doubled inside (Trac's `_quote`).
//!
//! ```python
//! def _quote(identifier):
//!     return "`%s`" % identifier.replace("`", "``")
//! ```
//!
//! Its result cannot end the quoted identifier early, so it is safe to splice
//! where SQL takes a name. A backtick always quotes an identifier (SQLite,
//! MySQL); `"` only where the module's driver reads it so (not MySQL, whose
//! `"…"` is a string with backslash escapes).
//!
//! Project functions that return only a quoting helper's result (pgsync's
//! `qname`) count too, in this module and, through the index, where this
//! module imports them (see [`crate::model::quoting`]).

use crate::model::Context;
use crate::parse::{Expr, Stmt, ast};

/// The names of the module's functions and methods (of module-level classes)
/// that quote their parameter by doubling the quote character.
pub fn quoting_functions(body: &[Stmt], double_quotes_identify: bool) -> Vec<String> {
    let quotes: &[char] = if double_quotes_identify {
        &['`', '"']
    } else {
        &['`']
    };
    let mut found = Vec::new();
    let mut consider = |def: &ast::StmtFunctionDef| {
        if quotes.iter().any(|quote| quotes_its_parameter(def, *quote)) {
            found.push(def.name.id.to_string());
        }
    };
    for stmt in body {
        match stmt {
            Stmt::FunctionDef(def) => consider(def),
            Stmt::ClassDef(class) => {
                for member in &class.body {
                    if let Stmt::FunctionDef(def) = member {
                        consider(def);
                    }
                }
            }
            _ => {}
        }
    }
    found
}

/// The names under which this module calls project functions that only
/// return quoted text (see [`crate::model::quoting::returns_quoted_text`]):
/// its own functions and methods, and what it imports (pgsync's
/// `from .utils import qname`).
pub fn project_quoting_helpers(context: &Context) -> Vec<String> {
    // A module the index pass left unparsed calls no quoting function (its
    // words are among those that make the pass parse a module), so it has
    // no such helper: its facts are not worth making here. Without an
    // index (one file alone) they are made from the text.
    let project = context.project();
    let own_facts = if project.is_empty() {
        Some(context.own_facts())
    } else {
        context
            .module_name()
            .and_then(|(name, _)| project.module(name))
            .filter(|module| module.parsed)
    };
    let own = own_facts
        .into_iter()
        .flat_map(|facts| facts.functions.iter())
        .filter(|(_, summary)| summary.returns_quoted)
        .map(|(name, _)| name.rsplit('.').next().unwrap_or(name).to_owned());
    let imported = context.semantic.bindings().filter_map(|(_, binding)| {
        let qualified = binding.kind.qualified_import()?;
        let callee = crate::model::index::Callee::Qualified(qualified.to_owned());
        context
            .project()
            .callee(&callee)
            .is_some_and(|summary| summary.returns_quoted)
            .then(|| binding.name.to_owned())
    });
    own.chain(imported).collect()
}

/// `def q(name): return "<quote>%s<quote>" % name.replace(quote, quote * 2)`
/// (or `quote + … + quote`, or `"<quote>{}<quote>".format(…)`), with an
/// optional docstring first.
fn quotes_its_parameter(def: &ast::StmtFunctionDef, quote: char) -> bool {
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
    let [
        Stmt::Return(ast::StmtReturn {
            value: Some(value), ..
        }),
    ] = statements.as_slice()
    else {
        return false;
    };
    let wrapped = format!("{quote}%s{quote}");
    let formatted = format!("{quote}{{}}{quote}");
    let literal = |expr: &Expr, text: &str| matches!(expr, Expr::StringLiteral(s) if s.value.to_str() == text);
    let doubled = |expr: &Expr| doubles(expr, parameter, quote);
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
        _ => false,
    }
}

/// `name.replace(q, qq)` or `str(name).replace(q, qq)`.
fn doubles(expr: &Expr, name: &str, quote: char) -> bool {
    let Expr::Call(call) = expr else {
        return false;
    };
    let Expr::Attribute(attribute) = &*call.func else {
        return false;
    };
    let receiver_is_name = match &*attribute.value {
        Expr::Name(receiver) => receiver.id.as_str() == name,
        Expr::Call(str_call) => {
            matches!(&*str_call.func, Expr::Name(f) if f.id.as_str() == "str")
                && matches!(&str_call.arguments.args[..], [Expr::Name(n)] if n.id.as_str() == name)
        }
        _ => false,
    };
    let (single, double) = (quote.to_string(), format!("{quote}{quote}"));
    receiver_is_name
        && attribute.attr.id.as_str() == "replace"
        && call.arguments.keywords.is_empty()
        && matches!(&call.arguments.args[..], [Expr::StringLiteral(from), Expr::StringLiteral(to)]
            if from.value.to_str() == single && to.value.to_str() == double)
}
