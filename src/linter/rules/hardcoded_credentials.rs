//! `hardcoded-credentials` (CWE-259, CWE-798): string literals that hold a
//! password, token or key: assigned to a secret-like name or attribute,
//! passed as a secret-like keyword, used as a parameter default or a dict
//! value under a secret-like key, compared against a secret-like name, or
//! embedded as the password of a connection URL.
//!
//! Also: literals passed where a known API takes a secret
//! (`jwt.encode(payload, "secret")`, data in `secret-parameters.toml`), and
//! literals shaped like a provider's key (`AKIA…`, `ghp_…`, a private key
//! block) wherever they appear.
//!
//! The fix (unsafe: the program now needs the variable set) reads the value
//! from `os.environ["<NAME>"]`; URLs are rebuilt as f-strings around the
//! environment lookup. It is offered only where the literal is evaluated
//! when the code runs: not in a parameter default, nor in a class body
//! evaluated at import. Messages show a masked value, never the literal.

use rustc_hash::FxHashMap;

use crate::linter::diagnostic::{Diagnostic, Edit, Fix};
use crate::linter::fix::importer::{Importer, module_level_import_of};
use crate::linter::rules::secret_names::{
    env_var_name, has_aws_key_format, is_passphrase, is_real_secret, is_real_secret_for,
    is_secret_name, looks_generated, masked, provider_key, segments,
};
use crate::linter::syntax;
use crate::linter::traversal::{NodeRule, Walk};
use crate::model::Context;
use crate::model::rule::Rule;
use crate::parse::ast::{self, StringFlags};
use crate::parse::{Expr, Ranged, Stmt, TextRange, TextSize};
use crate::semantic::{BindingKind, ScopeKind};

/// boto3's keyword for the access key id (the public half of an AWS key).
const AWS_KEY_ID: &str = "aws_access_key_id";

/// A known API's parameter that takes a secret.
#[derive(Debug, serde::Deserialize)]
struct SecretParameter {
    calls: Vec<String>,
    position: usize,
    keyword: String,
}

#[derive(Debug, serde::Deserialize)]
struct SecretParameters {
    api: Vec<SecretParameter>,
}

fn secret_parameters() -> &'static [SecretParameter] {
    static TABLE: std::sync::OnceLock<SecretParameters> = std::sync::OnceLock::new();
    &TABLE
        .get_or_init(|| {
            toml::from_str(include_str!(
                "../../../transforms/hardcoded-credentials/secret-parameters.toml"
            ))
            .expect("secret-parameters.toml is valid")
        })
        .api
}

/// The rule, for the shared walk over a module.
pub fn node_rule<'a>(context: &'a Context<'a>) -> Box<dyn NodeRule<'a> + 'a> {
    Box::new(Finder {
        context,
        findings: Vec::new(),
        url_context: FxHashMap::default(),
        in_function: false,
        in_class_body: false,
        outer: Vec::new(),
        followed: Vec::new(),
        examples: Vec::new(),
        percent_templates: Vec::new(),
        fallback_defaults: Vec::new(),
        library_module: std::cell::OnceCell::new(),
        in_main_block: false,
    })
}

/// `__name__ == "__main__"` (either way round).
fn is_main_guard(test: &Expr) -> bool {
    let Expr::Compare(compare) = test else {
        return false;
    };
    let is_name = |expr: &Expr| matches!(expr, Expr::Name(name) if name.id.as_str() == "__name__");
    let is_main =
        |expr: &Expr| matches!(expr, Expr::StringLiteral(s) if s.value.to_str() == "__main__");
    matches!((&compare.ops[..], &compare.comparators[..]), ([ast::CmpOp::Eq], [right])
        if (is_name(&compare.left) && is_main(right)) || (is_main(&compare.left) && is_name(right)))
}

/// `settings.py`, `config.py`, `conf.py`, `local_settings.py`,
/// `app_config.py`, any module of a `settings` or `config` package: where
/// a program keeps what each deployment sets, read when it starts.
/// Whether the package's `__init__.py` imports the module at `path`
/// (spider-db's `from .config import config`): its constants are read by
/// every `import` of the package, as a library's are.
fn imported_by_package_init(path: &std::path::Path) -> bool {
    let Some(stem) = path.file_stem().and_then(|stem| stem.to_str()) else {
        return false;
    };
    if stem == "__init__" {
        return false;
    }
    let Some(init) = path.parent().map(|folder| folder.join("__init__.py")) else {
        return false;
    };
    let Ok(text) = std::fs::read_to_string(&init) else {
        return false;
    };
    // Not Python remedy can read: the import cannot be told, so the fix
    // is not offered.
    let Ok(parsed) = crate::parse::parse_module(&text) else {
        return true;
    };
    let names_module = |dotted: &str| dotted == stem || dotted.ends_with(&format!(".{stem}"));
    fn imports(body: &[Stmt], names_module: &dyn Fn(&str) -> bool, stem: &str) -> bool {
        body.iter().any(|stmt| match stmt {
            Stmt::Import(import) => import
                .names
                .iter()
                .any(|alias| names_module(alias.name.id.as_str())),
            Stmt::ImportFrom(from) => {
                from.module
                    .as_ref()
                    .is_some_and(|module| names_module(module.id.as_str()))
                    || from
                        .names
                        .iter()
                        .any(|alias| alias.name.id.as_str() == stem)
            }
            Stmt::If(choice) => {
                imports(&choice.body, names_module, stem)
                    || choice
                        .elif_else_clauses
                        .iter()
                        .any(|clause| imports(&clause.body, names_module, stem))
            }
            Stmt::Try(attempt) => {
                imports(&attempt.body, names_module, stem)
                    || imports(&attempt.orelse, names_module, stem)
                    || attempt.handlers.iter().any(|handler| {
                        let ast::ExceptHandler::ExceptHandler(handler) = handler;
                        imports(&handler.body, names_module, stem)
                    })
            }
            _ => false,
        })
    }
    imports(parsed.body(), &names_module, stem)
}

fn is_settings_module(path: &std::path::Path) -> bool {
    const NAMES: [&str; 6] = [
        "settings",
        "config",
        "conf",
        "configuration",
        "cfg",
        "secrets",
    ];
    let named = |name: &str| {
        let lower = name.to_ascii_lowercase();
        segments(&lower)
            .iter()
            .any(|word| NAMES.contains(&word.as_str()))
    };
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let folder = path
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|p| p.to_str())
        .unwrap_or_default();
    named(stem) || named(folder)
}

