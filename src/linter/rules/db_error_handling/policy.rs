//! Whose job a unit's database errors are. In a distributed package (a
//! module inside a package, or beside `setup.py` / `setup.cfg` /
//! `pyproject.toml`), a function that lets a database error propagate hands
//! it to its caller, and ultimately to the library's user or the
//! application's top level: propagating is handling. There the rule reports
//! only units where an error ends the program or thread — entry points (a
//! CLI command, a request handler, `main`, what the module's top-level code
//! or `if __name__ == "__main__":` block calls, a thread's target) — and units
//! that leave a transaction open when they fail: two writes or more (or one
//! in a loop) before a `commit()` on a connection that outlives the unit,
//! with no rollback on error. A loose script or module (in no package, with
//! no packaging file beside it) is judged as before: every unit whose callers
//! do not handle its errors.

use std::cell::OnceCell;
use std::collections::HashSet;

use crate::linter::syntax;
use crate::parse::{Expr, Ranged, Stmt, ast, visitor, visitor::Visitor};

use super::data::data;
use super::sites::{COMMITS, CallSite};
use super::wrap::Rollback;
use super::{ErrorHandling, Region, Unit};

/// Operations that may write (the first argument decides, when it is a literal).
const WRITES: &[&str] = &["execute", "executemany", "executescript"];

/// What the module tells about where its functions run (built on first use).
#[derive(Default)]
pub(super) struct ModuleShape {
    /// Inside a package or beside a packaging file.
    distributed: bool,
    /// Functions the module-level code calls by name (`main()` under
    /// `__main__`), outside a `try` that handles errors.
    called_at_top: HashSet<String>,
    /// Functions and methods started as threads: `Thread(target=f)`,
    /// `Thread(target=self.f)`, `executor.submit(f, ...)`.
    thread_targets: HashSet<String>,
    /// A sqlite3 connection made with `check_same_thread=False`: the module
    /// shares connections between threads.
    shares_connections_across_threads: bool,
    /// Functions and methods handed to a call as a positional argument
    /// (`pool.do(thd)`, `db.runInteraction(self._add)`): callbacks a runner
    /// calls with what it owns.
    callbacks: HashSet<String>,
}

impl<'a> ErrorHandling<'a> {
    pub(super) fn shape(&self) -> &ModuleShape {
        self.shape.get_or_init(|| self.build_shape())
    }

    fn build_shape(&self) -> ModuleShape {
        let path = self.context.path;
        let folder = std::path::absolute(path)
            .ok()
            .and_then(|p| p.parent().map(std::path::Path::to_path_buf));
        let beside_packaging = folder.is_some_and(|folder| {
            ["setup.py", "setup.cfg", "pyproject.toml"]
                .iter()
                .any(|name| folder.join(name).is_file())
        });
        let distributed = beside_packaging || crate::model::index::package_root(path).is_some();
        let mut shape = ModuleShape {
            distributed,
            ..ModuleShape::default()
        };
        // Calls made by the module's top-level code (functions and classes aside).
        for stmt in self.context.body() {
            self.walk_calls(
                stmt,
                syntax::Scope { function: None },
                &super::sites::Guards::default(),
                super::sites::Zone::Normal,
                &mut |call, guards, _| {
                    // A call in a `try` that handles its errors is no way out.
                    let handled = guards.broad || guards.managed || !guards.names.is_empty();
                    if !handled && let Expr::Name(name) = &*call.func {
                        shape.called_at_top.insert(name.id.to_string());
                    }
                },
            );
        }
        let mut calls = CallFinder::default();
        visitor::walk_body(&mut calls, self.context.body());
        let semantic = self.context.semantic;
        let pools = semantic.imports_module("concurrent.futures")
            || semantic.imports_module("multiprocessing");
        for call in calls.0 {
            for argument in &call.arguments.args {
                match argument {
                    Expr::Name(name) => {
                        shape.callbacks.insert(name.id.to_string());
                    }
                    Expr::Attribute(attribute) if matches!(&*attribute.value, Expr::Name(n) if n.id.as_str() == "self") =>
                    {
                        shape.callbacks.insert(attribute.attr.id.to_string());
                    }
                    _ => {}
                }
            }
            let qualified = semantic.resolve_qualified_name(&call.func);
            let target = match qualified.as_deref() {
                Some("threading.Thread" | "threading.Timer") => call
                    .arguments
                    .keywords
                    .iter()
                    .find(|k| k.arg.as_ref().is_some_and(|a| a.id.as_str() == "target"))
                    .map(|k| &k.value)
                    .or_else(|| match qualified.as_deref() {
                        Some("threading.Timer") => call.arguments.args.get(1),
                        _ => None,
                    }),
                Some("sqlite3.connect") => {
                    if call.arguments.keywords.iter().any(|k| {
                        k.arg
                            .as_ref()
                            .is_some_and(|a| a.id.as_str() == "check_same_thread")
                            && matches!(k.value, Expr::BooleanLiteral(ref b) if !b.value)
                    }) {
                        shape.shares_connections_across_threads = true;
                    }
                    None
                }
                _ => match &*call.func {
                    Expr::Attribute(attribute)
                        if pools
                            && matches!(
                                attribute.attr.id.as_str(),
                                "submit" | "map" | "apply_async" | "imap" | "imap_unordered"
                            ) =>
                    {
                        call.arguments.args.first()
                    }
                    _ => None,
                },
            };
            match target {
                Some(Expr::Name(name)) => {
                    shape.thread_targets.insert(name.id.to_string());
                }
                Some(Expr::Attribute(attribute)) if matches!(&*attribute.value, Expr::Name(n) if n.id.as_str() == "self") =>
                {
                    shape.thread_targets.insert(attribute.attr.id.to_string());
                }
                _ => {}
            }
        }
        shape
    }

