//! A Python source file as remedy sees it: decoded text plus the facts that
//! every edit must respect (BOM, encoding, line ending, indentation unit,
//! final newline).

use crate::parse::{TextRange, TextSize};

/// Line terminator used by a file. Every inserted line uses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnding {
    Lf,
    CrLf,
    Cr,
}

impl LineEnding {
    pub fn as_str(self) -> &'static str {
        match self {
            LineEnding::Lf => "\n",
            LineEnding::CrLf => "\r\n",
            LineEnding::Cr => "\r",
        }
    }

    /// The first line terminator in `text`, or `\n` when there is none.
    pub fn detect(text: &str) -> Self {
        let bytes = text.as_bytes();
        match bytes.iter().position(|&b| b == b'\n' || b == b'\r') {
            Some(i) if bytes[i] == b'\n' => LineEnding::Lf,
            Some(i) if bytes.get(i + 1) == Some(&b'\n') => LineEnding::CrLf,
            Some(_) => LineEnding::Cr,
            None => LineEnding::Lf,
        }
    }
}

/// The text encoding a file was read in, so it is written back the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// ISO-8859-1, named by a PEP 263 cookie (`latin-1`, `iso-8859-1`).
    Latin1,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    Binary,
    InvalidUtf8 { line: usize },
    UnsupportedEncoding(String),
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Binary => write!(f, "binary file (contains NUL bytes)"),
            DecodeError::InvalidUtf8 { line } => {
                write!(
                    f,
                    "invalid UTF-8 on line {line} and no coding cookie names another encoding"
                )
            }
            DecodeError::UnsupportedEncoding(name) => {
                write!(
                    f,
                    "unsupported source encoding `{name}` (only UTF-8 and Latin-1 are rewritten)"
                )
            }
        }
    }
}

/// A decoded source file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    text: String,
    bom: bool,
    encoding: Encoding,
    line_ending: LineEnding,
    /// Computed on first use: only fixes need it.
    indent_unit: std::cell::OnceCell<String>,
    /// Computed on first use: the index pass asks for no line.
    line_starts: std::cell::OnceCell<Vec<TextSize>>,
}

const BOM: &str = "\u{feff}";

