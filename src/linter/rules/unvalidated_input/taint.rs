//! Which values in a function come from outside (the HTTP request, and the
//! parameters of an entry point) and whether anything in the function
//! validates them.

use rustc_hash::FxHashSet;

use super::entry_points::is_entry_point;
use crate::model::Context;
use crate::model::outside_data::has_non_text_annotation;
use crate::parse::{Expr, Ranged, Stmt, Visitor, ast, visitor};
use crate::semantic::{BindingId, BindingKind, ScopeId};

/// Where an unvalidated value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Parameter,
    Request,
}

impl Origin {
    /// "Parameter `sort`", "Request value `request.args["sort"]`".
    pub fn describe(self, context: &Context, value: &Expr) -> String {
        let text = context.slice(value.range());
        let text = if text.len() > 60 || text.contains(['\n', '\r']) {
            "…"
        } else {
            text
        };
        match self {
            Origin::Parameter => format!("Parameter `{text}`"),
            Origin::Request => format!("Request value `{text}`"),
        }
    }
}

/// The outside values of one function, followed through the bindings that
/// reach each read: a name is outside data where a write that reaches it
/// binds outside data and no check validated that write.
pub struct Taint {
    /// The function's scope: only its own bindings (and those of the
    /// comprehensions in it) are followed.
    scope: ScopeId,
    /// The parameters that hold outside values: every text parameter of an
    /// entry point but `self`, `cls` and `request`.
    parameters: FxHashSet<BindingId>,
    /// The parameter named `request` (the HTTP request), when there is one.
    request: Option<BindingId>,
    /// Bindings compared (`in`, `==`) or passed to a validator anywhere in
    /// the function.
    validated: FxHashSet<BindingId>,
}

/// How many assignments a value is followed back through.
const DEPTH: usize = 8;

impl Taint {
    pub fn of_function(context: &Context, scope: ScopeId, def: &ast::StmtFunctionDef) -> Self {
        let entry_point = is_entry_point(context, def);
        let mut parameters = FxHashSet::default();
        let mut request = None;
        for (id, binding) in context.semantic.bindings_in(scope) {
            if binding.kind != BindingKind::Parameter {
                continue;
            }
            let Some(parameter) = def
                .parameters
                .iter_non_variadic_params()
                .find(|parameter| parameter.name().range == binding.range)
            else {
                continue;
            };
            let name = binding.name;
            if name == "request" {
                request = Some(id);
                continue;
            }
            // Only where data enters the program are parameters input.
            if !entry_point || matches!(name, "self" | "cls") || has_non_text_annotation(parameter)
            {
                continue;
            }
            parameters.insert(id);
        }
        let mut walker = Walker {
            context,
            validated: FxHashSet::default(),
        };
        for stmt in &def.body {
            walker.visit_stmt(stmt);
        }
        Taint {
            scope,
            parameters,
            request,
            validated: walker.validated,
        }
    }

    /// Where `value` comes from when it is an unvalidated outside value.
    pub fn origin(&self, context: &Context, value: &Expr) -> Option<Origin> {
        self.origin_within(context, value, &mut FxHashSet::default(), 0)
    }

    fn origin_within(
        &self,
        context: &Context,
        value: &Expr,
        seen: &mut FxHashSet<BindingId>,
        depth: usize,
    ) -> Option<Origin> {
        match value {
            Expr::Name(name) => self.name_origin(context, name, seen, depth),
            Expr::Call(call) => {
                if call.arguments.find_keyword("type").is_some() {
                    return None;
                }
                if self.is_request_data(context, value) {
                    return Some(Origin::Request);
                }
                // `col.lower()`, `name.strip()`: still the same outside value.
                let Expr::Attribute(attribute) = &*call.func else {
                    return None;
                };
                let keeps_value = matches!(
                    attribute.attr.id.as_str(),
                    "lower" | "upper" | "strip" | "lstrip" | "rstrip" | "title" | "casefold"
                );
                keeps_value
                    .then(|| self.origin_within(context, &attribute.value, seen, depth))
                    .flatten()
            }
            Expr::Subscript(_) | Expr::Attribute(_) => self
                .is_request_data(context, value)
                .then_some(Origin::Request),
            _ => None,
        }
    }

    /// The origin of a read: that of the last write reaching it (in source
    /// order) that binds an unvalidated outside value, if any does. Only
    /// a tainted parameter of the function and `name = value` are followed.
    fn name_origin(
        &self,
        context: &Context,
        name: &ast::ExprName,
        seen: &mut FxHashSet<BindingId>,
        depth: usize,
    ) -> Option<Origin> {
        if depth > DEPTH {
            return None;
        }
        let semantic = context.semantic;
        let reaching = semantic.reaching_bindings(name.id.as_str(), name.start());
        reaching.into_iter().rev().find_map(|id| {
            if self.validated.contains(&id) || !seen.insert(id) {
                return None;
            }
            let binding = semantic.binding(id);
            if semantic.function_scope_at(binding.range.start()) != Some(self.scope) {
                return None;
            }
            match (&binding.kind, binding.stmt) {
                (BindingKind::Parameter, _) => {
                    self.parameters.contains(&id).then_some(Origin::Parameter)
                }
                (BindingKind::Assignment, Some(Stmt::Assign(assign)))
                    if matches!(assign.targets.as_slice(), [Expr::Name(target)] if target.range == binding.range) =>
                {
                    self.origin_within(context, &assign.value, seen, depth + 1)
                }
                _ => None,
            }
        })
    }

