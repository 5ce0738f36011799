//! Unified diffs that `git apply` accepts.

use similar::TextDiff;

/// A unified diff of `old` → `new` with `a/<path>` / `b/<path>` headers and
/// three lines of context; empty when nothing changed. Paths use `/`.
///
/// The lines are the file's own bytes, so that a Latin-1 file's diff applies
/// to it byte for byte.
pub fn unified_diff(path: &str, old: &[u8], new: &[u8]) -> Vec<u8> {
    if old == new {
        return Vec::new();
    }
    let diff = TextDiff::configure()
        .algorithm(similar::Algorithm::Myers)
        .diff_lines(old, new);
    let path = path.replace('\\', "/");
    let mut out = format!("--- a/{path}\n+++ b/{path}\n").into_bytes();
    for hunk in diff
        .unified_diff()
        .context_radius(3)
        .missing_newline_hint(true)
        .iter_hunks()
    {
        hunk.to_writer(&mut out)
            .expect("writing to a Vec cannot fail");
    }
    out
}

/// [`unified_diff`] of two texts, for showing on a terminal.
pub fn unified_diff_text(path: &str, old: &str, new: &str) -> String {
    String::from_utf8_lossy(&unified_diff(path, old.as_bytes(), new.as_bytes())).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_missing_final_newline() {
        let diff = unified_diff_text("x.py", "a\nb", "a\nc");
        assert!(diff.starts_with("--- a/x.py\n+++ b/x.py\n@@ -1,2 +1,2 @@\n"));
        assert!(
            diff.contains("-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n"),
            "{diff}"
        );
    }

    #[test]
    fn empty_when_unchanged() {
        assert_eq!(unified_diff_text("x.py", "a\n", "a\n"), "");
    }

    #[test]
    fn keeps_the_file_bytes() {
        let diff = unified_diff("x.py", b"n = 'caf\xe9'\nx = 1\n", b"n = 'caf\xe9'\nx = 2\n");
        assert!(
            diff.windows(6).any(|w| w == b"caf\xe9'\n"),
            "{}",
            String::from_utf8_lossy(&diff)
        );
    }
}
