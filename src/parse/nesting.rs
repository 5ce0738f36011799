//! How deeply a source nests, looked at before it is parsed.
//!
//! The parser and the rules recurse once per level of nesting. Worker threads
//! have a large stack ([`crate::parse::stack::WORKER_STACK`]), enough for anything a
//! file below [`SCAN_FROM_BYTES`] can hold; a larger generated file could nest
//! deeper than any stack and abort the whole run. Such a file is refused with
//! an error instead, on the same grounds CPython refuses it: more than 200
//! levels of brackets, or one statement chaining tens of thousands of
//! operations (CPython gives up at about 3,000).

/// Smaller sources are not scanned: they cannot nest deep enough to matter.
pub const SCAN_FROM_BYTES: usize = 128 * 1024;

/// CPython's tokenizer limit on nested brackets.
const MAX_BRACKET_DEPTH: usize = 200;

/// Chained operations (`a + b + …`, `a.b.c…`, `f()()…`) in one statement.
const MAX_CHAIN: usize = 20_000;

/// Prefix operators in a row (`- - - a`); each is one more level.
const MAX_PREFIX_RUN: usize = 1_000;

/// Where and why a source nests too deeply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooDeep {
    pub offset: usize,
    pub message: String,
}

/// Checks a source's nesting; small sources pass without a scan.
pub fn check(source: &str) -> Result<(), TooDeep> {
    if source.len() < SCAN_FROM_BYTES {
        return Ok(());
    }
    scan(source.as_bytes())
}

/// Bytes the scan looks at; everything else (names, numbers, spaces, commas,
/// `=`, `:`) is skipped in a tight loop.
const INTERESTING: [bool; 256] = {
    let mut table = [false; 256];
    let bytes = b"#\"'([{)]}+-*/%@&|^<>~.\n";
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
};

fn scan(bytes: &[u8]) -> Result<(), TooDeep> {
    let mut depth = 0usize;
    let mut chain = 0usize;
    let mut prefix_run = 0usize;
    let mut at = 0;
    while at < bytes.len() {
        let skipped_from = at;
        while at < bytes.len() && !INTERESTING[bytes[at] as usize] {
            at += 1;
        }
        if at >= bytes.len() {
            break;
        }
        if at > skipped_from
            && bytes[skipped_from..at]
                .iter()
                .any(|b| !b.is_ascii_whitespace())
        {
            prefix_run = 0;
        }
        let byte = bytes[at];
        // The last byte before this one that is not white space.
        let previous = previous_significant(bytes, at);
        match byte {
            b'#' => {
                while at < bytes.len() && bytes[at] != b'\n' {
                    at += 1;
                }
                continue;
            }
            b'"' | b'\'' => {
                at = string_end(bytes, at);
                prefix_run = 0;
                continue;
            }
            b'(' | b'[' | b'{' => {
                prefix_run = 0;
                if byte != b'{' && is_operand_end(previous) {
                    chain += 1; // a call or a subscript
                }
                depth += 1;
            }
            b')' | b']' | b'}' => {
                prefix_run = 0;
                depth = depth.saturating_sub(1);
            }
            b'+' | b'-' | b'*' | b'/' | b'%' | b'@' | b'&' | b'|' | b'^' | b'<' | b'>' | b'~'
                if is_operand_end(previous) && !is_exponent_sign(bytes, at) =>
            {
                prefix_run = 0;
                chain += 1;
            }
            b'+' | b'-' | b'~' => prefix_run += 1,
            b'.' => {
                prefix_run = 0;
                if previous.is_ascii_alphabetic()
                    || previous == b'_'
                    || previous >= 0x80
                    || matches!(previous, b')' | b']' | b'}')
                {
                    chain += 1;
                }
            }
            b'\n' => {
                if depth == 0 && previous != b'\\' {
                    chain = 0;
                }
            }
            _ => prefix_run = 0,
        }
        if let Some(message) = too_deep(depth, prefix_run, chain) {
            return Err(TooDeep {
                offset: at,
                message,
            });
        }
        at += 1;
    }
    Ok(())
}

