//! What names refer to: scopes, bindings and references of one module, built
//! in one traversal ([`builder`]), in the spirit of Ruff's semantic model.
//!
//! A name resolves through the binding visible where it is read: `db` in a
//! function that does `import sqlite3 as db` is sqlite3 there and nowhere
//! else; a parameter named `sqlite3` is not the module. Inside one scope the
//! model follows reaching definitions: the writes of `sql` that can reach
//! this read, through branches and loops.

mod binding;
mod builder;
mod scope;

use rustc_hash::FxHashSet;

pub use binding::{Binding, BindingId, BindingKind};
pub use scope::{Scope, ScopeId, ScopeKind};

use crate::parse::{Expr, Ranged, Stmt, TextRange, TextSize, Visitor, ast, visitor};

/// What the project around a module knows about other modules' names: the
/// semantic model asks it to see through re-exports (implemented by the
/// project index, a layer above; the model itself knows one module).
pub trait Reexports: Sync + std::fmt::Debug {
    /// Whether nothing is known (a source checked on its own).
    fn knows_nothing(&self) -> bool;
    /// `qualified` with re-exports followed (`shim.connect` → `sqlite3.connect`).
    fn canonical(&self, qualified: &str) -> String;
    /// Whether module `module` of the project binds `name` at its top level.
    fn module_binds(&self, module: &str, name: &str) -> bool;
}

/// An import statement as the importer needs to know it.
#[derive(Debug, Clone)]
pub struct ImportBinding {
    /// The local name (`db` in `import sqlite3 as db`).
    pub local: String,
    /// What it refers to (`sqlite3`, `sqlite3.Error`).
    pub qualified: String,
    /// Whether it is bound at module level.
    pub module_level: bool,
    /// Whether it runs whenever the module is imported (module level, not
    /// inside `try`, `if` or a loop): only such imports may be relied on by
    /// code added elsewhere in the module.
    pub unconditional: bool,
    /// End of the import statement.
    pub stmt_end: TextSize,
}

/// A read of a name, or a `del` of it (which needs the binding as a read does).
#[derive(Debug, Clone)]
pub struct Reference<'a> {
    pub name: &'a str,
    pub range: TextRange,
    pub scope: ScopeId,
}

