//! `db-error-handling` (CWE-391, CWE-755): one finding per unit (a function
//! body, or the module's top-level code) that runs database calls whose
//! errors nobody handles, fixed by one `try` around the database section
//! with `except <the error class actually raised>:`, a logged traceback, a
//! rollback where the unit commits, and a bare `raise`; and one finding per
//! handler that swallows database errors (`except Exception: pass`).

mod callers;
mod data;
mod errors;
mod handlers;
mod policy;
mod sites;
mod swallowed;
mod wrap;

use std::cell::OnceCell;

use crate::linter::diagnostic::Diagnostic;
use crate::linter::syntax::{Scope, header_calls};
use crate::model::Context;
use crate::model::drivers::{DbModel, Driver};
use crate::model::rule::Rule;
use crate::model::settings::DbErrorScope;
use crate::parse::{Ranged, Stmt, ast};

pub use callers::{CallerHandling, CallerQuery, Verdict};
use sites::{CallSite, Guards};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let rule = ErrorHandling::new(context);
    let mut diagnostics = Vec::new();
    for unit in units(context) {
        rule.check_unit(&unit, &mut diagnostics);
    }
    swallowed::check(&rule, &mut diagnostics);
    diagnostics
}

/// A function body, or the module's top-level statements.
#[derive(Clone, Copy)]
pub struct Unit<'a> {
    pub body: &'a [Stmt],
    pub scope: Scope<'a>,
}

impl Unit<'_> {
    /// `in add_user()` / `at module level`, for messages.
    fn place(&self) -> String {
        match self.scope.function_name() {
            Some(name) => format!("in `{name}()`"),
            None => "at module level".to_owned(),
        }
    }
}

/// The module body, then every function (methods and nested functions too).
fn units<'a>(context: &Context<'a>) -> Vec<Unit<'a>> {
    let module = Unit {
        body: context.body(),
        scope: Scope { function: None },
    };
    // Every function of the module, nested ones too, from the semantic
    // model's table (no walk of its own).
    let functions = context.semantic.functions().iter().map(|(_, def)| Unit {
        body: &def.body,
        scope: Scope {
            function: Some(*def),
        },
    });
    std::iter::once(module).chain(functions).collect()
}

pub(super) struct ErrorHandling<'a> {
    context: &'a Context<'a>,
    db: &'a DbModel<'static>,
    /// Calls to the module's own functions, with their guards (built on first use).
    calls: OnceCell<callers::CallIndex<'a>>,
    /// Where the module's functions run: entry points, thread targets.
    shape: policy::ShapeCell,
}

/// A run of statements of one block wrapped in one `try`, and the unguarded calls in it.
struct Region<'a> {
    run: &'a [Stmt],
    sites: Vec<CallSite<'a>>,
}

impl<'a> ErrorHandling<'a> {
    fn new(context: &'a Context<'a>) -> Self {
        Self {
            context,
            db: context.db(),
            calls: OnceCell::new(),
            shape: policy::ShapeCell::new(),
        }
    }

    /// `scope = "every-unit"`: report every unit with unguarded calls, as
    /// remedy did before it knew who handles errors.
    fn strict(&self) -> bool {
        self.context.settings.db_error_scope == DbErrorScope::EveryUnit
    }

    fn check_unit(&self, unit: &Unit<'a>, diagnostics: &mut Vec<Diagnostic>) {
        if !self.strict()
            && let Some(def) = unit.scope.function
            && self.decorated_by_handler(def)
        {
            return;
        }
        let mut regions = Vec::new();
        self.plan(unit.body, unit.scope, &Guards::default(), &mut regions);
        if regions.is_empty() {
            return;
        }
        if !self.strict() {
            if self.hands_errors_on(unit, &regions) {
                return;
            }
            // `scope = "lost"`: an error that reaches the top is printed or
            // logged there; only a transaction left half done loses work.
            if self.context.settings.db_error_scope == DbErrorScope::Lost
                && self.open_transaction(unit, &regions).is_none()
            {
                return;
            }
            let sites: Vec<&CallSite> = regions.iter().flat_map(|r| &r.sites).collect();
            if self.caller_verdict(unit, &sites) == Verdict::Handled {
                return;
            }
        }
        let first = regions
            .iter()
            .flat_map(|r| &r.sites)
            .map(|s| s.call)
            .min_by_key(|call| call.start())
            .expect("a region has sites");
        let mut names: Vec<&str> = Vec::new();
        let mut classes: Vec<String> = Vec::new();
        for site in regions.iter().flat_map(|r| &r.sites) {
            let name = self.context.slice(site.call.func.range());
            if !names.contains(&name) {
                names.push(name);
            }
            let class = self.error_class(site).qualified;
            if !classes.contains(&class) {
                classes.push(class);
            }
        }
        classes.sort();
        let shown = if names.len() > 6 {
            format!("`{}` and {} more", names[..5].join("`, `"), names.len() - 5)
        } else {
            format!("`{}`", names.join("`, `"))
        };
        let message = match self.open_transaction(unit, &regions) {
            Some(connection) => format!(
                "Database calls {} commit on `{connection}` with no rollback on error ({shown}): a failure leaves the transaction open; catch `{}`, roll back, log it and re-raise",
                unit.place(),
                classes.join("`/`"),
            ),
            None => format!(
                "Database calls {} run without error handling ({shown}); catch `{}`, log it and re-raise",
                unit.place(),
                classes.join("`/`"),
            ),
        };
        let mut diagnostic = Diagnostic::new(Rule::DbErrorHandling, first.range(), message);
        diagnostic.try_set_fix(|| self.wrap_fix(unit, &regions));
        diagnostics.push(diagnostic);
    }