    /// Whether the unit's errors are someone else's to handle: a function
    /// of a distributed package that is no entry point and leaves no
    /// transaction open. Module-level code is never handed on.
    pub(super) fn hands_errors_on(&self, unit: &Unit<'a>, regions: &[Region<'a>]) -> bool {
        let Some(def) = unit.scope.function else {
            return false;
        };
        self.shape().distributed
            && !self.entry_point(def)
            && self.open_transaction(unit, regions).is_none()
    }

    /// A function where an error ends the program, the request or the thread.
    pub(super) fn entry_point(&self, def: &ast::StmtFunctionDef) -> bool {
        let name = def.name.id.as_str();
        let shape = self.shape();
        let at_module_level = self
            .context
            .body()
            .iter()
            .any(|stmt| stmt.range() == def.range());
        if at_module_level && (name == "main" || shape.called_at_top.contains(name)) {
            return true;
        }
        if self.runs_in_thread(def) {
            return true;
        }
        let frameworks = &data().entry_points.frameworks;
        let uses_framework = frameworks
            .iter()
            .any(|module| self.context.semantic.imports_module(module));
        if !uses_framework {
            return false;
        }
        let decorated = def.decorator_list.iter().any(|decorator| {
            let callee = match &decorator.expression {
                Expr::Call(call) => &*call.func,
                other => other,
            };
            let last = match callee {
                Expr::Attribute(attribute) => attribute.attr.id.as_str(),
                Expr::Name(name) => name.id.as_str(),
                _ => return false,
            };
            data().entry_points.decorators.iter().any(|d| d == last)
        });
        // A view: `def show(request, ...)`, `def get(self, request, ...)`.
        let view = def
            .parameters
            .iter()
            .map(|p| p.name().id.as_str())
            .find(|p| !matches!(*p, "self" | "cls"))
            .is_some_and(|p| matches!(p, "request" | "req"));
        decorated || view
    }

    /// A thread's target, or `run` of a `threading.Thread` subclass.
    pub(super) fn runs_in_thread(&self, def: &ast::StmtFunctionDef) -> bool {
        if self.shape().thread_targets.contains(def.name.id.as_str()) {
            return true;
        }
        def.name.id.as_str() == "run"
            && self.context.body().iter().any(|stmt| {
                let mut found = false;
                syntax::for_each_simple_statement(stmt, &mut |inner| {
                    if let Stmt::ClassDef(class) = inner
                        && class.body.iter().any(|m| m.range() == def.range())
                        && class.bases().iter().any(|base| {
                            self.context
                                .semantic
                                .resolve_qualified_name(base)
                                .as_deref()
                                == Some("threading.Thread")
                        })
                    {
                        found = true;
                    }
                });
                found
            })
    }

    /// Whether a rollback of a connection shared beyond the unit may discard
    /// another thread's work: the unit runs in a thread, or the module makes
    /// sqlite3 connections for use across threads.
    pub(super) fn shared_across_threads(&self, unit: &Unit<'a>) -> bool {
        self.shape().shares_connections_across_threads
            || unit
                .scope
                .function
                .is_some_and(|def| self.runs_in_thread(def))
    }

    /// The connection a region commits on after two writes or more (or one
    /// in a loop) with nothing to roll it back on error, when it outlives
    /// the unit: a failure leaves the transaction open, and the next
    /// `commit()` anyone makes on it commits half the work.
    pub(super) fn open_transaction(
        &self,
        unit: &Unit<'a>,
        regions: &[Region<'a>],
    ) -> Option<String> {
        // A connection presumed by its name may be the module's own wrapper
        // class (sqlitedict's `SqliteMultithread`), whose `commit` is its own.
        let wraps = self
            .context
            .own_facts()
            .classes
            .values()
            .any(|class| class.defines_execute || class.wraps_connection_or_cursor);
        let callback = unit.scope.function.filter(|def| {
            self.shape().callbacks.contains(def.name.id.as_str()) && !self.runs_in_thread(def)
        });
        for region in regions {
            let Some(commit) = region.sites.iter().find(|site| {
                COMMITS.contains(&site.operation.as_str())
                    && site.connection.is_some()
                    && !(site.guessed && wraps)
                    && !site.driver.is_async
            }) else {
                continue;
            };
            // An object the unit made itself (`outdb = Db(path)`; `outdb.conn`)
            // goes with the frame, its transaction with it.
            if let Some(Expr::Attribute(attribute)) = commit.connection
                && let Expr::Name(root) = &*attribute.value
                && root.id.as_str() != "self"
                && self
                    .context
                    .semantic
                    .binding_at(root.id.as_str(), root.start())
                    .is_some_and(|b| b.kind == crate::semantic::BindingKind::Assignment)
            {
                continue;
            }
            // A callback's connection is its runner's (`pool.do(thd)` opens
            // one per call and closes it, rolling back what is left open).
            if let Some(def) = callback
                && commit
                    .connection
                    .is_some_and(|connection| self.comes_from_parameter(def, connection))
            {
                continue;
            }
            // A nested helper handed its connection by the function around
            // it, which holds that connection in a `with` block: the block's
            // manager closes or rolls it back as the helper's error passes.
            if let Some(def) = unit.scope.function
                && let Some(connection) = commit.connection
                && let Some(position) = self.parameter_position(def, connection)
                && self.every_call_passes_managed_object(def, position)
            {
                continue;
            }
            let writes: Vec<&CallSite> = region
                .sites
                .iter()
                .filter(|site| site.call.start() < commit.call.start() && writes(site))
                .collect();
            let in_loop = writes
                .iter()
                .any(|site| in_loop(region.run, site.call.start()));
            // Two writes that can both run: not the two branches of one `if`.
            let two = writes.iter().enumerate().any(|(i, a)| {
                writes[i + 1..]
                    .iter()
                    .any(|b| !exclusive(region.run, a.call.start(), b.call.start()))
            });
            if !two && !in_loop {
                continue;
            }
            if let Some(Rollback::Shared(name)) = self.rollback_of(unit, region, commit) {
                return Some(name);
            }
        }
        None
    }
}

