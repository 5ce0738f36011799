//! What a run is allowed to do: which rules, which fixes, which target.

use crate::registry::Rule;

/// The oldest Python the fixed code must run on: it decides, for example,
/// whether a parenthesized `with (a as x, b as y):` may be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PythonVersion {
    pub major: u8,
    pub minor: u8,
}

impl PythonVersion {
    pub const DEFAULT: PythonVersion = PythonVersion { major: 3, minor: 8 };

    /// Parses `py38`, `3.8`, `py311`.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if let Some(digits) = text.strip_prefix("py") {
            if digits.len() < 2 || !digits.is_ascii() {
                return None;
            }
            let (major, minor) = digits.split_at(1);
            return Some(Self {
                major: major.parse().ok()?,
                minor: minor.parse().ok()?,
            });
        }
        let (major, minor) = text.split_once('.')?;
        Some(Self {
            major: major.parse().ok()?,
            minor: minor.parse().ok()?,
        })
    }
}

/// Settings one file is checked and fixed with.
#[derive(Debug, Clone)]
pub struct Settings {
    pub rules: Vec<Rule>,
    pub unsafe_fixes: bool,
    pub target_version: PythonVersion,
    /// The paramstyle to use where the driver cannot be decided
    /// (`qmark`, `format`, `numeric`, `named`, `pyformat`, `dollar`).
    pub default_paramstyle: Option<String>,
    /// Rules switched off for files matching a glob (`per-file-ignores`).
    pub per_file_ignores: Vec<(globset::GlobMatcher, Vec<Rule>)>,
    /// Report suppression comments that silence nothing.
    pub report_unused_suppressions: bool,
    /// A project's own SQL sinks (`[tool.remedy.sql-parameterize] sinks`).
    pub sql_sinks: Vec<SqlSink>,
    /// A project's own quoting helpers (`[tool.remedy.sql-parameterize] quoting-functions`).
    pub sql_quoting_functions: Vec<String>,
    /// A project's own resource constructors (`[tool.remedy.resource-with] constructors`).
    pub resource_constructors: Vec<String>,
    /// The logger name handlers log through (`[tool.remedy.db-error-handling] logger`).
    pub logger_name: Option<String>,
    /// Offer `conn.rollback()` in DB error handlers, as an unsafe fix.
    pub rollback_on_error: bool,
}

/// A call that runs SQL, declared in the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlSink {
    /// Qualified name (`myapp.db.query`), or `.method` for any receiver.
    pub call: String,
    pub paramstyle: String,
    /// Which positional argument holds the SQL.
    pub sql_argument: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            rules: Rule::ALL.to_vec(),
            unsafe_fixes: false,
            target_version: PythonVersion::DEFAULT,
            default_paramstyle: None,
            per_file_ignores: Vec::new(),
            report_unused_suppressions: false,
            sql_sinks: Vec::new(),
            sql_quoting_functions: Vec::new(),
            resource_constructors: Vec::new(),
            logger_name: None,
            rollback_on_error: false,
        }
    }
}

impl Settings {
    pub fn with_rules(rules: &[Rule]) -> Self {
        Self {
            rules: rules.to_vec(),
            ..Self::default()
        }
    }

    pub fn is_enabled(&self, rule: Rule) -> bool {
        self.rules.contains(&rule)
    }

    /// The settings for one file, with its per-file ignores applied.
    pub fn for_file(&self, path: &std::path::Path) -> std::borrow::Cow<'_, Settings> {
        let ignored: Vec<Rule> = self
            .per_file_ignores
            .iter()
            .filter(|(glob, _)| {
                glob.is_match(path)
                    || path.file_name().is_some_and(|name| glob.is_match(name))
                    || path.strip_prefix(".").is_ok_and(|p| glob.is_match(p))
            })
            .flat_map(|(_, rules)| rules.iter().copied())
            .collect();
        if ignored.is_empty() {
            return std::borrow::Cow::Borrowed(self);
        }
        let mut settings = self.clone();
        settings.rules.retain(|rule| !ignored.contains(rule));
        std::borrow::Cow::Owned(settings)
    }
}
