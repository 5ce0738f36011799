//! remedy: finds insecure patterns in Python code and rewrites them.
//!
//! The library is pure: [`check_source`] and [`fix_source`] take one decoded
//! source and return data. Reading, walking and writing files live in
//! [`batch`] and [`walk`].

pub mod baseline;
pub mod batch;
pub mod checker;
pub mod cli;
pub mod commands;
pub mod config;
pub mod diagnostic;
pub mod diff;
pub mod drivers;
pub mod fix;
pub mod index;
pub mod interactive;
pub mod nesting;
pub mod output;
pub mod parse;
pub mod registry;
pub mod rules;
pub mod semantic;
pub mod settings;
pub mod source;
pub mod suppression;
pub mod syntax;
pub mod walk;

use std::path::Path;

use checker::Context;
use diagnostic::{Applicability, Diagnostic};
use registry::Rule;
use semantic::Semantic;
use settings::Settings;
use source::SourceFile;

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
pub fn check_source_with_suppressions(
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
    let semantic = match index::module_name(path) {
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
    let diagnostics = check_source(path, source, settings)?;
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
        current_diagnostics = match check_source(path, &next, settings) {
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
