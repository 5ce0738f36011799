//! Unified diffs that `git apply` accepts.

use similar::TextDiff;

/// A unified diff of `old` → `new` with `a/<path>` / `b/<path>` headers and
/// three lines of context; empty when nothing changed. Paths use `/`.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let diff = TextDiff::configure()
        .algorithm(similar::Algorithm::Myers)
        .diff_lines(old, new);
    let path = path.replace('\\', "/");
    let mut out = format!("--- a/{path}\n+++ b/{path}\n");
    for hunk in diff
        .unified_diff()
        .context_radius(3)
        .missing_newline_hint(true)
        .iter_hunks()
    {
        out.push_str(&hunk.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_missing_final_newline() {
        let diff = unified_diff("x.py", "a\nb", "a\nc");
        assert!(diff.starts_with("--- a/x.py\n+++ b/x.py\n@@ -1,2 +1,2 @@\n"));
        assert!(
            diff.contains("-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n"),
            "{diff}"
        );
    }

    #[test]
    fn empty_when_unchanged() {
        assert_eq!(unified_diff("x.py", "a\n", "a\n"), "");
    }
}
