//! What one module tells the rest of the project: its imports (and so its
//! re-exports), a summary of each function, and its classes.

use std::collections::HashSet;
use std::path::PathBuf;

use rustc_hash::{FxHashMap, FxHashSet};
use thin_vec::ThinVec;

use crate::model::Context;
use crate::model::drivers::Paramstyle;
use crate::model::library_api::{is_identifier, may_be_library_api};
use crate::parse::ast::name::Name;
use crate::parse::{Expr, Ranged, Stmt, Visitor, ast, visitor};
use crate::semantic::{BindingKind, ScopeId};

/// Facts about one module.
#[derive(Debug, Clone, Default)]
pub struct ModuleFacts {
    /// Dotted name (`app.db.queries`).
    pub name: String,
    pub path: PathBuf,
    pub is_package: bool,
    /// Module-level imports: local name → what it is (`connect` → `sqlite3.connect`).
    pub imports: FxHashMap<String, String>,
    /// Modules star-imported at module level (`from sqlite3 import *`).
    pub star_imports: Vec<String>,
    /// Names the module binds itself (defs, classes, assignments).
    pub definitions: HashSet<String>,
    /// Functions by their name in the module (`run`, `Store.query`).
    pub functions: FxHashMap<String, FunctionSummary>,
    /// Classes by name.
    pub classes: FxHashMap<String, ClassFacts>,
    /// Every module imported anywhere in the module (function-local imports too).
    pub imported: HashSet<String>,
    /// Whether the module is test code (`test-paths`): its calls do not
    /// count as callers handling (or not handling) database errors — a test
    /// wants errors to reach it.
    pub is_test: bool,
    /// Module-level names bound once, to a database object a driver's
    /// constructor made (`Session = scoped_session(sessionmaker(…))`).
    pub objects: FxHashMap<String, DbFact>,
    /// Module-level names bound once to `flask_sqlalchemy.SQLAlchemy(…)`
    /// (whose `Model` base gives model classes a `query`).
    pub flask_databases: HashSet<String>,
    /// How often each private name, and each public function name some
    /// call of the project passes a constant to, occurs in the module's
    /// text (the index pass fills it, and moves it into the index).
    pub mentions: rustc_hash::FxHashMap<String, u32>,
    /// Of those, the mentions in `import` statements and `__all__` lists.
    pub reexports: rustc_hash::FxHashMap<String, u32>,
    /// The calls the module's code makes to something the index may know,
    /// by callee: how many, and how many sit in a `try` whose handlers catch
    /// database errors. Counted per module as the facts are made (a
    /// function's list would hold every call); empty for test code, whose
    /// calls do not count. Only the index's building reads them.
    pub(super) calls: FxHashMap<Callee, super::CallerCount>,
    /// Per callee, how many of those calls pass a program constant in each
    /// argument slot (see [`is_program_constant`]).
    pub(super) constant_arguments: FxHashMap<Callee, FxHashMap<ArgumentSlot, usize>>,
    /// Module-level constants other modules may import (see
    /// [`super::constants`]). Read from modules the index pass skips, too,
    /// when a module it parsed imports a name in capitals from them.
    pub constants: FxHashSet<String>,
    /// Whether these facts were read from the module's syntax tree: the
    /// index pass does not parse a module without database words (it keeps
    /// only its name), so its functions and code are unknown there.
    pub parsed: bool,
}

/// What a function does with its parameters, as far as the rules care.
#[derive(Debug, Clone, Default)]
///
/// One of these is kept for every function of the tree, and most functions
/// do none of it: its lists are [`ThinVec`]s (one word, no allocation when
/// empty), so that the index stays small on large trees.
pub struct FunctionSummary {
    /// Parameter names in order (`self` included for methods).
    pub parameters: ThinVec<Name>,
    /// Whether the first parameter is the instance or class (a method not
    /// marked `@staticmethod`).
    pub binds_receiver: bool,
    /// Indices of parameters whose value is run as SQL (directly by a
    /// driver call, or by another function that runs it).
    pub executes: ThinVec<usize>,
    /// The parameter handed on as the query's parameters, if any.
    pub params_parameter: Option<usize>,
    /// The paramstyle of the call that runs the SQL, when its driver is proven.
    pub paramstyle: Option<Paramstyle>,
    /// Calls that hand this function's parameters on: callee and, for each
    /// argument position, the parameter passed there.
    pub(super) forwards: ThinVec<ForwardedCall>,
    /// Every call to something the index may know, and whether it sits in
    /// a `try` whose handlers catch database errors (or everything): while
    /// the module's facts are made, then counted in [`ModuleFacts::calls`].
    pub(super) calls: ThinVec<(Callee, bool)>,
    /// Calls that pass database objects (or what may be one): callee and
    /// where each positional argument comes from.
    pub(super) object_arguments: ThinVec<(Callee, Vec<ObjectSource>)>,
    /// Calls that pass program constants (see [`is_program_constant`]):
    /// callee and the argument slots that hold one (while the module's facts
    /// are made, then counted in [`ModuleFacts::constant_arguments`]).
    pub(super) constant_arguments: ThinVec<(Callee, Vec<ArgumentSlot>)>,
    /// Where each returned value comes from (one per `return value`).
    pub(super) returns: ThinVec<ObjectSource>,
    /// Indices of parameters the function keeps beyond the call: returned
    /// or yielded, stored in an attribute, subscript or global, added to a
    /// container, handed to a constructor or captured by a nested function
    /// (a resource passed there is not the caller's to close).
    pub keeps: ThinVec<usize>,
    /// Indices of parameters the function closes (`p.close()`,
    /// `p.__exit__(…)`): a resource passed there is released by it, and a
    /// `with` around the call would release it a second time.
    pub closes: ThinVec<usize>,
    /// Indices of parameters handed to a method of the same object
    /// (`self.set_socket(sock)`, `super().f(x)`): that method may store them,
    /// and one inherited from outside the project has no summary to say
    /// it does not.
    pub shares: ThinVec<usize>,
    /// Indices of parameters whose `communicate()` the function calls: a
    /// process passed there is waited for and its pipes closed, the release
    /// the code needs (its output), which no `with` replaces.
    pub communicates: ThinVec<usize>,
    /// Whether every value the function returns is text quoted by a
    /// quoting helper (see [`crate::model::quoting::returns_quoted_text`]).
    pub returns_quoted: bool,
    /// Whether every value the function returns escapes text for an SQL
    /// string (see [`crate::model::quoting::returns_escaped_text`]).
    pub returns_escaped: bool,
    /// Whether some value the function returns may be a literal string
    /// that is no number (`getattr(settings, 'SCHEMA', 'SCHEMA_NAME()')`):
    /// spliced into SQL outside quotes, its result is SQL text, not a value.
    pub returns_text_literal: bool,
    /// Whether every value the function returns (at least one) is a string
    /// literal, directly or through a local every reaching write of which
    /// is one (twint's `fTable`: `table = "followers_names"` / `table =
    /// "following_names"` / `return table`): the program's own text.
    pub returns_only_literals: bool,
    /// The quote character the function wraps its parameter in, doubling
    /// it inside (django-tenants' `quote_schema_name`, see
    /// [`crate::model::quoting::quotes_its_parameter`]).
    pub quotes_by_doubling: Option<char>,
    /// Indices of parameters the function lets through only as plain names
    /// (see [`crate::model::validation::validated_parameters`]).
    pub validates: ThinVec<usize>,
    /// The parameter of [`Self::validates`] that every `return` returns
    /// as it came in (mysql_mcp_server's `validate_identifier(name)`:
    /// `if not re.match(r'^[a-zA-Z0-9_$]+$', name): raise …` / `return
    /// name`), so that its result is a validated name.
    pub returns_validated: Option<usize>,
    /// When every value the function returns is a tuple whose first item
    /// is a SQL clause made of literals, placeholder lists and parameters
    /// (see [`crate::model::clause_builders`]): the parameters spliced into
    /// it. A caller passing literals there gets program text.
    pub returns_clause: Option<ThinVec<ClauseParameter>>,
    /// The parameter the function checks is a plain name, when it returns
    /// true for nothing else (see [`name_predicates`]).
    pub name_predicate: Option<usize>,
    /// Whether the code says the function may be a library's API
    /// ([`crate::model::library_api::may_be_library_api`]), in a module an
    /// `import` can name.
    pub library_api: bool,
}

