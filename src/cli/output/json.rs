//! A JSON array of findings (field names documented in the README).

use super::Finding;

pub fn render(findings: &[Finding]) -> String {
    let mut out = serde_json::to_string_pretty(findings).unwrap_or_else(|_| "[]".to_owned());
    out.push('\n');
    out
}
