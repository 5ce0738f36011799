//! A library's API: public functions and methods that code beyond the run
//! calls, with the names of the caller's own tables (`drop_table(conn,
//! "users")`), as opposed to functions a framework calls with what a user
//! sent (a route, a view, a command).
//!
//! What the code says about a function is read here, once, by the index
//! pass ([`may_be_library_api`], kept in the function's summary); whether
//! anything in the run calls it is the project index's to answer
//! (`ProjectIndex::filled_by_developers`).

use crate::parse::{Expr, ast};

/// Decorators that leave a function a plain function or method of its
/// class, called by whoever imports it. Any other decorator may register it
/// with a framework that calls it with a request (`@app.route`,
/// `@click.command`).
const PLAIN_DECORATORS: [&str; 12] = [
    "property",
    "staticmethod",
    "classmethod",
    "abstractmethod",
    "cached_property",
    "overload",
    "override",
    "final",
    "contextmanager",
    "asynccontextmanager",
    "wraps",
    "lru_cache",
];

/// Parameter names of functions a framework or a command line calls with
/// what a user sent: a view's `request`, a WSGI app's `environ`, a
/// command's parsed `args`, a serverless `event`.
const HANDLER_PARAMETERS: [&str; 8] = [
    "request", "req", "environ", "argv", "args", "options", "opts", "event",
];

/// Method names that handle an HTTP verb in a class-based view or handler.
pub const HTTP_METHODS: [&str; 7] = ["get", "post", "put", "patch", "delete", "head", "options"];

/// Other function and method names a framework calls with a request, or a
/// program starts with.
const HANDLER_FUNCTIONS: [&str; 5] = ["dispatch", "handle", "main", "handler", "lambda_handler"];

/// Whether `def` (a function of a module an `import` can name, at its top
/// level or directly in the body of top-level `class`) may be a library's
/// API by what the code says: a public name (a constructor of a public
/// class too), no decorator but [`PLAIN_DECORATORS`], no
/// [`HANDLER_PARAMETERS`], no [`HTTP_METHODS`] or [`HANDLER_FUNCTIONS`] name.
pub fn may_be_library_api(def: &ast::StmtFunctionDef, class: Option<&ast::StmtClassDef>) -> bool {
    let name = def.name.id.as_str();
    let dunder = name.starts_with("__") && name.ends_with("__");
    if HTTP_METHODS.contains(&name)
        || HANDLER_FUNCTIONS.contains(&name)
        || (name.starts_with('_') && !dunder)
    {
        return false;
    }
    if dunder && (class.is_none() || !matches!(name, "__init__" | "__new__" | "__call__")) {
        return false;
    }
    if class.is_some_and(|class| class.name.id.starts_with('_')) {
        return false;
    }
    let plain = def.decorator_list.iter().all(|decorator| {
        let mut callee = &decorator.expression;
        if let Expr::Call(call) = callee {
            callee = &call.func;
        }
        match callee {
            Expr::Name(n) => PLAIN_DECORATORS.contains(&n.id.as_str()),
            // `@functools.wraps(f)`, `@name.setter`
            Expr::Attribute(a) => {
                PLAIN_DECORATORS.contains(&a.attr.id.as_str())
                    || matches!(a.attr.id.as_str(), "setter" | "getter" | "deleter")
            }
            _ => false,
        }
    });
    plain
        && !def
            .parameters
            .iter()
            .any(|p| HANDLER_PARAMETERS.contains(&p.name().id.as_str()))
}

/// Whether `text` is a Python identifier (what an `import` can name).
pub fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|first| first == '_' || first.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Stmt, parse_module};

    fn verdicts(source: &str) -> Vec<(String, bool)> {
        let module = parse_module(source).unwrap();
        let mut found = Vec::new();
        for stmt in module.body() {
            match stmt {
                Stmt::FunctionDef(def) => {
                    found.push((def.name.id.to_string(), may_be_library_api(def, None)));
                }
                Stmt::ClassDef(class) => {
                    for item in &class.body {
                        if let Stmt::FunctionDef(def) = item {
                            let name = format!("{}.{}", class.name.id, def.name.id);
                            found.push((name, may_be_library_api(def, Some(class))));
                        }
                    }
                }
                _ => {}
            }
        }
        found
    }

    #[test]
    fn public_plain_functions_and_methods_may_be_api_handlers_are_not() {
        let source = "\
def drop_table(conn, name): pass
def _helper(conn, name): pass
@app.route('/t/<name>')
def show(name): pass
def view(request, name): pass
def main(argv): pass
class Table:
    def __init__(self, conn, name): pass
    @property
    def count(self): pass
    def get(self, key): pass
    def __repr__(self): pass
class _Private:
    def rows(self, name): pass
";
        assert_eq!(
            verdicts(source),
            [
                ("drop_table".to_owned(), true),
                ("_helper".to_owned(), false),
                ("show".to_owned(), false),
                ("view".to_owned(), false),
                ("main".to_owned(), false),
                ("Table.__init__".to_owned(), true),
                ("Table.count".to_owned(), true),
                ("Table.get".to_owned(), false),
                ("Table.__repr__".to_owned(), false),
                ("_Private.rows".to_owned(), false),
            ]
        );
    }
}
