//! Database driver families and what a module's names say about them.
//!
//! The table (`transforms/sql-parameterize/drivers.toml`) is data: module
//! names, paramstyle, base error class, connection constructors. The model
//! built per module answers "which driver does this receiver belong to, and
//! is it a connection or a cursor?" for the DB rules.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;
use serde::Deserialize;

use crate::model::Context;
use crate::parse::{Expr, Ranged, Stmt, TextRange, Visitor, ast, visitor};
use crate::semantic::BindingKind;

/// How a driver writes placeholders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Paramstyle {
    /// `?`
    Qmark,
    /// `%s`
    Format,
    /// `%(name)s`
    Pyformat,
    /// `:1`
    Numeric,
    /// `:name`
    Named,
    /// `$1` (asyncpg)
    Dollar,
}

impl Paramstyle {
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "qmark" => Some(Self::Qmark),
            "format" => Some(Self::Format),
            "pyformat" => Some(Self::Pyformat),
            "numeric" => Some(Self::Numeric),
            "named" => Some(Self::Named),
            "dollar" => Some(Self::Dollar),
            _ => None,
        }
    }

    /// Whether the driver %-interpolates the query, so a literal `%` must be doubled.
    pub fn doubles_percent(self) -> bool {
        matches!(self, Self::Format | Self::Pyformat)
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Driver {
    pub name: String,
    pub modules: Vec<String>,
    pub paramstyle: Paramstyle,
    /// `module.Class` of the base error.
    pub error: String,
    #[serde(default)]
    pub connect: Vec<String>,
    /// Names that are connections already (`django.db.connection`).
    #[serde(default)]
    pub connections: Vec<String>,
    /// Constructors in `connect` that build an engine or a session factory:
    /// they neither talk to the database nor hold a resource to close.
    #[serde(default)]
    pub factories: Vec<String>,
    /// Constructors in `connect` that do not connect yet (a SQLAlchemy
    /// `Session` connects on first use): no error handling needed around them.
    #[serde(default)]
    pub lazy: Vec<String>,
    #[serde(default, rename = "async")]
    pub is_async: bool,
    /// Whether `async with connect(...)` and `async with conn.cursor()`
    /// close what they open (aiopg, aiomysql; not asyncpg).
    #[serde(default)]
    pub async_context: bool,
    pub closing_cursor: bool,
    pub closing_connection: bool,
}

impl Driver {
    /// The base error split into module and class (`sqlalchemy.exc`, `SQLAlchemyError`).
    pub fn error_parts(&self) -> (&str, &str) {
        self.error
            .rsplit_once('.')
            .unwrap_or(("builtins", &self.error))
    }

    /// Whether a qualified name belongs to this driver's modules.
    pub fn owns(&self, qualified: &str) -> bool {
        self.modules.iter().any(|module| {
            qualified == module
                || qualified
                    .strip_prefix(module.as_str())
                    .is_some_and(|rest| rest.starts_with('.'))
        })
    }
}

#[derive(Debug, Deserialize)]
struct DriverFile {
    driver: Vec<Driver>,
}

/// The built-in driver table.
pub fn builtin_drivers() -> &'static [Driver] {
    static TABLE: OnceLock<Vec<Driver>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let file: DriverFile = toml::from_str(include_str!(
            "../../transforms/sql-parameterize/drivers.toml"
        ))
        .expect("the built-in driver table is valid TOML");
        file.driver
    })
}

/// What a database object is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbKind {
    /// A connection, engine, pool or session.
    Connection,
    Cursor,
}

/// A name known to hold a database object.
#[derive(Debug, Clone, Copy)]
pub struct DbObject<'d> {
    /// `None` when the object looks like a database object (a parameter
    /// named `conn`, say) but nothing says which driver made it.
    pub driver: Option<&'d Driver>,
    pub kind: DbKind,
    /// Whether `driver` is only presumed: the object is known by its name
    /// (`cursor`, `self.conn`) and the driver is the one family imported
    /// where it is used, not traced to the call that made it. A fix that
    /// relies on the driver (a paramstyle, an error class) is then unsafe.
    pub presumed: bool,
}

