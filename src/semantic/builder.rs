//! The one traversal that builds a [`SemanticModel`]: scopes, bindings,
//! references and the imports the importer needs.

use crate::parse::{Expr, Ranged, Stmt, TextRange, TextSize, Visitor, ast, visitor};

use super::binding::{Binding, BindingId, BindingKind};
use super::scope::{Scope, ScopeId, ScopeKind};
use super::{ImportBinding, Reference, SemanticModel};

pub(super) struct Builder<'a> {
    pub(super) model: SemanticModel<'a>,
    scope: ScopeId,
    /// Ends of the statement blocks around the current statement, innermost last.
    blocks: Vec<TextSize>,
    /// The statement being visited (the binder of names in its targets).
    stmt: Option<&'a Stmt>,
    /// Nesting of `try` bodies and branches at module level, where a
    /// `name = None` is the fallback of an optional import.
    conditional_depth: usize,
    /// The package the module belongs to, for relative imports.
    package: Option<String>,
    /// The innermost `if` branch being visited (see `SemanticModel::branches`).
    branch: Option<u32>,
}

impl<'a> Builder<'a> {
    pub(super) fn new(body: &'a [Stmt], module_name: Option<&str>, is_package: bool) -> Self {
        let end = body.last().map_or(TextSize::new(0), Ranged::end);
        let mut model = SemanticModel::empty();
        model.scopes.push(Scope::new(
            ScopeKind::Module,
            None,
            TextRange::new(TextSize::new(0), end),
        ));
        let package = module_name.map(|name| {
            if is_package {
                name.to_owned()
            } else {
                name.rsplit_once('.')
                    .map_or(String::new(), |(package, _)| package.to_owned())
            }
        });
        Self {
            model,
            scope: ScopeId::MODULE,
            blocks: vec![end],
            stmt: None,
            conditional_depth: 0,
            package,
            branch: None,
        }
    }

