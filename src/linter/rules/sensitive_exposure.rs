//! `sensitive-exposure` (CWE-200): secrets written to logs or stdout,
//! exception text sent back in HTTP responses, Django `DEBUG = True` in a
//! settings module and Flask's `app.run(debug=True)`.
//!
//! Fixes (unsafe): the Flask debug flag is read from `FLASK_DEBUG`; a
//! response built from exception text gets a generic message and the
//! exception is logged through the module logger. Others are report-only.

use crate::linter::diagnostic::{Diagnostic, Edit, Fix};
use crate::linter::fix::importer::Importer;
use crate::linter::fix::indent::owns_its_lines;
use crate::linter::fix::statements::insert_lines_before;
use crate::linter::rules::secret_names::is_secret_name;
use crate::linter::syntax;
use crate::linter::traversal::{NodeRule, Walk};
use crate::model::Context;
use crate::model::rule::Rule;
use crate::parse::ast::{self, StringFlags};
use crate::parse::{Expr, Ranged, Stmt, TextRange, Visitor, visitor};
use crate::semantic::{BindingKind, Semantic};

/// The message a response gets instead of the exception text.
const GENERIC_MESSAGE: &str = "Internal server error";
/// The message instead, when the response states a status below 500
/// (skyline's expired-token answer is a 401, no server error).
const CLIENT_ERROR_MESSAGE: &str = "Request failed";

/// The rule, for the shared walk over a module.
pub fn node_rule<'a>(context: &'a Context<'a>) -> Box<dyn NodeRule<'a> + 'a> {
    Box::new(Finder {
        context,
        diagnostics: Vec::new(),
        flask_apps: flask_app_names(context),
        holders: Holders::new(),
        shadowed: Vec::new(),
        outer: Vec::new(),
    })
}

struct Finder<'c> {
    context: &'c Context<'c>,
    diagnostics: Vec<Diagnostic>,
    /// Module-level names bound to `flask.Flask(...)`.
    flask_apps: Vec<String>,
    /// Names in the current function bound to a container holding a secret.
    holders: Holders,
    /// Parameters of the enclosing functions: `def f(app): app.run(...)` is
    /// whatever the caller passed, not the module's app.
    shadowed: Vec<String>,
    /// Outside each `def` being walked: its holders, and how many names
    /// were shadowed.
    outer: Vec<(Holders, usize)>,
}

/// Local name → the secret-like name inside the container it holds
/// (`params = {"user": u, "password": pw}` → `params` → `password`).
type Holders = std::collections::HashMap<String, String>;

impl<'a> NodeRule<'a> for Finder<'a> {
    fn enter_stmt(&mut self, stmt: &'a Stmt) -> Walk {
        match stmt {
            Stmt::FunctionDef(def) => {
                if is_http_handler(def) && !is_staff_view(self.context, def) {
                    self.check_handler(&def.body, None);
                }
                let holders = std::mem::take(&mut self.holders);
                self.outer.push((holders, self.shadowed.len()));
                self.shadowed.extend(
                    def.parameters
                        .iter()
                        .map(|parameter| parameter.name().id.to_string()),
                );
            }
            Stmt::Assign(assign) => {
                self.record_holder(assign);
                self.check_flask_debug_config(assign);
            }
            _ => {}
        }
        Walk::Into
    }

    fn leave_stmt(&mut self, stmt: &'a Stmt) {
        if let Stmt::FunctionDef(_) = stmt
            && let Some((holders, shadowed)) = self.outer.pop()
        {
            self.shadowed.truncate(shadowed);
            self.holders = holders;
        }
    }

    fn enter_expr(&mut self, expr: &'a Expr) -> Walk {
        if let Expr::Call(call) = expr {
            self.check_output_call(call);
            self.check_flask_debug(call);
        }
        Walk::Into
    }

    fn finish(mut self: Box<Self>) -> Vec<Diagnostic> {
        // A demo app is meant to run in debug mode (`examples/quickminimal/run.py`).
        if !self.context.settings.is_example_code(self.context.path)
            && let Some(diagnostic) = django_debug(self.context)
        {
            self.diagnostics.push(diagnostic);
        }
        self.diagnostics
    }
}

