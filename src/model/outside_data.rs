//! Whether a value may carry data from outside the program: a caller's
//! argument, the HTTP request, the command line, the environment, input.
//!
//! The opposite is the program's own data: literals, module constants,
//! attributes of its own objects (`self.table`, `Model._meta.db_table`,
//! an imported `connection.features.bare_select_suffix`), and what its
//! functions return when they are given only such data. A name spliced into SQL where a bound
//! parameter cannot go is worth a reviewer's time only when it may come from
//! outside; the program's own table names are not.
//!
//! The answer leans to "outside" whenever the model cannot tell: a binding
//! it cannot follow, a name it cannot resolve, an expression it does not
//! know, or a chain deeper than it follows.

use std::cell::RefCell;

use rustc_hash::FxHashSet;

use crate::model::Context;
use crate::model::library_api::is_identifier;
use crate::model::settings::SqlNames;
use crate::parse::{Expr, Ranged, Stmt, TextSize, Visitor, ast, visitor};
use crate::semantic::{BindingId, BindingKind, ScopeId};

/// How many assignments a value is followed back through.
const DEPTH: usize = 6;

/// Attribute names that hold the HTTP request or what it carries.
const REQUEST_PARTS: [&str; 2] = ["request", "req"];

/// Qualified names whose value (or anything read from it) is input.
const INPUT_NAMES: [&str; 9] = [
    "sys.argv",
    "sys.stdin",
    "os.environ",
    "os.getenv",
    "os.environb",
    "input",
    "getpass.getpass",
    "flask.request",
    "bottle.request",
];

/// Attributes that hold what the code calls a class, function or module.
const CODE_NAMES: [&str; 4] = ["__name__", "__qualname__", "__module__", "__class__"];

/// Builtins that return a number or a truth value, which no SQL text can
/// come through (`", ".join(["?"] * len(rows))`).
const NUMBER_BUILTINS: [&str; 8] = ["len", "int", "float", "bool", "abs", "round", "ord", "hash"];

/// Whether `expr`, read where it stands, may hold data from outside the program.
pub fn may_carry_outside_data(context: &Context, expr: &Expr) -> bool {
    Tracer {
        context,
        name: false,
        seen: RefCell::default(),
        members_seen: RefCell::default(),
    }
    .carries(expr, 0)
}

/// Whether `expr`, spliced where a bound parameter cannot go (a table or
/// column name), may hold a name from outside the program: as
/// [`may_carry_outside_data`], except that (unless the settings say
/// [`SqlNames::EveryCaller`]) a parameter of a library's public API that
/// nothing in the run calls, or fills only with such a parameter or a
/// constant, is the developer's, who calls it with the names of their own
/// tables (`ProjectIndex::filled_by_developers`). A value in quotes is
/// data whoever passes it, and stays [`may_carry_outside_data`]'s.
pub fn may_carry_outside_name(context: &Context, expr: &Expr) -> bool {
    Tracer {
        context,
        name: context.settings.sql_names == SqlNames::Outside,
        seen: RefCell::default(),
        members_seen: RefCell::default(),
    }
    .carries(expr, 0)
}

struct Tracer<'c, 'a> {
    context: &'c Context<'a>,
    /// The value is a name, and a public API's parameters are the caller's.
    name: bool,
    /// Bindings already being followed (a loop's `x = x + …` reaches itself).
    seen: RefCell<FxHashSet<BindingId>>,
    /// Members already being followed (`self.count += 1`), by class.
    members_seen: RefCell<FxHashSet<(TextSize, String)>>,
}

