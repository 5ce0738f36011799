//! Which calls talk to the database, and what guards them where they run:
//! the `try` handlers around them and the handling context managers they run in.

use crate::linter::syntax::{Scope, child_suites, header_calls};
use crate::model::drivers::{DbKind, Driver};
use crate::parse::{Expr, Stmt, ast};

use super::ErrorHandling;

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

/// Operations that write or end a transaction.
pub(super) const COMMITS: &[&str] = &["commit"];

/// One database call.
pub(super) struct CallSite<'a> {
    pub call: &'a ast::ExprCall,
    pub operation: String,
    pub driver: &'a Driver,
    /// The driver is the module's only one, taken for a DB-looking name.
    pub guessed: bool,
    /// The connection the call is made on (`conn` in `conn.commit()`).
    pub connection: Option<&'a Expr>,
}

/// What the handlers and context managers around a point catch.
#[derive(Clone, Default, Debug)]
pub(super) struct Guards {
    /// `except:`, `except Exception:`, or a class remedy cannot resolve
    /// (a project's own error type: the author evidently handled errors there).
    pub broad: bool,
    /// Qualified names of the classes caught.
    pub names: Vec<String>,
    /// Inside a context manager known to handle database errors.
    pub managed: bool,
}

/// Where a call sits relative to the `try` statements around it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Zone {
    /// A `try` body, a plain block, an `else` clause.
    Normal,
    /// An `except` handler (cleanup on an error path), or one that ends in a bare `raise`.
    Handler { re_raises: bool },
    /// A `finally` clause.
    Finally,
}

