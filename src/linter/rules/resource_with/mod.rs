//! `resource-with` (CWE-404, CWE-772): resources acquired without a context
//! manager and closed by hand or never move into `with` (a close in the
//! `finally:` of a `try` right after the acquisition is exception safe: left alone).

mod inline;
mod join;
mod locks;

use std::collections::HashSet;

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::linter::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::linter::fix::Importer;
use crate::linter::fix::indent::{
    indent_lines, is_compound, multiline_string_ranges, owns_its_lines,
};
use crate::linter::fix::statements::remove_statement;
use crate::linter::syntax::{self, Scope, method_call_statement, simple_assignment};
use crate::linter::traversal::NodeRule;
use crate::model::Context;
use crate::model::drivers::{DbKind, DbModel};
use crate::model::rule::Rule;
use crate::parse::{Expr, Ranged, Stmt, TextRange, TextSize, Visitor, ast, visitor};
use crate::semantic::{BindingKind, ScopeId};

#[derive(Debug, Deserialize)]
struct Constructor {
    calls: Vec<String>,
    closers: Vec<String>,
    exit: String,
    #[serde(default)]
    closing: bool,
    #[serde(default, rename = "async")]
    is_async: bool,
    /// Closers that also do work the code needs (`out, err = p.communicate()`):
    /// they release the resource, but a fix never drops them.
    #[serde(default)]
    keep: Vec<String>,
}

/// Whether calling `method` releases a resource and also does work the code
/// needs, so that a fix cannot drop the call (`Popen.communicate`).
fn kept_closer(method: &str) -> bool {
    constructors()
        .iter()
        .any(|constructor| constructor.keep.iter().any(|kept| kept == method))
}

#[derive(Debug, Deserialize)]
struct ConstructorFile {
    constructor: Vec<Constructor>,
    methods: Methods,
    inline: Inline,
    locks: Locks,
}

/// `Path(p).open()`: methods of objects constructed in place that open a file.
#[derive(Debug, Deserialize)]
struct Methods {
    receivers: Vec<String>,
    names: Vec<String>,
}

/// Callees of a resource passed straight to a call.
#[derive(Debug, Deserialize)]
struct Inline {
    consumers: Vec<String>,
    keepers: Vec<String>,
}

/// Lock types whose context manager is `acquire()` … `release()`.
#[derive(Debug, Deserialize)]
struct Locks {
    calls: Vec<String>,
}

fn table() -> &'static ConstructorFile {
    static TABLE: OnceLock<ConstructorFile> = OnceLock::new();
    TABLE.get_or_init(|| {
        toml::from_str(include_str!(
            "../../../../transforms/resource-with/constructors.toml"
        ))
        .expect("the resource constructor table is valid TOML")
    })
}

fn constructors() -> &'static [Constructor] {
    &table().constructor
}

fn lock_constructors() -> &'static [String] {
    &table().locks.calls
}

/// What acquiring a resource looks like, and how it is released.
struct Resource {
    /// Display name (`open`, `sqlite3.connect`, `cursor`).
    name: String,
    closers: Vec<String>,
    exit: String,
    /// Wrap in `contextlib.closing(...)`.
    closing: bool,
    is_async: bool,
}

/// The rule, for the shared walk over a module: it looks at each suite.
pub fn node_rule<'a>(context: &'a Context<'a>) -> Box<dyn NodeRule<'a> + 'a> {
    Box::new(Suites {
        context,
        db: context.db(),
        diagnostics: Vec::new(),
        with_bodies: FxHashMap::default(),
        known_locks: OnceLock::new(),
        managed: HashSet::new(),
    })
}

struct Suites<'a> {
    context: &'a Context<'a>,
    db: &'a DbModel<'static>,
    diagnostics: Vec<Diagnostic>,
    /// `with` statements by the start of their body: a resource acquired
    /// first thing in a `with` body can join that `with`'s header.
    with_bodies: FxHashMap<TextSize, &'a ast::StmtWith>,
    known_locks: OnceLock<HashSet<String>>,
    /// Acquisitions that end a `try` body and are managed after it.
    managed: HashSet<TextSize>,
}

impl<'a> NodeRule<'a> for Suites<'a> {
    fn enter_suite(&mut self, suite: &'a [Stmt], scope: Scope<'a>) {
        for (index, stmt) in suite.iter().enumerate() {
            if let Stmt::With(with) = stmt
                && let Some(first) = with.body.first()
            {
                self.with_bodies.insert(first.start(), with);
            }
            self.managed.extend(managed_after_try(suite, index));
        }
        let enclosing = suite
            .first()
            .and_then(|first| self.with_bodies.get(&first.start()).copied());
        for index in 0..suite.len() {
            if self.managed.contains(&suite[index].start()) {
                // Ends a `try` body (or reopens in a handler) and is managed after it.
                continue;
            }
            let enclosing = enclosing.filter(|_| index == 0);
            check_statement(
                self.context,
                self.db,
                suite,
                index,
                scope,
                enclosing,
                &self.known_locks,
                &mut self.diagnostics,
            );
        }
    }

    fn finish(self: Box<Self>) -> Vec<Diagnostic> {
        let mut diagnostics = self.diagnostics;
        // Sockets, processes and mail clients became context managers in
        // Python 3.2 to 3.4 (wave files and dbm in 3.4): for older targets
        // (mitmproxy 0.15 runs on 2.7) a `with` would raise.
        if self.context.settings.target_version < OLDEST_WITH_TARGET {
            for diagnostic in &mut diagnostics {
                diagnostic.fix = None;
            }
        }
        diagnostics
    }
}

#[allow(clippy::too_many_arguments)]
fn check_statement(
    context: &Context,
    db: &DbModel,
    suite: &[Stmt],
    index: usize,
    scope: Scope,
    enclosing: Option<&ast::StmtWith>,
    known_locks: &OnceLock<HashSet<String>>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if let Some(diagnostic) = check_acquisition(context, db, suite, index, scope, enclosing) {
        diagnostics.push(diagnostic);
    } else if let Some(diagnostic) = check_several_targets(context, db, suite, index, scope) {
        diagnostics.push(diagnostic);
    } else if let Some(diagnostic) = check_inline_chain(context, &suite[index], scope) {
        diagnostics.push(diagnostic);
    } else if let Some(diagnostic) = inline::check_inline(context, &suite[index], scope) {
        diagnostics.push(diagnostic);
    } else if let Some(diagnostic) = locks::check_lock(context, suite, index, scope, known_locks) {
        diagnostics.push(diagnostic);
    }
}

/// `try: f = open(p)` / `except OSError: return` / `with f: …` (or `else:
/// with f:`, `else: f.close()`, or `try: … finally: f.close()` right after):
/// the acquisition ends the `try` body and what follows manages it; the only
/// code in between is the handlers, which leave (or reopen the same name,
/// managed the same way). The acquisitions' starts.
/// Whether a block ends by leaving (`return`, `raise`, `continue`, `break`),
/// on every branch of a final `if`/`else`.
fn ends_by_leaving(stmts: &[Stmt]) -> bool {
    match stmts.last() {
        Some(Stmt::Return(_) | Stmt::Raise(_) | Stmt::Continue(_) | Stmt::Break(_)) => true,
        Some(Stmt::If(if_stmt)) => {
            if_stmt
                .elif_else_clauses
                .last()
                .is_some_and(|clause| clause.test.is_none())
                && ends_by_leaving(&if_stmt.body)
                && if_stmt
                    .elif_else_clauses
                    .iter()
                    .all(|clause| ends_by_leaving(&clause.body))
        }
        _ => false,
    }
}

/// The name a block ends by binding to a resource, and where: its last
/// statement is `name = …`, or an `if` with an `else` each of whose branches
/// ends that way (with the same name).
fn ending_acquisitions(stmts: &[Stmt]) -> Option<(&str, Vec<TextSize>)> {
    let last = stmts.last()?;
    if let Some((name, _)) = acquisition(last) {
        return Some((name, vec![last.start()]));
    }
    let Stmt::If(if_stmt) = last else { return None };
    // An `else` is needed: without one, the name may be bound before the `if`.
    if if_stmt
        .elif_else_clauses
        .last()
        .is_none_or(|clause| clause.test.is_some())
    {
        return None;
    }
    let (name, mut starts) = ending_acquisitions(&if_stmt.body)?;
    for clause in &if_stmt.elif_else_clauses {
        let (other, more) = ending_acquisitions(&clause.body)?;
        if other != name {
            return None;
        }
        starts.extend(more);
    }
    Some((name, starts))
}

fn managed_after_try(suite: &[Stmt], index: usize) -> Vec<TextSize> {
    let try_stmt = match &suite[index] {
        Stmt::Try(try_stmt) => try_stmt,
        // `if p: f = open(p)` / `else: f = load()` / `with f:`.
        Stmt::If(_) => {
            return match ending_acquisitions(std::slice::from_ref(&suite[index])) {
                Some((name, starts))
                    if suite[index + 1..].iter().any(|s| managed_by_with(s, name)) =>
                {
                    starts
                }
                _ => Vec::new(),
            };
        }
        _ => return Vec::new(),
    };
    let Some((name, acquired)) = ending_acquisitions(&try_stmt.body) else {
        return Vec::new();
    };
    let closes = |stmt: &Stmt| method_call_statement(stmt, name, &["close"]).is_some();
    let finally_closes =
        |stmt: &Stmt| matches!(stmt, Stmt::Try(next) if next.finalbody.iter().any(&closes));
    let in_else = try_stmt
        .orelse
        .iter()
        .any(|s| managed_by_with(s, name) || finally_closes(s))
        || try_stmt.orelse.first().is_some_and(&closes);
    // `out = p.communicate()` right after the `try`: a closer the code needs.
    let kept_closer_next = |stmt: &Stmt| {
        !is_compound(stmt)
            && syntax::header_calls(stmt).iter().any(|call| {
                matches!(&*call.func, Expr::Attribute(attribute)
                    if kept_closer(attribute.attr.id.as_str())
                        && matches!(&*attribute.value, Expr::Name(n) if n.id.as_str() == name))
            })
    };
    let after = suite[index + 1..].iter().any(|s| managed_by_with(s, name))
        || suite.get(index + 1).is_some_and(&finally_closes)
        || suite.get(index + 1).is_some_and(kept_closer_next);
    let mut reopened = Vec::new();
    let handlers_leave = try_stmt.handlers.iter().all(|handler| {
        let ast::ExceptHandler::ExceptHandler(handler) = handler;
        match handler.body.last() {
            _ if ends_by_leaving(&handler.body) => true,
            Some(stmt) if acquisition(stmt).is_some_and(|(bound, _)| bound == name) => {
                reopened.push(stmt.start());
                true
            }
            _ => false,
        }
    });
    if in_else || (after && try_stmt.orelse.is_empty() && handlers_leave) {
        let mut starts = acquired;
        if !in_else {
            starts.extend(reopened);
        }
        starts
    } else {
        Vec::new()
    }
}

