//! Small questions rules ask of the syntax tree: every block of statements
//! with its enclosing function, which names a statement reads or binds.

use std::collections::HashSet;

use crate::parse::{Expr, Stmt, Visitor, ast, visitor};

/// The function a block belongs to (`None` at module or class level).
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    pub function: Option<&'a ast::StmtFunctionDef>,
}

impl Scope<'_> {
    pub fn is_async(&self) -> bool {
        self.function.is_some_and(|f| f.is_async)
    }

    pub fn function_name(&self) -> Option<&str> {
        self.function.map(|f| f.name.id.as_str())
    }
}

/// The blocks directly inside a compound statement.
pub fn child_suites<'a>(stmt: &'a Stmt, scope: Scope<'a>) -> Vec<(&'a [Stmt], Scope<'a>)> {
    match stmt {
        Stmt::FunctionDef(def) => vec![(
            &def.body[..],
            Scope {
                function: Some(def),
            },
        )],
        Stmt::ClassDef(class) => vec![(&class.body[..], Scope { function: None })],
        Stmt::If(stmt_if) => {
            let mut suites = vec![(&stmt_if.body[..], scope)];
            suites.extend(
                stmt_if
                    .elif_else_clauses
                    .iter()
                    .map(|clause| (&clause.body[..], scope)),
            );
            suites
        }
        Stmt::For(stmt_for) => vec![(&stmt_for.body[..], scope), (&stmt_for.orelse[..], scope)],
        Stmt::While(stmt_while) => vec![
            (&stmt_while.body[..], scope),
            (&stmt_while.orelse[..], scope),
        ],
        Stmt::With(with) => vec![(&with.body[..], scope)],
        Stmt::Try(try_stmt) => {
            let mut suites = vec![(&try_stmt.body[..], scope)];
            for handler in &try_stmt.handlers {
                let ast::ExceptHandler::ExceptHandler(handler) = handler;
                suites.push((&handler.body[..], scope));
            }
            suites.push((&try_stmt.orelse[..], scope));
            suites.push((&try_stmt.finalbody[..], scope));
            suites
        }
        Stmt::Match(stmt_match) => stmt_match
            .cases
            .iter()
            .map(|case| (&case.body[..], scope))
            .collect(),
        _ => Vec::new(),
    }
}

/// Names read or written anywhere in `stmt`, including nested functions.
pub fn mentioned_names(stmt: &Stmt) -> HashSet<String> {
    let mut collector = NameCollector::default();
    collector.visit_stmt(stmt);
    collector.names
}

/// Whether `name` is mentioned anywhere in `stmt`.
pub fn mentions(stmt: &Stmt, name: &str) -> bool {
    mentioned_names(stmt).contains(name)
}

/// Names that `stmt` binds (assignment targets, loop and `with` targets, at any depth).
pub fn bound_names(stmt: &Stmt) -> HashSet<String> {
    let mut collector = NameCollector::default();
    collector.visit_stmt(stmt);
    collector.stored
}

#[derive(Default)]
struct NameCollector {
    names: HashSet<String>,
    stored: HashSet<String>,
}

impl<'a> Visitor<'a> for NameCollector {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::Global(global) => self
                .names
                .extend(global.names.iter().map(|n| n.id.to_string())),
            Stmt::Nonlocal(nonlocal) => self
                .names
                .extend(nonlocal.names.iter().map(|n| n.id.to_string())),
            _ => {}
        }
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Name(name) = expr {
            self.names.insert(name.id.to_string());
            if name.ctx == ast::ExprContext::Store {
                self.stored.insert(name.id.to_string());
            }
        }
        visitor::walk_expr(self, expr);
    }
}

/// A call, or an awaited call: the call and whether it is awaited.
pub fn call_maybe_awaited(expr: &Expr) -> Option<(&ast::ExprCall, bool)> {
    match expr {
        Expr::Call(call) => Some((call, false)),
        Expr::Await(await_expr) => match &*await_expr.value {
            Expr::Call(call) => Some((call, true)),
            _ => None,
        },
        _ => None,
    }
}

