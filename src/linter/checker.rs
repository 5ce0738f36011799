//! Runs the enabled rules over one parsed module: the dispatch from a rule
//! id to the rule's check, and suppression comments.

use crate::linter::diagnostic::Diagnostic;
use crate::linter::rules;
use crate::linter::suppression::{self, Suppression};
use crate::linter::traversal::{self, NodeRule};
use crate::model::{Context, Rule};

/// How a rule looks at a module.
enum Pass<'a> {
    /// As a node rule of the shared walk ([`traversal`]).
    Node(Box<dyn NodeRule<'a> + 'a>),
    /// Over the semantic model's table of functions, each analysed on its own.
    Functions(fn(&Context) -> Vec<Diagnostic>),
}

fn pass<'a>(rule: Rule, context: &'a Context<'a>) -> Pass<'a> {
    match rule {
        Rule::SqlParameterize => Pass::Node(rules::sql_parameterize::node_rule(context)),
        Rule::DbErrorHandling => Pass::Functions(rules::db_error_handling::check),
        Rule::ResourceWith => Pass::Node(rules::resource_with::node_rule(context)),
        Rule::HardcodedCredentials => Pass::Node(rules::hardcoded_credentials::node_rule(context)),
        Rule::UnvalidatedInput => Pass::Functions(rules::unvalidated_input::check),
        Rule::SensitiveExposure => Pass::Node(rules::sensitive_exposure::node_rule(context)),
    }
}

/// Runs one rule over one module.
pub fn run_rule(rule: Rule, context: &Context) -> Vec<Diagnostic> {
    run_rules(&[rule], context)
}

/// Runs `rules` over one module: the node rules in one shared walk, the
/// others over the functions the semantic model lists.
fn run_rules(rules: &[Rule], context: &Context) -> Vec<Diagnostic> {
    let mut node_rules = Vec::new();
    let mut diagnostics = Vec::new();
    for rule in rules {
        match pass(*rule, context) {
            Pass::Node(node_rule) => node_rules.push(node_rule),
            Pass::Functions(check) => diagnostics.extend(check(context)),
        }
    }
    if !node_rules.is_empty() {
        diagnostics.extend(traversal::walk(context.body(), node_rules));
    }
    diagnostics
}

/// Runs every enabled rule and drops the findings that a suppression
/// comment silences; diagnostics come back sorted by position, then rule.
pub fn check_module(context: &Context) -> Vec<Diagnostic> {
    check_module_with_suppressions(context).0
}

/// Like [`check_module`], and also returns the suppression comments that
/// silenced nothing (for `--report-unused-suppressions`).
pub fn check_module_with_suppressions(context: &Context) -> (Vec<Diagnostic>, Vec<Suppression>) {
    let suppressions = suppression::collect(context.source, context.module.comment_ranges());
    let mut used = vec![false; suppressions.len()];
    let mut diagnostics: Vec<Diagnostic> = run_rules(&context.settings.rules, context)
        .into_iter()
        .filter(|diagnostic| {
            if suppressions.is_empty() {
                return true;
            }
            let lines = [
                context.source.line_index(diagnostic.range.start()),
                context.source.line_index(diagnostic.range.end()),
                // Bandit's reading: a comment on the first line of a
                // statement spanning several lines covers all of it
                // (`cookie_secret=…` under `app = Application(  # nosec B106`).
                context
                    .source
                    .line_index(statement_start(context, diagnostic.range.start())),
            ];
            let silencer = suppressions
                .iter()
                .position(|s| lines.contains(&s.line) && s.silences(diagnostic.rule));
            if let Some(index) = silencer {
                used[index] = true;
            }
            silencer.is_none()
        })
        .collect();
    diagnostics.sort_by(|a, b| {
        (a.range.start(), a.rule, a.range.end(), &a.message).cmp(&(
            b.range.start(),
            b.rule,
            b.range.end(),
            &b.message,
        ))
    });
    // One finding per place and message: a value spliced twice into one
    // template (`"… {0} … ON {0}".format(t)`) is one thing to fix.
    diagnostics.dedup_by(|later, earlier| {
        later.rule == earlier.rule
            && later.range == earlier.range
            && later.message == earlier.message
    });
    let unused = suppressions
        .into_iter()
        .zip(used)
        .filter(|(_, used)| !used)
        .map(|(s, _)| s)
        .collect();
    (diagnostics, unused)
}

/// Where the innermost statement holding `offset` starts (`offset` itself
/// when no statement holds it).
fn statement_start(context: &Context, offset: crate::parse::TextSize) -> crate::parse::TextSize {
    use crate::parse::Ranged;
    let mut start = None;
    for stmt in context.body() {
        crate::linter::syntax::for_each_simple_statement(stmt, &mut |inner| {
            if inner.range().contains(offset) && start.is_none_or(|seen| inner.start() > seen) {
                start = Some(inner.start());
            }
        });
    }
    start.unwrap_or(offset)
}
