//! Re-indenting code that moves into (or out of) a block.
//!
//! Lines that start inside a string literal are never touched, so the value
//! of a multi-line string cannot change; every other line, comments and
//! continuation lines included, gets the new indentation.

use crate::parse::source::SourceFile;
use crate::parse::{Expr, Ranged, Stmt, TextRange, TextSize, Visitor, visitor};

/// Ranges of the string pieces in `stmts` that span more than one line.
pub fn multiline_string_ranges(source: &SourceFile, stmts: &[Stmt]) -> Vec<TextRange> {
    let mut collector = StringCollector {
        source,
        ranges: Vec::new(),
    };
    for stmt in stmts {
        collector.visit_stmt(stmt);
    }
    collector.ranges.sort_by_key(|range| range.start());
    collector.ranges
}

struct StringCollector<'s> {
    source: &'s SourceFile,
    ranges: Vec<TextRange>,
}

impl StringCollector<'_> {
    fn push(&mut self, range: TextRange) {
        if self.source.slice(range).contains(['\n', '\r']) {
            self.ranges.push(range);
        }
    }
}

impl<'a> Visitor<'a> for StringCollector<'_> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::StringLiteral(string) => {
                string.value.iter().for_each(|part| self.push(part.range()))
            }
            Expr::BytesLiteral(bytes) => {
                bytes.value.iter().for_each(|part| self.push(part.range()))
            }
            Expr::FString(fstring) => fstring
                .value
                .iter()
                .for_each(|part| self.push(part.range())),
            Expr::TString(tstring) => self.push(tstring.range()),
            _ => visitor::walk_expr(self, expr),
        }
    }
}

/// Whether `offset` lies strictly inside one of `strings`.
fn inside_string(strings: &[TextRange], offset: TextSize) -> bool {
    strings
        .iter()
        .any(|range| offset > range.start() && offset < range.end())
}

/// The full lines of `range`, with `prefix` added at the start of each line
/// that has code or a comment and does not start inside a string.
pub fn indent_lines(
    source: &SourceFile,
    range: TextRange,
    prefix: &str,
    strings: &[TextRange],
) -> String {
    let lines = source.full_lines_range(range);
    let mut out = String::with_capacity(usize::from(lines.len()) + 64);
    let mut offset = lines.start();
    while offset < lines.end() {
        let end = source.full_line_end(offset).min(lines.end());
        let line = source.slice(TextRange::new(offset, end));
        let blank = line.trim().is_empty();
        if !blank && !inside_string(strings, offset) {
            // After any form feed, which resets Python's column count.
            let (split, _) = crate::parse::source::indentation_bounds(line);
            out.push_str(&line[..split]);
            out.push_str(prefix);
            out.push_str(&line[split..]);
        } else {
            out.push_str(line);
        }
        if end == offset {
            break;
        }
        offset = end;
    }
    out
}

/// The full lines of `range` with up to `width` bytes of leading indentation
/// removed from each line that does not start inside a string. Returns
/// `None` when a code line is indented less than `width` (it would not stay
/// in its block).
pub fn dedent_lines(
    source: &SourceFile,
    range: TextRange,
    width: usize,
    strings: &[TextRange],
) -> Option<String> {
    let lines = source.full_lines_range(range);
    let mut out = String::with_capacity(usize::from(lines.len()));
    let mut offset = lines.start();
    while offset < lines.end() {
        let end = source.full_line_end(offset).min(lines.end());
        let line = source.slice(TextRange::new(offset, end));
        if line.trim().is_empty() || inside_string(strings, offset) {
            out.push_str(line);
        } else {
            let lead = line.len() - line.trim_start_matches([' ', '\t']).len();
            if lead < width {
                let is_comment = line.trim_start().starts_with('#');
                if !is_comment {
                    return None;
                }
                out.push_str(&line[lead..]);
            } else {
                out.push_str(&line[width..]);
            }
        }
        if end == offset {
            break;
        }
        offset = end;
    }
    Some(out)
}

/// Whether a statement starts its own line (nothing but indentation before it)
/// and ends its line (nothing but a comment after it).
pub fn owns_its_lines(source: &SourceFile, stmt: &impl Ranged) -> bool {
    let before = source.slice(TextRange::new(
        source.line_start(stmt.start()),
        stmt.start(),
    ));
    let after = source.slice(TextRange::new(stmt.end(), source.line_end(stmt.end())));
    before.trim().is_empty() && (after.trim().is_empty() || after.trim_start().starts_with('#'))
}

/// Whether every statement in `stmts` can be moved by whole lines: each starts
/// and ends its own lines, and no compound statement shares its header line.
pub fn movable_by_lines(source: &SourceFile, stmts: &[Stmt]) -> bool {
    stmts.iter().all(|stmt| owns_its_lines(source, stmt))
}

/// Whether a statement has a body of its own.
pub fn is_compound(stmt: &Stmt) -> bool {
    matches!(
        stmt,
        Stmt::If(_)
            | Stmt::For(_)
            | Stmt::While(_)
            | Stmt::With(_)
            | Stmt::Try(_)
            | Stmt::FunctionDef(_)
            | Stmt::ClassDef(_)
            | Stmt::Match(_)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_module;

    #[test]
    fn indents_after_a_form_feed() {
        // Python resets the indentation count at a form feed.
        let text = "if a:\n    x = 1\n\x0c    y = 2\n";
        let source = SourceFile::from_text(text);
        let range = TextRange::new(TextSize::new(0), TextSize::try_from(text.len()).unwrap());
        let out = indent_lines(&source, range, "    ", &[]);
        assert_eq!(out, "    if a:\n        x = 1\n\x0c        y = 2\n");
        assert!(crate::parse::is_valid_module(&format!("if True:\n{out}")));
    }

    #[test]
    fn indents_code_but_not_string_contents() {
        let text = "x = 1\ns = '''a\n  b\n'''\n# note\n\ny = (1,\n     2)\n";
        let source = SourceFile::from_text(text);
        let module = parse_module(text).unwrap();
        let strings = multiline_string_ranges(&source, module.body());
        let range = TextRange::new(TextSize::new(0), TextSize::try_from(text.len()).unwrap());
        let out = indent_lines(&source, range, "    ", &strings);
        assert_eq!(
            out,
            "    x = 1\n    s = '''a\n  b\n'''\n    # note\n\n    y = (1,\n         2)\n"
        );
        assert!(crate::parse::is_valid_module(&format!("if True:\n{out}")));
    }

    #[test]
    fn dedents_and_refuses_underindented_code() {
        let text = "if x:\n    a = 1\n    # c\n    b = '''\nz'''\n";
        let source = SourceFile::from_text(text);
        let module = parse_module(text).unwrap();
        let strings = multiline_string_ranges(&source, module.body());
        let Stmt::If(stmt) = &module.body()[0] else {
            panic!()
        };
        let range = TextRange::new(stmt.body[0].start(), stmt.body[1].end());
        assert_eq!(
            dedent_lines(&source, range, 4, &strings).unwrap(),
            "a = 1\n# c\nb = '''\nz'''\n"
        );
        assert_eq!(dedent_lines(&source, range, 8, &strings), None);
    }

    #[test]
    fn keeps_crlf_and_tabs() {
        let text = "a = 1\r\n\tb\r\n";
        let source = SourceFile::from_text(text);
        let range = TextRange::new(TextSize::new(0), TextSize::new(5));
        assert_eq!(indent_lines(&source, range, "\t", &[]), "\ta = 1\r\n");
    }
}