/// The opener a call is, from the table: `open(p)`, `tarfile.open(t)`, or
/// a method that opens on an object constructed in place (`Path(p).open()`,
/// `ZipFile(z).open(n)`): the display name and its table entry.
fn opener(context: &Context, call: &ast::ExprCall) -> Option<(String, &'static Constructor)> {
    let file_like = || {
        constructors()
            .iter()
            .find(|c| c.calls.iter().any(|q| q == "open"))
    };
    if let Expr::Attribute(attribute) = &*call.func
        && let Expr::Call(receiver) = &*attribute.value
        && table()
            .methods
            .names
            .iter()
            .any(|n| n == attribute.attr.id.as_str())
        && let Some(class) = context.semantic.resolve_qualified_name(&receiver.func)
        && table().methods.receivers.contains(&class)
    {
        return Some((format!("{class}(...).{}", attribute.attr.id), file_like()?));
    }
    let qualified = context.semantic.resolve_qualified_name(&call.func)?;
    let constructor = constructors()
        .iter()
        .find(|c| c.calls.contains(&qualified))?;
    if wraps_memory_buffer(context, call) {
        return None;
    }
    Some((qualified, constructor))
}

/// `GzipFile(fileobj=BytesIO(data))`, `ZipFile(buffer)` with `buffer =
/// io.BytesIO(blob)`: an archive over a buffer in memory holds no file
/// descriptor, and leaving it open leaks nothing.
fn wraps_memory_buffer(context: &Context, call: &ast::ExprCall) -> bool {
    let is_buffer_call = |expr: &Expr| {
        matches!(expr, Expr::Call(inner) if context
            .semantic
            .resolve_qualified_name(&inner.func)
            .is_some_and(|q| matches!(q.as_str(), "io.BytesIO" | "io.StringIO")))
    };
    let is_buffer = |expr: &Expr| match expr {
        Expr::Name(name) => context.semantic.every_reaching_binding(name, |binding| {
            matches!(binding.kind, BindingKind::Assignment)
                && binding.value.is_some_and(is_buffer_call)
        }),
        other => is_buffer_call(other),
    };
    // `GzipFile('', 'rb', 9, buf)` (pygments): `fileobj` given by position,
    // and then the file name is never opened.
    let gzip_file_object = context
        .semantic
        .resolve_qualified_name(&call.func)
        .is_some_and(|q| q == "gzip.GzipFile")
        && call.arguments.args.get(3).is_some_and(is_buffer);
    // Only the file argument: the first positional one (`ZipFile(buf)`,
    // `wave.open(buf)`), or `fileobj=` / `file=` (`GzipFile`, `tarfile.open`).
    gzip_file_object
        || call.arguments.args.first().is_some_and(is_buffer)
        || call.arguments.keywords.iter().any(|keyword| {
            keyword
                .arg
                .as_ref()
                .is_some_and(|arg| matches!(arg.as_str(), "fileobj" | "file"))
                && is_buffer(&keyword.value)
        })
}

/// Whether closing the resource `value` makes also deletes a file:
/// a `tempfile.NamedTemporaryFile` unless `delete=False`.
fn deleted_on_close(resource: &Resource, value: &Expr) -> bool {
    if resource.name != "tempfile.NamedTemporaryFile" {
        return false;
    }
    let Some((call, _)) = syntax::call_maybe_awaited(value) else {
        return true;
    };
    !call.arguments.keywords.iter().any(|keyword| {
        keyword
            .arg
            .as_ref()
            .is_some_and(|arg| arg.as_str() == "delete")
            && matches!(
                keyword.value,
                Expr::BooleanLiteral(ast::ExprBooleanLiteral { value: false, .. })
            )
    })
}

fn resource_of(context: &Context, db: &DbModel, value: &Expr) -> Option<Resource> {
    let (call, awaited) = syntax::call_maybe_awaited(value)?;
    if let Some((name, constructor)) = opener(context, call) {
        if constructor.is_async != awaited && constructor.is_async {
            return None;
        }
        return Some(Resource {
            name,
            closers: constructor.closers.clone(),
            exit: constructor.exit.clone(),
            closing: constructor.closing,
            is_async: constructor.is_async,
        });
    }
    if let Some(qualified) = context.semantic.resolve_qualified_name(&call.func) {
        if wraps_memory_buffer(context, call) {
            return None;
        }
        if context.settings.resource_constructors.contains(&qualified) {
            return Some(Resource {
                name: qualified,
                closers: vec!["close".to_owned()],
                exit: "close".to_owned(),
                closing: false,
                is_async: false,
            });
        }
    }
    // Engines and session factories (`create_engine`, `sessionmaker`) hold no resource to close.
    let constructed = db
        .constructed_by(context, call)
        .filter(|made| !made.is_factory)
        .map(|made| made.object);
    let method = match &*call.func {
        Expr::Attribute(attribute) if call.arguments.is_empty() => attribute.attr.id.as_str(),
        _ => "",
    };
    // SQLAlchemy `engine.connect()`: a `Connection`, whose `with` closes it.
    let from_engine = constructed.is_none() && method == "connect";
    let object = match constructed {
        Some(object) => object,
        None if method == "cursor" => db.object(context, value)?,
        None if from_engine => db
            .object(context, value)
            .filter(|o| o.driver.is_some_and(|d| d.name == "sqlalchemy"))?,
        None => return None,
    };
    let driver_closes = match object.kind {
        // A cursor of a receiver known only by its name may come from one of
        // the project's wrapper classes, which need not support `with`:
        // `contextlib.closing` only needs `close()`.
        DbKind::Cursor
            if object.presumed && crate::model::index::may_wrap_cursors_without_enter(context) =>
        {
            false
        }
        // A driver only presumed (the family imported where the cursor is
        // made) proves nothing about `with`: a SQLAlchemy event's
        // `dbapi_connection.cursor()` is the raw driver's, and a sqlite3
        // cursor has no `__enter__`. Every DB-API cursor has `close()`.
        DbKind::Cursor => !object.presumed && object.driver.is_some_and(|d| d.closing_cursor),
        // A SQLAlchemy `Connection` closes on exit in every version; DB-API
        // connections (and SQLAlchemy 1.3 sessions) need `closing()`.
        DbKind::Connection => from_engine,
    };
    if let Some(driver) = object.driver.filter(|d| d.is_async) {
        // `conn = await aiopg.connect(...)` / `cur = await conn.cursor()`: `async with`
        // closes them. Pools and asyncpg connections are left alone.
        let opens_one = method == "cursor"
            || context
                .semantic
                .resolve_qualified_name(&call.func)
                .is_some_and(|q| q.ends_with(".connect"));
        if !(awaited && driver.async_context && opens_one) {
            return None;
        }
        return Some(Resource {
            name: context.slice(call.func.range()).to_owned(),
            closers: vec!["close".to_owned(), "ensure_closed".to_owned()],
            exit: "close".to_owned(),
            closing: false,
            is_async: true,
        });
    }
    if awaited {
        return None;
    }
    let name = context.slice(call.func.range()).to_owned();
    Some(Resource {
        name,
        closers: vec!["close".to_owned()],
        exit: "close".to_owned(),
        closing: !driver_closes,
        is_async: false,
    })
}

impl Resource {
    /// The methods that release it by hand: its closers, and `__exit__`
    /// called directly (`f.__exit__()`) where the `with` calls it (not for
    /// `contextlib.closing` resources: a sqlite3 connection's `__exit__`
    /// commits and does not close).
    fn closers_with_exit(&self) -> Vec<&str> {
        let exit = (!self.closing).then_some("__exit__");
        self.closers
            .iter()
            .map(String::as_str)
            .chain(exit)
            .collect()
    }

    /// Whether closing by hand with `method` does what the `with` does on exit.
    fn exits_with(&self, method: &str) -> bool {
        method == self.exit || (method == "__exit__" && !self.closing)
    }
}

/// How the resource bound at `suite[index]` is released.
enum Release<'a> {
    /// `x.close()` later in the same block, at `suite[close]`.
    Manual { close: usize, method: &'a str },
    /// Never released in this block; `until` is the index of a statement
    /// that rebinds the name (the resource is lost there), or the suite's
    /// length. `rebound_inside`: a statement nested in the block rebinds
    /// the name (sqlite-bro's `cu = self.conn.conn.cursor()` in a loop, after
    /// `.open` swapped the connection), so a `with` would close the first
    /// resource late, when the code may no longer be able to.
    Never { until: usize, rebound_inside: bool },
}