/// `name.method(...)` as an expression statement: returns the call.
pub fn method_call_statement<'a>(
    stmt: &'a Stmt,
    name: &str,
    methods: &[&str],
) -> Option<&'a ast::ExprCall> {
    let Stmt::Expr(expr) = stmt else { return None };
    let (call, _) = call_maybe_awaited(&expr.value)?;
    let Expr::Attribute(attribute) = &*call.func else {
        return None;
    };
    let Expr::Name(receiver) = &*attribute.value else {
        return None;
    };
    (receiver.id.as_str() == name && methods.contains(&attribute.attr.id.as_str())).then_some(call)
}

/// The single plain name an assignment binds: `x = value` (or `x: T = value`)
/// → (`x`, value).
pub fn simple_assignment(stmt: &Stmt) -> Option<(&str, &Expr)> {
    match stmt {
        Stmt::Assign(assign) => {
            let [Expr::Name(target)] = assign.targets.as_slice() else {
                return None;
            };
            Some((target.id.as_str(), &assign.value))
        }
        // `quoted: str = quote_ident(t)`: the annotation changes nothing.
        Stmt::AnnAssign(ast::StmtAnnAssign {
            target,
            value: Some(value),
            ..
        }) => match &**target {
            Expr::Name(target) => Some((target.id.as_str(), value)),
            _ => None,
        },
        _ => None,
    }
}

/// Where `name` occurs (as a plain name) in `stmts`.
pub fn name_positions(stmts: &[Stmt], name: &str) -> Vec<crate::parse::TextSize> {
    struct Finder<'n> {
        name: &'n str,
        found: Vec<crate::parse::TextSize>,
    }
    impl<'a> Visitor<'a> for Finder<'_> {
        fn visit_expr(&mut self, expr: &'a Expr) {
            if let Expr::Name(found) = expr
                && found.id.as_str() == self.name
            {
                self.found.push(crate::parse::Ranged::start(found));
            }
            visitor::walk_expr(self, expr);
        }
    }
    let mut finder = Finder {
        name,
        found: Vec::new(),
    };
    for stmt in stmts {
        finder.visit_stmt(stmt);
    }
    finder.found
}

/// Calls `visit` on `stmt` and every statement nested in it.
pub fn for_each_simple_statement<'a>(stmt: &'a Stmt, visit: &mut impl FnMut(&'a Stmt)) {
    visit(stmt);
    for (suite, _) in child_suites(stmt, Scope { function: None }) {
        for inner in suite {
            for_each_simple_statement(inner, visit);
        }
    }
}

/// `base`, `base_2`, … : the first name that nothing in the enclosing
/// function (or, at module level, the module) mentions and that is no
/// module-level definition or import.
pub fn fresh_local_name(context: &crate::model::Context, scope: Scope, base: &str) -> String {
    let body = scope
        .function
        .map_or(context.body(), |function| &function.body[..]);
    let mut taken: HashSet<String> = HashSet::new();
    for stmt in body {
        taken.extend(mentioned_names(stmt));
    }
    if let Some(function) = scope.function {
        taken.extend(function.parameters.iter().map(|p| p.name().id.to_string()));
    }
    let free = |name: &str| {
        !taken.contains(name)
            && !context.semantic.is_module_definition(name)
            && !context
                .semantic
                .imports()
                .iter()
                .any(|import| import.local == name)
    };
    if free(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}_{n}"))
        .find(|name| free(name))
        .unwrap_or_default()
}

/// The last name of a name or an attribute: `open` → `open`,
/// `cfg.StrOpt` → `StrOpt`, `self.conn.cursor` → `cursor`.
pub fn last_name(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Name(name) => Some(name.id.as_str()),
        Expr::Attribute(attribute) => Some(attribute.attr.id.as_str()),
        _ => None,
    }
}

/// Whether `name` occurs in `expr`.
pub fn mentions_expr(expr: &Expr, name: &str) -> bool {
    any_expr(
        expr,
        |inner| matches!(inner, Expr::Name(found) if found.id.as_str() == name),
    )
}

/// Whether `holds` is true of `expr` or of an expression inside it, at any depth.
pub fn any_expr(expr: &Expr, holds: impl FnMut(&Expr) -> bool) -> bool {
    let mut finder = AnyExpr {
        holds,
        found: false,
    };
    finder.visit_expr(expr);
    finder.found
}

