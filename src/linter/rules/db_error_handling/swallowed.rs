//! Swallowed database errors (CWE-391): a `try` around database calls whose
//! handler catches the driver's base error, `Exception` or everything and
//! then does nothing (`pass`, `continue`, `break`, `return`, `return None`).
//! The fix logs the traceback and keeps going as before. It never re-raises:
//! the code chose to go on (a table a fresh install lacks, a step that fails
//! once the schema exists, a loop that skips what fails), and re-raising
//! changed that on every real project it was read on.

use crate::linter::diagnostic::{Diagnostic, Edit, Fix};
use crate::linter::fix::Importer;
use crate::linter::fix::indent::owns_its_lines;
use crate::linter::syntax::{Scope, child_suites};
use crate::model::rule::Rule;
use crate::parse::{Expr, Ranged, Stmt, TextRange, TextSize, ast};

use super::sites::{CallSite, Guards, Zone};
use super::{ErrorHandling, units};

pub(super) fn check<'a>(rule: &ErrorHandling<'a>, diagnostics: &mut Vec<Diagnostic>) {
    for unit in units(rule.context) {
        rule.visit_suite(unit.body, unit.scope, diagnostics);
    }
}

impl<'a> ErrorHandling<'a> {
    /// Every `try` in `suite`, not in nested functions or classes (their own units).
    fn visit_suite(&self, suite: &'a [Stmt], scope: Scope<'a>, diagnostics: &mut Vec<Diagnostic>) {
        for (index, stmt) in suite.iter().enumerate() {
            if matches!(stmt, Stmt::FunctionDef(_) | Stmt::ClassDef(_)) {
                continue;
            }
            if let Stmt::Try(try_stmt) = stmt {
                self.check_try(try_stmt, suite.get(index + 1), scope, diagnostics);
            }
            for (child, child_scope) in child_suites(stmt, scope) {
                self.visit_suite(child, child_scope, diagnostics);
            }
        }
    }

    /// `next` is the statement after the `try`, where a handler that does
    /// nothing goes on.
    fn check_try(
        &self,
        try_stmt: &'a ast::StmtTry,
        next: Option<&'a Stmt>,
        scope: Scope<'a>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        // Database calls in the body that no inner `try` handles; a body
        // that only rolls back is cleanup, and swallowing its error is a choice.
        let mut sites: Vec<CallSite> = Vec::new();
        for stmt in &try_stmt.body {
            self.walk_calls(
                stmt,
                scope,
                &Guards::default(),
                Zone::Normal,
                &mut |call, guards, zone| {
                    if zone != Zone::Normal {
                        return;
                    }
                    if let Some(site) = self.site(call)
                        && site.operation != "rollback"
                        && !self.guarded(guards, &site)
                    {
                        sites.push(site);
                    }
                },
            );
        }
        // `try: execute("CREATE TABLE …") except Error: pass`: the code
        // expects the step to fail when the schema is there already.
        if sites.is_empty() || sites.iter().all(|site| is_schema_step(site.call)) {
            return;
        }
        // `try: conn.execute(probe); return True` / `except Exception: pass` /
        // `return False`: the error is the answer (the table does not
        // exist), as with `except Exception: return False` (jupysql).
        // Or the answer comes from a branch at the end of the `try` (`if row:
        // return row[0]`), and the statement after it is the fallback, `None`
        // too (askbot's largest-group probe).
        let answers_after = (matches!(try_stmt.body.last(), Some(Stmt::Return(_)))
            && matches!(next, Some(Stmt::Return(ret))
                if ret.value.as_deref().is_some_and(|v| !matches!(v, Expr::NoneLiteral(_)))))
            || (try_stmt.body.last().is_some_and(ends_in_branch_answer)
                && matches!(next, Some(Stmt::Return(_))));
        for handler in &try_stmt.handlers {
            let ast::ExceptHandler::ExceptHandler(handler) = handler;
            if !does_nothing(&handler.body)
                || (answers_after && handler.body.iter().all(is_placeholder))
            {
                continue;
            }
            let swallowed = self.caught(handler).into_iter().flatten().any(|caught| {
                caught == "Exception"
                    || caught == "BaseException"
                    || sites.iter().any(|site| self.is_base_error(site, &caught))
            });
            if !swallowed {
                continue;
            }
            let header_end = handler
                .type_
                .as_deref()
                .map_or(handler.start() + TextSize::from(6), Ranged::end);
            let caught_text = self
                .context
                .slice(TextRange::new(handler.start(), header_end))
                .to_owned();
            let mut names: Vec<&str> = Vec::new();
            for site in &sites {
                let name = self.context.slice(site.call.func.range());
                if !names.contains(&name) {
                    names.push(name);
                }
            }
            let place = match scope.function_name() {
                Some(name) => format!(" in `{name}()`"),
                None => String::new(),
            };
            let message = format!(
                "`{caught_text}` swallows database errors from `{}`{place}: nothing logs or re-raises them",
                names.join("`, `")
            );
            let mut diagnostic = Diagnostic::new(
                Rule::DbErrorHandling,
                TextRange::new(handler.start(), header_end),
                message,
            );
            // A driver guessed from a name (a `conn` parameter): the fix
            // relies on a guess (see the rule's fix safety).
            let guessed = sites.iter().any(|site| site.guessed);
            diagnostic.try_set_fix(|| self.swallow_fix(handler, scope, guessed));
            diagnostics.push(diagnostic);
        }
    }

