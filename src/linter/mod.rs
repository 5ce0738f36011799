//! The linter: the rules, their fixes, the checker that runs them over one
//! module, and the fix loop. Pure: [`check_source`] and [`fix_source`] take
//! one decoded source and return data; reading, walking and writing files is
//! the batch layer's.

pub mod checker;
pub mod diagnostic;
pub mod diff;
pub mod fix;
pub mod rules;
pub mod suppression;
pub mod syntax;
pub mod traversal;

use std::path::Path;

use crate::model::settings::Settings;
use crate::model::{Context, Rule};
use crate::parse::source::SourceFile;
use crate::semantic::{self, Semantic};
use crate::{model::index, parse};
use diagnostic::{Applicability, Diagnostic};

/// Why a source could not be checked or fixed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceError {
    /// The input does not parse; nothing is fixed.
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    /// A fix produced code that does not parse: every change is dropped.
    FixBrokeSyntax { rules: Vec<Rule>, message: String },
    /// Fixes kept changing the file past the pass cap: nothing is written.
    NoConvergence { rules: Vec<Rule> },
    /// The fixed text cannot be written back in the file's encoding.
    Unencodable,
}

impl std::fmt::Display for SourceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names = |rules: &[Rule]| rules.iter().map(|r| r.id()).collect::<Vec<_>>().join(", ");
        match self {
            SourceError::Syntax {
                line,
                column,
                message,
            } => write!(f, "{line}:{column}: syntax error: {message}"),
            SourceError::FixBrokeSyntax { rules, message } => write!(
                f,
                "internal error: fixes by {} produced code that does not parse ({message}); no change written",
                names(rules)
            ),
            SourceError::NoConvergence { rules } => write!(
                f,
                "internal error: fixes by {} did not converge after {MAX_FIX_PASSES} passes; no change written",
                names(rules)
            ),
            SourceError::Unencodable => write!(
                f,
                "fixed text cannot be encoded in the file's declared encoding"
            ),
        }
    }
}

/// How many rounds of parse → check → apply a file gets.
pub const MAX_FIX_PASSES: usize = 10;

/// Findings for one source.
pub fn check_source(
    path: &Path,
    source: &SourceFile,
    settings: &Settings,
) -> Result<Vec<Diagnostic>, SourceError> {
    check_source_with_suppressions(path, source, settings).map(|(diagnostics, _)| diagnostics)
}

/// Findings for one source, and the suppression comments that silenced nothing.
///
/// A fix is offered only when `fix` would write it: when applying the
/// file's fixes does not reach a fixpoint, breaks the syntax or cannot be
/// encoded, `fix` drops every change to the file, so `check` withdraws the
/// fixes too (see [`withdraw_unwritable_fixes`]).
pub fn check_source_with_suppressions(
    path: &Path,
    source: &SourceFile,
    settings: &Settings,
) -> Result<(Vec<Diagnostic>, Vec<suppression::Suppression>), SourceError> {
    let (mut diagnostics, unused) = check_unverified(path, source, settings)?;
    withdraw_unwritable_fixes(path, source, settings, &mut diagnostics);
    Ok((diagnostics, unused))
}

/// The rules' findings, with their fixes as the rules offer them.
fn check_unverified(
    path: &Path,
    source: &SourceFile,
    settings: &Settings,
) -> Result<(Vec<Diagnostic>, Vec<suppression::Suppression>), SourceError> {
    let module = parse::parse_module(source.text()).map_err(|error| {
        let (line, column) = source.line_column(error.offset);
        SourceError::Syntax {
            line,
            column,
            message: error.message,
        }
    })?;
    let name = match settings.project.as_deref() {
        Some(project) => project.module_name_of(path),
        None => index::module_name(path),
    };
    let semantic = match name {
        Some((name, is_package)) => Semantic::for_module(module.body(), &name, is_package),
        None => Semantic::new(module.body()),
    }
    .with_project(
        settings
            .project
            .as_deref()
            .map(|p| p as &dyn semantic::Reexports),
    );
    let context = Context::new(path, source, &module, &semantic, settings);
    Ok(checker::check_module_with_suppressions(&context))
}