/// Whether most string keys of `dict` (at least four of them) are phrases:
/// a catalogue of messages and their translations, not settings.
fn is_message_catalogue(dict: &ast::ExprDict) -> bool {
    let keys: Vec<&str> = dict
        .items
        .iter()
        .filter_map(|item| match &item.key {
            Some(Expr::StringLiteral(key)) => Some(key.value.to_str()),
            _ => None,
        })
        .collect();
    let phrases = keys.iter().filter(|key| key.trim().contains(' ')).count();
    keys.len() >= 4 && phrases * 2 > keys.len()
}

/// Where a hardcoded secret sits, and what to call its environment variable.
#[derive(Debug)]
enum Place {
    /// `DB_PASSWORD = "…"`, `self.db_pass = "…"`, `cfg["password"] = "…"`.
    Assigned { target: String },
    /// `connect(password="…")`.
    Keyword { keyword: String, callee: String },
    /// `def login(password="…")`.
    Default { parameter: String, function: String },
    /// `cfg.StrOpt("admin_password", default="…")`: a configuration
    /// option's default. Reported, not fixed: the fix is to drop the
    /// default, which every deployment relying on it must then set.
    OptionDefault { option: String },
    /// `{"password": "…"}`; `dict` is the name the dict is assigned to or
    /// stored under, if any.
    DictValue { key: String, dict: Option<String> },
    /// `if password == "…"`: reported, not fixed.
    Comparison { name: String },
    /// `jwt.encode(payload, "…")`: a known API's secret parameter.
    Argument { parameter: String, callee: String },
    /// `jwt.encode(payload, SECRET)` where `SECRET` is bound to a literal
    /// once (`SECRET = "…"`): reported at the argument, fixed where the
    /// literal is.
    ArgumentVia {
        parameter: String,
        callee: String,
        name: String,
        argument: TextRange,
    },
    /// `"AKIA…"` anywhere: a provider's key by its shape; `holder` is the
    /// name it is assigned to or passed as, if any.
    Shape {
        provider: &'static str,
        holder: Option<String>,
    },
    /// `"postgresql://user:…@host/db"`; `password` is the password's range
    /// in the source when the literal's text equals its value (no escapes).
    Url {
        base: String,
        password: Option<TextRange>,
    },
}

#[derive(Debug)]
struct Finding {
    place: Place,
    /// The whole literal expression.
    literal: TextRange,
    /// The secret itself (for URLs, the password only).
    secret: String,
    /// Facts about the literal's first part, for rebuilding it.
    quote: char,
    triple_quoted: bool,
    raw_prefix: Option<&'static str>,
    opener_len: TextSize,
    closer_len: TextSize,
    /// A bytes literal: reported without a fix.
    is_bytes: bool,
    /// Evaluated when the module or class is imported, or as a parameter
    /// default: an environment lookup there would run at import time.
    at_import: bool,
    env: String,
}

struct Finder<'c> {
    context: &'c Context<'c>,
    findings: Vec<Finding>,
    /// Literal start → the name it is assigned to / passed as, for naming
    /// the variable of a URL password.
    url_context: FxHashMap<TextSize, String>,
    /// Inside a function body (code that runs when called).
    in_function: bool,
    /// Directly in a class body outside any function (runs at import).
    in_class_body: bool,
    /// The two flags above outside each `def` or `class` body being walked.
    outer: Vec<(bool, bool)>,
    /// Literals reached through a name passed to a known API, kept apart
    /// until the walk is over: the literal may be reported on its own.
    followed: Vec<Finding>,
    /// Values documenting an example (see [`example_values`]): not walked.
    examples: Vec<crate::parse::TextRange>,
    /// String literals formatted with `%` (`"…://u:pw@%s/" % host`).
    percent_templates: Vec<TextRange>,
    /// Literals given as the fallback of a lookup (`config.get(key,
    /// "postgresql://u:pw@h/db")`, `os.getenv(name, …)`, `getattr(o, name,
    /// …)`): evaluated on every call, so reading the environment there
    /// would fail every deployment that sets the option (lemur's migration
    /// environment). Reported, not fixed.
    fallback_defaults: Vec<TextRange>,
    /// [`Finder::imported_as_library`], answered once.
    library_module: std::cell::OnceCell<bool>,
    /// Inside the module's `if __name__ == "__main__":` block.
    in_main_block: bool,
}

impl<'a> NodeRule<'a> for Finder<'a> {
    fn enter_stmt(&mut self, stmt: &'a Stmt) -> Walk {
        match stmt {
            // A docstring or bare string documents; an example URL in it is
            // not a credential the program uses.
            Stmt::Expr(expr) if matches!(&*expr.value, Expr::StringLiteral(_)) => {
                return Walk::Over;
            }
            // `assert config.password == "sikrit"`: a check of the code's own
            // wiring (asserts are stripped under `-O`), not a login.
            Stmt::Assert(_) => return Walk::Over,
            Stmt::Assign(assign) => {
                for target in &assign.targets {
                    self.check_assignment(target, &assign.value);
                }
            }
            Stmt::AnnAssign(assign) => {
                if let Some(value) = &assign.value {
                    self.check_assignment(&assign.target, value);
                }
            }
            // `if __name__ == "__main__":` runs when the module is run as
            // a script, not when it is imported.
            Stmt::If(choice) if !self.in_function && is_main_guard(&choice.test) => {
                self.in_main_block = true;
            }
            Stmt::FunctionDef(def) => {
                for parameter in def.parameters.iter_non_variadic_params() {
                    let name = parameter.name().id.as_str();
                    if let Some(default) = parameter.default() {
                        self.remember_context(default, name);
                        if is_secret_name(name) {
                            self.report_literal(
                                default,
                                Place::Default {
                                    parameter: name.to_owned(),
                                    function: def.name.id.to_string(),
                                },
                            );
                        }
                    }
                }
            }
            _ => {}
        }
        Walk::Into
    }

    fn leave_stmt(&mut self, stmt: &'a Stmt) {
        if let Stmt::If(choice) = stmt
            && !self.in_function
            && is_main_guard(&choice.test)
        {
            self.in_main_block = false;
        }
    }

    // Decorators, defaults, annotations and bases run where the `def` or
    // `class` is; a function body runs when called, a class body at import
    // (unless the class is defined inside a function).
    fn enter_body(&mut self, owner: &'a Stmt) {
        self.outer.push((self.in_function, self.in_class_body));
        match owner {
            Stmt::FunctionDef(_) => (self.in_function, self.in_class_body) = (true, false),
            _ => self.in_class_body = !self.in_function,
        }
    }

    fn leave_body(&mut self, _owner: &'a Stmt) {
        if let Some(outer) = self.outer.pop() {
            (self.in_function, self.in_class_body) = outer;
        }
    }

    fn enter_expr(&mut self, expr: &'a Expr) -> Walk {
        if self.examples.contains(&expr.range()) {
            return Walk::Over;
        }
        self.examples.extend(example_values(expr));
        match expr {
            Expr::Call(call) => {
                if let Some(fallback) = lookup_fallback(call) {
                    self.fallback_defaults.push(fallback.range());
                }
                self.check_keywords(call);
            }
            Expr::Dict(dict) => self.check_dict(dict),
            Expr::Compare(compare) => self.check_comparison(compare),
            Expr::BinOp(ast::ExprBinOp {
                left,
                op: ast::Operator::Mod,
                ..
            }) if left.is_string_literal_expr() => self.percent_templates.push(left.range()),
            Expr::StringLiteral(literal) => {
                self.check_url(literal);
                self.check_shape(literal);
            }
            _ => {}
        }
        Walk::Into
    }

    fn finish(self: Box<Self>) -> Vec<Diagnostic> {
        let context = self.context;
        let mut findings = self.findings;
        // A literal already reported where it is (`SECRET_KEY = "…"`), or
        // passed through its name more than once, is reported once.
        for finding in self.followed {
            if !findings.iter().any(|f| f.literal == finding.literal) {
                findings.push(finding);
            }
        }
        // In examples and docs, settings are placeholders written to be
        // replaced (`SECRET_KEY = "thisismysecretkey"`): only a value shaped
        // like a live secret is reported there (a provider's key, a
        // generated-looking password).
        if context.settings.is_example_code(context.path) {
            findings.retain(Finding::looks_live);
        }
        findings.sort_by_key(|finding| finding.reported_at().start());
        assign_env_names(&mut findings, &module_name(context.path));
        findings
            .into_iter()
            .map(|finding| finding.into_diagnostic(context))
            .collect()
    }
}