/// Which names in a module hold connections and cursors, and of which driver.
///
/// Bindings are keyed by their source text (`conn`, `self.conn`,
/// `self._db`) across the whole module: a legacy module rarely binds the
/// same name to two different drivers.
pub struct DbModel<'d> {
    drivers: &'d [Driver],
    /// (key, scope) → object. A scope is an index into `scopes` (a function
    /// or class; `self.x` bindings hold class-wide), or `MODULE`.
    bindings: FxHashMap<(String, usize), DbObject<'d>>,
    /// Function and class ranges in source order, each with its parent.
    scopes: Vec<(TextRange, Option<usize>)>,
    /// The only driver family the module imports, if exactly one.
    module_driver: Option<&'d Driver>,
    /// [`Self::driver_visible_at`]'s answers (indices into `drivers`) by
    /// the scope asked from: the imports visible depend on the scope only.
    visible_drivers: std::cell::RefCell<FxHashMap<crate::semantic::ScopeId, Option<usize>>>,
}

/// The scope index of module-level bindings.
const MODULE: usize = usize::MAX;

const CONNECTION_NAMES: &[&str] = &[
    "conn",
    "connection",
    "db",
    "dbconn",
    "db_conn",
    "con",
    "cnx",
    "engine",
    "session",
];
const CURSOR_NAMES: &[&str] = &["cursor", "cur", "c", "curs", "csr"];

impl<'d> DbModel<'d> {
    pub fn new(context: &Context, drivers: &'d [Driver]) -> Self {
        let imported: Vec<&Driver> = drivers
            .iter()
            .filter(|driver| {
                driver
                    .modules
                    .iter()
                    .any(|module| context.semantic.imports_module(module))
            })
            .collect();
        let module_driver = match imported.as_slice() {
            [only] => Some(*only),
            _ => None,
        };
        let mut builder = Builder {
            context,
            model: DbModel {
                drivers,
                bindings: FxHashMap::default(),
                scopes: Vec::new(),
                module_driver,
                visible_drivers: std::cell::RefCell::default(),
            },
            scopes: Vec::new(),
        };
        for stmt in context.body() {
            builder.visit_stmt(stmt);
        }
        builder.model
    }