    /// The runs of statements to wrap in `suite`: from the first to the last
    /// statement with an unguarded call; a lone `if` (whose test makes no
    /// call) or `try` is entered and its blocks planned instead.
    fn plan(
        &self,
        suite: &'a [Stmt],
        scope: Scope<'a>,
        guards: &Guards,
        regions: &mut Vec<Region<'a>>,
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
        if first == last {
            match &suite[first] {
                Stmt::If(stmt_if) if header_calls(&suite[first]).is_empty() => {
                    self.plan(&stmt_if.body, scope, guards, regions);
                    for clause in &stmt_if.elif_else_clauses {
                        self.plan(&clause.body, scope, guards, regions);
                    }
                    return;
                }
                Stmt::Try(try_stmt) => {
                    let inner = self.guards_of(try_stmt, guards);
                    self.plan(&try_stmt.body, scope, &inner, regions);
                    if self.strict() {
                        for handler in &try_stmt.handlers {
                            let ast::ExceptHandler::ExceptHandler(handler) = handler;
                            self.plan(&handler.body, scope, guards, regions);
                        }
                        self.plan(&try_stmt.finalbody, scope, guards, regions);
                    }
                    self.plan(&try_stmt.orelse, scope, guards, regions);
                    return;
                }
                _ => {}
            }
        }
        let sites = per_stmt
            .into_iter()
            .skip(first)
            .take(last + 1 - first)
            .flatten()
            .collect();
        regions.push(Region {
            run: &suite[first..=last],
            sites,
        });
    }

    /// Which library's errors replace `driver`'s in this module, if any.
    fn wrapper_for(&self, driver: &Driver) -> Option<&'static data::Wrapper> {
        data::data().wrapper.iter().find(|wrapper| {
            wrapper.drivers.contains(&driver.name)
                && wrapper
                    .uses
                    .iter()
                    .any(|module| self.context.semantic.imports_module(module))
        })
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::model::rule::Rule;
    use crate::model::settings::{DbErrorScope, Settings};
    use crate::parse::source::SourceFile;

    const SOURCE: &str = r#"from django.db import connection, transaction


@transaction.atomic
def rename(user_id, name):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE auth_user SET username = %s WHERE id = %s", [name, user_id])


def save(connection):
    try:
        connection.commit()
    except Exception:
        connection.rollback()
        return False
    return True
"#;

    fn lines(scope: DbErrorScope) -> Vec<usize> {
        let mut settings = Settings::with_rules(&[Rule::DbErrorHandling]);
        settings.db_error_scope = scope;
        let source = SourceFile::from_text(SOURCE);
        crate::check_source(Path::new("x.py"), &source, &settings)
            .unwrap()
            .iter()
            .map(|d| source.line_column(d.range.start()).0)
            .collect()
    }

    #[test]
    fn every_unit_scope_keeps_the_old_reach() {
        assert_eq!(lines(DbErrorScope::Lost), Vec::<usize>::new());
        assert_eq!(lines(DbErrorScope::Unhandled), Vec::<usize>::new());
        // The atomic-decorated unit and the rollback in a handler that does not re-raise.
        assert_eq!(lines(DbErrorScope::EveryUnit), vec![7, 14]);
    }

    #[test]
    fn scope_parses() {
        assert_eq!(
            DbErrorScope::parse("every-unit"),
            Some(DbErrorScope::EveryUnit)
        );
        assert_eq!(
            DbErrorScope::parse("unhandled"),
            Some(DbErrorScope::Unhandled)
        );
        assert_eq!(DbErrorScope::parse("lost"), Some(DbErrorScope::Lost));
        assert_eq!(DbErrorScope::parse("all"), None);
    }
}