impl Finder<'_> {
    /// Remembers `params = (user, password)` so that logging `params` counts.
    fn record_holder(&mut self, assign: &ast::StmtAssign) {
        let [Expr::Name(target)] = assign.targets.as_slice() else {
            return;
        };
        let is_container = matches!(
            &*assign.value,
            Expr::Tuple(_) | Expr::List(_) | Expr::Dict(_)
        );
        match secret_in_output(&assign.value, &self.holders, self.context.semantic)
            .filter(|_| is_container)
        {
            Some(secret) => {
                self.holders.insert(target.id.to_string(), secret);
            }
            None => {
                self.holders.remove(target.id.as_str());
            }
        }
    }

    /// `print(password)`, `logger.info("pw %s", password)`, `log.debug(f"{token}")`.
    fn check_output_call(&mut self, call: &ast::ExprCall) {
        let Some(sink) = output_sink(self.context, &call.func) else {
            return;
        };
        let arguments = call
            .arguments
            .args
            .iter()
            .chain(call.arguments.keywords.iter().map(|k| &k.value));
        for argument in arguments {
            if let Some(name) = secret_in_output(argument, &self.holders, self.context.semantic) {
                self.diagnostics.push(Diagnostic::new(
                    Rule::SensitiveExposure,
                    call.range(),
                    format!(
                        "`{name}` is written to {sink}; log that the secret was used, never its value"
                    ),
                ));
                return;
            }
        }
    }

    /// Whether `expr` is a name bound to a Flask application in this module.
    fn is_flask_app(&self, expr: &Expr) -> bool {
        matches!(expr, Expr::Name(receiver)
            if self.flask_apps.iter().any(|app| app == receiver.id.as_str())
                && !self.shadowed.iter().any(|p| p == receiver.id.as_str()))
    }

    /// `app.run(debug=True)`, `app.config.update(DEBUG=True)` for a Flask
    /// app of this module.
    fn check_flask_debug(&mut self, call: &ast::ExprCall) {
        let Expr::Attribute(attribute) = &*call.func else {
            return;
        };
        let (keyword, what) = match attribute.attr.id.as_str() {
            "run" if self.is_flask_app(&attribute.value) => ("debug", "runs with `debug=True`"),
            "update" | "from_mapping"
                if matches!(&*attribute.value, Expr::Attribute(config)
                    if config.attr.id.as_str() == "config" && self.is_flask_app(&config.value)) =>
            {
                ("DEBUG", "config sets `DEBUG=True`")
            }
            _ => return,
        };
        let Some(debug) = call.arguments.find_keyword(keyword) else {
            return;
        };
        self.report_flask_debug(debug.range, &debug.value, what);
    }

    /// `app.config["DEBUG"] = True`, `app.debug = True`.
    fn check_flask_debug_config(&mut self, assign: &ast::StmtAssign) {
        let [target] = assign.targets.as_slice() else {
            return;
        };
        let is_debug = match target {
            Expr::Attribute(attribute) => {
                attribute.attr.id.as_str() == "debug" && self.is_flask_app(&attribute.value)
            }
            Expr::Subscript(subscript) => {
                matches!(&*subscript.slice, Expr::StringLiteral(key) if key.value.to_str() == "DEBUG")
                    && matches!(&*subscript.value, Expr::Attribute(config)
                        if config.attr.id.as_str() == "config" && self.is_flask_app(&config.value))
            }
            _ => false,
        };
        if is_debug {
            self.report_flask_debug(assign.range, &assign.value, "sets `DEBUG = True`");
        }
    }

    fn report_flask_debug(&mut self, range: TextRange, value: &Expr, what: &str) {
        if !matches!(value, Expr::BooleanLiteral(b) if b.value)
            || self.context.settings.is_example_code(self.context.path)
        {
            return;
        }
        let mut diagnostic = Diagnostic::new(
            Rule::SensitiveExposure,
            range,
            format!(
                "Flask app {what}: the debugger exposes code and allows remote execution; read the flag from the environment"
            ),
        );
        diagnostic.try_set_fix(|| {
            let os = Importer::new(self.context).import_module("os");
            let mut edits = os.edits;
            edits.push(Edit::replacement(
                format!("{}.environ.get(\"FLASK_DEBUG\") == \"1\"", os.expr),
                value.range(),
            ));
            Some(Fix::unsafe_(
                "Enable debug only when `FLASK_DEBUG=1`",
                edits,
            ))
        });
        self.diagnostics.push(diagnostic);
    }

    /// Looks for `return <exception text>` in the body of a handler;
    /// `exception` is the innermost enclosing `except` block.
    fn check_handler(&mut self, body: &[Stmt], exception: Option<ExceptBlock>) {
        for stmt in body {
            match stmt {
                Stmt::Return(ret) => {
                    if let Some(value) = &ret.value {
                        self.check_response(stmt, value, exception);
                    }
                }
                Stmt::Try(try_stmt) => {
                    self.check_handler(&try_stmt.body, exception);
                    for handler in &try_stmt.handlers {
                        let ast::ExceptHandler::ExceptHandler(handler) = handler;
                        // `except HTTPException as e: return e`: the framework's
                        // own error response (a 404 or 401 with its stock text),
                        // not the program's internals.
                        if handler.type_.as_deref().is_some_and(|caught| {
                            catches_only_client_errors(caught)
                                || self.catches_werkzeug_errors(caught)
                        }) {
                            continue;
                        }
                        let block = ExceptBlock {
                            name: handler.name.as_ref().map(|n| n.id.as_str()),
                            binds_name: handler.type_.as_deref().zip(handler.name.as_ref()).map(
                                |(caught, name)| {
                                    crate::parse::TextRange::new(caught.end(), name.end())
                                },
                            ),
                            body: &handler.body,
                            catches_errors_for_clients: handler
                                .type_
                                .as_deref()
                                .is_some_and(|caught| self.catches_errors_for_clients(caught)),
                        };
                        self.check_handler(&handler.body, Some(block));
                    }
                    self.check_handler(&try_stmt.orelse, exception);
                    self.check_handler(&try_stmt.finalbody, exception);
                }
                Stmt::If(if_stmt) => {
                    self.check_handler(&if_stmt.body, exception);
                    for clause in &if_stmt.elif_else_clauses {
                        self.check_handler(&clause.body, exception);
                    }
                }
                Stmt::With(with) => self.check_handler(&with.body, exception),
                Stmt::For(for_stmt) => self.check_handler(&for_stmt.body, exception),
                Stmt::While(while_stmt) => self.check_handler(&while_stmt.body, exception),
                _ => {}
            }
        }
    }

    fn check_response(&mut self, stmt: &Stmt, value: &Expr, exception: Option<ExceptBlock>) {
        // `except ModeratedListException as e: return HttpResponse(str(e),
        // status=403)`: the project's own error (or a library's named as bad
        // input: `except BadArgument`), answered as the client's fault or as
        // an outcome (alerta's blackout: 202); its text is the message
        // written for the client.
        if exception.is_some_and(|block| block.catches_errors_for_clients)
            && (answers_without_server_error(value)
                || answers_with_client_error(self.context, value))
        {
            return;
        }
        let name = exception.and_then(|block| block.name);
        let mut leaks = Vec::new();
        collect_leaks(self.context, value, name, &mut leaks);
        let Some(first) = leaks.first() else { return };
        let mut diagnostic = Diagnostic::new(
            Rule::SensitiveExposure,
            first.range(),
            "HTTP response contains exception text; return a generic message and log the exception",
        );
        diagnostic.try_set_fix(|| {
            let ExceptBlock {
                name,
                binds_name,
                body: handler_body,
                catches_errors_for_clients,
            } = exception?;
            // `JSONResponse(str(e), http_status)` (horizon relays a client
            // error's status): which message fits is the author's call.
            if states_status_it_cannot_read(value) {
                return None;
            }
            // The project's own error, or a bad value's, not answered as
            // the server's: its text may be the message written for the
            // user (kenboard's password strength hint, `except ValueError
            // as e: return render_template(…, error=str(e))`).
            if catches_errors_for_clients && !answers_with_server_error(value) {
                return None;
            }
            // Each leak must be message text and nothing more: replacing
            // markup built around it (mara-db's `str(_.div(…)[str(e)]) +
            // str(_.script[…])`, a fallback drawing) would drop the page.
            if !leaks
                .iter()
                .all(|leak| is_message_text(self.context, leak, name))
            {
                return None;
            }
            // Only a return directly in the `except` block, on its own lines.
            if !handler_body.iter().any(|s| s.range() == stmt.range())
                || !owns_its_lines(self.context.source, stmt)
            {
                return None;
            }
            let quote = self.quote_of(value);
            let message = if answers_without_server_error(value) {
                CLIENT_ERROR_MESSAGE
            } else {
                GENERIC_MESSAGE
            };
            let mut edits: Vec<Edit> = leaks
                .iter()
                .map(|leak| Edit::replacement(format!("{quote}{message}{quote}"), leak.range()))
                .collect();
            // `except Exception as e:` whose only reads of `e` the fix
            // replaces: ` as e` goes too (an unused name, F841 to linters).
            if let (Some(name), Some(binds_name)) = (name, binds_name)
                && syntax::name_positions(handler_body, name)
                    .iter()
                    .all(|&read| leaks.iter().any(|leak| leak.range().contains(read)))
            {
                edits.push(Edit::deletion(binds_name));
            }
            if !logs_already(self.context, handler_body, name) {
                let logger = Importer::new(self.context).module_logger();
                let indent = self.context.source.indentation_at(stmt.start());
                let line = format!(
                    "{indent}{}.exception({quote}Request failed{quote})",
                    logger.expr
                );
                edits.extend(logger.edits);
                edits.push(insert_lines_before(self.context.source, stmt, &[line]));
            }
            Some(Fix::unsafe_(
                "Return a generic message and log the exception",
                edits,
            ))
        });
        self.diagnostics.push(diagnostic);
    }

    /// `except NotFound` with `NotFound` from `werkzeug.exceptions`: every
    /// class there is an HTTP error response with its stock text.
    fn catches_werkzeug_errors(&self, caught: &Expr) -> bool {
        let werkzeug = |expr: &Expr| {
            let semantic = self.context.semantic;
            if let Some(qualified) = semantic.resolve_qualified_name(expr) {
                return self.derives_from_werkzeug(&qualified, 0);
            }
            // A class of this module (`class NoApplicableCode(HTTPException)`).
            let module = self
                .context
                .module_name()
                .map_or("__main__", |(name, _)| name);
            matches!(expr, Expr::Name(name)
                if semantic
                    .binding_at(name.id.as_str(), name.start())
                    .is_some_and(|b| b.kind == BindingKind::ClassDefinition)
                    && self.derives_from_werkzeug(&format!("{module}.{}", name.id), 0))
        };
        every_caught_class(caught, werkzeug)
    }

    /// Whether the class `qualified` is one of werkzeug's HTTP errors or a
    /// project class derived from one (pywps's `NoApplicableCode`, which its
    /// handlers return as the WSGI response: a string there would not be one).
    fn derives_from_werkzeug(&self, qualified: &str, depth: usize) -> bool {
        if qualified.starts_with("werkzeug.exceptions.") {
            return true;
        }
        if depth > 8 {
            return false;
        }
        let Some((module, class_name)) = qualified.rsplit_once('.') else {
            return false;
        };
        let own_module = self.context.module_name().map(|(name, _)| name);
        let class = if own_module == Some(module) {
            self.context.own_facts().classes.get(class_name)
        } else {
            self.context.project().class(qualified)
        };
        class.is_some_and(|class| {
            class.bases.iter().any(|base| {
                // A base of the same module is named as written.
                let base = if base.contains('.') {
                    base.clone()
                } else {
                    format!("{module}.{base}")
                };
                self.derives_from_werkzeug(&base, depth + 1)
            })
        })
    }

    /// Whether every class `caught` names (one, or a tuple) is defined by
    /// the project (in this module, or in a module the project index knows),
    /// or is named as the client's bad input (`BadArgument`, `InvalidValue`:
    /// sievelib's errors, which modoboa answers with a 400).
    fn catches_errors_for_clients(&self, caught: &Expr) -> bool {
        let own = |expr: &Expr| {
            if names_client_error(expr) {
                return true;
            }
            let semantic = self.context.semantic;
            // A bad value's error (wealth-dashboard answers an unknown
            // `?profile=` with its `ValueError` and a 400).
            if semantic
                .resolve_qualified_name(expr)
                .is_some_and(|qualified| qualified == "ValueError")
            {
                return true;
            }
            if let Expr::Name(name) = expr
                && semantic
                    .binding_at(name.id.as_str(), name.start())
                    .is_some_and(|b| b.kind == BindingKind::ClassDefinition)
            {
                return true;
            }
            semantic
                .resolve_qualified_name(expr)
                .is_some_and(|qualified| self.context.project().defines_class(&qualified))
        };
        every_caught_class(caught, own)
    }

    /// The quote character of the first string literal in `expr`, else `"`.
    fn quote_of(&self, expr: &Expr) -> char {
        let mut finder = FirstQuote(None);
        finder.visit_expr(expr);
        finder.0.unwrap_or('"')
    }
}

