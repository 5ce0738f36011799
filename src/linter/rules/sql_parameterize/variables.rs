//! A query variable's writes, found through the semantic model's reaching
//! definitions: which `sql = …` and `sql += …` statements can reach the
//! `execute(sql)` that runs it, and whether any other code reads them.

use super::assemble::{self, Constants, Decomposed, Piece, decompose};
use crate::linter::syntax;
use crate::parse::{Expr, Ranged, Stmt, TextSize, ast};
use crate::semantic::{BindingId, BindingKind, ScopeId, SemanticModel};

/// One statement building the query variable.
pub(super) struct VariablePart<'a> {
    pub(super) stmt: &'a Stmt,
    pub(super) value: &'a Expr,
    pub(super) decomposed: Decomposed<'a>,
    pub(super) is_definition: bool,
    /// `q = q + …`: the value starts with the variable itself (left out of
    /// `decomposed`), which the rewrite keeps in front.
    pub(super) restates: Option<String>,
}

/// The writes a rewrite mirrors with a list of parameters, in source order.
pub(super) struct VariablePlan<'a> {
    pub(super) parts: Vec<VariablePart<'a>>,
}

/// The writes of the variable that `read` (the SQL a sink runs) names,
/// when a rewrite can mirror each of them with a list of parameters:
///
/// - every write that reaches `read`, and every write reaching an append
///   among them (`sql += …`, `sql = sql + …`), is in `read`'s own scope and
///   is `sql = <text>` or such an append;
/// - at least one of them defines the variable afresh;
/// - no other read (or `del`) anywhere in the module sees any of them: it
///   would see placeholders after the rewrite;
/// - no other code rebinds the name (`global`, `nonlocal`).
///
/// Writes in any order and branch qualify (a loop may append after the
/// sink): each gets its mirror in the same place.
pub(super) fn trace<'a>(
    semantic: &SemanticModel<'a>,
    read: &ast::ExprName,
    constants: &Constants,
) -> Option<VariablePlan<'a>> {
    let name = read.id.as_str();
    let scope = semantic.scope_of_name(name, read.start());
    if semantic.rebound_elsewhere(scope, name) {
        return None;
    }
    let writes = reaching_writes(semantic, name, read.start(), scope);
    if !writes.complete || writes.ids.is_empty() {
        return None;
    }
    let mut parts = Vec::with_capacity(writes.ids.len());
    for &id in &writes.ids {
        let binding = semantic.binding(id);
        if !matches!(
            binding.kind,
            BindingKind::Assignment | BindingKind::AugmentedAssignment
        ) {
            return None;
        }
        let stmt = binding.stmt?;
        parts.push(
            definition_part(stmt, name, constants)
                .or_else(|| append_part(stmt, name, constants))?,
        );
    }
    if !parts.iter().any(|part| part.is_definition) {
        return None;
    }
    let other_read_sees_them = semantic.references_to(name).any(|reference| {
        reference.range != read.range
            && !parts
                .iter()
                .any(|part| part.stmt.range().contains_range(reference.range))
            && semantic
                .reaching_bindings(name, reference.range.start())
                .iter()
                .any(|id| writes.ids.contains(id))
    });
    (!other_read_sees_them).then_some(VariablePlan { parts })
}

/// The writes of `read`'s variable that reach it, as far as they are
/// plain writes (`sql = …`, `sql += …`) of its scope, the latest first:
/// what a report says the query was built with, when no rewrite is offered.
pub(super) fn reaching_parts<'a>(
    semantic: &SemanticModel<'a>,
    read: &ast::ExprName,
    constants: &Constants,
) -> Vec<VariablePart<'a>> {
    let name = read.id.as_str();
    let scope = semantic.scope_of_name(name, read.start());
    let writes = reaching_writes(semantic, name, read.start(), scope);
    let mut parts: Vec<VariablePart<'a>> = writes
        .ids
        .iter()
        .filter_map(|&id| {
            let stmt = semantic.binding(id).stmt?;
            let (value, assigns) = match stmt {
                Stmt::AugAssign(aug) => (&*aug.value, false),
                _ => (syntax::simple_assignment(stmt)?.1, true),
            };
            let is_definition = assigns && !syntax::mentions_expr(value, name);
            let restated = (assigns && !is_definition)
                .then(|| restating_append(stmt, value, name, constants))
                .flatten();
            Some(restated.unwrap_or_else(|| VariablePart {
                stmt,
                value,
                decomposed: decompose(value, constants),
                is_definition,
                restates: None,
            }))
        })
        .collect();
    parts.reverse();
    parts
}

