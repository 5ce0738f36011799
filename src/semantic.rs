//! What names refer to: imports and module-level bindings, so that rules can
//! resolve `import sqlite3 as db; db.connect()` to `sqlite3.connect`.

use std::collections::{HashMap, HashSet};

use crate::parse::{Expr, Ranged, Stmt, TextSize, Visitor, ast, visitor};

/// An import statement as the importer needs to know it.
#[derive(Debug, Clone)]
pub struct ImportBinding {
    /// The local name (`db` in `import sqlite3 as db`).
    pub local: String,
    /// What it refers to (`sqlite3`, `sqlite3.Error`).
    pub qualified: String,
    /// Whether it is bound at module level.
    pub module_level: bool,
    /// End of the import statement.
    pub stmt_end: TextSize,
}

/// Imports and bindings of one module.
#[derive(Debug, Default)]
pub struct Semantic {
    imports: Vec<ImportBinding>,
    /// local name -> qualified name, first import wins.
    by_local: HashMap<String, String>,
    /// Every name bound anywhere in the module (assignments, defs, params,
    /// imports), used to pick fresh names that clash with nothing.
    bound_names: HashSet<String>,
    /// Names bound at module level by something other than an import.
    module_definitions: HashSet<String>,
    /// Where the module's import block ends: after the docstring,
    /// `__future__` imports and the leading run of imports.
    import_insertion: TextSize,
}

impl Semantic {
    pub fn new(body: &[Stmt]) -> Self {
        let mut collector = Collector {
            semantic: Semantic::default(),
            depth: 0,
        };
        for stmt in body {
            collector.visit_stmt(stmt);
        }
        let mut semantic = collector.semantic;
        for stmt in body {
            match stmt {
                Stmt::FunctionDef(def) => {
                    semantic.module_definitions.insert(def.name.id.to_string());
                }
                Stmt::ClassDef(class) => {
                    semantic
                        .module_definitions
                        .insert(class.name.id.to_string());
                }
                Stmt::Assign(assign) => {
                    for target in &assign.targets {
                        collect_target_names(target, &mut semantic.module_definitions);
                    }
                }
                Stmt::AnnAssign(assign) => {
                    collect_target_names(&assign.target, &mut semantic.module_definitions)
                }
                _ => {}
            }
        }
        semantic.import_insertion = import_insertion_point(body);
        semantic
    }

    /// Every import in the module, in source order.
    pub fn imports(&self) -> &[ImportBinding] {
        &self.imports
    }

    /// The qualified name an expression refers to through imports:
    /// `db.connect` → `sqlite3.connect`; a builtin that nothing rebinds →
    /// its own name (`open`). Local variables resolve to nothing.
    pub fn resolve_qualified_name(&self, expr: &Expr) -> Option<String> {
        match expr {
            Expr::Name(name) => {
                let id = name.id.as_str();
                if let Some(qualified) = self.by_local.get(id) {
                    return Some(qualified.clone());
                }
                (BUILTINS.contains(&id) && !self.module_definitions.contains(id))
                    .then(|| id.to_owned())
            }
            Expr::Attribute(attribute) => {
                let base = self.resolve_qualified_name(&attribute.value)?;
                Some(format!("{base}.{}", attribute.attr.id))
            }
            _ => None,
        }
    }

    /// Whether the module imports `module` (or something from it) anywhere.
    pub fn imports_module(&self, module: &str) -> bool {
        self.imports.iter().any(|import| {
            import.qualified == module
                || import
                    .qualified
                    .strip_prefix(module)
                    .is_some_and(|rest| rest.starts_with('.'))
        })
    }

    /// A module-level local name bound to exactly `qualified`
    /// (`import logging as log` → `log` for `logging`).
    pub fn module_binding_for(&self, qualified: &str) -> Option<&str> {
        self.imports
            .iter()
            .find(|import| import.module_level && import.qualified == qualified)
            .map(|import| import.local.as_str())
    }

    /// Whether `name` is bound anywhere in the module.
    pub fn is_bound(&self, name: &str) -> bool {
        self.bound_names.contains(name) || self.by_local.contains_key(name)
    }

    /// Whether `name` is bound at module level by a def, class or assignment.
    pub fn is_module_definition(&self, name: &str) -> bool {
        self.module_definitions.contains(name)
    }

    /// `base`, or `base_2`, `base_3`… : the first that nothing in the module binds.
    pub fn fresh_name(&self, base: &str) -> String {
        if !self.is_bound(base) && !BUILTINS.contains(&base) {
            return base.to_owned();
        }
        (2..)
            .map(|n| format!("{base}_{n}"))
            .find(|name| !self.is_bound(name))
            .unwrap_or_default()
    }

    /// Offset where new imports go: the start of the line after the last
    /// leading import (or after the docstring / `__future__` imports).
    pub fn import_insertion_point(&self) -> TextSize {
        self.import_insertion
    }
}

/// Statements after which an import may go: docstring, then any run of
/// imports (including `__future__`). Returns the end offset of the last such
/// statement (a rule inserts at the start of the following line).
fn import_insertion_point(body: &[Stmt]) -> TextSize {
    let mut end = TextSize::new(0);
    for (index, stmt) in body.iter().enumerate() {
        let is_docstring = index == 0
            && matches!(stmt, Stmt::Expr(expr) if matches!(&*expr.value, Expr::StringLiteral(_)));
        let is_import = matches!(stmt, Stmt::Import(_) | Stmt::ImportFrom(_));
        if is_docstring || is_import {
            end = stmt.end();
        } else {
            break;
        }
    }
    end
}