impl Finder<'_> {
    /// Remembers the name a string or dict literal is bound to (a URL's
    /// variable, a dict's name); other values need no context.
    fn remember_context(&mut self, value: &Expr, name: &str) {
        if matches!(value, Expr::StringLiteral(_) | Expr::Dict(_)) {
            self.url_context.insert(value.start(), name.to_owned());
        }
    }

    fn check_assignment(&mut self, target: &Expr, value: &Expr) {
        let Some(name) = target_name(target) else {
            return;
        };
        self.remember_context(value, &name);
        if is_secret_name(&name) {
            self.report_literal(value, Place::Assigned { target: name });
        }
    }

    /// `jwt.encode(payload, "…")`, `HTTPBasicAuth(user, "…")`: a literal
    /// where a known API takes a secret, by position or keyword.
    fn check_known_api(&mut self, call: &ast::ExprCall) {
        let Some(qualified) = self.context.semantic.resolve_qualified_name(&call.func) else {
            return;
        };
        let Some(api) = secret_parameters()
            .iter()
            .find(|api| api.calls.contains(&qualified))
        else {
            return;
        };
        let positional = call
            .arguments
            .args
            .iter()
            .take(api.position + 1)
            .all(|arg| !matches!(arg, Expr::Starred(_)));
        let value = call
            .arguments
            .args
            .get(api.position)
            .filter(|_| positional)
            .or_else(|| {
                call.arguments
                    .find_keyword(&api.keyword)
                    .map(|keyword| &keyword.value)
            });
        if let Some(value) = value {
            // `jwt.encode` → `JWT_KEY`; `requests.auth.HTTPBasicAuth` → `REQUESTS_PASSWORD`.
            let callee = qualified.split('.').next().unwrap_or_default().to_owned();
            let parameter = api.keyword.clone();
            match value {
                Expr::Name(name) => self.follow_name(name, parameter, callee),
                _ => self.report_literal(value, Place::Argument { parameter, callee }),
            }
        }
    }

    /// `jwt.encode(payload, SECRET)`: when the one binding of `SECRET` that
    /// reaches the call is `SECRET = "…"` (and nothing else in its scope
    /// binds the name), the literal is the secret the API gets. Reported at
    /// the argument; the literal itself is rewritten by the fix.
    fn follow_name(&mut self, name: &ast::ExprName, parameter: String, callee: String) {
        let semantic = self.context.semantic;
        let Some(binding) = semantic.binding_at(name.id.as_str(), name.start()) else {
            return;
        };
        if binding.kind != BindingKind::Assignment {
            return;
        }
        let Some(value) = binding.value else { return };
        let only_binding = semantic
            .bindings()
            .filter(|(_, other)| other.scope == binding.scope && other.name == binding.name)
            .count()
            == 1;
        // `SECRET = KEY = "…"` or an annotated assignment: the value is the literal itself.
        let direct = matches!(binding.stmt, Some(Stmt::Assign(assign)) if std::ptr::eq(&*assign.value, value))
            || matches!(binding.stmt, Some(Stmt::AnnAssign(assign)) if assign.value.as_deref().is_some_and(|v| std::ptr::eq(v, value)));
        if !only_binding || !direct {
            return;
        }
        let place = Place::ArgumentVia {
            parameter: parameter.clone(),
            callee,
            name: name.id.to_string(),
            argument: name.range,
        };
        let mut finding = match value {
            Expr::StringLiteral(literal) => Finding::new(literal, place),
            Expr::BytesLiteral(literal) => Finding::new_bytes(literal, place),
            _ => return,
        };
        if !is_real_secret_for(&parameter, &finding.secret)
            || (parameter == AWS_KEY_ID && !has_aws_key_format(&parameter, &finding.secret))
        {
            return;
        }
        // A class attribute is evaluated at import, and so is a library
        // module's constant.
        finding.at_import = match semantic.scope(binding.scope).kind {
            ScopeKind::Class => true,
            ScopeKind::Module => self.imported_as_library(),
            _ => false,
        };
        self.followed.push(finding);
    }

    /// `"AKIA…"`, `"ghp_…"`, a private key block: a provider's key by shape.
    fn check_shape(&mut self, literal: &ast::ExprStringLiteral) {
        if self.findings.iter().any(|f| f.literal == literal.range) {
            return;
        }
        let Some(provider) = provider_key(literal.value.to_str()) else {
            return;
        };
        let holder = self.url_context.get(&literal.start()).cloned();
        let mut finding = Finding::new(literal, Place::Shape { provider, holder });
        finding.at_import = self.at_import();
        self.findings.push(finding);
    }

    /// Whether the code being walked runs when the module is imported
    /// (see [`Finding::at_import`]).
    fn at_import(&self) -> bool {
        self.in_class_body
            || (!self.in_function && !self.in_main_block && self.imported_as_library())
    }

    /// Whether the module's own code runs when another module imports it,
    /// and reading the environment there is no one's intent: a module of
    /// a package (its folder holds `__init__.py`) that is no settings or
    /// configuration module. data-diff's `tracking.TOKEN` read from the
    /// environment made `import data_diff` fail wherever it is unset; a
    /// script's or a settings module's constants are read where and when
    /// the program starts, which is what the fix is for.
    fn imported_as_library(&self) -> bool {
        *self.library_module.get_or_init(|| {
            let path = self.context.path;
            let in_package = path
                .parent()
                .is_some_and(|folder| folder.join("__init__.py").is_file());
            in_package && (!is_settings_module(path) || imported_by_package_init(path))
        })
    }

    fn check_keywords(&mut self, call: &ast::ExprCall) {
        self.check_known_api(call);
        self.check_option_default(call);
        for keyword in &call.arguments.keywords {
            let Some(arg) = &keyword.arg else { continue };
            let name = arg.id.as_str();
            self.remember_context(&keyword.value, name);
            // An access key id is no secret by its name, only in the key's
            // format (`"AKIA…"`, even partly masked).
            let key_id = name == AWS_KEY_ID
                && match &keyword.value {
                    // A real key is reported by its shape (and to be rotated).
                    Expr::StringLiteral(literal) => {
                        has_aws_key_format(name, literal.value.to_str())
                            && provider_key(literal.value.to_str()).is_none()
                    }
                    value => value.is_name_expr(),
                };
            if is_secret_name(name) || key_id {
                let callee = self.callee_qualifier(&call.func);
                if let Expr::Name(held) = &keyword.value {
                    // `connect(password=DB_PW)` with `DB_PW = "…"` bound once.
                    self.follow_name(held, name.to_owned(), callee);
                    continue;
                }
                self.report_literal(
                    &keyword.value,
                    Place::Keyword {
                        keyword: name.to_owned(),
                        callee,
                    },
                );
                if self.overridden_later(call)
                    && let Some(finding) = self
                        .findings
                        .iter_mut()
                        .find(|finding| finding.literal == keyword.value.range())
                {
                    finding.at_import = true;
                }
            }
        }
    }

    /// `app.config.from_mapping(SECRET_KEY="dev", …)` followed, in the same
    /// function, by another load into `app.config` (`from_pyfile`,
    /// `update(test_config)`, …): the value is a development default the
    /// deployment's configuration replaces (the Flask tutorial's
    /// `create_app`). Read from the environment instead, it would be
    /// required even where that configuration sets it: no fix.
    fn overridden_later(&self, call: &ast::ExprCall) -> bool {
        const LOADS: [&str; 7] = [
            "from_mapping",
            "update",
            "from_pyfile",
            "from_object",
            "from_envvar",
            "from_file",
            "from_prefixed_env",
        ];
        let Expr::Attribute(method) = &*call.func else {
            return false;
        };
        if !LOADS.contains(&method.attr.id.as_str())
            || !matches!(&*method.value, Expr::Attribute(config) if config.attr.id.as_str() == "config")
        {
            return false;
        }
        let config = self.context.slice(method.value.range());
        let body = match self.context.semantic.function_at(call.start()) {
            Some(function) => &function.body[..],
            None => self.context.body(),
        };
        body.iter()
            .filter(|stmt| stmt.start() > call.end())
            .any(|stmt| {
                syntax::any_expr_in(stmt, |expr| {
                    matches!(expr, Expr::Call(later)
                        if matches!(&*later.func, Expr::Attribute(load)
                            if LOADS.contains(&load.attr.id.as_str())
                                && self.context.slice(load.value.range()) == config))
                })
            })
    }

    /// `cfg.StrOpt("admin_password", default="…")`, skyline's
    /// `Opt(name="secret_key", default="…")`: an option of oslo.config
    /// (its `Opt` classes) or of a look-alike, named after a secret, whose
    /// default is a literal. Every deployment that does not set the option
    /// runs with that secret.
    fn check_option_default(&mut self, call: &ast::ExprCall) {
        if !syntax::last_name(&call.func).is_some_and(|class| class.ends_with("Opt")) {
            return;
        }
        let name = call.arguments.args.first().or_else(|| {
            call.arguments
                .find_keyword("name")
                .map(|keyword| &keyword.value)
        });
        let Some(Expr::StringLiteral(option)) = name else {
            return;
        };
        let Some(default) = call.arguments.find_keyword("default") else {
            return;
        };
        // oslo.config spells options with dashes or underscores alike. Its
        // `secret=True` only hides a value from logs: URLs without
        // credentials (`"rabbit://"`) are declared so too.
        let option = option.value.to_str().replace('-', "_");
        if is_secret_name(&option) {
            self.report_literal(&default.value, Place::OptionDefault { option });
        }
    }

    /// `psycopg2.connect` → `psycopg2`; `Client` → `Client`; `self.api.login` → `login`.
    fn callee_qualifier(&self, func: &Expr) -> String {
        if let Some(qualified) = self.context.semantic.resolve_qualified_name(func)
            && let Some(root) = qualified.split('.').find(|part| !part.is_empty())
        {
            return root.to_owned();
        }
        syntax::last_name(func).unwrap_or_default().to_owned()
    }

    fn check_dict(&mut self, dict: &ast::ExprDict) {
        let dict_name = self.url_context.get(&dict.start()).cloned();
        // `PG_COLUMN_NAME = {"PASSWORD": "rolpassword"}` (pgbedrock): a map
        // whose name says it holds columns or fields holds names.
        let maps_to_names = dict_name.as_deref().is_some_and(|name| {
            segments(name).iter().any(|word| {
                matches!(
                    word.as_str(),
                    "column" | "columns" | "field" | "fields" | "attribute" | "attributes"
                )
            })
        });
        // `{"Password": "Passwort", "API key": "API-Schlüssel", …}`
        // (wealth-dashboard's `lang/de.py`): keys that are phrases make a
        // catalogue of messages and their translations.
        if is_message_catalogue(dict) {
            return;
        }
        for item in &dict.items {
            let Some(Expr::StringLiteral(key)) = &item.key else {
                continue;
            };
            let key = key.value.to_str();
            self.remember_context(&item.value, key);
            let names_a_column = maps_to_names
                && matches!(&item.value, Expr::StringLiteral(value)
                    if value.value.to_str().chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
            if is_secret_name(key) && !names_a_column {
                self.report_literal(
                    &item.value,
                    Place::DictValue {
                        key: key.to_owned(),
                        dict: dict_name.clone(),
                    },
                );
            }
        }
    }

    fn check_comparison(&mut self, compare: &ast::ExprCompare) {
        // `a == b == "…"` compares neighbours: each pair on its own.
        let operands: Vec<&Expr> = std::iter::once(&*compare.left)
            .chain(compare.comparators.iter())
            .collect();
        for (op, pair) in compare.ops.iter().zip(operands.windows(2)) {
            if matches!(op, ast::CmpOp::Eq | ast::CmpOp::NotEq) {
                self.check_compared_pair(pair[0], pair[1]);
            }
        }
        // `password == confirm == "…"`: every operand of an all-`==` chain
        // equals the literal.
        if operands.len() > 2 && compare.ops.iter().all(|op| matches!(op, ast::CmpOp::Eq)) {
            for name_side in &operands {
                for literal_side in &operands {
                    if matches!(literal_side, Expr::StringLiteral(_))
                        && !matches!(name_side, Expr::StringLiteral(_))
                    {
                        self.check_compared_pair(name_side, literal_side);
                    }
                }
            }
        }
    }

    fn check_compared_pair(&mut self, left: &Expr, right: &Expr) {
        for (name_side, literal_side) in [(left, right), (right, left)] {
            let value = match literal_side {
                Expr::StringLiteral(literal) => literal.value.to_str().to_owned(),
                Expr::BytesLiteral(literal) => {
                    String::from_utf8_lossy(&literal.value.bytes().collect::<Vec<u8>>())
                        .into_owned()
                }
                _ => continue,
            };
            let value = value.as_str();
            // Short values (`user_pass == "git"`) are markers, not passwords.
            // Lexers compare `token` with keywords and punctuation all day:
            // there only a value mixed of letters and digits is a secret.
            let plausible = |name: &str| {
                value.chars().count() >= 4 && (name != "token" || looks_generated(value))
            };
            let Some(name) = target_name(name_side).filter(|name| is_secret_name(name)) else {
                continue;
            };
            if !plausible(&name) {
                continue;
            }
            if let Expr::StringLiteral(literal) = literal_side
                && name != "token"
                && is_passphrase(value)
            {
                // `password == "this cool password"`: a passphrase; spaces
                // make other held values messages, not here.
                self.push_literal(literal, Place::Comparison { name });
            } else {
                self.report_literal(literal_side, Place::Comparison { name });
            }
        }
    }

    fn check_url(&mut self, literal: &ast::ExprStringLiteral) {
        if self.findings.iter().any(|f| f.literal == literal.range) {
            return;
        }
        let value = literal.value.to_str();
        let Some(url) = find_url_password(value) else {
            return;
        };
        // `redis://[username:password]@host` (an optional part, in help
        // text), `<user>:<password>`: the words stand for a password.
        let password = value[url.password.clone()].trim_matches(|c| "[]<>{}()".contains(c));
        if !is_real_secret(password) {
            return;
        }
        // `help="… Example: rabbit://user:pass@host1:port1"` (ceilometer's
        // option help), `db.example.com`: a URL shown as an example.
        let lower = value.to_lowercase();
        if lower.contains("example") || lower.contains("e.g.") {
            return;
        }
        let base = self
            .url_context
            .get(&literal.start())
            .map(|name| url_base_name(name))
            .filter(|base| !base.is_empty())
            .unwrap_or_else(|| url.scheme.clone());
        // A template formatted with `%` would read the percent-encoded
        // password's `%40` as a conversion (LinOTP's logout URL): no fix.
        let formatted = self.percent_templates.contains(&literal.range);
        let fallback = self.fallback_defaults.contains(&literal.range);
        let source_range = single_part_offset(self.context, literal)
            .filter(|_| !formatted && !fallback)
            .map(|content_start| {
                TextRange::new(
                    content_start + TextSize::try_from(url.password.start).unwrap_or_default(),
                    content_start + TextSize::try_from(url.password.end).unwrap_or_default(),
                )
            });
        let mut finding = Finding::new(
            literal,
            Place::Url {
                base,
                password: source_range,
            },
        );
        finding.secret = password.to_owned();
        finding.at_import = self.at_import();
        self.findings.push(finding);
    }

    /// Reports `literal` as it is, once.
    fn push_literal(&mut self, literal: &ast::ExprStringLiteral, place: Place) {
        if self.findings.iter().any(|f| f.literal == literal.range) {
            return;
        }
        let mut finding = Finding::new(literal, place);
        finding.at_import = self.at_import();
        self.findings.push(finding);
    }

    /// Reports `value` if it is a string literal holding a real secret.
    fn report_literal(&mut self, value: &Expr, place: Place) {
        let holder = match &place {
            Place::Assigned { target } => Some(target.as_str()),
            Place::Keyword { keyword, .. } => Some(keyword.as_str()),
            Place::OptionDefault { option } => Some(option.as_str()),
            Place::Default { parameter, .. }
            | Place::Argument { parameter, .. }
            | Place::ArgumentVia { parameter, .. } => Some(parameter.as_str()),
            Place::DictValue { key, .. } => Some(key.as_str()),
            Place::Comparison { name } => Some(name.as_str()),
            Place::Url { .. } | Place::Shape { .. } => None,
        }
        .map(str::to_owned);
        let at_import = self.at_import()
            || matches!(place, Place::Default { .. } | Place::OptionDefault { .. });
        let mut finding = match value {
            Expr::StringLiteral(literal) => Finding::new(literal, place),
            Expr::BytesLiteral(literal) => Finding::new_bytes(literal, place),
            _ => return,
        };
        finding.at_import = at_import;
        let real = match &holder {
            Some(holder) => is_real_secret_for(holder, &finding.secret),
            None => is_real_secret(&finding.secret),
        };
        if !real || self.findings.iter().any(|f| f.literal == finding.literal) {
            return;
        }
        self.findings.push(finding);
    }
}

