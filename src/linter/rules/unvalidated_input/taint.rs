//! Which values in a function come from outside (the HTTP request, and the
//! parameters of an entry point) and whether anything in the function
//! validates them.

use std::collections::{HashMap, HashSet};

use super::entry_points::is_entry_point;
use crate::model::Context;
use crate::model::outside_data::has_non_text_annotation;
use crate::parse::{Expr, Ranged, Stmt, Visitor, ast, visitor};

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

/// The outside values of one function.
pub struct Taint {
    /// Local names holding outside values, by origin.
    names: HashMap<String, Origin>,
    /// Names compared (`in`, `==`) or passed to a validator anywhere in the function.
    validated: HashSet<String>,
    /// Whether `request` in this function is the HTTP request (a parameter
    /// named `request`, or `flask.request`).
    request_param: bool,
}

impl Taint {
    pub fn of_function(context: &Context, def: &ast::StmtFunctionDef) -> Self {
        let mut names = HashMap::new();
        let mut request_param = false;
        let entry_point = is_entry_point(context, def);
        for parameter in def.parameters.iter_non_variadic_params() {
            let name = parameter.name().id.as_str();
            if name == "request" {
                request_param = true;
                continue;
            }
            // Only where data enters the program are parameters input.
            if !entry_point || matches!(name, "self" | "cls") || has_non_text_annotation(parameter)
            {
                continue;
            }
            names.insert(name.to_owned(), Origin::Parameter);
        }
        let mut taint = Taint {
            names,
            validated: HashSet::new(),
            request_param,
        };
        let mut walker = Walker {
            context,
            taint: &mut taint,
        };
        for stmt in &def.body {
            walker.visit_stmt(stmt);
        }
        taint
    }

    /// Where `value` comes from when it is an unvalidated outside value.
    pub fn origin(&self, context: &Context, value: &Expr) -> Option<Origin> {
        match value {
            Expr::Name(name) => {
                let id = name.id.as_str();
                if self.validated.contains(id) {
                    return None;
                }
                self.names.get(id).copied()
            }
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
                    .then(|| self.origin(context, &attribute.value))
                    .flatten()
            }
            Expr::Subscript(_) | Expr::Attribute(_) => self
                .is_request_data(context, value)
                .then_some(Origin::Request),
            _ => None,
        }
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
                        && (self.request_param
                            || context
                                .semantic
                                .resolve_qualified_name(current)
                                .is_some_and(|q| q == "flask.request"));
                }
                _ => return false,
            };
        }
    }
}

/// Follows assignments in statement order and collects validated names.
struct Walker<'c, 't> {
    context: &'c Context<'c>,
    taint: &'t mut Taint,
}

impl<'a> Visitor<'a> for Walker<'_, '_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(_) | Stmt::ClassDef(_) => return,
            Stmt::Assign(assign) => {
                if let [Expr::Name(target)] = assign.targets.as_slice() {
                    let origin = self.taint.origin(self.context, &assign.value);
                    match origin {
                        Some(origin) => {
                            self.taint.names.insert(target.id.to_string(), origin);
                        }
                        None => {
                            self.taint.names.remove(target.id.as_str());
                        }
                    }
                }
            }
            _ => {}
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
                    self.taint.validated.insert(name);
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
                            self.taint.validated.insert(name);
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
fn validated_name(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Name(name) => Some(name.id.to_string()),
        Expr::Call(call) => match &*call.func {
            Expr::Attribute(attribute) => validated_name(&attribute.value),
            _ => None,
        },
        _ => None,
    }
}