/// A parameter spliced into the clause a function returns (see
/// [`FunctionSummary::returns_clause`]).
#[derive(Debug, Clone)]
pub struct ClauseParameter {
    pub index: usize,
    /// Whether the parameter defaults to a string literal, so that a call
    /// leaving it out splices program text.
    pub literal_default: bool,
}

/// Whether `value` may be a literal string that is no number: the literal
/// itself, a branch of `a or b` or `a if c else b`, or the default of
/// `getattr(o, name, default)` and `mapping.get(key, default)`.
pub fn may_be_text_literal(value: &Expr) -> bool {
    match value {
        Expr::StringLiteral(literal) => {
            let text = literal.value.to_str().trim();
            !text.is_empty() && text.parse::<f64>().is_err()
        }
        Expr::BoolOp(bool_op) => bool_op.values.iter().any(may_be_text_literal),
        Expr::If(choice) => {
            may_be_text_literal(&choice.body) || may_be_text_literal(&choice.orelse)
        }
        Expr::Call(call) => {
            let default = match &*call.func {
                Expr::Name(name) if name.id.as_str() == "getattr" => call.arguments.args.get(2),
                Expr::Attribute(attribute) if attribute.attr.id.as_str() == "get" => {
                    call.arguments.args.get(1)
                }
                _ => None,
            };
            default.is_some_and(may_be_text_literal)
        }
        _ => false,
    }
}

/// A string literal, or a local every reaching write of which assigns one.
fn literal_text_value(semantic: &crate::semantic::Semantic, value: &Expr) -> bool {
    match value {
        Expr::StringLiteral(_) => true,
        Expr::Name(name) => {
            let reaching = semantic.reaching_bindings(name.id.as_str(), name.start());
            !reaching.is_empty()
                && reaching.into_iter().all(|id| {
                    let binding = semantic.binding(id);
                    binding.kind == BindingKind::Assignment
                        && matches!(binding.value, Some(Expr::StringLiteral(_)))
                })
        }
        _ => false,
    }
}

/// Where a value that may be a database connection or cursor comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ObjectSource {
    /// Made by a driver (`sqlite3.connect(...)`, `conn.cursor()` on one).
    Driver(DbFact),
    /// The function's own parameter of that index.
    Parameter(usize),
    /// What a project function returns.
    Returned(Callee),
    Unknown,
}

/// A database object whose driver is proven.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbFact {
    pub driver: String,
    pub kind: crate::model::drivers::DbKind,
}

impl FunctionSummary {
    /// Drops the lists only the index's building reads (see
    /// `ProjectIndex::from_modules`).
    pub(super) fn drop_building_lists(&mut self) {
        self.forwards = ThinVec::new();
        self.object_arguments = ThinVec::new();
    }

    /// Which parameter receives the call argument at `position` (positional).
    pub fn parameter_for_argument(&self, position: usize) -> usize {
        position + usize::from(self.binds_receiver)
    }

    /// The position in a call of parameter `index` (None for the receiver).
    pub fn argument_for_parameter(&self, index: usize) -> Option<usize> {
        index.checked_sub(usize::from(self.binds_receiver))
    }
}

/// A call that passes some of the caller's parameters on.
#[derive(Debug, Clone)]
pub(super) struct ForwardedCall {
    pub callee: Callee,
    /// (argument position, or keyword) → caller's parameter index.
    pub arguments: Vec<(ArgumentSlot, usize)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum ArgumentSlot {
    Position(usize),
    Keyword(Name),
}

/// What a call names: a function by its qualified name, or a method by its
/// name alone (the receiver's class is unknown).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Callee {
    Qualified(String),
    Method(String),
}

/// A class's base classes and context-manager protocol.
#[derive(Debug, Clone, Default)]
pub struct ClassFacts {
    /// Base classes as written, resolved through the module's imports when possible.
    pub bases: Vec<String>,
    pub has_enter: bool,
    pub has_exit: bool,
    /// Defines `execute` or `executemany` (a wrapper with a paramstyle of its own).
    pub defines_execute: bool,
    /// Defines `cursor` (a connection wrapper) or `fetchone`/`fetchall` (a cursor wrapper).
    pub wraps_connection_or_cursor: bool,
    /// An `execute` method that rewrites placeholders before running the
    /// query (`sql.replace("%s", "?")`): the class takes `%s` whatever the driver.
    pub rewrites_placeholders: bool,
    /// An `execute`/`executemany` method that hands no parameters on to the
    /// query it runs (sqlite-bro's `def execute(self, sql, env=None)`).
    pub execute_drops_parameters: bool,
}