/// `HTTPException`, `exceptions.HTTPException`, `(Http404, HTTPNotFound)`,
/// `ValidationError`: every class the handler catches is named as an HTTP
/// error response (werkzeug's, Django's `Http404`, aiohttp's `HTTPNotFound`)
/// or a validation error, whose text is meant for the client.
fn catches_only_client_errors(caught: &Expr) -> bool {
    let is_http = |expr: &Expr| {
        let Some(name) = syntax::last_name(expr) else {
            return false;
        };
        // A validation error's messages are written for the client
        // (Django's, DRF's, marshmallow's).
        if name.ends_with("ValidationError") {
            return true;
        }
        // A client's `HTTPError` (urllib, requests) carries the URL it
        // failed on: an error, not a response.
        !name.ends_with("Error")
            && (name.starts_with("HTTP")
                || name.starts_with("Http")
                || name.ends_with("HTTPException"))
    };
    every_caught_class(caught, is_http)
}

/// Whether `test` holds for the class an `except` names, or for every class
/// of the tuple it names (an empty tuple catches nothing).
fn every_caught_class(caught: &Expr, test: impl Fn(&Expr) -> bool) -> bool {
    match caught {
        Expr::Tuple(tuple) => !tuple.elts.is_empty() && tuple.elts.iter().all(test),
        other => test(other),
    }
}