impl<'a> ErrorHandling<'a> {
    /// The position of the parameter of `def` that `connection` is
    /// (`conn`, `conn.commit` aside: the expression is the receiver).
    fn parameter_position(&self, def: &ast::StmtFunctionDef, connection: &Expr) -> Option<usize> {
        let Expr::Name(name) = connection else {
            return None;
        };
        let binding = self
            .context
            .semantic
            .binding_at(name.id.as_str(), name.start())?;
        if binding.kind != crate::semantic::BindingKind::Parameter
            || !def.parameters.range.contains_range(binding.range)
        {
            return None;
        }
        def.parameters
            .posonlyargs
            .iter()
            .chain(&def.parameters.args)
            .position(|p| p.name().id == name.id)
    }

    /// Whether every mention of `def`'s name where it is visible is a call
    /// passing, at `position`, a name the caller bound in a `with` item
    /// (`with self.get() as conn:` `_setit(conn)`): for a nested function,
    /// in the function around it; for a module's function, in the module,
    /// when the project index counts no call of it elsewhere.
    fn every_call_passes_managed_object(
        &self,
        def: &ast::StmtFunctionDef,
        position: usize,
    ) -> bool {
        let semantic = self.context.semantic;
        let outer = semantic.function_at(def.start());
        let (body, range) = match outer {
            Some(outer) => (outer.body.as_slice(), outer.range),
            None if semantic.scope_at(def.start()) == crate::semantic::ScopeId::MODULE => (
                self.context.body(),
                crate::parse::TextRange::up_to(crate::parse::TextSize::of(
                    self.context.source.text(),
                )),
            ),
            None => return false,
        };
        let Some(calls) = semantic.only_calls_of(def, body, range) else {
            return false;
        };
        let managed = calls.iter().all(|call| {
            matches!(call.arguments.args.get(position), Some(Expr::Name(argument))
                if semantic
                    .binding_at(argument.id.as_str(), argument.start())
                    .is_some_and(|b| b.kind == crate::semantic::BindingKind::WithItem))
        });
        managed && (outer.is_some() || self.context.callers_in_run(def) == calls.len())
    }