fn check_acquisition(
    context: &Context,
    db: &DbModel,
    suite: &[Stmt],
    index: usize,
    scope: Scope,
    enclosing: Option<&ast::StmtWith>,
) -> Option<Diagnostic> {
    let stmt = &suite[index];
    let (name, value) = acquisition(stmt)?;
    let resource = resource_of(context, db, value)?;
    if resource.is_async && !scope.is_async() {
        return None;
    }
    let closers = resource.closers_with_exit();
    // `with f:` / `with contextlib.closing(f):` later: already managed.
    if suite[index + 1..].iter().any(|s| managed_by_with(s, name))
        || managed_after_the_block(context, stmt, name)
    {
        return None;
    }
    let release = find_release(suite, index, name, &closers);
    // `DEV_NULL = open(os.devnull, "w")` at module level, never closed: a
    // module constant kept for the life of the process, which other modules
    // import (motioneye's `stderr=utils.DEV_NULL`); a `with` would close it
    // as the module loads.
    if matches!(release, Release::Never { .. })
        && scope.function.is_none()
        && context.semantic.scope_at(stmt.start()) == crate::semantic::ScopeId::MODULE
        && crate::semantic::is_upper_snake_case(name)
    {
        return None;
    }
    // Closed by hand (directly or through an alias) with nothing in between
    // that can raise: released on every path already.
    if let Release::Manual { close, .. } = release
        && suite[index + 1..close].iter().all(cannot_raise)
    {
        return None;
    }
    if let Release::Never { until, .. } = release
        && let Some(close) = closed_through_alias(&suite[index + 1..until], name, &closers)
    {
        if close.safe {
            return None;
        }
        // Closed by hand under another name: which name the `with` binds
        // is for a person to choose.
        return Some(Diagnostic::new(
            Rule::ResourceWith,
            value.range(),
            format!(
                "`{}` result `{name}` is released by hand as `{}.{}()`; use a `with` block so it is released on every path",
                resource.name, close.alias, close.method
            ),
        ));
    }
    // A process never waited for whose pid is read (`conn.send(p.pid)`,
    // patroni's postmaster started in a forked child): started to outlive
    // the function and followed by its pid; a `with` would wait for it.
    if let Release::Never { until, .. } = release
        && resource.name == "subprocess.Popen"
        && suite[index + 1..until]
            .iter()
            .any(|stmt| reads_attribute(stmt, name, "pid"))
    {
        return None;
    }
    // A lock file: never closed here, and locked with `fcntl.flock` or
    // `fcntl.lockf` (cobbler's `__grab_lock`). The lock lasts as long as the
    // file is open, so closing it releases the lock; a `with` would end the
    // lock with the block. How long to hold it is for a person.
    if let Release::Never { until, .. } = release
        && suite[index + 1..until]
            .iter()
            .any(|stmt| locks_with_fcntl(context, stmt, name))
    {
        return None;
    }
    // Never closed here, and handed to a project function that calls its
    // `communicate()` (opsdroid's `_drain(process)`): released, as an
    // inline `p.communicate()` is.
    if let Release::Never { until, .. } = release
        && resource.name == "subprocess.Popen"
        && handed_to_project_function(context, &suite[index + 1..until], name, |summary| {
            &summary.communicates
        })
        .is_some()
    {
        return None;
    }
    // Never closed here, and handed to a method of the object that may keep
    // it (`self.prebind(sock)` → `self.set_socket(sock)`, inherited from
    // asyncore): not ours to close.
    if let Release::Never { until, .. } = release
        && handed_to_project_function(context, &suite[index + 1..until], name, |summary| {
            &summary.shares
        })
        .is_some()
    {
        return None;
    }
    // `f = NamedTemporaryFile(…)` / `try: … finally: cleanup_temp_file(f)`
    // right after (ckanext-xloader): a project function that closes it
    // runs on every path.
    if let Some(Stmt::Try(next)) = suite.get(index + 1)
        && handed_to_project_function(context, &next.finalbody, name, |summary| &summary.closes)
            .is_some()
    {
        return None;
    }
    if let Release::Never { until, .. } = release
        && let Some(helper) =
            handed_to_project_function(context, &suite[index + 1..until], name, |summary| {
                &summary.closes
            })
    {
        // `close_cn(cn)` closes it: a `with` around that call would close
        // it a second time (PyMySQL raises on that). Which of the two should
        // go is for a person to choose.
        return Some(Diagnostic::new(
            Rule::ResourceWith,
            value.range(),
            format!(
                "`{}` result `{name}` is released by `{helper}()`, which closes it, but not when the code before raises; use a `with` block (and drop the call) so it is released on every path",
                resource.name
            ),
        ));
    }
    let rest_end = match &release {
        Release::Manual { close, .. } => *close,
        Release::Never { until, .. } => *until,
    };
    let rebound = rest_end < suite.len() && matches!(release, Release::Never { .. });
    if rebound
        && acquisition(&suite[rest_end])
            .is_some_and(|(_, value)| syntax::mentions_expr(value, name))
    {
        // `f = open(f.name)`, `f = wrap(f)`: not a plain rebinding.
        return None;
    }
    let after = &suite[index + 1..rest_end];
    // A resource that escapes (returned, stored, captured) is not ours to close.
    let tainted = tainted_names(after, name);
    let block = TextRange::new(stmt.start(), suite.last().map_or(stmt.end(), Ranged::end));
    let local = escape_kind(context, after, &holders(after, name));
    let unbounded = match &release {
        // Closed by hand: only a resource that stays in its block is rewritten.
        Release::Manual { .. } if local != Escape::Stays => return None,
        Release::Manual { .. } => false,
        Release::Never { .. } if rebound => match local {
            Escape::Leaves => return None,
            // Uses before the acquisition (a loop's earlier turn) would be
            // another resource's: only a person can say.
            kind => {
                let before = syntax::name_positions(
                    scope.function.map_or(context.body(), |f| &f.body[..]),
                    name,
                )
                .iter()
                .any(|at| *at < stmt.start());
                before || kind == Escape::Aliased
            }
        },
        Release::Never { .. } => match lifetime(context, scope, name, block) {
            Escape::Leaves => return None,
            Escape::Aliased => true,
            Escape::Stays => local == Escape::Aliased,
        },
    };
    // Never closed, and closing deletes the file (`NamedTemporaryFile()`):
    // whoever reads it by name or lists its folder needs it to stay, so a
    // block ending at the last use of the name may delete it too early.
    let deletes = matches!(release, Release::Never { .. }) && deleted_on_close(&resource, value);
    // Closed again elsewhere (a nested, conditional close) or used after the close: leave it.
    let closed_elsewhere = |stmts: &[Stmt]| stmts.iter().any(|s| contains_close(s, name, &closers));
    match &release {
        Release::Manual { close, .. } => {
            if closed_elsewhere(after)
                || suite[close + 1..].iter().any(|s| syntax::mentions(s, name))
            {
                return None;
            }
        }
        Release::Never { .. } => {
            if closed_elsewhere(after) {
                return None;
            }
        }
    }
    // Closed by hand, and read again after the block (mediagoblin's key
    // file: `finally: if key_file is not None and not key_file.closed:
    // key_file.close(); os.unlink(key_file.name)`). A `finally` of a `try`
    // around the block that closes it releases it on every path already;
    // any other read after the block would see the file a `with` closed
    // where the code left it open (the `finally` would no longer unlink a
    // half-written key): only a person can move those reads.
    let read_after_block = matches!(release, Release::Manual { .. })
        && syntax::name_positions(scope.function.map_or(context.body(), |f| &f.body[..]), name)
            .iter()
            .any(|at| *at > block.end());
    if read_after_block
        && closed_after_block(scope, context, name, &closers, block) == Some(LaterClose::InFinally)
    {
        return None;
    }

    // Acquired in a block (`if fp is None: fp = open(p)`) and closed after
    // it: in a `finally` (the ownership-flag idiom: `finally: if close:
    // fp.close()`) it is closed on every path; by hand, only when nothing
    // before the close raises.
    let closed_later = match (&release, unbounded) {
        (Release::Never { .. }, true) => closed_after_block(scope, context, name, &closers, block),
        _ => None,
    };
    if matches!(
        closed_later,
        Some(LaterClose::InFinally | LaterClose::RightAfter)
    ) {
        return None;
    }
    let call_range = value.range();
    let message = match &release {
        Release::Never { .. } if closed_later == Some(LaterClose::ByHand) => format!(
            "`{}` result `{name}` is closed by hand after this block, but not when the code before the close raises; close it in a `with` block that covers every use",
            resource.name
        ),
        Release::Manual { method, .. } => format!(
            "`{}` result `{name}` is released by hand with `{name}.{method}()`; use a `with` block so it is released on every path",
            resource.name
        ),
        Release::Never {
            rebound_inside: true,
            ..
        } => format!(
            "`{}` result `{name}` is never closed, and `{name}` is rebound inside this block; close each in a `with` block of its own",
            resource.name
        ),
        Release::Never { .. } if rebound => format!(
            "`{}` result `{name}` is never closed: `{name}` is rebound before it is; use a `with` block",
            resource.name
        ),
        Release::Never { .. } if deletes => format!(
            "`{}` result `{name}` is never closed; closing it deletes the file, so the `with` block must cover every use of the file, by name too: where it ends is for a person to choose",
            resource.name
        ),
        Release::Never { .. } if unbounded => format!(
            "`{}` result `{name}` is never closed, and it is aliased or used outside this block; close it in a `with` block that covers every use",
            resource.name
        ),
        Release::Never { .. } => format!(
            "`{}` result `{name}` is never closed; use a `with` block",
            resource.name
        ),
    };
    let mut diagnostic = Diagnostic::new(Rule::ResourceWith, call_range, message);
    let partner = match &release {
        Release::Manual { close, method } if resource.exits_with(method) && !resource.closing => {
            closed_right_after(context, db, suite, index, *close, name)
        }
        _ => None,
    };
    diagnostic.try_set_fix(|| {
        // A `with` here would close it before the uses after the block.
        if closed_later.is_some() || read_after_block {
            return None;
        }
        // Rebound inside the block: the `with` would close the first
        // resource only when the block ends, whatever became of it.
        if matches!(
            release,
            Release::Never {
                rebound_inside: true,
                ..
            }
        ) {
            return None;
        }
        // Used outside this block and not in it: a `with` here would hold
        // nothing but `pass`, no starting point even for a person.
        if unbounded
            && let Release::Never { until, .. } = release
            && last_use(&suite[index + 1..until], &tainted).is_none()
        {
            return None;
        }
        if let Some(partner) = &partner
            && let Some(fix) = join::join_closed_pair(context, suite, index, value, partner)
        {
            return Some(fix);
        }
        let target = Target {
            suite,
            index,
            name,
            value,
            enclosing,
        };
        let fix = build_fix(context, &target, &resource, &release, &tainted)?;
        // Where the lifetime cannot be bounded here, the block is a starting
        // point for a person, never applied.
        Some(if unbounded || deletes {
            fix.with_applicability(Applicability::DisplayOnly)
        } else {
            fix
        })
    });
    Some(diagnostic)
}