impl Tracer<'_, '_> {
    fn carries(&self, expr: &Expr, depth: usize) -> bool {
        if depth > DEPTH {
            return true;
        }
        if self.is_input(expr) {
            return true;
        }
        match expr {
            Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_) => false,
            Expr::FString(fstring) => fstring.value.elements().any(|element| match element {
                ast::InterpolatedStringElement::Interpolation(field) => {
                    self.carries(&field.expression, depth)
                }
                ast::InterpolatedStringElement::Literal(_) => false,
            }),
            // `" LIMIT %d" % limit`: Python renders a number or raises.
            Expr::BinOp(binop)
                if binop.op == ast::Operator::Mod
                    && matches!(&*binop.left, Expr::StringLiteral(template)
                        if formats_only_numbers(template.value.to_str())) =>
            {
                false
            }
            Expr::BinOp(binop) => {
                self.carries(&binop.left, depth) || self.carries(&binop.right, depth)
            }
            Expr::BoolOp(boolop) => boolop.values.iter().any(|v| self.carries(v, depth)),
            Expr::UnaryOp(unary) => self.carries(&unary.operand, depth),
            Expr::If(ternary) => {
                self.carries(&ternary.body, depth) || self.carries(&ternary.orelse, depth)
            }
            Expr::Tuple(tuple) => tuple.elts.iter().any(|e| self.carries(e, depth)),
            Expr::List(list) => list.elts.iter().any(|e| self.carries(e, depth)),
            Expr::Set(set) => set.elts.iter().any(|e| self.carries(e, depth)),
            Expr::Dict(dict) => dict.items.iter().any(|item| {
                item.key.as_ref().is_some_and(|k| self.carries(k, depth))
                    || self.carries(&item.value, depth)
            }),
            // An attribute is what its object holds: the program's own data
            // for `self.table`, `Model._meta.db_table` or an imported
            // `connection.features`, the caller's for `url.password`.
            // `x._meta.db_table`, `x._meta.model_name`: a Django model's
            // table and names, set where the model is defined, whichever
            // object leads to the model (django-postgres-copy's
            // `c.model._meta.db_table`).
            Expr::Attribute(attribute)
                if matches!(&*attribute.value, Expr::Attribute(meta) if meta.attr.id.as_str() == "_meta")
                    && matches!(
                        attribute.attr.id.as_str(),
                        "db_table" | "model_name" | "app_label" | "object_name"
                    ) =>
            {
                false
            }
            // `self.__class__.__name__`, `func.__qualname__`: what the code
            // calls a class, function or module.
            Expr::Attribute(attribute) if CODE_NAMES.contains(&attribute.attr.id.as_str()) => false,
            Expr::Attribute(attribute) => match &*attribute.value {
                Expr::Name(owner) if matches!(owner.id.as_str(), "self" | "cls") => {
                    self.member_carries(attribute.attr.id.as_str(), owner.start(), depth)
                }
                owner => self.carries(owner, depth),
            },
            // `ALLOWED[key]` is the program's value, whatever the key;
            // `params["table"]` is the caller's.
            Expr::Subscript(subscript) => self.carries(&subscript.value, depth),
            // `len(rows)`, `int(page)`: a number, whatever it was made from.
            Expr::Call(call)
                if self
                    .context
                    .semantic
                    .resolve_qualified_name(&call.func)
                    .is_some_and(|q| NUMBER_BUILTINS.contains(&q.as_str())) =>
            {
                false
            }
            // `cur.execute("SELECT name FROM sqlite_master").fetchall()`: the
            // database's own names (litecli's sample rows, backy-db).
            Expr::Call(call) if self.reads_the_catalogue(call) => false,
            Expr::Call(call) => {
                let receiver = match &*call.func {
                    Expr::Attribute(method) => self.carries(&method.value, depth),
                    _ => false,
                };
                receiver
                    || call.arguments.args.iter().any(|a| self.carries(a, depth))
                    || call
                        .arguments
                        .keywords
                        .iter()
                        .any(|k| self.carries(&k.value, depth))
            }
            // `f"'{m._meta.db_table}'" for m in models`: what each item is
            // made of (the loop's own names lean to outside).
            Expr::ListComp(ast::ExprListComp { elt, .. })
            | Expr::SetComp(ast::ExprSetComp { elt, .. })
            | Expr::Generator(ast::ExprGenerator { elt, .. }) => self.carries(elt, depth),
            Expr::Named(named) => self.carries(&named.value, depth),
            Expr::Starred(starred) => self.carries(&starred.value, depth),
            Expr::Name(name) => self.name_carries(name.id.as_str(), name.start(), depth),
            _ => true,
        }
    }

    /// Whether a read of `name` at `at` may see data from outside.
    fn name_carries(&self, name: &str, at: TextSize, depth: usize) -> bool {
        if matches!(name, "self" | "cls") {
            return false;
        }
        let semantic = self.context.semantic;
        let reaching = semantic.reaching_bindings(name, at);
        if reaching.is_empty() {
            // A builtin, a star import, or a name the model cannot resolve.
            return !matches!(name, "__name__" | "__file__" | "__package__");
        }
        reaching.into_iter().any(|id| {
            if !self.seen.borrow_mut().insert(id) {
                return false;
            }
            self.binding_carries(id, at, depth + 1)
        })
    }

    fn binding_carries(&self, id: BindingId, read: TextSize, depth: usize) -> bool {
        let binding = self.context.semantic.binding(id);
        match &binding.kind {
            BindingKind::Import { .. }
            | BindingKind::FromImport { .. }
            | BindingKind::FunctionDefinition
            | BindingKind::ClassDefinition => false,
            BindingKind::Parameter => match binding.stmt {
                Some(Stmt::FunctionDef(def)) => self.parameter_carries(def, binding.name, depth),
                _ => true,
            },
            // `for i, row in enumerate(rows)`: `i` counts.
            BindingKind::LoopTarget | BindingKind::ComprehensionTarget
                if self.counts_enumerated(binding) =>
            {
                false
            }
            // `for name in names`: whatever `names` holds (followed as a name);
            // a comprehension's `for` too.
            BindingKind::LoopTarget | BindingKind::ComprehensionTarget
                if binding.value.is_some() =>
            {
                binding.value.is_none_or(|value| self.carries(value, depth))
            }
            // `for table, columns in TABLES.items()`, `table, columns = PAIR`:
            // what the whole value holds, unless a name unpacked from it is
            // added to (`for t, cols in tables: cols.append(extra)`).
            BindingKind::LoopTarget | BindingKind::ComprehensionTarget => {
                binding.source.is_none_or(|source| {
                    self.carries(source, depth) || self.unpacked_filled(binding, source, depth)
                })
            }
            BindingKind::Assignment if binding.value.is_none() => {
                binding.source.is_none_or(|source| {
                    self.carries(source, depth) || self.unpacked_filled(binding, source, depth)
                })
            }
            BindingKind::Assignment | BindingKind::NamedExpression => {
                binding.value.is_none_or(|value| {
                    self.carries(value, depth)
                        || (may_be_mutable(value)
                            && self.filled_from_outside(binding.scope, binding.name, depth))
                })
            }
            // `x += value`: the value, and whatever `x` held before.
            BindingKind::AugmentedAssignment => {
                let before = binding.stmt.map_or(read, Ranged::start);
                binding.value.is_none_or(|value| self.carries(value, depth))
                    || self.name_carries(binding.name, before, depth)
            }
            BindingKind::WithItem | BindingKind::ExceptHandler | BindingKind::Pattern => true,
        }
    }

    /// Whether a loop or comprehension target is the index of
    /// `enumerate(...)` (the first name of `for i, x in enumerate(xs)`): an
    /// integer the loop counts, whatever `xs` holds.
    fn counts_enumerated(&self, binding: &crate::semantic::Binding) -> bool {
        struct Finder<'c> {
            context: &'c Context<'c>,
            index: ast::name::Name,
            range: crate::parse::TextRange,
            found: bool,
        }
        impl Finder<'_> {
            fn check(&mut self, target: &Expr, iter: &Expr) {
                if let Expr::Tuple(tuple) = target
                    && let Some(Expr::Name(first)) = tuple.elts.first()
                    && first.range == self.range
                    && first.id == self.index
                    && let Expr::Call(call) = iter
                    && self
                        .context
                        .semantic
                        .resolve_qualified_name(&call.func)
                        .as_deref()
                        == Some("enumerate")
                {
                    self.found = true;
                }
            }
        }
        impl<'e> Visitor<'e> for Finder<'_> {
            fn visit_stmt(&mut self, stmt: &'e Stmt) {
                if let Stmt::For(for_stmt) = stmt {
                    self.check(&for_stmt.target, &for_stmt.iter);
                }
                visitor::walk_stmt(self, stmt);
            }
            fn visit_comprehension(&mut self, comprehension: &'e ast::Comprehension) {
                self.check(&comprehension.target, &comprehension.iter);
                visitor::walk_comprehension(self, comprehension);
            }
        }
        let Some(stmt) = binding.stmt else {
            return false;
        };
        let mut finder = Finder {
            context: self.context,
            index: ast::name::Name::new(binding.name),
            range: binding.range,
            found: false,
        };
        finder.visit_stmt(stmt);
        finder.found
    }

    /// Whether `self.member` (read in a method at `at`) may hold outside
    /// data: what the class's code assigns to it (`self.table = table` in
    /// `__init__` holds the caller's argument). A member the class never
    /// assigns (set by a base class, or from outside) is taken to.
    fn member_carries(&self, member: &str, at: TextSize, depth: usize) -> bool {
        let Some(class) = self.context.semantic.enclosing_class(at) else {
            return true;
        };
        if !self
            .members_seen
            .borrow_mut()
            .insert((class.start(), member.to_owned()))
        {
            return false;
        }
        let mut finder = MemberWrites {
            member,
            values: Vec::new(),
            unknown: false,
        };
        for stmt in &class.body {
            finder.class_level(stmt);
        }
        finder.visit_body(&class.body);
        if finder.values.is_empty() {
            // Set by a base class, or from outside: not followed.
            return true;
        }
        finder.unknown
            || finder
                .values
                .iter()
                .any(|value| self.carries(value, depth + 1))
            || (finder.values.iter().any(|value| may_be_mutable(value))
                && self.any_filling_carries(Holder::Member(member), &class.body, depth + 1))
    }

    /// Whether code in `scope` (or nested in it) may put outside data into
    /// the object `name` holds: `names.append(name)`, `mapping[k] = value`,
    /// or the object handed to a function that may fill it.
    fn filled_from_outside(&self, scope: ScopeId, name: &str, depth: usize) -> bool {
        let semantic = self.context.semantic;
        let body = match semantic
            .functions()
            .iter()
            .find(|(function, _)| *function == scope)
        {
            Some((_, def)) => def.body.as_slice(),
            None if scope == ScopeId::MODULE => self.context.module.body(),
            // A class body or a comprehension: not followed.
            None => return true,
        };
        self.any_filling_carries(Holder::Local(name), body, depth)
    }

    /// Whether a name unpacked in `binding`'s scope from the same value as
    /// `binding` (a target of `for a, b in source`, or `a, b = source`) may
    /// be filled with outside data: the rows of `source` are shared.
    fn unpacked_filled(
        &self,
        binding: &crate::semantic::Binding,
        source: &Expr,
        depth: usize,
    ) -> bool {
        let semantic = self.context.semantic;
        let root = |expr: &Expr| -> Option<String> {
            let mut current = expr;
            loop {
                match current {
                    Expr::Name(name) => return Some(name.id.to_string()),
                    Expr::Attribute(attribute) => current = &attribute.value,
                    Expr::Call(call) => current = &call.func,
                    Expr::Subscript(subscript) => current = &subscript.value,
                    _ => return None,
                }
            }
        };
        let Some(source_root) = root(source) else {
            return true;
        };
        semantic
            .bindings_in(binding.scope)
            .filter(|(_, other)| {
                other.value.is_none()
                    && other
                        .source
                        .is_some_and(|s| root(s).as_deref() == Some(source_root.as_str()))
            })
            .any(|(_, other)| self.filled_from_outside(binding.scope, other.name, depth))
    }

    /// Whether code in `body` may put outside data into what `holder` holds.
    fn any_filling_carries(&self, holder: Holder, body: &[Stmt], depth: usize) -> bool {
        let mut finder = Fillings {
            holder,
            filled: Vec::new(),
            unknown: false,
        };
        finder.visit_body(body);
        finder.unknown || finder.filled.iter().any(|value| self.carries(value, depth))
    }

    /// A parameter holds its caller's data, unless it is the object itself,
    /// is declared a number, or every call in the project passes a program
    /// constant for it (the index answers for private functions only).
    fn parameter_carries(&self, def: &ast::StmtFunctionDef, name: &str, depth: usize) -> bool {
        let declared_number = def
            .parameters
            .iter_non_variadic_params()
            .any(|p| p.name().id.as_str() == name && has_non_text_annotation(p));
        if declared_number {
            return false;
        }
        let Some(index) = def
            .parameters
            .iter()
            .position(|parameter| parameter.name().id.as_str() == name)
        else {
            return true;
        };
        if self.script_calls_only_with_own_data(def, index, depth) {
            return false;
        }
        let qualified = self.context.qualified_function_name(def);
        let project = self.context.project();
        if self.name && project.filled_by_developers(&qualified, index) {
            return false;
        }
        !project.only_constants_reach(&qualified, index)
    }

    /// Whether `def` is a function of a module no `import` can name (its
    /// file name is no identifier: `20180317.py`, a migration script run by
    /// path), every mention of it there is a call, and every call passes
    /// the program's own data for its parameter `index`
    /// (`process_table(conn, "folder")`, supysonic's migrations).
    fn script_calls_only_with_own_data(
        &self,
        def: &ast::StmtFunctionDef,
        index: usize,
        depth: usize,
    ) -> bool {
        let importable = self
            .context
            .path
            .file_stem()
            .and_then(|stem| stem.to_str())
            .is_some_and(is_identifier);
        let semantic = self.context.semantic;
        if importable || semantic.scope_at(def.start()) != ScopeId::MODULE {
            return false;
        }
        let parameter = def
            .parameters
            .iter()
            .nth(index)
            .map(|p| p.name().id.as_str());
        // Left out of a call, the parameter takes its default (`nullable_fields=()`).
        let default = def
            .parameters
            .iter_non_variadic_params()
            .find(|p| Some(p.name().id.as_str()) == parameter)
            .and_then(|p| p.default.as_deref());
        let positional = def
            .parameters
            .posonlyargs
            .iter()
            .chain(&def.parameters.args)
            .position(|p| Some(p.name().id.as_str()) == parameter);
        let whole_module =
            crate::parse::TextRange::up_to(crate::parse::TextSize::of(self.context.source.text()));
        let Some(own_calls) = semantic.only_calls_of(def, self.context.module.body(), whole_module)
        else {
            return false;
        };
        own_calls.iter().all(|call| {
            let by_keyword = call
                .arguments
                .keywords
                .iter()
                .find(|keyword| keyword.arg.as_ref().map(|arg| arg.as_str()) == parameter);
            let plain = call.arguments.args.iter().all(|a| !a.is_starred_expr())
                && call.arguments.keywords.iter().all(|k| k.arg.is_some());
            let argument = match (by_keyword, positional) {
                (Some(keyword), _) => Some(&keyword.value),
                (None, Some(at)) if plain => call.arguments.args.get(at).or(default),
                (None, None) if plain => default,
                _ => None,
            };
            argument.is_some_and(|argument| !self.carries(argument, depth + 1))
        })
    }

    /// Whether `call` reads rows of a query of the database's catalogue:
    /// `X.execute(CATALOGUE_QUERY)`, a fetch on it, or `cur.fetchall()`
    /// (`fetchone`, `fetchmany`) right after `cur.execute(CATALOGUE_QUERY)`
    /// in the same suite (the nearest statement before it that runs SQL on
    /// `cur`).
    fn reads_the_catalogue(&self, call: &ast::ExprCall) -> bool {
        let Expr::Attribute(method) = &*call.func else {
            return false;
        };
        match method.attr.id.as_str() {
            "execute" => call
                .arguments
                .args
                .first()
                .is_some_and(|sql| self.is_catalogue_query(sql)),
            "fetchall" | "fetchone" | "fetchmany" => match &*method.value {
                Expr::Call(inner) => self.reads_the_catalogue(inner),
                Expr::Name(cursor) => {
                    let Some(function) = self.context.semantic.function_at(call.start()) else {
                        return false;
                    };
                    let Some((suite, index)) = innermost_statement(&function.body, call.start())
                    else {
                        return false;
                    };
                    // The nearest statement before, in the same suite, that
                    // runs SQL on the cursor: it must be that run alone.
                    suite[..index]
                        .iter()
                        .rev()
                        .find(|stmt| runs_sql_on(stmt, cursor.id.as_str()))
                        .is_some_and(|stmt| {
                            matches!(stmt, Stmt::Expr(statement)
                                if matches!(&*statement.value, Expr::Call(run) if self.reads_the_catalogue(run)))
                        })
                }
                _ => false,
            },
            _ => false,
        }
    }

    /// A literal query of the catalogue, or a name every write of which
    /// that reaches `sql` binds one (litecli's `tables_query`).
    fn is_catalogue_query(&self, sql: &Expr) -> bool {
        match sql {
            Expr::StringLiteral(text) => queries_the_catalogue(text.value.to_str()),
            Expr::Name(name) => self
                .context
                .semantic
                .every_reaching_binding(name, |binding| {
                    binding.kind == BindingKind::Assignment
                        && matches!(binding.value, Some(Expr::StringLiteral(text))
                        if queries_the_catalogue(text.value.to_str()))
                }),
            _ => false,
        }
    }

    /// `request.args["x"]`, `self.request.GET`, `sys.argv[1]`,
    /// `os.environ.get("T")`, `input()`: input, however it is read further.
    fn is_input(&self, expr: &Expr) -> bool {
        let mut current = expr;
        loop {
            if let Some(qualified) = self.context.semantic.resolve_qualified_name(current)
                && INPUT_NAMES.iter().any(|input| {
                    qualified == *input
                        || qualified
                            .strip_prefix(input)
                            .is_some_and(|rest| rest.starts_with('.'))
                })
            {
                return true;
            }
            current = match current {
                Expr::Subscript(subscript) => &subscript.value,
                Expr::Call(call) => {
                    // `parser.parse_args()`: the command line.
                    if matches!(&*call.func, Expr::Attribute(method)
                        if matches!(method.attr.id.as_str(), "parse_args" | "parse_known_args"))
                    {
                        return true;
                    }
                    &call.func
                }
                Expr::Attribute(attribute) => {
                    if REQUEST_PARTS.contains(&attribute.attr.id.as_str()) {
                        return true;
                    }
                    &attribute.value
                }
                Expr::Name(name) => return REQUEST_PARTS.contains(&name.id.as_str()),
                _ => return false,
            };
        }
    }
}