/// Extracts a module's facts; `name` is its dotted name.
pub fn extract(context: &Context, name: &str, is_package: bool) -> ModuleFacts {
    let semantic = context.semantic;
    let mut facts = ModuleFacts {
        name: name.to_owned(),
        path: context.path.to_path_buf(),
        parsed: true,
        is_package,
        is_test: context.settings.test_paths.matches(context.path),
        ..ModuleFacts::default()
    };
    for (_, binding) in semantic.bindings() {
        if binding.scope != ScopeId::MODULE {
            continue;
        }
        match &binding.kind {
            BindingKind::Import { qualified } | BindingKind::FromImport { qualified } => {
                facts
                    .imports
                    .entry(binding.name.to_owned())
                    .or_insert_with(|| qualified.clone());
            }
            _ if !binding.is_none_fallback => {
                facts.definitions.insert(binding.name.to_owned());
            }
            _ => {}
        }
    }
    facts.imported = semantic
        .imports()
        .iter()
        .map(|import| import.qualified.clone())
        .collect();
    facts.star_imports = semantic
        .star_imports_at(crate::parse::TextSize::new(0))
        .into_iter()
        .map(str::to_owned)
        .collect();
    facts.constants = super::constants::module_constants(semantic, context.body());
    facts.objects = module_objects(context);
    facts.flask_databases = flask_databases(context);
    let predicates = name_predicates(context);
    let importable = context
        .path
        .file_stem()
        .and_then(|stem| stem.to_str())
        .is_some_and(is_identifier);
    facts.functions.insert(
        MODULE_CODE.to_owned(),
        summarize_module_code(context, name, &predicates),
    );
    for stmt in context.body() {
        match stmt {
            Stmt::FunctionDef(def) => {
                let mut summary = summarize(context, name, None, def, &predicates);
                summary.name_predicate = predicates.get(def.name.id.as_str()).copied();
                summary.library_api = importable && may_be_library_api(def, None);
                facts.functions.insert(def.name.id.to_string(), summary);
            }
            Stmt::ClassDef(class) => {
                let class_name = class.name.id.as_str();
                let mut class_facts = ClassFacts {
                    bases: class
                        .bases()
                        .iter()
                        .map(|base| {
                            context
                                .semantic
                                .resolve_qualified_name(base)
                                .unwrap_or_else(|| context.slice(base.range()).to_owned())
                        })
                        .collect(),
                    ..ClassFacts::default()
                };
                for item in &class.body {
                    let Stmt::FunctionDef(def) = item else {
                        continue;
                    };
                    match def.name.id.as_str() {
                        "__enter__" | "__aenter__" => class_facts.has_enter = true,
                        "__exit__" | "__aexit__" => class_facts.has_exit = true,
                        "cursor" | "fetchone" | "fetchall" => {
                            class_facts.wraps_connection_or_cursor = true;
                        }
                        "execute" | "executemany" => {
                            class_facts.defines_execute = true;
                            class_facts.rewrites_placeholders |= rewrites_placeholders(def);
                        }
                        _ => {}
                    }
                    let mut summary = summarize(context, name, Some(class_name), def, &predicates);
                    summary.library_api = importable && may_be_library_api(def, Some(class));
                    if matches!(def.name.id.as_str(), "execute" | "executemany") {
                        class_facts.execute_drops_parameters |= summary.params_parameter.is_none();
                    }
                    facts
                        .functions
                        .insert(format!("{class_name}.{}", def.name.id), summary);
                }
                facts.classes.insert(class_name.to_owned(), class_facts);
            }
            _ => {}
        }
    }
    facts.count_calls();
    facts
}

impl ModuleFacts {
    /// Moves the calls each function summary lists into the module's
    /// counts (none for test code).
    fn count_calls(&mut self) {
        for summary in self.functions.values_mut() {
            let calls = std::mem::take(&mut summary.calls);
            let constant_arguments = std::mem::take(&mut summary.constant_arguments);
            if self.is_test {
                continue;
            }
            for (callee, guarded) in calls {
                let count = self.calls.entry(callee).or_default();
                count.calls += 1;
                count.guarded += usize::from(guarded);
            }
            for (callee, slots) in constant_arguments {
                let counts = self.constant_arguments.entry(callee).or_default();
                for slot in slots {
                    *counts.entry(slot).or_default() += 1;
                }
            }
        }
    }
}

/// Whether a method body replaces `%s` or `?` markers in a string (a
/// cursor wrapper translating paramstyles).
fn rewrites_placeholders(def: &ast::StmtFunctionDef) -> bool {
    struct Finder(bool);
    impl<'a> Visitor<'a> for Finder {
        fn visit_expr(&mut self, expr: &'a Expr) {
            if let Expr::Call(call) = expr
                && let Expr::Attribute(attribute) = &*call.func
                && matches!(attribute.attr.id.as_str(), "replace" | "sub")
                && call.arguments.args.iter().any(|arg| {
                    matches!(arg, Expr::StringLiteral(s)
                        if matches!(s.value.to_str(), "%s" | "?" | "%%s"))
                })
            {
                self.0 = true;
            }
            visitor::walk_expr(self, expr);
        }
    }
    let mut finder = Finder(false);
    visitor::walk_body(&mut finder, &def.body);
    finder.0
}

fn summarize(
    context: &Context,
    module: &str,
    class: Option<&str>,
    def: &ast::StmtFunctionDef,
    predicates: &NamePredicates,
) -> FunctionSummary {
    let is_static = def.decorator_list.iter().any(|decorator| {
        matches!(&decorator.expression, Expr::Name(n) if n.id.as_str() == "staticmethod")
    });
    let summary = FunctionSummary {
        parameters: def.parameters.iter().map(|p| p.name().id.clone()).collect(),
        binds_receiver: class.is_some() && !is_static,
        quotes_by_doubling: ['`', '"'].into_iter().find(|&quote| {
            crate::model::quoting::quotes_its_parameter(context.semantic, def, quote)
        }),
        ..FunctionSummary::default()
    };
    let scope = context.semantic.scope_at(
        def.body
            .first()
            .map_or(def.parameters.start(), Ranged::start),
    );
    let yields_are_returns = is_context_manager(context, def);
    let mut summary = summarize_body(
        context,
        module,
        class,
        summary,
        scope,
        &def.body,
        yields_are_returns,
        predicates,
    );
    // `def execute(self, query, *parameters)`: the parameters come spread,
    // one argument each; a list passed there would be one value (ezmysql's
    // wrapper shape), so no parameters are added through it.
    let spread = [
        def.parameters.vararg.as_deref(),
        def.parameters.kwarg.as_deref(),
    ];
    // A clause's parameters are named ones (not `*args`, `**kwargs`), and
    // one that defaults to a literal splices program text when left out.
    if let Some(spliced) = &mut summary.returns_clause {
        let named: Vec<&ast::ParameterWithDefault> = def
            .parameters
            .posonlyargs
            .iter()
            .chain(&def.parameters.args)
            .chain(&def.parameters.kwonlyargs)
            .collect();
        let mut all_named = true;
        for parameter in spliced.iter_mut() {
            let name = &summary.parameters[parameter.index];
            match named
                .iter()
                .find(|candidate| candidate.parameter.name.id == *name)
            {
                Some(candidate) => {
                    parameter.literal_default =
                        matches!(candidate.default.as_deref(), Some(Expr::StringLiteral(_)));
                }
                None => all_named = false,
            }
        }
        if !all_named {
            summary.returns_clause = None;
        }
    }
    if let Some(index) = summary.params_parameter
        && spread
            .iter()
            .flatten()
            .any(|parameter| summary.parameters.get(index) == Some(&parameter.name.id))
    {
        summary.params_parameter = None;
    }
    summary
}