    /// The driver the module imports, when it imports exactly one family.
    pub fn module_driver(&self) -> Option<&'d Driver> {
        self.module_driver
    }

    /// The object every caller in the project passes for the parameter
    /// `name` reads (the project index traced it), if they all agree.
    fn passed_by_every_caller(
        &self,
        context: &Context,
        name: &ast::ExprName,
    ) -> Option<DbObject<'d>> {
        let project = context.project();
        if project.is_empty() {
            return None;
        }
        let def = context.semantic.function_at(name.start())?;
        let index = def.parameters.iter().position(|p| p.name().id == name.id)?;
        let function = context.qualified_function_name(def);
        let fact = project.parameter_object(&function, index)?;
        self.object_of_fact(fact)
    }

    fn object_of_fact(&self, fact: &crate::model::index::DbFact) -> Option<DbObject<'d>> {
        let driver = self.drivers.iter().find(|d| d.name == fact.driver)?;
        Some(DbObject {
            driver: Some(driver),
            kind: fact.kind,
            presumed: false,
        })
    }

    /// The object a call to a project function returns (`dao.connect(path)`
    /// where `connect` returns `sqlite3.connect(path)`), when proven.
    fn returned_by_project_function(
        &self,
        context: &Context,
        call: &ast::ExprCall,
    ) -> Option<DbObject<'d>> {
        let project = context.project();
        if project.is_empty() {
            return None;
        }
        let (module, _) = context.module_name()?;
        let class = context.semantic.enclosing_class_name(call.start());
        let callee = crate::model::index::callee_of(context, module, class, &call.func)?;
        self.object_of_fact(project.returned_object(&callee)?)
    }

    /// The one driver family imported where `at` can see it (function-local
    /// imports count only inside their function), if exactly one.
    pub fn driver_visible_at(
        &self,
        context: &Context,
        at: crate::parse::TextSize,
    ) -> Option<&'d Driver> {
        let scope = context.semantic.scope_at(at);
        let known = self.visible_drivers.borrow().get(&scope).copied();
        let index = known.unwrap_or_else(|| {
            let found = self.driver_imported_at(context, at).and_then(|driver| {
                self.drivers
                    .iter()
                    .position(|candidate| std::ptr::eq(candidate, driver))
            });
            self.visible_drivers.borrow_mut().insert(scope, found);
            found
        });
        index.map(|index| &self.drivers[index])
    }

    fn driver_imported_at(
        &self,
        context: &Context,
        at: crate::parse::TextSize,
    ) -> Option<&'d Driver> {
        let mut found: Option<&'d Driver> = None;
        for binding in context.semantic.imports_visible_at(at) {
            let Some(qualified) = binding.kind.qualified_import() else {
                continue;
            };
            let qualified = context.canonical(qualified);
            if let Some(driver) = self.drivers.iter().find(|d| d.owns(&qualified)) {
                match found {
                    Some(seen) if seen.name != driver.name => return None,
                    _ => found = Some(driver),
                }
            }
        }
        found
    }

    /// The driver a qualified call name belongs to (`sqlite3.connect` → sqlite3).
    pub fn driver_of(&self, qualified: &str) -> Option<&'d Driver> {
        self.drivers.iter().find(|driver| driver.owns(qualified))
    }

    /// What `expr` holds, when it is a known or DB-looking name,
    /// an attribute like `self.conn`, or a `conn.cursor()` call.
    pub fn object(&self, context: &Context, expr: &Expr) -> Option<DbObject<'d>> {
        self.object_within(context, expr, 0)
    }

    fn object_within(&self, context: &Context, expr: &Expr, depth: usize) -> Option<DbObject<'d>> {
        match expr {
            Expr::Name(_) | Expr::Attribute(_) => {
                if let Some(object) = self.bound_within(context, expr, depth) {
                    return Some(object);
                }
                // A name bound to something that is not a database object
                // (a parameter is unknown, so it may still look like one).
                if let Expr::Name(name) = expr
                    && context
                        .semantic
                        .binding_at(name.id.as_str(), name.start())
                        .is_some_and(|b| {
                            !matches!(b.kind, BindingKind::Parameter) && !b.is_import()
                        })
                {
                    return None;
                }
                if let Some(qualified) = context.semantic.resolve_qualified_name(expr) {
                    if let Some(driver) = self
                        .drivers
                        .iter()
                        .find(|d| d.connections.contains(&qualified))
                    {
                        return Some(DbObject {
                            driver: Some(driver),
                            kind: DbKind::Connection,
                            presumed: false,
                        });
                    }
                    return None;
                }
                let last = match expr {
                    Expr::Name(name) => name.id.as_str(),
                    Expr::Attribute(attribute) => attribute.attr.id.as_str(),
                    _ => return None,
                };
                let lower = last.trim_start_matches('_').to_ascii_lowercase();
                // Presumed: the driver imported where the name is used, or
                // else the only one the project imports (looked up only for
                // names that look like database objects).
                let presumed_driver = || {
                    self.driver_visible_at(context, expr.start()).or_else(|| {
                        crate::model::index::sole_driver_family(context)
                            .and_then(|d| self.drivers.iter().find(|own| own.name == d.name))
                    })
                };
                if CURSOR_NAMES.contains(&lower.as_str()) {
                    return Some(DbObject {
                        driver: presumed_driver(),
                        kind: DbKind::Cursor,
                        presumed: true,
                    });
                }
                if CONNECTION_NAMES.contains(&lower.as_str())
                    || lower.ends_with("_conn")
                    || lower.ends_with("_connection")
                {
                    return Some(DbObject {
                        driver: presumed_driver(),
                        kind: DbKind::Connection,
                        presumed: true,
                    });
                }
                None
            }
            Expr::Call(call) => {
                if let Some(created) = self.created_by(context, expr) {
                    return Some(created);
                }
                if let Some(returned) = self.returned_by_project_function(context, call) {
                    return Some(returned);
                }
                match &*call.func {
                    Expr::Attribute(attribute) => {
                        let method = attribute.attr.id.as_str();
                        let kind = match method {
                            "cursor" => DbKind::Cursor,
                            // `engine.connect()`, `engine.begin()`, `pool.acquire()`, `pool.getconn()`
                            "connect" | "begin" | "acquire" | "getconn" => DbKind::Connection,
                            _ => return self.factory_call(context, &call.func, depth),
                        };
                        let parent = self.object_within(context, &attribute.value, depth + 1)?;
                        if kind == DbKind::Connection && parent.driver.is_none() {
                            return None;
                        }
                        Some(DbObject {
                            driver: parent.driver,
                            kind,
                            presumed: parent.presumed,
                        })
                    }
                    Expr::Name(_) => self.factory_call(context, &call.func, depth),
                    _ => None,
                }
            }
            Expr::Await(await_expr) => self.object_within(context, &await_expr.value, depth + 1),
            _ => None,
        }
    }

    /// `SessionLocal()` where `SessionLocal = sessionmaker(...)`: calling a
    /// bound session factory gives a session of the same driver.
    fn factory_call(&self, context: &Context, func: &Expr, depth: usize) -> Option<DbObject<'d>> {
        // The depth carries on: `input = input()` would otherwise follow itself.
        let factory = self.bound_within(context, func, depth + 1)?;
        (factory.kind == DbKind::Connection && factory.driver.is_some()).then_some(factory)
    }

    /// The object bound to `expr`: a name through the bindings that reach
    /// it (every one must hold the same kind of object of the same driver);
    /// an attribute (`self.conn`) by its text in the scopes around it.
    fn bound_within(&self, context: &Context, expr: &Expr, depth: usize) -> Option<DbObject<'d>> {
        if let Expr::Name(name) = expr {
            if depth > 8 {
                return None;
            }
            let reaching = context
                .semantic
                .reaching_bindings(name.id.as_str(), name.start());
            let mut found: Option<DbObject<'d>> = None;
            for id in reaching {
                let binding = context.semantic.binding(id);
                if binding.kind == BindingKind::Parameter {
                    let object = self.passed_by_every_caller(context, name)?;
                    match found {
                        Some(seen) if !same_object(&seen, &object) => return None,
                        _ => found = Some(object),
                    }
                    continue;
                }
                let value = match binding.kind {
                    BindingKind::Assignment | BindingKind::WithItem => binding.value?,
                    _ => return None,
                };
                let value = if binding.kind == BindingKind::WithItem {
                    unwrap_closing(context, value)
                } else {
                    value
                };
                let object = match value {
                    Expr::Call(_) | Expr::Await(_) => {
                        self.object_within(context, value, depth + 1)?
                    }
                    Expr::Name(_) => self.bound_within(context, value, depth + 1)?,
                    // `con = self._connection` (requests-cache's shape), the
                    // attribute bound to a connection in `__init__`.
                    Expr::Attribute(_) if binding.kind == BindingKind::Assignment => {
                        self.bound_within(context, value, depth + 1)?
                    }
                    _ => return None,
                };
                match found {
                    Some(seen) if !same_object(&seen, &object) => return None,
                    _ => found = Some(object),
                }
            }
            return found;
        }
        let key = context.slice(crate::parse::Ranged::range(expr));
        let at = crate::parse::Ranged::start(expr);
        self.enclosing_scopes(at)
            .chain([MODULE])
            .find_map(|scope| self.bindings.get(&(key.to_owned(), scope)))
            .copied()
    }

    /// The functions and classes around `at`, innermost first.
    fn enclosing_scopes(&self, at: crate::parse::TextSize) -> impl Iterator<Item = usize> + '_ {
        // The last scope starting at or before `at`, then its ancestors; keep those that contain `at`.
        let last = self
            .scopes
            .partition_point(|(range, _)| range.start() <= at)
            .checked_sub(1);
        std::iter::successors(last, |&index| self.scopes[index].1)
            .filter(move |&index| self.scopes[index].0.contains_inclusive(at))
    }

    /// The object a constructor call creates (`sqlite3.connect(...)`).
    pub fn created_by(&self, context: &Context, expr: &Expr) -> Option<DbObject<'d>> {
        let expr = match expr {
            Expr::Await(await_expr) => &*await_expr.value,
            other => other,
        };
        let Expr::Call(call) = expr else { return None };
        self.created_by_call(context, call)
    }

    /// The connection a call creates (`sqlite3.connect(...)`), if it is a driver's constructor.
    pub fn created_by_call(&self, context: &Context, call: &ast::ExprCall) -> Option<DbObject<'d>> {
        self.constructed_by(context, call).map(|made| made.object)
    }

    /// What a driver's constructor call makes, if the call is one.
    pub fn constructed_by(
        &self,
        context: &Context,
        call: &ast::ExprCall,
    ) -> Option<Constructed<'d>> {
        let qualified = context.semantic.resolve_qualified_name(&call.func)?;
        let driver = self
            .drivers
            .iter()
            .find(|driver| driver.connect.contains(&qualified))?;
        let is_factory = driver.factories.contains(&qualified);
        Some(Constructed {
            object: DbObject {
                driver: Some(driver),
                kind: DbKind::Connection,
                presumed: false,
            },
            is_factory,
            connects: !is_factory && !driver.lazy.contains(&qualified),
        })
    }
}