/// The last byte before `at` on its line that is not white space (a string
/// that ends there reads as its closing quote), else a newline, or a
/// backslash when the line before ends with a continuation.
fn previous_significant(bytes: &[u8], at: usize) -> u8 {
    let mut index = at;
    while index > 0 {
        index -= 1;
        let byte = bytes[index];
        if byte == b'\n' {
            // Only a backslash continuation or an open bracket makes the
            // statement go on; the caller decides with `depth`.
            return if index > 0 && bytes[index - 1] == b'\\' {
                b'\\'
            } else {
                b'\n'
            };
        }
        if !byte.is_ascii_whitespace() {
            return byte;
        }
    }
    b'\n'
}

/// Which limit the counts so far go past, if any.
fn too_deep(depth: usize, prefix_run: usize, chain: usize) -> Option<String> {
    if depth > MAX_BRACKET_DEPTH {
        Some(format!(
            "too many nested parentheses (more than {MAX_BRACKET_DEPTH} levels, as CPython refuses too)"
        ))
    } else if prefix_run > MAX_PREFIX_RUN {
        Some(format!(
            "more than {MAX_PREFIX_RUN} prefix operators in a row, too deep to analyse"
        ))
    } else if chain > MAX_CHAIN {
        Some(format!(
            "a statement chains more than {MAX_CHAIN} operations, too deep to analyse (CPython refuses about 3,000)"
        ))
    } else {
        None
    }
}

/// Whether an operator after `byte` would be binary: `byte` ends an operand.
fn is_operand_end(byte: u8) -> bool {
    byte.is_ascii_alphanumeric()
        || byte >= 0x80
        || matches!(byte, b'_' | b')' | b']' | b'}' | b'"' | b'\'')
}

/// `1e-5`: the sign of a number's exponent, not an operator.
fn is_exponent_sign(bytes: &[u8], at: usize) -> bool {
    at >= 2
        && matches!(bytes[at], b'+' | b'-')
        && matches!(bytes[at - 1], b'e' | b'E')
        && (bytes[at - 2].is_ascii_digit() || bytes[at - 2] == b'.')
}

/// The offset just after the string literal starting at `start`.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let triple = bytes[start..].starts_with(&[quote, quote, quote]);
    let mut at = start + if triple { 3 } else { 1 };
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            byte if byte == quote => {
                if !triple {
                    return at + 1;
                }
                if bytes[at..].starts_with(&[quote, quote, quote]) {
                    return at + 3;
                }
                at += 1;
            }
            b'\n' if !triple => return at,
            _ => at += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn padded(code: &str) -> String {
        // Large enough to be scanned: a comment full of brackets and operators first.
        let filler = format!("# {}\n", "([{+-*/".repeat(SCAN_FROM_BYTES / 7 + 1));
        format!("{filler}{code}")
    }

    #[test]
    fn small_sources_are_not_scanned() {
        assert_eq!(check(&format!("x = {}", "[".repeat(300))), Ok(()));
    }

    #[test]
    fn refuses_more_brackets_than_cpython() {
        let ok = padded(&format!("x = {}{}\n", "[".repeat(200), "]".repeat(200)));
        assert_eq!(check(&ok), Ok(()));
        let deep = padded(&format!("x = {}{}\n", "[".repeat(201), "]".repeat(201)));
        assert!(
            check(&deep)
                .unwrap_err()
                .message
                .contains("nested parentheses")
        );
    }

    #[test]
    fn refuses_very_long_chains_but_not_flat_data() {
        let chain = padded(&format!("x = {}\n", vec!["a"; MAX_CHAIN + 2].join(" + ")));
        assert!(check(&chain).unwrap_err().message.contains("chains"));
        // Big literal tables: negative numbers, exponents, strings with operators.
        let row = "(-1, 2.5e-3, 'a+b', \"x.y\", -7),\n";
        let table = padded(&format!("TABLE = [\n{}]\n", row.repeat(30_000)));
        assert_eq!(check(&table), Ok(()));
        let many_lines = padded(&"y = a + b + c\n".repeat(30_000));
        assert_eq!(check(&many_lines), Ok(()));
        let negated = padded(&format!("x = {}a\n", "-".repeat(MAX_PREFIX_RUN + 1)));
        assert!(
            check(&negated)
                .unwrap_err()
                .message
                .contains("prefix operators")
        );
    }
}