/// A generator decorated with `contextlib.contextmanager` (or its async
/// twin): `with f() as x` binds what it yields (requests-cache's
/// `with self.connection() as con`, a `sqlite3` connection).
fn is_context_manager(context: &Context, def: &ast::StmtFunctionDef) -> bool {
    def.decorator_list.iter().any(|decorator| {
        context
            .semantic
            .resolve_qualified_name(&decorator.expression)
            .is_some_and(|qualified| {
                matches!(
                    qualified.as_str(),
                    "contextlib.contextmanager" | "contextlib.asynccontextmanager"
                )
            })
    })
}

/// The module's own top-level code as a function without parameters (its
/// calls count as callers too).
pub const MODULE_CODE: &str = "<module>";

fn summarize_module_code(
    context: &Context,
    module: &str,
    predicates: &NamePredicates,
) -> FunctionSummary {
    summarize_body(
        context,
        module,
        None,
        FunctionSummary::default(),
        ScopeId::MODULE,
        context.body(),
        false,
        predicates,
    )
}

/// The module's own functions that return true only for a plain name in
/// one parameter, by name, with that parameter's index.
type NamePredicates = FxHashMap<String, usize>;

/// How many functions deep a name predicate may call another.
const NAME_PREDICATE_DEPTH: usize = 3;

/// The module-level functions whose one `return` (after a docstring and
/// plain assignments) holds only for a plain name in one parameter
/// (see [`crate::model::validation::holds_only_name`]), directly or
/// through another such function of the module:
///
/// ```python
/// def is_valid_identifier(identifier):
///     return bool(SQL_IDENTIFIER_RE.match(identifier))
///
/// def is_valid_schema_name(name):
///     return is_valid_identifier(name) and not RESERVED_RE.match(name)
/// ```
fn name_predicates(context: &Context) -> NamePredicates {
    let candidates: Vec<(&ast::StmtFunctionDef, &Expr)> = context
        .body()
        .iter()
        .filter_map(|stmt| match stmt {
            Stmt::FunctionDef(def) => Some((def, sole_returned_value(&def.body)?)),
            _ => None,
        })
        .collect();
    let mut found = NamePredicates::default();
    for _ in 0..NAME_PREDICATE_DEPTH {
        let known = found.clone();
        let predicate = |call: &ast::ExprCall| checked_argument(context, &known, call);
        let checks =
            crate::model::validation::NameChecks::with_predicate(context.semantic, &predicate);
        for (def, value) in &candidates {
            if found.contains_key(def.name.id.as_str()) {
                continue;
            }
            let positional = def
                .parameters
                .posonlyargs
                .iter()
                .chain(&def.parameters.args);
            let checked = positional.enumerate().find(|(_, parameter)| {
                let name = parameter.parameter.name.id.as_str();
                let is_parameter = |expr: &Expr| {
                    matches!(expr, Expr::Name(read) if read.id.as_str() == name
                        && context.semantic.binding_at(name, read.start())
                            .is_some_and(|binding| binding.kind == BindingKind::Parameter))
                };
                crate::model::validation::holds_only_name(&checks, value, &is_parameter)
            });
            if let Some((index, _)) = checked {
                found.insert(def.name.id.to_string(), index);
            }
        }
        if found.len() == known.len() {
            break;
        }
    }
    found
}

/// The argument a call of one of `predicates` checks is a plain name
/// (module-level functions: the position is the parameter's index).
fn checked_argument(
    context: &Context,
    predicates: &NamePredicates,
    call: &ast::ExprCall,
) -> Option<usize> {
    let Expr::Name(callee) = &*call.func else {
        return None;
    };
    let index = predicates.get(callee.id.as_str())?;
    let binding = context
        .semantic
        .binding_at(callee.id.as_str(), callee.start())?;
    (binding.kind == BindingKind::FunctionDefinition && binding.scope == ScopeId::MODULE)
        .then_some(*index)
}

/// The value of a body's one `return`, when a docstring and plain
/// assignments are all that come before it.
fn sole_returned_value(body: &[Stmt]) -> Option<&Expr> {
    let (Stmt::Return(last), before) = body.split_last()? else {
        return None;
    };
    before
        .iter()
        .enumerate()
        .all(|(position, stmt)| match stmt {
            Stmt::Expr(docstring) => {
                position == 0 && matches!(&*docstring.value, Expr::StringLiteral(_))
            }
            Stmt::Assign(assign) => matches!(&assign.targets[..], [Expr::Name(_)]),
            _ => false,
        })
        .then_some(last.value.as_deref())
        .flatten()
}