/// What a driver's constructor call makes.
#[derive(Debug, Clone, Copy)]
pub struct Constructed<'d> {
    pub object: DbObject<'d>,
    /// An engine or session factory (`create_engine`, `sessionmaker`): no
    /// resource to close.
    pub is_factory: bool,
    /// Talks to the database right away (not a factory, not a session that
    /// connects on first use).
    pub connects: bool,
}

struct Builder<'c, 'd> {
    context: &'c Context<'c>,
    model: DbModel<'d>,
    /// Enclosing functions and classes, innermost last: index into the model's scopes, and whether a class.
    scopes: Vec<(usize, bool)>,
}

impl Builder<'_, '_> {
    fn bind(&mut self, target: &Expr, value: &Expr) {
        // Names are followed through the semantic model's bindings.
        if !matches!(target, Expr::Attribute(_)) {
            return;
        }
        if !matches!(value, Expr::Call(_) | Expr::Await(_)) {
            return;
        }
        let Some(object) = self.model.object(self.context, value) else {
            return;
        };
        let key = self
            .context
            .slice(crate::parse::Ranged::range(target))
            .to_owned();
        let scope = if key.starts_with("self.") {
            self.scopes
                .iter()
                .rev()
                .find(|(_, is_class)| *is_class)
                .map_or(MODULE, |(index, _)| *index)
        } else {
            self.scopes.last().map_or(MODULE, |(index, _)| *index)
        };
        self.model.bindings.entry((key, scope)).or_insert(object);
    }
}

