//! SQLAlchemy query objects (`session.query(User)`, `User.query`), resolved
//! through the semantic model, for the < 1.4 string criteria sinks.

use crate::model::Context;
use crate::model::drivers::DbModel;
use crate::parse::{Expr, Ranged};
use crate::semantic::{BindingId, BindingKind};

/// `Query` methods that return a `Query` (so a chain stays a query).
const QUERY_METHODS: &[&str] = &[
    "filter",
    "filter_by",
    "join",
    "outerjoin",
    "order_by",
    "group_by",
    "having",
    "limit",
    "offset",
    "distinct",
    "options",
    "select_from",
    "with_entities",
    "correlate",
    "params",
    "enable_eagerloads",
    "execution_options",
    "autoflush",
    "populate_existing",
    "reset_joinpoint",
    "from_self",
    "union",
    "union_all",
    "yield_per",
    "with_for_update",
];

/// Whether `expr` is a SQLAlchemy `Query`: `session.query(…)` on a session
/// a SQLAlchemy constructor made (not one presumed from its name),
/// `db.session.query(…)` or `Model.query` with Flask-SQLAlchemy, a chain of
/// query methods on one, or a name every reaching binding of which is one.
pub fn is_query(context: &Context, db: &DbModel, expr: &Expr) -> bool {
    is_query_within(context, db, expr, 0, &mut Vec::new())
}

/// `visiting`: the bindings being proven further up. A binding met again
/// (`query = query.filter(…)` in a loop) holds a query if the others do.
fn is_query_within(
    context: &Context,
    db: &DbModel,
    expr: &Expr,
    depth: usize,
    visiting: &mut Vec<BindingId>,
) -> bool {
    if depth > 12 {
        return false;
    }
    match expr {
        Expr::Call(call) => {
            let Expr::Attribute(attribute) = &*call.func else {
                return false;
            };
            let receiver = &*attribute.value;
            match attribute.attr.id.as_str() {
                "query" => {
                    db.object(context, receiver).is_some_and(|object| {
                        !object.presumed && object.driver.is_some_and(|d| d.name == "sqlalchemy")
                    }) || project_session(context, receiver, depth + 1)
                        || matches!(receiver, Expr::Attribute(session)
                        if session.attr.id.as_str() == "session"
                            && is_flask_sqlalchemy(context, &session.value, depth + 1))
                }
                method if QUERY_METHODS.contains(&method) => {
                    is_query_within(context, db, receiver, depth + 1, visiting)
                }
                _ => false,
            }
        }
        // Flask-SQLAlchemy: `User.query` on a model class of `db.Model`.
        Expr::Attribute(attribute) if attribute.attr.id.as_str() == "query" => {
            is_flask_model(context, &attribute.value, depth + 1)
        }
        Expr::Name(name) => {
            let reaching = context
                .semantic
                .reaching_bindings(name.id.as_str(), name.start());
            // Bindings met again hold a query if the others do; at least
            // one must be proven on its own (`query = query.filter(…)` alone
            // proves nothing).
            let mut grounded = false;
            let all = reaching.into_iter().all(|id| {
                if visiting.contains(&id) {
                    return true;
                }
                let binding = context.semantic.binding(id);
                if binding.kind != BindingKind::Assignment {
                    return false;
                }
                let Some(value) = binding.value else {
                    return false;
                };
                visiting.push(id);
                let proven = is_query_within(context, db, value, depth + 1, visiting);
                visiting.pop();
                grounded |= proven;
                proven
            });
            all && grounded
        }
        _ => false,
    }
}

/// A SQLAlchemy session (factory, registry) that another module of the
/// project makes: `model.Session` or `Session` imported from a module that
/// binds it once to `scoped_session(sessionmaker(…))`, a call of one, or a
/// local every reaching binding of which is one (the project index).
fn project_session(context: &Context, expr: &Expr, depth: usize) -> bool {
    if depth > 12 {
        return false;
    }
    match expr {
        Expr::Call(call) => project_session(context, &call.func, depth + 1),
        Expr::Name(_) | Expr::Attribute(_) => {
            if let Some(qualified) = context.semantic.resolve_qualified_name(expr) {
                return context
                    .project()
                    .module_object(&qualified)
                    .is_some_and(|fact| fact.driver == "sqlalchemy");
            }
            let Expr::Name(name) = expr else { return false };
            let reaching = context
                .semantic
                .reaching_bindings(name.id.as_str(), name.start());
            !reaching.is_empty()
                && reaching.into_iter().all(|id| {
                    let binding = context.semantic.binding(id);
                    binding.kind == BindingKind::Assignment
                        && matches!(binding.value, Some(value @ Expr::Call(_))
                            if project_session(context, value, depth + 1))
                })
        }
        _ => false,
    }
}

/// `db` bound to `flask_sqlalchemy.SQLAlchemy(…)` in this module.
fn is_flask_sqlalchemy(context: &Context, expr: &Expr, depth: usize) -> bool {
    let Expr::Name(name) = expr else { return false };
    if depth > 12 {
        return false;
    }
    let reaching = context
        .semantic
        .reaching_bindings(name.id.as_str(), name.start());
    !reaching.is_empty()
        && reaching.into_iter().all(|id| {
            let binding = context.semantic.binding(id);
            binding.kind == BindingKind::Assignment
                && matches!(binding.value, Some(Expr::Call(call))
                    if context.semantic.resolve_qualified_name(&call.func).as_deref()
                        == Some("flask_sqlalchemy.SQLAlchemy"))
        })
}

/// A class whose bases lead to `db.Model` (Flask-SQLAlchemy): one of this
/// module, or (through the project index) one another module of the
/// project defines, with `db = SQLAlchemy(…)` in any module of the project.
fn is_flask_model(context: &Context, expr: &Expr, depth: usize) -> bool {
    let Expr::Name(name) = expr else { return false };
    if depth > 12 {
        return false;
    }
    let Some(binding) = context.semantic.binding_at(name.id.as_str(), name.start()) else {
        return false;
    };
    if binding.is_import() {
        return context
            .semantic
            .resolve_qualified_name(expr)
            .is_some_and(|qualified| context.project().is_flask_model(&qualified));
    }
    if binding.kind != BindingKind::ClassDefinition {
        return false;
    }
    if let Some((module, _)) = context.module_name()
        && context
            .project()
            .is_flask_model(&format!("{module}.{}", name.id))
    {
        return true;
    }
    // Model classes are defined at the module level.
    let Some(class) = context.top_level_class(binding) else {
        return false;
    };
    class.bases().iter().any(|base| match base {
        Expr::Attribute(attribute) if attribute.attr.id.as_str() == "Model" => {
            is_flask_sqlalchemy(context, &attribute.value, depth + 1)
        }
        Expr::Name(_) => is_flask_model(context, base, depth + 1),
        _ => false,
    })
}
