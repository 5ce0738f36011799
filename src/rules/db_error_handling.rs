//! `db-error-handling` (CWE-391, CWE-755): database calls with no error
//! handling get one `try` per block, `except <driver>.Error:`, a logged
//! traceback and a bare `raise`.

use crate::checker::Context;
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::drivers::{DbKind, DbModel, Driver};
use crate::fix::Importer;
use crate::fix::indent::{indent_lines, movable_by_lines, multiline_string_ranges};
use crate::parse::{Expr, Ranged, Stmt, TextRange, ast};
use crate::registry::Rule;
use crate::syntax::{self, Scope, child_suites, header_calls};

/// Methods that talk to the database.
const OPERATIONS: &[&str] = &[
    "execute",
    "executemany",
    "executescript",
    "commit",
    "rollback",
    "fetchone",
    "fetchall",
    "fetchmany",
    "fetch",
    "fetchrow",
    "fetchval",
    "flush",
    "callproc",
    "copy_from",
    "copy_expert",
];

/// One unguarded database call.
struct CallSite<'a> {
    call: &'a ast::ExprCall,
    operation: String,
    driver: &'a Driver,
    /// The connection the call is made on (`conn` in `conn.commit()`), for the rollback variant.
    connection: Option<&'a Expr>,
}

/// What the enclosing `try` blocks of the function catch.
#[derive(Clone, Default)]
struct Guards {
    broad: bool,
    names: Vec<String>,
}

impl Guards {
    fn catches(&self, driver: &Driver) -> bool {
        self.broad
            || self
                .names
                .iter()
                .any(|name| driver.owns(name) || driver.error == *name)
    }
}

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let db = context.db();
    let rule = ErrorHandling { context, db };
    let mut diagnostics = Vec::new();
    rule.process_suite(
        context.body(),
        Scope { function: None },
        &Guards::default(),
        &mut diagnostics,
    );
    for stmt in context.body() {
        syntax::for_each_simple_statement(stmt, &mut |inner| {
            if let Stmt::FunctionDef(def) = inner {
                rule.process_suite(
                    &def.body,
                    Scope {
                        function: Some(def),
                    },
                    &Guards::default(),
                    &mut diagnostics,
                );
            }
        });
    }
    diagnostics
}

struct ErrorHandling<'a> {
    context: &'a Context<'a>,
    db: &'a DbModel<'static>,
}

impl<'a> ErrorHandling<'a> {
    /// The database call `call` makes, if it is one.
    fn site(&self, call: &'a ast::ExprCall) -> Option<CallSite<'a>> {
        if let Some(made) = self.db.constructed_by(self.context, call) {
            // `create_engine`, `sessionmaker` and `Session` do not connect yet.
            if !made.connects {
                return None;
            }
            return Some(CallSite {
                call,
                operation: "connect".to_owned(),
                driver: made.object.driver?,
                connection: None,
            });
        }
        let Expr::Attribute(attribute) = &*call.func else {
            return None;
        };
        let operation = attribute.attr.id.as_str();
        if !OPERATIONS.contains(&operation) {
            return None;
        }
        let object = self.db.object(self.context, &attribute.value)?;
        Some(CallSite {
            call,
            operation: operation.to_owned(),
            driver: object.driver?,
            connection: (object.kind == DbKind::Connection
                && matches!(&*attribute.value, Expr::Name(_) | Expr::Attribute(_)))
            .then_some(&*attribute.value),
        })
    }

    /// Unguarded database calls in `stmt` (its header and its blocks, not nested functions).
    fn sites_in(&self, stmt: &'a Stmt, scope: Scope<'a>, guards: &Guards) -> Vec<CallSite<'a>> {
        if matches!(stmt, Stmt::FunctionDef(_) | Stmt::ClassDef(_)) {
            return Vec::new();
        }
        let mut sites: Vec<CallSite> = header_calls(stmt)
            .into_iter()
            .filter_map(|call| self.site(call))
            .filter(|s| !guards.catches(s.driver))
            .collect();
        if let Stmt::Try(try_stmt) = stmt {
            let inner = self.guards_of(try_stmt, guards);
            for body_stmt in &try_stmt.body {
                sites.extend(self.sites_in(body_stmt, scope, &inner));
            }
            for handler in &try_stmt.handlers {
                let ast::ExceptHandler::ExceptHandler(handler) = handler;
                // Cleanup on an error path that re-raises (`conn.rollback()` … `raise`) is handled.
                let re_raises =
                    matches!(handler.body.last(), Some(Stmt::Raise(raise)) if raise.exc.is_none());
                if re_raises {
                    continue;
                }
                for handler_stmt in &handler.body {
                    sites.extend(self.sites_in(handler_stmt, scope, guards));
                }
            }
            for other in try_stmt.orelse.iter().chain(&try_stmt.finalbody) {
                sites.extend(self.sites_in(other, scope, guards));
            }
            return sites;
        }
        for (child, child_scope) in child_suites(stmt, scope) {
            for child_stmt in child {
                sites.extend(self.sites_in(child_stmt, child_scope, guards));
            }
        }
        sites
    }

    /// The guards inside a `try` body: what its handlers catch, added to the outer ones.
    fn guards_of(&self, try_stmt: &ast::StmtTry, outer: &Guards) -> Guards {
        let mut guards = outer.clone();
        for handler in &try_stmt.handlers {
            let ast::ExceptHandler::ExceptHandler(handler) = handler;
            let Some(caught) = &handler.type_ else {
                guards.broad = true;
                continue;
            };
            let types: Vec<&Expr> = match &**caught {
                Expr::Tuple(tuple) => tuple.elts.iter().collect(),
                other => vec![other],
            };
            for caught in types {
                match self.context.semantic.resolve_qualified_name(caught) {
                    Some(name) if name == "Exception" || name == "BaseException" => {
                        guards.broad = true
                    }
                    Some(name) => guards.names.push(name),
                    // An exception class remedy cannot resolve (`errors.DBError`): assume the author handled it.
                    None => guards.broad = true,
                }
            }
        }
        guards
    }

