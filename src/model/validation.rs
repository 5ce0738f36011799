//! Guards that let a value through only when it is a plain name: the
//! allowlist check sql-parameterize asks for, written by the project.
//!
//! ```python
//! if not table_name.isidentifier():
//!     raise ValueError("table name must be an identifier")
//!
//! if not all(c in VALID_SAVEPOINT_CHARACTERS for c in name):  # letters, digits, `_`
//!     raise ValueError("bad savepoint name")
//!
//! if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", column): raise …
//! if table not in ("users", "groups"): raise …
//! ```
//!
//! A guard is an `if` (its `elif`s too, no `else`) every branch of which
//! leaves (raises, returns, or goes on with or out of the loop), one of
//! whose tests fails unless the value is such a name (an `or` of tests: any
//! of them). Past it, the value holds letters, digits and `_` only, or one
//! of the listed literals. The same holds inside an `if` whose test holds
//! only for such a name (`if table in ("users", "groups"): …`), and past an
//! `if` that replaces any other value by a literal:
//!
//! ```python
//! if sort not in SORTABLE:
//!     sort = "name"
//! ```

use crate::parse::ast::name::Name;
use crate::parse::{Expr, Ranged, Stmt, TextSize, ast};
use crate::semantic::Semantic;

/// What guards are read with: the module's semantic model, and which calls
/// check that an argument is a plain name because the project function
/// called returns true for nothing else (django-tenant-schemas'
/// `_is_valid_identifier(identifier)`: `return
/// bool(SQL_IDENTIFIER_RE.match(identifier))`).
pub struct NameChecks<'m, 'a> {
    pub semantic: &'m Semantic<'a>,
    /// The position of the argument such a call checks, if it is one.
    pub predicate: &'m dyn Fn(&ast::ExprCall) -> Option<usize>,
    /// The value goes inside quotes past the guard (sqlite-webpanel's
    /// `_safe_identifier`: `^[A-Za-z_][A-Za-z0-9_ ]*$`, then `f'"{name}"'`):
    /// a pattern may let a space through too, which cannot end the quotes.
    pub inside_quotes: bool,
}

impl<'m, 'a> NameChecks<'m, 'a> {
    /// Guards read without the project's functions.
    pub fn without_project(semantic: &'m Semantic<'a>) -> Self {
        Self::with_predicate(semantic, &|_| None)
    }

    /// Guards read with the project functions `predicate` recognises.
    pub fn with_predicate(
        semantic: &'m Semantic<'a>,
        predicate: &'m dyn Fn(&ast::ExprCall) -> Option<usize>,
    ) -> Self {
        NameChecks {
            semantic,
            predicate,
            inside_quotes: false,
        }
    }
}

/// Whether `stmt` is a guard (see the module docs) on the value `is_value`
/// recognises.
pub fn is_name_guard(checks: &NameChecks, stmt: &Stmt, is_value: &dyn Fn(&Expr) -> bool) -> bool {
    let Stmt::If(choice) = stmt else {
        return false;
    };
    let mut tests = vec![&*choice.test];
    for clause in &choice.elif_else_clauses {
        match &clause.test {
            Some(test) => tests.push(test),
            None => return false,
        }
    }
    let bodies_leave = ends_in_exit(&choice.body)
        && choice
            .elif_else_clauses
            .iter()
            .all(|clause| ends_in_exit(&clause.body));
    bodies_leave
        && tests
            .iter()
            .any(|test| fails_unless_name(checks, test, is_value))
}

/// `if sort not in SORTABLE: sort = "name"` (no `elif`, no `else`): the
/// statement that writes the value last in the `if`, when `stmt` is such
/// an `if` on the value `is_value` recognises. Whether what it writes is
/// safe is the caller's to judge.
pub fn defaulting_guard<'a>(
    checks: &NameChecks,
    stmt: &'a Stmt,
    is_value: &dyn Fn(&Expr) -> bool,
) -> Option<&'a Stmt> {
    let Stmt::If(choice) = stmt else {
        return None;
    };
    let last = choice.body.last()?;
    let Stmt::Assign(assign) = last else {
        return None;
    };
    (choice.elif_else_clauses.is_empty()
        && matches!(&assign.targets[..], [target @ Expr::Name(_)] if is_value(target))
        && fails_unless_name(checks, &choice.test, is_value))
    .then_some(last)
}