/// Whether `holds` is true of an expression anywhere in `stmt` (nested
/// blocks, functions and classes included).
pub fn any_expr_in(stmt: &Stmt, holds: impl FnMut(&Expr) -> bool) -> bool {
    let mut finder = AnyExpr {
        holds,
        found: false,
    };
    finder.visit_stmt(stmt);
    finder.found
}

/// The walk of [`any_expr`] and [`any_expr_in`]: it stops at the first match.
struct AnyExpr<F> {
    holds: F,
    found: bool,
}

impl<'a, F: FnMut(&Expr) -> bool> Visitor<'a> for AnyExpr<F> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if !self.found {
            visitor::walk_stmt(self, stmt);
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if self.found {
            return;
        }
        if (self.holds)(expr) {
            self.found = true;
            return;
        }
        visitor::walk_expr(self, expr);
    }
}

/// Whether code in `body` (at any depth) writes an attribute named
/// `attribute` of any object (`self.x = …`, `obj.x += …`, `del obj.x`), or
/// names it to `setattr`.
pub fn assigns_attribute(body: &[Stmt], attribute: &str) -> bool {
    struct Finder<'n> {
        attribute: &'n str,
        found: bool,
    }
    impl<'a> Visitor<'a> for Finder<'_> {
        fn visit_expr(&mut self, expr: &'a Expr) {
            match expr {
                Expr::Attribute(written)
                    if written.attr.id.as_str() == self.attribute
                        && written.ctx != ast::ExprContext::Load =>
                {
                    self.found = true;
                }
                Expr::Call(call)
                    if matches!(&*call.func, Expr::Name(f) if f.id.as_str() == "setattr")
                        && matches!(call.arguments.args.get(1), Some(Expr::StringLiteral(name))
                            if name.value.to_str() == self.attribute) =>
                {
                    self.found = true;
                }
                _ => {}
            }
            visitor::walk_expr(self, expr);
        }
    }
    let mut finder = Finder {
        attribute,
        found: false,
    };
    visitor::walk_body(&mut finder, body);
    finder.found
}

/// For a compound statement whose own header does not mention `name`
/// (`if cond:`, `for x in xs:`, `try:`): true, so callers look at its body
/// statements instead. False for simple statements and for headers that
/// mention `name`.
pub fn is_compound_header_only(stmt: &Stmt, name: &str) -> bool {
    match stmt {
        Stmt::If(s) => {
            !mentions_expr(&s.test, name)
                && s.elif_else_clauses
                    .iter()
                    .all(|c| c.test.as_ref().is_none_or(|t| !mentions_expr(t, name)))
        }
        Stmt::While(s) => !mentions_expr(&s.test, name),
        Stmt::For(s) => !mentions_expr(&s.iter, name) && !mentions_expr(&s.target, name),
        Stmt::With(s) => s.items.iter().all(|i| {
            !mentions_expr(&i.context_expr, name)
                && i.optional_vars
                    .as_deref()
                    .is_none_or(|v| !mentions_expr(v, name))
        }),
        Stmt::Try(_) => true,
        Stmt::Match(s) => !mentions_expr(&s.subject, name),
        _ => false,
    }
}

/// Calls in a statement's own expressions (not in the blocks it contains).
pub fn header_calls(stmt: &Stmt) -> Vec<&ast::ExprCall> {
    let mut finder = CallFinder { calls: Vec::new() };
    match stmt {
        Stmt::If(s) => finder.visit_expr(&s.test),
        Stmt::While(s) => finder.visit_expr(&s.test),
        Stmt::For(s) => finder.visit_expr(&s.iter),
        Stmt::With(s) => s
            .items
            .iter()
            .for_each(|item| finder.visit_expr(&item.context_expr)),
        Stmt::FunctionDef(_) | Stmt::ClassDef(_) | Stmt::Try(_) | Stmt::Match(_) => {}
        other => finder.visit_stmt(other),
    }
    finder.calls
}

struct CallFinder<'a> {
    calls: Vec<&'a ast::ExprCall>,
}

impl<'a> Visitor<'a> for CallFinder<'a> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Call(call) = expr {
            self.calls.push(call);
        }
        visitor::walk_expr(self, expr);
    }
}