    /// The driver's (or the wrapping library's) base class, or the DB-API
    /// `Error` / `DatabaseError` of its modules: a handler for one of these
    /// catches everything the call raises. A subclass (`IntegrityError`) is a
    /// deliberate choice (a race the code expects), not a swallowed error.
    fn is_base_error(&self, site: &CallSite, caught: &str) -> bool {
        if caught == site.driver.error
            || self
                .wrapper_for(site.driver)
                .is_some_and(|wrapper| wrapper.error == caught)
        {
            return true;
        }
        let class = caught.rsplit('.').next().unwrap_or(caught);
        matches!(class, "Error" | "DatabaseError") && self.in_family(site.driver, caught)
    }

    /// Log the traceback, then do what the handler did (safe, unless the
    /// driver of the calls is `guessed`).
    fn swallow_fix(
        &self,
        handler: &ast::ExceptHandlerExceptHandler,
        scope: Scope,
        guessed: bool,
    ) -> Option<Fix> {
        let source = self.context.source;
        let first = handler.body.first()?;
        if !handler.body.iter().all(|stmt| owns_its_lines(source, stmt)) {
            return None;
        }
        let importer = Importer::new(self.context);
        let logger = importer.module_logger();
        let mut edits = logger.edits;
        let newline = source.newline();
        let indent = source.indentation_at(first.start());
        let place = match scope.function_name() {
            Some(name) => format!("in {name}()"),
            None => "at module level".to_owned(),
        };
        let text = format!("Database error ignored {place}");
        let log = format!(
            "{indent}{}.exception({}){newline}",
            logger.expr,
            crate::linter::fix::literal::python_string(&text)
        );
        // A lone `pass` without a comment of its own gives way to the log call.
        let only_placeholder = handler.body.len() == 1
            && is_placeholder(first)
            && source
                .slice(TextRange::new(first.end(), source.line_end(first.end())))
                .trim()
                .is_empty();
        if only_placeholder {
            edits.push(Edit::replacement(
                log,
                source.full_lines_range(first.range()),
            ));
        } else {
            edits.push(Edit::insertion(log, source.line_start(first.start())));
        }
        let title = format!("Log the error with `{}.exception(...)`", logger.expr);
        Some(if guessed {
            Fix::unsafe_(title, edits)
        } else {
            Fix::safe(title, edits)
        })
    }
}