fn find_release<'a>(
    suite: &'a [Stmt],
    index: usize,
    name: &str,
    closers: &[&'a str],
) -> Release<'a> {
    for (offset, stmt) in suite[index + 1..].iter().enumerate() {
        if let Some(call) = method_call_statement(stmt, name, closers)
            && call.arguments.is_empty()
        {
            return Release::Manual {
                close: index + 1 + offset,
                method: closer_name(call, closers),
            };
        }
        if syntax::bound_names(stmt).contains(name) {
            // A plain rebinding in this block loses the resource there; a
            // binding inside a nested statement may not run.
            let plain = acquisition(stmt).is_some_and(|(bound, _)| bound == name);
            return if plain {
                Release::Never {
                    until: index + 1 + offset,
                    rebound_inside: false,
                }
            } else {
                Release::Never {
                    until: suite.len(),
                    rebound_inside: true,
                }
            };
        }
    }
    Release::Never {
        until: suite.len(),
        rebound_inside: false,
    }
}

/// `b = open(q)` right after `a = open(p)`, closed right after `a` is
/// (`a.close()` / `b.close()`): both can open in one `with` header.
fn closed_right_after<'a>(
    context: &Context,
    db: &DbModel,
    suite: &'a [Stmt],
    index: usize,
    close: usize,
    first: &str,
) -> Option<join::Partner<'a>> {
    let stmt = suite.get(index + 1)?;
    let (name, value) = acquisition(stmt)?;
    let Expr::Call(call) = value else { return None };
    // Files and the like, whose closing order does not matter; the second
    // must not be made from the first.
    let (_, constructor) = opener(context, call)?;
    let resource = resource_of(context, db, value)?;
    if constructor.is_async
        || resource.closing
        || resource.is_async
        || name == first
        || syntax::mentions_expr(value, first)
    {
        return None;
    }
    let closers = resource.closers_with_exit();
    let Release::Manual {
        close: second_close,
        method,
    } = find_release(suite, index + 1, name, &closers)
    else {
        return None;
    };
    let between = &suite[index + 2..close];
    if second_close != close + 1
        || !resource.exits_with(method)
        || escape_kind(context, between, &holders(between, name)) != Escape::Stays
        || between.iter().any(|s| contains_close(s, name, &closers))
        || suite[second_close + 1..]
            .iter()
            .any(|s| syntax::mentions(s, name))
    {
        return None;
    }
    Some(join::Partner {
        acquire: stmt,
        item: format!("{} as {name}", context.slice(value.range())),
        close: second_close,
    })
}

/// `f = g = open(p)`, never closed under either name: reported, not fixed
/// (which name the `with` should bind is for a person to say).
fn check_several_targets(
    context: &Context,
    db: &DbModel,
    suite: &[Stmt],
    index: usize,
    scope: Scope,
) -> Option<Diagnostic> {
    let Stmt::Assign(assign) = &suite[index] else {
        return None;
    };
    if assign.targets.len() < 2 {
        return None;
    }
    let names: Vec<&str> = assign
        .targets
        .iter()
        .map(|target| match target {
            Expr::Name(name) => Some(name.id.as_str()),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let resource = resource_of(context, db, &assign.value)?;
    if resource.is_async && !scope.is_async() {
        return None;
    }
    let closers = resource.closers_with_exit();
    let body = scope
        .function
        .map_or(context.body(), |function| &function.body[..]);
    let block = TextRange::new(
        suite[index].start(),
        suite.last().map_or(suite[index].end(), Ranged::end),
    );
    for name in &names {
        if suite[index + 1..].iter().any(|s| managed_by_with(s, name))
            || body.iter().any(|s| contains_close(s, name, &closers))
            || lifetime(context, scope, name, block) == Escape::Leaves
        {
            return None;
        }
    }
    let listed = names
        .iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(" and ");
    Some(Diagnostic::new(
        Rule::ResourceWith,
        assign.value.range(),
        format!(
            "`{}` result is bound to {listed} and never closed; use a `with` block",
            resource.name
        ),
    ))
}

/// `fcntl.flock(name, …)` or `fcntl.lockf(name.fileno(), …)` taking a
/// lock (any operation but `LOCK_UN`) on the file `name` holds.
fn locks_with_fcntl(context: &Context, stmt: &Stmt, name: &str) -> bool {
    let is_name = |expr: &Expr| matches!(expr, Expr::Name(held) if held.id.as_str() == name);
    syntax::any_expr_in(stmt, |expr| {
        let Expr::Call(call) = expr else { return false };
        let locks = context
            .semantic
            .resolve_qualified_name(&call.func)
            .is_some_and(|callee| callee == "fcntl.flock" || callee == "fcntl.lockf");
        let [file, operation, ..] = &call.arguments.args[..] else {
            return false;
        };
        let on_the_file = is_name(file)
            || matches!(file, Expr::Call(fileno) if matches!(&*fileno.func,
                Expr::Attribute(method) if method.attr.id.as_str() == "fileno" && is_name(&method.value)));
        let unlocks = syntax::any_expr(
            operation,
            |part| matches!(part, Expr::Attribute(flag) if flag.attr.id.as_str() == "LOCK_UN"),
        );
        locks && on_the_file && !unlocks
    })
}

/// Whether `stmt` reads `name.attribute` (`p.pid`).
fn reads_attribute(stmt: &Stmt, name: &str, attribute: &str) -> bool {
    syntax::any_expr_in(stmt, |expr| {
        matches!(expr, Expr::Attribute(read)
            if read.attr.id.as_str() == attribute
                && matches!(&*read.value, Expr::Name(owner) if owner.id.as_str() == name))
    })
}

/// `pass`, `g = f`, `n = 0`: a statement that cannot raise, so a resource
/// closed right after it is released on every path.
fn cannot_raise(stmt: &Stmt) -> bool {
    let simple_value = |value: &Expr| {
        matches!(
            value,
            Expr::Name(_)
                | Expr::NumberLiteral(_)
                | Expr::StringLiteral(_)
                | Expr::BytesLiteral(_)
                | Expr::BooleanLiteral(_)
                | Expr::NoneLiteral(_)
        )
    };
    match stmt {
        Stmt::Pass(_) => true,
        Stmt::Assign(assign) => {
            assign.targets.iter().all(|t| matches!(t, Expr::Name(_))) && simple_value(&assign.value)
        }
        _ => false,
    }
}

/// `g = f` … `g.close()`: the resource released by hand under another name
/// in this block; `safe` when nothing in between can raise.
struct AliasClose<'a> {
    alias: &'a str,
    method: &'a str,
    safe: bool,
}

fn closed_through_alias<'a>(
    stmts: &'a [Stmt],
    name: &str,
    closers: &[&'a str],
) -> Option<AliasClose<'a>> {
    let mut aliases: HashSet<&str> = HashSet::new();
    let mut safe = true;
    for stmt in stmts {
        if let Some((alias, Expr::Name(value))) = simple_assignment(stmt)
            && (value.id.as_str() == name || aliases.contains(value.id.as_str()))
        {
            aliases.insert(alias);
            continue;
        }
        for bound in syntax::bound_names(stmt) {
            // `g = other`: `g` no longer holds the resource.
            aliases.remove(bound.as_str());
        }
        for alias in &aliases {
            if let Some(call) = method_call_statement(stmt, alias, closers)
                && call.arguments.is_empty()
            {
                return Some(AliasClose {
                    alias,
                    method: closer_name(call, closers),
                    safe,
                });
            }
        }
        safe &= cannot_raise(stmt);
    }
    None
}

/// `name = value` or `name: T = value`.
fn acquisition(stmt: &Stmt) -> Option<(&str, &Expr)> {
    if let Stmt::AnnAssign(assign) = stmt
        && let Expr::Name(target) = &*assign.target
        && assign.simple
    {
        return Some((target.id.as_str(), assign.value.as_deref()?));
    }
    simple_assignment(stmt)
}

/// Whether `stmt` (or a statement in it) is `with name:` or
/// `with something(name):` (`contextlib.closing(name)`).
fn managed_by_with(stmt: &Stmt, name: &str) -> bool {
    let mut found = false;
    syntax::for_each_simple_statement(stmt, &mut |inner| {
        if let Stmt::With(with) = inner
            && with
                .items
                .iter()
                .any(|item| managed_read(&item.context_expr, name).is_some())
        {
            found = true;
        }
    });
    found
}

/// The read of `name` a `with` item manages: `with name:`, or the name
/// handed to a call (`with contextlib.closing(name):`).
fn managed_read<'e>(context_expr: &'e Expr, name: &str) -> Option<&'e ast::ExprName> {
    let is_name = |expr: &'e Expr| match expr {
        Expr::Name(read) if read.id.as_str() == name => Some(read),
        _ => None,
    };
    match context_expr {
        Expr::Call(call) => call.arguments.args.iter().find_map(is_name),
        other => is_name(other),
    }
}