impl<'a> Visitor<'a> for Builder<'_, '_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::Assign(assign) => {
                for target in &assign.targets {
                    self.bind(target, &assign.value);
                }
            }
            Stmt::AnnAssign(ast::StmtAnnAssign {
                target,
                value: Some(value),
                ..
            }) => self.bind(target, value),
            Stmt::With(with) => {
                for item in &with.items {
                    if let Some(target) = &item.optional_vars {
                        let value = unwrap_closing(self.context, &item.context_expr);
                        self.bind(target, value);
                    }
                }
            }
            Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {
                let parent = self.scopes.last().map(|(index, _)| *index);
                self.model
                    .scopes
                    .push((crate::parse::Ranged::range(stmt), parent));
                self.scopes.push((
                    self.model.scopes.len() - 1,
                    matches!(stmt, Stmt::ClassDef(_)),
                ));
                visitor::walk_stmt(self, stmt);
                self.scopes.pop();
                return;
            }
            _ => {}
        }
        visitor::walk_stmt(self, stmt);
    }

    /// Bindings come from statements only: expressions (however deep) hold
    /// none that this model reads, so they are not walked.
    fn visit_expr(&mut self, _: &'a Expr) {}
}

/// Whether two objects are the same kind of object of the same driver.
fn same_object(a: &DbObject, b: &DbObject) -> bool {
    a.kind == b.kind && a.driver.map(|d| &d.name) == b.driver.map(|d| &d.name)
}

