//! What a rule may look at in one module: its source, syntax tree and names,
//! the settings, the project index and the database objects (built on first use).

use std::cell::OnceCell;
use std::path::Path;

use crate::model::drivers::{DbModel, builtin_drivers};

use crate::model::index::{Callee, FunctionSummary, ModuleFacts, ProjectIndex};
use crate::model::settings::Settings;
use crate::parse::source::SourceFile;
use crate::parse::{ParsedModule, Ranged, Stmt, TextRange, ast};
use crate::semantic::Semantic;

/// Everything a rule may look at: one source, its syntax tree, what its names
/// refer to, and the settings. Rules are pure functions of a context.
pub struct Context<'a> {
    pub path: &'a Path,
    pub source: &'a SourceFile,
    pub module: &'a ParsedModule,
    pub semantic: &'a Semantic<'a>,
    pub settings: &'a Settings,
    /// Built on first use and shared by the database rules.
    db: OnceCell<DbModel<'static>>,
    /// This module's dotted name, when it has one.
    module_name: OnceCell<Option<(String, bool)>>,
    /// This module's own facts (fresh even while fixes change the file).
    own_facts: OnceCell<ModuleFacts>,
}

impl<'a> Context<'a> {
    pub fn new(
        path: &'a Path,
        source: &'a SourceFile,
        module: &'a ParsedModule,
        semantic: &'a Semantic<'a>,
        settings: &'a Settings,
    ) -> Self {
        Self {
            path,
            source,
            module,
            semantic,
            settings,
            db: OnceCell::new(),
            module_name: OnceCell::new(),
            own_facts: OnceCell::new(),
        }
    }

    /// The project index of the run (empty when the source is checked alone).
    pub fn project(&self) -> &ProjectIndex {
        static EMPTY: std::sync::OnceLock<ProjectIndex> = std::sync::OnceLock::new();
        self.settings
            .project
            .as_deref()
            .unwrap_or_else(|| EMPTY.get_or_init(ProjectIndex::default))
    }

    /// This module's dotted name (`app.db.queries`) and whether it is a package.
    pub fn module_name(&self) -> Option<(&str, bool)> {
        self.module_name
            .get_or_init(|| self.project().module_name_of(self.path))
            .as_ref()
            .map(|(name, is_package)| (name.as_str(), *is_package))
    }

    /// What this module tells the project: from the project index when the
    /// run indexed it, else from its current text.
    pub fn own_facts(&self) -> &ModuleFacts {
        // The index pass leaves a module without database words unparsed (no
        // functions, not even its module code): its facts come from its text.
        if let Some((name, _)) = self.module_name()
            && let Some(indexed) = self.project().module(name)
            && indexed.parsed
        {
            return indexed;
        }
        self.own_facts.get_or_init(|| {
            let (name, is_package) = self.module_name().unwrap_or(("__main__", false));
            crate::model::index::extract(self, name, is_package)
        })
    }

    /// `app.db.Store.save` for method `save` of class `Store` in `app/db.py`.
    pub fn qualified_function_name(&self, def: &ast::StmtFunctionDef) -> String {
        let module = self.module_name().map_or("__main__", |(name, _)| name);
        match self.semantic.enclosing_class_name(def.body[0].start()) {
            Some(class) => format!("{module}.{class}.{}", def.name.id),
            None => format!("{module}.{}", def.name.id),
        }
    }

    /// How many calls of `def` the run makes (by name, or as a method of that
    /// name on a receiver of unknown class), from the project index.
    pub fn callers_in_run(&self, def: &ast::StmtFunctionDef) -> usize {
        self.project()
            .callers_of(&self.qualified_function_name(def))
            .calls
    }

    /// Whether the function `def` is called in the run and every call sits
    /// in a `try` whose handlers catch database errors (so an error it lets
    /// through is handled by its callers).
    pub fn every_caller_handles_database_errors(&self, def: &ast::StmtFunctionDef) -> bool {
        let qualified = self.qualified_function_name(def);
        let module = self.module_name().map_or("__main__", |(name, _)| name);
        let project = self.project();
        if project.module(module).is_some() {
            return project.every_caller_handles_database_errors(&qualified);
        }
        // Checked alone: only this module's own calls are known.
        let own = ProjectIndex::from_modules(vec![self.own_facts().clone()]);
        own.every_caller_handles_database_errors(&qualified)
    }

