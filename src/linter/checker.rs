//! Runs the enabled rules over one parsed module: the dispatch from a rule
//! id to the rule's check, and suppression comments.

use crate::linter::diagnostic::Diagnostic;
use crate::linter::rules;
use crate::linter::suppression::{self, Suppression};
use crate::model::{Context, Rule};

/// Runs one rule over one module.
pub fn run_rule(rule: Rule, context: &Context) -> Vec<Diagnostic> {
    match rule {
        Rule::SqlParameterize => rules::sql_parameterize::check(context),
        Rule::DbErrorHandling => rules::db_error_handling::check(context),
        Rule::ResourceWith => rules::resource_with::check(context),
        Rule::HardcodedCredentials => rules::hardcoded_credentials::check(context),
        Rule::UnvalidatedInput => rules::unvalidated_input::check(context),
        Rule::SensitiveExposure => rules::sensitive_exposure::check(context),
    }
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
    let mut diagnostics: Vec<Diagnostic> = context
        .settings
        .rules
        .iter()
        .flat_map(|rule| run_rule(*rule, context))
        .filter(|diagnostic| {
            let lines = [
                context.source.line_index(diagnostic.range.start()),
                context.source.line_index(diagnostic.range.end()),
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