/// Tables and commands that list a database's own objects.
const CATALOGUE: [&str; 18] = [
    "sqlite_master",
    "sqlite_schema",
    "sqlite_temp_master",
    "information_schema.",
    "pg_catalog.",
    "pg_tables",
    "pg_views",
    "pg_class",
    "pg_namespace",
    "pg_indexes",
    "pragma table_info",
    "pragma table_list",
    "pragma index_list",
    "pragma foreign_key_list",
    "show tables",
    "show full tables",
    "show databases",
    "show columns",
];

/// Whether an SQL text reads the database's catalogue (and nothing the
/// program's users write: no `JOIN` of another table).
fn queries_the_catalogue(sql: &str) -> bool {
    let lower = sql.to_ascii_lowercase();
    CATALOGUE.iter().any(|name| lower.contains(name)) && !lower.contains(" join ")
}

/// The suite of `body` (or of a compound statement in it, nested functions
/// aside) whose statement holds `at`, and that statement's index.
fn innermost_statement(body: &[Stmt], at: TextSize) -> Option<(&[Stmt], usize)> {
    let index = body.iter().position(|stmt| stmt.range().contains(at))?;
    let stmt = &body[index];
    let suites: Vec<&[Stmt]> = match stmt {
        Stmt::If(if_stmt) => std::iter::once(if_stmt.body.as_slice())
            .chain(if_stmt.elif_else_clauses.iter().map(|c| c.body.as_slice()))
            .collect(),
        Stmt::For(for_stmt) => vec![&for_stmt.body, &for_stmt.orelse],
        Stmt::While(while_stmt) => vec![&while_stmt.body, &while_stmt.orelse],
        Stmt::With(with_stmt) => vec![&with_stmt.body],
        Stmt::Try(try_stmt) => std::iter::once(try_stmt.body.as_slice())
            .chain(try_stmt.handlers.iter().map(|handler| {
                let ast::ExceptHandler::ExceptHandler(handler) = handler;
                handler.body.as_slice()
            }))
            .chain([try_stmt.orelse.as_slice(), try_stmt.finalbody.as_slice()])
            .collect(),
        _ => Vec::new(),
    };
    for suite in suites {
        if let (Some(first), Some(last)) = (suite.first(), suite.last())
            && first.start() <= at
            && at < last.end()
        {
            return innermost_statement(suite, at);
        }
    }
    Some((body, index))
}