/// A handler body that neither logs nor re-raises nor does anything else.
fn does_nothing(body: &[Stmt]) -> bool {
    body.iter().all(|stmt| match stmt {
        Stmt::Pass(_) | Stmt::Continue(_) | Stmt::Break(_) => true,
        Stmt::Return(ret) => ret
            .value
            .as_deref()
            .is_none_or(|value| matches!(value, Expr::NoneLiteral(_))),
        other => is_placeholder(other),
    })
}

/// `pass`, `...` or a string standing alone.
fn is_placeholder(stmt: &Stmt) -> bool {
    match stmt {
        Stmt::Pass(_) => true,
        Stmt::Expr(expr) => matches!(
            &*expr.value,
            Expr::EllipsisLiteral(_) | Expr::StringLiteral(_)
        ),
        _ => false,
    }
}

/// `execute("CREATE …")`, `execute("DROP TABLE %s" % name)`, `execute(f"ALTER
/// TABLE {t} ADD …")`: a call whose SQL starts, as written, with a schema
/// statement (`CREATE`, `DROP`, `ALTER`). Swallowing its error is the
/// "create it unless it exists" idiom, not a lost failure.
fn is_schema_step(call: &ast::ExprCall) -> bool {
    let Expr::Attribute(method) = &*call.func else {
        return false;
    };
    if !matches!(method.attr.id.as_str(), "execute" | "executescript") {
        return false;
    }
    let Some(sql) = call.arguments.args.first() else {
        return false;
    };
    let Some(text) = leading_text(sql) else {
        return false;
    };
    let keyword: String = text
        .trim_start()
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    ["CREATE", "DROP", "ALTER"]
        .iter()
        .any(|schema| keyword.eq_ignore_ascii_case(schema))
}

/// The literal text an SQL expression starts with: a string, the start of
/// an f-string, the left side of `%` or `+`, the template of `.format`.
fn leading_text(expr: &Expr) -> Option<String> {
    match expr {
        Expr::StringLiteral(literal) => Some(literal.value.to_str().to_owned()),
        Expr::FString(fstring) => match fstring.value.iter().next()? {
            ast::FStringPart::Literal(literal) => Some(literal.value.to_string()),
            ast::FStringPart::FString(inner) => match inner.elements.iter().next()? {
                ast::InterpolatedStringElement::Literal(literal) => Some(literal.value.to_string()),
                ast::InterpolatedStringElement::Interpolation(_) => None,
            },
        },
        Expr::BinOp(binop) if matches!(binop.op, ast::Operator::Mod | ast::Operator::Add) => {
            leading_text(&binop.left)
        }
        Expr::Call(call) => match &*call.func {
            Expr::Attribute(attribute) if attribute.attr.id.as_str() == "format" => {
                leading_text(&attribute.value)
            }
            _ => None,
        },
        // A project's `execute` that joins the lines it is given (isso's
        // `db.execute(['ALTER TABLE …'])`).
        Expr::List(list) => leading_text(list.elts.first()?),
        Expr::Tuple(tuple) => leading_text(tuple.elts.first()?),
        _ => None,
    }
}

/// `if row: return row[0]` (or such a branch inside a `with`): a statement
/// ending the `try` whose branch returns a value.
fn ends_in_branch_answer(stmt: &Stmt) -> bool {
    let answers = |body: &[Stmt]| match body.last() {
        Some(Stmt::Return(ret)) => ret
            .value
            .as_deref()
            .is_some_and(|v| !matches!(v, Expr::NoneLiteral(_))),
        Some(other) => ends_in_branch_answer(other),
        None => false,
    };
    match stmt {
        Stmt::If(choice) => {
            answers(&choice.body)
                || choice
                    .elif_else_clauses
                    .iter()
                    .any(|clause| answers(&clause.body))
        }
        Stmt::With(with) => answers(&with.body),
        _ => false,
    }
}
