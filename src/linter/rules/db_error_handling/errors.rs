//! The error class a database call actually raises, and how the handler may
//! name it: reusing what the module binds, or importing from a package the
//! module already imports unconditionally at top level, never a driver the
//! module treats as optional.

use std::collections::HashSet;

use crate::linter::fix::Importer;
use crate::linter::fix::importer::ImportedName;
use crate::parse::{Stmt, ast};

use super::{CallSite, ErrorHandling};

/// The class a handler must catch for one call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ErrorClass {
    /// `sqlite3.Error`, `oslo_db.exception.DBError`.
    pub qualified: String,
    /// Taken from a guess (a DB-looking name, a library the module imports):
    /// a fix relying on it is unsafe.
    pub guessed: bool,
}

impl ErrorHandling<'_> {
    /// oslo.db's `DBError` for a SQLAlchemy object the module did not build
    /// itself in a module that uses oslo.db; the driver's base error otherwise
    /// (`sqlite3.Error`, `psycopg2.Error`, `sqlalchemy.exc.SQLAlchemyError`,
    /// `django.db.DatabaseError`).
    pub(super) fn error_class(&self, site: &CallSite) -> ErrorClass {
        if site.guessed
            && let Some(wrapper) = self.wrapper_for(site.driver)
        {
            return ErrorClass {
                qualified: wrapper.error.clone(),
                guessed: true,
            };
        }
        ErrorClass {
            qualified: site.driver.error.clone(),
            guessed: site.guessed,
        }
    }

    /// An expression naming `qualified` in the handler, with the import it
    /// needs; `None` when the class's package is not imported unconditionally
    /// at top level (an optional driver), or when the name the handler would
    /// use is bound to something else somewhere in the module (a second run
    /// would not see the handler catch it).
    pub(super) fn bind_error(&self, importer: &Importer, qualified: &str) -> Option<ImportedName> {
        let (module, class) = qualified.rsplit_once('.')?;
        let root = module.split('.').next()?;
        let top = TopLevelImports::of(self.context.body());
        if !top.roots.contains(root) {
            return None;
        }
        let imported = importer.import_member(module, class);
        let head = imported.expr.split('.').next()?;
        if imported.edits.is_empty() {
            if !top.locals.contains(head) {
                return None;
            }
            let semantic = self.context.semantic;
            let conflicting = semantic.imports().iter().any(|import| {
                import.local == head
                    && !qualified.starts_with(&import.qualified)
                    && import.qualified != qualified
            });
            if conflicting || semantic.is_module_definition(head) {
                return None;
            }
        }
        Some(imported)
    }
}

/// What the module's unconditional top-level imports bind: statements
/// directly in the module body, not under `try`, `if` or a function.
struct TopLevelImports {
    /// Top-level packages imported (`sqlite3`, `sqlalchemy`, `oslo_db`).
    roots: HashSet<String>,
    /// Local names bound (`sqlite3`, `sa`, `db_exc`).
    locals: HashSet<String>,
}

impl TopLevelImports {
    fn of(body: &[Stmt]) -> Self {
        let mut roots = HashSet::new();
        let mut locals = HashSet::new();
        let root = |name: &str| name.split('.').next().unwrap_or(name).to_owned();
        for stmt in body {
            match stmt {
                Stmt::Import(import) => {
                    for alias in &import.names {
                        roots.insert(root(alias.name.as_str()));
                        locals.insert(match &alias.asname {
                            Some(asname) => asname.to_string(),
                            None => root(alias.name.as_str()),
                        });
                    }
                }
                Stmt::ImportFrom(ast::StmtImportFrom {
                    module: Some(module),
                    level: 0,
                    names,
                    ..
                }) => {
                    roots.insert(root(module.as_str()));
                    for alias in names {
                        locals.insert(alias.asname.as_ref().unwrap_or(&alias.name).to_string());
                    }
                }
                _ => {}
            }
        }
        Self { roots, locals }
    }
}