/// `BadArgument`, `exceptions.InvalidValue`: a class named as the client's
/// error, its bad input (`Bad` or `Invalid` and a capitalised word) or a framework's
/// refusal, whose message is written for the client (Django's
/// `PermissionDenied`, askbot's "Please sign in…"; `Http404`, DRF's
/// `NotAuthenticated`).
fn names_client_error(expr: &Expr) -> bool {
    const REFUSALS: [&str; 6] = [
        "PermissionDenied",
        "Http404",
        "NotFound",
        "Forbidden",
        "NotAuthenticated",
        "AuthenticationFailed",
    ];
    let Some(name) = syntax::last_name(expr) else {
        return false;
    };
    REFUSALS.contains(&name)
        || ["Bad", "Invalid"].iter().any(|prefix| {
            name.strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()))
        })
}

/// An `except` block: the name it binds (`as exc`) and its statements.
#[derive(Clone, Copy)]
struct ExceptBlock<'s> {
    name: Option<&'s str>,
    /// ` as e` in `except Exception as e:`, when the handler names its exception.
    binds_name: Option<crate::parse::TextRange>,
    body: &'s [Stmt],
    /// Every class the handler catches is one the project defines, or one
    /// named as the client's bad input.
    catches_errors_for_clients: bool,
}

/// A response whose status is an expression remedy cannot read:
/// `status=code`, `JSONResponse(str(e), http_status)`.
fn states_status_it_cannot_read(value: &Expr) -> bool {
    let Expr::Call(call) = value else {
        return false;
    };
    let names_a_status = |expr: &Expr| {
        let Some(name) = syntax::last_name(expr) else {
            return false;
        };
        let lower = name.to_ascii_lowercase();
        (lower.contains("status") || lower.ends_with("code")) && !is_below_500(expr)
    };
    call.arguments.args.iter().skip(1).any(names_a_status)
        || status_keywords(call).any(names_a_status)
}

struct FirstQuote(Option<char>);

impl<'a> Visitor<'a> for FirstQuote {
    fn visit_expr(&mut self, expr: &'a Expr) {
        if self.0.is_some() {
            return;
        }
        match expr {
            Expr::StringLiteral(literal) => {
                self.0 = Some(literal.value.first_literal_flags().quote_style().as_char());
            }
            Expr::FString(fstring) => {
                if let Some(part) = fstring.value.iter().next() {
                    let quote = match part {
                        ast::FStringPart::Literal(literal) => literal.flags.quote_style(),
                        ast::FStringPart::FString(f) => f.flags.quote_style(),
                    };
                    self.0 = Some(quote.as_char());
                }
            }
            _ => visitor::walk_expr(self, expr),
        }
    }
}

/// Where a call writes to: `stdout` for `print`, `the log` for a logger method.
fn output_sink(context: &Context, func: &Expr) -> Option<&'static str> {
    if let Some(qualified) = context.semantic.resolve_qualified_name(func) {
        if qualified == "print" {
            return Some("stdout");
        }
        if qualified.starts_with("logging.") && is_log_method(qualified.rsplit('.').next()?) {
            return Some("the log");
        }
    }
    let Expr::Attribute(attribute) = func else {
        return None;
    };
    if !is_log_method(attribute.attr.id.as_str()) {
        return None;
    }
    let receiver = syntax::last_name(&attribute.value)?;
    is_logger_name(receiver).then_some("the log")
}

fn is_log_method(name: &str) -> bool {
    matches!(
        name,
        "debug" | "info" | "warning" | "warn" | "error" | "exception" | "critical" | "log"
    )
}

/// `logger`, `log`, `LOG`, `_logger`, `app_logger`, `self.logger`.
fn is_logger_name(name: &str) -> bool {
    let lower = name.trim_start_matches('_').to_lowercase();
    lower == "log" || lower.ends_with("logger") || lower.ends_with("_log")
}

/// The secret-like name an output argument shows, looking through strings
/// built from it (f-strings, `%`, `+`, `.format`, `str()`, containers) but
/// not through other calls (`len(password)`, `mask(token)`).
fn secret_in_output(expr: &Expr, holders: &Holders, semantic: &Semantic) -> Option<String> {
    match expr {
        Expr::Name(name) => {
            // `for token in styles:`: a loop variable over a collection is an
            // item of it, not a credential (lexers and parsers say `token`).
            let loop_item = semantic
                .binding_at(name.id.as_str(), name.start())
                .is_some_and(|b| {
                    matches!(
                        b.kind,
                        BindingKind::LoopTarget | BindingKind::ComprehensionTarget
                    )
                });
            let made_without_secret = name_made_without_secret(name, semantic)
                || holds_a_number(name, semantic)
                || holds_literal_text(name, semantic);
            if is_secret_name(&name.id) && !loop_item && !made_without_secret {
                return Some(name.id.to_string());
            }
            holders
                .get(name.id.as_str())
                // Read inside the message's backticks: "`password` in `params`".
                .map(|secret| format!("{secret}` in `{}", name.id))
        }
        Expr::Attribute(attribute) => {
            is_secret_name(&attribute.attr.id).then(|| attribute.attr.id.to_string())
        }
        Expr::Subscript(subscript) => match &*subscript.slice {
            Expr::StringLiteral(key) if is_secret_name(key.value.to_str()) => {
                Some(key.value.to_str().to_owned())
            }
            _ => None,
        },
        Expr::FString(fstring) => fstring.value.elements().find_map(|element| match element {
            ast::InterpolatedStringElement::Interpolation(field) => {
                secret_in_output(&field.expression, holders, semantic)
            }
            ast::InterpolatedStringElement::Literal(_) => None,
        }),
        Expr::BinOp(binop) => secret_in_output(&binop.left, holders, semantic)
            .or_else(|| secret_in_output(&binop.right, holders, semantic)),
        Expr::Tuple(tuple) => tuple
            .elts
            .iter()
            .find_map(|e| secret_in_output(e, holders, semantic)),
        Expr::List(list) => list
            .elts
            .iter()
            .find_map(|e| secret_in_output(e, holders, semantic)),
        Expr::Dict(dict) => dict.items.iter().find_map(|item| match &item.key {
            Some(Expr::StringLiteral(key))
                if is_secret_name(key.value.to_str()) && !counts_passes(dict, key) =>
            {
                secret_in_output(&item.value, holders, semantic).or_else(|| match &item.value {
                    value if is_made_without_secret(value) => None,
                    Expr::Name(name) if name_made_without_secret(name, semantic) => None,
                    Expr::NoneLiteral(_)
                    | Expr::StringLiteral(_)
                    | Expr::NumberLiteral(_)
                    | Expr::BooleanLiteral(_) => None,
                    _ => Some(key.value.to_str().to_owned()),
                })
            }
            _ => secret_in_output(&item.value, holders, semantic),
        }),
        Expr::Call(call) => {
            let is_text_conversion = match &*call.func {
                Expr::Name(name) => matches!(name.id.as_str(), "str" | "repr" | "format"),
                Expr::Attribute(attribute) => attribute.attr.id.as_str() == "format",
                _ => false,
            };
            if !is_text_conversion {
                return None;
            }
            call.arguments
                .args
                .iter()
                .chain(call.arguments.keywords.iter().map(|k| &k.value))
                .find_map(|e| secret_in_output(e, holders, semantic))
        }
        _ => None,
    }
}