/// Whether `stmt` calls `name.execute(…)` or `name.executemany(…)`
/// (nested functions aside).
fn runs_sql_on(stmt: &Stmt, name: &str) -> bool {
    struct Finder<'n> {
        name: &'n str,
        found: bool,
    }
    impl<'b> Visitor<'b> for Finder<'_> {
        fn visit_stmt(&mut self, stmt: &'b Stmt) {
            if !matches!(stmt, Stmt::FunctionDef(_) | Stmt::ClassDef(_)) {
                visitor::walk_stmt(self, stmt);
            }
        }
        fn visit_expr(&mut self, expr: &'b Expr) {
            if let Expr::Call(call) = expr
                && let Expr::Attribute(method) = &*call.func
                && matches!(method.attr.id.as_str(), "execute" | "executemany")
                && matches!(&*method.value, Expr::Name(receiver) if receiver.id.as_str() == self.name)
            {
                self.found = true;
            }
            visitor::walk_expr(self, expr);
        }
    }
    let mut finder = Finder { name, found: false };
    finder.visit_stmt(stmt);
    finder.found
}

/// `limit: int`, `flag: bool`: a parameter declared of a non-text type.
/// Whether every directive of a `%` template turns its value into a
/// number (`%d`, `%05.2f`, `%(n)x`): with at least one directive, and none
/// that takes text (`%s`, `%r`, `%a`, `%c`).
fn formats_only_numbers(template: &str) -> bool {
    let mut directives = 0;
    let mut rest = template;
    while let Some(at) = rest.find('%') {
        rest = &rest[at + 1..];
        if let Some(after) = rest.strip_prefix('%') {
            rest = after;
            continue;
        }
        if rest.starts_with('(') {
            let Some(close) = rest.find(')') else {
                return false;
            };
            rest = &rest[close + 1..];
        }
        // Flags, width, precision and length modifiers, then the type.
        let Some(kind_at) = rest.find(|c: char| !"#0- +*.0123456789hlL".contains(c)) else {
            return false;
        };
        let kind = rest[kind_at..].chars().next().unwrap_or('s');
        if !"diouxXeEfFgG".contains(kind) {
            return false;
        }
        directives += 1;
        rest = &rest[kind_at + kind.len_utf8()..];
    }
    directives > 0
}