// The body's owner (module, class, scope), the summary begun from its
// signature, and how to read it: one walk needs them all.
#[allow(clippy::too_many_arguments)]
fn summarize_body(
    context: &Context,
    module: &str,
    class: Option<&str>,
    mut summary: FunctionSummary,
    scope: ScopeId,
    body: &[Stmt],
    yields_are_returns: bool,
    predicates: &NamePredicates,
) -> FunctionSummary {
    let mut calls = CallCollector::new(context, yields_are_returns);
    visitor::walk_body(&mut calls, body);
    let db = context.db();
    let parameter_of = |expr: &Expr| -> Option<usize> {
        let Expr::Name(name) = expr else { return None };
        // A parameter's name first: resolving every name read costs more.
        let index = summary
            .parameters
            .iter()
            .position(|p| p == name.id.as_str())?;
        let binding = context
            .semantic
            .binding_at(name.id.as_str(), name.start())?;
        (binding.kind == BindingKind::Parameter && binding.scope == scope).then_some(index)
    };
    let mut executes = ThinVec::new();
    let mut params_parameter = None;
    let mut paramstyle = None;
    let mut forwards = ThinVec::new();
    let mut all_calls = ThinVec::new();
    let mut object_arguments = ThinVec::new();
    let mut constant_arguments = ThinVec::new();
    let source_of = |expr: &Expr| object_source(context, module, class, scope, &parameter_of, expr);
    for (call, guarded) in calls.calls {
        let callee = callee_of(context, module, class, &call.func);
        if let Some(callee) = &callee {
            let sources: Vec<ObjectSource> = call.arguments.args.iter().map(&source_of).collect();
            if sources.iter().any(|s| *s != ObjectSource::Unknown) {
                object_arguments.push((callee.clone(), sources));
            }
            let constants = constant_slots(context, call);
            if !constants.is_empty() {
                constant_arguments.push((callee.clone(), constants));
            }
            all_calls.push((callee.clone(), guarded));
        }
        if let Some(run) = crate::model::sinks::sql_run_by(context, db, call) {
            if let Some(index) = run.sql.and_then(&parameter_of) {
                executes.push(index);
                params_parameter = params_parameter.or(run.params.and_then(&parameter_of));
                paramstyle = paramstyle.or(run.paramstyle);
            }
            continue;
        }
        let arguments: Vec<(ArgumentSlot, usize)> = call
            .arguments
            .args
            .iter()
            .enumerate()
            .filter_map(|(position, arg)| {
                parameter_of(arg).map(|p| (ArgumentSlot::Position(position), p))
            })
            .chain(call.arguments.keywords.iter().filter_map(|keyword| {
                let name = keyword.arg.as_ref()?.id.clone();
                parameter_of(&keyword.value).map(|p| (ArgumentSlot::Keyword(name), p))
            }))
            .collect();
        if arguments.is_empty() {
            continue;
        }
        if let Some(callee) = callee {
            forwards.push(ForwardedCall { callee, arguments });
        }
    }
    executes.sort_unstable();
    executes.dedup();
    summary.executes = executes;
    summary.params_parameter = params_parameter;
    summary.paramstyle = paramstyle;
    summary.forwards = forwards;
    summary.calls = all_calls;
    summary.object_arguments = object_arguments;
    summary.constant_arguments = constant_arguments;
    summary.returns_quoted =
        crate::model::quoting::returns_quoted_text(context.semantic, &calls.returns);
    summary.returns_escaped = crate::model::quoting::returns_escaped_text(&calls.returns);
    summary.returns_text_literal = calls.returns.iter().any(|value| may_be_text_literal(value));
    summary.returns_only_literals = !calls.returns.is_empty()
        && calls
            .returns
            .iter()
            .all(|value| literal_text_value(context.semantic, value));
    if !summary.parameters.is_empty() {
        let predicate = |call: &ast::ExprCall| checked_argument(context, predicates, call);
        let checks =
            crate::model::validation::NameChecks::with_predicate(context.semantic, &predicate);
        summary.validates =
            crate::model::validation::validated_parameters(&checks, body, &summary.parameters)
                .into();
        let returned: Vec<Option<usize>> = calls.returns.iter().map(|e| parameter_of(e)).collect();
        summary.returns_validated = match returned.first() {
            Some(&Some(first))
                if returned.iter().all(|index| *index == Some(first))
                    && summary.validates.contains(&first) =>
            {
                Some(first)
            }
            _ => None,
        };
    }
    summary.returns_clause =
        crate::model::clause_builders::returned_clause_parameters(&calls.returns, &parameter_of)
            .map(|spliced| {
                spliced
                    .into_iter()
                    .map(|index| ClauseParameter {
                        index,
                        literal_default: false,
                    })
                    .collect()
            });
    summary.returns = calls.returns.into_iter().map(&source_of).collect();
    // Without parameters (module code, `def f():`) nothing is kept, closed or shared.
    if !summary.parameters.is_empty() {
        summary.keeps = kept_parameters(body, &parameter_of).into();
        let released = released_and_shared_parameters(body, &parameter_of);
        summary.closes = released.closed.into();
        summary.shares = released.shared.into();
        summary.communicates = released.communicated.into();
    }
    summary
}

/// What a body does with its parameters' resources, in one walk of it
/// (nested functions and classes aside).
#[derive(Default)]
struct ReleasedParameters {
    /// Closed: `p.close()`, `p.__exit__(…)` (see [`FunctionSummary::closes`]).
    closed: Vec<usize>,
    /// Handed to a method of its own object: `self.m(p)`, `cls.m(p)`,
    /// `super().m(p)` (see [`FunctionSummary::shares`]).
    shared: Vec<usize>,
    /// `p.communicate()` (see [`FunctionSummary::communicates`]).
    communicated: Vec<usize>,
}

/// The parameters a body closes, hands to its own object's methods or
/// communicates with (see [`ReleasedParameters`]).
fn released_and_shared_parameters(
    body: &[Stmt],
    parameter_of: &dyn Fn(&Expr) -> Option<usize>,
) -> ReleasedParameters {
    struct Calls<'p> {
        parameter_of: &'p dyn Fn(&Expr) -> Option<usize>,
        found: ReleasedParameters,
    }
    impl<'a> Visitor<'a> for Calls<'_> {
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            if !matches!(stmt, Stmt::FunctionDef(_) | Stmt::ClassDef(_)) {
                visitor::walk_stmt(self, stmt);
            }
        }

        fn visit_expr(&mut self, expr: &'a Expr) {
            if let Expr::Call(call) = expr
                && let Expr::Attribute(method) = &*call.func
            {
                match method.attr.id.as_str() {
                    "close" | "__exit__" => {
                        self.found.closed.extend((self.parameter_of)(&method.value));
                    }
                    "communicate" => {
                        self.found
                            .communicated
                            .extend((self.parameter_of)(&method.value));
                    }
                    _ => {}
                }
                let own = matches!(&*method.value, Expr::Name(receiver)
                    if matches!(receiver.id.as_str(), "self" | "cls"))
                    || matches!(&*method.value, Expr::Call(inner)
                        if matches!(&*inner.func, Expr::Name(f) if f.id.as_str() == "super"));
                if own {
                    let arguments = call.arguments.args.iter();
                    let keywords = call.arguments.keywords.iter().map(|k| &k.value);
                    for argument in arguments.chain(keywords) {
                        self.found.shared.extend((self.parameter_of)(argument));
                    }
                }
            }
            visitor::walk_expr(self, expr);
        }
    }
    let mut calls = Calls {
        parameter_of,
        found: ReleasedParameters::default(),
    };
    visitor::walk_body(&mut calls, body);
    let found = &mut calls.found;
    for list in [
        &mut found.closed,
        &mut found.shared,
        &mut found.communicated,
    ] {
        list.sort_unstable();
        list.dedup();
    }
    calls.found
}