/// `contextlib.closing(x)` → `x`.
pub fn unwrap_closing<'e>(context: &Context, expr: &'e Expr) -> &'e Expr {
    if let Expr::Call(call) = expr
        && context
            .semantic
            .resolve_qualified_name(&call.func)
            .as_deref()
            == Some("contextlib.closing")
        && let Some(first) = call.arguments.args.first()
    {
        return first;
    }
    expr
}

/// The SQL dialect a driver speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    Sqlite,
    Postgres,
    MySql,
    #[default]
    Generic,
}

impl Dialect {
    /// The dialect of a driver family (its name in `drivers.toml`).
    pub fn of_driver(name: &str) -> Self {
        match name {
            "sqlite3" | "pysqlite2" | "pysqlite3" | "aiosqlite" | "sqlcipher3" | "apsw" => {
                Self::Sqlite
            }
            "psycopg2" | "psycopg" | "asyncpg" | "aiopg" | "pg8000" | "pgdb" => Self::Postgres,
            "pymysql" | "MySQLdb" | "mysql.connector" | "aiomysql" | "mysqlclient" => Self::MySql,
            _ => Self::Generic,
        }
    }
}

/// Whether the driver family's database reads `'…'` as standard SQL, with
/// no backslash escape in it: SQLite, PostgreSQL (standard-conforming
/// strings), SQL Server, Oracle. Not MySQL, and not a layer (SQLAlchemy,
/// Django) whose database may be MySQL.
pub fn reads_standard_strings(driver: &str) -> bool {
    matches!(
        Dialect::of_driver(driver),
        Dialect::Sqlite | Dialect::Postgres
    ) || matches!(driver, "pymssql" | "oracledb")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::settings::Settings;
    use crate::parse::parse_module;
    use crate::parse::source::SourceFile;
    use crate::semantic::Semantic;

    fn receiver_driver(text: &str) -> Option<(String, DbKind)> {
        let source = SourceFile::from_text(text);
        let module = parse_module(text).unwrap();
        let semantic = Semantic::new(module.body());
        let settings = Settings::default();
        let context = Context::new(
            std::path::Path::new("x.py"),
            &source,
            &module,
            &semantic,
            &settings,
        );
        let model = DbModel::new(&context, builtin_drivers());
        let Stmt::Expr(last) = module.body().last().unwrap() else {
            panic!()
        };
        let Expr::Call(call) = &*last.value else {
            panic!()
        };
        let Expr::Attribute(attribute) = &*call.func else {
            panic!()
        };
        model
            .object(&context, &attribute.value)
            .map(|o| (o.driver.map(|d| d.name.clone()).unwrap_or_default(), o.kind))
    }

    #[test]
    fn table_loads() {
        assert!(
            builtin_drivers()
                .iter()
                .any(|d| d.name == "sqlite3" && d.paramstyle == Paramstyle::Qmark)
        );
    }

    #[test]
    fn follows_connections_to_cursors() {
        let text = "import sqlite3 as db\nimport psycopg2\nconn = db.connect('x')\ncur = conn.cursor()\ncur.execute(q)\n";
        assert_eq!(
            receiver_driver(text),
            Some(("sqlite3".into(), DbKind::Cursor))
        );
        let text = "import psycopg2\nclass A:\n    def __init__(self):\n        self.db = psycopg2.connect()\nself.db.cursor().execute(q)\n";
        assert_eq!(
            receiver_driver(text),
            Some(("psycopg2".into(), DbKind::Cursor))
        );
        let text = "import pymysql\ndef f(cursor):\n    pass\ncursor.execute(q)\n";
        assert_eq!(
            receiver_driver(text),
            Some(("pymysql".into(), DbKind::Cursor))
        );
        let text = "from django.db import connection\nconnection.cursor().execute(q)\n";
        assert_eq!(
            receiver_driver(text),
            Some(("django".into(), DbKind::Cursor))
        );
        assert_eq!(receiver_driver("x = 1\nlogger.info(q)\n"), None);
    }
}