/// The name a target or operand denotes: `x`, `self.x` → `x`,
/// `cfg["x"]` → `x`.
/// The values a dict or call gives under a key or keyword naming an
/// example (`"example": {"access_token": "eyJ…"}` in an OpenAPI schema,
/// superset's `"connection_examples": [{"connection_string": …}]`,
/// `Field(examples=[…])`), or under a `help=`/`description=` keyword (an
/// option's help text): documentation of what a value looks like, not a
/// credential the program uses.
fn example_values(expr: &Expr) -> Vec<crate::parse::TextRange> {
    let names_example = |name: &str| name.to_ascii_lowercase().contains("example");
    match expr {
        Expr::Dict(dict) => dict
            .items
            .iter()
            .filter(|item| {
                matches!(&item.key, Some(Expr::StringLiteral(key)) if names_example(key.value.to_str()))
            })
            .map(|item| item.value.range())
            .collect(),
        // `Opt(description="… 'mysql://root:root@localhost/skyline'")`
        // (skyline's settings): an option's help text shows an example.
        Expr::Call(call) => call
            .arguments
            .keywords
            .iter()
            .filter(|keyword| {
                keyword.arg.as_ref().is_some_and(|arg| {
                    names_example(arg.as_str()) || matches!(arg.as_str(), "help" | "description")
                })
            })
            .map(|keyword| keyword.value.range())
            .collect(),
        _ => Vec::new(),
    }
}

