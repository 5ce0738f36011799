//! `remedy fix --interactive`: each fix is shown as a diff hunk and applied
//! only when the person at the terminal accepts it (yes / no / all / quit).
//!
//! Fixes are applied one at a time, re-checking the file after each, so every
//! accepted fix is verified on the source it actually lands in.

use std::io::{BufRead, Write};
use std::path::Path;

use crate::linter::diagnostic::Diagnostic;
use crate::linter::fix::apply_fixes;
use crate::linter::{SourceError, check_source, diff, is_applicable};
use crate::model::settings::Settings;
use crate::parse::source::SourceFile;

/// The reviewer's answer to one fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    Yes,
    No,
    All,
    Quit,
}

/// State carried across files: once "all" or "quit" is answered it holds
/// for the rest of the run.
#[derive(Debug, Default)]
pub struct Review {
    accept_all: bool,
    quit: bool,
}

/// What reviewing one file produced.
#[derive(Debug, Default)]
pub struct Reviewed {
    /// The accepted fixes applied, when any were.
    pub fixed: Option<SourceFile>,
    pub accepted: usize,
    pub rejected: usize,
}

impl Review {
    pub fn has_quit(&self) -> bool {
        self.quit
    }

    /// Offers every applicable fix in `source`, in order, and applies the accepted ones.
    pub fn review_file(
        &mut self,
        path: &Path,
        source: &SourceFile,
        settings: &Settings,
        input: &mut impl BufRead,
        output: &mut impl Write,
    ) -> Result<Reviewed, SourceError> {
        let mut current = source.clone();
        let mut rejected: Vec<String> = Vec::new();
        let mut reviewed = Reviewed::default();
        for _ in 0..1000 {
            if self.quit {
                break;
            }
            let diagnostics = check_source(path, &current, settings)?;
            let Some(next) = diagnostics.iter().find(|d| {
                d.fix
                    .as_ref()
                    .is_some_and(|f| is_applicable(f.applicability, settings))
                    && !rejected.contains(&identity(&current, d))
            }) else {
                break;
            };
            let fix = next.fix.as_ref().expect("filtered on fixes");
            let candidate = current.with_text(apply_fixes(current.text(), [(next.rule, fix)]).text);
            if !crate::parse::is_valid_module(candidate.text()) {
                rejected.push(identity(&current, next));
                continue;
            }
            let answer = if self.accept_all {
                Answer::All
            } else {
                let (line, _) = current.line_column(next.range.start());
                let shown = crate::cli::output::display_path(path);
                let _ = writeln!(output, "{shown}:{line}: {} {}", next.rule, next.message);
                let _ = writeln!(
                    output,
                    "fix ({}): {}",
                    fix.applicability.as_str(),
                    fix.title
                );
                let _ = output.write_all(
                    diff::unified_diff_text(&shown, current.text(), candidate.text()).as_bytes(),
                );
                ask(input, output)
            };
            match answer {
                Answer::Yes | Answer::All => {
                    self.accept_all |= answer == Answer::All;
                    current = candidate;
                    reviewed.accepted += 1;
                }
                Answer::No => {
                    rejected.push(identity(&current, next));
                    reviewed.rejected += 1;
                }
                Answer::Quit => self.quit = true,
            }
        }
        if reviewed.accepted > 0 {
            reviewed.fixed = Some(current);
        }
        Ok(reviewed)
    }
}

/// What identifies a fix across re-checks: its rule, message, edits and
/// the text of the lines it touches (positions shift as other fixes land).
fn identity(source: &SourceFile, diagnostic: &Diagnostic) -> String {
    let lines = source.slice(source.full_lines_range(diagnostic.range));
    let edits: Vec<&str> = diagnostic
        .fix
        .iter()
        .flat_map(|f| f.edits())
        .map(|e| e.content.as_str())
        .collect();
    format!(
        "{}\u{0}{}\u{0}{}\u{0}{}",
        diagnostic.rule,
        diagnostic.message,
        edits.join("\u{1}"),
        lines
    )
}

fn ask(input: &mut impl BufRead, output: &mut impl Write) -> Answer {
    loop {
        let _ = write!(output, "Apply this fix? [y]es / [n]o / [a]ll / [q]uit: ");
        let _ = output.flush();
        let mut line = String::new();
        match input.read_line(&mut line) {
            // End of input: stop asking, apply nothing more.
            Ok(0) | Err(_) => return Answer::Quit,
            Ok(_) => {}
        }
        match line.trim().to_ascii_lowercase().as_str() {
            "y" | "yes" => return Answer::Yes,
            "n" | "no" => return Answer::No,
            "a" | "all" => return Answer::All,
            "q" | "quit" => return Answer::Quit,
            _ => {
                let _ = writeln!(output, "Please answer y, n, a or q.");
            }
        }
    }
}