    fn process_suite(
        &self,
        suite: &'a [Stmt],
        scope: Scope<'a>,
        guards: &Guards,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let per_stmt: Vec<Vec<CallSite>> = suite
            .iter()
            .map(|stmt| self.sites_in(stmt, scope, guards))
            .collect();
        let Some(first) = per_stmt.iter().position(|sites| !sites.is_empty()) else {
            return;
        };
        let last = per_stmt
            .iter()
            .rposition(|sites| !sites.is_empty())
            .unwrap_or(first);
        // A lone `if` (or `try`) whose own test makes no call: wrap inside its branches.
        if first == last {
            match &suite[first] {
                Stmt::If(stmt_if) if header_calls(&suite[first]).is_empty() => {
                    self.process_suite(&stmt_if.body, scope, guards, diagnostics);
                    for clause in &stmt_if.elif_else_clauses {
                        self.process_suite(&clause.body, scope, guards, diagnostics);
                    }
                    return;
                }
                Stmt::Try(try_stmt) => {
                    let inner = self.guards_of(try_stmt, guards);
                    self.process_suite(&try_stmt.body, scope, &inner, diagnostics);
                    for handler in &try_stmt.handlers {
                        let ast::ExceptHandler::ExceptHandler(handler) = handler;
                        self.process_suite(&handler.body, scope, guards, diagnostics);
                    }
                    self.process_suite(&try_stmt.orelse, scope, guards, diagnostics);
                    self.process_suite(&try_stmt.finalbody, scope, guards, diagnostics);
                    return;
                }
                _ => {}
            }
        }
        let run = &suite[first..=last];
        let sites: Vec<&CallSite> = per_stmt[first..=last].iter().flatten().collect();
        let fix = self.wrap_fix(run, &sites, scope);
        for site in &sites {
            let mut diagnostic = Diagnostic::new(
                Rule::DbErrorHandling,
                site.call.range(),
                format!(
                    "`{}` runs without error handling; catch `{}`, log it and re-raise",
                    self.context.slice(site.call.func.range()),
                    site.driver.error
                ),
            );
            if let Some(fix) = &fix {
                diagnostic = diagnostic.with_fix(fix.clone());
            }
            diagnostics.push(diagnostic);
        }
    }

    /// `try:` around the run, `except <Error>:` with `logger.exception(...)` and `raise`.
    fn wrap_fix(&self, run: &[Stmt], sites: &[&CallSite], scope: Scope) -> Option<Fix> {
        let context = self.context;
        let source = context.source;
        if !movable_by_lines(source, run) {
            return None;
        }
        let (first, last) = (run.first()?, run.last()?);
        let importer = Importer::new(context);
        let mut edits = Vec::new();
        let mut errors: Vec<String> = Vec::new();
        let mut drivers: Vec<&Driver> = sites.iter().map(|s| s.driver).collect();
        drivers.dedup_by_key(|d| d.error.clone());
        drivers.sort_by_key(|d| d.error.clone());
        drivers.dedup_by_key(|d| d.error.clone());
        for driver in drivers {
            let (module, class) = driver.error_parts();
            let imported = importer.import_member(module, class);
            edits.extend(imported.edits);
            errors.push(imported.expr);
        }
        let logger = importer.module_logger();
        edits.extend(logger.edits);

        let newline = source.newline();
        let unit = source.indent_unit();
        let indent = source.indentation_at(first.start()).to_owned();
        let start = source.line_start(first.start());
        edits.push(Edit::insertion(format!("{indent}try:{newline}"), start));
        let body = TextRange::new(start, last.end());
        let strings = multiline_string_ranges(source, run);
        let lines = source.full_lines_range(body);
        let mut indented = indent_lines(source, lines, unit, &strings);
        if !indented.ends_with(['\n', '\r']) {
            indented.push_str(newline);
        }
        edits.push(Edit::replacement(indented, lines));

        let mut operations: Vec<&str> = Vec::new();
        for site in sites {
            if !operations.contains(&site.operation.as_str()) {
                operations.push(&site.operation);
            }
        }
        let place = match scope.function_name() {
            Some(name) => format!("in {name}()"),
            None => "at module level".to_owned(),
        };
        let message = format!("Database {} failed {place}", operations.join("/"));
        let caught = if errors.len() == 1 {
            errors[0].clone()
        } else {
            format!("({})", errors.join(", "))
        };
        // With `rollback = true` in the configuration: roll the connection back first (unsafe:
        // a failing rollback would replace the original exception).
        let rollback = sites
            .iter()
            .find_map(|site| site.connection)
            .filter(|_| context.settings.rollback_on_error)
            .map(|connection| {
                format!(
                    "{indent}{unit}{}.rollback(){newline}",
                    context.slice(connection.range())
                )
            });
        let handler = format!(
            "{indent}except {caught}:{newline}{}{indent}{unit}{}.exception({}){newline}{indent}{unit}raise{newline}",
            rollback.as_deref().unwrap_or(""),
            logger.expr,
            crate::fix::literal::python_string(&message),
        );
        edits.push(Edit::insertion(handler, lines.end()));
        let title = format!("Wrap in `try`/`except {caught}` that logs and re-raises");
        Some(if rollback.is_some() {
            Fix::unsafe_(format!("{title} (rolling back first)"), edits)
        } else {
            Fix::safe(title, edits)
        })
    }
}