impl SourceFile {
    /// Decodes the bytes of a file: UTF-8 with or without BOM, or the
    /// encoding named by a PEP 263 coding cookie when it is one remedy can
    /// write back unchanged.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        if bytes.contains(&0) {
            return Err(DecodeError::Binary);
        }
        let (bom, body) = match bytes.strip_prefix(BOM.as_bytes()) {
            Some(rest) => (true, rest),
            None => (false, bytes),
        };
        let cookie = coding_cookie(body);
        let encoding = match cookie.as_deref().map(normalize_encoding_name) {
            None => Encoding::Utf8,
            Some(name) if UTF8_NAMES.contains(&name.as_str()) => Encoding::Utf8,
            Some(name) if LATIN1_NAMES.contains(&name.as_str()) && !bom => Encoding::Latin1,
            Some(_) if body.is_ascii() => Encoding::Utf8,
            Some(_) => return Err(DecodeError::UnsupportedEncoding(cookie.unwrap_or_default())),
        };
        let text = match encoding {
            Encoding::Utf8 => match std::str::from_utf8(body) {
                Ok(text) => text.to_owned(),
                Err(error) => {
                    let line = 1 + body[..error.valid_up_to()]
                        .iter()
                        .filter(|&&b| b == b'\n')
                        .count();
                    return Err(DecodeError::InvalidUtf8 { line });
                }
            },
            Encoding::Latin1 => body.iter().map(|&b| b as char).collect(),
        };
        Ok(Self::from_parts(text, bom, encoding))
    }

    /// A source from text already decoded (tests, stdin).
    pub fn from_text(text: &str) -> Self {
        match text.strip_prefix(BOM) {
            Some(rest) => Self::from_parts(rest.to_owned(), true, Encoding::Utf8),
            None => Self::from_parts(text.to_owned(), false, Encoding::Utf8),
        }
    }

    fn from_parts(text: String, bom: bool, encoding: Encoding) -> Self {
        let line_ending = LineEnding::detect(&text);
        Self {
            text,
            bom,
            encoding,
            line_ending,
            indent_unit: std::cell::OnceCell::new(),
            line_starts: std::cell::OnceCell::new(),
        }
    }

    /// The same file facts with new text (after fixes): BOM and encoding are
    /// kept; line ending and indentation unit are those of the original.
    pub fn with_text(&self, text: String) -> Self {
        Self {
            text,
            bom: self.bom,
            encoding: self.encoding,
            line_ending: self.line_ending,
            indent_unit: std::cell::OnceCell::from(self.indent_unit().to_owned()),
            line_starts: std::cell::OnceCell::new(),
        }
    }

    /// The text without BOM.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The offset of each line's first character.
    fn line_starts(&self) -> &[TextSize] {
        self.line_starts
            .get_or_init(|| compute_line_starts(&self.text))
    }

    pub fn has_bom(&self) -> bool {
        self.bom
    }

    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    pub fn line_ending(&self) -> LineEnding {
        self.line_ending
    }

    /// The newline string every inserted line must end with.
    pub fn newline(&self) -> &'static str {
        self.line_ending.as_str()
    }

    /// One level of indentation as the file writes it (`"    "`, `"  "`, `"\t"`).
    pub fn indent_unit(&self) -> &str {
        self.indent_unit
            .get_or_init(|| detect_indent_unit(&self.text))
    }

    /// One level of indentation for a block nested in the line at
    /// `offset`: the file's unit, except where that line's own indentation
    /// would mix with it in a way Python rejects (`TabError`). New lines get
    /// the line's indentation and then the unit; moved lines get the unit
    /// and then their own indentation: under a tab-indented line both must
    /// be tabs, under a space-indented line in a tab-indented file both
    /// must be spaces.
    pub fn indent_unit_at(&self, offset: TextSize) -> &str {
        let indentation = self.indentation_at(offset);
        let unit = self.indent_unit();
        if indentation.contains('\t') {
            "\t"
        } else if !indentation.is_empty() && unit.contains('\t') {
            "    "
        } else {
            unit
        }
    }

    /// The bytes to write back: BOM and encoding as read.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.text.len() + 3);
        if self.bom {
            out.extend_from_slice(BOM.as_bytes());
        }
        match self.encoding {
            Encoding::Utf8 => out.extend_from_slice(self.text.as_bytes()),
            Encoding::Latin1 => out.extend(
                self.text
                    .chars()
                    .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?')),
            ),
        }
        out
    }

    /// Whether every character can be written back in the file's encoding.
    pub fn is_encodable(&self) -> bool {
        match self.encoding {
            Encoding::Utf8 => true,
            Encoding::Latin1 => self.text.chars().all(|c| u32::from(c) <= 0xff),
        }
    }

    /// 1-based line and 1-based column (in characters) of an offset.
    pub fn line_column(&self, offset: TextSize) -> (usize, usize) {
        let line = self.line_index(offset);
        let start = usize::from(self.line_starts()[line]);
        let end = usize::from(offset).min(self.text.len());
        let column = self
            .text
            .get(start..end)
            .map_or(end - start, |s| s.chars().count());
        (line + 1, column + 1)
    }

    /// 0-based index of the line holding `offset`.
    pub fn line_index(&self, offset: TextSize) -> usize {
        match self.line_starts().binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Offset of the start of the line holding `offset`.
    pub fn line_start(&self, offset: TextSize) -> TextSize {
        self.line_starts()[self.line_index(offset)]
    }

    /// Offset just past the line terminator of the line holding `offset`
    /// (or the end of the text on the last line).
    pub fn full_line_end(&self, offset: TextSize) -> TextSize {
        let index = self.line_index(offset);
        self.line_starts()
            .get(index + 1)
            .copied()
            .unwrap_or_else(|| TextSize::try_from(self.text.len()).unwrap_or_default())
    }

    /// Offset of the end of the line holding `offset`, before its terminator.
    pub fn line_end(&self, offset: TextSize) -> TextSize {
        let full = usize::from(self.full_line_end(offset));
        let line = &self.text[..full];
        let trimmed = line.trim_end_matches(['\n', '\r']);
        let start = usize::from(self.line_start(offset));
        TextSize::try_from(trimmed.len().max(start)).unwrap_or_default()
    }

    /// The whitespace that starts the line holding `offset`.
    pub fn indentation_at(&self, offset: TextSize) -> &str {
        let rest = &self.text[usize::from(self.line_start(offset))..];
        let (start, end) = indentation_bounds(rest);
        &rest[start..end]
    }

    /// The text of a range.
    pub fn slice(&self, range: TextRange) -> &str {
        &self.text[usize::from(range.start())..usize::from(range.end())]
    }

    /// The full lines covering `range`, terminators included.
    pub fn full_lines_range(&self, range: TextRange) -> TextRange {
        let end = if range.is_empty() {
            range.end()
        } else {
            range.end() - TextSize::new(1)
        };
        TextRange::new(
            self.line_start(range.start()),
            self.full_line_end(end.max(range.start())),
        )
    }

    /// Number of lines.
    pub fn line_count(&self) -> usize {
        self.line_starts().len()
    }
}

