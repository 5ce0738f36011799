//! Whether a read of a function's local sees only values written as
//! literals in the source: a table of names the developer typed, and every
//! loop or comprehension variable drawn from it.
//!
//! ```python
//! tables = [("wiki", {"time": "int64"}), ("ticket", {"time": "int64"})]
//! for table, columns in tables:
//!     cursor.execute("UPDATE %s SET %s" % (table, ", ".join(
//!         "%s=%s*1000000" % (column, column) for column in columns)))
//! ```
//!
//! `table`, `columns` and `column` hold literals only: splicing them builds
//! SQL from the program's own text, which no input reaches. The answer
//! goes through the bindings that reach each read, so a name rebound
//! elsewhere in the function, or holding input on another path, is judged
//! by the writes that can reach this read and no others.

use std::cell::RefCell;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::parse::{Expr, Ranged, Stmt, TextSize, Visitor, ast, visitor};
use crate::semantic::{BindingId, BindingKind, SemanticModel};

/// How many bindings a value is followed back through.
const DEPTH: usize = 8;

/// Answers "does this read hold literals only" for the reads of one module.
pub struct LiteralValues<'s, 'a, F> {
    semantic: &'s SemanticModel<'a>,
    /// Whether a module-level name is a constant the caller trusts
    /// (`TABLE = "wiki"`, `FUNCTIONS = ("a", "b")`).
    module_constant: F,
    /// Per function (by its start), the bindings whose object code changes
    /// in place or hands to a call that may change it.
    changes: RefCell<FxHashMap<TextSize, Changes>>,
    /// Bindings being followed (a loop's `x = y; y = x` reaches itself).
    following: RefCell<FxHashSet<BindingId>>,
}

#[derive(Default)]
struct Changes {
    /// Changed in place (`names.append(x)`, `names[0] = x`), directly or
    /// through a name drawn from it (`for t, cols in tables: cols.append(x)`).
    mutated: FxHashSet<BindingId>,
    /// Handed to a call that may change it (`extend_tables(tables)`).
    passed: FxHashSet<BindingId>,
}

impl<'s, 'a, F: Fn(&str) -> bool> LiteralValues<'s, 'a, F> {
    pub fn new(semantic: &'s SemanticModel<'a>, module_constant: F) -> Self {
        Self {
            semantic,
            module_constant,
            changes: RefCell::default(),
            following: RefCell::default(),
        }
    }

    /// Whether the read `name` sees at least one binding and every binding
    /// it sees is a function's local bound, by an assignment, a `for`
    /// target or a comprehension target, to a value built only from
    /// literals (or module constants, or other such reads), never changed
    /// in place; or, when it sees module-level bindings only, whether the
    /// name is a module constant.
    pub fn holds_literals(&self, name: &ast::ExprName) -> bool {
        self.read(name, 0)
    }

    fn read(&self, name: &ast::ExprName, depth: usize) -> bool {
        if depth > DEPTH {
            return false;
        }
        let semantic = self.semantic;
        let reaching = semantic.reaching_bindings(name.id.as_str(), name.start());
        if reaching.is_empty() {
            return false;
        }
        if reaching
            .iter()
            .all(|&id| semantic.binding(id).scope == crate::semantic::ScopeId::MODULE)
        {
            return (self.module_constant)(name.id.as_str());
        }
        reaching.into_iter().all(|id| self.binding(id, depth))
    }

    fn binding(&self, id: BindingId, depth: usize) -> bool {
        if !self.following.borrow_mut().insert(id) {
            // A cycle proves nothing.
            return false;
        }
        let holds = self.binding_holds(id, depth);
        self.following.borrow_mut().remove(&id);
        holds
    }

    fn binding_holds(&self, id: BindingId, depth: usize) -> bool {
        let semantic = self.semantic;
        let binding = semantic.binding(id);
        if !drawn_from_source(binding) || !semantic.scope(binding.scope).is_function_like() {
            return false;
        }
        if semantic.rebound_elsewhere(binding.scope, binding.name) {
            return false;
        }
        let Some(source) = binding.source else {
            return false;
        };
        let Some(changed) = self.changed(id) else {
            return false;
        };
        // A list, dict or set built here and handed to a call may be added
        // to there (`tables = [...]`, `extend_tables(tables)`).
        let container = matches!(
            binding.value,
            Some(Expr::List(_) | Expr::Dict(_) | Expr::Set(_))
        );
        if changed.0 || (changed.1 && container) {
            return false;
        }
        self.literal_valued(source, depth + 1)
    }