/// The parameters a body keeps beyond the call (see [`FunctionSummary::keeps`]).
fn kept_parameters(body: &[Stmt], parameter_of: &dyn Fn(&Expr) -> Option<usize>) -> Vec<usize> {
    struct Keeps<'p> {
        parameter_of: &'p dyn Fn(&Expr) -> Option<usize>,
        globals: Vec<String>,
        kept: Vec<usize>,
    }
    impl Keeps<'_> {
        /// `p`, `(p, q)`, `[p]`, `{k: p}`, `Wrapper(p)`: the parameters a value holds.
        fn held(&mut self, value: &Expr) {
            match value {
                Expr::Tuple(t) => t.elts.iter().for_each(|e| self.held(e)),
                Expr::List(l) => l.elts.iter().for_each(|e| self.held(e)),
                Expr::Set(s) => s.elts.iter().for_each(|e| self.held(e)),
                Expr::Dict(d) => d.items.iter().for_each(|item| self.held(&item.value)),
                Expr::Starred(s) => self.held(&s.value),
                Expr::Call(call) if is_class_name(&call.func) => {
                    call.arguments.args.iter().for_each(|a| self.held(a));
                    for keyword in &call.arguments.keywords {
                        self.held(&keyword.value);
                    }
                }
                _ => self.kept.extend((self.parameter_of)(value)),
            }
        }

        /// A nested function or class that mentions a parameter captures it.
        fn captured(&mut self, node: &Stmt) {
            struct Names<'a, 'n>(&'n mut Vec<&'a Expr>);
            impl<'a> Visitor<'a> for Names<'a, '_> {
                fn visit_expr(&mut self, expr: &'a Expr) {
                    if expr.is_name_expr() {
                        self.0.push(expr);
                    }
                    visitor::walk_expr(self, expr);
                }
            }
            let mut names = Vec::new();
            visitor::walk_stmt(&mut Names(&mut names), node);
            for name in names {
                self.kept.extend((self.parameter_of)(name));
            }
        }
    }
    impl<'a> Visitor<'a> for Keeps<'_> {
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            match stmt {
                Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {
                    self.captured(stmt);
                    return;
                }
                Stmt::Global(global) => {
                    self.globals
                        .extend(global.names.iter().map(|n| n.id.to_string()));
                }
                Stmt::Return(ast::StmtReturn {
                    value: Some(value), ..
                }) => self.held(value),
                Stmt::Assign(assign) => {
                    let stores = assign.targets.iter().any(|target| match target {
                        Expr::Name(name) => self.globals.iter().any(|g| g == name.id.as_str()),
                        _ => true,
                    });
                    if stores {
                        self.held(&assign.value);
                    }
                }
                Stmt::AnnAssign(assign) if !assign.target.is_name_expr() => {
                    if let Some(value) = &assign.value {
                        self.held(value);
                    }
                }
                _ => {}
            }
            visitor::walk_stmt(self, stmt);
        }

        fn visit_expr(&mut self, expr: &'a Expr) {
            match expr {
                Expr::Yield(ast::ExprYield {
                    value: Some(value), ..
                }) => self.held(value),
                Expr::YieldFrom(y) => self.held(&y.value),
                Expr::Call(call) if is_class_name(&call.func) => {
                    call.arguments.args.iter().for_each(|a| self.held(a));
                    for keyword in &call.arguments.keywords {
                        self.held(&keyword.value);
                    }
                }
                Expr::Call(call)
                    if matches!(&*call.func, Expr::Attribute(attribute) if matches!(
                        attribute.attr.id.as_str(),
                        "append" | "add" | "extend" | "insert" | "put" | "put_nowait"
                            | "setdefault" | "register" | "push" | "enter_context" | "callback"
                    )) =>
                {
                    call.arguments.args.iter().for_each(|a| self.held(a));
                }
                Expr::Lambda(lambda) => {
                    let mut names = Vec::new();
                    collect_names(&lambda.body, &mut names);
                    for name in names {
                        self.kept.extend((self.parameter_of)(name));
                    }
                }
                _ => {}
            }
            visitor::walk_expr(self, expr);
        }
    }
    let mut keeps = Keeps {
        parameter_of,
        globals: Vec::new(),
        kept: Vec::new(),
    };
    visitor::walk_body(&mut keeps, body);
    let mut kept = keeps.kept;
    kept.sort_unstable();
    kept.dedup();
    kept
}

/// The argument slots of `call` that hold a program constant. None when
/// the call unpacks arguments (`*args`, `**kwargs`): its slots are unknown.
fn constant_slots(context: &Context, call: &ast::ExprCall) -> Vec<ArgumentSlot> {
    let unpacks = call.arguments.args.iter().any(Expr::is_starred_expr)
        || call.arguments.keywords.iter().any(|k| k.arg.is_none());
    if unpacks {
        return Vec::new();
    }
    let positional = call
        .arguments
        .args
        .iter()
        .enumerate()
        .filter(|(_, arg)| is_program_constant(context, arg))
        .map(|(position, _)| ArgumentSlot::Position(position));
    let keywords = call.arguments.keywords.iter().filter_map(|keyword| {
        let name = keyword.arg.as_ref()?;
        is_program_constant(context, &keyword.value).then(|| ArgumentSlot::Keyword(name.id.clone()))
    });
    positional.chain(keywords).collect()
}

/// A value the program fixes, not one that comes in: a string literal (not
/// an f-string), a list or tuple of such values (`["tag"]`), a module-level
/// name in capitals bound once, an internal attribute (`model._table`,
/// `cls.TABLE`: private or constant by naming), or a local name every
/// reaching write of which binds one (`for table in ["builds", "changes"]`).
fn is_program_constant(context: &Context, expr: &Expr) -> bool {
    program_constant_within(context, expr, 3)
}

fn program_constant_within(context: &Context, expr: &Expr, depth: usize) -> bool {
    let constant_name = |name: &str| {
        name.chars().any(|c| c.is_ascii_uppercase()) && crate::semantic::is_upper_snake_case(name)
    };
    let all_constant = |elements: &[Expr]| {
        !elements.is_empty()
            && elements
                .iter()
                .all(|element| program_constant_within(context, element, depth))
    };
    match expr {
        Expr::StringLiteral(_) => true,
        Expr::List(list) => all_constant(&list.elts),
        Expr::Tuple(tuple) => all_constant(&tuple.elts),
        Expr::Attribute(attribute) => {
            let name = attribute.attr.id.as_str();
            (name.starts_with('_') && !name.starts_with("__")) || constant_name(name)
        }
        Expr::Name(name) if constant_name(name.id.as_str()) => context
            .semantic
            .binding_at(name.id.as_str(), name.start())
            .is_some_and(|binding| {
                binding.kind == BindingKind::Assignment
                    && binding.scope == ScopeId::MODULE
                    && matches!(binding.value, Some(Expr::StringLiteral(_)))
            }),
        Expr::Name(name) if depth > 0 => context.semantic.every_reaching_binding(name, |binding| {
            let Some(value) = binding.value else {
                return false;
            };
            match binding.kind {
                BindingKind::Assignment => program_constant_within(context, value, depth - 1),
                // Each item of a literal list of constants.
                BindingKind::LoopTarget => {
                    matches!(value, Expr::List(_) | Expr::Tuple(_))
                        && program_constant_within(context, value, depth - 1)
                }
                _ => false,
            }
        }),
        _ => false,
    }
}

