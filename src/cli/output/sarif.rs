//! SARIF 2.1.0, as GitHub code scanning and other dashboards read it: rule
//! metadata (CWE tags, `security-severity`, help from the rule docs),
//! results with regions, and fixes as artifact changes.

use serde_json::{Value, json};

use super::Finding;
use crate::model::rule::Rule;

/// GitHub's `security-severity` (0.0–10.0), by how bad the weakness is.
fn security_severity(rule: Rule) -> &'static str {
    match rule {
        Rule::SqlParameterize => "8.8",
        Rule::HardcodedCredentials => "7.5",
        Rule::UnvalidatedInput => "6.5",
        Rule::SensitiveExposure => "5.3",
        Rule::DbErrorHandling => "4.0",
        Rule::ResourceWith => "3.0",
    }
}

fn level(rule: Rule) -> &'static str {
    match rule {
        Rule::SqlParameterize | Rule::HardcodedCredentials => "error",
        _ => "warning",
    }
}

/// `sql-parameterize` → `SqlParameterize`.
fn pascal_case(id: &str) -> String {
    id.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn rule_descriptor(rule: Rule) -> Value {
    let mut tags = vec!["security".to_owned()];
    tags.extend(rule.cwes().iter().map(|n| format!("external/cwe/cwe-{n}")));
    json!({
        "id": rule.id(),
        "name": pascal_case(rule.id()),
        "shortDescription": { "text": rule.summary() },
        "fullDescription": { "text": format!("{} ({})", rule.summary(), rule.cwe_label()) },
        "help": { "text": rule.docs(), "markdown": rule.docs() },
        "defaultConfiguration": { "level": level(rule) },
        "properties": {
            "tags": tags,
            "precision": "high",
            "security-severity": security_severity(rule),
        },
    })
}

fn region(line: usize, column: usize, end_line: usize, end_column: usize) -> Value {
    json!({ "startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column })
}

fn result(finding: &Finding) -> Value {
    let rule = Rule::from_id(finding.rule);
    let artifact = json!({ "uri": finding.path, "uriBaseId": "%SRCROOT%" });
    let mut value = json!({
        "ruleId": finding.rule,
        "level": rule.map_or("note", level),
        "message": { "text": finding.message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": artifact,
                "region": region(finding.line, finding.column, finding.end_line, finding.end_column),
            }
        }],
    });
    if let Some(index) = rule.and_then(|rule| Rule::ALL.iter().position(|r| *r == rule)) {
        value["ruleIndex"] = json!(index);
    }
    if let Some(fix) = &finding.fix {
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .map(|edit| {
                json!({
                    "deletedRegion": region(edit.location.line, edit.location.column, edit.end_location.line, edit.end_location.column),
                    "insertedContent": { "text": edit.content },
                })
            })
            .collect();
        value["fixes"] = json!([{
            "description": { "text": format!("{} ({})", fix.title, fix.applicability) },
            "artifactChanges": [{ "artifactLocation": artifact, "replacements": replacements }],
        }]);
    }
    value
}

pub fn render(findings: &[Finding]) -> String {
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "remedy",
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": Rule::ALL.iter().map(|rule| rule_descriptor(*rule)).collect::<Vec<_>>(),
                }
            },
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": { "%SRCROOT%": { "description": { "text": "The folder remedy was run from." } } },
            "results": findings.iter().map(result).collect::<Vec<_>>(),
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}