fn collect_target_names(target: &Expr, names: &mut HashSet<String>) {
    match target {
        Expr::Name(name) => {
            names.insert(name.id.to_string());
        }
        Expr::Tuple(tuple) => tuple
            .elts
            .iter()
            .for_each(|elt| collect_target_names(elt, names)),
        Expr::List(list) => list
            .elts
            .iter()
            .for_each(|elt| collect_target_names(elt, names)),
        Expr::Starred(starred) => collect_target_names(&starred.value, names),
        _ => {}
    }
}

struct Collector {
    semantic: Semantic,
    depth: usize,
}

impl Collector {
    fn bind_import(&mut self, local: &str, qualified: String, stmt_end: TextSize) {
        self.semantic
            .by_local
            .entry(local.to_owned())
            .or_insert_with(|| qualified.clone());
        self.semantic.bound_names.insert(local.to_owned());
        self.semantic.imports.push(ImportBinding {
            local: local.to_owned(),
            qualified,
            module_level: self.depth == 0,
            stmt_end,
        });
    }
}

impl<'a> Visitor<'a> for Collector {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::Import(import) => {
                for alias in &import.names {
                    let module = alias.name.id.to_string();
                    match &alias.asname {
                        Some(asname) => self.bind_import(asname.as_str(), module, stmt.end()),
                        None => {
                            // `import os.path` binds `os` to `os`.
                            let head = module.split('.').next().unwrap_or_default().to_owned();
                            self.bind_import(&head.clone(), head, stmt.end());
                        }
                    }
                }
            }
            Stmt::ImportFrom(import) => {
                let module = import
                    .module
                    .as_ref()
                    .map(|m| m.id.to_string())
                    .unwrap_or_default();
                let module = format!("{}{module}", ".".repeat(import.level as usize));
                for alias in &import.names {
                    if alias.name.id.as_str() == "*" {
                        continue;
                    }
                    let local = alias.asname.as_ref().unwrap_or(&alias.name).id.to_string();
                    self.bind_import(&local, format!("{module}.{}", alias.name.id), stmt.end());
                }
            }
            Stmt::FunctionDef(def) => {
                self.semantic.bound_names.insert(def.name.id.to_string());
                for parameter in def.parameters.iter() {
                    self.semantic
                        .bound_names
                        .insert(parameter.name().id.to_string());
                }
                self.depth += 1;
                visitor::walk_stmt(self, stmt);
                self.depth -= 1;
                return;
            }
            Stmt::ClassDef(class) => {
                self.semantic.bound_names.insert(class.name.id.to_string());
                self.depth += 1;
                visitor::walk_stmt(self, stmt);
                self.depth -= 1;
                return;
            }
            _ => {}
        }
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Name(name) = expr
            && name.ctx == ast::ExprContext::Store
        {
            self.semantic.bound_names.insert(name.id.to_string());
        }
        visitor::walk_expr(self, expr);
    }

    fn visit_except_handler(&mut self, handler: &'a ast::ExceptHandler) {
        let ast::ExceptHandler::ExceptHandler(inner) = handler;
        if let Some(name) = &inner.name {
            self.semantic.bound_names.insert(name.id.to_string());
        }
        visitor::walk_except_handler(self, handler);
    }
}

/// Builtins that rules look up by name.
const BUILTINS: &[&str] = &[
    "open",
    "print",
    "str",
    "repr",
    "int",
    "float",
    "format",
    "input",
    "eval",
    "exec",
    "len",
    "Exception",
    "BaseException",
    "ValueError",
    "TypeError",
    "KeyError",
    "OSError",
    "IOError",
    "RuntimeError",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_module;

    fn first_call_func(source: &str) -> Option<String> {
        let module = parse_module(source).unwrap();
        let semantic = Semantic::new(module.body());
        let Stmt::Expr(expr) = module.body().last().unwrap() else {
            panic!()
        };
        let Expr::Call(call) = &*expr.value else {
            panic!()
        };
        semantic.resolve_qualified_name(&call.func)
    }

    #[test]
    fn resolves_through_aliases() {
        assert_eq!(
            first_call_func("import sqlite3 as db\ndb.connect()\n").as_deref(),
            Some("sqlite3.connect")
        );
        assert_eq!(
            first_call_func("from sqlite3 import connect as c\nc()\n").as_deref(),
            Some("sqlite3.connect")
        );
        assert_eq!(
            first_call_func("import os.path\nos.path.join()\n").as_deref(),
            Some("os.path.join")
        );
        assert_eq!(first_call_func("open()\n").as_deref(), Some("open"));
        assert_eq!(first_call_func("def open(): pass\nopen()\n"), None);
        assert_eq!(first_call_func("conn.execute()\n"), None);
    }

    #[test]
    fn finds_fresh_names() {
        let module = parse_module("f = 1\ndef g(f_2): pass\n").unwrap();
        let semantic = Semantic::new(module.body());
        assert_eq!(semantic.fresh_name("f"), "f_3");
        assert_eq!(semantic.fresh_name("handle"), "handle");
    }
}
