//! Runs the enabled rules over one parsed module.

use std::cell::OnceCell;
use std::path::Path;

use crate::drivers::{DbModel, builtin_drivers};

use crate::diagnostic::Diagnostic;
use crate::parse::{ParsedModule, Stmt, TextRange};
use crate::semantic::Semantic;
use crate::settings::Settings;
use crate::source::SourceFile;
use crate::suppression::{self, Suppression};

/// Everything a rule may look at: one source, its syntax tree, what its names
/// refer to, and the settings. Rules are pure functions of a context.
pub struct Context<'a> {
    pub path: &'a Path,
    pub source: &'a SourceFile,
    pub module: &'a ParsedModule,
    pub semantic: &'a Semantic<'a>,
    pub settings: &'a Settings,
    /// Built on first use and shared by the database rules.
    db: OnceCell<DbModel<'static>>,
}

impl<'a> Context<'a> {
    pub fn new(
        path: &'a Path,
        source: &'a SourceFile,
        module: &'a ParsedModule,
        semantic: &'a Semantic<'a>,
        settings: &'a Settings,
    ) -> Self {
        Self {
            path,
            source,
            module,
            semantic,
            settings,
            db: OnceCell::new(),
        }
    }

    /// Which names hold database connections and cursors (built once per module).
    pub fn db(&self) -> &DbModel<'static> {
        self.db
            .get_or_init(|| DbModel::new(self, builtin_drivers()))
    }

    pub fn body(&self) -> &'a [Stmt] {
        self.module.body()
    }

    pub fn text(&self) -> &'a str {
        self.source.text()
    }

    /// `qualified` with re-exports followed through the project (a module
    /// that re-exports `sqlite3` names sqlite3).
    pub fn canonical(&self, qualified: &str) -> String {
        qualified.to_owned()
    }

    /// The source text of anything with a range.
    pub fn slice(&self, range: TextRange) -> &'a str {
        self.source.slice(range)
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
        .flat_map(|rule| rule.check(context))
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
    let unused = suppressions
        .into_iter()
        .zip(used)
        .filter(|(_, used)| !used)
        .map(|(s, _)| s)
        .collect();
    (diagnostics, unused)
}
