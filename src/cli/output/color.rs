//! ANSI colour for people at a terminal: `--color auto|always|never`;
//! `auto` colours only when stdout is a terminal and `NO_COLOR` is unset.

use std::io::IsTerminal as _;

use crate::cli::args::ColorChoice;

pub fn enabled(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const CYAN: &str = "\x1b[36m";

/// Colours a unified diff line by line: headers bold, hunks cyan, removals red, additions green.
pub fn diff(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for line in text.split_inclusive('\n') {
        let (body, newline) = line.strip_suffix('\n').map_or((line, ""), |b| (b, "\n"));
        let color = if body.starts_with("---") || body.starts_with("+++") {
            BOLD
        } else if body.starts_with("@@") {
            CYAN
        } else if body.starts_with('-') {
            RED
        } else if body.starts_with('+') {
            GREEN
        } else {
            ""
        };
        if color.is_empty() {
            out.push_str(line);
        } else {
            out.push_str(color);
            out.push_str(body);
            out.push_str(RESET);
            out.push_str(newline);
        }
    }
    out
}

/// Colours text findings: the location bold, the rule id red.
pub fn findings(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for line in text.lines() {
        // `path:line:col: rule [CWE] message`
        match line.split_once(": ") {
            Some((location, rest)) => {
                let (rule, message) = rest.split_once(' ').unwrap_or((rest, ""));
                out.push_str(&format!(
                    "{BOLD}{location}{RESET}: {RED}{rule}{RESET} {message}\n"
                ));
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn colours_diff_lines() {
        let coloured = super::diff("--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n c\n");
        assert!(coloured.contains("\x1b[31m-a\x1b[0m\n"));
        assert!(coloured.contains("\x1b[32m+b\x1b[0m\n"));
        assert!(coloured.ends_with(" c\n"));
    }
}