    /// Whether `connection` is a parameter of `def` (`conn`), or a name
    /// `def` binds from a call on one (`transaction = conn.begin()`).
    fn comes_from_parameter(&self, def: &ast::StmtFunctionDef, connection: &'a Expr) -> bool {
        let is_parameter = |name: &str| def.parameters.iter().any(|p| p.name().id.as_str() == name);
        let root = |expr: &'a Expr| -> Option<&'a ast::ExprName> {
            let mut current = expr;
            loop {
                match current {
                    Expr::Name(name) => return Some(name),
                    Expr::Attribute(attribute) => current = &attribute.value,
                    Expr::Call(call) => current = &call.func,
                    _ => return None,
                }
            }
        };
        let Some(name) = root(connection) else {
            return false;
        };
        if is_parameter(name.id.as_str()) {
            return true;
        }
        self.context
            .semantic
            .every_reaching_binding(name, |binding| {
                binding.kind == crate::semantic::BindingKind::Assignment
                    && binding
                        .value
                        .and_then(root)
                        .is_some_and(|from| is_parameter(from.id.as_str()))
            })
    }
}

/// Whether a call may write: an `execute*` whose SQL is not a literal read.
fn writes(site: &CallSite) -> bool {
    if !WRITES.contains(&site.operation.as_str()) {
        return false;
    }
    let Some(Expr::StringLiteral(sql)) = site.call.arguments.args.first() else {
        return true;
    };
    let head = sql
        .value
        .to_str()
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase();
    if matches!(head.as_str(), "SELECT" | "PRAGMA" | "WITH" | "EXPLAIN") {
        return false;
    }
    // Python's sqlite3 opens a transaction only before INSERT, UPDATE,
    // DELETE and REPLACE: schema statements run outside one (khal's
    // `CREATE TABLE IF NOT EXISTS` … `commit()` leaves nothing open).
    !(site.driver.name == "sqlite3" && matches!(head.as_str(), "CREATE" | "DROP" | "ALTER"))
}

/// Whether `a` and `b` sit in different branches of one `if` of `run`.
fn exclusive(run: &[Stmt], a: crate::parse::TextSize, b: crate::parse::TextSize) -> bool {
    run.iter().any(|stmt| {
        let mut found = false;
        syntax::for_each_simple_statement(stmt, &mut |inner| {
            let Stmt::If(stmt_if) = inner else {
                return;
            };
            let branch_of = |at: crate::parse::TextSize| {
                let in_suite = |suite: &[Stmt]| {
                    suite.first().is_some_and(|first| {
                        crate::parse::TextRange::new(first.start(), suite[suite.len() - 1].end())
                            .contains(at)
                    })
                };
                if in_suite(&stmt_if.body) {
                    return Some(0);
                }
                stmt_if
                    .elif_else_clauses
                    .iter()
                    .position(|clause| in_suite(&clause.body))
                    .map(|i| i + 1)
            };
            if let (Some(x), Some(y)) = (branch_of(a), branch_of(b))
                && x != y
            {
                found = true;
            }
        });
        found
    })
}

/// Whether `at` sits in a `for` or `while` loop of `run`.
fn in_loop(run: &[Stmt], at: crate::parse::TextSize) -> bool {
    run.iter().any(|stmt| {
        let mut found = false;
        syntax::for_each_simple_statement(stmt, &mut |inner| {
            if matches!(inner, Stmt::For(_) | Stmt::While(_)) && inner.range().contains(at) {
                found = true;
            }
        });
        found
    })
}

/// Every call in a module (nested functions and classes too).
#[derive(Default)]
struct CallFinder<'a>(Vec<&'a ast::ExprCall>);

impl<'a> Visitor<'a> for CallFinder<'a> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Call(call) = expr {
            self.0.push(call);
        }
        visitor::walk_expr(self, expr);
    }
}

/// The module's shape, built on first use by [`ErrorHandling::shape`].
pub(super) type ShapeCell = OnceCell<ModuleShape>;

#[cfg(test)]
mod tests {
    use crate::model::rule::Rule;
    use crate::model::settings::{DbErrorScope, Settings};
    use crate::parse::source::SourceFile;