fn target_name(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Name(name) => Some(name.id.to_string()),
        Expr::Attribute(attribute) => Some(attribute.attr.id.to_string()),
        Expr::Subscript(subscript) => match &*subscript.slice {
            Expr::StringLiteral(key) => Some(key.value.to_str().to_owned()),
            _ => None,
        },
        _ => None,
    }
}

/// Start of the content of a literal made of one part whose source text
/// equals its value (no escapes, so value offsets are source offsets).
fn single_part_offset(context: &Context, literal: &ast::ExprStringLiteral) -> Option<TextSize> {
    if literal.value.is_implicit_concatenated() {
        return None;
    }
    let part = literal.value.iter().next()?;
    let start = part.start() + part.flags.opener_len();
    let end = part.end() - part.flags.closer_len();
    (context.slice(TextRange::new(start, end)) == part.value.as_ref()).then_some(start)
}

/// Where the password of the first `scheme://user:password@host` URL in
/// `value` is.
struct UrlPassword {
    scheme: String,
    password: std::ops::Range<usize>,
}

fn find_url_password(value: &str) -> Option<UrlPassword> {
    let separator = value.find("://")?;
    let scheme_start = value[..separator]
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-')))
        .map_or(0, |(index, c)| index + c.len_utf8());
    let scheme = &value[scheme_start..separator];
    if !scheme.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let authority_start = separator + 3;
    let rest = &value[authority_start..];
    let authority_end = rest
        .find(|c: char| matches!(c, '/' | '?' | '#') || c.is_whitespace())
        .unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let at = authority.rfind('@')?;
    let colon = authority[..at].find(':')?;
    let scheme_base = scheme.split('+').next().unwrap_or(scheme);
    Some(UrlPassword {
        scheme: scheme_base.to_owned(),
        password: authority_start + colon + 1..authority_start + at,
    })
}

