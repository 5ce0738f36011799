//! Resources opened inline and never bound to a name: passed straight to a
//! call (`data = json.load(open(p))`) or iterated (`for line in open(p):`).

use crate::linter::diagnostic::{Diagnostic, Edit, Fix};
use crate::linter::fix::indent::{indent_lines, multiline_string_ranges, owns_its_lines};
use crate::linter::syntax::{Scope, fresh_local_name};
use crate::model::Context;
use crate::model::rule::Rule;
use crate::parse::{Expr, Ranged, Stmt, TextRange, ast};

use super::{is_constructor_call, opener, table};

/// Where an inline resource goes.
enum Use<'a> {
    /// An argument of a callee that reads it whole (`json.load`): safe fix.
    Consumed { callee: String },
    /// An argument of any other function: reported, not fixed.
    Passed { callee: String },
    /// The iterable of a `for` loop: safe fix.
    Iterated { stmt: &'a ast::StmtFor },
}

pub(super) fn check_inline(context: &Context, stmt: &Stmt, scope: Scope) -> Option<Diagnostic> {
    let (call, name, usage) = find(context, stmt)?;
    if matches!(usage, Use::Passed { .. }) && result_outlives_function(stmt, scope) {
        // `self.reader = parse(open(p))`, `tee_file = wrap(open(p))` with
        // `global tee_file`: the result (which may be the file) is kept.
        return None;
    }
    if call_is_async(context, call) {
        return None;
    }
    let message = match &usage {
        Use::Consumed { callee } | Use::Passed { callee } => format!(
            "`{name}(...)` is passed to `{callee}` and never closed; open it in a `with` block"
        ),
        Use::Iterated { .. } => {
            format!("`{name}(...)` is iterated and never closed; open it in a `with` block")
        }
    };
    let mut diagnostic = Diagnostic::new(Rule::ResourceWith, call.range(), message);
    diagnostic.try_set_fix(|| {
        let fresh = fresh_local_name(context, scope, "f");
        match usage {
            Use::Consumed { .. } => wrap_statement(context, stmt, call, &fresh, &name),
            Use::Iterated { stmt: for_stmt } => {
                wrap_loop(context, stmt, for_stmt, call, &fresh, &name)
            }
            Use::Passed { .. } => None,
        }
    });
    Some(diagnostic)
}

/// Whether `stmt` stores its value somewhere that outlives the call: an
/// attribute, a subscript, or a name declared `global`/`nonlocal`.
fn result_outlives_function(stmt: &Stmt, scope: Scope) -> bool {
    let targets: Vec<&Expr> = match stmt {
        Stmt::Assign(assign) => assign.targets.iter().collect(),
        Stmt::AnnAssign(assign) => vec![&*assign.target],
        _ => return false,
    };
    let declared = |name: &str| {
        scope.function.is_some_and(|function| {
            function.body.iter().any(|s| match s {
                Stmt::Global(global) => global.names.iter().any(|n| n.id.as_str() == name),
                Stmt::Nonlocal(nonlocal) => nonlocal.names.iter().any(|n| n.id.as_str() == name),
                _ => false,
            })
        })
    };
    targets.iter().any(|target| match target {
        Expr::Name(name) => declared(name.id.as_str()),
        _ => true,
    })
}

fn call_is_async(context: &Context, call: &ast::ExprCall) -> bool {
    opener(context, call).is_some_and(|(_, constructor)| constructor.is_async)
}