/// Whether a response states a status that is no server error: `status=403`,
/// `status_code=400`, Flask's `(body, 202)`, Django's `HttpResponseForbidden(…)`,
/// or a dict (a view's JSON body, sent with a 200).
fn answers_without_server_error(value: &Expr) -> bool {
    match value {
        // A dict a view returns is its JSON body, sent with a 200
        // (wealth-dashboard's `{"points": [], "error": str(exc)}`).
        Expr::Dict(_) => true,
        Expr::Tuple(tuple) => tuple.elts.get(1).is_some_and(is_below_500),
        Expr::Call(call) => {
            let named = syntax::last_name(&call.func).unwrap_or_default();
            const CLIENT_ERRORS: [&str; 7] = [
                "BadRequest",
                "Forbidden",
                "NotFound",
                "Conflict",
                "Unauthorized",
                "NotAllowed",
                "Gone",
            ];
            (named.starts_with("HttpResponse") || named.starts_with("HTTP"))
                && CLIENT_ERRORS.iter().any(|error| named.ends_with(error))
                // `JSONResponse(str(e), 409)` (horizon's own response class).
                || call.arguments.args.iter().skip(1).any(|arg| {
                    matches!(arg, Expr::NumberLiteral(_)) && is_below_500(arg)
                })
                || status_keywords(call).any(is_below_500)
        }
        _ => false,
    }
}

/// Whether a response states a server error: `status=500`, Flask's
/// `(body, 503)`, `status.HTTP_500_INTERNAL_SERVER_ERROR`.
fn answers_with_server_error(value: &Expr) -> bool {
    let server_error = |expr: &Expr| match expr {
        Expr::NumberLiteral(number) => matches!(&number.value, ast::Number::Int(code)
            if code.as_u16().is_some_and(|code| (500..600).contains(&code))),
        other => syntax::last_name(other)
            .is_some_and(|name| name.starts_with("HTTP_5") || name == "INTERNAL_SERVER_ERROR"),
    };
    match value {
        Expr::Tuple(tuple) => tuple.elts.get(1).is_some_and(server_error),
        Expr::Call(call) => {
            call.arguments.args.iter().skip(1).any(server_error)
                || status_keywords(call).any(server_error)
        }
        _ => false,
    }
}

/// The values a call gives as `status=` or `status_code=`.
fn status_keywords(call: &ast::ExprCall) -> impl Iterator<Item = &Expr> {
    call.arguments
        .keywords
        .iter()
        .filter(|keyword| {
            keyword
                .arg
                .as_ref()
                .is_some_and(|arg| matches!(arg.as_str(), "status" | "status_code"))
        })
        .map(|keyword| &keyword.value)
}

/// A status from 100 to 499: a literal, a DRF or Starlette constant
/// (`status.HTTP_400_BAD_REQUEST`), or `HTTPStatus.BAD_REQUEST`.
fn is_below_500(expr: &Expr) -> bool {
    let below_500 = |code: u16| (100..500).contains(&code);
    let (name, receiver) = match expr {
        Expr::NumberLiteral(number) => {
            return matches!(&number.value, ast::Number::Int(code)
                if code.as_u16().is_some_and(below_500));
        }
        Expr::Name(name) => (name.id.as_str(), None),
        Expr::Attribute(attribute) => (attribute.attr.id.as_str(), Some(&*attribute.value)),
        _ => return false,
    };
    if let Some(code) = name
        .strip_prefix("HTTP_")
        .and_then(|rest| rest.get(..3))
        .and_then(|digits| digits.parse::<u16>().ok())
    {
        return below_500(code);
    }
    let http_status = matches!(receiver, Some(Expr::Name(n)) if n.id.as_str() == "HTTPStatus")
        || matches!(receiver, Some(Expr::Attribute(a)) if a.attr.id.as_str() == "HTTPStatus");
    const CLIENT_STATUSES: [&str; 14] = [
        "OK",
        "CREATED",
        "ACCEPTED",
        "NO_CONTENT",
        "BAD_REQUEST",
        "UNAUTHORIZED",
        "FORBIDDEN",
        "NOT_FOUND",
        "METHOD_NOT_ALLOWED",
        "CONFLICT",
        "GONE",
        "PRECONDITION_FAILED",
        "UNPROCESSABLE_ENTITY",
        "TOO_MANY_REQUESTS",
    ];
    http_status && CLIENT_STATUSES.contains(&name)
}

