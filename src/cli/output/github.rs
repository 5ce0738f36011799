//! GitHub Actions workflow commands: one `::error`/`::warning` annotation a finding.

use super::Finding;

/// Workflow-command data must escape `%`, CR and LF; properties also `:` and `,`.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(findings: &[Finding]) -> String {
    let mut out = String::new();
    for finding in findings {
        let level = if matches!(finding.rule, "sql-parameterize" | "hardcoded-credentials") {
            "error"
        } else {
            "warning"
        };
        out.push_str(&format!(
            "::{level} title={},file={},line={},col={},endLine={},endColumn={}::{}\n",
            escape_property(&format!(
                "remedy ({}, {})",
                finding.rule,
                finding.cwe.join("/")
            )),
            escape_property(&finding.path),
            finding.line,
            finding.column,
            finding.end_line,
            finding.end_column,
            escape_data(&format!("{}: {}", finding.rule, finding.message)),
        ));
    }
    out
}
