//! Making a name available to inserted code: reuse an existing import, else
//! add one after the docstring, `__future__` imports and the leading imports.
//! Also finds (or creates) the module logger that handlers log through.

use super::stdlib_imports;
use crate::linter::diagnostic::Edit;
use crate::model::Context;
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
        // `import urllib.parse` binds `urllib`, and `urllib.parse` with it.
        if module.contains('.')
            && semantic.module_binding_for(head) == Some(head)
            && module_level_import_of(self.context.body(), module).is_some()
        {
            return ImportedName {
                expr: module.to_owned(),
                edits: vec![],
            };
        }
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
        // `import sqlalchemy` already there: `sqlalchemy.exc.SQLAlchemyError`, no new
        // import (which would break a module whose driver import is optional).
        let mut parent = module;
        while let Some((head, _)) = parent.rsplit_once('.') {
            if let Some(local) = semantic.module_binding_for(head) {
                let rest = &module[head.len()..];
                return ImportedName {
                    expr: format!("{local}{rest}.{member}"),
                    edits: vec![],
                };
            }
            parent = head;
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

    /// Binds `member` the way code usually spells it, `from module import
    /// member` (`text` from `sqlalchemy`): an existing binding, a member added
    /// to an existing module-level `from module import …`, or a new `from`
    /// import. When the name occurs anywhere in the file (a parameter called
    /// `text`, say, would shadow the import), `module.member` instead.
    pub fn import_from(&self, module: &str, member: &str) -> ImportedName {
        let semantic = self.context.semantic;
        if let Some(local) = semantic.module_binding_for(&format!("{module}.{member}")) {
            return ImportedName {
                expr: local.to_owned(),
                edits: vec![],
            };
        }
        if mentions_word(self.context.text(), member) {
            return self.import_member(module, member);
        }
        let existing = self.context.body().iter().find_map(|stmt| match stmt {
            Stmt::ImportFrom(import)
                if import.level == 0
                    && import.module.as_ref().is_some_and(|m| m.as_str() == module)
                    && !import.names.iter().any(|alias| alias.name.as_str() == "*") =>
            {
                import.names.last()
            }
            _ => None,
        });
        let edit = match existing {
            Some(last) => Edit::insertion(format!(", {member}"), crate::parse::Ranged::end(last)),
            None => self.insert_import_line(&format!("from {module} import {member}")),
        };
        ImportedName {
            expr: member.to_owned(),
            edits: vec![edit],
        }
    }

    /// The module-level logger: an existing one (`logger`, `log`, `LOG`,
    /// `_LOGGER`… bound to `logging.getLogger(...)`, `oslo_log.log.getLogger`
    /// or `structlog.get_logger`), else `logger = logging.getLogger(__name__)`
    /// added after the imports (with `import logging` if needed).
    pub fn module_logger(&self) -> ImportedName {
        let configured = self.context.settings.logger_name.as_deref();
        if let Some(name) =
            configured.filter(|name| self.context.semantic.is_module_definition(name))
        {
            return ImportedName {
                expr: name.to_owned(),
                edits: vec![],
            };
        }
        if let Some(name) = self.existing_logger().filter(|_| configured.is_none()) {
            return ImportedName {
                expr: name,
                edits: vec![],
            };
        }
        let semantic = self.context.semantic;
        let newline = self.context.source.newline();
        let name = if let Some(name) = configured {
            name.to_owned()
        } else if semantic.is_bound("logger") {
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
                let text = self.blank_lines_around(format!("{line}{newline}"), at, true);
                let edit = Edit::insertion(self.with_separation(text, at), at);
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
                let at = self.import_offset();
                let logger = self.blank_lines_around(
                    format!("{name} = {logging}.getLogger(__name__){newline}"),
                    at,
                    false,
                );
                // `import logging` joins the imports; the logger line stands apart from them.
                let text = format!("{import}{newline}{newline}{logger}");
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
        // `import contextlib` into a sorted group of standard-library
        // imports, at its place (isort, OpenStack's hacking H306).
        let stdlib_module = line.strip_prefix("import ").filter(|module| {
            module
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
        });
        if let Some(module) = stdlib_module
            && let Some(placement) = stdlib_imports::place_in_stdlib_group(
                self.context.text(),
                self.context.body(),
                module,
            )
        {
            let at = match placement {
                stdlib_imports::Placement::Before(offset) => self.context.source.line_start(offset),
                stdlib_imports::Placement::After(offset) => self.line_after(offset),
            };
            return Edit::insertion(self.with_separation(format!("{line}{newline}"), at), at);
        }
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

    /// `statement` (a whole line) set apart by blank lines from the code at
    /// `at`: before it when `check_before` and the line before `at` is not
    /// blank, after it when the line at `at` is not blank.
    fn blank_lines_around(&self, statement: String, at: TextSize, check_before: bool) -> String {
        let text = self.context.text();
        let at = usize::from(at);
        let newline = self.context.source.newline();
        let line_before = text[..at]
            .trim_end_matches(['\n', '\r'])
            .rsplit(['\n', '\r'])
            .next()
            .unwrap_or("");
        let line_after = text[at..].split(['\n', '\r']).next().unwrap_or("");
        let before = if check_before && at > 0 && !line_before.trim().is_empty() {
            newline
        } else {
            ""
        };
        let after = if line_after.trim().is_empty() {
            ""
        } else {
            newline
        };
        format!("{before}{statement}{after}")
    }

    fn line_after(&self, offset: TextSize) -> TextSize {
        self.context.source.full_line_end(offset)
    }
}

/// Whether `word` occurs in `text` as a whole identifier.
fn mentions_word(text: &str, word: &str) -> bool {
    let is_identifier = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        !text[..at].chars().next_back().is_some_and(is_identifier)
            && !text[at + word.len()..]
                .chars()
                .next()
                .is_some_and(is_identifier)
    })
}