/// Runs the fix loop `fix` would run and, when it fails, takes away the
/// fixes it would have dropped: with the fixes these settings apply, every
/// fix of the file; with the unsafe fixes shown but not applied here, those
/// (`fix --unsafe-fixes` would drop the whole file, `fix` keeps the safe ones).
/// Only files with fixes pay for the loop.
pub fn withdraw_unwritable_fixes(
    path: &Path,
    source: &SourceFile,
    settings: &Settings,
    diagnostics: &mut [Diagnostic],
) {
    let check = |settings: &Settings, text: &SourceFile| {
        check_unverified(path, text, settings).map(|(found, _)| found)
    };
    withdraw_with(source, settings, diagnostics, &check);
}

/// Findings of a text under some settings.
type Recheck<'r> = dyn Fn(&Settings, &SourceFile) -> Result<Vec<Diagnostic>, SourceError> + 'r;

fn withdraw_with(
    source: &SourceFile,
    settings: &Settings,
    diagnostics: &mut [Diagnostic],
    check: &Recheck,
) {
    let offered = |d: &Diagnostic| d.fix.as_ref().map(|fix| fix.applicability);
    if diagnostics
        .iter()
        .filter_map(offered)
        .any(|applicability| is_applicable(applicability, settings))
    {
        let recheck = |text: &SourceFile| check(settings, text);
        if fix_loop(source, diagnostics.to_vec(), settings, &recheck).is_err() {
            for diagnostic in diagnostics.iter_mut() {
                diagnostic.fix = None;
            }
            return;
        }
    }
    if !settings.unsafe_fixes
        && diagnostics
            .iter()
            .filter_map(offered)
            .any(|applicability| applicability == Applicability::Unsafe)
    {
        let with_unsafe = Settings {
            unsafe_fixes: true,
            ..settings.clone()
        };
        let recheck = |text: &SourceFile| check(&with_unsafe, text);
        let converges = recheck(source)
            .and_then(|found| fix_loop(source, found, &with_unsafe, &recheck))
            .is_ok();
        if !converges {
            for diagnostic in diagnostics.iter_mut() {
                if offered(diagnostic) == Some(Applicability::Unsafe) {
                    diagnostic.fix = None;
                }
            }
        }
    }
}

/// The outcome of fixing one source.
#[derive(Debug, Clone)]
pub struct FixOutcome {
    /// Findings in the original source.
    pub diagnostics: Vec<Diagnostic>,
    /// The source after every applicable fix (equal to the input when none applied).
    pub fixed: SourceFile,
    /// The rule of every fix applied, over all passes.
    pub applied: Vec<Rule>,
    /// Findings left in the fixed source (ranges refer to `fixed`).
    pub remaining: Vec<Diagnostic>,
}

impl FixOutcome {
    pub fn changed(&self) -> bool {
        !self.applied.is_empty()
    }
}

/// Whether `settings` allow writing a fix of this applicability.
pub fn is_applicable(applicability: Applicability, settings: &Settings) -> bool {
    match applicability {
        Applicability::Safe => true,
        Applicability::Unsafe => settings.unsafe_fixes,
        Applicability::DisplayOnly => false,
    }
}

/// Applies fixes to a fixpoint: parse, check, apply the non-colliding
/// applicable fixes, repeat. Every pass must parse, or every change to the
/// file is dropped and the error names the rules involved.
pub fn fix_source(
    path: &Path,
    source: &SourceFile,
    settings: &Settings,
) -> Result<FixOutcome, SourceError> {
    let recheck = |text: &SourceFile| check_unverified(path, text, settings).map(|(d, _)| d);
    let diagnostics = recheck(source)?;
    fix_loop(source, diagnostics, settings, &recheck)
}

