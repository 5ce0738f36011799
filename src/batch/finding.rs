//! A finding with its position resolved, as every output format and the
//! baseline read it: the typed result of checking one file.

use std::path::Path;

use serde::Serialize;

use crate::linter::diagnostic::Diagnostic;
use crate::parse::TextSize;
use crate::parse::source::SourceFile;

/// A line and column, both 1-based; columns count characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

impl Location {
    fn of(source: &SourceFile, offset: TextSize) -> Self {
        let (line, column) = source.line_column(offset);
        Self { line, column }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LocatedEdit {
    pub location: Location,
    pub end_location: Location,
    pub content: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LocatedFix {
    pub applicability: &'static str,
    pub title: String,
    pub edits: Vec<LocatedEdit>,
}

/// A finding with its position resolved, ready to render. Field names are the
/// stable JSON contract documented in the README.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub cwe: Vec<String>,
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub message: String,
    pub fix: Option<LocatedFix>,
    /// What identifies the finding across line shifts (baselines): a hash of
    /// the rule and the whitespace-folded text of the lines it covers.
    #[serde(skip)]
    pub fingerprint: String,
}

impl Finding {
    pub fn new(path: &Path, source: &SourceFile, diagnostic: &Diagnostic) -> Self {
        let start = Location::of(source, diagnostic.range.start());
        let end = Location::of(source, diagnostic.range.end());
        let fix = diagnostic.fix.as_ref().map(|fix| LocatedFix {
            applicability: fix.applicability.as_str(),
            title: fix.title.clone(),
            edits: fix
                .edits()
                .iter()
                .map(|edit| LocatedEdit {
                    location: Location::of(source, edit.range.start()),
                    end_location: Location::of(source, edit.range.end()),
                    content: edit.content.clone(),
                })
                .collect(),
        });
        Self {
            rule: diagnostic.rule.id(),
            cwe: diagnostic
                .rule
                .cwes()
                .iter()
                .map(|n| format!("CWE-{n}"))
                .collect(),
            path: display_path(path),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            message: diagnostic.message.clone(),
            fix,
            fingerprint: fingerprint(
                diagnostic.rule.id(),
                source.slice(source.full_lines_range(diagnostic.range)),
            ),
        }
    }
}

impl Finding {
    /// A suppression comment that silenced nothing (`--report-unused-suppressions`).
    pub fn unused_suppression(
        path: &Path,
        source: &SourceFile,
        range: crate::parse::TextRange,
    ) -> Self {
        let start = Location::of(source, range.start());
        let end = Location::of(source, range.end());
        Self {
            rule: UNUSED_SUPPRESSION,
            cwe: Vec::new(),
            path: display_path(path),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            message: format!("unused suppression comment `{}`", source.slice(range)),
            fix: None,
            fingerprint: fingerprint(
                UNUSED_SUPPRESSION,
                source.slice(source.full_lines_range(range)),
            ),
        }
    }
}

/// FNV-1a over the rule id and the code with all white space removed, so
/// re-indentation and line shifts keep the fingerprint.
fn fingerprint(rule: &str, code: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in rule
        .bytes()
        .chain([0])
        .chain(code.bytes().filter(|b| !b.is_ascii_whitespace()))
    {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// The pseudo-rule id of unused suppression reports.
pub const UNUSED_SUPPRESSION: &str = "unused-suppression";

/// A path as printed: relative to the working directory when under it, with `/`.
pub fn display_path(path: &Path) -> String {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    relative.to_string_lossy().replace('\\', "/")
}
