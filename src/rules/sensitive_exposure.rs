//! `sensitive-exposure` (CWE-200): secrets written to logs or stdout,
//! exception details returned to HTTP clients, debug mode switched on.

use crate::checker::Context;
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::fix::Importer;
use crate::fix::indent::owns_its_lines;
use crate::parse::{Expr, Ranged, Stmt, Visitor, ast, visitor};
use crate::registry::Rule;
use crate::rules::secret_names::is_secret_name;
use crate::syntax::{Scope, for_each_suite};

const LOG_METHODS: &[&str] = &[
    "debug",
    "info",
    "warning",
    "warn",
    "error",
    "exception",
    "critical",
    "log",
];
const WEB_FRAMEWORKS: &[&str] = &[
    "flask",
    "django",
    "aiohttp",
    "fastapi",
    "bottle",
    "pyramid",
    "tornado",
    "falcon",
    "werkzeug",
    "starlette",
    "sanic",
];

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut calls = CallChecker {
        context,
        diagnostics: &mut diagnostics,
    };
    for stmt in context.body() {
        calls.visit_stmt(stmt);
    }
    check_debug_setting(context, &mut diagnostics);
    if WEB_FRAMEWORKS
        .iter()
        .any(|framework| context.semantic.imports_module(framework))
    {
        for_each_suite(context.body(), &mut |suite, scope| {
            for stmt in suite {
                if let Stmt::Try(try_stmt) = stmt {
                    for handler in &try_stmt.handlers {
                        let ast::ExceptHandler::ExceptHandler(handler) = handler;
                        check_handler(context, handler, scope, &mut diagnostics);
                    }
                }
            }
        });
    }
    diagnostics
}

/// The secret-named variable or attribute an expression reads, if any
/// (directly, or inside an f-string, `%`/`format` arguments, concatenation).
fn secret_in(expr: &Expr) -> Option<String> {
    struct Finder {
        found: Option<String>,
    }
    impl<'a> Visitor<'a> for Finder {
        fn visit_expr(&mut self, expr: &'a Expr) {
            if self.found.is_some() {
                return;
            }
            let name = match expr {
                Expr::Name(name) => Some(name.id.as_str()),
                Expr::Attribute(attribute) => Some(attribute.attr.id.as_str()),
                _ => None,
            };
            if let Some(name) = name.filter(|n| is_secret_name(n)) {
                self.found = Some(name.to_owned());
                return;
            }
            // `len(password)`, `mask(token)`, `bool(secret)` reveal nothing.
            if let Expr::Call(call) = expr
                && matches!(&*call.func, Expr::Name(n) if matches!(n.id.as_str(), "len" | "bool" | "type" | "hash" | "mask" | "redact"))
            {
                return;
            }
            visitor::walk_expr(self, expr);
        }
    }
    let mut finder = Finder { found: None };
    finder.visit_expr(expr);
    finder.found
}

struct CallChecker<'c> {
    context: &'c Context<'c>,
    diagnostics: &'c mut Vec<Diagnostic>,
}

impl CallChecker<'_> {
    /// `print(...)`, `logger.info(...)`, `logging.warning(...)`: where output goes.
    fn output_kind(&self, call: &ast::ExprCall) -> Option<&'static str> {
        match &*call.func {
            Expr::Name(name)
                if name.id.as_str() == "print"
                    && self
                        .context
                        .semantic
                        .resolve_qualified_name(&call.func)
                        .is_some() =>
            {
                Some("printed")
            }
            Expr::Attribute(attribute) if LOG_METHODS.contains(&attribute.attr.id.as_str()) => {
                let receiver = self
                    .context
                    .slice(attribute.value.range())
                    .to_ascii_lowercase();
                let resolved = self
                    .context
                    .semantic
                    .resolve_qualified_name(&attribute.value);
                (receiver.contains("log") || resolved.as_deref() == Some("logging"))
                    .then_some("logged")
            }
            _ => None,
        }
    }

    /// `app.run(debug=True)` in a Flask app.
    fn debug_run(&mut self, call: &ast::ExprCall) {
        let Expr::Attribute(attribute) = &*call.func else {
            return;
        };
        if attribute.attr.id.as_str() != "run" || !self.context.semantic.imports_module("flask") {
            return;
        }
        let Some(keyword) = call.arguments.find_keyword("debug") else {
            return;
        };
        if !matches!(
            keyword.value,
            Expr::BooleanLiteral(ast::ExprBooleanLiteral { value: true, .. })
        ) {
            return;
        }
        let mut diagnostic = Diagnostic::new(
            Rule::SensitiveExposure,
            keyword.range(),
            "`debug=True` serves the interactive debugger and tracebacks to anyone who can reach the app; take it from the environment".to_owned(),
        );
        diagnostic.try_set_fix(|| {
            let os = Importer::new(self.context).import_module("os");
            let mut edits = os.edits;
            edits.push(Edit::replacement(
                format!("{}.environ.get(\"FLASK_DEBUG\") == \"1\"", os.expr),
                keyword.value.range(),
            ));
            Some(Fix::unsafe_(
                "Enable debug only when `FLASK_DEBUG=1`",
                edits,
            ))
        });
        self.diagnostics.push(diagnostic);
    }
}