/// The tests of the `if`s (and `elif`s) inside `body` whose branch holds
/// `at`: inside it, each of them held when it was tested.
pub fn tests_holding_at(body: &[Stmt], at: TextSize) -> Vec<&Expr> {
    let mut tests = Vec::new();
    let mut suite = body;
    while let Some(stmt) = suite.iter().find(|stmt| stmt.range().contains(at)) {
        if let Stmt::If(choice) = stmt {
            if contains(&choice.body, at) {
                tests.push(&*choice.test);
            } else if let Some(clause) = choice
                .elif_else_clauses
                .iter()
                .find(|clause| contains(&clause.body, at))
            {
                tests.extend(clause.test.as_ref());
            }
        }
        match block_holding(stmt, at) {
            Some(block) => suite = block,
            None => break,
        }
    }
    tests
}

/// A block whose last statement leaves it for good: `raise`, `return`,
/// `continue` or `break`.
fn ends_in_exit(body: &[Stmt]) -> bool {
    matches!(
        body.last(),
        Some(Stmt::Raise(_) | Stmt::Return(_) | Stmt::Continue(_) | Stmt::Break(_))
    )
}

fn ends_in_raise(body: &[Stmt]) -> bool {
    matches!(body.last(), Some(Stmt::Raise(_)))
}

/// A test that is true whenever the value is no plain name.
pub fn fails_unless_name(
    checks: &NameChecks,
    test: &Expr,
    is_value: &dyn Fn(&Expr) -> bool,
) -> bool {
    match test {
        Expr::BoolOp(or) if or.op == ast::BoolOp::Or => or
            .values
            .iter()
            .any(|value| fails_unless_name(checks, value, is_value)),
        Expr::UnaryOp(not) if not.op == ast::UnaryOp::Not => {
            holds_only_name(checks, &not.operand, is_value)
        }
        // `table not in ("users", "groups")`, `(table, column) not in PRUNABLE`
        Expr::Compare(compare) => {
            matches!((&compare.ops[..], &compare.comparators[..]),
                ([ast::CmpOp::NotIn], [allowed]) if is_allowed(checks.semantic, &compare.left, allowed, is_value))
        }
        _ => false,
    }
}

/// Whether `value in allowed` holds only for listed names: the value in
/// a list of string literals, or a tuple holding it in a list of such
/// tuples (elenvind's `(table, column) not in PRUNABLE`, a frozenset of
/// literal pairs).
fn is_allowed(
    semantic: &Semantic,
    value: &Expr,
    allowed: &Expr,
    is_value: &dyn Fn(&Expr) -> bool,
) -> bool {
    if is_value(value) {
        return literal_names(semantic, allowed);
    }
    let Expr::Tuple(tuple) = value else {
        return false;
    };
    tuple.elts.iter().any(is_value) && literal_rows(semantic, allowed, tuple.elts.len())
}

/// A tuple, list or set (or `frozenset(…)` of one, or a module constant
/// bound to one) of tuples of `width` string literals each.
fn literal_rows(semantic: &Semantic, expr: &Expr, width: usize) -> bool {
    let rows = |elements: &[Expr]| {
        !elements.is_empty()
            && elements.iter().all(|row| {
                matches!(row, Expr::Tuple(row) if row.elts.len() == width
                    && row.elts.iter().all(|e| matches!(e, Expr::StringLiteral(_))))
            })
    };
    match expr {
        Expr::Tuple(tuple) => rows(&tuple.elts),
        Expr::List(list) => rows(&list.elts),
        Expr::Set(set) => rows(&set.elts),
        Expr::Call(call) => {
            matches!(&*call.func, Expr::Name(f) if matches!(f.id.as_str(), "frozenset" | "set" | "tuple"))
                && call.arguments.keywords.is_empty()
                && matches!(&call.arguments.args[..], [inner] if !matches!(inner, Expr::Name(_) | Expr::Call(_)) && literal_rows(semantic, inner, width))
        }
        Expr::Name(name) => bound_value(semantic, name).is_some_and(|value| {
            !matches!(value, Expr::Name(_)) && literal_rows(semantic, value, width)
        }),
        _ => false,
    }
}