    pub(super) fn build(mut self, body: &'a [Stmt]) -> SemanticModel<'a> {
        self.visit_body(body);
        self.model.finish(body);
        self.model
    }

    fn push_scope(&mut self, kind: ScopeKind, range: TextRange) -> ScopeId {
        let id = ScopeId(u32::try_from(self.model.scopes.len()).unwrap_or(u32::MAX));
        self.model
            .scopes
            .push(Scope::new(kind, Some(self.scope), range));
        self.scope = id;
        id
    }

    fn pop_scope(&mut self) {
        if let Some(parent) = self.model.scopes[self.scope.index()].parent {
            self.scope = parent;
        }
    }

    fn current_block_end(&self) -> TextSize {
        self.blocks.last().copied().unwrap_or_default()
    }

    fn add_binding(
        &mut self,
        name: &'a str,
        kind: BindingKind,
        range: TextRange,
        value: Option<&'a Expr>,
    ) -> BindingId {
        self.add_binding_in(self.scope, name, kind, range, value)
    }

    fn add_binding_in(
        &mut self,
        scope: ScopeId,
        name: &'a str,
        kind: BindingKind,
        range: TextRange,
        value: Option<&'a Expr>,
    ) -> BindingId {
        let id = BindingId(u32::try_from(self.model.bindings.len()).unwrap_or(u32::MAX));
        // A simple statement binds when it completes; a compound one (a
        // `with` or `for` header, an `except` clause, a parameter) before its body runs.
        let effective = match self.stmt {
            Some(
                Stmt::Assign(_)
                | Stmt::AugAssign(_)
                | Stmt::AnnAssign(_)
                | Stmt::Import(_)
                | Stmt::ImportFrom(_),
            ) => self.stmt.map_or(range.end(), Ranged::end),
            _ => range.end(),
        };
        let is_none_fallback = self.conditional_depth > 0
            && matches!(kind, BindingKind::Assignment)
            && value.is_some_and(|v| matches!(v, Expr::NoneLiteral(_)));
        self.model.bindings.push(Binding {
            name,
            kind,
            scope,
            range,
            stmt: self.stmt,
            value,
            source: None,
            effective,
            block_end: self.current_block_end(),
            branch: self.branch,
            is_none_fallback,
        });
        let is_import = self.model.bindings[id.index()].is_import();
        let scope = &mut self.model.scopes[scope.index()];
        scope.bindings.push(id);
        scope.by_name.entry(name).or_default().push(id);
        if is_import {
            scope.imports.push(id);
        }
        self.model.bound_names.insert(name);
        id
    }

    /// Binds every name in an assignment target; `value` goes to a target
    /// that is the whole name, and is the source of every name in it.
    fn bind_target(&mut self, target: &'a Expr, kind: BindingKind, value: Option<&'a Expr>) {
        self.bind_target_from(target, kind, value, value);
    }

    fn bind_target_from(
        &mut self,
        target: &'a Expr,
        kind: BindingKind,
        value: Option<&'a Expr>,
        source: Option<&'a Expr>,
    ) {
        match target {
            Expr::Name(name) => {
                let id = self.add_binding(name.id.as_str(), kind, name.range, value);
                self.model.bindings[id.index()].source = source;
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                for elt in elts {
                    self.bind_target_from(elt, kind.clone(), None, source);
                }
            }
            Expr::Starred(starred) => self.bind_target_from(&starred.value, kind, None, source),
            // `self.x = …`, `d[k] = …`: the parts are reads.
            other => visitor::walk_expr(self, other),
        }
    }

    fn bind_parameters(&mut self, parameters: &'a ast::Parameters) {
        for parameter in parameters.iter() {
            let name = parameter.name();
            self.add_binding(name.id.as_str(), BindingKind::Parameter, name.range, None);
        }
    }

    /// Defaults and annotations of parameters run in the enclosing scope.
    fn visit_parameter_defaults(&mut self, parameters: &'a ast::Parameters) {
        for parameter in parameters.iter() {
            if let Some(default) = parameter.default() {
                self.visit_expr(default);
            }
            if let Some(annotation) = parameter.annotation() {
                self.visit_annotation(annotation);
            }
        }
    }

    fn absolute_module(&self, level: u32, module: Option<&str>) -> String {
        if level == 0 {
            return module.unwrap_or_default().to_owned();
        }
        let relative = || {
            format!(
                "{}{}",
                ".".repeat(level as usize),
                module.unwrap_or_default()
            )
        };
        let Some(package) = &self.package else {
            return relative();
        };
        let mut parts: Vec<&str> = package.split('.').filter(|p| !p.is_empty()).collect();
        for _ in 1..level {
            if parts.pop().is_none() {
                return relative();
            }
        }
        if let Some(module) = module {
            parts.push(module);
        }
        parts.join(".")
    }

    fn record_import(&mut self, stmt: &'a Stmt, local: &str, qualified: String) {
        self.model.imports.push(ImportBinding {
            local: local.to_owned(),
            qualified,
            module_level: self.scope == ScopeId::MODULE,
            unconditional: self.scope == ScopeId::MODULE && self.conditional_depth == 0,
            stmt_end: stmt.end(),
        });
    }

    fn visit_function(&mut self, stmt: &'a Stmt, def: &'a ast::StmtFunctionDef) {
        for decorator in &def.decorator_list {
            self.visit_decorator(decorator);
        }
        self.visit_parameter_defaults(&def.parameters);
        if let Some(returns) = &def.returns {
            self.visit_annotation(returns);
        }
        self.add_binding(
            def.name.id.as_str(),
            BindingKind::FunctionDefinition,
            def.name.range,
            None,
        );
        let start = def.parameters.start();
        let scope = self.push_scope(ScopeKind::Function, TextRange::new(start, def.end()));
        self.model.functions.push((scope, def));
        let outer_stmt = self.stmt.replace(stmt);
        let outer_depth = std::mem::take(&mut self.conditional_depth);
        self.bind_parameters(&def.parameters);
        self.stmt = outer_stmt;
        self.visit_body(&def.body);
        self.conditional_depth = outer_depth;
        self.pop_scope();
    }

    fn visit_class(&mut self, class: &'a ast::StmtClassDef) {
        for decorator in &class.decorator_list {
            self.visit_decorator(decorator);
        }
        if let Some(arguments) = &class.arguments {
            self.visit_arguments(arguments);
        }
        self.add_binding(
            class.name.id.as_str(),
            BindingKind::ClassDefinition,
            class.name.range,
            None,
        );
        let start = class.body.first().map_or(class.end(), Ranged::start);
        let scope = self.push_scope(ScopeKind::Class, TextRange::new(start, class.end()));
        self.model.classes.push((scope, class));
        let outer_depth = std::mem::take(&mut self.conditional_depth);
        self.visit_body(&class.body);
        self.conditional_depth = outer_depth;
        self.pop_scope();
    }

    fn visit_comprehension_expr(
        &mut self,
        range: TextRange,
        generators: &'a [ast::Comprehension],
        elements: &[&'a Expr],
    ) {
        // The first iterable runs in the enclosing scope.
        if let Some(first) = generators.first() {
            self.visit_expr(&first.iter);
        }
        self.push_scope(ScopeKind::Comprehension, range);
        for (index, generator) in generators.iter().enumerate() {
            if index > 0 {
                self.visit_expr(&generator.iter);
            }
            self.bind_target(
                &generator.target,
                BindingKind::ComprehensionTarget,
                Some(&generator.iter),
            );
            for condition in &generator.ifs {
                self.visit_expr(condition);
            }
        }
        for element in elements {
            self.visit_expr(element);
        }
        self.pop_scope();
    }

    /// A compound statement's body at module level is conditional (`try`, `if`).
    /// One branch of the `if` statement at `statement`.
    fn visit_branch(&mut self, statement: TextRange, body: &'a [Stmt]) {
        let (Some(first), Some(last)) = (body.first(), body.last()) else {
            return;
        };
        let id = u32::try_from(self.model.branches.len()).unwrap_or(u32::MAX);
        self.model.branches.push(super::Branch {
            statement,
            block: TextRange::new(first.start(), last.end()),
            parent: self.branch,
        });
        let outer = self.branch.replace(id);
        self.visit_conditional_body(body);
        self.branch = outer;
    }

    fn visit_conditional_body(&mut self, body: &'a [Stmt]) {
        self.conditional_depth += 1;
        self.visit_body(body);
        self.conditional_depth -= 1;
    }
}

impl<'a> Visitor<'a> for Builder<'a> {
    fn visit_body(&mut self, body: &'a [Stmt]) {
        let end = body.last().map_or(self.current_block_end(), Ranged::end);
        self.blocks.push(end);
        for stmt in body {
            self.visit_stmt(stmt);
        }
        self.blocks.pop();
    }

    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        let outer = self.stmt.replace(stmt);
        match stmt {
            Stmt::FunctionDef(def) => {
                self.stmt = outer;
                self.visit_function(stmt, def);
                return;
            }
            Stmt::ClassDef(class) => {
                self.stmt = outer;
                self.visit_class(class);
                return;
            }
            Stmt::Import(import) => {
                for alias in &import.names {
                    let module = alias.name.id.as_str();
                    let (local, qualified) = match &alias.asname {
                        Some(asname) => (asname.id.as_str(), module),
                        None => {
                            // `import os.path` binds `os` to `os`.
                            let head = module.split('.').next().unwrap_or_default();
                            (head, head)
                        }
                    };
                    let range = alias.asname.as_ref().map_or(alias.range, |a| a.range);
                    self.record_import(stmt, local, qualified.to_owned());
                    let qualified = qualified.to_owned();
                    self.add_binding(local, BindingKind::Import { qualified }, range, None);
                }
            }
            Stmt::ImportFrom(import) => {
                let module = self
                    .absolute_module(import.level, import.module.as_ref().map(|m| m.id.as_str()));
                for alias in &import.names {
                    if alias.name.id.as_str() == "*" {
                        self.model.scopes[self.scope.index()]
                            .star_imports
                            .push(module.clone());
                        continue;
                    }
                    let local = alias.asname.as_ref().unwrap_or(&alias.name).id.as_str();
                    let qualified = if module.is_empty() {
                        alias.name.id.to_string()
                    } else {
                        format!("{module}.{}", alias.name.id)
                    };
                    let range = alias.asname.as_ref().map_or(alias.range, |a| a.range);
                    self.record_import(stmt, local, qualified.clone());
                    self.add_binding(local, BindingKind::FromImport { qualified }, range, None);
                }
            }
            Stmt::Assign(assign) => {
                self.visit_expr(&assign.value);
                for target in &assign.targets {
                    self.bind_target(target, BindingKind::Assignment, Some(&assign.value));
                }
            }
            Stmt::AugAssign(assign) => {
                self.visit_expr(&assign.value);
                // `x += v` reads `x` first.
                match &*assign.target {
                    Expr::Name(name) => self.model.references.push(Reference {
                        name: name.id.as_str(),
                        range: name.range,
                        scope: self.scope,
                    }),
                    other => visitor::walk_expr(self, other),
                }
                self.bind_target(
                    &assign.target,
                    BindingKind::AugmentedAssignment,
                    Some(&assign.value),
                );
            }
            Stmt::AnnAssign(assign) => {
                if let Some(value) = &assign.value {
                    self.visit_expr(value);
                }
                self.visit_annotation(&assign.annotation);
                if assign.value.is_some() {
                    self.bind_target(
                        &assign.target,
                        BindingKind::Assignment,
                        assign.value.as_deref(),
                    );
                }
            }
            Stmt::For(for_stmt) => {
                self.visit_expr(&for_stmt.iter);
                self.bind_target(
                    &for_stmt.target,
                    BindingKind::LoopTarget,
                    Some(&for_stmt.iter),
                );
                self.model.scopes[self.scope.index()]
                    .loops
                    .push(stmt.range());
                self.stmt = outer;
                self.visit_conditional_body(&for_stmt.body);
                self.visit_conditional_body(&for_stmt.orelse);
                return;
            }
            Stmt::While(while_stmt) => {
                self.visit_expr(&while_stmt.test);
                self.model.scopes[self.scope.index()]
                    .loops
                    .push(stmt.range());
                self.stmt = outer;
                self.visit_conditional_body(&while_stmt.body);
                self.visit_conditional_body(&while_stmt.orelse);
                return;
            }
            Stmt::If(if_stmt) => {
                self.visit_expr(&if_stmt.test);
                self.stmt = outer;
                self.visit_branch(if_stmt.range, &if_stmt.body);
                for clause in &if_stmt.elif_else_clauses {
                    if let Some(test) = &clause.test {
                        self.visit_expr(test);
                    }
                    self.visit_branch(if_stmt.range, &clause.body);
                }
                return;
            }
            Stmt::Try(try_stmt) => {
                self.stmt = outer;
                self.visit_conditional_body(&try_stmt.body);
                for handler in &try_stmt.handlers {
                    let ast::ExceptHandler::ExceptHandler(inner) = handler;
                    if let Some(type_) = &inner.type_ {
                        self.visit_expr(type_);
                    }
                    if let Some(name) = &inner.name {
                        self.stmt = Some(stmt);
                        self.add_binding(
                            name.id.as_str(),
                            BindingKind::ExceptHandler,
                            name.range,
                            None,
                        );
                        self.stmt = outer;
                    }
                    self.visit_conditional_body(&inner.body);
                }
                self.visit_conditional_body(&try_stmt.orelse);
                self.visit_body(&try_stmt.finalbody);
                return;
            }
            Stmt::With(with) => {
                for item in &with.items {
                    self.visit_expr(&item.context_expr);
                    if let Some(target) = &item.optional_vars {
                        self.bind_target(target, BindingKind::WithItem, Some(&item.context_expr));
                    }
                }
                self.stmt = outer;
                self.visit_body(&with.body);
                return;
            }
            Stmt::Global(global) => {
                let scope = &mut self.model.scopes[self.scope.index()];
                scope
                    .globals
                    .extend(global.names.iter().map(|n| n.id.as_str()));
            }
            Stmt::Nonlocal(nonlocal) => {
                let scope = &mut self.model.scopes[self.scope.index()];
                scope
                    .nonlocals
                    .extend(nonlocal.names.iter().map(|n| n.id.as_str()));
            }
            _ => visitor::walk_stmt(self, stmt),
        }
        self.stmt = outer;
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Name(name) => {
                if matches!(name.ctx, ast::ExprContext::Load | ast::ExprContext::Del) {
                    self.model.references.push(Reference {
                        name: name.id.as_str(),
                        range: name.range,
                        scope: self.scope,
                    });
                } else if name.ctx == ast::ExprContext::Store {
                    // Targets reached outside the statement handlers (e.g. `del`-free stores).
                    self.add_binding(name.id.as_str(), BindingKind::Assignment, name.range, None);
                }
            }
            Expr::Named(named) => {
                self.visit_expr(&named.value);
                // `:=` binds in the nearest scope that is not a comprehension.
                let mut scope = self.scope;
                while self.model.scopes[scope.index()].kind == ScopeKind::Comprehension {
                    match self.model.scopes[scope.index()].parent {
                        Some(parent) => scope = parent,
                        None => break,
                    }
                }
                if let Expr::Name(target) = &*named.target {
                    self.add_binding_in(
                        scope,
                        target.id.as_str(),
                        BindingKind::NamedExpression,
                        target.range,
                        Some(&named.value),
                    );
                }
            }
            Expr::Lambda(lambda) => {
                if let Some(parameters) = &lambda.parameters {
                    self.visit_parameter_defaults(parameters);
                }
                self.push_scope(ScopeKind::Lambda, lambda.range);
                if let Some(parameters) = &lambda.parameters {
                    self.bind_parameters(parameters);
                }
                self.visit_expr(&lambda.body);
                self.pop_scope();
            }
            Expr::ListComp(comp) => {
                self.visit_comprehension_expr(comp.range, &comp.generators, &[&comp.elt]);
            }
            Expr::SetComp(comp) => {
                self.visit_comprehension_expr(comp.range, &comp.generators, &[&comp.elt]);
            }
            Expr::Generator(comp) => {
                self.visit_comprehension_expr(comp.range, &comp.generators, &[&comp.elt]);
            }
            Expr::DictComp(comp) => {
                let mut elements: Vec<&'a Expr> = comp.key.as_deref().into_iter().collect();
                elements.push(&comp.value);
                self.visit_comprehension_expr(comp.range, &comp.generators, &elements);
            }
            _ => visitor::walk_expr(self, expr),
        }
    }

    fn visit_pattern(&mut self, pattern: &'a ast::Pattern) {
        let capture = match pattern {
            ast::Pattern::MatchAs(ast::PatternMatchAs { name, .. })
            | ast::Pattern::MatchStar(ast::PatternMatchStar { name, .. }) => name.as_ref(),
            ast::Pattern::MatchMapping(ast::PatternMatchMapping { rest, .. }) => rest.as_ref(),
            _ => None,
        };
        if let Some(name) = capture {
            self.add_binding(name.id.as_str(), BindingKind::Pattern, name.range, None);
        }
        visitor::walk_pattern(self, pattern);
    }
}
