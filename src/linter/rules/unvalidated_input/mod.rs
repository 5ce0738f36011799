//! `unvalidated-input` (CWE-20): values from HTTP requests or from the
//! parameters of an entry point (a route, a command, a view, `main`) that
//! reach a place where a bound parameter cannot help and nothing validates
//! them:
//! - SQL identifiers (`FROM {table}`, `ORDER BY {column}`, `{column} DESC`,
//!   `ORDER BY x {direction}`) and `LIMIT`/`OFFSET` numbers not passed
//!   through `int()`;
//! - request values used as file paths in `open()` or `os.path.join`.
//!
//! Reported with advice. Where the module holds the allowed identifiers (a
//! constant tuple/list/set/dict of strings or an `Enum`) and nothing checks
//! the value, an unsafe fix inserts an allowlist check raising `ValueError`.

mod allowlist;
mod entry_points;
mod sql_text;
mod taint;

use crate::linter::diagnostic::{Diagnostic, Fix};
use crate::linter::fix::indent::{is_compound, owns_its_lines};
use crate::linter::fix::statements::insert_lines_before;
use crate::model::Context;
use crate::model::drivers::DbModel;
use crate::model::rule::Rule;
use crate::parse::{Expr, Ranged, Stmt, Visitor, ast, visitor};
use crate::semantic::BindingKind;
use allowlist::{Allowlist, module_allowlists};
use sql_text::{Slot, sql_slots};
use taint::{Origin, Taint};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let allowlists = module_allowlists(context);
    let db = context.db();
    let mut diagnostics = Vec::new();
    // Every function of the module, nested ones too, from the semantic
    // model's table (no walk of its own).
    for &(scope, def) in context.semantic.functions() {
        let taint = Taint::of_function(context, scope, def);
        let mut sinks = Sinks {
            context,
            function: def,
            db,
            taint: &taint,
            allowlists: &allowlists,
            statement: None,
            checked_names: Vec::new(),
            diagnostics: Vec::new(),
        };
        for stmt in &def.body {
            sinks.visit_stmt(stmt);
        }
        diagnostics.extend(sinks.diagnostics);
    }
    diagnostics
}

/// Looks for sinks in one function body (not in nested functions).
struct Sinks<'c, 't> {
    context: &'c Context<'c>,
    /// The function whose body this is.
    function: &'c ast::StmtFunctionDef,
    db: &'c DbModel<'c>,
    taint: &'t Taint,
    allowlists: &'c [Allowlist],
    /// The innermost simple statement being visited.
    statement: Option<&'c Stmt>,
    /// Names that already got an allowlist check in this function: one
    /// check, before the first use, covers the later ones.
    checked_names: Vec<String>,
    diagnostics: Vec<Diagnostic>,
}

impl<'a: 'c, 'c> Visitor<'a> for Sinks<'c, '_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if matches!(stmt, Stmt::FunctionDef(_) | Stmt::ClassDef(_)) {
            return;
        }
        let previous = self.statement;
        match stmt {
            // A check may go before a header evaluated once on entry:
            // `for … in <expr>:`, `with <expr>:`, `if <expr>:` (not `elif`).
            Stmt::For(for_stmt) => {
                self.statement = Some(stmt);
                self.visit_expr(&for_stmt.iter);
                self.statement = None;
                self.visit_expr(&for_stmt.target);
                self.visit_body(&for_stmt.body);
                self.visit_body(&for_stmt.orelse);
            }
            Stmt::With(with) => {
                self.statement = Some(stmt);
                for item in &with.items {
                    self.visit_expr(&item.context_expr);
                }
                self.statement = None;
                self.visit_body(&with.body);
            }
            Stmt::If(if_stmt) => {
                self.statement = Some(stmt);
                self.visit_expr(&if_stmt.test);
                self.statement = None;
                self.visit_body(&if_stmt.body);
                for clause in &if_stmt.elif_else_clauses {
                    if let Some(test) = &clause.test {
                        self.visit_expr(test);
                    }
                    self.visit_body(&clause.body);
                }
            }
            _ => {
                self.statement = (!is_compound(stmt)).then_some(stmt);
                visitor::walk_stmt(self, stmt);
            }
        }
        self.statement = previous;
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Some(slots) = sql_slots(expr, false) {
            for slot in slots {
                self.check_sql_slot(&slot);
            }
            return;
        }
        if let Expr::Call(call) = expr {
            self.check_path_call(call);
            if let Some(query) = self.query_argument(call)
                && let Some(slots) = sql_slots(query, true)
            {
                for slot in slots {
                    self.check_sql_slot(&slot);
                }
                self.visit_expr(&call.func);
                for argument in call.arguments.args.iter().skip(1) {
                    self.visit_expr(argument);
                }
                for keyword in &call.arguments.keywords {
                    self.visit_expr(&keyword.value);
                }
                return;
            }
        }
        visitor::walk_expr(self, expr);
    }
}