/// The fixpoint loop over `source`, whose findings are `diagnostics`;
/// `recheck` finds the findings of each new text.
fn fix_loop(
    source: &SourceFile,
    diagnostics: Vec<Diagnostic>,
    settings: &Settings,
    recheck: &dyn Fn(&SourceFile) -> Result<Vec<Diagnostic>, SourceError>,
) -> Result<FixOutcome, SourceError> {
    let mut current = source.clone();
    let mut current_diagnostics = diagnostics.clone();
    let mut applied: Vec<Rule> = Vec::new();
    for _ in 0..MAX_FIX_PASSES {
        let fixes = current_diagnostics
            .iter()
            .filter_map(|d| d.fix.as_ref().map(|fix| (d.rule, fix)))
            .filter(|(_, fix)| is_applicable(fix.applicability, settings));
        let pass = fix::apply_fixes(current.text(), fixes);
        if pass.applied.is_empty() || pass.text == current.text() {
            if !current.is_encodable() {
                return Err(SourceError::Unencodable);
            }
            return Ok(FixOutcome {
                diagnostics,
                fixed: current,
                applied,
                remaining: current_diagnostics,
            });
        }
        let next = current.with_text(pass.text);
        current_diagnostics = match recheck(&next) {
            Ok(found) => found,
            Err(SourceError::Syntax { message, .. }) => {
                // For debugging rules: `REMEDY_DUMP_BROKEN=FILE` keeps the text that did not parse.
                if let Some(dump) = std::env::var_os("REMEDY_DUMP_BROKEN") {
                    let _ = std::fs::write(dump, next.text());
                }
                let mut rules = pass.applied.clone();
                rules.sort();
                rules.dedup();
                return Err(SourceError::FixBrokeSyntax { rules, message });
            }
            Err(other) => return Err(other),
        };
        applied.extend(pass.applied);
        current = next;
    }
    let mut rules = applied;
    rules.sort();
    rules.dedup();
    Err(SourceError::NoConvergence { rules })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linter::diagnostic::{Edit, Fix};
    use crate::parse::{TextRange, TextSize};

    /// A rule whose fix always finds something more to add: it never converges.
    fn endless(settings: &Settings, text: &SourceFile) -> Result<Vec<Diagnostic>, SourceError> {
        let end = TextSize::try_from(text.text().len()).unwrap();
        let mut safe = Diagnostic::new(Rule::DbErrorHandling, TextRange::empty(end), "more");
        safe.fix = Some(Fix::safe("add", vec![Edit::insertion("x\n", end)]));
        let mut found = vec![safe];
        if settings.unsafe_fixes {
            let mut other = Diagnostic::new(Rule::ResourceWith, TextRange::empty(end), "other");
            other.fix = Some(Fix::unsafe_("other", vec![Edit::insertion("y\n", end)]));
            found.push(other);
        }
        Ok(found)
    }

    #[test]
    fn check_does_not_offer_a_fix_that_never_converges() {
        let source = SourceFile::from_text("x\n");
        let settings = Settings::default();
        let recheck = |text: &SourceFile| endless(&settings, text);
        let found = endless(&settings, &source).unwrap();
        assert!(matches!(
            fix_loop(&source, found.clone(), &settings, &recheck),
            Err(SourceError::NoConvergence { .. })
        ));
        let mut shown = found;
        withdraw_with(&source, &settings, &mut shown, &endless);
        assert!(shown.iter().all(|d| d.fix.is_none()), "{shown:?}");
    }

    /// Converges with safe fixes only; the unsafe fix keeps adding.
    fn endless_when_unsafe(
        settings: &Settings,
        text: &SourceFile,
    ) -> Result<Vec<Diagnostic>, SourceError> {
        let end = TextSize::try_from(text.text().len()).unwrap();
        let mut found = Vec::new();
        if !text.text().contains("safe") {
            let mut safe = Diagnostic::new(Rule::DbErrorHandling, TextRange::empty(end), "s");
            safe.fix = Some(Fix::safe("safe", vec![Edit::insertion("safe\n", end)]));
            found.push(safe);
        }
        let mut risky = Diagnostic::new(Rule::ResourceWith, TextRange::empty(end), "u");
        risky.fix = Some(Fix::unsafe_("unsafe", vec![Edit::insertion("u\n", end)]));
        found.push(risky);
        let _ = settings;
        Ok(found)
    }

    #[test]
    fn check_withdraws_only_the_unsafe_fixes_when_only_they_never_converge() {
        let source = SourceFile::from_text("x\n");
        let settings = Settings::default();
        let mut shown = endless_when_unsafe(&settings, &source).unwrap();
        withdraw_with(&source, &settings, &mut shown, &endless_when_unsafe);
        let kept: Vec<_> = shown.iter().map(|d| d.fix.is_some()).collect();
        assert_eq!(kept, vec![true, false]);
    }
}