/// `with name:` (or `with closing(name):`) later in the same function (or
/// module code) that the write `stmt` of `name` reaches, outside the block
/// `stmt` sits in: qutebrowser's `fobj = open(…)` in one branch of an `if`,
/// then `with fobj:` after it. Managed there.
fn managed_after_the_block(context: &Context, stmt: &Stmt, name: &str) -> bool {
    let semantic = context.semantic;
    let scope = semantic.scope_at(stmt.start());
    let body: &[Stmt] = semantic
        .function_at(stmt.start())
        .map_or(context.body(), |def| &def.body[..]);
    let reached_by_stmt = |read: &ast::ExprName| {
        semantic
            .reaching_bindings(name, read.start())
            .iter()
            .any(|&id| {
                semantic
                    .binding(id)
                    .stmt
                    .is_some_and(|s| s.range() == stmt.range())
            })
    };
    let mut found = false;
    for outer in body {
        syntax::for_each_simple_statement(outer, &mut |inner| {
            let Stmt::With(with) = inner else { return };
            if found || with.start() < stmt.end() || semantic.scope_at(with.start()) != scope {
                return;
            }
            found = with
                .items
                .iter()
                .any(|item| managed_read(&item.context_expr, name).is_some_and(&reached_by_stmt));
        });
    }
    found
}

fn closer_name<'a>(call: &ast::ExprCall, closers: &[&'a str]) -> &'a str {
    let Expr::Attribute(attribute) = &*call.func else {
        return "close";
    };
    closers
        .iter()
        .copied()
        .find(|c| *c == attribute.attr.id.as_str())
        .unwrap_or("close")
}

/// `name` and every name bound by a statement that reads a tainted name.
fn tainted_names(stmts: &[Stmt], name: &str) -> HashSet<String> {
    let mut tainted = HashSet::from([name.to_owned()]);
    for stmt in stmts {
        let mentioned = syntax::mentioned_names(stmt);
        if mentioned.iter().any(|n| tainted.contains(n)) {
            tainted.extend(syntax::bound_names(stmt));
        }
    }
    tainted
}

/// Names that hold the resource itself (not values read from it): `name`,
/// and names bound to a call that takes a holder as an argument
/// (`reader = csv.reader(f)`) or to a method of a holder that hands out a
/// dependent object (`cur = conn.cursor()`).
fn holders(stmts: &[Stmt], name: &str) -> HashSet<String> {
    let mut holders = HashSet::from([name.to_owned()]);
    for stmt in stmts {
        crate::linter::syntax::for_each_simple_statement(stmt, &mut |inner| {
            if let Some((target, value)) = simple_assignment(inner)
                && derives_holder(value, &holders)
            {
                holders.insert(target.to_owned());
            }
        });
    }
    holders
}

fn is_holder(expr: &Expr, holders: &HashSet<String>) -> bool {
    matches!(expr, Expr::Name(name) if holders.contains(name.id.as_str()))
}

/// Whether `value` is (or wraps) a holder.
fn derives_holder(value: &Expr, holders: &HashSet<String>) -> bool {
    match value {
        Expr::Name(_) => is_holder(value, holders),
        Expr::Await(await_expr) => derives_holder(&await_expr.value, holders),
        Expr::Call(call) => {
            let wraps = call.arguments.args.iter().any(|a| is_holder(a, holders))
                || call
                    .arguments
                    .keywords
                    .iter()
                    .any(|k| is_holder(&k.value, holders));
            // `status = cur.execute(ddl)`: sqlite3's `execute` returns the
            // cursor itself (a connection's, a cursor on it), which
            // inn-digialert-Mylist's `create_table` hands its caller.
            let hands_out = matches!(&*call.func, Expr::Attribute(attribute)
            if is_holder(&attribute.value, holders)
                && matches!(
                    attribute.attr.id.as_str(),
                    "cursor" | "makefile" | "__enter__" | "dup" | "__iter__"
                        | "execute" | "executemany" | "executescript"
                ));
            wraps || hands_out
        }
        _ => false,
    }
}

/// Extends the block so that a name bound inside it is not used after it
/// (`b = open(dst)` inside, `b.close()` after, would split `b`'s life).
fn keep_bindings_together(stmts: &[Stmt], block_end: Option<usize>) -> Option<usize> {
    let mut end = block_end?;
    loop {
        let bound: HashSet<String> = stmts[..=end].iter().flat_map(syntax::bound_names).collect();
        let later = stmts[end + 1..].iter().rposition(|stmt| {
            syntax::mentioned_names(stmt)
                .iter()
                .any(|n| bound.contains(n))
        });
        match later {
            Some(offset) => end = end + 1 + offset,
            None => return Some(end),
        }
    }
}

/// Index (into `stmts`) of the last statement that mentions a tainted name.
fn last_use(stmts: &[Stmt], tainted: &HashSet<String>) -> Option<usize> {
    stmts.iter().rposition(|stmt| {
        syntax::mentioned_names(stmt)
            .iter()
            .any(|n| tainted.contains(n))
    })
}

/// How a resource acquired inside a block is closed after that block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LaterClose {
    /// In the `finally` clause of a `try` after the block.
    InFinally,
    /// By a statement after the block, outside any `finally`.
    ByHand,
    /// Acquired as the last statement of a `try` whose handlers all leave,
    /// or of a `with` block, and closed by the statement right after it
    /// (simplesqlite's connection check; zuul's `ssh-agent` started under
    /// `with open(os.devnull)`, then `communicate()`): nothing runs in
    /// between but the block's exit.
    RightAfter,
}

/// Whether the unit closes `name` after `block` (the suite it was acquired
/// in), and how.
fn closed_after_block(
    scope: Scope,
    context: &Context,
    name: &str,
    closers: &[&str],
    block: TextRange,
) -> Option<LaterClose> {
    let body = scope
        .function
        .map_or(context.body(), |function| &function.body[..]);
    let mut later = None;
    // Where the `try` or `with` holding the block ends, when the block ends
    // its body (and every handler of the `try` leaves): nothing else follows
    // the acquisition there.
    let mut block_exit = None;
    // Every statement of the unit, compound ones before their inner ones.
    let mut visit = |stmt: &Stmt| {
        if let Stmt::Try(try_stmt) = stmt
            && try_stmt
                .body
                .first()
                .is_some_and(|first| first.start() <= block.start())
            && try_stmt
                .body
                .last()
                .is_some_and(|last| last.end() >= block.end())
        {
            // `f = None` / `try: f = open(p) …` / `finally: if f is not
            // None: f.close()` (kombu): its own `finally` closes it.
            if try_stmt
                .finalbody
                .iter()
                .any(|s| contains_close(s, name, closers))
            {
                later = Some(LaterClose::InFinally);
                return;
            }
            if try_stmt
                .body
                .last()
                .is_some_and(|last| last.end() == block.end())
                && try_stmt.orelse.is_empty()
                && try_stmt.finalbody.is_empty()
                && try_stmt.handlers.iter().all(|handler| {
                    let ast::ExceptHandler::ExceptHandler(handler) = handler;
                    ends_by_leaving(&handler.body)
                })
            {
                block_exit = Some(try_stmt.end());
            }
        }
        if let Stmt::With(with_stmt) = stmt
            && with_stmt
                .body
                .last()
                .is_some_and(|last| last.end() == block.end())
        {
            block_exit = Some(with_stmt.end());
        }
        if stmt.start() < block.end() || later == Some(LaterClose::InFinally) {
            return;
        }
        if later.is_none()
            && let Some(end) = block_exit
            // A close inside the `try`'s own handlers comes before its end
            // (freezer's FTP storage: `except …: f.close(); raise`).
            && stmt.start() >= end
            && (method_call_statement(stmt, name, closers).is_some()
                || assigned_from_close(stmt, name, closers))
            && only_blank_or_comments(context.slice(TextRange::new(end, stmt.start())))
        {
            later = Some(LaterClose::RightAfter);
            return;
        }
        match stmt {
            Stmt::Try(try_stmt)
                if try_stmt
                    .finalbody
                    .iter()
                    .any(|s| contains_close(s, name, closers)) =>
            {
                later = Some(LaterClose::InFinally);
            }
            _ if contains_close(stmt, name, closers) => later = Some(LaterClose::ByHand),
            _ => {}
        }
    };
    for stmt in body {
        syntax::for_each_simple_statement(stmt, &mut visit);
    }
    later
}

/// `(out, err) = p.communicate()`: a statement whose whole value is the
/// close call, bound to names.
fn assigned_from_close(stmt: &Stmt, name: &str, closers: &[&str]) -> bool {
    let Stmt::Assign(assign) = stmt else {
        return false;
    };
    let Expr::Call(call) = &*assign.value else {
        return false;
    };
    matches!(&*call.func, Expr::Attribute(method)
        if closers.contains(&method.attr.id.as_str())
            && matches!(&*method.value, Expr::Name(receiver) if receiver.id.as_str() == name))
        && assign
            .targets
            .iter()
            .all(|target| matches!(target, Expr::Name(_) | Expr::Tuple(_)))
}

/// Text holding no code: whitespace and comment lines.
fn only_blank_or_comments(text: &str) -> bool {
    text.lines()
        .all(|line| matches!(line.trim_start().chars().next(), None | Some('#')))
}

fn contains_close(stmt: &Stmt, name: &str, closers: &[&str]) -> bool {
    let mut finder = CloseFinder {
        name,
        closers,
        found: false,
    };
    finder.visit_stmt(stmt);
    finder.found
}

struct CloseFinder<'n> {
    name: &'n str,
    closers: &'n [&'n str],
    found: bool,
}

impl<'a> Visitor<'a> for CloseFinder<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        // `checker.close` on a line of its own, without parentheses: the
        // method is never called (sqlite-bro's type probe), so no close.
        if let Stmt::Expr(statement) = stmt
            && matches!(&*statement.value, Expr::Attribute(_))
        {
            return;
        }
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Attribute(attribute) = expr
            && let Expr::Name(receiver) = &*attribute.value
            && receiver.id.as_str() == self.name
            && self.closers.contains(&attribute.attr.id.as_str())
        {
            self.found = true;
        }
        visitor::walk_expr(self, expr);
    }
}

