//! Python string literals for generated code.

/// A Python double-quoted string literal for `text`.
pub fn python_string(text: &str) -> String {
    quote_python(text, '"')
}

/// `text` as a Python string literal in quote `q` (no prefix, single line).
pub fn quote_python(text: &str, q: char) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(q);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

/// `text` as a triple-quoted literal keeping its line breaks.
pub fn quote_python_triple(text: &str, q: char, newline: &str) -> String {
    let triple: String = std::iter::repeat_n(q, 3).collect();
    let mut body = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => body.push_str("\\\\"),
            '\n' => body.push_str(newline),
            '\r' => {}
            c if c == q => {
                body.push('\\');
                body.push(c);
            }
            c => body.push(c),
        }
    }
    format!("{triple}{body}{triple}")
}
