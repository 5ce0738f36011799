//! Baselines for legacy migration: `--write-baseline FILE` records today's
//! findings; `--baseline FILE` then reports only findings not in it. Findings
//! match by rule, path and a fingerprint of their code, so they survive line
//! shifts; identical findings in one file are counted, not merged.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::batch::finding::Finding;

#[derive(Debug, Serialize, Deserialize)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
struct Entry {
    rule: String,
    path: String,
    fingerprint: String,
}

fn entry(finding: &Finding) -> Entry {
    Entry {
        rule: finding.rule.to_owned(),
        path: finding.path.clone(),
        fingerprint: finding.fingerprint.clone(),
    }
}

pub fn write(path: &Path, findings: &[Finding]) -> Result<(), String> {
    let mut entries: Vec<Entry> = findings.iter().map(entry).collect();
    entries.sort_by(|a, b| {
        (&a.path, &a.rule, &a.fingerprint).cmp(&(&b.path, &b.rule, &b.fingerprint))
    });
    let file = BaselineFile {
        version: 1,
        findings: entries,
    };
    let text = serde_json::to_string_pretty(&file).map_err(|e| e.to_string())? + "\n";
    std::fs::write(path, text)
        .map_err(|e| format!("{}: error: cannot write baseline: {e}", path.display()))
}

/// A loaded baseline; each recorded finding covers one current finding.
pub struct Baseline {
    remaining: HashMap<Entry, usize>,
}

impl Baseline {
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            format!(
                "{}: error: cannot read baseline: {}",
                path.display(),
                crate::batch::walk::describe_io_error(&e)
            )
        })?;
        let file: BaselineFile = serde_json::from_str(&text)
            .map_err(|e| format!("{}: error: invalid baseline: {e}", path.display()))?;
        let mut remaining: HashMap<Entry, usize> = HashMap::new();
        for known in file.findings {
            *remaining.entry(known).or_default() += 1;
        }
        Ok(Self { remaining })
    }

    /// The findings the baseline does not cover.
    pub fn filter(&mut self, findings: Vec<Finding>) -> Vec<Finding> {
        findings
            .into_iter()
            .filter(|finding| match self.remaining.get_mut(&entry(finding)) {
                Some(count) if *count > 0 => {
                    *count -= 1;
                    false
                }
                _ => true,
            })
            .collect()
    }
}
