//! Locks taken and released by hand: `lock.acquire()` … `lock.release()`
//! become `with lock:`. A release in the `finally:` of a `try` right after
//! the acquisition is exception safe already: not reported.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::linter::diagnostic::{Diagnostic, Edit, Fix};
use crate::linter::fix::indent::owns_its_lines;
use crate::linter::fix::statements::remove_statement;
use crate::linter::syntax::Scope;
use crate::model::Context;
use crate::model::rule::Rule;
use crate::parse::{Expr, Ranged, Stmt, Visitor, ast, visitor};

use super::{lock_constructors, push_body_edits};

/// Where the lock acquired at `suite[index]` is released.
enum LockRelease {
    /// `lock.release()` later in the same block, at `suite[close]`.
    Manual { close: usize },
}

pub(super) fn check_lock(
    context: &Context,
    suite: &[Stmt],
    index: usize,
    scope: Scope,
    known_locks: &OnceLock<HashSet<String>>,
) -> Option<Diagnostic> {
    let stmt = &suite[index];
    let (receiver, awaited) = lock_method_statement(stmt, "acquire")?;
    if awaited && !scope.is_async() {
        return None;
    }
    let lock = context.slice(receiver.range());
    let release = find_release(context, suite, index, lock, root_name(receiver)?)?;
    let body = match &release {
        LockRelease::Manual { close } => &suite[index + 1..*close],
    };
    if body.is_empty() || body.iter().any(|s| touches_lock(context, s, lock)) {
        return None;
    }
    // `break` with the lock held, released again further on (paramiko's
    // `lock.acquire()` / `if ready: break` / `lock.release()` in a loop, then
    // `try: send() finally: lock.release()`): the lock is handed on to that
    // later code on purpose, and `with` would release it before it runs.
    if body.iter().any(|s| leaves_block(s, 0))
        && let Some(function) = scope.function
        && releases(context, &function.body, lock) > 1
    {
        return None;
    }
    let known = known_locks
        .get_or_init(|| lock_bindings(context))
        .contains(lock);
    if !known && !named_like_a_lock(receiver) {
        return None;
    }
    let keyword = if awaited { "async with" } else { "with" };
    let mut diagnostic = Diagnostic::new(
        Rule::ResourceWith,
        stmt.range(),
        format!(
            "`{lock}` is acquired and released by hand; an exception in between leaves it held. Use `{keyword} {lock}:`"
        ),
    );
    // Named like a lock, of a type the module does not show: it may have no
    // `__enter__` (Beaker's `get_creation_lock()` locks), so `with` would
    // raise. Reported, not rewritten.
    if !known {
        return Some(diagnostic);
    }
    diagnostic.try_set_fix(|| {
        let source = context.source;
        let header = format!("{keyword} {lock}:");
        let edits = match &release {
            LockRelease::Manual { close } => {
                if !owns_its_lines(source, stmt)
                    || !body.iter().all(|s| owns_its_lines(source, s))
                    || !owns_its_lines(source, &suite[*close])
                {
                    return None;
                }
                let mut edits = vec![Edit::replacement(header, stmt.range())];
                push_body_edits(context, &mut edits, stmt, body, Some(body.len() - 1))?;
                edits.push(remove_statement(source, &suite[*close], false));
                edits
            }
        };
        let title = format!("Use `{keyword} {lock}:` and drop `{lock}.release()`");
        // A `return`/`break`/`continue` between a manual acquire and release
        // used to leave the lock held; `with` releases it. A person decides.
        let exits_early = matches!(release, LockRelease::Manual { .. })
            && body.iter().any(|s| leaves_block(s, 0));
        Some(Fix::safe_if(!exits_early, title, edits))
    });
    Some(diagnostic)
}

/// How many `<lock>.release()` statements a body holds, at any depth
/// (nested functions and classes aside).
fn releases(context: &Context, body: &[Stmt], lock: &str) -> usize {
    struct Count<'c> {
        context: &'c Context<'c>,
        lock: &'c str,
        count: usize,
    }
    impl<'a> Visitor<'a> for Count<'_> {
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            if matches!(stmt, Stmt::FunctionDef(_) | Stmt::ClassDef(_)) {
                return;
            }
            if lock_method_statement(stmt, "release")
                .is_some_and(|(receiver, _)| self.context.slice(receiver.range()) == self.lock)
            {
                self.count += 1;
            }
            visitor::walk_stmt(self, stmt);
        }
    }
    let mut count = Count {
        context,
        lock,
        count: 0,
    };
    visitor::walk_body(&mut count, body);
    count.count
}

/// `<receiver>.<method>()` (or `await <receiver>.<method>()`) as a statement,
/// with no arguments: the receiver and whether it is awaited.
fn lock_method_statement<'a>(stmt: &'a Stmt, method: &str) -> Option<(&'a Expr, bool)> {
    let Stmt::Expr(expr) = stmt else { return None };
    let (call, awaited) = crate::linter::syntax::call_maybe_awaited(&expr.value)?;
    let Expr::Attribute(attribute) = &*call.func else {
        return None;
    };
    (attribute.attr.id.as_str() == method && call.arguments.is_empty())
        .then_some((&*attribute.value, awaited))
}