impl<'a> Sinks<'a, '_> {
    fn visit_body(&mut self, body: &'a [Stmt]) {
        for stmt in body {
            self.visit_stmt(stmt);
        }
    }

    /// The SQL argument of `cursor.execute(sql, …)` on a database object.
    fn query_argument(&self, call: &'a ast::ExprCall) -> Option<&'a Expr> {
        let Expr::Attribute(attribute) = &*call.func else {
            return None;
        };
        let is_query_method = matches!(
            attribute.attr.id.as_str(),
            "execute"
                | "executemany"
                | "executescript"
                | "mogrify"
                | "fetch"
                | "fetchrow"
                | "fetchval"
        );
        if !is_query_method {
            return None;
        }
        self.db.object(self.context, &attribute.value)?;
        call.arguments.args.first()
    }

    fn check_sql_slot(&mut self, slot: &Slot<'a>) {
        let Some(origin) = self.taint.origin(self.context, slot.value) else {
            return;
        };
        if origin == Origin::Parameter && self.only_constants_reach(slot.value) {
            return;
        }
        let what = origin.describe(self.context, slot.value);
        let message = match slot.kind {
            sql_text::SlotKind::Number => {
                format!(
                    "{what} is interpolated into SQL as a {} without `int()`; convert it with `int()` before use",
                    slot.kind.label()
                )
            }
            _ => format!(
                "{what} is used as an SQL {} without validation; check it against an allowlist of known names",
                slot.kind.label()
            ),
        };
        let mut diagnostic = Diagnostic::new(Rule::UnvalidatedInput, slot.value.range(), message);
        if slot.kind != sql_text::SlotKind::Number {
            let name = match slot.value {
                Expr::Name(name) => name.id.as_str(),
                _ => "",
            };
            if !self.checked_names.iter().any(|checked| checked == name) {
                diagnostic.try_set_fix(|| self.allowlist_fix(slot));
                if diagnostic.fix.is_some() {
                    self.checked_names.push(name.to_owned());
                }
            }
        }
        self.diagnostics.push(diagnostic);
    }

    /// Whether `value` is a parameter that every call in the project fills
    /// with a program constant (a string literal, a module constant, an
    /// internal attribute such as `model._table`): no input reaches it. The
    /// index answers only for private functions (`_make_table`): a public
    /// one may be called from outside the project, and stays reported.
    fn only_constants_reach(&self, value: &Expr) -> bool {
        let Expr::Name(name) = value else {
            return false;
        };
        let Some(index) = self
            .function
            .parameters
            .iter()
            .position(|parameter| parameter.name().id == name.id)
        else {
            return false;
        };
        // Still the parameter where it is read (not rebound in between).
        let is_parameter = self
            .context
            .semantic
            .binding_at(name.id.as_str(), name.start())
            .is_some_and(|binding| binding.kind == BindingKind::Parameter);
        is_parameter
            && self
                .context
                .project()
                .only_constants_reach(&self.context.qualified_function_name(self.function), index)
    }

    /// `if value not in ALLOWED: raise ValueError(...)` before the statement.
    fn allowlist_fix(&self, slot: &Slot<'a>) -> Option<Fix> {
        let Expr::Name(name) = slot.value else {
            return None;
        };
        let statement = self.statement?;
        if !owns_its_lines(self.context.source, statement) {
            return None;
        }
        let allowlist = allowlist::pick(self.allowlists, slot.kind, name.id.as_str())?;
        let indent = self.context.source.indentation_at(statement.start());
        let unit = self.context.source.indent_unit_at(statement.start());
        let lines = [
            format!(
                "{indent}if {} not in {}:",
                name.id,
                allowlist.membership_expr()
            ),
            format!(
                "{indent}{unit}raise ValueError(\"{} is not an allowed {}\")",
                name.id,
                slot.kind.label()
            ),
        ];
        Some(Fix::unsafe_(
            format!("Check `{}` against `{}`", name.id, allowlist.name),
            vec![insert_lines_before(self.context.source, statement, &lines)],
        ))
    }

    /// `open(request.args["name"])`, `os.path.join(UPLOADS, filename)`.
    fn check_path_call(&mut self, call: &ast::ExprCall) {
        let Some(qualified) = self.context.semantic.resolve_qualified_name(&call.func) else {
            return;
        };
        let arguments: Vec<&Expr> = match qualified.as_str() {
            "open" | "io.open" => call.arguments.args.first().into_iter().collect(),
            "os.path.join" => call.arguments.args.iter().collect(),
            _ => return,
        };
        for argument in arguments {
            let Some(value) = self.taint.request_value_in(self.context, argument) else {
                continue;
            };
            let what = Origin::Request.describe(self.context, value);
            self.diagnostics.push(Diagnostic::new(
                Rule::UnvalidatedInput,
                value.range(),
                format!(
                    "{what} is used as a file path in `{qualified}` without validation; reduce it with `werkzeug.utils.secure_filename` or `os.path.basename`, or check it against an allowlist"
                ),
            ));
            return;
        }
    }
}
