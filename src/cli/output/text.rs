//! `path:line:col: rule-id message [fix: safety]`, one finding a line.

use std::fmt::Write as _;

use super::Finding;

pub fn render(findings: &[Finding]) -> String {
    let mut out = String::new();
    for finding in findings {
        let _ = write!(
            out,
            "{}:{}:{}: {} [{}] {}",
            finding.path,
            finding.line,
            finding.column,
            finding.rule,
            finding.cwe.join(", "),
            finding.message
        );
        if let Some(fix) = &finding.fix {
            let _ = write!(out, " (fix: {}, {})", fix.applicability, fix.title);
        }
        out.push('\n');
    }
    out
}