/// A test that is true only when the value is a plain name.
pub fn holds_only_name(checks: &NameChecks, test: &Expr, is_value: &dyn Fn(&Expr) -> bool) -> bool {
    let semantic = checks.semantic;
    match test {
        // `table in ("users", "groups")`
        Expr::Compare(compare) => {
            matches!((&compare.ops[..], &compare.comparators[..]),
                ([ast::CmpOp::In], [allowed]) if is_allowed(semantic, &compare.left, allowed, is_value))
        }
        Expr::BoolOp(and) if and.op == ast::BoolOp::And => and
            .values
            .iter()
            .any(|value| holds_only_name(checks, value, is_value)),
        Expr::Call(call) => match &*call.func {
            // `name.isidentifier()`, `name.isalnum()`
            Expr::Attribute(method) if call.arguments.is_empty() => {
                matches!(
                    method.attr.id.as_str(),
                    "isidentifier" | "isalnum" | "isalpha" | "isdigit" | "isdecimal"
                ) && is_value(&method.value)
            }
            // `re.fullmatch(pattern, name)`, `NAME.match(name)` of a compiled pattern
            Expr::Attribute(method) => matches_whole_name(checks, call, method, is_value),
            // `bool(NAME.match(name))`
            Expr::Name(convert)
                if convert.id.as_str() == "bool" && call.arguments.keywords.is_empty() =>
            {
                matches!(&call.arguments.args[..], [inner] if holds_only_name(checks, inner, is_value))
            }
            // `is_valid_identifier(name)`, a project function returning true
            // only for a plain name.
            Expr::Name(_)
                if (checks.predicate)(call).is_some_and(|position| {
                    !call.arguments.args[..position.min(call.arguments.args.len())]
                        .iter()
                        .any(Expr::is_starred_expr)
                        && call.arguments.args.get(position).is_some_and(is_value)
                }) =>
            {
                true
            }
            // `all(c in CHARACTERS for c in name)`
            Expr::Name(all) if all.id.as_str() == "all" => {
                let [Expr::Generator(generator)] = &call.arguments.args[..] else {
                    return false;
                };
                let [comprehension] = &generator.generators[..] else {
                    return false;
                };
                let Expr::Name(item) = &comprehension.target else {
                    return false;
                };
                comprehension.ifs.is_empty()
                    && is_value(&comprehension.iter)
                    && matches!(&*generator.elt, Expr::Compare(compare)
                        if matches!(&*compare.left, Expr::Name(n) if n.id == item.id)
                            && matches!((&compare.ops[..], &compare.comparators[..]),
                                ([ast::CmpOp::In], [characters]) if name_characters(semantic, characters)))
            }
            _ => false,
        },
        _ => false,
    }
}

/// `re.fullmatch(P, v)`, `re.match(P, v)` with `P` ending in `$` or `\Z`,
/// or the same methods of a module constant compiled from such a pattern.
fn matches_whole_name(
    checks: &NameChecks,
    call: &ast::ExprCall,
    method: &ast::ExprAttribute,
    is_value: &dyn Fn(&Expr) -> bool,
) -> bool {
    let semantic = checks.semantic;
    let whole = |pattern: &str, how: &str| {
        name_pattern(pattern, checks.inside_quotes)
            && (how == "fullmatch" || pattern.ends_with('$') || pattern.ends_with("\\Z"))
    };
    let how = method.attr.id.as_str();
    if !matches!(how, "match" | "fullmatch") {
        return false;
    }
    let arguments = &call.arguments.args[..];
    if semantic
        .resolve_qualified_name(&call.func)
        .is_some_and(|qualified| qualified == format!("re.{how}"))
    {
        // No flags for `match`: with `re.MULTILINE` its `$` ends the first line.
        let flags_allowed = how == "fullmatch";
        return match arguments {
            [Expr::StringLiteral(pattern), value] => {
                is_value(value) && whole(pattern.value.to_str(), how)
            }
            [Expr::StringLiteral(pattern), value, ..] if flags_allowed => {
                is_value(value) && whole(pattern.value.to_str(), how)
            }
            _ => false,
        } && (flags_allowed || call.arguments.keywords.is_empty());
    }
    // `NAME_PATTERN.match(v)`, `NAME_PATTERN = re.compile(r"…")`.
    let [value] = arguments else { return false };
    let Expr::Name(compiled) = &*method.value else {
        return false;
    };
    is_value(value)
        && bound_value(semantic, compiled).is_some_and(|made| {
            matches!(made, Expr::Call(compile)
                if semantic.resolve_qualified_name(&compile.func).as_deref() == Some("re.compile")
                    && (how == "fullmatch" || compile.arguments.keywords.is_empty())
                    && matches!(&compile.arguments.args[..], [Expr::StringLiteral(pattern)]
                        if whole(pattern.value.to_str(), how)))
        })
}