/// Djblets' `return DIFF_PARSE_ERROR, {'reason': str(e)}`: the error is a
/// constant of this module made with `http_status=` below 500.
fn answers_with_client_error(context: &Context, value: &Expr) -> bool {
    let Expr::Tuple(tuple) = value else {
        return false;
    };
    let Some(Expr::Name(error)) = tuple.elts.first() else {
        return false;
    };
    context
        .semantic
        .binding_at(error.id.as_str(), error.start())
        .filter(|binding| {
            binding.kind == BindingKind::Assignment
                && binding.scope == crate::semantic::ScopeId::MODULE
        })
        .and_then(|binding| binding.value)
        .is_some_and(|made| {
            matches!(made, Expr::Call(call) if call.arguments.keywords.iter().any(|keyword| {
                keyword.arg.as_ref().is_some_and(|arg| arg.as_str() == "http_status")
                    && is_below_500(&keyword.value)
            }))
        })
}

/// Methods whose result is named like a secret but holds none: oslo.context's
/// `RequestContext.to_policy_values()` (user, project, domain ids and roles:
/// the `credentials` an OpenStack service logs when a policy check fails).
const MADE_WITHOUT_SECRET: [&str; 1] = ["to_policy_values"];

/// `credentials = context.to_policy_values()` … `credentials`: named after
/// a secret, made by a call known to put none in it.
fn name_made_without_secret(name: &ast::ExprName, semantic: &Semantic) -> bool {
    semantic.every_reaching_binding(name, |b| {
        b.kind == BindingKind::Assignment && b.value.is_some_and(is_made_without_secret)
    })
}

/// `created_credentials = 0` … `+= 1`, `token = int(raw)`, `expected_token:
/// int`: a count or a sequence number named after what it counts (faraday's
/// CSV import, its debouncer's tokens), no secret.
fn holds_a_number(name: &ast::ExprName, semantic: &Semantic) -> bool {
    let number = |value: &Expr| match value {
        Expr::NumberLiteral(_) => true,
        Expr::Call(call) => {
            matches!(&*call.func, Expr::Name(f) if matches!(f.id.as_str(), "int" | "len" | "float"))
                && !semantic.is_bound("int")
        }
        _ => false,
    };
    semantic.every_reaching_binding(name, |b| match b.kind {
        BindingKind::Assignment | BindingKind::AugmentedAssignment => b.value.is_some_and(number),
        BindingKind::Parameter => matches!(b.stmt, Some(Stmt::FunctionDef(def))
        if def.parameters.iter().any(|parameter| {
            parameter.name().as_str() == name.id.as_str()
                && matches!(parameter.annotation(), Some(Expr::Name(annotation))
                    if matches!(annotation.id.as_str(), "int" | "float"))
        })),
        _ => false,
    })
}

/// `password = "password"` (impyla's stand-in when none was given) on every
/// path to the read: the program's own text, which hardcoded-credentials
/// judges where it is written.
fn holds_literal_text(name: &ast::ExprName, semantic: &Semantic) -> bool {
    semantic.every_reaching_binding(name, |b| {
        b.kind == BindingKind::Assignment
            && b.value
                .is_some_and(|value| matches!(value, Expr::StringLiteral(_)))
    })
}

/// Whether `expr` is a call of one of [`MADE_WITHOUT_SECRET`].
fn is_made_without_secret(expr: &Expr) -> bool {
    matches!(expr, Expr::Call(call) if matches!(&*call.func, Expr::Attribute(method)
        if MADE_WITHOUT_SECRET.contains(&method.attr.id.as_str())))
}

/// `{"pass": passes, "fail": failures}`: the key `pass` beside a failure
/// count counts what passed (swift's auditors), it holds no password.
fn counts_passes(dict: &ast::ExprDict, key: &ast::ExprStringLiteral) -> bool {
    key.value.to_str().eq_ignore_ascii_case("pass")
        && dict.items.iter().any(|item| {
            matches!(&item.key, Some(Expr::StringLiteral(other))
                if matches!(other.value.to_str().to_ascii_lowercase().as_str(),
                    "fail" | "failed" | "failure" | "failures" | "errors" | "skipped"))
        })
}

/// Whether a function is an HTTP handler: decorated as a route or view
/// (`@app.route`, `@bp.get`, `@api_view`, `@view_config`…) or taking a
/// `request` as its first parameter (Django, aiohttp, Pyramid).
fn is_http_handler(def: &ast::StmtFunctionDef) -> bool {
    let decorated = def.decorator_list.iter().any(|decorator| {
        let func = match &decorator.expression {
            Expr::Call(call) => &*call.func,
            other => other,
        };
        let Some(last) = syntax::last_name(func) else {
            return false;
        };
        matches!(
            last,
            "route"
                | "get"
                | "post"
                | "put"
                | "patch"
                | "delete"
                | "api_view"
                | "view_config"
                | "errorhandler"
        )
    });
    let takes_request = def
        .parameters
        .iter_non_variadic_params()
        .map(|p| p.name().id.as_str())
        .find(|name| *name != "self")
        == Some("request");
    decorated || takes_request
}

/// A view only the site's staff reach: decorated with Django's
/// `staff_member_required` (or a superuser or permission check), or handed
/// to the admin site's `admin_view` (django-admin-query-executor's query
/// console, whose error text is the staff member's only feedback on the
/// query they typed).
fn is_staff_view(context: &Context, def: &ast::StmtFunctionDef) -> bool {
    let decorated = def.decorator_list.iter().any(|decorator| {
        let func = match &decorator.expression {
            Expr::Call(call) => &*call.func,
            other => other,
        };
        syntax::last_name(func).is_some_and(|last| {
            matches!(
                last,
                "staff_member_required" | "superuser_required" | "permission_required"
            )
        })
    });
    let name = def.name.id.as_str();
    decorated
        || context.text().contains(&format!("admin_view(self.{name})"))
        || context.text().contains(&format!("admin_view({name})"))
}

