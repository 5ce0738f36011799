//! The one walk over a module that the node rules share, as Ruff's
//! `checkers/ast/analyze` does: every statement and expression is visited
//! once, and each enabled node rule is told of it in the order a walk of its
//! own would have met it.
//!
//! A rule that reasons over statement sequences (whether a resource is
//! closed on every path after it is opened, which template a local holds)
//! is told of each suite (a module, function or class body, a branch of a
//! compound statement) before the statements in it, with the function it
//! belongs to.

use crate::linter::diagnostic::Diagnostic;
use crate::linter::syntax::Scope;
use crate::parse::{Expr, Stmt, Visitor, ast, visitor};

/// Whether a node rule wants to see a node's children.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Walk {
    Into,
    /// Not into this node's children (for this rule; the others still go).
    Over,
}

/// A rule that looks at nodes as the shared walk meets them.
pub trait NodeRule<'a> {
    /// Before `stmt`'s children.
    fn enter_stmt(&mut self, _stmt: &'a Stmt) -> Walk {
        Walk::Into
    }

    /// After `stmt`'s children (also when the rule walked over them).
    fn leave_stmt(&mut self, _stmt: &'a Stmt) {}

    /// Before the body of a `def` or `class` (`owner`), once its decorators,
    /// parameters, return annotation or bases have been walked: the code
    /// that runs where the statement is, apart from the body.
    fn enter_body(&mut self, _owner: &'a Stmt) {}

    /// After the body of a `def` or `class`.
    fn leave_body(&mut self, _owner: &'a Stmt) {}

    /// Before `expr`'s children.
    fn enter_expr(&mut self, _expr: &'a Expr) -> Walk {
        Walk::Into
    }

    /// Before the statements of a suite, outer suites before inner ones
    /// (in source order); `scope` is the function whose body holds it (none
    /// for module and class bodies and what they hold directly).
    fn enter_suite(&mut self, _suite: &'a [Stmt], _scope: Scope<'a>) {}

    /// After the statements of a suite.
    fn leave_suite(&mut self, _suite: &'a [Stmt]) {}

    /// The rule's findings, once the walk is over.
    fn finish(self: Box<Self>) -> Vec<Diagnostic>;
}

/// Walks `body` once, telling each of `rules` of every node; returns their
/// findings, rule by rule.
pub fn walk<'a, 'r>(body: &'a [Stmt], rules: Vec<Box<dyn NodeRule<'a> + 'r>>) -> Vec<Diagnostic> {
    let mut walker = Walker {
        rules: rules
            .into_iter()
            .map(|rule| Listener {
                rule,
                away_since: None,
            })
            .collect(),
        depth: 0,
        scopes: vec![Scope { function: None }],
    };
    walker.visit_body(body);
    walker
        .rules
        .into_iter()
        .flat_map(|listener| listener.rule.finish())
        .collect()
}

struct Listener<'a, 'r> {
    rule: Box<dyn NodeRule<'a> + 'r>,
    /// The depth of the node whose children the rule walks over, while
    /// the walk is among them.
    away_since: Option<usize>,
}

impl Listener<'_, '_> {
    fn listening(&self) -> bool {
        self.away_since.is_none()
    }
}

struct Walker<'a, 'r> {
    rules: Vec<Listener<'a, 'r>>,
    /// How many nodes deep the walk is.
    depth: usize,
    /// The scope of each `def` or `class` body being walked, innermost last.
    scopes: Vec<Scope<'a>>,
}

impl<'a> Walker<'a, '_> {
    /// Tells the listening rules of a node; those that walk over its
    /// children stop listening until the walk leaves it.
    fn enter(&mut self, tell: impl Fn(&mut dyn NodeRule<'a>) -> Walk) {
        self.depth += 1;
        for listener in self.rules.iter_mut().filter(|l| l.listening()) {
            if tell(listener.rule.as_mut()) == Walk::Over {
                listener.away_since = Some(self.depth);
            }
        }
    }

    /// Leaves a node: rules that walked over it listen again.
    fn leave(&mut self, tell: impl Fn(&mut dyn NodeRule<'a>)) {
        for listener in &mut self.rules {
            if listener.away_since == Some(self.depth) {
                listener.away_since = None;
            }
            if listener.listening() {
                tell(listener.rule.as_mut());
            }
        }
        self.depth -= 1;
    }

    /// Tells the listening rules of an event that has no children of its
    /// own (a body or suite starting or ending).
    fn tell_listening(&mut self, tell: impl Fn(&mut dyn NodeRule<'a>)) {
        for listener in self.rules.iter_mut().filter(|l| l.listening()) {
            tell(listener.rule.as_mut());
        }
    }

    fn function_parts(&mut self, def: &'a ast::StmtFunctionDef) {
        for decorator in &def.decorator_list {
            self.visit_decorator(decorator);
        }
        if let Some(type_params) = &def.type_params {
            self.visit_type_params(type_params);
        }
        self.visit_parameters(&def.parameters);
        if let Some(returns) = &def.returns {
            self.visit_annotation(returns);
        }
    }

    fn class_parts(&mut self, class: &'a ast::StmtClassDef) {
        for decorator in &class.decorator_list {
            self.visit_decorator(decorator);
        }
        if let Some(type_params) = &class.type_params {
            self.visit_type_params(type_params);
        }
        if let Some(arguments) = &class.arguments {
            self.visit_arguments(arguments);
        }
    }
}

impl<'a> Visitor<'a> for Walker<'a, '_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        self.enter(|rule| rule.enter_stmt(stmt));
        match stmt {
            Stmt::FunctionDef(def) => {
                self.function_parts(def);
                self.tell_listening(|rule| rule.enter_body(stmt));
                self.scopes.push(Scope {
                    function: Some(def),
                });
                self.visit_body(&def.body);
                self.scopes.pop();
                self.tell_listening(|rule| rule.leave_body(stmt));
            }
            Stmt::ClassDef(class) => {
                self.class_parts(class);
                self.tell_listening(|rule| rule.enter_body(stmt));
                self.scopes.push(Scope { function: None });
                self.visit_body(&class.body);
                self.scopes.pop();
                self.tell_listening(|rule| rule.leave_body(stmt));
            }
            _ => visitor::walk_stmt(self, stmt),
        }
        self.leave(|rule| rule.leave_stmt(stmt));
    }

    fn visit_body(&mut self, body: &'a [Stmt]) {
        let scope = *self
            .scopes
            .last()
            .expect("the module's scope is never popped");
        self.tell_listening(|rule| rule.enter_suite(body, scope));
        visitor::walk_body(self, body);
        self.tell_listening(|rule| rule.leave_suite(body));
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        self.enter(|rule| rule.enter_expr(expr));
        visitor::walk_expr(self, expr);
        self.leave(|_| {});
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Ranged, parse_module};

    /// Notes every event as `kind:first-line-of-the-node`.
    struct Log<'s> {
        source: &'s str,
        events: std::rc::Rc<std::cell::RefCell<Vec<String>>>,
        /// Walks over the children of statements starting with this text.
        skip: &'static str,
    }

    impl Log<'_> {
        fn note(&self, kind: &str, range: crate::parse::TextRange) {
            let text = &self.source[range];
            let line = text.lines().next().unwrap_or_default();
            self.events.borrow_mut().push(format!("{kind}:{line}"));
        }
    }

    impl<'a> NodeRule<'a> for Log<'_> {
        fn enter_stmt(&mut self, stmt: &'a Stmt) -> Walk {
            self.note("stmt", stmt.range());
            if self.source[stmt.range()].starts_with(self.skip) {
                Walk::Over
            } else {
                Walk::Into
            }
        }
        fn leave_stmt(&mut self, stmt: &'a Stmt) {
            self.note("leave", stmt.range());
        }
        fn enter_body(&mut self, owner: &'a Stmt) {
            self.note("body", owner.range());
        }
        fn enter_suite(&mut self, suite: &'a [Stmt], scope: Scope<'a>) {
            let function = scope.function.map_or("-", |def| def.name.id.as_str());
            let first = suite.first().map(|stmt| stmt.range());
            let text = first.map_or("", |range| &self.source[range]);
            let line = text.lines().next().unwrap_or_default();
            self.events
                .borrow_mut()
                .push(format!("suite[{function}]:{line}"));
        }
        fn enter_expr(&mut self, expr: &'a Expr) -> Walk {
            if let Expr::Call(_) = expr {
                self.note("call", expr.range());
            }
            Walk::Into
        }
        fn finish(self: Box<Self>) -> Vec<Diagnostic> {
            Vec::new()
        }
    }

    fn events(source: &str, skip: &'static str) -> Vec<String> {
        let module = parse_module(source).unwrap();
        let events = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
        let log = Log {
            source,
            events: events.clone(),
            skip,
        };
        walk(module.body(), vec![Box::new(log)]);
        events.take()
    }

    #[test]
    fn tells_a_rule_of_suites_statements_and_bodies_in_source_order() {
        let source = "\
@deco()
def f(a=g()):
    class C:
        x = h()
    if a:
        k()
";
        assert_eq!(
            events(source, "never"),
            [
                "suite[-]:@deco()",
                "stmt:@deco()",
                "call:deco()",
                "call:g()",
                "body:@deco()",
                "suite[f]:class C:",
                "stmt:class C:",
                "body:class C:",
                // A class body belongs to no function, even inside one.
                "suite[-]:x = h()",
                "stmt:x = h()",
                "call:h()",
                "leave:x = h()",
                "leave:class C:",
                "stmt:if a:",
                "suite[f]:k()",
                "stmt:k()",
                "call:k()",
                "leave:k()",
                "leave:if a:",
                "leave:@deco()",
            ]
        );
    }

    #[test]
    fn a_rule_that_walks_over_a_statement_hears_nothing_inside_it_and_the_next_one_again() {
        let source = "\
if a:
    k()
m()
";
        assert_eq!(
            events(source, "if"),
            [
                "suite[-]:if a:",
                "stmt:if a:",
                "leave:if a:",
                "stmt:m()",
                "call:m()",
                "leave:m()",
            ]
        );
    }
}