/// A pattern of letters, digits, `_`, classes, groups and repeats only,
/// and an escaped `\.` between names (pyworklog's `schema.table`): no
/// other `.`, no space, quote or other punctuation, no `\s`, `\W`, no
/// negated class (`[^x]` lets everything else through); a space too when
/// the name goes inside quotes.
fn name_pattern(pattern: &str, inside_quotes: bool) -> bool {
    if pattern.contains("[^") {
        return false;
    }
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        let fine = match c {
            '\\' => chars
                .next()
                .is_some_and(|escaped| "wdAZ.".contains(escaped)),
            ' ' => inside_quotes,
            c => c.is_ascii_alphanumeric() || "^$[]_+*?{},-()|".contains(c),
        };
        if !fine {
            return false;
        }
    }
    !pattern.is_empty()
}

/// Letters, digits and `_`: `string.ascii_letters + string.digits + "_"`,
/// or a module constant bound to that.
fn name_characters(semantic: &Semantic, expr: &Expr) -> bool {
    match expr {
        Expr::StringLiteral(text) => text
            .value
            .to_str()
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_'),
        Expr::BinOp(sum) if sum.op == ast::Operator::Add => {
            name_characters(semantic, &sum.left) && name_characters(semantic, &sum.right)
        }
        Expr::Attribute(_) => semantic
            .resolve_qualified_name(expr)
            .is_some_and(|qualified| {
                matches!(
                    qualified.as_str(),
                    "string.ascii_letters"
                        | "string.ascii_lowercase"
                        | "string.ascii_uppercase"
                        | "string.digits"
                )
            }),
        Expr::Name(name) => bound_value(semantic, name).is_some_and(|value| {
            !matches!(value, Expr::Name(_)) && name_characters(semantic, value)
        }),
        _ => false,
    }
}

/// A tuple, list or set of string literals, a dict whose keys all are
/// (`in` tests its keys), or a module constant bound to one.
fn literal_names(semantic: &Semantic, expr: &Expr) -> bool {
    let literals = |elements: &[Expr]| {
        elements
            .iter()
            .all(|element| matches!(element, Expr::StringLiteral(_)))
    };
    match expr {
        Expr::Tuple(tuple) => literals(&tuple.elts),
        Expr::List(list) => literals(&list.elts),
        Expr::Set(set) => literals(&set.elts),
        Expr::Dict(dict) => dict
            .items
            .iter()
            .all(|item| matches!(&item.key, Some(Expr::StringLiteral(_)))),
        Expr::Name(name) => bound_value(semantic, name)
            .is_some_and(|value| !matches!(value, Expr::Name(_)) && literal_names(semantic, value)),
        _ => false,
    }
}

/// The value of a name bound once in its scope, by a plain assignment: a
/// module constant, or a function's local (django-pgschemas'
/// `SQL_IDENTIFIER_RE = re.compile(…)` inside `is_valid_identifier`).
fn bound_value<'a>(semantic: &'a Semantic<'a>, name: &ast::ExprName) -> Option<&'a Expr> {
    let binding = semantic.binding_at(name.id.as_str(), name.start())?;
    (binding.kind == crate::semantic::BindingKind::Assignment
        && semantic
            .sole_binding(binding.scope, name.id.as_str())
            .is_some())
    .then_some(binding.value)
    .flatten()
}

/// The statements that run before `at` on every path through `body` that
/// reaches it: the earlier statements of each block on the way down to it.
pub fn statements_before(body: &[Stmt], at: TextSize) -> Vec<&Stmt> {
    let mut before = Vec::new();
    let mut suite = body;
    loop {
        let Some(index) = suite.iter().position(|stmt| stmt.range().contains(at)) else {
            return before;
        };
        before.extend(&suite[..index]);
        match block_holding(&suite[index], at) {
            Some(block) => suite = block,
            None => return before,
        }
    }
}

