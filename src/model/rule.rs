//! The list of rules: ids, CWEs, summaries, fix availability and documentation
//! (one place for every rule's metadata; the dispatch to the checks is the
//! linter's, `crate::linter::checker::run_rule`).

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    SqlParameterize,
    DbErrorHandling,
    ResourceWith,
    HardcodedCredentials,
    UnvalidatedInput,
    SensitiveExposure,
}

/// What kind of fix a rule can offer at best.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAvailability {
    Always,
    Sometimes,
    None,
}

impl FixAvailability {
    pub fn as_str(self) -> &'static str {
        match self {
            FixAvailability::Always => "always",
            FixAvailability::Sometimes => "sometimes",
            FixAvailability::None => "none",
        }
    }
}

impl Rule {
    pub const ALL: [Rule; 6] = [
        Rule::SqlParameterize,
        Rule::DbErrorHandling,
        Rule::ResourceWith,
        Rule::HardcodedCredentials,
        Rule::UnvalidatedInput,
        Rule::SensitiveExposure,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Rule::SqlParameterize => "sql-parameterize",
            Rule::DbErrorHandling => "db-error-handling",
            Rule::ResourceWith => "resource-with",
            Rule::HardcodedCredentials => "hardcoded-credentials",
            Rule::UnvalidatedInput => "unvalidated-input",
            Rule::SensitiveExposure => "sensitive-exposure",
        }
    }

    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|rule| rule.id() == id)
    }

    pub fn cwes(self) -> &'static [u32] {
        match self {
            Rule::SqlParameterize => &[89],
            Rule::DbErrorHandling => &[391, 755],
            Rule::ResourceWith => &[404, 772],
            Rule::HardcodedCredentials => &[259, 798],
            Rule::UnvalidatedInput => &[20],
            Rule::SensitiveExposure => &[200],
        }
    }

    /// `CWE-89`, `CWE-391/755`.
    pub fn cwe_label(self) -> String {
        let numbers: Vec<String> = self.cwes().iter().map(u32::to_string).collect();
        format!("CWE-{}", numbers.join("/"))
    }

    pub fn summary(self) -> &'static str {
        match self {
            Rule::SqlParameterize => "SQL built from strings reaches a database call",
            Rule::DbErrorHandling => "database call without error handling",
            Rule::ResourceWith => "resource opened outside a `with` block",
            Rule::HardcodedCredentials => "credential written in the source",
            Rule::UnvalidatedInput => "unvalidated input used where a parameter cannot go",
            Rule::SensitiveExposure => "secret or internal detail exposed",
        }
    }

    pub fn fix_availability(self) -> FixAvailability {
        match self {
            Rule::SqlParameterize | Rule::ResourceWith | Rule::HardcodedCredentials => {
                FixAvailability::Sometimes
            }
            Rule::DbErrorHandling => FixAvailability::Always,
            Rule::UnvalidatedInput | Rule::SensitiveExposure => FixAvailability::Sometimes,
        }
    }

    /// Whether the rule checks test code (files matching `test-paths`) without
    /// `--include-tests`. SQL built from strings is as injectable in a test
    /// helper as anywhere; error handling, resource scoping, credentials,
    /// input validation and exposure are the test's business.
    pub fn runs_on_tests_by_default(self) -> bool {
        match self {
            Rule::SqlParameterize => true,
            Rule::DbErrorHandling
            | Rule::ResourceWith
            | Rule::HardcodedCredentials
            | Rule::UnvalidatedInput
            | Rule::SensitiveExposure => false,
        }
    }

    /// The rule's documentation, `transforms/<rule-id>/README.md`.
    pub fn docs(self) -> &'static str {
        match self {
            Rule::SqlParameterize => include_str!("../../transforms/sql-parameterize/README.md"),
            Rule::DbErrorHandling => include_str!("../../transforms/db-error-handling/README.md"),
            Rule::ResourceWith => include_str!("../../transforms/resource-with/README.md"),
            Rule::HardcodedCredentials => {
                include_str!("../../transforms/hardcoded-credentials/README.md")
            }
            Rule::UnvalidatedInput => include_str!("../../transforms/unvalidated-input/README.md"),
            Rule::SensitiveExposure => {
                include_str!("../../transforms/sensitive-exposure/README.md")
            }
        }
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every rule's documentation has Ruff's headings.
    #[test]
    fn rule_docs_have_the_fixed_headings() {
        for rule in Rule::ALL {
            for heading in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## Use instead",
                "## Fix safety",
            ] {
                assert!(
                    rule.docs().contains(heading),
                    "{rule}: README lacks `{heading}`"
                );
            }
        }
    }

    #[test]
    fn ids_round_trip() {
        for rule in Rule::ALL {
            assert_eq!(Rule::from_id(rule.id()), Some(rule));
        }
    }
}