/// Parts of a response value that carry exception text: `str(exc)`,
/// `repr(exc)`, `exc` or `exc.args` inside a string, `traceback.format_exc()`.
/// Containers (tuples, dicts, response constructors) are looked through so
/// that only the text is replaced and the response keeps its shape.
fn collect_leaks<'e>(
    context: &Context,
    expr: &'e Expr,
    exception: Option<&str>,
    leaks: &mut Vec<&'e Expr>,
) {
    match expr {
        Expr::Tuple(tuple) => tuple
            .elts
            .iter()
            .for_each(|e| collect_leaks(context, e, exception, leaks)),
        Expr::List(list) => list
            .elts
            .iter()
            .for_each(|e| collect_leaks(context, e, exception, leaks)),
        Expr::Dict(dict) => dict
            .items
            .iter()
            .for_each(|item| collect_leaks(context, &item.value, exception, leaks)),
        // `return await self.handle_exception(error)` (quart): what the
        // awaited call returns, judged as the call is.
        Expr::Await(awaited) => collect_leaks(context, &awaited.value, exception, leaks),
        Expr::Call(call) if !is_text_building_call(context, call) => {
            // A helper that receives the exception (`handle_error(exc)`)
            // decides itself what the client sees.
            if !is_response_constructor(&call.func) {
                return;
            }
            // The exception object itself handed to the project's own
            // response class (`ErrorResponse(request, exception=e)`): that
            // class decides what the client sees (allauth's reads the
            // validation messages), and a string in its place would break it.
            let own_class = !is_framework_call(context, &call.func);
            for argument in call
                .arguments
                .args
                .iter()
                .chain(call.arguments.keywords.iter().map(|k| &k.value))
            {
                let exception_object =
                    matches!(argument, Expr::Name(name) if Some(name.id.as_str()) == exception);
                if own_class && exception_object {
                    continue;
                }
                collect_leaks(context, argument, exception, leaks);
            }
        }
        _ => {
            if carries_exception_text(context, expr, exception) {
                leaks.push(expr);
            }
        }
    }
}

/// `jsonify`, `make_response`, `Response`, `HttpResponse…`, `JsonResponse`,
/// `web.json_response`, `render_template`, `dict`, `json.dumps`: calls that
/// build what the client receives from their arguments.
fn is_response_constructor(func: &Expr) -> bool {
    let Some(name) = syntax::last_name(func) else {
        return false;
    };
    matches!(
        name,
        "jsonify"
            | "make_response"
            | "json_response"
            | "render_template"
            | "render"
            | "dict"
            | "dumps"
    ) || name.ends_with("Response")
        || name.starts_with("HttpResponse")
        || name.starts_with("HTTP")
}

/// Whether `func` resolves into a web framework (`django.http.HttpResponse`,
/// `flask.jsonify`), whose response takes the text it is given.
fn is_framework_call(context: &Context, func: &Expr) -> bool {
    const FRAMEWORKS: &[&str] = &[
        "django",
        "flask",
        "werkzeug",
        "aiohttp",
        "starlette",
        "fastapi",
        "rest_framework",
        "tornado",
        "pyramid",
        "falcon",
        "bottle",
        "sanic",
        "quart",
        "webob",
        "json",
    ];
    context
        .semantic
        .resolve_qualified_name(func)
        .is_some_and(|qualified| {
            let package = qualified.split('.').next().unwrap_or_default();
            FRAMEWORKS.contains(&package)
        })
}

/// `str(...)`, `repr(...)`, `"...".format(...)`, `traceback.format_exc()`.
fn is_text_building_call(context: &Context, call: &ast::ExprCall) -> bool {
    if let Some(qualified) = context.semantic.resolve_qualified_name(&call.func)
        && matches!(
            qualified.as_str(),
            "str" | "repr" | "format" | "traceback.format_exc" | "traceback.format_exception"
        )
    {
        return true;
    }
    matches!(&*call.func, Expr::Attribute(a) if a.attr.id.as_str() == "format")
}

/// Whether `expr` mentions the exception (other than `exc.code`-like
/// attributes) or a traceback formatter anywhere inside it.
fn carries_exception_text(context: &Context, expr: &Expr, exception: Option<&str>) -> bool {
    let mut finder = ExceptionText {
        context,
        exception,
        found: false,
    };
    finder.visit_expr(expr);
    finder.found
}

struct ExceptionText<'c> {
    context: &'c Context<'c>,
    exception: Option<&'c str>,
    found: bool,
}

impl<'a> Visitor<'a> for ExceptionText<'_> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Name(name) if Some(name.id.as_str()) == self.exception => {
                self.found = true;
            }
            Expr::Attribute(attribute) if matches!(&*attribute.value, Expr::Name(n) if Some(n.id.as_str()) == self.exception) =>
            {
                // `exc.args`, `exc.message` are the text; `exc.code` is not.
                self.found |= matches!(
                    attribute.attr.id.as_str(),
                    "args" | "message" | "msg" | "strerror" | "detail" | "orig"
                );
            }
            Expr::Call(call)
                if self
                    .context
                    .semantic
                    .resolve_qualified_name(&call.func)
                    .is_some_and(|q| q.starts_with("traceback.format")) =>
            {
                self.found = true;
            }
            _ => visitor::walk_expr(self, expr),
        }
    }
}

/// Whether `expr` is text made of the exception's message and literals only
/// (`str(e)`, `f"failed: {e}"`, `"%s" % e`, `"…: " + repr(e)`,
/// `traceback.format_exc()`): a generic message can stand in for it. Text
/// built by any other call holds more than the message.
fn is_message_text(context: &Context, expr: &Expr, exception: Option<&str>) -> bool {
    let part = |expr: &Expr| is_message_text(context, expr, exception);
    match expr {
        Expr::Name(name) => Some(name.id.as_str()) == exception,
        Expr::Attribute(attribute) => part(&attribute.value),
        Expr::Subscript(subscript) => part(&subscript.value),
        Expr::StringLiteral(_) | Expr::NumberLiteral(_) => true,
        Expr::FString(fstring) => fstring.value.elements().all(|element| match element {
            ast::InterpolatedStringElement::Literal(_) => true,
            ast::InterpolatedStringElement::Interpolation(field) => part(&field.expression),
        }),
        Expr::BinOp(binop) => {
            matches!(binop.op, ast::Operator::Add | ast::Operator::Mod)
                && part(&binop.left)
                && part(&binop.right)
        }
        Expr::Tuple(tuple) => tuple.elts.iter().all(part),
        // `traceback.format_exc() if settings.DEBUG else "Internal Server Error"`
        Expr::If(choice) => part(&choice.body) && part(&choice.orelse),
        Expr::Call(call) => {
            let formats = matches!(&*call.func,
                Expr::Attribute(a) if a.attr.id.as_str() == "format" && part(&a.value));
            let builds_text = formats
                || context
                    .semantic
                    .resolve_qualified_name(&call.func)
                    .is_some_and(|qualified| {
                        matches!(qualified.as_str(), "str" | "repr" | "format")
                            || qualified.starts_with("traceback.format")
                    });
            builds_text
                && call.arguments.args.iter().all(part)
                && call.arguments.keywords.iter().all(|k| part(&k.value))
        }
        _ => false,
    }
}