/// Scopes, bindings and references of one module.
#[derive(Debug)]
pub struct SemanticModel<'a> {
    scopes: Vec<Scope<'a>>,
    bindings: Vec<Binding<'a>>,
    references: Vec<Reference<'a>>,
    /// Function scopes with their definitions, in source order.
    functions: Vec<(ScopeId, &'a ast::StmtFunctionDef)>,
    /// Class scopes with their definitions, in source order.
    classes: Vec<(ScopeId, &'a ast::StmtClassDef)>,
    /// The project around the module, to see through re-exports.
    project: Option<&'a dyn Reexports>,
    imports: Vec<ImportBinding>,
    /// Every name bound anywhere in the module, used to pick fresh names.
    bound_names: FxHashSet<&'a str>,
    /// Names bound at module level by something other than an import.
    module_definitions: FxHashSet<&'a str>,
    /// Where the module's import block ends.
    import_insertion: TextSize,
    /// Scope starts in source order, for [`Self::scope_at`].
    scope_starts: Vec<(TextSize, ScopeId)>,
    /// The branches of every `if` (its body, each `elif`'s and the
    /// `else`'s), each with the branch around it; bindings name the
    /// innermost one they sit in ([`Binding::branch`]).
    branches: Vec<Branch>,
    /// [`Self::resolve_qualified_name`]'s answers so far, by expression
    /// (its address: the tree outlives the model). Several rules resolve
    /// the same callee.
    resolved: std::cell::RefCell<rustc_hash::FxHashMap<usize, Option<String>>>,
}

/// One branch of an `if` statement.
#[derive(Debug, Clone, Copy)]
struct Branch {
    /// The whole `if` statement.
    statement: TextRange,
    /// The branch's block of statements.
    block: TextRange,
    /// The branch around this `if`, if any.
    parent: Option<u32>,
}

/// The name rules have used for the model.
pub type Semantic<'a> = SemanticModel<'a>;

/// Bindings of one name, in source order (most names have one or two: no
/// heap list for them).
pub type Bindings = smallvec::SmallVec<[BindingId; 2]>;

impl<'a> SemanticModel<'a> {
    /// The model of a module whose own dotted name is unknown (relative
    /// imports stay relative).
    pub fn new(body: &'a [Stmt]) -> Self {
        builder::Builder::new(body, None, false).build(body)
    }

    /// The model of module `name` (`pkg.db`; `is_package` for an `__init__.py`),
    /// so that relative imports resolve to absolute names.
    pub fn for_module(body: &'a [Stmt], name: &str, is_package: bool) -> Self {
        builder::Builder::new(body, Some(name), is_package).build(body)
    }

    /// Resolves imported names through the project's re-exports too.
    #[must_use]
    pub fn with_project(mut self, project: Option<&'a dyn Reexports>) -> Self {
        self.project = project.filter(|p| !p.knows_nothing());
        self
    }

    fn canonical(&self, qualified: &str) -> String {
        match self.project {
            Some(project) => project.canonical(qualified),
            None => qualified.to_owned(),
        }
    }

    /// The name of the class whose body holds the function around `at`
    /// (`Store` for code in `Store.query`).
    pub fn enclosing_class_name(&self, at: TextSize) -> Option<&'a str> {
        self.enclosing_class(at).map(|class| class.name.id.as_str())
    }

    /// The class statement a [`BindingKind::ClassDefinition`] binding binds.
    pub fn class_defined_by(&self, binding: &Binding) -> Option<&'a ast::StmtClassDef> {
        if binding.kind != BindingKind::ClassDefinition {
            return None;
        }
        self.classes
            .iter()
            .map(|(_, class)| *class)
            .find(|class| class.name.range == binding.range)
    }

    /// The class whose body holds the function around `at`.
    pub fn enclosing_class(&self, at: TextSize) -> Option<&'a ast::StmtClassDef> {
        let mut scope = Some(self.scope_at(at));
        while let Some(id) = scope {
            let s = &self.scopes[id.index()];
            if s.kind == ScopeKind::Function {
                let parent = s.parent?;
                return self
                    .classes
                    .binary_search_by_key(&parent, |(class, _)| *class)
                    .ok()
                    .map(|index| self.classes[index].1);
            }
            scope = s.parent;
        }
        None
    }

    fn empty() -> Self {
        Self {
            scopes: Vec::new(),
            bindings: Vec::new(),
            references: Vec::new(),
            functions: Vec::new(),
            classes: Vec::new(),
            project: None,
            imports: Vec::new(),
            bound_names: FxHashSet::default(),
            module_definitions: FxHashSet::default(),
            import_insertion: TextSize::new(0),
            scope_starts: Vec::new(),
            branches: Vec::new(),
            resolved: std::cell::RefCell::default(),
        }
    }

    fn finish(&mut self, body: &[Stmt]) {
        self.module_definitions = self.scopes[0]
            .bindings
            .iter()
            .map(|id| &self.bindings[id.index()])
            .filter(|binding| !binding.is_import() && !binding.is_none_fallback)
            .map(|binding| binding.name)
            .collect();
        self.import_insertion = import_insertion_point(body);
        let mut starts: Vec<(TextSize, ScopeId)> = self
            .scopes
            .iter()
            .enumerate()
            .skip(1)
            .map(|(index, scope)| (scope.range.start(), ScopeId(index as u32)))
            .collect();
        starts.sort();
        self.scope_starts = starts;
    }

    pub fn scope(&self, id: ScopeId) -> &Scope<'a> {
        &self.scopes[id.index()]
    }

    pub fn binding(&self, id: BindingId) -> &Binding<'a> {
        &self.bindings[id.index()]
    }

    /// Every binding of the module, in the order the traversal met them.
    pub fn bindings(&self) -> impl Iterator<Item = (BindingId, &Binding<'a>)> {
        self.bindings
            .iter()
            .enumerate()
            .map(|(index, binding)| (BindingId(index as u32), binding))
    }

    /// Every read (or `del`) of a name.
    pub fn references(&self) -> &[Reference<'a>] {
        &self.references
    }

    /// The reads (and `del`s) of `name`, anywhere in the module.
    pub fn references_to<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s Reference<'a>> {
        self.references
            .iter()
            .filter(move |reference| reference.name == name)
    }

    /// The calls of the function `def` in `body` (by its name, bound to
    /// `def` where called), when every mention of its name within `range`
    /// is one of them and there is at least one: `None` when the function
    /// is handed on as a value (`map(f, xs)`, `later.append(f)`) or not
    /// called there.
    pub fn only_calls_of(
        &self,
        def: &ast::StmtFunctionDef,
        body: &'a [Stmt],
        range: TextRange,
    ) -> Option<Vec<&'a ast::ExprCall>> {
        struct Calls<'a, 'n> {
            name: &'n str,
            found: Vec<&'a ast::ExprCall>,
        }
        impl<'a> Visitor<'a> for Calls<'a, '_> {
            fn visit_expr(&mut self, expr: &'a Expr) {
                if let Expr::Call(call) = expr
                    && matches!(&*call.func, Expr::Name(callee) if callee.id.as_str() == self.name)
                {
                    self.found.push(call);
                }
                visitor::walk_expr(self, expr);
            }
        }
        let name = def.name.id.as_str();
        let mut calls = Calls {
            name,
            found: Vec::new(),
        };
        visitor::walk_body(&mut calls, body);
        let own: Vec<&ast::ExprCall> = calls
            .found
            .into_iter()
            .filter(|call| {
                self.binding_at(name, call.func.start())
                    .is_some_and(|binding| binding.range == def.name.range)
            })
            .collect();
        let mentions = self
            .references_to(name)
            .filter(|reference| range.contains(reference.range.start()))
            .count();
        (!own.is_empty() && own.len() == mentions).then_some(own)
    }

    /// Whether code outside `scope` may rebind its `name`: a function
    /// nested in it declares the name `nonlocal`, or (for the module) any
    /// scope declares it `global`; or `scope` itself hands the name on to
    /// an enclosing scope. Such writes happen whenever that code is called,
    /// so reaching definitions inside `scope` do not see them.
    pub fn rebound_elsewhere(&self, scope: ScopeId, name: &str) -> bool {
        let own = &self.scopes[scope.index()];
        if own.globals.contains(&name) || own.nonlocals.contains(&name) {
            return true;
        }
        self.scopes.iter().enumerate().any(|(index, other)| {
            index != scope.index()
                && ((scope == ScopeId::MODULE && other.globals.contains(&name))
                    || (other.nonlocals.contains(&name)
                        && self.is_nested_in(ScopeId(index as u32), scope)))
        })
    }

    /// The one binding of `name` in `scope`, when the scope binds the name
    /// exactly once (assignments, loop targets, imports, definitions and
    /// parameters all count) and no code elsewhere rebinds it.
    pub fn sole_binding(&self, scope: ScopeId, name: &str) -> Option<BindingId> {
        match self.scopes[scope.index()].bindings_of(name) {
            [only] if !self.rebound_elsewhere(scope, name) => Some(*only),
            _ => None,
        }
    }

    /// The bindings of `scope`, in source order.
    pub fn bindings_in(&self, scope: ScopeId) -> impl Iterator<Item = (BindingId, &Binding<'a>)> {
        self.scopes[scope.index()]
            .bindings
            .iter()
            .map(|&id| (id, &self.bindings[id.index()]))
    }

    /// The scope whose `name` a read at `at` names, seen through the
    /// comprehensions and lambdas around it that do not bind the name
    /// themselves: `sql` in `[r for r in cur.execute(sql)]` is the function's.
    pub fn scope_of_name(&self, name: &str, at: TextSize) -> ScopeId {
        let mut scope = self.scope_at(at);
        loop {
            let own = &self.scopes[scope.index()];
            let transparent = matches!(own.kind, ScopeKind::Comprehension | ScopeKind::Lambda)
                && own.bindings_of(name).is_empty();
            match own.parent {
                Some(parent) if transparent => scope = parent,
                _ => return scope,
            }
        }
    }

    /// The scope of the innermost function whose body contains `at`.
    pub fn function_scope_at(&self, at: TextSize) -> Option<ScopeId> {
        let mut scope = Some(self.scope_at(at));
        while let Some(id) = scope {
            if self.scopes[id.index()].kind == ScopeKind::Function {
                return Some(id);
            }
            scope = self.scopes[id.index()].parent;
        }
        None
    }

    /// Whether `inner` lies inside `outer` (a scope is not nested in itself).
    fn is_nested_in(&self, inner: ScopeId, outer: ScopeId) -> bool {
        let mut scope = self.scopes[inner.index()].parent;
        while let Some(id) = scope {
            if id == outer {
                return true;
            }
            scope = self.scopes[id.index()].parent;
        }
        false
    }

    /// The innermost scope whose code contains `at`.
    pub fn scope_at(&self, at: TextSize) -> ScopeId {
        let candidates = self.scope_starts.partition_point(|(start, _)| *start <= at);
        // Scopes nest: every scope that starts between the innermost scope
        // containing `at` and `at` lies inside it, so that scope is the
        // last one starting before `at` or one of its ancestors.
        let mut scope = candidates
            .checked_sub(1)
            .map(|last| self.scope_starts[last].1);
        while let Some(id) = scope {
            if self.scopes[id.index()].contains(at) {
                return id;
            }
            scope = self.scopes[id.index()].parent;
        }
        ScopeId::MODULE
    }

    /// The function whose body contains `at` (the innermost).
    pub fn function_at(&self, at: TextSize) -> Option<&'a ast::StmtFunctionDef> {
        let id = self.function_scope_at(at)?;
        self.functions
            .binary_search_by_key(&id, |(function, _)| *function)
            .ok()
            .map(|index| self.functions[index].1)
    }

    /// Every function definition with its scope, in source order.
    pub fn functions(&self) -> &[(ScopeId, &'a ast::StmtFunctionDef)] {
        &self.functions
    }

    /// Whether the read `name` sees at least one binding, and every binding
    /// it can see satisfies `test` (`x = io.BytesIO(b)` on every path).
    pub fn every_reaching_binding(
        &self,
        name: &ast::ExprName,
        mut test: impl FnMut(&Binding<'a>) -> bool,
    ) -> bool {
        let bindings = self.reaching_bindings(name.id.as_str(), name.start());
        !bindings.is_empty() && bindings.iter().all(|&id| test(self.binding(id)))
    }

    /// The bindings of `name` that a read at `at` can see: in the scope
    /// that owns the name there, the writes that reach `at` (the last write
    /// on every path, and writes later in an enclosing loop); in an
    /// enclosing scope, all of its writes (the nested code runs later).
    /// Empty when nothing binds the name (a builtin, or a star import).
    pub fn reaching_bindings(&self, name: &str, at: TextSize) -> Bindings {
        let start = self.scope_at(at);
        let mut scope_id = start;
        loop {
            let scope = &self.scopes[scope_id.index()];
            let visible = scope_id == start || scope.kind != ScopeKind::Class;
            if visible {
                if scope.globals.contains(&name) {
                    return self.all_bindings_in(ScopeId::MODULE, name);
                }
                let own = scope.bindings_of(name);
                if !own.is_empty() && !scope.nonlocals.contains(&name) {
                    if scope_id != start {
                        return self.without_fallbacks(Bindings::from_slice(own));
                    }
                    let reaching = self.reaching_in_scope(scope, own, at);
                    if !reaching.is_empty() {
                        return self.without_fallbacks(reaching);
                    }
                    if scope.is_function_like() {
                        // Read before any write: a local all the same (Python
                        // raises UnboundLocalError); every write is a candidate.
                        return self.without_fallbacks(Bindings::from_slice(own));
                    }
                    // A module or class body read before its binding falls
                    // through to the enclosing names (and builtins).
                }
            }
            match scope.parent {
                Some(parent) => scope_id = parent,
                None => return Bindings::new(),
            }
        }
    }

    fn all_bindings_in(&self, scope: ScopeId, name: &str) -> Bindings {
        self.without_fallbacks(Bindings::from_slice(
            self.scopes[scope.index()].bindings_of(name),
        ))
    }

    /// `try: import psycopg2` / `except ImportError: psycopg2 = None`: the
    /// `None` stands for "not installed", so it does not compete with the import.
    fn without_fallbacks(&self, ids: Bindings) -> Bindings {
        let has_import = ids.iter().any(|id| self.bindings[id.index()].is_import());
        if !has_import {
            return ids;
        }
        ids.into_iter()
            .filter(|id| !self.bindings[id.index()].is_none_fallback)
            .collect()
    }

    fn reaching_in_scope(&self, scope: &Scope<'a>, own: &[BindingId], at: TextSize) -> Bindings {
        let mut reaching = Bindings::new();
        for &id in own.iter().rev() {
            let binding = &self.bindings[id.index()];
            if binding.effective > at || self.in_other_branch(binding, scope, at) {
                continue;
            }
            reaching.push(id);
            if binding.dominates(at) {
                break;
            }
        }
        // A write later in a loop around the read reaches it on the next turn.
        for loop_range in scope.loops.iter().filter(|r| r.contains(at)) {
            for &id in own {
                let binding = &self.bindings[id.index()];
                if binding.effective > at
                    && loop_range.contains(binding.range.start())
                    && !reaching.contains(&id)
                {
                    reaching.push(id);
                }
            }
        }
        reaching.sort();
        reaching
    }

    /// Whether `binding` sits in one branch of an `if` and `at` in another
    /// (or in a later `elif`'s test) of the same `if`, with no loop of the
    /// scope around that `if`: no path runs both, so the write cannot
    /// reach the read (`if kind == "tags": order = […]` / `elif …:
    /// text(order)`).
    fn in_other_branch(&self, binding: &Binding, scope: &Scope, at: TextSize) -> bool {
        let mut current = binding.branch;
        while let Some(id) = current {
            let branch = &self.branches[id as usize];
            if branch.statement.contains(at) && !branch.block.contains(at) {
                return !scope
                    .loops
                    .iter()
                    .any(|around| around.contains_range(branch.statement));
            }
            current = branch.parent;
        }
        false
    }

    /// The one binding of `name` a read at `at` sees, when exactly one reaches it.
    pub fn binding_at(&self, name: &str, at: TextSize) -> Option<&Binding<'a>> {
        match self.reaching_bindings(name, at).as_slice() {
            [only] => Some(&self.bindings[only.index()]),
            _ => None,
        }
    }

    /// The qualified name an expression refers to through the bindings
    /// visible where it stands: `db.connect` → `sqlite3.connect` when `db`
    /// is `import sqlite3 as db` there; an unbound builtin → its own name
    /// (`open`). Local variables and parameters resolve to nothing, and so
    /// does a name whose reaching bindings disagree.
    pub fn resolve_qualified_name(&self, expr: &Expr) -> Option<String> {
        if !matches!(expr, Expr::Name(_) | Expr::Attribute(_)) {
            return None;
        }
        let key = std::ptr::from_ref(expr) as usize;
        if let Some(known) = self.resolved.borrow().get(&key) {
            return known.clone();
        }
        let resolved = self.resolve_uncached(expr);
        self.resolved.borrow_mut().insert(key, resolved.clone());
        resolved
    }

    fn resolve_uncached(&self, expr: &Expr) -> Option<String> {
        match expr {
            Expr::Name(name) => {
                let id = name.id.as_str();
                let reaching = self.reaching_bindings(id, name.start());
                if reaching.is_empty() {
                    if let Some(starred) = self.resolve_through_star_import(id, name.start()) {
                        return Some(starred);
                    }
                    return (BUILTINS.contains(&id)
                        && !self.binds_anywhere_visible(id, name.start()))
                    .then(|| id.to_owned());
                }
                let mut qualified: Option<&str> = None;
                for binding in reaching {
                    let this = self.bindings[binding.index()].kind.qualified_import()?;
                    match qualified {
                        Some(seen) if seen != this => return None,
                        _ => qualified = Some(this),
                    }
                }
                qualified.map(|q| self.canonical(q))
            }
            Expr::Attribute(attribute) => {
                let base = self.resolve_qualified_name(&attribute.value)?;
                Some(format!("{base}.{}", attribute.attr.id))
            }
            _ => None,
        }
    }

    /// Whether some scope around `at` star-imports a module (a name it does
    /// not bind may come from there).
    fn binds_anywhere_visible(&self, _name: &str, at: TextSize) -> bool {
        let mut scope = Some(self.scope_at(at));
        while let Some(id) = scope {
            if !self.scopes[id.index()].star_imports.is_empty() {
                return true;
            }
            scope = self.scopes[id.index()].parent;
        }
        false
    }

    /// `name` from `from shim import *`, when the project knows that `shim`
    /// binds it.
    fn resolve_through_star_import(&self, name: &str, at: TextSize) -> Option<String> {
        let project = self.project?;
        self.star_imports_at(at).into_iter().find_map(|module| {
            project
                .module_binds(module, name)
                .then(|| project.canonical(&format!("{module}.{name}")))
        })
    }

    /// Modules star-imported by the scopes around `at`.
    pub fn star_imports_at(&self, at: TextSize) -> Vec<&str> {
        let mut modules = Vec::new();
        let mut scope = Some(self.scope_at(at));
        while let Some(id) = scope {
            modules.extend(
                self.scopes[id.index()]
                    .star_imports
                    .iter()
                    .map(String::as_str),
            );
            scope = self.scopes[id.index()].parent;
        }
        modules
    }

    /// Every import in the module, in source order.
    pub fn imports(&self) -> &[ImportBinding] {
        &self.imports
    }

    /// The imports whose bindings code at `at` can see: those of the
    /// function scopes around it and of the module.
    pub fn imports_visible_at(&self, at: TextSize) -> Vec<&Binding<'a>> {
        let start = self.scope_at(at);
        let mut scope = Some(start);
        let mut visible = Vec::new();
        while let Some(id) = scope {
            let s = &self.scopes[id.index()];
            if id == start || s.kind != ScopeKind::Class {
                visible.extend(s.imports.iter().map(|b| &self.bindings[b.index()]));
            }
            scope = s.parent;
        }
        visible
    }

    /// Whether the module imports `module` (or something from it) anywhere.
    pub fn imports_module(&self, module: &str) -> bool {
        self.imports
            .iter()
            .any(|import| is_within(&import.qualified, module))
    }

    /// A module-level local name bound to exactly `qualified`
    /// (`import logging as log` → `log` for `logging`), by an import that
    /// always runs and that nothing else at module level rebinds.
    pub fn module_binding_for(&self, qualified: &str) -> Option<&str> {
        self.imports
            .iter()
            .find(|import| {
                import.module_level
                    && import.qualified == qualified
                    && !self.module_definitions.contains(import.local.as_str())
            })
            .map(|import| import.local.as_str())
    }

    /// Whether `name` is bound anywhere in the module.
    pub fn is_bound(&self, name: &str) -> bool {
        self.bound_names.contains(name)
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

/// Whether `name` is written in capitals, digits and underscores only
/// (`TABLES`, `MAX_2`): a constant by convention.
/// Every name `expr` reads, in source order.
pub fn names_read(expr: &Expr) -> Vec<&ast::ExprName> {
    let mut reads = Reads(Vec::new());
    reads.visit_expr(expr);
    reads.0
}

/// Every name the statements of `body` read, in source order.
pub fn names_read_in_body(body: &[Stmt]) -> Vec<&ast::ExprName> {
    let mut reads = Reads(Vec::new());
    visitor::walk_body(&mut reads, body);
    reads.0
}

struct Reads<'a>(Vec<&'a ast::ExprName>);