    /// The summary of the project function a call calls, looked up in this
    /// module's own facts first, then in the project index.
    pub fn callee_summary(&self, call: &ast::ExprCall) -> Option<&FunctionSummary> {
        let module = self.module_name().map_or("__main__", |(name, _)| name);
        let class = self.semantic.enclosing_class_name(call.start());
        let callee = crate::model::index::callee_of(self, module, class, &call.func)?;
        if let Callee::Qualified(qualified) = &callee
            && let Some(local) = qualified
                .strip_prefix(module)
                .and_then(|rest| rest.strip_prefix('.'))
        {
            return self.own_facts().functions.get(local);
        }
        self.project().callee(&callee)
    }

    /// For `self.m(…)` (or `cls.m(…)`) in a class that does not define `m`,
    /// the summary of `m` on the nearest base class this module defines
    /// (`self.prebind(sock)` in `InetServer(Server)`, `Server.prebind`).
    pub fn inherited_method_summary(&self, call: &ast::ExprCall) -> Option<&FunctionSummary> {
        use crate::parse::Expr;
        let Expr::Attribute(attribute) = &*call.func else {
            return None;
        };
        if !matches!(&*attribute.value, Expr::Name(receiver)
            if matches!(receiver.id.as_str(), "self" | "cls"))
        {
            return None;
        }
        let facts = self.own_facts();
        let method = attribute.attr.id.as_str();
        let mut class = self.semantic.enclosing_class_name(call.start())?;
        // A few generations up the module's own classes (a cycle ends there).
        for _ in 0..5 {
            let bases = &facts.classes.get(class)?.bases;
            let base = bases
                .iter()
                .map(|base| base.rsplit('.').next().unwrap_or(base))
                .find(|base| facts.classes.contains_key(*base))?;
            if let Some(summary) = facts.functions.get(&format!("{base}.{method}")) {
                return Some(summary);
            }
            class = base;
        }
        None
    }

    /// Whether `call` may call a project function that runs one of its
    /// parameters as SQL (a cheap test by name, before [`Self::callee_summary`]).
    pub fn may_call_sql_helper(&self, call: &ast::ExprCall) -> bool {
        let name = match &*call.func {
            crate::parse::Expr::Name(name) => name.id.as_str(),
            crate::parse::Expr::Attribute(attribute) => attribute.attr.id.as_str(),
            _ => return false,
        };
        match self.module_name() {
            Some((module, _)) if self.project().module(module).is_some() => {
                self.project().may_be_sql_helper(name)
            }
            // Not indexed: the module's own facts are read afresh.
            _ => true,
        }
    }

    /// Which names hold database connections and cursors (built once per module).
    pub fn db(&self) -> &DbModel<'static> {
        self.db
            .get_or_init(|| DbModel::new(self, builtin_drivers()))
    }

    pub fn body(&self) -> &'a [Stmt] {
        self.module.body()
    }

    /// The `class` statement at the top of the module that made `binding`
    /// (a class binding of the module's own body).
    pub fn top_level_class(
        &self,
        binding: &crate::semantic::Binding,
    ) -> Option<&'a ast::StmtClassDef> {
        self.body().iter().find_map(|stmt| match stmt {
            Stmt::ClassDef(class) if class.name.range == binding.range => Some(class),
            _ => None,
        })
    }

    pub fn text(&self) -> &'a str {
        self.source.text()
    }

    /// `qualified` with re-exports followed through the project (a module
    /// that re-exports `sqlite3` names sqlite3).
    pub fn canonical(&self, qualified: &str) -> String {
        self.project().canonical(qualified)
    }

    /// The source text of anything with a range.
    pub fn slice(&self, range: TextRange) -> &'a str {
        self.source.slice(range)
    }
}