/// `DATABASE_URL` → `DATABASE`; `dsn` → `` (the scheme is used then).
/// The fallback a lookup call returns when the key is missing: the second
/// argument of `.get(key, fallback)` and `getenv(name, fallback)`, the third
/// of `getattr(o, name, fallback)`, or a `default=`/`fallback=` keyword.
fn lookup_fallback(call: &ast::ExprCall) -> Option<&Expr> {
    let position = match syntax::last_name(&call.func)? {
        "get" | "getenv" => 1,
        "getattr" => 2,
        _ => return None,
    };
    call.arguments.args.get(position).or_else(|| {
        call.arguments
            .keywords
            .iter()
            .find(|k| {
                k.arg
                    .as_ref()
                    .is_some_and(|a| matches!(a.as_str(), "default" | "fallback"))
            })
            .map(|k| &k.value)
    })
}

fn url_base_name(name: &str) -> String {
    let mut parts = segments(name);
    while parts.last().is_some_and(|last| {
        matches!(
            last.as_str(),
            "url" | "uri" | "dsn" | "conn" | "connection" | "string" | "str" | "address"
        )
    }) {
        parts.pop();
    }
    parts.join("_")
}

impl Finding {
    fn new(literal: &ast::ExprStringLiteral, place: Place) -> Self {
        let flags = literal.value.first_literal_flags();
        let raw_prefix = match flags.prefix() {
            ast::str_prefix::StringLiteralPrefix::Raw { uppercase } => {
                Some(if uppercase { "R" } else { "r" })
            }
            _ => None,
        };
        Self {
            place,
            literal: literal.range,
            secret: literal.value.to_str().to_owned(),
            quote: flags.quote_style().as_char(),
            triple_quoted: flags.is_triple_quoted(),
            raw_prefix,
            opener_len: flags.opener_len(),
            closer_len: flags.closer_len(),
            is_bytes: false,
            at_import: false,
            env: String::new(),
        }
    }

    /// `SECRET_KEY = b"…"`: reported; not fixed, since the environment
    /// holds text and the bytes may not be valid in any encoding.
    fn new_bytes(literal: &ast::ExprBytesLiteral, place: Place) -> Self {
        let bytes: Vec<u8> = literal.value.bytes().collect();
        Self {
            place,
            literal: literal.range,
            secret: String::from_utf8_lossy(&bytes).into_owned(),
            quote: '"',
            triple_quoted: false,
            raw_prefix: None,
            opener_len: TextSize::default(),
            closer_len: TextSize::default(),
            is_bytes: true,
            at_import: false,
            env: String::new(),
        }
    }

    /// Where the finding is shown: the literal, or the argument that
    /// passes it by name.
    /// A provider's key, or a value mixing letters and digits the way
    /// generated secrets do, and not labelled as insecure by the framework
    /// that generated it (Django's `django-insecure-…`).
    fn looks_live(&self) -> bool {
        matches!(self.place, Place::Shape { .. })
            || provider_key(&self.secret).is_some()
            || (looks_generated(&self.secret) && !self.secret.starts_with("django-insecure-"))
    }

    fn reported_at(&self) -> TextRange {
        match &self.place {
            Place::ArgumentVia { argument, .. } => *argument,
            _ => self.literal,
        }
    }

    /// The environment variable's name before collisions are resolved.
    fn preferred_env(&self, module: &str) -> String {
        let (name, qualifier) = match &self.place {
            Place::Assigned { target } => (target.clone(), None),
            Place::Keyword { keyword, callee } => (keyword.clone(), Some(callee.clone())),
            Place::Default {
                parameter,
                function,
            } => (parameter.clone(), Some(function.clone())),
            Place::DictValue { key, dict } => (key.clone(), dict.clone()),
            Place::Comparison { .. } | Place::OptionDefault { .. } => return String::new(),
            Place::Url { base, .. } => (format!("{base}_password"), None),
            Place::Argument { parameter, callee } => (parameter.clone(), Some(callee.clone())),
            // The constant's own name says what it is: `secret_const` → `SECRET_CONST`.
            Place::ArgumentVia { name, callee, .. } => (name.clone(), Some(callee.clone())),
            Place::Shape { provider, holder } => match holder {
                Some(holder) => (holder.clone(), None),
                None => (provider.replace(' ', "_"), None),
            },
        };
        let env = sanitize_env(&env_var_name(&name));
        if env.contains('_') {
            return env;
        }
        let qualifier = qualifier.unwrap_or_else(|| module.to_owned());
        match sanitize_env(&env_var_name(&qualifier)) {
            q if !q.is_empty() => format!("{q}_{env}"),
            _ => env,
        }
    }