/// Python's own names for UTF-8, as [`normalize_encoding_name`] spells them.
const UTF8_NAMES: &[&str] = &["utf_8", "utf8", "u8", "utf", "cp65001"];

/// Python's own names for ISO-8859-1, as [`normalize_encoding_name`] spells
/// them.
const LATIN1_NAMES: &[&str] = &[
    "latin_1",
    "latin1",
    "latin",
    "iso_8859_1",
    "iso8859_1",
    "l1",
    "iso_latin_1",
    "iso_ir_100",
    "8859",
    "cp819",
    "ibm819",
    "csisolatin1",
];

/// A cookie's encoding name as Python reads it: its tokenizer takes
/// `utf-8-…` and `latin-1-…` for those two (an Emacs cookie without a
/// space, `# -*-coding:utf-8-*-`, names `utf-8-`), then the codec lookup
/// lowercases the name, turns each run of other characters than letters,
/// digits and `.` into one `_` and drops them at either end (`utf8-`
/// is `utf8`).
fn normalize_encoding_name(name: &str) -> String {
    let lower = name.to_ascii_lowercase().replace('_', "-");
    if lower.starts_with("utf-8-") {
        return "utf_8".to_owned();
    }
    if ["latin-1-", "iso-8859-1-", "iso-latin-1-"]
        .iter()
        .any(|prefix| lower.starts_with(prefix))
    {
        return "latin_1".to_owned();
    }
    let mut normalized = String::new();
    let mut punctuation = false;
    for c in lower.chars() {
        if c.is_ascii_alphanumeric() || c == '.' {
            if punctuation && !normalized.is_empty() {
                normalized.push('_');
            }
            normalized.push(c);
            punctuation = false;
        } else {
            punctuation = true;
        }
    }
    normalized
}

/// The encoding a PEP 263 cookie on line 1 or 2 names, if any.
fn coding_cookie(bytes: &[u8]) -> Option<String> {
    for (index, line) in bytes.split(|&b| b == b'\n').take(2).enumerate() {
        let line = String::from_utf8_lossy(line);
        let trimmed = line.trim_start();
        if !trimmed.starts_with('#') {
            if index == 0 && trimmed.is_empty() {
                continue;
            }
            // A cookie on line 2 only counts when line 1 is a comment or blank.
            return None;
        }
        if let Some(position) = trimmed.find("coding") {
            let rest = &trimmed[position + "coding".len()..];
            if let Some(rest) = rest.strip_prefix(':').or_else(|| rest.strip_prefix('=')) {
                let name: String = rest
                    .trim_start()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
                    .collect();
                if !name.is_empty() {
                    return Some(name);
                }
            }
        }
    }
    None
}