/// The name a plain reference starts from: `lock` → `lock`, `self._lock` → `self`.
fn root_name(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Name(name) => Some(name.id.as_str()),
        Expr::Attribute(attribute) => root_name(&attribute.value),
        _ => None,
    }
}

fn find_release(
    context: &Context,
    suite: &[Stmt],
    index: usize,
    lock: &str,
    root: &str,
) -> Option<LockRelease> {
    let is_release = |stmt: &Stmt| {
        lock_method_statement(stmt, "release")
            .is_some_and(|(receiver, awaited)| !awaited && context.slice(receiver.range()) == lock)
    };
    for (offset, stmt) in suite[index + 1..].iter().enumerate() {
        if is_release(stmt) {
            return Some(LockRelease::Manual {
                close: index + 1 + offset,
            });
        }
        if crate::linter::syntax::bound_names(stmt).contains(root) {
            return None;
        }
    }
    None
}

/// Whether `stmt` acquires or releases `lock` itself (conditionally, in a
/// nested block): then the pairing is not a simple one.
fn touches_lock(context: &Context, stmt: &Stmt, lock: &str) -> bool {
    crate::linter::syntax::any_expr_in(stmt, |expr| {
        matches!(expr, Expr::Attribute(attribute)
            if matches!(attribute.attr.id.as_str(), "acquire" | "release")
                && context.slice(attribute.value.range()) == lock)
    })
}

/// `_lock`, `self.db_lock`, `mutex`, `self._sem`: named like a lock, type unknown.
fn named_like_a_lock(receiver: &Expr) -> bool {
    let last = match receiver {
        Expr::Name(name) => name.id.as_str(),
        Expr::Attribute(attribute) => attribute.attr.id.as_str(),
        _ => return false,
    };
    let last = last.to_ascii_lowercase();
    last.contains("lock")
        || last.contains("mutex")
        || last.contains("semaphore")
        || last.trim_matches('_') == "sem"
}

/// References bound to a lock type anywhere in the module: `LOCK`,
/// `self._lock`, and for class attributes `self.x`, `cls.x` and `Class.x`.
fn lock_bindings(context: &Context) -> HashSet<String> {
    let mut bindings = HashSet::new();
    collect_lock_bindings(context, context.body(), None, &mut bindings);
    bindings
}

fn collect_lock_bindings(
    context: &Context,
    stmts: &[Stmt],
    class: Option<&str>,
    bindings: &mut HashSet<String>,
) {
    for stmt in stmts {
        let (targets, value): (Vec<&Expr>, Option<&Expr>) = match stmt {
            Stmt::Assign(assign) => (assign.targets.iter().collect(), Some(&assign.value)),
            Stmt::AnnAssign(assign) => (vec![&assign.target], assign.value.as_deref()),
            Stmt::ClassDef(def) => {
                collect_lock_bindings(context, &def.body, Some(def.name.id.as_str()), bindings);
                continue;
            }
            Stmt::FunctionDef(def) => {
                collect_lock_bindings(context, &def.body, None, bindings);
                continue;
            }
            _ => {
                for (child, _) in
                    crate::linter::syntax::child_suites(stmt, Scope { function: None })
                {
                    collect_lock_bindings(context, child, class, bindings);
                }
                continue;
            }
        };
        let Some(Expr::Call(call)) = value else {
            continue;
        };
        let Some(qualified) = context.semantic.resolve_qualified_name(&call.func) else {
            continue;
        };
        if !lock_constructors().contains(&qualified) {
            continue;
        }
        for target in targets {
            bindings.insert(context.slice(target.range()).to_owned());
            if let (Some(class), Expr::Name(name)) = (class, target) {
                for owner in ["self", "cls", class] {
                    bindings.insert(format!("{owner}.{}", name.id));
                }
            }
        }
    }
}

/// Whether `stmt` can leave the block it is in early: `return` anywhere,
/// `break`/`continue` outside a nested loop. Nested functions do not count.
fn leaves_block(stmt: &Stmt, loop_depth: usize) -> bool {
    match stmt {
        Stmt::Return(_) => true,
        Stmt::Break(_) | Stmt::Continue(_) => loop_depth == 0,
        Stmt::FunctionDef(_) | Stmt::ClassDef(_) => false,
        Stmt::For(ast::StmtFor { body, orelse, .. })
        | Stmt::While(ast::StmtWhile { body, orelse, .. }) => {
            body.iter().any(|s| leaves_block(s, loop_depth + 1))
                || orelse.iter().any(|s| leaves_block(s, loop_depth))
        }
        _ => crate::linter::syntax::child_suites(stmt, Scope { function: None })
            .into_iter()
            .any(|(child, _)| child.iter().any(|s| leaves_block(s, loop_depth))),
    }
}