pub fn has_non_text_annotation(parameter: &ast::ParameterWithDefault) -> bool {
    matches!(
        parameter.parameter.annotation.as_deref(),
        Some(Expr::Name(name)) if matches!(name.id.as_str(), "int" | "float" | "bool")
    )
}

/// Whether `value` may build an object that code can add to later (a list,
/// a dict, an object a call returns), unlike text or a number.
fn may_be_mutable(value: &Expr) -> bool {
    !matches!(
        value,
        Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::FString(_)
            | Expr::BinOp(_)
            | Expr::Tuple(_)
    )
}

/// Functions and methods that read an object handed to them and do not add to it.
const READERS: [&str; 24] = [
    "len",
    "str",
    "repr",
    "int",
    "float",
    "bool",
    "tuple",
    "list",
    "set",
    "frozenset",
    "dict",
    "sorted",
    "reversed",
    "enumerate",
    "zip",
    "iter",
    "any",
    "all",
    "min",
    "max",
    "sum",
    "join",
    "isinstance",
    "format",
];

/// Where an object is held: a local (or module-level) name, or a member
/// of the class (`self.classes`).
#[derive(Clone, Copy)]
enum Holder<'n> {
    Local(&'n str),
    Member(&'n str),
}

/// The values (and keys) code puts into the object a holder holds.
struct Fillings<'n, 'e> {
    holder: Holder<'n>,
    filled: Vec<&'e Expr>,
    /// The object is handed to a function that may change it.
    unknown: bool,
}

impl Fillings<'_, '_> {
    fn is_name(&self, expr: &Expr) -> bool {
        match self.holder {
            Holder::Local(name) => matches!(expr, Expr::Name(n) if n.id.as_str() == name),
            Holder::Member(member) => matches!(expr, Expr::Attribute(a)
                if a.attr.id.as_str() == member
                    && matches!(&*a.value, Expr::Name(n) if matches!(n.id.as_str(), "self" | "cls"))),
        }
    }
}

impl<'e> Visitor<'e> for Fillings<'_, 'e> {
    fn visit_stmt(&mut self, stmt: &'e Stmt) {
        let targets: &[Expr] = match stmt {
            Stmt::Assign(assign) => &assign.targets,
            Stmt::AugAssign(aug) => std::slice::from_ref(&*aug.target),
            _ => &[],
        };
        for target in targets {
            if let Expr::Subscript(subscript) = target
                && self.is_name(&subscript.value)
            {
                // A dict's keys are what iterating it gives.
                self.filled.push(&subscript.slice);
                match stmt {
                    Stmt::Assign(assign) => self.filled.push(&assign.value),
                    Stmt::AugAssign(aug) => self.filled.push(&aug.value),
                    _ => {}
                }
            }
        }
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'e Expr) {
        if let Expr::Call(call) = expr {
            let callee = match &*call.func {
                Expr::Attribute(method) if self.is_name(&method.value) => {
                    // `names.append(x)`, `mapping.update(other)`: what goes in.
                    self.filled.extend(call.arguments.args.iter());
                    self.filled
                        .extend(call.arguments.keywords.iter().map(|k| &k.value));
                    None
                }
                Expr::Attribute(method) => Some(method.attr.id.as_str()),
                Expr::Name(function) => Some(function.id.as_str()),
                _ => None,
            };
            let handed_on = call.arguments.args.iter().any(|a| self.is_name(a))
                || call
                    .arguments
                    .keywords
                    .iter()
                    .any(|k| self.is_name(&k.value));
            if handed_on && !callee.is_some_and(|callee| READERS.contains(&callee)) {
                self.unknown = true;
            }
        }
        visitor::walk_expr(self, expr);
    }
}

/// The values a class's code assigns to one of its members: `self.m = v`
/// in its methods, `m = v` in its body.
struct MemberWrites<'n, 'e> {
    member: &'n str,
    values: Vec<&'e Expr>,
    /// Assigned in a way not followed (`self.a, self.b = pair`).
    unknown: bool,
}

impl<'e> MemberWrites<'_, 'e> {
    fn class_level(&mut self, stmt: &'e Stmt) {
        match stmt {
            Stmt::Assign(assign)
                if assign
                    .targets
                    .iter()
                    .any(|t| matches!(t, Expr::Name(n) if n.id.as_str() == self.member)) =>
            {
                self.values.push(&assign.value);
            }
            Stmt::AnnAssign(assign) if matches!(&*assign.target, Expr::Name(n) if n.id.as_str() == self.member) => {
                if let Some(value) = &assign.value {
                    self.values.push(value);
                }
            }
            _ => {}
        }
    }

    fn is_member(&self, target: &Expr) -> bool {
        matches!(target, Expr::Attribute(a)
            if a.attr.id.as_str() == self.member
                && matches!(&*a.value, Expr::Name(n) if matches!(n.id.as_str(), "self" | "cls")))
    }

    fn mentions_member(&self, target: &Expr) -> bool {
        match target {
            Expr::Tuple(tuple) => tuple.elts.iter().any(|t| self.mentions_member(t)),
            Expr::List(list) => list.elts.iter().any(|t| self.mentions_member(t)),
            Expr::Starred(starred) => self.mentions_member(&starred.value),
            other => self.is_member(other),
        }
    }
}