impl<'a> Visitor<'a> for Reads<'a> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Name(name) = expr
            && name.ctx == ast::ExprContext::Load
        {
            self.0.push(name);
        }
        visitor::walk_expr(self, expr);
    }
}

pub fn is_upper_snake_case(name: &str) -> bool {
    name.chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// Whether `qualified` is `module` or inside it (`sqlite3.dbapi2` is in `sqlite3`).
pub fn is_within(qualified: &str, module: &str) -> bool {
    qualified == module
        || qualified
            .strip_prefix(module)
            .is_some_and(|rest| rest.starts_with('.'))
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
    "set",
    "frozenset",
    "tuple",
    "list",
    "dict",
    "bool",
    "bytes",
    "bytearray",
    "getattr",
    "setattr",
    "hasattr",
    "isinstance",
    "sorted",
    "enumerate",
    "zip",
    "map",
    "filter",
    "range",
    "iter",
    "next",
    "sum",
    "min",
    "max",
    "abs",
    "round",
    "type",
    "object",
    "super",
    "vars",
    "locals",
    "globals",
    "compile",
    "__import__",
    "any",
    "all",
    "reversed",
    "chr",
    "ord",
    "hex",
    "ImportError",
    "ModuleNotFoundError",
    "AttributeError",
    "IndexError",
    "LookupError",
    "NameError",
    "NotImplementedError",
    "PermissionError",
    "FileNotFoundError",
    "ConnectionError",
    "TimeoutError",
    "EnvironmentError",
    "StopIteration",
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

    /// The qualified name of the callee of the call on line `line` (1-based).
    fn callee_on_line(source: &str, line: usize) -> Option<String> {
        let module = parse_module(source).unwrap();
        let semantic = SemanticModel::new(module.body());
        let offset: usize = source.lines().take(line - 1).map(|l| l.len() + 1).sum();
        let needle = source.lines().nth(line - 1).unwrap();
        let call_start = offset + needle.len() - needle.trim_start().len();
        struct Find<'a>(usize, Option<&'a ast::ExprCall>);
        impl<'a> crate::parse::Visitor<'a> for Find<'a> {
            fn visit_expr(&mut self, expr: &'a Expr) {
                if let Expr::Call(call) = expr
                    && usize::from(call.start()) >= self.0
                    && self.1.is_none()
                {
                    self.1 = Some(call);
                }
                crate::parse::visitor::walk_expr(self, expr);
            }
        }
        let mut find = Find(call_start, None);
        crate::parse::visitor::walk_body(&mut find, module.body());
        semantic.resolve_qualified_name(&find.1.unwrap().func)
    }

    #[test]
    fn function_local_imports_do_not_leak() {
        let source = "\
def a():
    import sqlite3 as db
    db.connect('x')

def b():
    import psycopg2 as db
    db.connect('y')

db.connect('z')
";
        assert_eq!(
            callee_on_line(source, 3).as_deref(),
            Some("sqlite3.connect")
        );
        assert_eq!(
            callee_on_line(source, 7).as_deref(),
            Some("psycopg2.connect")
        );
        assert_eq!(callee_on_line(source, 9), None);
    }

    #[test]
    fn parameters_shadow_modules() {
        let source = "\
import sqlite3

def f(sqlite3):
    sqlite3.connect('x')

def g():
    sqlite3.connect('y')
";
        assert_eq!(callee_on_line(source, 4), None);
        assert_eq!(
            callee_on_line(source, 7).as_deref(),
            Some("sqlite3.connect")
        );
    }

    #[test]
    fn reaching_definitions_follow_branches_and_rebinding() {
        let source = "\
import sqlite3 as db
import psycopg2

def f(flag):
    if flag:
        db = psycopg2
    db.connect('x')

def g():
    db.connect('y')
    db = 3
";
        // A local assignment makes `db` local in f: not the module import.
        assert_eq!(callee_on_line(source, 7), None);
        // Read before the local write: still a local (UnboundLocalError), never the import.
        assert_eq!(callee_on_line(source, 10), None);
    }

    #[test]
    fn optional_imports_keep_their_module() {
        let source = "\
try:
    import psycopg2
except ImportError:
    psycopg2 = None

def f():
    psycopg2.connect('x')
";
        assert_eq!(
            callee_on_line(source, 7).as_deref(),
            Some("psycopg2.connect")
        );
    }

    #[test]
    fn class_scopes_are_not_visible_from_methods() {
        let source = "\
import sqlite3 as db

class A:
    import psycopg2 as db
    def m(self):
        db.connect('x')
";
        assert_eq!(
            callee_on_line(source, 6).as_deref(),
            Some("sqlite3.connect")
        );
    }

    /// The lines (1-based) of the bindings `ids` in `source`.
    fn binding_lines(source: &str, semantic: &SemanticModel, ids: Bindings) -> Vec<usize> {
        ids.into_iter()
            .map(|id| {
                let start = usize::from(semantic.binding(id).range.start());
                source[..start].lines().count()
            })
            .collect()
    }

    #[test]
    fn reaching_bindings_inside_one_function() {
        let source = "\
def f(name, flag):
    sql = 'a'
    if flag:
        sql = sql + name
    else:
        sql = 'b'
    run(sql)
    sql = 'c'
    run(sql)
";
        let module = parse_module(source).unwrap();
        let semantic = SemanticModel::new(module.body());
        let at = |line: usize| {
            let offset: usize = source.lines().take(line - 1).map(|l| l.len() + 1).sum();
            TextSize::try_from(offset + source.lines().nth(line - 1).unwrap().find("sql").unwrap())
                .unwrap()
        };
        let lines = |ids: Bindings| binding_lines(source, &semantic, ids);
        // Writes in branches do not hide the write before the `if` (the model
        // does not prove that the branches are exhaustive: it over-approximates).
        assert_eq!(
            lines(semantic.reaching_bindings("sql", at(7))),
            vec![2, 4, 6]
        );
        assert_eq!(lines(semantic.reaching_bindings("sql", at(9))), vec![8]);
        // The read inside `sql = sql + name` sees the write before it.
        let inner = TextSize::try_from(source.find("sql + name").unwrap()).unwrap();
        assert_eq!(lines(semantic.reaching_bindings("sql", inner)), vec![2]);
    }

    #[test]
    fn a_write_in_one_branch_does_not_reach_a_read_in_another() {
        let source = "\
def f(order, kind):
    if kind == 'tags':
        order = ['x']
    elif order:
        run(order)
    else:
        if kind:
            order = 'a'
        else:
            run(order)
    run(order)
    for each in kind:
        if each:
            order = each
        else:
            run(order)
";
        let module = parse_module(source).unwrap();
        let semantic = SemanticModel::new(module.body());
        let at = |line: usize, column: usize| {
            let offset: usize = source.lines().take(line - 1).map(|l| l.len() + 1).sum();
            TextSize::try_from(offset + column).unwrap()
        };
        let lines = |ids: Bindings| binding_lines(source, &semantic, ids);
        // The `elif`'s test and body: the first branch's write cannot reach them.
        assert_eq!(
            lines(semantic.reaching_bindings("order", at(4, 9))),
            vec![1]
        );
        assert_eq!(
            lines(semantic.reaching_bindings("order", at(5, 12))),
            vec![1]
        );
        // Nested: the inner `else` is a sibling of the inner `if`'s body.
        assert_eq!(
            lines(semantic.reaching_bindings("order", at(10, 16))),
            vec![1]
        );
        // After the `if`, every branch's write reaches.
        assert_eq!(
            lines(semantic.reaching_bindings("order", at(11, 8))),
            vec![1, 3, 8]
        );
        // Inside a loop, the other branch's write of an earlier turn reaches.
        assert_eq!(
            lines(semantic.reaching_bindings("order", at(16, 16))),
            vec![1, 3, 8, 14]
        );
    }

    #[test]
    fn rebinding_from_other_scopes_and_deletion_are_seen() {
        let source = "\
sql = 'a'
kept = 'k'

def f():
    query = 'q'
    other = 'o'

    def narrow():
        nonlocal query
        query = 'r'

    def own():
        other = 'x'
    del other

def g():
    global sql
    sql = 'b'
";
        let module = parse_module(source).unwrap();
        let semantic = SemanticModel::new(module.body());
        let f = semantic.functions()[0].0;
        // `global sql` in `g` rebinds the module's `sql`; nothing rebinds `kept`.
        assert!(semantic.rebound_elsewhere(ScopeId::MODULE, "sql"));
        assert!(!semantic.rebound_elsewhere(ScopeId::MODULE, "kept"));
        // `nonlocal query` in `narrow` rebinds `f`'s `query`; `own`'s `other` is its own.
        assert!(semantic.rebound_elsewhere(f, "query"));
        assert!(!semantic.rebound_elsewhere(f, "other"));
        // `g` hands `sql` on to the module.
        let g = semantic.functions().last().unwrap().0;
        assert!(semantic.rebound_elsewhere(g, "sql"));
        // `del other` uses the binding as a read does.
        let deleted = TextSize::try_from(source.find("del other").unwrap() + 4).unwrap();
        assert!(
            semantic
                .references_to("other")
                .any(|reference| reference.range.start() == deleted)
        );
    }

    #[test]
    fn relative_imports_become_absolute() {
        let source = "from . import db\nfrom ..util import quote\ndb.run()\nquote()\n";
        let module = parse_module(source).unwrap();
        let semantic = SemanticModel::for_module(module.body(), "app.models.user", false);
        let quals: Vec<&str> = semantic
            .imports()
            .iter()
            .map(|i| i.qualified.as_str())
            .collect();
        assert_eq!(quals, vec!["app.models.db", "app.util.quote"]);
    }

    #[test]
    fn finds_fresh_names() {
        let module = parse_module("f = 1\ndef g(f_2): pass\n").unwrap();
        let semantic = Semantic::new(module.body());
        assert_eq!(semantic.fresh_name("f"), "f_3");
        assert_eq!(semantic.fresh_name("handle"), "handle");
    }
}
