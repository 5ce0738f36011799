//! Suppression comments: `# remedy: ignore`, `# remedy: ignore[rule-id, ...]`,
//! and the Bandit / Ruff equivalents that legacy code already carries
//! (`# nosec`, `# nosec B608`, `# noqa: S608`), mapped to remedy's rules.

use crate::model::rule::Rule;
use crate::parse::TextRange;
use crate::parse::source::SourceFile;

/// Which rules one comment silences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Silenced {
    All,
    Rules(Vec<Rule>),
}

/// A suppression comment and the line it sits on (0-based).
#[derive(Debug, Clone)]
pub struct Suppression {
    pub line: usize,
    pub range: TextRange,
    pub silenced: Silenced,
}

impl Suppression {
    pub fn silences(&self, rule: Rule) -> bool {
        match &self.silenced {
            Silenced::All => true,
            Silenced::Rules(rules) => rules.contains(&rule),
        }
    }
}

/// Bandit test ids and Ruff codes that mean one of remedy's rules.
const FOREIGN_CODES: &[(&str, Rule)] = &[
    ("B608", Rule::SqlParameterize),
    ("S608", Rule::SqlParameterize),
    ("B610", Rule::SqlParameterize),
    ("S610", Rule::SqlParameterize),
    ("B611", Rule::SqlParameterize),
    ("S611", Rule::SqlParameterize),
    ("B105", Rule::HardcodedCredentials),
    ("B106", Rule::HardcodedCredentials),
    ("B107", Rule::HardcodedCredentials),
    ("S105", Rule::HardcodedCredentials),
    ("S106", Rule::HardcodedCredentials),
    ("S107", Rule::HardcodedCredentials),
    ("SIM115", Rule::ResourceWith),
    // `try`/`except`/`pass` (or `continue`) kept on purpose: the author has
    // read Bandit's or Ruff's finding and answered it (fuelrod-backup's
    // `except Exception:  # noqa: S110 — KILL failure is expected`).
    ("B110", Rule::DbErrorHandling),
    ("S110", Rule::DbErrorHandling),
    ("B112", Rule::DbErrorHandling),
    ("S112", Rule::DbErrorHandling),
    ("SIM105", Rule::DbErrorHandling),
    ("B201", Rule::SensitiveExposure),
    ("S201", Rule::SensitiveExposure),
];

fn foreign_rules(codes: &str) -> Vec<Rule> {
    codes
        .split([',', ' ', '\t'])
        .map(str::trim)
        .filter(|code| !code.is_empty())
        .filter_map(|code| {
            FOREIGN_CODES
                .iter()
                .find(|(known, _)| known.eq_ignore_ascii_case(code))
                .map(|(_, rule)| *rule)
        })
        .collect()
}

/// Parses one comment's text (starting at `#`).
pub fn parse_comment(comment: &str) -> Option<Silenced> {
    // A comment may hold several directives: `# noqa: E501  # remedy: ignore`.
    let mut silenced: Option<Silenced> = None;
    let mut merge = |found: Silenced| {
        silenced = Some(match (silenced.take(), found) {
            (Some(Silenced::All), _) | (_, Silenced::All) => Silenced::All,
            (Some(Silenced::Rules(mut a)), Silenced::Rules(b)) => {
                a.extend(b);
                Silenced::Rules(a)
            }
            (None, found) => found,
        });
    };
    for part in comment.split('#').map(str::trim).filter(|p| !p.is_empty()) {
        if let Some(rest) = part.strip_prefix("remedy:") {
            let rest = rest.trim();
            if let Some(list) = rest.strip_prefix("ignore") {
                let list = list.trim();
                if list.is_empty() {
                    merge(Silenced::All);
                } else if let Some(inner) = list.strip_prefix('[').and_then(|l| l.split(']').next())
                {
                    let rules: Vec<Rule> = inner
                        .split(',')
                        .filter_map(|id| Rule::from_id(id.trim()))
                        .collect();
                    merge(Silenced::Rules(rules));
                }
            }
        } else if let Some(rest) = part.strip_prefix("nosec") {
            let rest = rest.trim_start_matches(':').trim();
            // Bandit: a bare `# nosec` silences every test on the line.
            if rest.is_empty() {
                merge(Silenced::All)
            } else {
                merge(Silenced::Rules(foreign_rules(rest)))
            }
        } else if let Some(rest) = part
            .strip_prefix("noqa:")
            .or_else(|| part.strip_prefix("noqa :"))
        {
            // A bare `# noqa` targets other linters' codes; only mapped codes count.
            let rules = foreign_rules(rest);
            if !rules.is_empty() {
                merge(Silenced::Rules(rules));
            }
        }
    }
    silenced
}

/// Every suppression comment in a module.
pub fn collect(source: &SourceFile, comments: &[TextRange]) -> Vec<Suppression> {
    comments
        .iter()
        .filter_map(|&range| {
            let silenced = parse_comment(source.slice(range))?;
            Some(Suppression {
                line: source.line_index(range.start()),
                range,
                silenced,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_remedy_and_foreign_directives() {
        assert_eq!(parse_comment("# remedy: ignore"), Some(Silenced::All));
        assert_eq!(
            parse_comment("# remedy: ignore[sql-parameterize, resource-with]"),
            Some(Silenced::Rules(vec![
                Rule::SqlParameterize,
                Rule::ResourceWith
            ]))
        );
        assert_eq!(parse_comment("# nosec"), Some(Silenced::All));
        assert_eq!(
            parse_comment("# nosec B608"),
            Some(Silenced::Rules(vec![Rule::SqlParameterize]))
        );
        assert_eq!(
            parse_comment("# noqa: S608, E501"),
            Some(Silenced::Rules(vec![Rule::SqlParameterize]))
        );
        assert_eq!(
            parse_comment("# noqa: S110 — KILL failure is expected (conn already gone)"),
            Some(Silenced::Rules(vec![Rule::DbErrorHandling]))
        );
        assert_eq!(parse_comment("# noqa: E501"), None);
        assert_eq!(parse_comment("# noqa"), None);
        assert_eq!(
            parse_comment("# noqa: E501  # remedy: ignore"),
            Some(Silenced::All)
        );
        assert_eq!(parse_comment("# just a comment about remedy"), None);
    }
}
