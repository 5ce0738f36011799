//! Locals of a function that only ever hold values written as literals in
//! the source: a table of names the developer typed, and every loop or
//! comprehension variable drawn from it.
//!
//! ```python
//! tables = [("wiki", {"time": "int64"}), ("ticket", {"time": "int64"})]
//! for table, columns in tables:
//!     cursor.execute("UPDATE %s SET %s" % (table, ", ".join(
//!         "%s=%s*1000000" % (column, column) for column in columns)))
//! ```
//!
//! `table`, `columns` and `column` hold literals only: splicing them builds
//! SQL from the program's own text, which no input reaches.

use std::collections::HashSet;

use super::assemble::Constants;
use crate::parse::{Expr, Stmt, Visitor, ast, visitor};

/// The names of `function`'s locals that are bound exactly once, by an
/// assignment, a `for` target or a comprehension target, to a value built
/// only from literals (or from module constants, or from other such locals).
pub fn literal_locals(function: &ast::StmtFunctionDef, constants: &Constants) -> HashSet<String> {
    let mut bindings = Bindings::default();
    for stmt in &function.body {
        bindings.visit_stmt(stmt);
    }
    let parameters: HashSet<&str> = function
        .parameters
        .iter()
        .map(|parameter| parameter.name().as_str())
        .collect();
    // Bound once in the whole function, nested scopes included, never
    // changed in place, and no parameter.
    let bound_once = |name: &str| {
        bindings.stores.iter().filter(|n| **n == name).count() == 1
            && !bindings.mutated.contains(&name)
    };
    // A list, dict or set built here and handed to a call may be added to
    // there (`tables = [...]`, `extend_tables(tables)`).
    let kept_here = |name: &str, value: &Expr| {
        !matches!(value, Expr::List(_) | Expr::Dict(_) | Expr::Set(_))
            || !bindings.passed.contains(&name)
    };
    let mut literal: HashSet<String> = HashSet::new();
    loop {
        let before = literal.len();
        for (target, value) in &bindings.found {
            let names = target_names(target);
            if names.iter().all(|name| {
                bound_once(name)
                    && kept_here(name, value)
                    && !parameters.contains(name)
                    && !literal.contains(*name)
            }) && literal_valued(value, &literal, constants)
            {
                literal.extend(names.into_iter().map(str::to_owned));
            }
        }
        if literal.len() == before {
            return literal;
        }
    }
}

/// Whether `expr` is built only from literals: a literal, a list, tuple,
/// set or dict of such values, `.items()`/`.keys()`/`.values()` of one, a
/// module constant or a name already known to hold literals only.
fn literal_valued(expr: &Expr, literal: &HashSet<String>, constants: &Constants) -> bool {
    let all = |items: &[Expr]| items.iter().all(|e| literal_valued(e, literal, constants));
    match expr {
        Expr::StringLiteral(_)
        | Expr::NumberLiteral(_)
        | Expr::BooleanLiteral(_)
        | Expr::NoneLiteral(_) => true,
        Expr::List(list) => all(&list.elts),
        Expr::Tuple(tuple) => all(&tuple.elts),
        Expr::Set(set) => all(&set.elts),
        Expr::Dict(dict) => dict.items.iter().all(|item| {
            item.key
                .as_ref()
                .is_some_and(|key| literal_valued(key, literal, constants))
                && literal_valued(&item.value, literal, constants)
        }),
        Expr::Call(call) => {
            matches!(&*call.func, Expr::Attribute(attribute)
                if matches!(attribute.attr.id.as_str(), "items" | "keys" | "values")
                    && call.arguments.args.is_empty()
                    && call.arguments.keywords.is_empty()
                    && literal_valued(&attribute.value, literal, constants))
        }
        Expr::Name(name) => {
            let name = name.id.as_str();
            literal.contains(name)
                || constants.strings.contains_key(name)
                || constants.safe_names.contains(name)
        }
        _ => false,
    }
}

/// The names a target binds, `None` for a target that binds anything else
/// (an attribute, a subscript): such a binding proves nothing.
fn target_names(target: &Expr) -> Vec<&str> {
    let mut names = Vec::new();
    if !collect_target_names(target, &mut names) {
        // A sentinel no local is named: the binding is never accepted.
        return vec![""];
    }
    names
}

fn collect_target_names<'a>(target: &'a Expr, names: &mut Vec<&'a str>) -> bool {
    match target {
        Expr::Name(name) => {
            names.push(name.id.as_str());
            true
        }
        Expr::Tuple(tuple) => tuple.elts.iter().all(|e| collect_target_names(e, names)),
        Expr::List(list) => list.elts.iter().all(|e| collect_target_names(e, names)),
        _ => false,
    }
}