fn compute_line_starts(text: &str) -> Vec<TextSize> {
    let bytes = text.as_bytes();
    let mut starts = vec![TextSize::new(0)];
    let at = |offset: usize| TextSize::try_from(offset).unwrap_or_default();
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        match bytes[i] {
            // `\r\n` is one break: its line starts after the `\n`.
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {}
            _ => starts.push(at(i + 1)),
        }
    }
    starts
}

/// The indentation unit: tabs if the first indented line uses a tab,
/// otherwise the smallest positive increase in leading spaces between
/// consecutive code lines; four spaces when the file has no indented line.
/// Where the indentation of `line` starts and ends (byte offsets). Python
/// resets its column count at a form feed, so the indentation is the
/// whitespace after the last one in the leading whitespace.
pub fn indentation_bounds(line: &str) -> (usize, usize) {
    let end = line.len() - line.trim_start_matches([' ', '\t', '\x0c']).len();
    let start = line[..end].rfind('\x0c').map_or(0, |at| at + 1);
    (start, end)
}

fn detect_indent_unit(text: &str) -> String {
    // Steps after block openers (lines ending in `:`), counted: the most
    // common one is the unit. Continuation lines and string contents that
    // happen to be indented differently do not outvote the blocks.
    // A block indented with a tab votes for tabs the same way (a tab inside
    // a string's lines, say JavaScript in a docstring, does not follow a
    // block opener often enough to outvote the code).
    let mut steps: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    let mut tab_steps = 0;
    let mut previous: Option<(usize, bool)> = None;
    for line in text.lines() {
        let content = line.trim_start_matches([' ', '\t']);
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let lead = &line[..line.len() - content.len()];
        if lead.starts_with('\t') {
            if previous.is_some_and(|(_, opens_block)| opens_block) {
                tab_steps += 1;
            }
            previous = Some((usize::MAX, opens_block(content)));
            continue;
        }
        let width = lead.len();
        if let Some((previous_width, opens_block)) = previous
            && opens_block
            && previous_width != usize::MAX
            && width > previous_width
        {
            *steps.entry(width - previous_width).or_default() += 1;
        }
        previous = Some((width, opens_block(content)));
    }
    if tab_steps > 0 && tab_steps >= steps.values().sum::<usize>() {
        return "\t".to_owned();
    }
    // The most frequent step; on a tie, the smaller one.
    let unit = steps
        .iter()
        .max_by(|(a_step, a_count), (b_step, b_count)| {
            a_count.cmp(b_count).then(b_step.cmp(a_step))
        })
        .map_or(4, |(step, _)| *step);
    " ".repeat(unit)
}

