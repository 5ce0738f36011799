//! `unvalidated-input` (CWE-20): values used where a bound parameter cannot
//! help (SQL identifiers, file paths) without being checked first.

use crate::checker::Context;
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::fix::indent::owns_its_lines;
use crate::parse::{Expr, Ranged, Stmt, TextRange, Visitor, ast, visitor};
use crate::registry::Rule;
use crate::rules::sql_parameterize::identifier_uses;

/// Words in a module constant's name that mark it as an allowlist.
const ALLOWLIST_WORDS: &[&str] = &[
    "ALLOWED",
    "VALID",
    "COLUMN",
    "FIELD",
    "SORT",
    "ORDER",
    "TABLE",
    "WHITELIST",
    "ALLOWLIST",
    "PERMITTED",
    "DIRECTION",
];

/// Attributes of a web request object that carry client input.
const REQUEST_DATA: &[&str] = &[
    "args",
    "form",
    "values",
    "json",
    "files",
    "cookies",
    "headers",
    "GET",
    "POST",
    "query_params",
    "path_params",
    "match_info",
    "data",
];

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let allowlists = module_allowlists(context);
    for identifier in identifier_uses(context) {
        let Some(function) = identifier.function else {
            continue;
        };
        if is_validated(
            context,
            &function.body,
            &identifier.text,
            identifier.statement,
        ) {
            continue;
        }
        let mut diagnostic = Diagnostic::new(
            Rule::UnvalidatedInput,
            identifier.value,
            format!(
                "`{}` is used as an SQL identifier or keyword without validation; check it against an allowlist of known names before building the query",
                identifier.text
            ),
        );
        if let [allowlist] = allowlists.as_slice() {
            diagnostic.try_set_fix(|| {
                allowlist_fix(context, &identifier.text, identifier.statement, allowlist)
            });
        }
        diagnostics.push(diagnostic);
    }
    let mut paths = PathChecker {
        context,
        diagnostics: &mut diagnostics,
    };
    for stmt in context.body() {
        paths.visit_stmt(stmt);
    }
    diagnostics
}

/// Module-level constants that look like allowlists: a tuple, list, set,
/// frozenset or dict of string literals, named like `ALLOWED_COLUMNS`.
fn module_allowlists(context: &Context) -> Vec<String> {
    let is_strings = |elements: &[Expr]| {
        !elements.is_empty() && elements.iter().all(|e| matches!(e, Expr::StringLiteral(_)))
    };
    context
        .body()
        .iter()
        .filter_map(|stmt| {
            let (name, value) = crate::syntax::simple_assignment(stmt)?;
            if !ALLOWLIST_WORDS.iter().any(|word| name.to_ascii_uppercase().contains(word)) {
                return None;
            }
            let strings = match value {
                Expr::Tuple(t) => is_strings(&t.elts),
                Expr::List(l) => is_strings(&l.elts),
                Expr::Set(s) => is_strings(&s.elts),
                Expr::Dict(d) => !d.items.is_empty() && d.items.iter().all(|i| matches!(i.key, Some(Expr::StringLiteral(_)))),
                Expr::Call(call) if matches!(&*call.func, Expr::Name(n) if n.id.as_str() == "frozenset") => match call.arguments.args.first() {
                    Some(Expr::Set(s)) => is_strings(&s.elts),
                    Some(Expr::Tuple(t)) => is_strings(&t.elts),
                    Some(Expr::List(l)) => is_strings(&l.elts),
                    _ => false,
                },
                _ => false,
            };
            strings.then(|| name.to_owned())
        })
        .collect()
}

/// Whether the function checks the value before `before`: `x in ALLOWED`,
/// `x not in ...`, `x == "..."`, a match on it, or passing it through `int()`.
fn is_validated(context: &Context, body: &[Stmt], value: &str, before: TextRange) -> bool {
    struct Finder<'v> {
        value: &'v str,
        before: TextRange,
        text: &'v str,
        found: bool,
    }
    impl<'a> Visitor<'a> for Finder<'_> {
        fn visit_expr(&mut self, expr: &'a Expr) {
            if expr.start() >= self.before.start() {
                return;
            }
            match expr {
                Expr::Compare(compare) => {
                    let operands =
                        std::iter::once(&*compare.left).chain(compare.comparators.iter());
                    if operands.clone().any(|e| self.slice(e) == self.value)
                        && compare.ops.iter().any(|op| {
                            matches!(
                                op,
                                ast::CmpOp::In
                                    | ast::CmpOp::NotIn
                                    | ast::CmpOp::Eq
                                    | ast::CmpOp::NotEq
                            )
                        })
                    {
                        self.found = true;
                    }
                }
                Expr::Call(call) if matches!(&*call.func, Expr::Name(n) if matches!(n.id.as_str(), "int" | "float")) => {
                    if call
                        .arguments
                        .args
                        .first()
                        .is_some_and(|a| self.slice(a) == self.value)
                    {
                        self.found = true;
                    }
                }
                _ => {}
            }
            visitor::walk_expr(self, expr);
        }
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            if let Stmt::Match(m) = stmt
                && self.slice(&m.subject) == self.value
            {
                self.found = true;
            }
            visitor::walk_stmt(self, stmt);
        }
    }
    impl Finder<'_> {
        fn slice(&self, expr: &Expr) -> &str {
            let range = expr.range();
            self.text
                .get(usize::from(range.start())..usize::from(range.end()))
                .unwrap_or("")
        }
    }
    let mut finder = Finder {
        value,
        before,
        text: context.text(),
        found: false,
    };
    for stmt in body {
        finder.visit_stmt(stmt);
    }
    finder.found
}

