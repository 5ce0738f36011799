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
use crate::model::index::FunctionSummary;
use crate::parse::{Stmt, ast};

/// The names of the module's functions and methods (of module-level classes)
/// that quote their parameter by doubling the quote character.
pub fn quoting_functions(context: &Context, double_quotes_identify: bool) -> Vec<String> {
    let mut found = Vec::new();
    let mut consider = |def: &ast::StmtFunctionDef| {
        if ['`', '"'].into_iter().any(|quote| {
            quotes_identifiers(quote, double_quotes_identify)
                && crate::model::quoting::quotes_its_parameter(context.semantic, def, quote)
        }) {
            found.push(def.name.id.to_string());
        }
    };
    for stmt in context.body() {
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

/// Whether `quote` always quotes an identifier: a backtick does; `"` only
/// where the module's driver reads it so (not MySQL).
fn quotes_identifiers(quote: char, double_quotes_identify: bool) -> bool {
    quote == '`' || (quote == '"' && double_quotes_identify)
}

/// The names under which this module calls project functions that only
/// return quoted text (see [`crate::model::quoting::returns_quoted_text`]),
/// their own literals, or the name a validator let through:
/// its own functions and methods, and what it imports (pgsync's
/// `from .utils import qname`), with the imported functions that quote
/// their parameter by doubling the quote character (`quote_schema_name`;
/// a `"` only where the module's driver reads it as an identifier's).
/// The names under which a module calls project functions (see
/// [`project_helpers`]).
#[derive(Default)]
pub struct ProjectHelpers {
    /// Functions whose result is safe to splice.
    pub quoting: Vec<String>,
    /// Functions whose result is text escaped for an SQL string (see
    /// [`crate::model::quoting::returns_escaped_text`]): bound, it would keep
    /// its escaping.
    pub escaping: Vec<String>,
}

pub fn project_helpers(context: &Context, double_quotes_identify: bool) -> ProjectHelpers {
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
    // A validator that returns the name it let through counts too
    // (pyworklog's `_ident(c)`, in `f"{_ident(c)} = ?"`).
    let gives_safe_text = |summary: &FunctionSummary| {
        summary.returns_quoted
            || summary.returns_only_literals
            || summary.returns_validated.is_some()
    };
    let quotes = |summary: &FunctionSummary| {
        gives_safe_text(summary)
            || summary
                .quotes_by_doubling
                .is_some_and(|quote| quotes_identifiers(quote, double_quotes_identify))
    };
    let mut helpers = ProjectHelpers::default();
    let short = |name: &str| name.rsplit('.').next().unwrap_or(name).to_owned();
    for (name, summary) in own_facts
        .into_iter()
        .flat_map(|facts| facts.functions.iter())
    {
        if gives_safe_text(summary) {
            helpers.quoting.push(short(name));
        } else if summary.returns_escaped {
            helpers.escaping.push(short(name));
        }
    }
    for (_, binding) in context.semantic.bindings() {
        let Some(qualified) = binding.kind.qualified_import() else {
            continue;
        };
        // A driver's quoting function imported under another name
        // (`from psycopg2.extensions import quote_ident as pq_quote_ident`,
        // dramatiq-pg): the local name quotes as the function does.
        let renamed_quoting_function = qualified.rsplit('.').next() != Some(binding.name)
            && crate::model::quoting::imports_quoting_function(qualified);
        let callee = crate::model::index::Callee::Qualified(qualified.to_owned());
        let summary = project.callee(&callee);
        if renamed_quoting_function || summary.is_some_and(quotes) {
            helpers.quoting.push(binding.name.to_owned());
        } else if summary.is_some_and(|summary| summary.returns_escaped) {
            helpers.escaping.push(binding.name.to_owned());
        }
        // `from tap_mysql.sync_strategies import common`, then
        // `common.escape(c)`: the quoting functions of a project module the
        // module imports, called by their names as attributes.
        if let Some(module) = project.module(qualified).filter(|module| module.parsed) {
            for (name, summary) in &module.functions {
                if name.contains('.') {
                    continue;
                }
                if quotes(summary) {
                    helpers.quoting.push(name.clone());
                } else if summary.returns_escaped {
                    helpers.escaping.push(name.clone());
                }
            }
        }
    }
    helpers
}
