//! Making a name available to inserted code: reuse an existing import, else
//! add one after the docstring, `__future__` imports and the leading imports.
//! Also finds (or creates) the module logger that handlers log through.

use crate::checker::Context;
use crate::diagnostic::Edit;
use crate::parse::{Expr, Stmt, TextSize};

pub struct Importer<'a> {
    context: &'a Context<'a>,
}

/// An expression that names the requested object, plus the edits needed for
/// it to be bound (none when an import already exists).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedName {
    pub expr: String,
    pub edits: Vec<Edit>,
}

impl<'a> Importer<'a> {
    pub fn new(context: &'a Context<'a>) -> Self {
        Self { context }
    }

    /// Binds module `module` (`os`, `contextlib`) and returns the name to use.
    pub fn import_module(&self, module: &str) -> ImportedName {
        let semantic = self.context.semantic;
        if let Some(local) = semantic.module_binding_for(module) {
            return ImportedName {
                expr: local.to_owned(),
                edits: vec![],
            };
        }
        let head = module.split('.').next().unwrap_or(module);
        let edit = self.insert_import_line(&format!("import {module}"));
        let expr = if semantic.is_bound(head) && semantic.module_binding_for(head).is_none() {
            // `head` names something else here; the import would shadow it.
            return self.import_module_as(module);
        } else {
            module.to_owned()
        };
        ImportedName {
            expr,
            edits: vec![edit],
        }
    }

    fn import_module_as(&self, module: &str) -> ImportedName {
        let alias = self
            .context
            .semantic
            .fresh_name(&format!("_{}", module.replace('.', "_")));
        let edit = self.insert_import_line(&format!("import {module} as {alias}"));
        ImportedName {
            expr: alias,
            edits: vec![edit],
        }
    }

    /// Binds `module.member` (`sqlite3.Error`, `sqlalchemy.exc.SQLAlchemyError`)
    /// and returns an expression for it: an existing `from` import, an
    /// existing module import (`db.Error`), or a new import.
    pub fn import_member(&self, module: &str, member: &str) -> ImportedName {
        let semantic = self.context.semantic;
        let qualified = format!("{module}.{member}");
        if let Some(local) = semantic.module_binding_for(&qualified) {
            return ImportedName {
                expr: local.to_owned(),
                edits: vec![],
            };
        }
        if let Some(local) = semantic.module_binding_for(module) {
            return ImportedName {
                expr: format!("{local}.{member}"),
                edits: vec![],
            };
        }
        if !module.contains('.') {
            let imported = self.import_module(module);
            return ImportedName {
                expr: format!("{}.{member}", imported.expr),
                edits: imported.edits,
            };
        }
        if !semantic.is_bound(member) {
            let edit = self.insert_import_line(&format!("from {module} import {member}"));
            return ImportedName {
                expr: member.to_owned(),
                edits: vec![edit],
            };
        }
        let imported = self.import_module_as(module);
        ImportedName {
            expr: format!("{}.{member}", imported.expr),
            edits: imported.edits,
        }
    }

    /// The module-level logger: an existing one (`logger`, `log`, `LOG`,
    /// `_LOGGER`… bound to `logging.getLogger(...)`, `oslo_log.log.getLogger`
    /// or `structlog.get_logger`), else `logger = logging.getLogger(__name__)`
    /// added after the imports (with `import logging` if needed).
    pub fn module_logger(&self) -> ImportedName {
        if let Some(name) = self.existing_logger() {
            return ImportedName {
                expr: name,
                edits: vec![],
            };
        }
        let semantic = self.context.semantic;
        let newline = self.context.source.newline();
        let name = if semantic.is_bound("logger") {
            semantic.fresh_name("_logger")
        } else {
            "logger".to_owned()
        };
        match semantic
            .imports()
            .iter()
            .find(|import| import.module_level && import.qualified == "logging")
        {
            Some(import) => {
                // After `import logging`, wherever it is, and after the leading imports.
                let at = import.stmt_end.max(semantic.import_insertion_point());
                let line = format!("{name} = {}.getLogger(__name__)", import.local);
                let at = self.line_after(at);
                let edit =
                    Edit::insertion(self.with_separation(format!("{line}{newline}"), at), at);
                ImportedName {
                    expr: name,
                    edits: vec![edit],
                }
            }
            None => {
                let logging = if semantic.is_bound("logging") {
                    semantic.fresh_name("_logging")
                } else {
                    "logging".to_owned()
                };
                let import = if logging == "logging" {
                    "import logging".to_owned()
                } else {
                    format!("import logging as {logging}")
                };
                let text =
                    format!("{import}{newline}{name} = {logging}.getLogger(__name__){newline}");
                let at = self.import_offset();
                let edit = Edit::insertion(self.with_separation(text, at), at);
                ImportedName {
                    expr: name,
                    edits: vec![edit],
                }
            }
        }
    }

    fn existing_logger(&self) -> Option<String> {
        for stmt in self.context.body() {
            let Stmt::Assign(assign) = stmt else { continue };
            let [Expr::Name(target)] = assign.targets.as_slice() else {
                continue;
            };
            let Expr::Call(call) = &*assign.value else {
                continue;
            };
            let Some(callee) = self.context.semantic.resolve_qualified_name(&call.func) else {
                continue;
            };
            let is_logger_factory = matches!(
                callee.as_str(),
                "logging.getLogger"
                    | "oslo_log.log.getLogger"
                    | "structlog.get_logger"
                    | "structlog.getLogger"
            ) || callee.ends_with(".log.getLogger")
                || callee.ends_with("logging.getLogger");
            if is_logger_factory {
                return Some(target.id.to_string());
            }
        }
        None
    }

    /// An edit inserting `line` (without newline) among the imports.
    fn insert_import_line(&self, line: &str) -> Edit {
        let newline = self.context.source.newline();
        let at = self.import_offset();
        Edit::insertion(self.with_separation(format!("{line}{newline}"), at), at)
    }

    /// Where imports go: the start of the line after the docstring and
    /// leading imports; with neither, before the first statement (so a
    /// shebang, coding cookie or licence comment stays on top).
    fn import_offset(&self) -> TextSize {
        let semantic = self.context.semantic;
        let end = semantic.import_insertion_point();
        if end > TextSize::new(0) {
            return self.line_after(end);
        }
        match self.context.body().first() {
            Some(first) => self
                .context
                .source
                .line_start(crate::parse::Ranged::start(first)),
            None => TextSize::try_from(self.context.text().len()).unwrap_or_default(),
        }
    }

    /// An insertion at the very end of a file without a final newline needs one first.
    fn with_separation(&self, text: String, at: TextSize) -> String {
        let source = self.context.text();
        let at = usize::from(at);
        if at > 0 && at == source.len() && !source.ends_with(['\n', '\r']) {
            format!("{}{text}", self.context.source.newline())
        } else {
            text
        }
    }

    fn line_after(&self, offset: TextSize) -> TextSize {
        self.context.source.full_line_end(offset)
    }
}