    /// Whether `expr` is built only from literals: a literal, a list, tuple,
    /// set or dict of such values, `.items()`/`.keys()`/`.values()` of one,
    /// or a read that holds literals only.
    fn literal_valued(&self, expr: &Expr, depth: usize) -> bool {
        let all = |items: &[Expr]| items.iter().all(|e| self.literal_valued(e, depth));
        match expr {
            Expr::StringLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_) => true,
            Expr::List(list) => all(&list.elts),
            Expr::Tuple(tuple) => all(&tuple.elts),
            Expr::Set(set) => all(&set.elts),
            Expr::Dict(dict) => dict.items.iter().all(|item| {
                item.key
                    .as_ref()
                    .is_some_and(|key| self.literal_valued(key, depth))
                    && self.literal_valued(&item.value, depth)
            }),
            Expr::Call(call) => {
                let Expr::Attribute(attribute) = &*call.func else {
                    return false;
                };
                let arguments = &call.arguments;
                match attribute.attr.id.as_str() {
                    "items" | "keys" | "values" => {
                        arguments.is_empty() && self.literal_valued(&attribute.value, depth)
                    }
                    // `", ".join(placeholders)`, `"({})".format(marks)`:
                    // literals joined or formatted with literals.
                    "join" | "format" => {
                        matches!(&*attribute.value, Expr::StringLiteral(_))
                            && arguments.keywords.iter().all(|keyword| {
                                keyword.arg.is_some() && self.literal_valued(&keyword.value, depth)
                            })
                            && all(&arguments.args)
                    }
                    _ => false,
                }
            }
            // `("%s",) * len(rows)` (mayan's placeholder list), `"?" * n`:
            // literals repeated a number of times.
            Expr::BinOp(binop) if binop.op == ast::Operator::Mult => {
                (self.literal_valued(&binop.left, depth) && is_count(&binop.right))
                    || (is_count(&binop.left) && self.literal_valued(&binop.right, depth))
            }
            Expr::Name(name) => self.read(name, depth),
            // `"NULL" if nullable else "NOT NULL"`: either way a literal.
            Expr::If(choice) => {
                self.literal_valued(&choice.body, depth)
                    && self.literal_valued(&choice.orelse, depth)
            }
            _ => false,
        }
    }

    /// The model the answers come from.
    pub fn semantic(&self) -> &'s SemanticModel<'a> {
        self.semantic
    }

    /// Whether the object `id` binds (in a function) is neither changed in
    /// place (`names.append(x)`) nor handed to a call that may change it.
    pub fn unchanged(&self, id: BindingId) -> bool {
        self.changed(id)
            .is_some_and(|(mutated, passed)| !mutated && !passed)
    }

    /// Whether the object `id` binds is changed in place, and whether it is
    /// handed to a call that may change it; `None` outside a function.
    fn changed(&self, id: BindingId) -> Option<(bool, bool)> {
        let function = self
            .semantic
            .function_at(self.semantic.binding(id).range.start())?;
        let key = function.start();
        if !self.changes.borrow().contains_key(&key) {
            let changes = self.changes_in(function);
            self.changes.borrow_mut().insert(key, changes);
        }
        let changes = self.changes.borrow();
        let changes = &changes[&key];
        Some((changes.mutated.contains(&id), changes.passed.contains(&id)))
    }

    /// The bindings whose objects `function`'s code (nested scopes
    /// included) changes in place or hands on.
    fn changes_in(&self, function: &ast::StmtFunctionDef) -> Changes {
        let mut sites = Sites::default();
        visitor::walk_body(&mut sites, &function.body);
        let mut changes = Changes::default();
        for name in sites.mutated {
            for id in self.reaching(name) {
                self.mark_mutated(id, &mut changes.mutated);
            }
        }
        for name in sites.passed {
            for id in self.reaching(name) {
                self.mark_passed(id, &mut changes.passed);
            }
        }
        changes
    }

    fn reaching(&self, name: &ast::ExprName) -> crate::semantic::Bindings {
        self.semantic
            .reaching_bindings(name.id.as_str(), name.start())
    }

    /// Marks `id` changed, and every binding it was drawn from: changing
    /// `cols` of `for t, cols in tables` changes what `tables` holds.
    fn mark_mutated(&self, id: BindingId, mutated: &mut FxHashSet<BindingId>) {
        if !mutated.insert(id) {
            return;
        }
        let binding = self.semantic.binding(id);
        if !drawn_from_source(binding) {
            return;
        }
        let Some(source) = binding.source else {
            return;
        };
        for name in crate::semantic::names_read(source) {
            for from in self.reaching(name) {
                self.mark_mutated(from, mutated);
            }
        }
    }

    /// Marks `id` handed on, and what it aliases (`t = tables`).
    fn mark_passed(&self, id: BindingId, passed: &mut FxHashSet<BindingId>) {
        if !passed.insert(id) {
            return;
        }
        let binding = self.semantic.binding(id);
        if binding.kind == BindingKind::Assignment
            && let Some(Expr::Name(alias)) = binding.value
        {
            for from in self.reaching(alias) {
                self.mark_passed(from, passed);
            }
        }
    }
}