impl<'a> Visitor<'a> for CallChecker<'_> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Call(call) = expr {
            if let Some(kind) = self.output_kind(call) {
                let arguments = call.arguments.args.iter().chain(
                    call.arguments
                        .keywords
                        .iter()
                        .filter(|k| k.arg.as_ref().is_none_or(|a| a.id.as_str() != "exc_info"))
                        .map(|k| &k.value),
                );
                if let Some(secret) = arguments.filter_map(secret_in).next() {
                    self.diagnostics.push(Diagnostic::new(
                        Rule::SensitiveExposure,
                        call.range(),
                        format!("`{secret}` is {kind}; secrets must not reach logs or output — log that it is set, not its value"),
                    ));
                }
            }
            self.debug_run(call);
        }
        visitor::walk_expr(self, expr);
    }
}

/// `DEBUG = True` in a Django settings module.
fn check_debug_setting(context: &Context, diagnostics: &mut Vec<Diagnostic>) {
    let path = context.path.to_string_lossy();
    let is_settings = context.path.file_stem().is_some_and(|s| s == "settings")
        || path.contains("/settings/")
        || context.semantic.is_module_definition("INSTALLED_APPS");
    if !is_settings {
        return;
    }
    for stmt in context.body() {
        if let Some(("DEBUG", Expr::BooleanLiteral(ast::ExprBooleanLiteral { value: true, .. }))) =
            crate::syntax::simple_assignment(stmt)
        {
            diagnostics.push(Diagnostic::new(
                Rule::SensitiveExposure,
                stmt.range(),
                "`DEBUG = True` in a settings module shows stack traces, settings and SQL to visitors; read it from the environment and keep it off in production".to_owned(),
            ));
        }
    }
}

/// Exception text returned from a web handler's `except` clause.
fn check_handler(
    context: &Context,
    handler: &ast::ExceptHandlerExceptHandler,
    scope: Scope,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(function) = scope.function else {
        return;
    };
    let exception = handler.name.as_ref().map(|n| n.id.as_str());
    for stmt in &handler.body {
        let Stmt::Return(ret) = stmt else { continue };
        let Some(value) = &ret.value else { continue };
        let Some(leak) = leaked_detail(context, value, exception) else {
            continue;
        };
        let mut diagnostic = Diagnostic::new(
            Rule::SensitiveExposure,
            leak.range(),
            format!(
                "`{}` returns exception details to the client; return a generic message and log the exception",
                context.slice(leak.range())
            ),
        );
        diagnostic.try_set_fix(|| {
            let source = context.source;
            if !owns_its_lines(source, stmt) {
                return None;
            }
            let logger = Importer::new(context).module_logger();
            let mut edits = logger.edits;
            let indent = source.indentation_at(stmt.start());
            let message = crate::fix::literal::python_string(&format!(
                "Unhandled error in {}()",
                function.name.id
            ));
            edits.push(Edit::insertion(
                format!(
                    "{}.exception({message}){}{indent}",
                    logger.expr,
                    source.newline()
                ),
                stmt.start(),
            ));
            edits.push(Edit::replacement("\"Internal server error\"", leak.range()));
            Some(Fix::unsafe_(
                "Return a generic message and log the exception",
                edits,
            ))
        });
        diagnostics.push(diagnostic);
    }
}

/// The smallest expression in a returned value that carries exception text:
/// `str(e)`, `repr(e)`, `e.args`, `f"...{e}..."`, `"..." + str(e)`,
/// `traceback.format_exc()`.
fn leaked_detail<'a>(
    context: &Context,
    value: &'a Expr,
    exception: Option<&str>,
) -> Option<&'a Expr> {
    struct Finder<'c, 'a> {
        context: &'c Context<'c>,
        exception: Option<&'c str>,
        found: Option<&'a Expr>,
    }
    impl<'a> Visitor<'a> for Finder<'_, 'a> {
        fn visit_expr(&mut self, expr: &'a Expr) {
            if self.found.is_some() {
                return;
            }
            let is_exception =
                |e: &Expr| matches!(e, Expr::Name(n) if Some(n.id.as_str()) == self.exception);
            let leaks = match expr {
                Expr::Call(call) => {
                    let callee = self.context.semantic.resolve_qualified_name(&call.func);
                    matches!(
                        callee.as_deref(),
                        Some("traceback.format_exc" | "traceback.format_exception")
                    ) || (matches!(callee.as_deref(), Some("str" | "repr" | "format"))
                        && call.arguments.args.first().is_some_and(is_exception))
                }
                Expr::Attribute(attribute) => {
                    is_exception(&attribute.value)
                        && matches!(attribute.attr.id.as_str(), "args" | "message" | "msg")
                }
                Expr::FString(fstring) => fstring.value.f_strings().any(|f| {
                    f.elements
                        .interpolations()
                        .any(|i| is_exception(&i.expression))
                }),
                _ => false,
            };
            if leaks {
                self.found = Some(expr);
                return;
            }
            visitor::walk_expr(self, expr);
        }
    }
    let mut finder = Finder {
        context,
        exception,
        found: None,
    };
    finder.visit_expr(value);
    finder.found
}