/// `Wrapper`, `db.Database`: a class by the convention that classes are
/// capitalised.
fn is_class_name(func: &Expr) -> bool {
    let name = match func {
        Expr::Name(name) => name.id.as_str(),
        Expr::Attribute(attribute) => attribute.attr.id.as_str(),
        _ => return false,
    };
    name.trim_start_matches('_')
        .starts_with(|c: char| c.is_ascii_uppercase())
}

fn collect_names<'a>(expr: &'a Expr, names: &mut Vec<&'a Expr>) {
    struct Names<'a, 'n>(&'n mut Vec<&'a Expr>);
    impl<'a> Visitor<'a> for Names<'a, '_> {
        fn visit_expr(&mut self, expr: &'a Expr) {
            if expr.is_name_expr() {
                self.0.push(expr);
            }
            visitor::walk_expr(self, expr);
        }
    }
    Names(names).visit_expr(expr);
}

/// Module-level names bound exactly once, to a call that makes a database
/// object of a proven driver.
fn module_objects(context: &Context) -> FxHashMap<String, DbFact> {
    let semantic = context.semantic;
    let mut counts: FxHashMap<&str, usize> = FxHashMap::default();
    for (_, binding) in semantic.bindings() {
        if binding.scope == ScopeId::MODULE {
            *counts.entry(binding.name).or_insert(0) += 1;
        }
    }
    let candidates: Vec<(&str, &Expr)> = semantic
        .bindings()
        .filter(|(_, binding)| {
            binding.scope == ScopeId::MODULE
                && binding.kind == BindingKind::Assignment
                && counts.get(binding.name) == Some(&1)
        })
        .filter_map(|(_, binding)| match binding.value {
            Some(value @ Expr::Call(_)) => Some((binding.name, value)),
            _ => None,
        })
        .collect();
    let mut objects = FxHashMap::default();
    // The database model is built only for a module that may hold one.
    if candidates.is_empty() {
        return objects;
    }
    let db = context.db();
    for (name, value) in candidates {
        if let Some(object) = db.object(context, value)
            && !object.presumed
            && let Some(driver) = object.driver
        {
            objects.insert(
                name.to_owned(),
                DbFact {
                    driver: driver.name.clone(),
                    kind: object.kind,
                },
            );
        }
    }
    objects
}

/// Module-level names bound exactly once, to `flask_sqlalchemy.SQLAlchemy(…)`.
fn flask_databases(context: &Context) -> HashSet<String> {
    let semantic = context.semantic;
    if !semantic.imports_module("flask_sqlalchemy") {
        return HashSet::new();
    }
    let mut counts: FxHashMap<&str, usize> = FxHashMap::default();
    for (_, binding) in semantic.bindings() {
        if binding.scope == ScopeId::MODULE {
            *counts.entry(binding.name).or_insert(0) += 1;
        }
    }
    semantic
        .bindings()
        .filter(|(_, binding)| {
            binding.scope == ScopeId::MODULE
                && binding.kind == BindingKind::Assignment
                && counts.get(binding.name) == Some(&1)
                && matches!(binding.value, Some(Expr::Call(call))
                    if semantic.resolve_qualified_name(&call.func).as_deref()
                        == Some("flask_sqlalchemy.SQLAlchemy"))
        })
        .map(|(_, binding)| binding.name.to_owned())
        .collect()
}

/// Where a value that may be a database object comes from.
fn object_source(
    context: &Context,
    module: &str,
    class: Option<&str>,
    scope: ScopeId,
    parameter_of: &dyn Fn(&Expr) -> Option<usize>,
    expr: &Expr,
) -> ObjectSource {
    let db = context.db();
    if let Some(object) = db.object(context, expr)
        && !object.presumed
        && let Some(driver) = object.driver
    {
        return ObjectSource::Driver(DbFact {
            driver: driver.name.clone(),
            kind: object.kind,
        });
    }
    if let Some(index) = parameter_of(expr) {
        return ObjectSource::Parameter(index);
    }
    let call = match expr {
        Expr::Call(call) => Some(call),
        Expr::Name(name) => context
            .semantic
            .binding_at(name.id.as_str(), name.start())
            .filter(|b| b.kind == BindingKind::Assignment && b.scope == scope)
            .and_then(|b| match b.value {
                Some(Expr::Call(call)) => Some(call),
                _ => None,
            }),
        _ => None,
    };
    call.and_then(|call| callee_of(context, module, class, &call.func))
        .map_or(ObjectSource::Unknown, ObjectSource::Returned)
}

/// What a call's callee names, in the terms of the project index.
pub fn callee_of(
    context: &Context,
    module: &str,
    class: Option<&str>,
    func: &Expr,
) -> Option<Callee> {
    match func {
        Expr::Name(name) => {
            let binding = context
                .semantic
                .binding_at(name.id.as_str(), name.start())?;
            match &binding.kind {
                BindingKind::FunctionDefinition | BindingKind::ClassDefinition
                    if binding.scope == ScopeId::MODULE =>
                {
                    Some(Callee::Qualified(format!("{module}.{}", name.id)))
                }
                BindingKind::Import { qualified } | BindingKind::FromImport { qualified } => {
                    Some(Callee::Qualified(qualified.clone()))
                }
                _ => None,
            }
        }
        Expr::Attribute(attribute) => {
            if let Expr::Name(receiver) = &*attribute.value
                && matches!(receiver.id.as_str(), "self" | "cls")
                && let Some(class) = class
            {
                return Some(Callee::Qualified(format!(
                    "{module}.{class}.{}",
                    attribute.attr.id
                )));
            }
            // `Loader._communicate(p)`: a static or class method of a class
            // this module defines, called through the class (an instance
            // method called so takes its receiver as the first argument,
            // which the summary does not expect).
            if let Expr::Name(receiver) = &*attribute.value
                && receiver.id.starts_with(|c: char| c.is_ascii_uppercase())
                && let Some(binding) = context
                    .semantic
                    .binding_at(receiver.id.as_str(), receiver.start())
                && binding.kind == BindingKind::ClassDefinition
                && binding.scope == ScopeId::MODULE
                && let Some(class_def) = context.top_level_class(binding)
                && class_def.body.iter().any(|stmt| {
                    matches!(stmt, Stmt::FunctionDef(def)
                    if def.name.as_str() == attribute.attr.as_str()
                        && def.decorator_list.iter().any(|decorator| {
                            matches!(&decorator.expression, Expr::Name(d)
                                if matches!(d.id.as_str(), "staticmethod" | "classmethod"))
                        }))
                })
            {
                return Some(Callee::Qualified(format!(
                    "{module}.{}.{}",
                    receiver.id, attribute.attr.id
                )));
            }
            if let Some(qualified) = context.semantic.resolve_qualified_name(func) {
                return Some(Callee::Qualified(qualified));
            }
            Some(Callee::Method(attribute.attr.id.to_string()))
        }
        _ => None,
    }
}