    const LIBRARY: &str = r#"import sqlite3
import threading


class Store:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def get(self, key):
        return self.conn.execute("SELECT v FROM kv WHERE k = ?", (key,)).fetchone()

    def put(self, key, value):
        self.conn.execute("INSERT INTO kv VALUES (?, ?)", (key, value))
        self.conn.commit()

    def put_many(self, pairs):
        for key, value in pairs:
            self.conn.execute("INSERT INTO kv VALUES (?, ?)", (key, value))
        self.conn.commit()

    def _vacuum(self):
        self.conn.execute("VACUUM")


def export(path, rows):
    conn = sqlite3.connect(path)
    conn.executemany("INSERT INTO t VALUES (?)", rows)
    conn.execute("UPDATE meta SET n = n + 1")
    conn.commit()


def report(path):
    conn = sqlite3.connect(path)
    print(conn.execute("SELECT count(*) FROM t").fetchone())


if __name__ == "__main__":
    report("x.db")
"#;

    /// The lines of the findings in `LIBRARY` saved as `name` in a folder
    /// holding `beside` (a packaging file), or loose.
    fn lines(beside: Option<&str>, scope: DbErrorScope) -> Vec<usize> {
        let dir = tempfile::tempdir().unwrap();
        if let Some(file) = beside {
            std::fs::write(dir.path().join(file), "").unwrap();
        }
        let path = dir.path().join("store.py");
        std::fs::write(&path, LIBRARY).unwrap();
        let mut settings = Settings::with_rules(&[Rule::DbErrorHandling]);
        settings.db_error_scope = scope;
        let source = SourceFile::from_text(LIBRARY);
        crate::check_source(&path, &source, &settings)
            .unwrap()
            .iter()
            .map(|d| source.line_column(d.range.start()).0)
            .collect()
    }

    #[test]
    fn a_library_hands_its_errors_to_its_users() {
        // Distributed (beside setup.py, or in a package): only the open
        // transaction on the shared connection (`put_many`: writes in a loop)
        // and the `__main__` entry point (`report`); `put` (one write), `get`,
        // `_vacuum` and `export` (its own connection) hand their errors on.
        for beside in ["setup.py", "pyproject.toml", "__init__.py"] {
            assert_eq!(
                lines(Some(beside), DbErrorScope::Unhandled),
                vec![18, 33],
                "{beside}"
            );
        }
        // A loose module is judged as before: every unit.
        assert_eq!(
            lines(None, DbErrorScope::Unhandled),
            vec![7, 10, 13, 18, 22, 26, 33]
        );
    }

    #[test]
    fn by_default_only_a_transaction_left_open_is_reported() {
        // `report`'s error ends the script with a traceback; `put_many`'s
        // leaves its earlier inserts pending on the shared connection.
        for beside in [None, Some("setup.py"), Some("__init__.py")] {
            assert_eq!(lines(beside, DbErrorScope::Lost), vec![18], "{beside:?}");
        }
    }

    const APP: &str = r#"import sqlite3

from flask import Flask

app = Flask(__name__)


def load(path):
    conn = sqlite3.connect(path)
    return conn.execute("SELECT * FROM posts").fetchall()


@app.route("/posts/<int:post_id>/delete", methods=["POST"])
def delete(post_id):
    conn = sqlite3.connect("app.db")
    conn.execute("DELETE FROM posts WHERE id = ?", (post_id,))
    conn.commit()
    return "ok"


def show(request, post_id):
    conn = sqlite3.connect("app.db")
    return conn.execute("SELECT * FROM posts WHERE id = ?", (post_id,)).fetchone()
"#;

    #[test]
    fn an_application_reports_its_entry_points() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("__init__.py"), "").unwrap();
        let path = dir.path().join("views.py");
        std::fs::write(&path, APP).unwrap();
        let source = SourceFile::from_text(APP);
        let found = |scope| -> Vec<usize> {
            let mut settings = Settings::with_rules(&[Rule::DbErrorHandling]);
            settings.db_error_scope = scope;
            crate::check_source(&path, &source, &settings)
                .unwrap()
                .iter()
                .map(|d| source.line_column(d.range.start()).0)
                .collect()
        };
        // The route and the view taking `request`; not the helper `load`.
        assert_eq!(found(DbErrorScope::Unhandled), vec![15, 22]);
        // By default not even those: the framework logs the error and answers 500.
        assert_eq!(found(DbErrorScope::Lost), Vec::<usize>::new());
    }
}
