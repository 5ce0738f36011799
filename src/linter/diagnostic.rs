//! What a rule reports: a finding with an optional fix made of text edits.

use crate::model::rule::Rule;
use crate::parse::{TextRange, TextSize};

/// A replacement of one byte range of the source.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    pub range: TextRange,
    pub content: String,
}

/// `first` and then `second`, with an insertion of `second` at an offset
/// where `first` already inserts appended to that insertion: a [`Fix`]
/// orders edits at one offset by their text, so insertions that must stay
/// in order (an import, then the line that uses it) are made one.
pub fn merged_insertions(mut first: Vec<Edit>, second: Vec<Edit>) -> Vec<Edit> {
    for edit in second {
        match first
            .iter_mut()
            .find(|e| e.range == edit.range && e.range.is_empty())
        {
            Some(existing) if edit.range.is_empty() => existing.content.push_str(&edit.content),
            _ => first.push(edit),
        }
    }
    first
}

impl Edit {
    pub fn replacement(content: impl Into<String>, range: TextRange) -> Self {
        Self {
            range,
            content: content.into(),
        }
    }

    pub fn insertion(content: impl Into<String>, at: TextSize) -> Self {
        Self {
            range: TextRange::empty(at),
            content: content.into(),
        }
    }

    pub fn deletion(range: TextRange) -> Self {
        Self {
            range,
            content: String::new(),
        }
    }
}

/// Whether a fix may be applied without a person accepting it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Shown, never written.
    DisplayOnly,
    /// Written only with `--unsafe-fixes`: behaviour may change in a way a reviewer must accept.
    Unsafe,
    /// Keeps behaviour apart from closing the weakness; written by `fix`.
    Safe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::DisplayOnly => "display-only",
            Applicability::Unsafe => "unsafe",
            Applicability::Safe => "safe",
        }
    }
}

/// Edits that land together or not at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub applicability: Applicability,
    edits: Vec<Edit>,
}

impl Fix {
    pub fn new(
        title: impl Into<String>,
        applicability: Applicability,
        mut edits: Vec<Edit>,
    ) -> Self {
        edits.sort_by(|a, b| {
            (a.range.start(), a.range.end(), &a.content).cmp(&(
                b.range.start(),
                b.range.end(),
                &b.content,
            ))
        });
        edits.dedup();
        Self {
            title: title.into(),
            applicability,
            edits,
        }
    }

    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self::new(title, Applicability::Safe, edits)
    }

    pub fn unsafe_(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self::new(title, Applicability::Unsafe, edits)
    }

    pub fn display_only(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self::new(title, Applicability::DisplayOnly, edits)
    }

    /// Safe when `safe` holds (the facts support it), unsafe otherwise.
    pub fn safe_if(safe: bool, title: impl Into<String>, edits: Vec<Edit>) -> Self {
        let applicability = if safe {
            Applicability::Safe
        } else {
            Applicability::Unsafe
        };
        Self::new(title, applicability, edits)
    }

    /// The same edits under another applicability.
    pub fn with_applicability(self, applicability: Applicability) -> Self {
        Self {
            applicability,
            ..self
        }
    }

    /// The edits, sorted by range.
    pub fn edits(&self) -> &[Edit] {
        &self.edits
    }

    /// The smallest range that covers every edit.
    pub fn range(&self) -> Option<TextRange> {
        let start = self.edits.iter().map(|e| e.range.start()).min()?;
        let end = self.edits.iter().map(|e| e.range.end()).max()?;
        Some(TextRange::new(start, end))
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: Rule,
    pub range: TextRange,
    pub message: String,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(rule: Rule, range: TextRange, message: impl Into<String>) -> Self {
        Self {
            rule,
            range,
            message: message.into(),
            fix: None,
        }
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    /// Attaches the fix a closure builds; a fix that cannot be built leaves
    /// the finding without one (never drops the finding).
    pub fn try_set_fix(&mut self, build: impl FnOnce() -> Option<Fix>) {
        self.fix = build();
    }
}