/// The inline opener call in `stmt`, its display name, and how it is used.
fn find<'a>(context: &Context, stmt: &'a Stmt) -> Option<(&'a ast::ExprCall, String, Use<'a>)> {
    if let Stmt::For(for_stmt) = stmt {
        if for_stmt.is_async {
            return None;
        }
        let Expr::Call(call) = &*for_stmt.iter else {
            return None;
        };
        let (name, constructor) = opener(context, call)?;
        if constructor.exit != "close" {
            return None;
        }
        return Some((call, name, Use::Iterated { stmt: for_stmt }));
    }
    let (value, is_return) = match stmt {
        Stmt::Assign(assign) => (&*assign.value, false),
        Stmt::AnnAssign(assign) => (assign.value.as_deref()?, false),
        Stmt::Expr(expr) => (&*expr.value, false),
        Stmt::Return(ret) => (ret.value.as_deref()?, true),
        _ => return None,
    };
    let Expr::Call(outer) = value else {
        return None;
    };
    let argument = outer
        .arguments
        .args
        .iter()
        .chain(outer.arguments.keywords.iter().map(|k| &k.value))
        .find_map(|arg| match arg {
            Expr::Call(call) => opener(context, call).map(|(name, c)| (call, name, c)),
            _ => None,
        });
    let (call, name, constructor) = argument?;
    if constructor.exit != "close" {
        return None;
    }
    let inline = &table().inline;
    let method = match &*outer.func {
        Expr::Attribute(attribute) => Some(attribute.attr.id.as_str()),
        _ => None,
    };
    if is_constructor_call(outer) || method.is_some_and(|m| inline.keepers.iter().any(|k| k == m)) {
        // A wrapper or registry that keeps it: not ours to close.
        return None;
    }
    let qualified = context.semantic.resolve_qualified_name(&outer.func);
    if let Some(q) = &qualified
        && (inline
            .keepers
            .iter()
            .any(|k| q.rsplit('.').next() == Some(k.as_str()))
            || q == "typing.cast")
    {
        // `typing.cast(T, open(p))` is the file itself.
        return None;
    }
    if super::callee_keeps(
        context,
        outer,
        |arg| matches!(arg, Expr::Call(inner) if std::ptr::eq(inner, call)),
    ) {
        // A project function that keeps what it is given (`self.f = f`).
        return None;
    }
    let callee = qualified
        .clone()
        .unwrap_or_else(|| context.slice(outer.func.range()).to_owned());
    if qualified.is_some_and(|q| inline.consumers.contains(&q)) {
        return Some((call, name, Use::Consumed { callee }));
    }
    if is_return {
        // `return f(open(p))`: `f` may hand it back; the caller owns it then.
        return None;
    }
    Some((call, name, Use::Passed { callee }))
}

/// `data = json.load(open(p))` → `with open(p) as f:` / `data = json.load(f)`.
fn wrap_statement(
    context: &Context,
    stmt: &Stmt,
    call: &ast::ExprCall,
    fresh: &str,
    name: &str,
) -> Option<Fix> {
    let source = context.source;
    if !owns_its_lines(source, stmt) || super::binds_in_class_body(context, stmt) {
        return None;
    }
    let statement = context.slice(stmt.range());
    let start = usize::from(call.start() - stmt.start());
    let end = usize::from(call.end() - stmt.start());
    let rewritten = format!("{}{fresh}{}", &statement[..start], &statement[end..]);
    if rewritten.contains(['\n', '\r']) {
        return None;
    }
    let indentation = source.indentation_at(stmt.start());
    let text = format!(
        "with {} as {fresh}:{}{indentation}{}{rewritten}",
        context.slice(call.range()),
        source.newline(),
        source.indent_unit_at(stmt.start()),
    );
    Some(Fix::safe(
        format!("Open it in `with {name}(...) as {fresh}:`"),
        vec![Edit::replacement(text, stmt.range())],
    ))
}

/// `for line in open(p):` → `with open(p) as f:` / `for line in f:`, the
/// loop one level deeper.
fn wrap_loop(
    context: &Context,
    stmt: &Stmt,
    for_stmt: &ast::StmtFor,
    call: &ast::ExprCall,
    fresh: &str,
    name: &str,
) -> Option<Fix> {
    let source = context.source;
    if !owns_its_lines(source, for_stmt)
        || source.line_index(call.start()) != source.line_index(for_stmt.start())
        || source.line_index(call.end()) != source.line_index(for_stmt.start())
    {
        return None;
    }
    let unit = source.indent_unit_at(for_stmt.start());
    let lines = source.full_lines_range(for_stmt.range());
    let strings = multiline_string_ranges(source, std::slice::from_ref(stmt));
    let indented = indent_lines(source, lines, unit, &strings);
    // The first line gained `unit` after its indentation, before the call.
    let start = usize::from(call.start() - lines.start()) + unit.len();
    let end = usize::from(call.end() - lines.start()) + unit.len();
    if indented.get(start..end) != Some(context.slice(call.range())) {
        return None;
    }
    let body = format!("{}{fresh}{}", &indented[..start], &indented[end..]);
    let indentation = source.indentation_at(for_stmt.start());
    let text = format!(
        "{indentation}with {} as {fresh}:{}{body}",
        context.slice(call.range()),
        source.newline()
    );
    Some(Fix::safe(
        format!("Open it in `with {name}(...) as {fresh}:` around the loop"),
        vec![Edit::replacement(
            text,
            TextRange::new(lines.start(), lines.end()),
        )],
    ))
}