/// Every call in a function body, nested functions aside, and whether it
/// runs inside a `try` whose handlers catch database errors.
struct CallCollector<'a, 'c> {
    context: &'c Context<'c>,
    calls: Vec<(&'a ast::ExprCall, bool)>,
    /// The values of `return` statements (and of `yield`s, in a context
    /// manager's generator: what `with f() as x` binds).
    returns: Vec<&'a Expr>,
    yields_are_returns: bool,
    guarded: bool,
}

impl<'a, 'c> CallCollector<'a, 'c> {
    fn new(context: &'c Context<'c>, yields_are_returns: bool) -> Self {
        Self {
            context,
            calls: Vec::new(),
            returns: Vec::new(),
            yields_are_returns,
            guarded: false,
        }
    }
}

impl<'a> Visitor<'a> for CallCollector<'a, '_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {}
            Stmt::Return(ast::StmtReturn {
                value: Some(value), ..
            }) => {
                self.returns.push(value);
                visitor::walk_stmt(self, stmt);
            }
            Stmt::Try(try_stmt) => {
                let outer = self.guarded;
                self.guarded |= try_stmt
                    .handlers
                    .iter()
                    .any(|handler| catches_database_errors(self.context, handler));
                self.visit_body(&try_stmt.body);
                self.guarded = outer;
                for handler in &try_stmt.handlers {
                    self.visit_except_handler(handler);
                }
                self.visit_body(&try_stmt.orelse);
                self.visit_body(&try_stmt.finalbody);
            }
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Call(call) => self.calls.push((call, self.guarded)),
            Expr::Yield(ast::ExprYield {
                value: Some(value), ..
            }) if self.yields_are_returns => self.returns.push(value),
            _ => {}
        }
        visitor::walk_expr(self, expr);
    }
}

/// Whether an `except` clause catches what a database call raises: a bare
/// `except`, `Exception`/`BaseException`, or an error class of a driver or
/// of a database layer (`DatabaseError`, `DBError`, `SQLAlchemyError`, …).
pub fn catches_database_errors(context: &Context, handler: &ast::ExceptHandler) -> bool {
    let ast::ExceptHandler::ExceptHandler(inner) = handler;
    let Some(type_) = &inner.type_ else {
        return true;
    };
    let types: Vec<&Expr> = match &**type_ {
        Expr::Tuple(tuple) => tuple.elts.iter().collect(),
        other => vec![other],
    };
    types.into_iter().any(|type_| {
        let qualified = context
            .semantic
            .resolve_qualified_name(type_)
            .unwrap_or_else(|| context.slice(type_.range()).to_owned());
        let last = qualified.rsplit('.').next().unwrap_or_default();
        matches!(last, "Exception" | "BaseException")
            || crate::model::drivers::builtin_drivers()
                .iter()
                .any(|driver| driver.owns(&qualified))
            || matches!(
                last,
                "Error"
                    | "DatabaseError"
                    | "DBError"
                    | "SQLAlchemyError"
                    | "OperationalError"
                    | "InterfaceError"
            )
    })
}

#[cfg(test)]
mod tests {
    use super::released_and_shared_parameters;
    use crate::model::settings::Settings;
    use crate::parse::source::SourceFile;
    use crate::parse::{Expr, Stmt};

    fn keeps(code: &str) -> Vec<(String, Vec<usize>)> {
        let source = SourceFile::decode(code.as_bytes()).expect("decodes");
        let facts = super::super::facts_of_source(
            std::path::Path::new("app/m.py"),
            &source,
            &Settings::default(),
            "app.m",
            false,
        )
        .expect("parses");
        let mut kept: Vec<_> = facts
            .functions
            .into_iter()
            .map(|(name, summary)| (name, summary.keeps.to_vec()))
            .collect();
        kept.sort();
        kept
    }

    #[test]
    fn parameters_kept_beyond_the_call() {
        let code = "\
CACHE = None
def returned(f): return f
def stored(self, f): self.f = f
def wrapped(f): return Reader(f)
def appended(items, f): items.append(f)
def global_(f):
    global CACHE
    CACHE = f
def captured(f):
    def inner(): return f.read()
    return inner
def read(f): return f.read()
def closed(f): f.close()
def local(f):
    g = f
    print(g)
";
        let kept = keeps(code);
        let of = |name: &str| kept.iter().find(|(n, _)| n == name).map(|(_, k)| k.clone());
        assert_eq!(of("returned"), Some(vec![0]));
        assert_eq!(of("stored"), Some(vec![1]));
        assert_eq!(of("wrapped"), Some(vec![0]));
        assert_eq!(of("appended"), Some(vec![1]));
        assert_eq!(of("global_"), Some(vec![0]));
        assert_eq!(of("captured"), Some(vec![0]));
        assert_eq!(of("read"), Some(vec![]));
        assert_eq!(of("closed"), Some(vec![]));
        assert_eq!(of("local"), Some(vec![]));
    }

    #[test]
    fn parameters_closed_by_the_function() {
        let module = crate::parse::parse_module(
            "\
def close_cn(cn): cn.close()
def finish(log, cn):
    log.info('done')
    cn.__exit__(None, None, None)
def read(f): return f.read()
def inner(f):
    def later(): f.close()
    return later
def drain(process):
    for output in process.communicate():
        print(output)
",
        )
        .unwrap();
        let released = |name: &str| {
            let function = module
                .body()
                .iter()
                .find_map(|stmt| match stmt {
                    Stmt::FunctionDef(def) if def.name.as_str() == name => Some(def),
                    _ => None,
                })
                .unwrap();
            let parameters: Vec<&str> = function
                .parameters
                .iter()
                .map(|p| p.name().as_str())
                .collect();
            released_and_shared_parameters(&function.body, &|expr| match expr {
                Expr::Name(n) => parameters.iter().position(|p| *p == n.id.as_str()),
                _ => None,
            })
        };
        let closes = |name: &str| released(name).closed;
        assert_eq!(closes("close_cn"), vec![0]);
        assert_eq!(closes("finish"), vec![1]);
        assert_eq!(closes("read"), Vec::<usize>::new());
        // Closed later, by a function it hands back: not by this one.
        assert_eq!(closes("inner"), Vec::<usize>::new());
        assert_eq!(closes("drain"), Vec::<usize>::new());
        assert_eq!(released("drain").communicated, vec![0]);
        assert_eq!(released("read").communicated, Vec::<usize>::new());
    }
}
