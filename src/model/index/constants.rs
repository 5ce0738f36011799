//! A module's constants, as other modules import them:
//!
//! ```python
//! # app/tables.py
//! USERS = "users"
//! PAGE_SIZE = 50
//! SORTABLE = ("name", "age")
//!
//! # app/queries.py
//! from app.tables import USERS
//! cursor.execute(f"SELECT * FROM {USERS} WHERE id = %s", (user_id,))
//! ```
//!
//! A constant here is a module-level name written in capitals, bound once
//! in the whole module (no other assignment, import, definition or
//! `global` write of it) to a string or integer literal, or to a tuple of
//! such literals: a value the program's own text fixes, which no input
//! reaches. Lists, sets and dicts are left out (any module may change them
//! in place), and so are lower-case names (only the capitals are looked
//! for in modules the index pass does not otherwise read, see
//! [`is_constant_name`]).

use rustc_hash::FxHashSet;

use crate::parse::{Expr, Stmt, ast};
use crate::semantic::{BindingKind, ScopeId, SemanticModel};

/// The constants `body` (a module's statements) defines, by name.
pub fn module_constants(semantic: &SemanticModel, body: &[Stmt]) -> FxHashSet<String> {
    body.iter()
        .filter_map(|stmt| {
            let (target, value) = match stmt {
                Stmt::Assign(assign) => match &assign.targets[..] {
                    [Expr::Name(target)] => (target, &*assign.value),
                    _ => return None,
                },
                Stmt::AnnAssign(ast::StmtAnnAssign {
                    target,
                    value: Some(value),
                    ..
                }) => match &**target {
                    Expr::Name(target) => (target, &**value),
                    _ => return None,
                },
                _ => return None,
            };
            let name = target.id.as_str();
            let binding = semantic.sole_binding(ScopeId::MODULE, name)?;
            (is_constant_name(name)
                && semantic.binding(binding).kind == BindingKind::Assignment
                && fixed_literal(value))
            .then(|| name.to_owned())
        })
        .collect()
}

/// A name written like a constant: capitals, digits and `_`, with a letter.
pub fn is_constant_name(name: &str) -> bool {
    name.bytes().any(|byte| byte.is_ascii_uppercase())
        && name
            .bytes()
            .all(|byte| byte.is_ascii_uppercase() || byte.is_ascii_digit() || byte == b'_')
}

/// A string or integer literal, or a tuple of them (nested tuples too).
fn fixed_literal(value: &Expr) -> bool {
    match value {
        Expr::StringLiteral(_) => true,
        Expr::NumberLiteral(number) => matches!(number.value, ast::Number::Int(_)),
        Expr::Tuple(tuple) => tuple.elts.iter().all(fixed_literal),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_module;

    fn constants(code: &str) -> Vec<String> {
        let module = parse_module(code).expect("parses");
        let semantic = SemanticModel::new(module.body());
        let mut names: Vec<String> = module_constants(&semantic, module.body())
            .into_iter()
            .collect();
        names.sort();
        names
    }

    #[test]
    fn literals_bound_once_in_capitals() {
        let code = r#"
USERS = "users"
PAGE: int = 50
SORTABLE = ("name", ("age", 1))
lower = "users"
ROWS = ["a"]
RATIO = 0.5
TWICE = "a"
TWICE = "b"
GROWN = "a"
GROWN += "b"
CHANGED = "a"
def reset():
    global CHANGED
    CHANGED = input()
IMPORTED = "a"
from elsewhere import IMPORTED
BUILT = "a" + "b"
"#;
        assert_eq!(constants(code), ["PAGE", "SORTABLE", "USERS"]);
    }
}