/// Whether a binding takes its value from one expression this module
/// follows: a plain assignment to one target, a `for` target or a
/// comprehension target (not `a = b = []`, whose two names share a list).
/// `3`, `len(rows)`, `int(n)`: a number a sequence can be repeated by
/// (whatever `rows` holds, `len` returns an int or raises).
fn is_count(expr: &Expr) -> bool {
    match expr {
        Expr::NumberLiteral(_) => true,
        Expr::Call(call) => {
            matches!(&*call.func, Expr::Name(name) if matches!(name.id.as_str(), "len" | "int"))
                && call.arguments.keywords.is_empty()
                && call.arguments.args.len() == 1
        }
        _ => false,
    }
}

fn drawn_from_source(binding: &crate::semantic::Binding) -> bool {
    match binding.kind {
        BindingKind::Assignment => match binding.stmt {
            Some(Stmt::Assign(assign)) => assign.targets.len() == 1,
            Some(Stmt::AnnAssign(_)) => true,
            _ => false,
        },
        BindingKind::LoopTarget => matches!(binding.stmt, Some(Stmt::For(_))),
        BindingKind::ComprehensionTarget => true,
        _ => false,
    }
}

/// Calls that only read the values handed to them.
const READING_CALLS: [&str; 17] = [
    "len",
    "sorted",
    "list",
    "tuple",
    "set",
    "frozenset",
    "enumerate",
    "zip",
    "iter",
    "reversed",
    "join",
    "format",
    "str",
    "repr",
    "min",
    "max",
    "print",
];

/// Methods that change a list, set or dict in place.
const MUTATING_METHODS: [&str; 11] = [
    "append",
    "extend",
    "insert",
    "add",
    "update",
    "setdefault",
    "__setitem__",
    "__iadd__",
    "__ior__",
    "sort",
    "reverse",
];

/// The reads of names whose object the code changes in place
/// (`names.append(x)`, `names[0] = x`, `names += more`), and those handed
/// to a call that may change them (anything but a few builtins that only read).
#[derive(Default)]
struct Sites<'e> {
    mutated: Vec<&'e ast::ExprName>,
    passed: Vec<&'e ast::ExprName>,
}