/// `if value not in ALLOWED: raise ValueError(...)` before the statement.
fn allowlist_fix(
    context: &Context,
    value: &str,
    statement: TextRange,
    allowlist: &str,
) -> Option<Fix> {
    let source = context.source;
    let stmt = find_statement(context.body(), statement)?;
    if !owns_its_lines(source, stmt) || value.contains(['\n', '\r']) {
        return None;
    }
    let indent = source.indentation_at(stmt.start());
    let unit = source.indent_unit();
    let newline = source.newline();
    let message = crate::fix::literal::python_string(&format!("unexpected value for {value}"));
    let check = format!(
        "if {value} not in {allowlist}:{newline}{indent}{unit}raise ValueError({message}){newline}{indent}"
    );
    Some(Fix::unsafe_(
        format!("Check `{value}` against `{allowlist}` first"),
        vec![Edit::insertion(check, stmt.start())],
    ))
}

fn find_statement(body: &[Stmt], range: TextRange) -> Option<&Stmt> {
    let mut found = None;
    for stmt in body {
        crate::syntax::for_each_simple_statement(stmt, &mut |inner| {
            if inner.range() == range {
                found = Some(inner);
            }
        });
    }
    found
}

/// Request values reaching `open()`, `os.path.join()` or `send_file()` unchecked.
struct PathChecker<'c> {
    context: &'c Context<'c>,
    diagnostics: &'c mut Vec<Diagnostic>,
}

impl PathChecker<'_> {
    fn request_data<'e>(&self, expr: &'e Expr) -> Option<&'e Expr> {
        struct Finder<'e> {
            found: Option<&'e Expr>,
        }
        impl<'e> Visitor<'e> for Finder<'e> {
            fn visit_expr(&mut self, expr: &'e Expr) {
                if self.found.is_some() {
                    return;
                }
                if let Expr::Call(call) = expr {
                    // Sanitised: `os.path.basename(...)`, `secure_filename(...)`.
                    let callee = match &*call.func {
                        Expr::Name(n) => n.id.as_str(),
                        Expr::Attribute(a) => a.attr.id.as_str(),
                        _ => "",
                    };
                    if matches!(callee, "basename" | "secure_filename" | "safe_join" | "int") {
                        return;
                    }
                }
                if let Expr::Attribute(attribute) = expr
                    && matches!(&*attribute.value, Expr::Name(n) if n.id.as_str() == "request")
                    && REQUEST_DATA.contains(&attribute.attr.id.as_str())
                {
                    self.found = Some(expr);
                    return;
                }
                visitor::walk_expr(self, expr);
            }
        }
        let mut finder = Finder { found: None };
        finder.visit_expr(expr);
        finder.found
    }
}

impl<'a> Visitor<'a> for PathChecker<'_> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Call(call) = expr {
            let callee = self.context.semantic.resolve_qualified_name(&call.func);
            let is_path_sink = matches!(
                callee.as_deref(),
                Some(
                    "open"
                        | "io.open"
                        | "os.path.join"
                        | "flask.send_file"
                        | "os.remove"
                        | "os.unlink"
                        | "shutil.rmtree"
                        | "pathlib.Path"
                )
            );
            if is_path_sink
                && let Some(data) = call
                    .arguments
                    .args
                    .iter()
                    .find_map(|a| self.request_data(a))
            {
                self.diagnostics.push(Diagnostic::new(
                        Rule::UnvalidatedInput,
                        data.range(),
                        format!(
                            "request data `{}` reaches `{}` as a file path; reduce it to a bare name (`os.path.basename`, `secure_filename`) or check it against known files",
                            self.context.slice(data.range()),
                            self.context.slice(call.func.range())
                        ),
                    ));
                return;
            }
        }
        visitor::walk_expr(self, expr);
    }
}