/// Every binding of the function: (target, the value it draws from) for
/// plain assignments, `for` loops and comprehensions; every name stored;
/// every name whose value is changed in place (`names.append(x)`,
/// `names[0] = x`); and every name handed to a call that may change it.
#[derive(Default)]
struct Bindings<'a> {
    found: Vec<(&'a Expr, &'a Expr)>,
    stores: Vec<&'a str>,
    mutated: Vec<&'a str>,
    passed: Vec<&'a str>,
}

/// Calls that only read the values handed to them.
const READING_CALLS: [&str; 17] = [
    "len",
    "sorted",
    "list",
    "tuple",
    "set",
    "frozenset",
    "enumerate",
    "zip",
    "iter",
    "reversed",
    "join",
    "format",
    "str",
    "repr",
    "min",
    "max",
    "print",
];

/// Methods that change a list, set or dict in place.
const MUTATING_METHODS: [&str; 11] = [
    "append",
    "extend",
    "insert",
    "add",
    "update",
    "setdefault",
    "__setitem__",
    "__iadd__",
    "__ior__",
    "sort",
    "reverse",
];

impl<'a> Visitor<'a> for Bindings<'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::Assign(assign) if assign.targets.len() == 1 => {
                self.found.push((&assign.targets[0], &assign.value));
            }
            Stmt::AnnAssign(assign) => {
                if let Some(value) = &assign.value {
                    self.found.push((&assign.target, value));
                }
            }
            Stmt::For(each) => self.found.push((&each.target, &each.iter)),
            // Any other way of binding a name counts as a second binding.
            Stmt::Global(ast::StmtGlobal { names, .. })
            | Stmt::Nonlocal(ast::StmtNonlocal { names, .. }) => {
                for name in names {
                    self.stores.extend([name.id.as_str(), name.id.as_str()]);
                }
            }
            Stmt::FunctionDef(ast::StmtFunctionDef { name, .. })
            | Stmt::ClassDef(ast::StmtClassDef { name, .. }) => {
                self.stores.extend([name.id.as_str(), name.id.as_str()]);
            }
            Stmt::Import(ast::StmtImport { names, .. })
            | Stmt::ImportFrom(ast::StmtImportFrom { names, .. }) => {
                for alias in names {
                    let bound = alias.asname.as_ref().unwrap_or(&alias.name).id.as_str();
                    self.stores.extend([bound, bound]);
                }
            }
            _ => {}
        }
        visitor::walk_stmt(self, stmt);
    }

    fn visit_except_handler(&mut self, handler: &'a ast::ExceptHandler) {
        let ast::ExceptHandler::ExceptHandler(inner) = handler;
        if let Some(name) = &inner.name {
            self.stores.extend([name.id.as_str(), name.id.as_str()]);
        }
        visitor::walk_except_handler(self, handler);
    }

    fn visit_comprehension(&mut self, comprehension: &'a ast::Comprehension) {
        self.found
            .push((&comprehension.target, &comprehension.iter));
        visitor::walk_comprehension(self, comprehension);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Name(name) if name.ctx != ast::ExprContext::Load => {
                self.stores.push(name.id.as_str());
            }
            // `names[0] = x`, `del names[0]`.
            Expr::Subscript(subscript) if subscript.ctx != ast::ExprContext::Load => {
                if let Expr::Name(name) = &*subscript.value {
                    self.mutated.push(name.id.as_str());
                }
            }
            // `names.append(x)`, and a name handed to a call that may
            // change it (anything but a few builtins that only read).
            Expr::Call(call) => {
                let callee = match &*call.func {
                    Expr::Attribute(attribute) => {
                        if MUTATING_METHODS.contains(&attribute.attr.id.as_str())
                            && let Expr::Name(name) = &*attribute.value
                        {
                            self.mutated.push(name.id.as_str());
                        }
                        attribute.attr.id.as_str()
                    }
                    Expr::Name(name) => name.id.as_str(),
                    _ => "",
                };
                if !READING_CALLS.contains(&callee) {
                    let arguments = call
                        .arguments
                        .args
                        .iter()
                        .chain(call.arguments.keywords.iter().map(|keyword| &keyword.value));
                    for argument in arguments {
                        if let Expr::Name(name) = argument {
                            self.passed.push(name.id.as_str());
                        }
                    }
                }
            }
            _ => {}
        }
        visitor::walk_expr(self, expr);
    }
}