/// How a tainted name leaves the block: returned, yielded, stored in an
/// attribute, subscript or container, rebound, deleted, declared global, or
/// captured by a nested function, lambda or class, or passed to a project
/// function whose summary keeps that parameter (`Leaves`); aliased (`Aliased`).
fn escape_kind(context: &Context, stmts: &[Stmt], tainted: &HashSet<String>) -> Escape {
    let mut detector = EscapeDetector {
        context,
        tainted,
        escaped: false,
        aliased: false,
    };
    for stmt in stmts {
        detector.visit_stmt(stmt);
    }
    if detector.escaped {
        Escape::Leaves
    } else if detector.aliased {
        Escape::Aliased
    } else {
        Escape::Stays
    }
}

/// How far a resource reaches beyond the statements that use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Escape {
    /// Used only where it is, through its own name and values derived from it.
    Stays,
    /// Also held under another name (`g = f`), or used outside the block it
    /// was acquired in: a `with` can be written, but only a person can say
    /// where it must end.
    Aliased,
    /// Returned, yielded, stored on an object, in a global or a container,
    /// or captured: not ours to close.
    Leaves,
}

/// For never-closed resources: how the name is used in the whole function
/// (or module) around the block it is acquired in.
fn lifetime(context: &Context, scope: Scope, name: &str, block: TextRange) -> Escape {
    let body = scope
        .function
        .map_or(context.body(), |function| &function.body[..]);
    let global = scope.function.is_some_and(|function| {
        function.body.iter().any(|stmt| {
            matches!(stmt, Stmt::Global(global) if global.names.iter().any(|n| n.id.as_str() == name))
        })
    });
    match escape_kind(context, body, &holders(body, name)) {
        _ if global => Escape::Leaves,
        Escape::Leaves => Escape::Leaves,
        kind => {
            let outside = syntax::name_positions(body, name)
                .iter()
                .any(|at| !block.contains_inclusive(*at));
            if outside { Escape::Aliased } else { kind }
        }
    }
}

/// Methods of files, sockets, archives and cursors that return data read
/// from the resource (or nothing), not an object still reading it.
const READS_DATA: &[&str] = &[
    "read",
    "read1",
    "readline",
    "readlines",
    "readinto",
    "recv",
    "recvfrom",
    "recv_into",
    "fetchone",
    "fetchall",
    "fetchmany",
    "fetchval",
    "fetchrow",
    "getvalue",
    "tell",
    "seek",
    "write",
    "writelines",
    "flush",
    "fileno",
    "send",
    "sendall",
    "getmembers",
    "getnames",
    "getmember",
    "namelist",
    "infolist",
    "getinfo",
    "testzip",
    "keys",
    "values",
    "items",
    "get",
    "decode",
    "stat",
    "wait",
    "poll",
    "communicate",
    "getsockname",
    "getpeername",
    // mail and FTP clients' replies
    "nlst",
    "size",
    "pwd",
    "login",
    "noop",
    "sendmail",
    "send_message",
    "retr",
    "uidl",
    "list",
];

struct EscapeDetector<'t> {
    context: &'t Context<'t>,
    tainted: &'t HashSet<String>,
    escaped: bool,
    aliased: bool,
}

impl EscapeDetector<'_> {
    fn is_tainted(&self, expr: &Expr) -> bool {
        matches!(expr, Expr::Name(name) if self.tainted.contains(name.id.as_str()))
    }

    /// Whether `value` is a call given the resource itself as an argument,
    /// to a callee other than a known consumer.
    fn hands_on(&self, value: &Expr) -> bool {
        let Expr::Call(call) = value else {
            return false;
        };
        let passes = call.arguments.args.iter().any(|arg| self.is_tainted(arg))
            || call
                .arguments
                .keywords
                .iter()
                .any(|keyword| self.is_tainted(&keyword.value));
        let consumer = self
            .context
            .semantic
            .resolve_qualified_name(&call.func)
            .is_some_and(|qualified| table().inline.consumers.contains(&qualified));
        passes && !consumer
    }

    /// Whether `value` holds what a method of the resource returns other
    /// than data read from it: `Path(fp=tar.extractfile(member))`,
    /// `sock.makefile()`, `archive.open(name)` read the resource after the
    /// function has returned (visidata's tar sheet), while
    /// `f.read()` or `cur.fetchall()` are done with it.
    fn returns_view(&self, value: &Expr) -> bool {
        struct Views<'d, 't> {
            detector: &'d EscapeDetector<'t>,
            found: bool,
        }
        impl<'a> Visitor<'a> for Views<'_, '_> {
            fn visit_expr(&mut self, expr: &'a Expr) {
                if let Expr::Call(call) = expr
                    && let Expr::Attribute(method) = &*call.func
                {
                    let name = method.attr.id.as_str();
                    // `w.getframerate()`, `sock.getsockname()`: getters read data.
                    if READS_DATA.contains(&name) || name.starts_with("get") {
                        // `conn.execute(sql).fetchall()`: data, whatever
                        // the chain before it made.
                        for argument in &call.arguments.args {
                            self.visit_expr(argument);
                        }
                        for keyword in &call.arguments.keywords {
                            self.visit_expr(&keyword.value);
                        }
                        return;
                    }
                    if self.detector.is_tainted(&method.value) {
                        self.found = true;
                    }
                }
                visitor::walk_expr(self, expr);
            }
        }
        let mut views = Views {
            detector: self,
            found: false,
        };
        views.visit_expr(value);
        views.found
    }

    fn holds_tainted(&self, expr: &Expr) -> bool {
        match expr {
            Expr::Tuple(t) => t
                .elts
                .iter()
                .any(|e| self.is_tainted(e) || self.holds_tainted(e)),
            Expr::List(l) => l
                .elts
                .iter()
                .any(|e| self.is_tainted(e) || self.holds_tainted(e)),
            Expr::Set(s) => s
                .elts
                .iter()
                .any(|e| self.is_tainted(e) || self.holds_tainted(e)),
            Expr::Dict(d) => d.items.iter().any(|item| {
                self.is_tainted(&item.value)
                    || item.key.as_ref().is_some_and(|k| self.is_tainted(k))
            }),
            Expr::Starred(s) => self.is_tainted(&s.value),
            // `return Wrapper(conn)`: the wrapper owns it now.
            Expr::Call(call) => is_constructor_call(call) && derives_holder(expr, self.tainted),
            _ => self.is_tainted(expr),
        }
    }
}

/// `Wrapper(x)`, `db.Database(x)`: a call to a class (by the convention
/// that classes are capitalised), which may keep what it is given. Readers
/// that never own the file they read (`csv.DictReader`) are not counted.
fn is_constructor_call(call: &ast::ExprCall) -> bool {
    let (name, receiver) = match &*call.func {
        Expr::Name(name) => (name.id.as_str(), None),
        Expr::Attribute(attribute) => (attribute.attr.id.as_str(), Some(&*attribute.value)),
        _ => return false,
    };
    let is_csv = matches!(receiver, Some(Expr::Name(module)) if module.id.as_str() == "csv")
        || matches!(name, "DictReader" | "DictWriter");
    // `_ProxyFile(f)`: a private class is capitalised after its underscores.
    name.trim_start_matches('_')
        .starts_with(|c: char| c.is_ascii_uppercase())
        && !is_csv
}

