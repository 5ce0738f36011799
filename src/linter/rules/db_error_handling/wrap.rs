//! The unit's fix: each region (a run of statements) goes into one `try`
//! whose handler logs the traceback, rolls back a transaction the unit
//! commits, and re-raises with a bare `raise`.

use crate::linter::diagnostic::{Edit, Fix};
use crate::linter::fix::Importer;
use crate::linter::fix::indent::{indent_lines, movable_by_lines, multiline_string_ranges};
use crate::linter::syntax;
use crate::parse::{Expr, Ranged, Stmt, TextRange};

use super::sites::{COMMITS, CallSite};
use super::{ErrorHandling, Region, Unit};

/// Whose transaction the handler rolls back.
pub(super) enum Rollback {
    /// The connection is built before the run in this function and seen
    /// nowhere else: rolling it back touches nothing but this unit's work.
    Own(String),
    /// A parameter, `self.conn`, a global: the rollback also discards work
    /// others did on it, and a failing rollback replaces the exception.
    Shared(String),
}

impl<'a> ErrorHandling<'a> {
    /// One `try` per region, all in one fix; none when a region cannot be
    /// moved by whole lines or its error class cannot be named.
    pub(super) fn wrap_fix(&self, unit: &Unit<'a>, regions: &[Region<'a>]) -> Option<Fix> {
        let importer = Importer::new(self.context);
        let logger = importer.module_logger();
        // The error classes' imports, then the logger: both may go where
        // the imports end, and the logger's line belongs after the imports
        // (etlhelper's conftest got `_logger = …` above `import psycopg2`).
        let mut imports: Vec<Edit> = Vec::new();
        let mut edits: Vec<Edit> = Vec::new();
        let mut safe = true;
        let mut caught_all: Vec<String> = Vec::new();
        let mut rolled_back = Vec::new();
        for region in regions {
            let mut classes: Vec<_> = region.sites.iter().map(|s| self.error_class(s)).collect();
            classes.sort_by(|a, b| a.qualified.cmp(&b.qualified));
            classes.dedup_by(|a, b| a.qualified == b.qualified);
            let mut caught = Vec::new();
            for class in &classes {
                safe &= !class.guessed;
                let imported = self.bind_error(&importer, &class.qualified)?;
                imports.extend(imported.edits);
                caught.push(imported.expr);
            }
            let rollback = self.rollback(unit, region);
            match &rollback {
                // Another thread's pending work on the connection would go too.
                Some(Rollback::Shared(_)) if self.shared_across_threads(unit) => return None,
                Some(Rollback::Shared(name)) => {
                    safe = false;
                    rolled_back.push(name.clone());
                }
                Some(Rollback::Own(name)) => rolled_back.push(name.clone()),
                None => {}
            }
            let caught = if caught.len() == 1 {
                caught.remove(0)
            } else {
                format!("({})", caught.join(", "))
            };
            let operations = {
                let mut operations: Vec<&str> = Vec::new();
                for site in &region.sites {
                    if !operations.contains(&site.operation.as_str()) {
                        operations.push(&site.operation);
                    }
                }
                operations.join("/")
            };
            let place = match unit.scope.function_name() {
                Some(name) => format!("in {name}()"),
                None => "at module level".to_owned(),
            };
            let message = format!("Database {operations} failed {place}");
            edits.extend(self.wrap_region(
                region.run,
                &caught,
                &logger.expr,
                &message,
                rollback,
            )?);
            if !caught_all.contains(&caught) {
                caught_all.push(caught);
            }
        }
        let mut title = format!(
            "Wrap in `try`/`except {}` that logs and re-raises",
            caught_all.join("`/`")
        );
        if !rolled_back.is_empty() {
            rolled_back.dedup();
            title.push_str(&format!(
                " (rolling back `{}` first)",
                rolled_back.join("`, `")
            ));
        }
        let mut edits_in_order =
            crate::linter::diagnostic::merged_insertions(imports, logger.edits);
        edits_in_order.extend(edits);
        Some(Fix::safe_if(safe, title, edits_in_order))
    }

    fn wrap_region(
        &self,
        run: &[Stmt],
        caught: &str,
        logger: &str,
        message: &str,
        rollback: Option<Rollback>,
    ) -> Option<Vec<Edit>> {
        let source = self.context.source;
        if !movable_by_lines(source, run) {
            return None;
        }
        let (first, last) = (run.first()?, run.last()?);
        let newline = source.newline();
        let unit = source.indent_unit_at(first.start());
        let indent = source.indentation_at(first.start()).to_owned();
        let start = source.line_start(first.start());
        let mut edits = vec![Edit::insertion(format!("{indent}try:{newline}"), start)];
        let body = TextRange::new(start, last.end());
        let strings = multiline_string_ranges(source, run);
        let lines = source.full_lines_range(body);
        let mut indented = indent_lines(source, lines, unit, &strings);
        if !indented.ends_with(['\n', '\r']) {
            indented.push_str(newline);
        }
        edits.push(Edit::replacement(indented, lines));
        let rollback = match rollback {
            Some(Rollback::Own(name) | Rollback::Shared(name)) => {
                // An async connection's methods are awaited (`await
                // connection.commit()`): its rollback too, or it never runs.
                let awaited = if awaits_a_method_of(source.text(), run, &name) {
                    "await "
                } else {
                    ""
                };
                // A rollback that fails (the server dropped the
                // connection) must not replace the error being handled:
                // callers that reconnect on it would see another class.
                let failed = crate::linter::fix::literal::python_string(&format!(
                    "Rollback of {name} failed"
                ));
                format!(
                    "{indent}{unit}try:{newline}{indent}{unit}{unit}{awaited}{name}.rollback(){newline}{indent}{unit}except {caught}:{newline}{indent}{unit}{unit}{logger}.exception({failed}){newline}"
                )
            }
            None => String::new(),
        };
        let handler = format!(
            "{indent}except {caught}:{newline}{indent}{unit}{logger}.exception({}){newline}{rollback}{indent}{unit}raise{newline}",
            crate::linter::fix::literal::python_string(message),
        );
        edits.push(Edit::insertion(handler, lines.end()));
        Some(edits)
    }

    /// The connection whose transaction the handler rolls back: one the
    /// region commits on (or, with `rollback = true`, any connection it
    /// uses) that is already bound when the `try` starts. A connection the
    /// region itself opens is left alone: it is dropped with the frame, and
    /// the handler could not name it when opening it failed.
    fn rollback(&self, unit: &Unit<'a>, region: &Region<'a>) -> Option<Rollback> {
        let any_connection = self.context.settings.rollback_on_error;
        let site = region.sites.iter().find(|site| {
            site.connection.is_some()
                && !site.driver.is_async
                && (any_connection || COMMITS.contains(&site.operation.as_str()))
        })?;
        let rollback = self.rollback_of(unit, region, site)?;
        // `self.conn = psycopg2.connect(dsn)` inside the run
        // (pgtask-worker): when the connect fails, the handler would roll
        // back an attribute never set, or the connection it replaced.
        if let Rollback::Shared(text) = &rollback {
            let stored_in_run = region.run.iter().any(|stmt| {
                syntax::any_expr_in(stmt, |expr| {
                    matches!(expr, Expr::Attribute(attribute)
                        if attribute.ctx == crate::parse::ast::ExprContext::Store)
                        && self.context.slice(expr.range()) == text
                })
            });
            if stored_in_run {
                return None;
            }
        }
        Some(rollback)
    }

    /// Whose transaction a rollback of `site`'s connection would end.
    pub(super) fn rollback_of(
        &self,
        unit: &Unit<'a>,
        region: &Region<'a>,
        site: &CallSite<'a>,
    ) -> Option<Rollback> {
        let connection = site.connection?;
        let text = self.context.slice(connection.range()).to_owned();
        let Expr::Name(name) = connection else {
            // `self.conn`, `app.db`: shared with whoever else holds the object.
            return Some(Rollback::Shared(text));
        };
        let name = name.id.as_str();
        if region
            .run
            .iter()
            .any(|stmt| syntax::bound_names(stmt).contains(name))
        {
            return None;
        }
        let Some(def) = unit.scope.function else {
            return Some(Rollback::Shared(text));
        };
        let is_parameter = def
            .parameters
            .iter()
            .any(|parameter| parameter.name().id.as_str() == name);
        let run_start = region.run.first()?.start();
        // Bound by a statement of the function's own body before the run (so
        // bound on every path to the handler), from a driver constructor.
        let own = !is_parameter
            && !site.guessed
            && def.body.iter().any(|stmt| {
                let before = stmt.end() <= run_start
                    && matches!(stmt, Stmt::Assign(_) | Stmt::AnnAssign(_));
                // `with sqlite3.connect(path) as conn:` around the run.
                let around = matches!(stmt, Stmt::With(with) if with.range().contains(run_start)
                    && with.items.iter().any(|item| item.optional_vars.as_deref()
                        .is_some_and(|target| matches!(target, Expr::Name(n) if n.id.as_str() == name))));
                (before && syntax::bound_names(stmt).contains(name)) || around
            })
            && !def.body.iter().any(|stmt| {
                matches!(stmt, Stmt::Global(_) | Stmt::Nonlocal(_))
                    && syntax::mentions(stmt, name)
            });
        Some(if own {
            Rollback::Own(text)
        } else {
            Rollback::Shared(text)
        })
    }
}

/// Whether `run` awaits a method call on the object spelt `name`
/// (`await connection.commit()`, langchain-postgres' `acreate_tables`).
fn awaits_a_method_of(text: &str, run: &[Stmt], name: &str) -> bool {
    run.iter().any(|stmt| {
        syntax::any_expr_in(stmt, |expr| {
            matches!(expr, Expr::Await(awaited)
                if matches!(&*awaited.value, Expr::Call(call)
                    if matches!(&*call.func, Expr::Attribute(method)
                        if &text[method.value.range()] == name)))
        })
    })
}