/// The module-level `import module` statement (no alias) of a dotted
/// module, which the semantic model records as a binding of its head only.
pub fn module_level_import_of<'a>(body: &'a [Stmt], module: &str) -> Option<&'a Stmt> {
    body.iter().find(|stmt| {
        matches!(stmt, Stmt::Import(import)
            if import.names.iter().any(|alias| alias.name.as_str() == module && alias.asname.is_none()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linter::diagnostic::Fix;
    use crate::linter::fix::apply_fixes;
    use crate::model::rule::Rule;
    use crate::model::settings::Settings;
    use crate::parse::parse_module;
    use crate::parse::source::SourceFile;
    use crate::semantic::Semantic;

    /// Runs `ask` with an importer over `text`; returns the expression and the text after its edits.
    fn with_importer(
        text: &str,
        settings: &Settings,
        ask: impl Fn(&Importer) -> ImportedName,
    ) -> (String, String) {
        let source = SourceFile::from_text(text);
        let module = parse_module(text).unwrap();
        let semantic = Semantic::new(module.body());
        let context = Context::new(
            std::path::Path::new("m.py"),
            &source,
            &module,
            &semantic,
            settings,
        );
        let imported = ask(&Importer::new(&context));
        let fix = Fix::safe("import", imported.edits);
        (
            imported.expr,
            apply_fixes(text, [(Rule::DbErrorHandling, &fix)]).text,
        )
    }

    #[test]
    fn reuses_existing_bindings() {
        let settings = Settings::default();
        let (expr, text) = with_importer("import sqlite3 as db\n", &settings, |i| {
            i.import_member("sqlite3", "Error")
        });
        assert_eq!(
            (expr.as_str(), text.as_str()),
            ("db.Error", "import sqlite3 as db\n")
        );
        let (expr, _) = with_importer("from sqlite3 import Error\n", &settings, |i| {
            i.import_member("sqlite3", "Error")
        });
        assert_eq!(expr, "Error");
        let (expr, _) = with_importer("import os\n", &settings, |i| i.import_module("os"));
        assert_eq!(expr, "os");
    }

    #[test]
    fn adds_imports_after_docstring_future_and_imports() {
        let settings = Settings::default();
        let text = "\"\"\"Doc.\"\"\"\nfrom __future__ import annotations\nimport sys\n\nx = 1\n";
        let (expr, fixed) = with_importer(text, &settings, |i| {
            i.import_member("sqlalchemy.exc", "SQLAlchemyError")
        });
        assert_eq!(expr, "SQLAlchemyError");
        assert_eq!(
            fixed,
            "\"\"\"Doc.\"\"\"\nfrom __future__ import annotations\nimport sys\nfrom sqlalchemy.exc import SQLAlchemyError\n\nx = 1\n"
        );
        let text = "#!/usr/bin/env python\r\n# -*- coding: utf-8 -*-\r\nx = 1\r\n";
        let (_, fixed) = with_importer(text, &settings, |i| i.import_module("os"));
        assert_eq!(
            fixed,
            "#!/usr/bin/env python\r\n# -*- coding: utf-8 -*-\r\nimport os\r\nx = 1\r\n"
        );
    }

    #[test]
    fn puts_a_standard_library_import_in_its_sorted_group() {
        // neutron-lib's `fixture.py`: appended after the project's imports,
        // `import contextlib` failed hacking's H306 in every OpenStack gate.
        let settings = Settings::default();
        let text = "import copy\nfrom unittest import mock\nimport warnings\n\nimport fixtures\n\nfrom neutron_lib import rpc\n\nx = 1\n";
        let (expr, fixed) = with_importer(text, &settings, |i| i.import_module("contextlib"));
        assert_eq!(expr, "contextlib");
        assert_eq!(
            fixed,
            "import contextlib\nimport copy\nfrom unittest import mock\nimport warnings\n\nimport fixtures\n\nfrom neutron_lib import rpc\n\nx = 1\n"
        );
        let (_, fixed) = with_importer(text, &settings, |i| i.import_module("zipfile"));
        assert!(fixed.starts_with("import copy\nfrom unittest import mock\nimport warnings\nimport zipfile\n\nimport fixtures\n"));
        // A group not in order, or none of the standard library: after the imports.
        let unsorted = "import sys\nimport abc\n\nx = 1\n";
        let (_, fixed) = with_importer(unsorted, &settings, |i| i.import_module("contextlib"));
        assert_eq!(
            fixed,
            "import sys\nimport abc\nimport contextlib\n\nx = 1\n"
        );
        // The group ends the file, without a final newline.
        let (_, fixed) = with_importer("import os", &settings, |i| i.import_module("sys"));
        assert_eq!(fixed, "import os\nimport sys\n");
        let third_party = "import sqlalchemy\n\nx = 1\n";
        let (_, fixed) = with_importer(third_party, &settings, |i| i.import_module("os"));
        assert_eq!(fixed, "import sqlalchemy\nimport os\n\nx = 1\n");
    }

    #[test]
    fn reaches_a_submodule_through_an_imported_package() {
        let settings = Settings::default();
        let text = "try:\n    import sqlalchemy as sa\nexcept ImportError:\n    sa = None\n";
        let (expr, fixed) = with_importer(text, &settings, |i| {
            i.import_member("sqlalchemy.exc", "SQLAlchemyError")
        });
        assert_eq!(
            (expr.as_str(), fixed.as_str()),
            ("sa.exc.SQLAlchemyError", text)
        );
    }

    #[test]
    fn imports_a_member_from_its_module() {
        let settings = Settings::default();
        let text = "from sqlalchemy import create_engine\n\nengine = create_engine(URL)\n";
        let (expr, fixed) = with_importer(text, &settings, |i| i.import_from("sqlalchemy", "text"));
        assert_eq!(expr, "text");
        assert_eq!(
            fixed,
            "from sqlalchemy import create_engine, text\n\nengine = create_engine(URL)\n"
        );
        let (_, fixed) = with_importer("import os\n", &settings, |i| {
            i.import_from("sqlalchemy", "text")
        });
        assert_eq!(fixed, "import os\nfrom sqlalchemy import text\n");
        // A parameter named `text` would shadow the import.
        let (expr, fixed) = with_importer("def f(text):\n    pass\n", &settings, |i| {
            i.import_from("sqlalchemy", "text")
        });
        assert_eq!(
            (expr.as_str(), fixed.as_str()),
            (
                "sqlalchemy.text",
                "import sqlalchemy\ndef f(text):\n    pass\n"
            )
        );
    }

    #[test]
    fn does_not_shadow_a_local_name() {
        let settings = Settings::default();
        let (expr, fixed) = with_importer("os = None\n", &settings, |i| i.import_module("os"));
        assert_eq!(expr, "_os");
        assert_eq!(fixed, "import os as _os\nos = None\n");
    }

    #[test]
    fn finds_or_creates_the_module_logger() {
        let settings = Settings::default();
        let text = "from oslo_log import log as logging\nLOG = logging.getLogger(__name__)\n";
        assert_eq!(
            with_importer(text, &settings, |i| i.module_logger()).0,
            "LOG"
        );
        let (name, fixed) = with_importer("import logging\nimport os\n\nx = 1\n", &settings, |i| {
            i.module_logger()
        });
        assert_eq!(name, "logger");
        assert_eq!(
            fixed,
            "import logging\nimport os\n\nlogger = logging.getLogger(__name__)\n\nx = 1\n"
        );
        let (_, fixed) = with_importer("x = 1", &settings, |i| i.module_logger());
        assert_eq!(
            fixed,
            "import logging\n\nlogger = logging.getLogger(__name__)\n\nx = 1"
        );
        let configured = Settings {
            logger_name: Some("_LOG".to_owned()),
            ..Settings::default()
        };
        let (name, fixed) = with_importer("import logging\n", &configured, |i| i.module_logger());
        assert_eq!(
            (name.as_str(), fixed.as_str()),
            (
                "_LOG",
                "import logging\n\n_LOG = logging.getLogger(__name__)\n"
            )
        );
    }
}