impl<'a> Visitor<'a> for EscapeDetector<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::Return(ret) if ret.value.as_deref().is_some_and(|v| self.holds_tainted(v)) => {
                self.escaped = true;
            }
            // `return cur.execute(sql)`: sqlite3's `execute` returns the cursor
            // itself (a connection's, a cursor on it), which the caller reads.
            Stmt::Return(ast::StmtReturn {
                value: Some(value), ..
            }) if matches!(&**value, Expr::Call(call) if matches!(&*call.func, Expr::Attribute(method)
                if matches!(method.attr.id.as_str(), "execute" | "executemany" | "executescript" | "cursor")
                    && self.is_tainted(&method.value))) =>
            {
                self.escaped = true;
            }
            // `return process.stdout` (rdiffweb's `zcat` reader): the caller
            // reads the pipe after the function returns, while the process
            // runs on; a `with` would close the pipe and wait for it here.
            Stmt::Return(ast::StmtReturn {
                value: Some(value), ..
            }) if matches!(&**value, Expr::Attribute(pipe)
                if matches!(pipe.attr.id.as_str(), "stdout" | "stdin" | "stderr")
                    && self.is_tainted(&pipe.value)) =>
            {
                self.escaped = true;
            }
            // `return environ["wsgi.file_wrapper"](f)`, `return wrap(f)`: the
            // result may read it after the function returns (as `return
            // f(open(p))` may); a known consumer (`json.load(f)`) reads it
            // whole first.
            Stmt::Return(ast::StmtReturn {
                value: Some(value), ..
            }) if self.hands_on(value) || self.returns_view(value) => {
                self.escaped = true;
            }
            Stmt::Assign(assign) => {
                let stores_outside = assign.targets.iter().any(|t| !matches!(t, Expr::Name(_)));
                if !stores_outside && self.is_tainted(&assign.value) {
                    // `g = f`: another name for the same resource.
                    self.aliased = true;
                } else if self.holds_tainted(&assign.value)
                    || (stores_outside && derives_holder(&assign.value, self.tainted))
                {
                    self.escaped = true;
                }
            }
            Stmt::AnnAssign(assign)
                if assign
                    .value
                    .as_deref()
                    .is_some_and(|v| self.holds_tainted(v)) =>
            {
                self.escaped = true;
            }
            Stmt::Delete(_) | Stmt::Global(_) | Stmt::Nonlocal(_)
                if syntax::mentioned_names(stmt)
                    .iter()
                    .any(|n| self.tainted.contains(n)) =>
            {
                self.escaped = true;
            }
            Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {
                if syntax::mentioned_names(stmt)
                    .iter()
                    .any(|n| self.tainted.contains(n))
                {
                    self.escaped = true;
                }
                return;
            }
            _ => {}
        }
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Yield(y) if y.value.as_deref().is_some_and(|v| self.holds_tainted(v)) => {
                self.escaped = true
            }
            Expr::YieldFrom(y) if self.holds_tainted(&y.value) => self.escaped = true,
            Expr::Lambda(_)
            | Expr::ListComp(_)
            | Expr::SetComp(_)
            | Expr::DictComp(_)
            | Expr::Generator(_)
                if mentions_tainted(expr, self.tainted)
                    && matches!(expr, Expr::Lambda(_) | Expr::Generator(_)) =>
            {
                self.escaped = true
            }
            Expr::List(_) | Expr::Tuple(_) | Expr::Set(_) | Expr::Dict(_)
                if self.holds_tainted(expr) =>
            {
                self.escaped = true
            }
            Expr::Named(named) if self.holds_tainted(&named.value) => self.escaped = true,
            Expr::Call(call) => {
                // Handed to a constructor: the new object may own it, and
                // closing it here would close it under that object.
                if is_constructor_call(call)
                    && (call.arguments.args.iter().any(|a| self.holds_tainted(a))
                        || call
                            .arguments
                            .keywords
                            .iter()
                            .any(|k| self.holds_tainted(&k.value)))
                {
                    self.escaped = true;
                }
                // `ssl.wrap_socket(sock)`, `context.wrap_socket(sock)`: the SSL
                // socket takes the descriptor over and detaches `sock` (its
                // `fileno()` is -1 after; monasca-agent's certificate check),
                // so a `with` on `sock` would close nothing.
                if matches!(&*call.func, Expr::Attribute(method)
                    if method.attr.id.as_str() == "wrap_socket")
                    && call
                        .arguments
                        .args
                        .first()
                        .is_some_and(|a| self.is_tainted(a))
                {
                    self.escaped = true;
                }
                // A project function that keeps what it is given (`self.f = f`,
                // `return Reader(f)`): the resource is its business now.
                if callee_keeps(self.context, call, |arg| self.holds_tainted(arg)) {
                    self.escaped = true;
                }
                // Handing the resource to something that keeps it
                // (`items.append(f)`, `d.addCallback(write_to, f)`): the
                // table's keepers.
                if let Expr::Attribute(attribute) = &*call.func {
                    let method = attribute.attr.id.as_str();
                    let keeps = table().inline.keepers.iter().any(|k| k == method);
                    if keeps && call.arguments.args.iter().any(|a| self.holds_tainted(a)) {
                        self.escaped = true;
                    }
                }
            }
            _ => {}
        }
        visitor::walk_expr(self, expr);
    }
}

/// The project function a statement of `stmts` passes `name` to, when the
/// parameter receiving it is among `parameters_of` its summary (`closes`:
/// `close_cn(cn)`), as written at the call.
fn handed_to_project_function(
    context: &Context,
    stmts: &[Stmt],
    name: &str,
    parameters_of: fn(&crate::model::index::FunctionSummary) -> &[usize],
) -> Option<String> {
    struct Finder<'c, 'n> {
        context: &'c Context<'c>,
        name: &'n str,
        parameters_of: fn(&crate::model::index::FunctionSummary) -> &[usize],
        found: Option<String>,
    }
    impl<'a> Visitor<'a> for Finder<'_, '_> {
        fn visit_expr(&mut self, expr: &'a Expr) {
            if self.found.is_none()
                && let Expr::Call(call) = expr
                && callee_takes(
                    self.context,
                    call,
                    |arg| matches!(arg, Expr::Name(n) if n.id.as_str() == self.name),
                    self.parameters_of,
                )
            {
                self.found = Some(self.context.slice(call.func.range()).to_owned());
            }
            visitor::walk_expr(self, expr);
        }
    }
    let mut finder = Finder {
        context,
        name,
        parameters_of,
        found: None,
    };
    for stmt in stmts {
        finder.visit_stmt(stmt);
    }
    finder.found
}

/// Whether `call` is to a project function whose summary keeps the
/// parameter that receives an argument for which `holds` is true.
pub(super) fn callee_keeps(
    context: &Context,
    call: &ast::ExprCall,
    holds: impl Fn(&Expr) -> bool,
) -> bool {
    callee_takes(context, call, holds, |summary| &summary.keeps)
}

/// Whether `call` is to a project function whose summary lists (in
/// `parameters_of`) the parameter that receives an argument for which
/// `holds` is true.
fn callee_takes(
    context: &Context,
    call: &ast::ExprCall,
    holds: impl Fn(&Expr) -> bool,
    parameters_of: impl Fn(&crate::model::index::FunctionSummary) -> &[usize],
) -> bool {
    let Some(summary) = context
        .callee_summary(call)
        .or_else(|| own_class_init(context, &call.func))
        .or_else(|| context.inherited_method_summary(call))
    else {
        return false;
    };
    let listed = parameters_of(summary);
    if listed.is_empty() {
        return false;
    }
    let positional = call
        .arguments
        .args
        .iter()
        .enumerate()
        .take_while(|(_, arg)| !arg.is_starred_expr())
        .filter(|(_, arg)| holds(arg))
        .map(|(position, _)| summary.parameter_for_argument(position));
    let by_keyword = call.arguments.keywords.iter().filter_map(|keyword| {
        let name = keyword.arg.as_ref()?;
        holds(&keyword.value)
            .then(|| {
                summary
                    .parameters
                    .iter()
                    .position(|p| p == name.id.as_str())
            })
            .flatten()
    });
    positional
        .chain(by_keyword)
        .any(|parameter| listed.contains(&parameter))
}

/// `_wrap_close(stream, proc)`: a class of this module called by name (a
/// lower-case one too), summarised by its `__init__`.
fn own_class_init<'c>(
    context: &'c Context,
    func: &Expr,
) -> Option<&'c crate::model::index::FunctionSummary> {
    let Expr::Name(name) = func else { return None };
    let binding = context
        .semantic
        .binding_at(name.id.as_str(), name.start())?;
    if binding.kind != BindingKind::ClassDefinition || binding.scope != ScopeId::MODULE {
        return None;
    }
    context
        .own_facts()
        .functions
        .get(&format!("{}.__init__", name.id))
}

fn mentions_tainted(expr: &Expr, tainted: &HashSet<String>) -> bool {
    syntax::any_expr(
        expr,
        |inner| matches!(inner, Expr::Name(name) if tainted.contains(name.id.as_str())),
    )
}

/// The acquisition a fix rewrites: `suite[index]` is `name = value`.
struct Target<'a> {
    suite: &'a [Stmt],
    index: usize,
    name: &'a str,
    value: &'a Expr,
    /// The `with` whose body starts with the acquisition.
    enclosing: Option<&'a ast::StmtWith>,
}

