//! Functions whose parameters are input: the places where data enters the
//! program from a web request or the command line.
//!
//! - a function registered by a route or command decorator: `@app.route(…)`,
//!   `@bp.get(…)`, `@router.post(…)`, `@view_config(…)`, `@click.command()`,
//!   `@special_command(…)` (Flask, FastAPI, Pyramid, Click, Typer, and the
//!   project's own `*_command`, `*_route` registries);
//! - a view that takes the request (`def detail(request, slug)`: Django,
//!   Pyramid and aiohttp pass the URL's parts as the other parameters);
//! - an HTTP method of a class-based view or handler (`get`, `post`… of a
//!   class deriving from `…View`, `…Handler`, `…Resource`, `…Endpoint`);
//! - `main`, whose parameters are the command line.
//!
//! Any other function's parameters come from the program's own callers: a
//! library's API that takes a table name is not where input is validated.

use crate::model::Context;
use crate::model::library_api::HTTP_METHODS;
use crate::parse::{Expr, Ranged, ast};

/// Decorators (their last name) that register a function as a route or a command.
const REGISTRARS: [&str; 15] = [
    "route",
    "get",
    "post",
    "put",
    "patch",
    "delete",
    "head",
    "options",
    "api_route",
    "websocket",
    "view_config",
    "expose",
    "command",
    "group",
    "endpoint",
];

/// Suffixes of a project's own registry decorators (`special_command`).
const REGISTRAR_SUFFIXES: [&str; 3] = ["_command", "_route", "_view"];

/// Base class name endings of class-based views and request handlers.
const VIEW_BASES: [&str; 4] = ["View", "Handler", "Resource", "Endpoint"];

/// Whether `def`'s parameters hold input from outside the program.
pub fn is_entry_point(context: &Context, def: &ast::StmtFunctionDef) -> bool {
    def.name.id.as_str() == "main"
        || def.decorator_list.iter().any(|d| registers(&d.expression))
        || def
            .parameters
            .iter_non_variadic_params()
            .any(|p| matches!(p.name().id.as_str(), "request" | "req"))
        || is_view_method(context, def)
}

/// `@app.route("/")`, `@click.command()`, `@special_command("\\d")`.
fn registers(decorator: &Expr) -> bool {
    let callee = match decorator {
        Expr::Call(call) => &*call.func,
        other => other,
    };
    let name = match callee {
        Expr::Attribute(attribute) => attribute.attr.id.as_str(),
        Expr::Name(name) => name.id.as_str(),
        _ => return false,
    };
    REGISTRARS.contains(&name) || REGISTRAR_SUFFIXES.iter().any(|s| name.ends_with(s))
}

/// `def get(self, request, pk)` in `class Detail(DetailView)`.
fn is_view_method(context: &Context, def: &ast::StmtFunctionDef) -> bool {
    if !HTTP_METHODS.contains(&def.name.id.as_str()) {
        return false;
    }
    let Some(class) = context.semantic.enclosing_class(def.start()) else {
        return false;
    };
    // The method must be the class's own, not a function nested in one.
    if !class.body.iter().any(|stmt| stmt.range() == def.range()) {
        return false;
    }
    class.bases().iter().any(|base| {
        let name = match base {
            Expr::Attribute(attribute) => attribute.attr.id.as_str(),
            Expr::Name(name) => name.id.as_str(),
            _ => "",
        };
        VIEW_BASES.iter().any(|suffix| name.ends_with(suffix))
    })
}