    fn into_diagnostic(self, context: &Context) -> Diagnostic {
        let shown = masked(&self.secret);
        let env = &self.env;
        let message = match &self.place {
            Place::Assigned { target } => format!(
                "Hardcoded secret assigned to `{target}` ({shown}); read it from the environment variable `{env}`"
            ),
            Place::Keyword { keyword, .. } => format!(
                "Hardcoded secret passed as `{keyword}=` ({shown}); read it from the environment variable `{env}`"
            ),
            Place::Default { parameter, .. } => format!(
                "Hardcoded secret as the default of parameter `{parameter}` ({shown}); read it from the environment variable `{env}`"
            ),
            Place::DictValue { key, .. } => format!(
                "Hardcoded secret under the key `{key}` ({shown}); read it from the environment variable `{env}`"
            ),
            Place::Comparison { name } => format!(
                "`{name}` is compared with a hardcoded secret ({shown}); check it against a hash or a value stored outside the source"
            ),
            Place::OptionDefault { option } => format!(
                "Option `{option}` has a hardcoded secret as its default ({shown}); drop the default so that every deployment sets its own"
            ),
            Place::Url { .. } => format!(
                "Connection URL embeds a password ({shown}); read it from the environment variable `{env}`"
            ),
            Place::Argument { parameter, callee } => format!(
                "Hardcoded secret passed as the `{parameter}` argument of a `{callee}` call ({shown}); read it from the environment variable `{env}`"
            ),
            Place::ArgumentVia {
                parameter,
                callee,
                name,
                ..
            } => format!(
                "`{name}` holds a hardcoded secret ({shown}) and is passed as the `{parameter}` argument of a `{callee}` call; read it from the environment variable `{env}`"
            ),
            Place::Shape { provider, .. } => format!(
                "Hardcoded {provider} ({shown}); read it from the environment variable `{env}` and rotate it"
            ),
        };
        let mut diagnostic =
            Diagnostic::new(Rule::HardcodedCredentials, self.reported_at(), message);
        diagnostic.try_set_fix(|| self.fix(context));
        diagnostic
    }

    fn fix(&self, context: &Context) -> Option<Fix> {
        if self.is_bytes || self.at_import {
            // Bytes: the environment holds text. At import (a class body, a
            // parameter default, a library module's own code): the lookup
            // would run when the module is imported, whichever code path is
            // then used.
            return None;
        }
        // A test's fixture code outside test folders (django-admin-tools-
        // stats' `utils.py`: `setUp` logs in as the fixture's `admin`).
        let in_test_method = context
            .semantic
            .function_at(self.literal.start())
            .is_some_and(|def| {
                let name = def.name.id.as_str();
                name.starts_with("test")
                    || matches!(
                        name,
                        "setUp" | "setUpClass" | "setUpTestData" | "asyncSetUp"
                    )
            });
        // A function that builds a default or template configuration for
        // the user to edit (passive-honeypot's `default_config()`, written
        // to `config.json` on first run): read from the environment, the
        // first run raises, or the live secret lands in the file.
        let in_template = context
            .semantic
            .function_at(self.literal.start())
            .is_some_and(|def| {
                crate::linter::rules::secret_names::segments(def.name.id.as_str())
                    .iter()
                    .any(|word| {
                        matches!(
                            word.as_str(),
                            "default" | "defaults" | "template" | "sample" | "example" | "skeleton"
                        )
                    })
            });
        // Seed data loaded into a development database (masonite-orm's
        // `databases/seeds/`): an account the seed creates, no deployment's.
        let in_seeds = context.path.components().any(|part| {
            matches!(
                part.as_os_str().to_str(),
                Some("seeds" | "seeders" | "seed" | "fixtures")
            )
        });
        // A demo or example project's settings are placeholders no one
        // deploys; read from the environment, the demo no longer starts.
        if context.settings.is_test_code(context.path)
            || in_test_method
            || in_template
            || in_seeds
            || context.settings.is_example_code(context.path)
        {
            // A test's secret is test data: the same value elsewhere in the
            // test (a login after `create_user`, an assertion) must stay
            // equal to it, and reading each from its own variable splits them.
            return None;
        }
        if os_imported_after(context, self.literal.start()) {
            // Reusing that import would read `os` before it is bound.
            return None;
        }
        let os = Importer::new(context).import_module("os");
        let mut imports = os.edits;
        let inner = if self.quote == '"' { '\'' } else { '"' };
        let replacement = match &self.place {
            Place::Comparison { .. } | Place::OptionDefault { .. } => return None,
            Place::Url { password, .. } => {
                let password = (*password)?;
                // A URL holds its password percent-encoded; the environment
                // holds the password itself (`s3c#r/et` would end the host).
                if module_level_import_of(context.body(), "urllib.parse")
                    .is_some_and(|import| import.end() > self.literal.start())
                {
                    return None;
                }
                let parse = Importer::new(context).import_module("urllib.parse");
                let parse_expr = parse.expr;
                imports = crate::linter::diagnostic::merged_insertions(imports, parse.edits);
                let before = context.slice(TextRange::new(
                    self.literal.start() + self.opener_len,
                    password.start(),
                ));
                let after = context.slice(TextRange::new(
                    password.end(),
                    self.literal.end() - self.closer_len,
                ));
                let quotes = self.quotes();
                format!(
                    "{}f{quotes}{}{{{parse_expr}.quote({}.environ[{inner}{}{inner}], safe={inner}{inner})}}{}{quotes}",
                    self.raw_prefix.unwrap_or(""),
                    escape_braces(before),
                    os.expr,
                    self.env,
                    escape_braces(after),
                )
            }
            _ => format!("{}.environ[{q}{}{q}]", os.expr, self.env, q = self.quote),
        };
        let valid = if matches!(self.place, Place::Url { .. }) {
            crate::parse::is_valid_expression(&replacement)
        } else {
            true
        };
        if !valid {
            return None;
        }
        let mut edits = imports;
        edits.push(Edit::replacement(replacement, self.literal));
        Some(Fix::unsafe_(
            format!(
                "Read the secret from the environment variable `{}`",
                self.env
            ),
            edits,
        ))
    }