fn build_fix(
    context: &Context,
    target: &Target,
    resource: &Resource,
    release: &Release,
    tainted: &HashSet<String>,
) -> Option<Fix> {
    let Target {
        suite,
        index,
        name,
        value,
        enclosing,
    } = *target;
    let source = context.source;
    let stmt = &suite[index];
    if !owns_its_lines(source, stmt) {
        return None;
    }
    let importer = Importer::new(context);
    let mut edits = Vec::new();
    let call_text = context.slice(value.range());
    let (call_text, keyword) = match value {
        Expr::Await(await_expr) => (context.slice(await_expr.value.range()), "async with"),
        _ if resource.is_async => (call_text, "async with"),
        _ => (call_text, "with"),
    };
    // What the title shows: `open(...)`, `contextlib.closing(conn.cursor(...))`.
    let mut shown = format!("{}(...)", resource.name);
    let manager = if resource.closing {
        let closing = importer.import_member("contextlib", "closing");
        edits.extend(closing.edits);
        shown = format!("{}({shown})", closing.expr);
        format!("{}({call_text})", closing.expr)
    } else {
        call_text.to_owned()
    };
    let item = format!("{manager} as {name}");
    let header = format!("{keyword} {item}:");

    match release {
        Release::Manual { close, method } => {
            if kept_closer(method) {
                // `out, err = p.communicate()` releases the process and returns its output.
                return None;
            }
            let between = &suite[index + 1..*close];
            // The block ends where the code closed the resource, not at its
            // last use: what runs in between may depend on it staying open
            // (a lock held through `flock`, a port kept bound, unflushed
            // writes another reader must not see yet).
            let block_end = between.len().checked_sub(1);
            if !between.iter().all(|s| owns_its_lines(source, s))
                || !owns_its_lines(source, &suite[*close])
            {
                return None;
            }
            let title = format!("Use `{keyword} {shown} as {name}:` and drop `{name}.{method}()`");
            // `p.terminate()` … `p.wait()`: the code stops the child itself;
            // when something before the stop raises, the `with` would wait for
            // a child that may never end (a server) instead of raising.
            let stops_the_child = between
                .iter()
                .any(|s| contains_close(s, name, &["terminate", "kill", "send_signal"]));
            // `Thread(target=reader, args=(p.stdout, …))` … `p.wait()`
            // (MPD_sima's installer): `Popen.__exit__` closes the pipes
            // before it waits, under the threads still reading them, and
            // the child dies of a broken pipe. No `with` fits that code.
            if *method == "wait" && between.iter().any(|s| hands_on_pipe(s, name)) {
                return None;
            }
            let equivalent = resource.exits_with(method) && !stops_the_child;
            let closes_last = *close + 1 == suite.len();
            // Open for the rest of the enclosing `with`'s body, as before.
            if let Some(with) = enclosing
                && closes_last
                && !between.is_empty()
                && let Some(joined) = join::join_enclosing_with(
                    context,
                    with,
                    stmt,
                    &item,
                    keyword,
                    Some(&suite[*close]),
                )
            {
                edits.extend(joined);
                let title = format!(
                    "Add `{}(...) as {name}` to the enclosing `{keyword}` and drop `{name}.{method}()`",
                    resource.name
                );
                return Some(Fix::safe_if(equivalent, title, edits));
            }
            edits.push(Edit::replacement(header, stmt.range()));
            push_body_edits(context, &mut edits, stmt, between, block_end)?;
            let only = suite.len() == 1;
            edits.push(remove_statement(source, &suite[*close], only));
            Some(Fix::safe_if(equivalent, title, edits))
        }
        Release::Never { until, .. } => {
            if resource.exit != "close" {
                // `__exit__` would wait or send QUIT where the code did not: leave it to a person.
                return None;
            }
            let rest = &suite[index + 1..*until];
            let block_end = keep_bindings_together(rest, last_use(rest, tainted));
            let moved = &rest[..block_end.map_or(0, |e| e + 1)];
            if !moved.iter().all(|s| owns_its_lines(source, s)) {
                return None;
            }
            // A cursor's block must end before its connection is closed
            // (`conn.close()`, or salt's `_close_conn(conn)`): closing a
            // cursor of a closed sqlite3 connection raises.
            // A connection this rule opens in this block of code (a driver's
            // `connect(…)`, not a project function's result) and closes by
            // hand in a statement of its own is fixed with its cursor, in
            // one `with` that closes the cursor first. Closed inside another
            // statement (db-to-sqlite's `try: … finally: db.close()`), the
            // connection's close stays where it is, inside the cursor's block.
            if let Some(connection) = cursor_owner(value)
                && let opened_here = suite[..index].iter().any(|s| {
                    acquisition(s).is_some_and(|(bound, opened)| {
                        bound == connection && resource_of(context, context.db(), opened).is_some()
                    })
                })
                && let closed_nested = moved.iter().any(|s| {
                    syntax::method_call_statement(s, connection, &["close"]).is_none()
                        && contains_close(s, connection, &["close"])
                })
                && (((!opened_here || closed_nested)
                    && moved
                        .iter()
                        .any(|s| contains_close(s, connection, &["close"])))
                    || handed_to_project_function(context, moved, connection, |summary| {
                        &summary.closes
                    })
                    .is_some())
            {
                return None;
            }
            // Used to the end of the enclosing `with`'s body: join its header.
            if let Some(with) = enclosing
                && *until == suite.len()
                && !rest.is_empty()
                && block_end == Some(rest.len() - 1)
                && let Some(joined) =
                    join::join_enclosing_with(context, with, stmt, &item, keyword, None)
            {
                edits.extend(joined);
                let title = format!(
                    "Add `{}(...) as {name}` to the enclosing `{keyword}` (it is closed when the block ends)",
                    resource.name
                );
                return Some(Fix::unsafe_(title, edits));
            }
            edits.push(Edit::replacement(header, stmt.range()));
            push_body_edits(context, &mut edits, stmt, rest, block_end)?;
            let title = format!(
                "Open `{name}` in `{keyword} … as {name}:` (it is closed when the block ends)"
            );
            Some(Fix::unsafe_(title, edits))
        }
    }
}

/// Whether `stmt` sits directly in a class body, where a fix's fresh name
/// (`with open(p) as f:`) would become a class attribute: an extra member
/// of an `enum.Enum`, a field pydantic refuses.
pub(super) fn binds_in_class_body(context: &Context, stmt: &Stmt) -> bool {
    let semantic = context.semantic;
    semantic.scope(semantic.scope_at(stmt.start())).kind == crate::semantic::ScopeKind::Class
}

/// The oldest Python whose standard library makes every resource of the
/// table a context manager.
const OLDEST_WITH_TARGET: crate::model::settings::PythonVersion =
    crate::model::settings::PythonVersion { major: 3, minor: 4 };

/// `conn` in `conn.cursor(...)` (awaited or not): the connection a cursor is made on.
fn cursor_owner(value: &Expr) -> Option<&str> {
    let (call, _) = syntax::call_maybe_awaited(value)?;
    match &*call.func {
        Expr::Attribute(method) if method.attr.id.as_str() == "cursor" => match &*method.value {
            Expr::Name(connection) => Some(connection.id.as_str()),
            _ => None,
        },
        _ => None,
    }
}

/// Indents the statements that go inside the new block (up to `block_end`),
/// or inserts `pass` when nothing uses the resource.
fn push_body_edits(
    context: &Context,
    edits: &mut Vec<Edit>,
    header: &Stmt,
    stmts: &[Stmt],
    block_end: Option<usize>,
) -> Option<()> {
    let source = context.source;
    let unit = source.indent_unit_at(header.start());
    let indentation = source.indentation_at(header.start());
    match block_end {
        Some(end) => {
            let moved = &stmts[..=end];
            let strings = multiline_string_ranges(source, moved);
            let range = TextRange::new(source.full_line_end(header.end()), moved.last()?.end());
            if range.is_empty() {
                return None;
            }
            let lines = source.full_lines_range(range);
            let indented = indent_lines(source, lines, unit, &strings);
            edits.push(Edit::replacement(indented, lines));
        }
        None => {
            let at = source.full_line_end(header.end());
            let newline = source.newline();
            let prefix = if usize::from(at) == context.text().len()
                && !context.text().ends_with(['\n', '\r'])
            {
                newline
            } else {
                ""
            };
            edits.push(Edit::insertion(
                format!("{prefix}{indentation}{unit}pass{newline}"),
                at,
            ));
        }
    }
    Some(())
}

/// `data = open(p).read()`: a resource used once, inline, never closed.
fn check_inline_chain(context: &Context, stmt: &Stmt, scope: Scope) -> Option<Diagnostic> {
    let value: &Expr = match stmt {
        Stmt::Assign(assign) => &assign.value,
        Stmt::AnnAssign(assign) => assign.value.as_deref()?,
        Stmt::Expr(expr) => &expr.value,
        Stmt::Return(ret) => ret.value.as_deref()?,
        _ => return None,
    };
    let Expr::Call(outer) = value else {
        return None;
    };
    let Expr::Attribute(attribute) = &*outer.func else {
        return None;
    };
    let method = attribute.attr.id.as_str();
    if !matches!(
        method,
        "read" | "readlines" | "readline" | "write" | "writelines" | "read_bytes"
    ) {
        return None;
    }
    let Expr::Call(inner) = &*attribute.value else {
        return None;
    };
    let (qualified, constructor) = opener(context, inner)?;
    if constructor.is_async || constructor.exit != "close" {
        return None;
    }
    let mut diagnostic = Diagnostic::new(
        Rule::ResourceWith,
        inner.range(),
        format!("`{qualified}(...)` is used inline and never closed; use a `with` block"),
    );
    diagnostic.try_set_fix(|| {
        let source = context.source;
        if !owns_its_lines(source, stmt) || binds_in_class_body(context, stmt) {
            return None;
        }
        let name = crate::linter::syntax::fresh_local_name(context, scope, "f");
        let indentation = source.indentation_at(stmt.start());
        let unit = source.indent_unit_at(stmt.start());
        let newline = source.newline();
        // Target names must not be the fresh name; the statement keeps its own text with the call replaced.
        let statement = context.slice(stmt.range());
        let offset = usize::from(inner.start() - stmt.start());
        let end = usize::from(inner.end() - stmt.start());
        let rewritten = format!("{}{name}{}", &statement[..offset], &statement[end..]);
        if rewritten.contains(['\n', '\r']) {
            return None;
        }
        let text = format!(
            "with {} as {name}:{newline}{indentation}{unit}{rewritten}",
            context.slice(inner.range())
        );
        Some(Fix::safe(
            format!("Read through `with {qualified}(...) as {name}:`"),
            vec![Edit::replacement(text, stmt.range())],
        ))
    });
    Some(diagnostic)
}

/// Whether `stmt` hands a pipe of the process `name` (`name.stdout`,
/// `name.stderr`, `name.stdin`) to a call: another reader or writer that
/// may still be using it when the process is waited for.
fn hands_on_pipe(stmt: &Stmt, name: &str) -> bool {
    let is_pipe = |expr: &Expr| {
        matches!(expr, Expr::Attribute(attribute)
            if matches!(attribute.attr.id.as_str(), "stdout" | "stderr" | "stdin")
                && matches!(&*attribute.value, Expr::Name(n) if n.id.as_str() == name))
    };
    let holds_pipe = |expr: &Expr| match expr {
        Expr::Tuple(tuple) => tuple.elts.iter().any(is_pipe),
        Expr::List(list) => list.elts.iter().any(is_pipe),
        other => is_pipe(other),
    };
    crate::linter::syntax::any_expr_in(stmt, |expr| {
        matches!(expr, Expr::Call(call)
            if call.arguments.args.iter().any(holds_pipe)
                || call.arguments.keywords.iter().any(|k| holds_pipe(&k.value)))
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::model::rule::Rule;
    use crate::model::settings::{PythonVersion, Settings};
    use crate::parse::source::SourceFile;

    #[test]
    fn no_with_is_written_for_a_python_whose_resources_have_none() {
        // sqlmap's and mitmproxy 0.15's sockets: no context manager before 3.2.
        let text = "import socket\n\n\ndef ip():\n    s = socket.socket()\n    s.connect((\"8.8.8.8\", 53))\n    addr = s.getsockname()[0]\n    s.close()\n    return addr\n";
        let source = SourceFile::from_text(text);
        let fixes = |version: &str| -> usize {
            let mut settings = Settings::with_rules(&[Rule::ResourceWith]);
            settings.target_version = PythonVersion::parse(version).unwrap();
            crate::check_source(Path::new("x.py"), &source, &settings)
                .unwrap()
                .iter()
                .filter(|d| d.fix.is_some())
                .count()
        };
        assert_eq!(fixes("3.8"), 1);
        assert_eq!(fixes("2.7"), 0);
        assert_eq!(fixes("3.1"), 0);
    }
}
