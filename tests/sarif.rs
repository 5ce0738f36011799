//! SARIF output validates against the SARIF 2.1.0 JSON schema
//! (`tests/data/sarif-schema-2.1.0.json`, from Microsoft's SARIF SDK as
//! shipped in the npm package `@microsoft/sarif-multitool-linux` 5.7.0, MIT).

use std::path::Path;

use remedy::cli::output::{Finding, sarif};
use remedy::linter::diagnostic::{Diagnostic, Edit, Fix};
use remedy::model::rule::Rule;
use remedy::parse::source::SourceFile;
use remedy::parse::{TextRange, TextSize};

fn schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-schema-2.1.0.json"),
    )
    .unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).expect("the SARIF schema compiles")
}

fn findings() -> Vec<Finding> {
    let source =
        SourceFile::from_text("cur.execute(\"SELECT * FROM t WHERE a = '\" + a + \"'\")\nx = 1\n");
    let range = TextRange::new(TextSize::new(12), TextSize::new(51));
    let with_fix = Diagnostic::new(
        Rule::SqlParameterize,
        range,
        "SQL built with `+` reaches `execute`",
    )
    .with_fix(Fix::safe(
        "Pass the values as bound parameters",
        vec![Edit::replacement(
            "\"SELECT * FROM t WHERE a = ?\", (a,)",
            range,
        )],
    ));
    let without_fix = Diagnostic::new(
        Rule::ResourceWith,
        TextRange::new(TextSize::new(53), TextSize::new(58)),
        "plain",
    );
    vec![
        Finding::new(Path::new("app/dao.py"), &source, &with_fix),
        Finding::new(Path::new("app/dao.py"), &source, &without_fix),
    ]
}

#[test]
fn sarif_validates_against_the_schema() {
    let rendered = sarif::render(&findings());
    let value: serde_json::Value = serde_json::from_str(&rendered).unwrap();
    let validator = schema();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF does not validate:\n{}",
        errors.join("\n")
    );
    let results = &value["runs"][0]["results"];
    assert_eq!(results.as_array().unwrap().len(), 2);
    assert_eq!(results[0]["ruleId"], "sql-parameterize");
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        1
    );
    assert_eq!(
        results[0]["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"],
        "\"SELECT * FROM t WHERE a = ?\", (a,)"
    );
    let rules = value["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert_eq!(rules.len(), Rule::ALL.len());
    assert!(
        rules[0]["properties"]["tags"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("external/cwe/cwe-89"))
    );
}

#[test]
fn the_validator_rejects_a_broken_log() {
    let broken = serde_json::json!({ "version": "2.1.0", "runs": [{ "results": [] }] });
    assert!(
        !schema().is_valid(&broken),
        "a run without `tool` must not validate"
    );
}

#[test]
fn empty_sarif_validates() {
    let value: serde_json::Value = serde_json::from_str(&sarif::render(&[])).unwrap();
    assert!(schema().is_valid(&value));
}