/// Whether a line (without its indentation) ends with `:`, ignoring a trailing comment.
fn opens_block(content: &str) -> bool {
    let content = content.trim_end();
    if content.ends_with(':') {
        return true;
    }
    content
        .rsplit_once('#')
        .is_some_and(|(code, _)| code.trim_end().ends_with(':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_line_endings() {
        assert_eq!(LineEnding::detect("a\r\nb"), LineEnding::CrLf);
        assert_eq!(LineEnding::detect("a\nb"), LineEnding::Lf);
        assert_eq!(LineEnding::detect("a\rb"), LineEnding::Cr);
        assert_eq!(LineEnding::detect("a"), LineEnding::Lf);
    }

    #[test]
    fn indentation_starts_after_a_form_feed() {
        let source = SourceFile::from_text("def f():\n\x0c\x0c    return 1\n");
        assert_eq!(source.indentation_at(TextSize::new(15)), "    ");
    }

    #[test]
    fn detects_indent_units() {
        assert_eq!(detect_indent_unit("if x:\n  y\n"), "  ");
        assert_eq!(detect_indent_unit("if x:\n\ty\n"), "\t");
        assert_eq!(detect_indent_unit("x = 1\n"), "    ");
        assert_eq!(detect_indent_unit("if x:\n    if y:\n        z\n"), "    ");
        // Continuation lines aligned one column in do not make a 1-space unit.
        let aligned = "def f():\n    x = g(a,\n          b)\n    y = (1 +\n     2)\n    if x:  # note\n        return y\n";
        assert_eq!(detect_indent_unit(aligned), "    ");
        assert_eq!(
            detect_indent_unit("class A:\n  def f(self):\n    pass\n"),
            "  "
        );
        // Tabs only inside a string (IPython's JavaScript in a docstring):
        // the code's blocks decide.
        let javascript =
            "def f():\n    if x:\n        y = 1\n    return '''\n\tvar a;\n\tvar b;\n'''\n";
        assert_eq!(detect_indent_unit(javascript), "    ");
    }

    #[test]
    fn keeps_bom_and_latin1() {
        let source = SourceFile::decode(b"\xef\xbb\xbfx = 1\n").unwrap();
        assert!(source.has_bom());
        assert_eq!(source.text(), "x = 1\n");
        assert_eq!(source.encode(), b"\xef\xbb\xbfx = 1\n");
        let latin = SourceFile::decode(b"# -*- coding: latin-1 -*-\nx = '\xe9'\n").unwrap();
        assert_eq!(latin.text(), "# -*- coding: latin-1 -*-\nx = '\u{e9}'\n");
        assert_eq!(latin.encode(), b"# -*- coding: latin-1 -*-\nx = '\xe9'\n");
    }

    #[test]
    fn reads_cookie_names_as_python_does() {
        // Emacs cookies without a space name `utf-8-` and `utf8-`
        // (torcms, suki-framework): Python reads both as UTF-8.
        for cookie in [
            "# -*-coding:utf-8-*-",
            "# -*-coding:utf8-*-",
            "# coding=UTF_8",
        ] {
            let text = format!("{cookie}\nx = '\u{e9}'\n");
            let source = SourceFile::decode(text.as_bytes()).unwrap();
            assert_eq!(source.text(), text);
        }
        let latin =
            SourceFile::decode(b"# vim: set fileencoding=ISO_8859_1 :\nx = '\xe9'\n").unwrap();
        assert_eq!(latin.encoding(), Encoding::Latin1);
        for (name, normalized) in [
            ("utf-8-", "utf_8"),
            ("utf8-", "utf8"),
            ("Latin-1", "latin_1"),
            ("iso8859-1", "iso8859_1"),
            ("cp1252", "cp1252"),
        ] {
            assert_eq!(normalize_encoding_name(name), normalized);
        }
    }

    #[test]
    fn rejects_bad_bytes() {
        assert_eq!(
            SourceFile::decode(b"x\0y").unwrap_err(),
            DecodeError::Binary
        );
        assert_eq!(
            SourceFile::decode(b"x = 1\ny = '\xff'\n").unwrap_err(),
            DecodeError::InvalidUtf8 { line: 2 }
        );
        assert!(matches!(
            SourceFile::decode(b"# coding: shift_jis\nx = '\x82\xa0'\n").unwrap_err(),
            DecodeError::UnsupportedEncoding(_)
        ));
    }

    #[test]
    fn maps_offsets_to_lines() {
        let source = SourceFile::from_text("ab\r\ncd\r\n");
        assert_eq!(source.line_column(TextSize::new(4)), (2, 1));
        assert_eq!(source.full_line_end(TextSize::new(0)), TextSize::new(4));
        assert_eq!(source.line_end(TextSize::new(0)), TextSize::new(2));
    }
}