impl<'a> ErrorHandling<'a> {
    /// The database call `call` makes, if it is one.
    pub(super) fn site(&self, call: &'a ast::ExprCall) -> Option<CallSite<'a>> {
        if let Some(made) = self.db.constructed_by(self.context, call) {
            // `create_engine`, `sessionmaker` and `Session` do not connect yet.
            if !made.connects {
                return None;
            }
            return Some(CallSite {
                call,
                operation: "connect".to_owned(),
                driver: made.object.driver?,
                guessed: false,
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
            guessed: object.presumed,
            connection: (object.kind == DbKind::Connection
                && matches!(&*attribute.value, Expr::Name(_) | Expr::Attribute(_)))
            .then_some(&*attribute.value),
        })
    }

    /// Whether `guards` catch what `site` raises.
    pub(super) fn guarded(&self, guards: &Guards, site: &CallSite) -> bool {
        guards.broad
            || guards.managed
            || guards
                .names
                .iter()
                .any(|name| self.in_family(site.driver, name))
    }

    /// Whether the class `name` belongs to the errors a call of `driver` can
    /// raise here: the driver's modules, its base error's module (`psycopg2`
    /// for aiopg), or a wrapping library's (`oslo_db`).
    pub(super) fn in_family(&self, driver: &Driver, name: &str) -> bool {
        let under = |prefix: &str| {
            name == prefix
                || name
                    .strip_prefix(prefix)
                    .is_some_and(|rest| rest.starts_with('.'))
        };
        driver.owns(name)
            || driver.error == name
            || under(driver.error_parts().0)
            || self
                .wrapper_for(driver)
                .is_some_and(|wrapper| under(wrapper.error_root()))
    }

    /// The guards inside a `try` body: what its handlers catch, added to the outer ones.
    ///
    /// One of two classifiers of "this handler catches database errors":
    /// the project index's `catches_database_errors` answers for a caller
    /// that does not know which driver its callee uses (any driver's error,
    /// or a class whose last name is `Error`/`DatabaseError`/`DBError`/…),
    /// while this one knows the call's driver and asks whether the class is
    /// in its family. They also part on a class neither can resolve (a
    /// project's own error type): broad here, not catching there. Unifying
    /// them means the index recording the classes each caller's `try`
    /// catches (not a yes/no), a change to `src/index` left for later.
    pub(super) fn guards_of(&self, try_stmt: &ast::StmtTry, outer: &Guards) -> Guards {
        let mut guards = outer.clone();
        for handler in &try_stmt.handlers {
            let ast::ExceptHandler::ExceptHandler(handler) = handler;
            for caught in self.caught(handler) {
                match caught {
                    Some(name) if name == "Exception" || name == "BaseException" => {
                        guards.broad = true
                    }
                    Some(name) => guards.names.push(name),
                    None => guards.broad = true,
                }
            }
        }
        guards
    }

    /// The classes a handler catches: `None` for one remedy cannot resolve;
    /// a bare `except:` catches `BaseException`.
    pub(super) fn caught(&self, handler: &ast::ExceptHandlerExceptHandler) -> Vec<Option<String>> {
        let Some(caught) = &handler.type_ else {
            return vec![Some("BaseException".to_owned())];
        };
        let types: Vec<&Expr> = match &**caught {
            Expr::Tuple(tuple) => tuple.elts.iter().collect(),
            other => vec![other],
        };
        types
            .into_iter()
            .map(|expr| self.context.semantic.resolve_qualified_name(expr))
            .collect()
    }

    /// Every call in `stmt` (its header and its blocks, not nested functions
    /// or classes), with the guards in force and the zone it sits in.
    pub(super) fn walk_calls(
        &self,
        stmt: &'a Stmt,
        scope: Scope<'a>,
        guards: &Guards,
        zone: Zone,
        visit: &mut dyn FnMut(&'a ast::ExprCall, &Guards, Zone),
    ) {
        if matches!(stmt, Stmt::FunctionDef(_) | Stmt::ClassDef(_)) {
            return;
        }
        for call in header_calls(stmt) {
            visit(call, guards, zone);
        }
        match stmt {
            Stmt::Try(try_stmt) => {
                let inner = self.guards_of(try_stmt, guards);
                for body_stmt in &try_stmt.body {
                    self.walk_calls(body_stmt, scope, &inner, zone, visit);
                }
                for handler in &try_stmt.handlers {
                    let ast::ExceptHandler::ExceptHandler(handler) = handler;
                    let re_raises = matches!(handler.body.last(),
                        Some(Stmt::Raise(raise)) if raise.exc.is_none());
                    let handler_zone = match zone {
                        Zone::Normal => Zone::Handler { re_raises },
                        outer => outer,
                    };
                    for handler_stmt in &handler.body {
                        self.walk_calls(handler_stmt, scope, guards, handler_zone, visit);
                    }
                }
                for other in &try_stmt.orelse {
                    self.walk_calls(other, scope, guards, zone, visit);
                }
                let finally_zone = match zone {
                    Zone::Normal => Zone::Finally,
                    outer => outer,
                };
                for other in &try_stmt.finalbody {
                    self.walk_calls(other, scope, guards, finally_zone, visit);
                }
            }
            Stmt::With(with) if self.handles_with(with) => {
                let inner = Guards {
                    managed: true,
                    ..guards.clone()
                };
                for body_stmt in &with.body {
                    self.walk_calls(body_stmt, scope, &inner, zone, visit);
                }
            }
            _ => {
                for (child, child_scope) in child_suites(stmt, scope) {
                    for child_stmt in child {
                        self.walk_calls(child_stmt, child_scope, guards, zone, visit);
                    }
                }
            }
        }
    }

    /// The unguarded database calls in `stmt` that this run reports: in the
    /// precise scope, not those in `except` handlers or `finally` clauses
    /// (cleanup on an error path); in the every-unit scope, as before, all
    /// but those in a handler that ends in a bare `raise`.
    pub(super) fn sites_in(
        &self,
        stmt: &'a Stmt,
        scope: Scope<'a>,
        guards: &Guards,
    ) -> Vec<CallSite<'a>> {
        let strict = self.strict();
        let mut sites = Vec::new();
        self.walk_calls(
            stmt,
            scope,
            guards,
            Zone::Normal,
            &mut |call, guards, zone| {
                let reported = match zone {
                    Zone::Normal => true,
                    Zone::Handler { re_raises } => strict && !re_raises,
                    Zone::Finally => strict,
                };
                if !reported {
                    return;
                }
                if let Some(site) = self.site(call)
                    && !self.guarded(guards, &site)
                {
                    sites.push(site);
                }
            },
        );
        sites
    }
}
