//! `hardcoded-credentials` (CWE-259, CWE-798): passwords, tokens and keys
//! written into the source, and credentials inside connection URLs.

use crate::checker::Context;
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::fix::Importer;
use crate::parse::{Expr, Ranged, Stmt, Visitor, ast, visitor};
use crate::registry::Rule;
use crate::rules::secret_names::{env_var_name, is_secret_name, is_secret_value, mask};

pub fn check(context: &Context) -> Vec<Diagnostic> {
    let mut finder = Finder {
        context,
        module: module_name(context),
        diagnostics: Vec::new(),
    };
    for stmt in context.body() {
        finder.visit_stmt(stmt);
    }
    let mut diagnostics = finder.diagnostics;
    diagnostics.extend(check_urls(context));
    diagnostics
}

fn module_name(context: &Context) -> String {
    context
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

struct Finder<'c> {
    context: &'c Context<'c>,
    module: String,
    diagnostics: Vec<Diagnostic>,
}

/// The plain text of a string literal that is not an f-string or bytes.
fn literal(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::StringLiteral(string) => Some(string.value.to_str()),
        _ => None,
    }
}

/// The name a target, keyword or key gives a value: `DB_PASSWORD`, `self.db_pass` → `db_pass`.
fn target_name(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Name(name) => Some(name.id.as_str()),
        Expr::Attribute(attribute) => Some(attribute.attr.id.as_str()),
        Expr::StringLiteral(string) => Some(string.value.to_str()),
        Expr::Subscript(subscript) => literal(&subscript.slice),
        _ => None,
    }
}

impl Finder<'_> {
    /// A secret literal bound to `name`: reported with an unsafe fix reading it from the environment.
    fn secret(&mut self, name: &str, value: &Expr, what: &str) {
        let Some(text) = literal(value) else { return };
        if !is_secret_name(name) || !is_secret_value(text) {
            return;
        }
        let variable = env_var_name(name, &self.module);
        let mut diagnostic = Diagnostic::new(
            Rule::HardcodedCredentials,
            value.range(),
            format!(
                "Hard-coded {what} `{name}` (\"{}\"); read it from the environment variable `{variable}`",
                mask(text)
            ),
        );
        diagnostic.try_set_fix(|| {
            let os = Importer::new(self.context).import_module("os");
            let mut edits = os.edits;
            edits.push(Edit::replacement(
                format!("{}.environ[\"{variable}\"]", os.expr),
                value.range(),
            ));
            Some(Fix::unsafe_(
                format!("Read `{name}` from `os.environ[\"{variable}\"]`"),
                edits,
            ))
        });
        self.diagnostics.push(diagnostic);
    }

    /// `scheme://user:password@host/...` in a string literal.
    fn url(&mut self, value: &Expr, owner: Option<&str>) {
        let Expr::StringLiteral(string) = value else {
            return;
        };
        if string.value.is_implicit_concatenated() {
            return;
        }
        let text = string.value.to_str();
        let Some((password_start, password_end)) = url_password(text) else {
            return;
        };
        let password = &text[password_start..password_end];
        if !is_secret_value(password) {
            return;
        }
        let variable = match owner {
            Some(owner) if !owner.is_empty() => {
                let base = env_var_name(owner, &self.module);
                let base = ["_URL", "_URI", "_DSN"]
                    .iter()
                    .find_map(|s| base.strip_suffix(s))
                    .unwrap_or(&base)
                    .to_owned();
                format!("{base}_PASSWORD")
            }
            _ => "DATABASE_PASSWORD".to_owned(),
        };
        let mut diagnostic = Diagnostic::new(
            Rule::HardcodedCredentials,
            value.range(),
            format!(
                "Connection URL carries a hard-coded password (\"{}\"); read it from the environment variable `{variable}`",
                mask(password)
            ),
        );
        diagnostic.try_set_fix(|| {
            use ast::StringFlags as _;
            let part = string.value.iter().next()?;
            if part.flags.prefix().is_raw()
                || part.flags.is_triple_quoted()
                || text.contains(['{', '}', '\\'])
            {
                return None;
            }
            let outer = if part.flags.quote_style() == ast::str::Quote::Single {
                '\''
            } else {
                '"'
            };
            let inner = if outer == '"' { '\'' } else { '"' };
            let source = self.context.slice(value.range());
            // The literal's own text keeps its escapes; only the password is replaced.
            let body = &source[1..source.len() - 1];
            let password_in_source = body.find(&format!(":{password}@"))? + 1;
            let os = Importer::new(self.context).import_module("os");
            let rebuilt = format!(
                "f{outer}{}{{{}.environ[{inner}{variable}{inner}]}}{}{outer}",
                &body[..password_in_source],
                os.expr,
                &body[password_in_source + password.len()..]
            );
            if !crate::parse::is_valid_expression(&rebuilt) {
                return None;
            }
            let mut edits = os.edits;
            edits.push(Edit::replacement(rebuilt, value.range()));
            Some(Fix::unsafe_(
                format!("Take the URL's password from `os.environ[\"{variable}\"]`"),
                edits,
            ))
        });
        self.diagnostics.push(diagnostic);
    }
}