/// Whether an `except` block already records the exception in the log:
/// `logger.exception(...)`, a log call with `exc_info=`, or one that
/// mentions the exception.
fn logs_already(context: &Context, body: &[Stmt], exception: Option<&str>) -> bool {
    let logs = |expr: &Expr| {
        let Expr::Call(call) = expr else {
            return false;
        };
        if output_sink(context, &call.func) != Some("the log") {
            return false;
        }
        let is_exception_method = matches!(&*call.func,
                Expr::Attribute(a) if a.attr.id.as_str() == "exception");
        let has_exc_info = call.arguments.find_keyword("exc_info").is_some();
        let mentions_exception = call
            .arguments
            .args
            .iter()
            .any(|arg| carries_exception_text(context, arg, exception));
        is_exception_method || has_exc_info || mentions_exception
    };
    body.iter().any(|stmt| syntax::any_expr_in(stmt, logs))
}

/// Names bound to a Flask application: `app = flask.Flask(...)` (in any
/// scope), or `app = create_app()` where `create_app` is a function of this
/// module that returns one. Resolved through imports, so a name that merely
/// reads `app` in a module importing flask is not one.
fn flask_app_names(context: &Context) -> Vec<String> {
    struct Collector<'c> {
        /// (target, value) of every simple assignment.
        assignments: Vec<(String, &'c Expr)>,
    }
    impl<'a> Visitor<'a> for Collector<'a> {
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            if let Stmt::Assign(assign) = stmt
                && let [Expr::Name(target)] = assign.targets.as_slice()
            {
                self.assignments
                    .push((target.id.to_string(), &assign.value));
            }
            visitor::walk_stmt(self, stmt);
        }
    }
    let mut collector = Collector {
        assignments: Vec::new(),
    };
    let mut factories: Vec<String> = Vec::new();
    for stmt in context.body() {
        collector.visit_stmt(stmt);
    }
    let is_flask_call = |value: &Expr| {
        matches!(value, Expr::Call(call) if context
            .semantic
            .resolve_qualified_name(&call.func)
            .as_deref()
            == Some("flask.Flask"))
    };
    let mut apps: Vec<String> = collector
        .assignments
        .iter()
        .filter(|(_, value)| is_flask_call(value))
        .map(|(name, _)| name.clone())
        .collect();
    // Factories: a module-level `def` that returns `Flask(...)` or a name it
    // bound to one.
    for stmt in context.body() {
        let Stmt::FunctionDef(def) = stmt else {
            continue;
        };
        let returns_app = def.body.iter().any(|inner| {
            matches!(inner, Stmt::Return(ret) if ret.value.as_deref().is_some_and(|value| {
                is_flask_call(value)
                    || matches!(value, Expr::Name(name) if apps.iter().any(|a| a == name.id.as_str())
                        && def.body.iter().any(|s| matches!(s, Stmt::Assign(a)
                            if matches!(a.targets.as_slice(), [Expr::Name(t)] if t.id == name.id)
                                && is_flask_call(&a.value))))
            }))
        });
        if returns_app {
            factories.push(def.name.id.to_string());
        }
    }
    for (name, value) in &collector.assignments {
        if let Expr::Call(call) = value
            && let Expr::Name(callee) = &*call.func
            && factories.iter().any(|f| f == callee.id.as_str())
            && context.semantic.is_module_definition(callee.id.as_str())
        {
            apps.push(name.clone());
        }
    }
    apps.sort();
    apps.dedup();
    apps
}

/// `DEBUG = True` at module level of a Django settings module: a file named
/// `settings.py`, any module of a `settings` package, or a module that sets
/// `INSTALLED_APPS`.
fn django_debug(context: &Context) -> Option<Diagnostic> {
    let is_settings_file = context.path.file_stem().is_some_and(|s| s == "settings")
        || context
            .path
            .parent()
            .and_then(|p| p.file_name())
            .is_some_and(|p| p == "settings");
    let sets_installed_apps = context.body().iter().any(|stmt| {
        matches!(stmt, Stmt::Assign(assign)
            if assign.targets.iter().any(|t| matches!(t, Expr::Name(n) if n.id.as_str() == "INSTALLED_APPS")))
    });
    if !is_settings_file && !sets_installed_apps {
        return None;
    }
    context.body().iter().find_map(|stmt| {
        let Stmt::Assign(assign) = stmt else {
            return None;
        };
        let [Expr::Name(target)] = assign.targets.as_slice() else {
            return None;
        };
        let is_true = matches!(&*assign.value, Expr::BooleanLiteral(b) if b.value);
        (target.id.as_str() == "DEBUG" && is_true).then(|| {
            Diagnostic::new(
                Rule::SensitiveExposure,
                stmt.range(),
                "`DEBUG = True` in Django settings shows stack traces and settings to every visitor; read it from the environment and keep it off in production",
            )
        })
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::model::rule::Rule;
    use crate::model::settings::Settings;
    use crate::parse::source::SourceFile;

    fn findings(path: &str, text: &str) -> usize {
        let settings = Settings::with_rules(&[Rule::SensitiveExposure]);
        crate::check_source(Path::new(path), &SourceFile::from_text(text), &settings)
            .unwrap()
            .len()
    }

    #[test]
    fn debug_true_is_reported_in_settings_modules_only() {
        assert_eq!(findings("proj/settings.py", "DEBUG = True\n"), 1);
        assert_eq!(findings("proj/settings/prod.py", "DEBUG = True\n"), 1);
        assert_eq!(findings("proj/tools.py", "DEBUG = True\n"), 0);
        assert_eq!(findings("proj/settings.py", "DEBUG = False\n"), 0);
    }
}
