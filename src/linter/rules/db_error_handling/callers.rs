//! "Is this unit's error handled by all its callers?" A unit whose every
//! caller catches the error class (or `Exception`) around the call, or runs
//! it under a handling decorator or context manager, needs no handler of
//! its own. This module answers for callers in the same module, and only
//! for private functions (`_load`), whose callers are all here; the project
//! index answers across files by implementing [`CallerHandling`].

use crate::linter::syntax;
use crate::parse::{Expr, Ranged, Stmt, TextRange, ast};

use super::sites::{Guards, Zone};
use super::{CallSite, ErrorHandling, Unit, units};

/// The answer about one unit's callers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Every caller handles the error: no finding.
    Handled,
    /// Some caller does not.
    Unhandled,
    /// Callers outside what was seen, or none seen. (A library's functions,
    /// whose callers are its users, are the policy's to judge: `policy.rs`.)
    Unknown,
}

/// The question asked about a function unit.
pub struct CallerQuery<'q> {
    pub function: &'q ast::StmtFunctionDef,
    /// Whether a function is a method (called as `self.name`).
    pub is_method: bool,
    /// Whether a handler catching this qualified class handles the unit's errors.
    pub catches: &'q dyn Fn(&str) -> bool,
}

/// Who answers "do all callers handle it?".
pub trait CallerHandling {
    fn all_callers_handle(&self, query: &CallerQuery) -> Verdict;
}

/// One call of a module's own function (`_load(...)`, `self._load(...)`).
struct Call {
    /// `_load` or `self._load`.
    key: String,
    guards: Guards,
    /// The function the call is in runs under a handling decorator.
    unit_handled: bool,
    /// The function the call is in (to leave recursion out).
    within: Option<TextRange>,
}

/// Calls of the module's own functions, with what guards them.
pub(super) struct CallIndex<'a> {
    calls: Vec<Call>,
    methods: Vec<&'a ast::StmtFunctionDef>,
}

impl<'a> ErrorHandling<'a> {
    pub(super) fn callers(&self) -> &CallIndex<'a> {
        self.calls.get_or_init(|| self.build_call_index())
    }

    fn build_call_index(&self) -> CallIndex<'a> {
        let mut calls = Vec::new();
        for unit in units(self.context) {
            let unit_handled = unit
                .scope
                .function
                .is_some_and(|def| self.decorated_by_handler(def));
            let within = unit.scope.function.map(Ranged::range);
            for stmt in unit.body {
                self.walk_calls(
                    stmt,
                    unit.scope,
                    &Guards::default(),
                    Zone::Normal,
                    &mut |call, guards, _| {
                        let key = match &*call.func {
                            Expr::Name(name) => name.id.to_string(),
                            Expr::Attribute(attribute) => match &*attribute.value {
                                Expr::Name(receiver)
                                    if matches!(receiver.id.as_str(), "self" | "cls") =>
                                {
                                    format!("self.{}", attribute.attr.id)
                                }
                                _ => return,
                            },
                            _ => return,
                        };
                        calls.push(Call {
                            key,
                            guards: guards.clone(),
                            unit_handled,
                            within,
                        });
                    },
                );
            }
        }
        let mut methods = Vec::new();
        for stmt in self.context.body() {
            syntax::for_each_simple_statement(stmt, &mut |inner| {
                if let Stmt::ClassDef(class) = inner {
                    for member in &class.body {
                        if let Stmt::FunctionDef(def) = member {
                            methods.push(def);
                        }
                    }
                }
            });
        }
        CallIndex { calls, methods }
    }

    /// Whether a handler catching `name` handles what every site raises.
    fn catches_all(&self, sites: &[&CallSite], name: &str) -> bool {
        sites.iter().all(|site| self.in_family(site.driver, name))
    }
}

impl<'a> ErrorHandling<'a> {
    /// Whether every caller of `unit` handles what `sites` raise. The
    /// same-module [`CallIndex`] answers today; the project index plugs in
    /// here as another [`CallerHandling`], asked when this one says `Unknown`.
    pub(super) fn caller_verdict(&self, unit: &Unit, sites: &[&CallSite]) -> Verdict {
        let Some(function) = unit.scope.function else {
            return Verdict::Unknown;
        };
        let index = self.callers();
        let catches = |name: &str| self.catches_all(sites, name);
        let query = CallerQuery {
            function,
            is_method: index.methods.iter().any(|m| m.range() == function.range()),
            catches: &catches,
        };
        let project = ProjectCallers {
            context: self.context,
        };
        let answerers: [&dyn CallerHandling; 2] = [index, &project];
        answerers
            .iter()
            .map(|answerer| answerer.all_callers_handle(&query))
            .find(|verdict| *verdict != Verdict::Unknown)
            .unwrap_or(Verdict::Unknown)
    }
}

/// Callers anywhere in the run, from the project index: a function that
/// is called, and called only inside `try` blocks whose handlers catch
/// database errors (or everything), is handled by its callers.
struct ProjectCallers<'c> {
    context: &'c crate::model::Context<'c>,
}

impl CallerHandling for ProjectCallers<'_> {
    fn all_callers_handle(&self, query: &CallerQuery) -> Verdict {
        if self
            .context
            .every_caller_handles_database_errors(query.function)
        {
            Verdict::Handled
        } else {
            Verdict::Unknown
        }
    }
}

impl CallIndex<'_> {
    fn answer(&self, query: &CallerQuery) -> Verdict {
        let name = query.function.name.id.as_str();
        // Only a private name has all its callers in this module.
        let private = name.starts_with('_') && !name.ends_with("__");
        if !private {
            return Verdict::Unknown;
        }
        let key = if query.is_method {
            format!("self.{name}")
        } else {
            name.to_owned()
        };
        let own = query.function.range();
        let callers: Vec<&Call> = self
            .calls
            .iter()
            .filter(|call| call.key == key && call.within != Some(own))
            .collect();
        if callers.is_empty() {
            return Verdict::Unknown;
        }
        let handled = callers.iter().all(|call| {
            call.unit_handled
                || call.guards.broad
                || call.guards.managed
                || call
                    .guards
                    .names
                    .iter()
                    .any(|caught| (query.catches)(caught))
        });
        if handled {
            Verdict::Handled
        } else {
            Verdict::Unhandled
        }
    }
}

impl CallerHandling for CallIndex<'_> {
    fn all_callers_handle(&self, query: &CallerQuery) -> Verdict {
        self.answer(query)
    }
}