/// Byte range of the password in `scheme://user:password@host`.
fn url_password(text: &str) -> Option<(usize, usize)> {
    let scheme_end = text.find("://")?;
    let scheme = &text[..scheme_end];
    if scheme.is_empty()
        || !scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        return None;
    }
    let authority_start = scheme_end + 3;
    let rest = &text[authority_start..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let at = authority.rfind('@')?;
    let userinfo = &authority[..at];
    let colon = userinfo.find(':')?;
    let start = authority_start + colon + 1;
    let end = authority_start + at;
    (end > start).then_some((start, end))
}

impl<'a> Visitor<'a> for Finder<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::Assign(assign) => {
                for target in &assign.targets {
                    if let Some(name) = target_name(target) {
                        self.secret(name, &assign.value, "secret");
                    }
                }
            }
            Stmt::AnnAssign(assign) => {
                if let (Some(name), Some(value)) = (target_name(&assign.target), &assign.value) {
                    self.secret(name, value, "secret");
                }
            }
            Stmt::FunctionDef(def) => {
                for parameter in def.parameters.iter_non_variadic_params() {
                    if let Some(default) = &parameter.default {
                        self.secret(
                            parameter.parameter.name.id.as_str(),
                            default,
                            "default value for",
                        );
                    }
                }
            }
            _ => {}
        }
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Call(call) => {
                for keyword in &call.arguments.keywords {
                    if let Some(arg) = &keyword.arg {
                        self.secret(arg.id.as_str(), &keyword.value, "secret passed as");
                    }
                }
            }
            Expr::Dict(dict) => {
                for item in &dict.items {
                    if let Some(key) = item.key.as_ref().and_then(literal) {
                        self.secret(key, &item.value, "secret under the key");
                    }
                }
            }
            Expr::Compare(compare) => {
                if let ([op], [right]) = (&*compare.ops, &*compare.comparators)
                    && matches!(op, ast::CmpOp::Eq | ast::CmpOp::NotEq)
                {
                    for (name_side, value_side) in
                        [(&*compare.left, right), (right, &*compare.left)]
                    {
                        let (Some(name), Some(text)) = (
                            target_name(name_side)
                                .filter(|_| !matches!(name_side, Expr::StringLiteral(_))),
                            literal(value_side),
                        ) else {
                            continue;
                        };
                        if is_secret_name(name) && is_secret_value(text) {
                            self.diagnostics.push(Diagnostic::new(
                                    Rule::HardcodedCredentials,
                                    value_side.range(),
                                    format!("`{name}` is compared with a hard-coded secret (\"{}\"); compare against a stored hash or a secret from configuration", mask(text)),
                                ));
                        }
                    }
                }
            }
            _ => {}
        }
        visitor::walk_expr(self, expr);
    }
}

/// URLs anywhere: a second pass so the owner (assignment target) names the variable.
fn check_urls(context: &Context) -> Vec<Diagnostic> {
    let mut finder = Finder {
        context,
        module: module_name(context),
        diagnostics: Vec::new(),
    };
    let mut urls = UrlFinder {
        owner: None,
        found: Vec::new(),
    };
    for stmt in context.body() {
        urls.visit_stmt(stmt);
    }
    for (value, owner) in urls.found {
        finder.url(value, owner.as_deref());
    }
    finder.diagnostics
}

struct UrlFinder<'a> {
    owner: Option<String>,
    found: Vec<(&'a Expr, Option<String>)>,
}

impl<'a> Visitor<'a> for UrlFinder<'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        let owner = match stmt {
            Stmt::Assign(assign) => assign
                .targets
                .first()
                .and_then(target_name)
                .map(str::to_owned),
            Stmt::AnnAssign(assign) => target_name(&assign.target).map(str::to_owned),
            _ => None,
        };
        let previous = std::mem::replace(&mut self.owner, owner);
        visitor::walk_stmt(self, stmt);
        self.owner = previous;
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::StringLiteral(string) = expr {
            if url_password(string.value.to_str()).is_some() {
                self.found.push((expr, self.owner.clone()));
            }
            return;
        }
        if let Expr::Call(call) = expr {
            for keyword in &call.arguments.keywords {
                if let (Some(arg), Expr::StringLiteral(string)) = (&keyword.arg, &keyword.value)
                    && url_password(string.value.to_str()).is_some()
                {
                    self.found.push((&keyword.value, Some(arg.id.to_string())));
                }
            }
        }
        visitor::walk_expr(self, expr);
    }
}