impl<'e> Visitor<'e> for MemberWrites<'_, 'e> {
    fn visit_stmt(&mut self, stmt: &'e Stmt) {
        match stmt {
            // Another class's members are its own.
            Stmt::ClassDef(_) => return,
            Stmt::Assign(assign) => {
                for target in &assign.targets {
                    if self.is_member(target) {
                        self.values.push(&assign.value);
                    } else if self.mentions_member(target) {
                        self.unknown = true;
                    }
                }
            }
            Stmt::AugAssign(aug) if self.is_member(&aug.target) => self.values.push(&aug.value),
            Stmt::AnnAssign(assign) if self.is_member(&assign.target) => {
                if let Some(value) = &assign.value {
                    self.values.push(value);
                }
            }
            Stmt::For(each) if self.mentions_member(&each.target) => self.unknown = true,
            Stmt::With(with)
                if with.items.iter().any(|item| {
                    item.optional_vars
                        .as_deref()
                        .is_some_and(|v| self.mentions_member(v))
                }) =>
            {
                self.unknown = true;
            }
            _ => {}
        }
        visitor::walk_stmt(self, stmt);
    }
}

#[cfg(test)]
mod tests {
    use super::formats_only_numbers;

    #[test]
    fn templates_that_render_only_numbers() {
        for template in [
            " LIMIT %d",
            "%d, %d",
            "%(limit)d",
            "%05.2f%%",
            "%x %o %e %g %i %u",
            "%*d",
        ] {
            assert!(formats_only_numbers(template), "{template}");
        }
        for template in [
            " LIMIT %s",
            "%d %s",
            "%(name)s",
            "%r",
            "%c",
            "no directive",
            "100%%",
            "%",
            "%(open",
            "%é",
        ] {
            assert!(!formats_only_numbers(template), "{template}");
        }
    }
}
