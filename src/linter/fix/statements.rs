//! Removing and inserting whole statements while keeping the comments and
//! blank lines around them.

use crate::linter::diagnostic::Edit;
use crate::parse::source::SourceFile;
use crate::parse::{Ranged, Stmt, TextRange};

/// An edit that removes `stmt`.
///
/// - Alone on its lines: the lines go (a trailing comment on the same line goes with it),
///   and so do the blank lines right above it when a blank line (or the end of the text)
///   follows: the gap it sat in stays one gap, no wider than it was on either side.
/// - Joined by `;` to others: the statement and one `;` go.
/// - The only statement of its block (`is_only_in_block`): it becomes `pass`.
pub fn remove_statement(source: &SourceFile, stmt: &Stmt, is_only_in_block: bool) -> Edit {
    if is_only_in_block {
        return Edit::replacement("pass", stmt.range());
    }
    let line_start = source.line_start(stmt.start());
    let before = source.slice(TextRange::new(line_start, stmt.start()));
    let line_end = source.line_end(stmt.end());
    let after = source.slice(TextRange::new(stmt.end(), line_end));
    let after_trimmed = after.trim_start();
    if before.trim().is_empty() && (after_trimmed.is_empty() || after_trimmed.starts_with('#')) {
        let end = source.full_line_end(stmt.end());
        return Edit::deletion(TextRange::new(
            blank_lines_above(source, line_start, end),
            end,
        ));
    }
    if let Some(rest) = after_trimmed.strip_prefix(';') {
        // `stmt; other` → `other`
        let skipped = after.len() - rest.trim_start().len();
        let end = stmt.end() + crate::parse::TextSize::try_from(skipped).unwrap_or_default();
        return Edit::deletion(TextRange::new(stmt.start(), end));
    }
    // `other; stmt` → `other`
    let trimmed_before = before.trim_end();
    if trimmed_before.ends_with(';') {
        let start = line_start
            + crate::parse::TextSize::try_from(trimmed_before.len() - 1).unwrap_or_default();
        return Edit::deletion(TextRange::new(start, stmt.end()));
    }
    Edit::replacement("pass", stmt.range())
}

/// Where the blank lines right above the line starting at `line_start` begin,
/// when the line after `end` is blank or there is none (else `line_start`).
fn blank_lines_above(
    source: &SourceFile,
    line_start: crate::parse::TextSize,
    end: crate::parse::TextSize,
) -> crate::parse::TextSize {
    let is_blank = |start: crate::parse::TextSize| {
        source
            .slice(TextRange::new(start, source.line_end(start)))
            .trim()
            .is_empty()
    };
    let at_end = usize::from(end) == source.text().len();
    if !at_end && !is_blank(end) {
        return line_start;
    }
    let mut start = line_start;
    while start > crate::parse::TextSize::default() {
        let above = source.line_start(start - crate::parse::TextSize::from(1));
        if !is_blank(above) {
            break;
        }
        start = above;
    }
    start
}

/// An edit that inserts `lines` (each already indented, no trailing newline)
/// on new lines before the line of `stmt`.
pub fn insert_lines_before(source: &SourceFile, stmt: &impl Ranged, lines: &[String]) -> Edit {
    let newline = source.newline();
    let mut text = String::new();
    for line in lines {
        text.push_str(line);
        text.push_str(newline);
    }
    Edit::insertion(text, source.line_start(stmt.start()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linter::diagnostic::Fix;
    use crate::linter::fix::apply_fixes;
    use crate::model::rule::Rule;
    use crate::parse::parse_module;

    fn remove_nth(text: &str, index: usize, only: bool) -> String {
        let source = SourceFile::from_text(text);
        let module = parse_module(text).unwrap();
        let edit = remove_statement(&source, &module.body()[index], only);
        let fix = Fix::safe("remove", vec![edit]);
        apply_fixes(text, [(Rule::ResourceWith, &fix)]).text
    }

    #[test]
    fn removes_whole_lines_and_keeps_comments() {
        assert_eq!(
            remove_nth("a = 1\n# keep\nf.close()  # done\nb = 2\n", 1, false),
            "a = 1\n# keep\nb = 2\n"
        );
        assert_eq!(remove_nth("a = 1\r\nf.close()\r\n", 1, false), "a = 1\r\n");
    }

    #[test]
    fn a_gap_stays_one_gap() {
        // optuna's lock file: closed after a blank line, at the end of the
        // function; flake8 would see three blank lines before the class.
        assert_eq!(
            remove_nth("a = 1\n\nf.close()\n\n\nclass C:\n    pass\n", 1, false),
            "a = 1\n\n\nclass C:\n    pass\n"
        );
        assert_eq!(
            remove_nth("a = 1\r\n\r\nf.close()\r\n", 1, false),
            "a = 1\r\n"
        );
        // Blank above only, or below only: nothing else goes.
        assert_eq!(
            remove_nth("a = 1\n\nf.close()\nb = 2\n", 1, false),
            "a = 1\n\nb = 2\n"
        );
        assert_eq!(
            remove_nth("a = 1\nf.close()\n\nb = 2\n", 1, false),
            "a = 1\n\nb = 2\n"
        );
    }

    #[test]
    fn removes_semicolon_joined_statements() {
        assert_eq!(remove_nth("f.close(); b = 2\n", 0, false), "b = 2\n");
        assert_eq!(remove_nth("b = 2; f.close()\n", 1, false), "b = 2\n");
    }

    #[test]
    fn only_statement_becomes_pass() {
        assert_eq!(remove_nth("f.close()\n", 0, true), "pass\n");
    }
}