impl<'e> Visitor<'e> for Sites<'e> {
    fn visit_stmt(&mut self, stmt: &'e Stmt) {
        if let Stmt::AugAssign(aug) = stmt
            && let Expr::Name(name) = &*aug.target
        {
            self.mutated.push(name);
        }
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'e Expr) {
        match expr {
            // `names[0] = x`, `del names[0]`.
            Expr::Subscript(subscript) if subscript.ctx != ast::ExprContext::Load => {
                if let Expr::Name(name) = &*subscript.value {
                    self.mutated.push(name);
                }
            }
            Expr::Call(call) => {
                let callee = match &*call.func {
                    Expr::Attribute(attribute) => {
                        if MUTATING_METHODS.contains(&attribute.attr.id.as_str())
                            && let Expr::Name(name) = &*attribute.value
                        {
                            self.mutated.push(name);
                        }
                        attribute.attr.id.as_str()
                    }
                    Expr::Name(name) => name.id.as_str(),
                    _ => "",
                };
                if !READING_CALLS.contains(&callee) {
                    let arguments = call
                        .arguments
                        .args
                        .iter()
                        .chain(call.arguments.keywords.iter().map(|keyword| &keyword.value));
                    for argument in arguments {
                        if let Expr::Name(name) = argument {
                            self.passed.push(name);
                        }
                    }
                }
            }
            _ => {}
        }
        visitor::walk_expr(self, expr);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_module;

    /// Whether the reads of `name` on line `line` (1-based) hold literals only.
    fn holds(source: &str, line: usize, name: &str) -> bool {
        let module = parse_module(source).unwrap();
        let semantic = SemanticModel::new(module.body());
        let values = LiteralValues::new(&semantic, |n: &str| n == "TABLE");
        let offset: usize = source.lines().take(line - 1).map(|l| l.len() + 1).sum();
        let text = source.lines().nth(line - 1).unwrap();
        let reads: Vec<_> = crate::semantic::names_read_in_body(module.body())
            .into_iter()
            .filter(|read| {
                read.id.as_str() == name
                    && (offset..offset + text.len()).contains(&usize::from(read.start()))
            })
            .collect();
        assert!(!reads.is_empty(), "no read of {name} on line {line}");
        reads.into_iter().all(|read| values.holds_literals(read))
    }

    #[test]
    fn placeholders_repeated_joined_and_formatted_are_literals() {
        let source = "\
def update(cursor, rows, request):
    marks = ('%s',) * len(rows)
    listed = '({})'.format(', '.join(marks))
    chosen = ', '.join(request.args)
    scaled = ('%s',) * rows
    run(listed, chosen, scaled)
";
        assert!(holds(source, 6, "listed"));
        assert!(!holds(source, 6, "chosen"));
        // Repeated by something that is not proven a count.
        assert!(!holds(source, 6, "scaled"));
    }

    #[test]
    fn literal_tables_and_what_is_drawn_from_them() {
        let source = "\
TABLE = 'x'

def upgrade(cursor):
    tables = [('wiki', {'time': 'int'}), ('ticket', {'time': 'int'})]
    for table, columns in tables:
        run(table, [column for column in columns], TABLE)
";
        assert!(holds(source, 6, "table"));
        assert!(holds(source, 6, "column"));
        assert!(holds(source, 6, "TABLE"));
    }

    #[test]
    fn the_binding_that_reaches_decides() {
        let source = "\
def f(cursor, name):
    table = name
    run(table)
    table = 'wiki'
    run(table)
    for t in ['a', 'b']:
        print(t)
    for t in ['c']:
        print(t)
";
        assert!(!holds(source, 3, "table"));
        assert!(holds(source, 5, "table"));
        assert!(holds(source, 7, "t"));
        assert!(holds(source, 9, "t"));
    }

    #[test]
    fn changed_objects_and_parameters_are_not_literals() {
        let source = "\
def f(cursor, extra, TABLE):
    tables = [('wiki', ['a'])]
    for t, cols in tables:
        cols.append(extra)
    for t, cols in tables:
        run(t, cols)
    names = ['a']
    alias = names
    widen(alias)
    for n in names:
        run(n, TABLE)
";
        // Adding to `cols` adds to what `tables` holds.
        assert!(!holds(source, 6, "t"));
        assert!(!holds(source, 11, "n"));
        // A parameter shadows the module constant.
        assert!(!holds(source, 11, "TABLE"));
    }

    #[test]
    fn rebinding_from_nested_code_is_seen() {
        let source = "\
def f(cursor, name):
    table = 'wiki'
    def g():
        nonlocal table
        table = name
    g()
    run(table)
";
        assert!(!holds(source, 7, "table"));
    }
}
