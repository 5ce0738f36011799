//! Decorators and context managers known to handle database errors for the
//! code they run: the data table's, oslo.db transaction contexts
//! (`context_manager.writer`, `enginefacade.reader.using(ctx)`), and a
//! module's own decorator whose body runs the function inside one of those.

use crate::linter::syntax;
use crate::parse::{Expr, Stmt, ast};

use super::ErrorHandling;
use super::data::data;

/// Attributes that refine an oslo.db transaction context without changing what it handles.
const CONTEXT_REFINEMENTS: &[&str] = &["using", "allow_async", "independent", "savepoint"];

impl ErrorHandling<'_> {
    /// Whether a decorator of `def` handles the database errors it raises.
    pub(super) fn decorated_by_handler(&self, def: &ast::StmtFunctionDef) -> bool {
        def.decorator_list.iter().any(|decorator| {
            self.handling(&decorator.expression, &data().handlers.decorators)
                || self.handling_decorator_function(&decorator.expression)
        })
    }

    /// Whether the `with` statement enters a context manager that handles database errors.
    pub(super) fn handles_with(&self, with: &ast::StmtWith) -> bool {
        !self.strict()
            && with
                .items
                .iter()
                .any(|item| self.handling(&item.context_expr, &data().handlers.context_managers))
    }

    /// `expr` (maybe called: `@wrap_db_retry(max_retries=5)`, `atomic()`) is
    /// one of `names`, or an oslo.db transaction context.
    fn handling(&self, expr: &Expr, names: &[String]) -> bool {
        let callee = match expr {
            Expr::Call(call) => &*call.func,
            other => other,
        };
        if let Some(qualified) = self.context.semantic.resolve_qualified_name(callee)
            && names.contains(&qualified)
        {
            return true;
        }
        self.transaction_context(expr)
    }

    /// `X.writer`, `X.reader.allow_async`, `X.writer.using(context)` in a
    /// module that uses oslo.db (which builds `X` with `transaction_context()`).
    fn transaction_context(&self, expr: &Expr) -> bool {
        let mut expr = expr;
        loop {
            match expr {
                Expr::Call(call) => expr = &call.func,
                Expr::Attribute(attribute)
                    if CONTEXT_REFINEMENTS.contains(&attribute.attr.id.as_str()) =>
                {
                    expr = &attribute.value
                }
                _ => break,
            }
        }
        let Expr::Attribute(attribute) = expr else {
            return false;
        };
        matches!(attribute.attr.id.as_str(), "reader" | "writer")
            && data()
                .handlers
                .transaction_contexts
                .iter()
                .filter_map(|name| name.split('.').next())
                .any(|root| self.context.semantic.imports_module(root))
    }

    /// `@pick_context_manager_writer` where the module defines that decorator
    /// and its body runs the function inside a handling context manager
    /// (nova's `with ctxt_mgr.writer.using(context): return f(...)`).
    fn handling_decorator_function(&self, decorator: &Expr) -> bool {
        let Expr::Name(name) = decorator else {
            return false;
        };
        let Some(def) = self.context.body().iter().find_map(|stmt| match stmt {
            Stmt::FunctionDef(def) if def.name.id == name.id => Some(def),
            _ => None,
        }) else {
            return false;
        };
        let mut handles = false;
        for stmt in &def.body {
            syntax::for_each_simple_statement(stmt, &mut |inner| {
                if let Stmt::With(with) = inner
                    && with.items.iter().any(|item| {
                        self.handling(&item.context_expr, &data().handlers.context_managers)
                    })
                {
                    handles = true;
                }
            });
        }
        handles
    }
}