/// The bindings of `name` in `scope` that reach `at`, followed back
/// through every binding that reads the name while writing it (an append).
struct ReachingWrites {
    /// In source order.
    ids: Vec<BindingId>,
    /// Whether every binding met was of `scope` and every append was
    /// reached by a binding (not only by a parameter of an enclosing scope,
    /// or by nothing).
    complete: bool,
}

fn reaching_writes(
    semantic: &SemanticModel,
    name: &str,
    at: TextSize,
    scope: ScopeId,
) -> ReachingWrites {
    let mut ids: Vec<BindingId> = Vec::new();
    let mut complete = true;
    let mut pending = semantic.reaching_bindings(name, at);
    while let Some(id) = pending.pop() {
        if ids.contains(&id) {
            continue;
        }
        let binding = semantic.binding(id);
        if binding.scope != scope {
            complete = false;
            continue;
        }
        ids.push(id);
        let Some(stmt) = binding.stmt else { continue };
        let appends = match stmt {
            Stmt::AugAssign(_) => true,
            Stmt::Assign(assign) => syntax::mentions_expr(&assign.value, name),
            _ => false,
        };
        if appends {
            let earlier = semantic.reaching_bindings(name, stmt.start());
            complete &= !earlier.is_empty();
            pending.extend(earlier);
        }
    }
    ids.sort_by_key(|&id| semantic.binding(id).range.start());
    ReachingWrites { ids, complete }
}

/// `name = value`, with `value` not reading `name`.
fn definition_part<'a>(
    stmt: &'a Stmt,
    name: &str,
    constants: &Constants,
) -> Option<VariablePart<'a>> {
    let (target, value) = syntax::simple_assignment(stmt)?;
    (target == name && !syntax::mentions_expr(value, name)).then(|| VariablePart {
        stmt,
        value,
        decomposed: decompose(value, constants),
        is_definition: true,
        restates: None,
    })
}

/// `name += value`, with `value` not reading `name`; or `name = name + …`
/// (`name = f"{name} …"`), the variable first and nowhere else.
fn append_part<'a>(stmt: &'a Stmt, name: &str, constants: &Constants) -> Option<VariablePart<'a>> {
    if let Some((target, value)) = syntax::simple_assignment(stmt) {
        return (target == name)
            .then(|| restating_append(stmt, value, name, constants))
            .flatten();
    }
    let Stmt::AugAssign(aug) = stmt else {
        return None;
    };
    let appends = aug.op == ast::Operator::Add
        && matches!(&*aug.target, Expr::Name(t) if t.id.as_str() == name)
        && !syntax::mentions_expr(&aug.value, name);
    appends.then(|| VariablePart {
        stmt,
        value: &aug.value,
        decomposed: decompose(&aug.value, constants),
        is_definition: false,
        restates: None,
    })
}

/// `name = name + "…" + x`: the variable is the first piece and no other
/// value reads it; the rest is what is appended.
pub(super) fn restating_append<'a>(
    stmt: &'a Stmt,
    value: &'a Expr,
    name: &str,
    constants: &Constants,
) -> Option<VariablePart<'a>> {
    let (pieces, assembly) = match decompose(value, constants) {
        Decomposed::Pieces { pieces, assembly } => (pieces, assembly),
        _ => return None,
    };
    let Some((Piece::Value(first), rest)) = pieces.split_first() else {
        return None;
    };
    let restated = matches!(first.expr, Expr::Name(n) if n.id.as_str() == name)
        && first.accessor.is_empty()
        && first.written_as.is_none()
        && matches!(
            first.conversion,
            assemble::Conversion::Concatenated | assemble::Conversion::Str
        );
    let reads_again = rest
        .iter()
        .any(|piece| matches!(piece, Piece::Value(v) if syntax::mentions_expr(v.expr, name)));
    if !restated || reads_again {
        return None;
    }
    let rest = rest.to_vec();
    let decomposed = if rest
        .iter()
        .all(|p| matches!(p, Piece::Text(_)) || matches!(p, Piece::Value(v) if v.safe))
    {
        Decomposed::Constant { pieces: rest }
    } else {
        Decomposed::Pieces {
            pieces: rest,
            assembly,
        }
    };
    Some(VariablePart {
        stmt,
        value,
        decomposed,
        is_definition: false,
        restates: Some(name.to_owned()),
    })
}