/// The block of the compound statement `stmt` (an `if` branch, a loop's
/// body or `else`, a `with` body, a `try`'s blocks) that holds `at`.
fn block_holding(stmt: &Stmt, at: TextSize) -> Option<&[Stmt]> {
    match stmt {
        Stmt::If(choice) => std::iter::once(&choice.body[..])
            .chain(choice.elif_else_clauses.iter().map(|c| &c.body[..]))
            .find(|block| contains(block, at)),
        Stmt::For(each) => [&each.body[..], &each.orelse[..]]
            .into_iter()
            .find(|block| contains(block, at)),
        Stmt::While(each) => [&each.body[..], &each.orelse[..]]
            .into_iter()
            .find(|block| contains(block, at)),
        Stmt::With(with) => Some(&with.body[..]).filter(|block| contains(block, at)),
        Stmt::Try(attempt) => [
            &attempt.body[..],
            &attempt.orelse[..],
            &attempt.finalbody[..],
        ]
        .into_iter()
        .chain(attempt.handlers.iter().map(|handler| {
            let ast::ExceptHandler::ExceptHandler(handler) = handler;
            &handler.body[..]
        }))
        .find(|block| contains(block, at)),
        _ => None,
    }
}

fn contains(block: &[Stmt], at: TextSize) -> bool {
    block.iter().any(|stmt| stmt.range().contains(at))
}

/// The parameters (by index) a function's body guards (see
/// [`is_name_guard`]) before anything in it can return, and before any
/// statement rebinds them (piccolo's `validate_savepoint_name(name)`).
pub fn validated_parameters(checks: &NameChecks, body: &[Stmt], parameters: &[Name]) -> Vec<usize> {
    // Most functions start with no `if` that raises: nothing to walk.
    let raising_if = |stmt: &Stmt| {
        matches!(stmt, Stmt::If(choice) if ends_in_raise(&choice.body)
            && choice.elif_else_clauses.iter().all(|clause| clause.test.is_some() && ends_in_raise(&clause.body)))
    };
    let Some(last_guard) = body.iter().rposition(raising_if) else {
        return Vec::new();
    };
    let mut validated = Vec::new();
    let mut rebound: Vec<&str> = Vec::new();
    for stmt in &body[..=last_guard] {
        if may_return(stmt) {
            break;
        }
        if !raising_if(stmt) {
            // Only a guard validates; other statements may rebind.
            rebound.extend(
                parameters
                    .iter()
                    .map(Name::as_str)
                    .filter(|parameter| stores_name(stmt, parameter)),
            );
            continue;
        }
        for (index, parameter) in parameters.iter().enumerate() {
            let is_parameter =
                |expr: &Expr| matches!(expr, Expr::Name(name) if name.id.as_str() == parameter);
            if !rebound.contains(&parameter.as_str())
                && !validated.contains(&index)
                && is_name_guard(checks, stmt, &is_parameter)
            {
                validated.push(index);
            }
        }
    }
    validated.sort_unstable();
    validated
}

/// Whether a statement may return or yield (nested functions and classes aside).
fn may_return(stmt: &Stmt) -> bool {
    struct Returns(bool);
    impl<'a> crate::parse::Visitor<'a> for Returns {
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            match stmt {
                Stmt::Return(_) => self.0 = true,
                Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {}
                _ => crate::parse::visitor::walk_stmt(self, stmt),
            }
        }
        fn visit_expr(&mut self, expr: &'a Expr) {
            if matches!(expr, Expr::Yield(_) | Expr::YieldFrom(_)) {
                self.0 = true;
            }
            crate::parse::visitor::walk_expr(self, expr);
        }
    }
    let mut returns = Returns(false);
    crate::parse::Visitor::visit_stmt(&mut returns, stmt);
    returns.0
}

/// Whether a statement stores to `name` (an assignment, loop or `with`
/// target, `:=`), nested functions and classes aside.
fn stores_name(stmt: &Stmt, name: &str) -> bool {
    struct Stores<'n>(&'n str, bool);
    impl<'a> crate::parse::Visitor<'a> for Stores<'_> {
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            if !matches!(stmt, Stmt::FunctionDef(_) | Stmt::ClassDef(_)) {
                crate::parse::visitor::walk_stmt(self, stmt);
            }
        }
        fn visit_expr(&mut self, expr: &'a Expr) {
            if let Expr::Name(stored) = expr
                && stored.ctx == ast::ExprContext::Store
                && stored.id.as_str() == self.0
            {
                self.1 = true;
            }
            crate::parse::visitor::walk_expr(self, expr);
        }
    }
    let mut stores = Stores(name, false);
    crate::parse::Visitor::visit_stmt(&mut stores, stmt);
    stores.1
}