    /// The request value inside a path expression (`f"{UPLOADS}/{name}"`,
    /// `"uploads/" + name`), if any.
    pub fn request_value_in<'e>(&self, context: &Context, expr: &'e Expr) -> Option<&'e Expr> {
        match expr {
            Expr::FString(fstring) => fstring.value.elements().find_map(|element| match element {
                ast::InterpolatedStringElement::Interpolation(field) => {
                    self.request_value_in(context, &field.expression)
                }
                ast::InterpolatedStringElement::Literal(_) => None,
            }),
            Expr::BinOp(binop) => self
                .request_value_in(context, &binop.left)
                .or_else(|| self.request_value_in(context, &binop.right)),
            other => (self.origin(context, other) == Some(Origin::Request)).then_some(other),
        }
    }

    /// `request.args["x"]`, `request.form.get("x")`, `request.GET["x"]`,
    /// `request.get_json()["x"]`, `request.match_info["x"]`.
    fn is_request_data(&self, context: &Context, expr: &Expr) -> bool {
        let mut current = expr;
        let mut saw_data_attribute = false;
        loop {
            current = match current {
                Expr::Subscript(subscript) => &subscript.value,
                Expr::Call(call) => &call.func,
                Expr::Attribute(attribute) => {
                    saw_data_attribute |= matches!(
                        attribute.attr.id.as_str(),
                        "args"
                            | "form"
                            | "values"
                            | "json"
                            | "get_json"
                            | "GET"
                            | "POST"
                            | "query_params"
                            | "data"
                            | "files"
                            | "match_info"
                            | "query"
                            | "cookies"
                            | "headers"
                    );
                    &attribute.value
                }
                Expr::Name(name) => {
                    return saw_data_attribute
                        && name.id.as_str() == "request"
                        && (self.request.is_some_and(|parameter| {
                            context
                                .semantic
                                .reaching_bindings("request", name.start())
                                .iter()
                                .all(|&id| id == parameter)
                        }) || context
                            .semantic
                            .resolve_qualified_name(current)
                            .is_some_and(|q| q == "flask.request"));
                }
                _ => return false,
            };
        }
    }
}

/// Collects the bindings that checks in the function validate (nested
/// functions and classes are their own).
struct Walker<'c> {
    context: &'c Context<'c>,
    validated: FxHashSet<BindingId>,
}

impl Walker<'_> {
    /// Every write of `name` that reaches the check is validated.
    fn validate(&mut self, name: &ast::ExprName) {
        self.validated.extend(
            self.context
                .semantic
                .reaching_bindings(name.id.as_str(), name.start()),
        );
    }
}

impl<'a> Visitor<'a> for Walker<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if matches!(stmt, Stmt::FunctionDef(_) | Stmt::ClassDef(_)) {
            return;
        }
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Compare(compare) => {
                let checks_membership = compare.ops.iter().any(|op| {
                    matches!(
                        op,
                        ast::CmpOp::In | ast::CmpOp::NotIn | ast::CmpOp::Eq | ast::CmpOp::NotEq
                    )
                });
                if checks_membership && let Some(name) = validated_name(&compare.left) {
                    self.validate(name);
                }
            }
            Expr::Call(call) => {
                let validator = match &*call.func {
                    Expr::Name(name) => name.id.as_str(),
                    Expr::Attribute(attribute) => attribute.attr.id.as_str(),
                    _ => "",
                };
                if matches!(
                    validator,
                    "basename"
                        | "secure_filename"
                        | "realpath"
                        | "abspath"
                        | "normpath"
                        | "match"
                        | "fullmatch"
                        | "isidentifier"
                        | "isalnum"
                        | "isdigit"
                        | "isdecimal"
                        | "validate"
                ) {
                    let receiver = match &*call.func {
                        Expr::Attribute(attribute) => Some(&*attribute.value),
                        _ => None,
                    };
                    for argument in call.arguments.args.iter().chain(receiver) {
                        if let Some(name) = validated_name(argument) {
                            self.validate(name);
                        }
                    }
                }
            }
            _ => {}
        }
        visitor::walk_expr(self, expr);
    }
}

/// `col`, `col.lower()` → `col`.
fn validated_name(expr: &Expr) -> Option<&ast::ExprName> {
    match expr {
        Expr::Name(name) => Some(name),
        Expr::Call(call) => match &*call.func {
            Expr::Attribute(attribute) => validated_name(&attribute.value),
            _ => None,
        },
        _ => None,
    }
}