    fn quotes(&self) -> String {
        let count = if self.triple_quoted { 3 } else { 1 };
        std::iter::repeat_n(self.quote, count).collect()
    }
}

/// Whether the module's `import os` (which the fix would reuse) comes
/// after `offset`.
fn os_imported_after(context: &Context, offset: TextSize) -> bool {
    context
        .semantic
        .imports()
        .iter()
        .find(|import| import.module_level && import.qualified == "os")
        .is_some_and(|import| import.stmt_end > offset)
}

/// The module's own name: the file stem, or the package folder for `__init__.py`.
fn module_name(path: &std::path::Path) -> String {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    if stem == "__init__" {
        let parent = path.parent().and_then(|p| p.file_name());
        return parent
            .and_then(|p| p.to_str())
            .unwrap_or_default()
            .to_owned();
    }
    stem.to_owned()
}

fn escape_braces(text: &str) -> String {
    text.replace('{', "{{").replace('}', "}}")
}

/// Keeps `[A-Z0-9_]`; a leading digit gets an underscore.
fn sanitize_env(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let cleaned = cleaned.trim_matches('_').to_owned();
    if cleaned.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{cleaned}")
    } else {
        cleaned
    }
}

/// Gives every finding its environment variable: the preferred name, or
/// `_2`, `_3`… when that name already stands for a different value.
fn assign_env_names(findings: &mut [Finding], module: &str) {
    let mut taken: FxHashMap<String, String> = FxHashMap::default();
    for finding in findings.iter_mut() {
        if matches!(finding.place, Place::Comparison { .. }) {
            // Not fixed, so it needs no variable.
            continue;
        }
        let base = finding.preferred_env(module);
        let mut candidate = base.clone();
        let mut n = 2;
        while taken
            .get(&candidate)
            .is_some_and(|value| *value != finding.secret)
        {
            candidate = format!("{base}_{n}");
            n += 1;
        }
        taken.insert(candidate.clone(), finding.secret.clone());
        finding.env = candidate;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn password(value: &str) -> Option<&str> {
        find_url_password(value).map(|url| &value[url.password])
    }

    #[test]
    fn finds_the_password_of_a_url() {
        assert_eq!(password("postgresql://app:pw1@db/app"), Some("pw1"));
        assert_eq!(password("mysql+pymysql://root:p@ss@h/db"), Some("p@ss"));
        assert_eq!(password("redis://:pw@cache:6379/0"), Some("pw"));
        assert_eq!(password("dsn=é:postgresql://a:b@h"), Some("b"));
        assert_eq!(password("éx://a:b@h"), Some("b"));
        assert_eq!(password("postgresql://app@db/app"), None);
        assert_eq!(password("https://example.com/a:b@c"), None);
        assert_eq!(password("no url here"), None);
    }

    #[test]
    fn placeholder_words_in_a_url_are_no_password() {
        // gnocchi's option help: `[username:password]` marks an optional part.
        let help = "OPTS = [cfg.StrOpt('redis_url', help=\"\"\"Redis URL\n\n    redis://[username:password]@localhost:6379?db=0\n\"\"\")]\n";
        assert_eq!(reported("opts.py", help), Vec::<String>::new());
        let real = "REDIS_URL = \"redis://[app:s3cr3tpw]@cache:6379/0\"\n";
        assert_eq!(reported("settings.py", real), vec!["1".to_owned()]);
    }

    /// The masked values reported in `text` saved at `path`.
    fn reported(path: &str, text: &str) -> Vec<String> {
        let settings = crate::model::settings::Settings::with_rules(&[Rule::HardcodedCredentials]);
        let source = crate::parse::source::SourceFile::from_text(text);
        crate::check_source(std::path::Path::new(path), &source, &settings)
            .unwrap()
            .iter()
            .map(|d| source.line_column(d.range.start()).0.to_string())
            .collect()
    }

    #[test]
    fn examples_report_only_secrets_shaped_like_live_ones() {
        // Flask-AppBuilder's example configs: a placeholder key, and a
        // reCAPTCHA key and a mail password that look real.
        let config = "SECRET_KEY = \"thisismyscretkey\"\n\
                      RECAPTCHA_PRIVATE_KEY = \"6LedRP0SAAAAAPnsdEKgj5VU1QbFcPv7mO8cW0So\"\n\
                      MAIL_PASSWORD = \"p4ssw0rdqwerty\"\n\
                      DJANGO_SECRET_KEY = \"django-insecure-k3y8w2x9q1z7m5n4\"\n";
        assert_eq!(
            reported("examples/user_registration/config.py", config),
            ["2", "3"]
        );
        assert_eq!(reported("app/config.py", config), ["1", "2", "3", "4"]);
        // roundup's `demo.py`: a throw-away tracker on a local test database.
        let demo = "def install_demo(config):\n    config[\"RDBMS_PASSWORD\"] = \"rounduptest\"\n";
        assert!(reported("roundup/demo.py", demo).is_empty());
        assert_eq!(reported("roundup/admin.py", demo), ["2"]);
    }

    #[test]
    fn asserts_and_actions_named_after_a_secret_are_not_secrets() {
        let text = "def check(config):\n\
                    \x20   assert config.password == \"sikrit\"\n\
                    LIMITS = {\"change_password\": \"5/m/user\", \"reset_password\": \"20/m/ip\"}\n";
        assert_eq!(reported("app/tasks.py", text), Vec::<String>::new());
    }

    #[test]
    fn masks_codes_names_paths_and_addresses_are_not_secrets() {
        // Values salt, ckan and FlexGet keep under secret-like names.
        let text = r#"ret = {"changes": {}}
ret["changes"]["password"] = "XXX-REDACTED-XXX"
ret["changes"]["password"] = "Updated"
TYPES = {"passwd": "s"}
OPTIONS = {"hide-password": "hide-password"}
CALLBACKS = {"secret": "secretEventRegisterAny"}
FACTORIES = {"api-token": "ckan.tests.factories:APIToken"}
private_key = "~/.ssh/id_rsa"
url_credentials = "https://www.imdb.com/ap/signin?openid.return_to=x"
KEYS = {"ansible_sudo_pass": "sudo"}
password = "hunter2x"
SECRET_KEY = "secret"
"#;
        assert_eq!(reported("app/settings.py", text), ["11", "12"]);
    }

    #[test]
    fn url_names_drop_their_url_suffix() {
        assert_eq!(url_base_name("DATABASE_URL"), "database");
        assert_eq!(url_base_name("dsn"), "");
    }
}
