//! `[tool.remedy]` in `pyproject.toml`, or the top level of `remedy.toml`.

use std::path::Path;

use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    pub select: Option<Vec<String>>,
    pub ignore: Option<Vec<String>>,
    pub exclude: Option<Vec<String>>,
    pub extend_exclude: Option<Vec<String>>,
    pub unsafe_fixes: Option<bool>,
    pub target_version: Option<String>,
    /// Paramstyle to use where the driver cannot be decided.
    pub paramstyle: Option<String>,
    /// Glob → rule ids not to run on matching files.
    pub per_file_ignores: Option<std::collections::BTreeMap<String, Vec<String>>>,
    /// `[tool.remedy.sql-parameterize]`
    pub sql_parameterize: Option<SqlConfig>,
    /// `[tool.remedy.resource-with]`
    pub resource_with: Option<ResourceConfig>,
    /// `[tool.remedy.db-error-handling]`
    pub db_error_handling: Option<ErrorHandlingConfig>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SqlConfig {
    /// A project's own query functions: `{ call = "myapp.db.query", paramstyle = "format" }`.
    #[serde(default)]
    pub sinks: Vec<SinkConfig>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SinkConfig {
    /// Qualified name (`myapp.db.query`) or, starting with a dot, a method name (`.run_sql`).
    pub call: String,
    pub paramstyle: String,
    /// Which positional argument holds the SQL (default 0).
    #[serde(default)]
    pub sql_argument: usize,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ResourceConfig {
    /// Qualified names of the project's own functions that return closeable resources.
    #[serde(default)]
    pub constructors: Vec<String>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ErrorHandlingConfig {
    /// The module logger's name to use (and create when missing).
    pub logger: Option<String>,
    /// Offer the rollback variant (`conn.rollback()` before logging) as an unsafe fix.
    #[serde(default)]
    pub rollback: bool,
}

/// The config file that applies to `start`: the nearest `remedy.toml`, or
/// `pyproject.toml` with a `[tool.remedy]` table, in `start` or above it.
pub fn discover(start: &Path) -> Option<std::path::PathBuf> {
    let start = std::fs::canonicalize(start).ok()?;
    let mut folder = if start.is_dir() {
        Some(start.as_path())
    } else {
        start.parent()
    };
    while let Some(current) = folder {
        let remedy = current.join("remedy.toml");
        if remedy.is_file() {
            return Some(remedy);
        }
        let pyproject = current.join("pyproject.toml");
        if pyproject.is_file()
            && std::fs::read_to_string(&pyproject)
                .is_ok_and(|text| text.lines().any(|l| l.trim() == "[tool.remedy]"))
        {
            return Some(pyproject);
        }
        folder = current.parent();
    }
    None
}

#[derive(Deserialize)]
struct Pyproject {
    tool: Option<Tool>,
}

#[derive(Deserialize)]
struct Tool {
    remedy: Option<toml::Value>,
}

/// Reads a config file; errors name the file and, where TOML says, the line.
pub fn load(path: &Path) -> Result<Config, String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        format!(
            "{}: error: cannot read config: {}",
            path.display(),
            crate::walk::describe_io_error(&e)
        )
    })?;
    let is_pyproject = path
        .file_name()
        .is_some_and(|name| name == "pyproject.toml");
    let describe = |error: toml::de::Error| {
        let line = error
            .span()
            .map(|span| 1 + text[..span.start.min(text.len())].matches('\n').count())
            .map(|line| format!(":{line}"))
            .unwrap_or_default();
        format!("{}{line}: error: {}", path.display(), error.message())
    };
    if is_pyproject {
        let pyproject: Pyproject = toml::from_str(&text).map_err(describe)?;
        let Some(value) = pyproject.tool.and_then(|tool| tool.remedy) else {
            return Ok(Config::default());
        };
        // Re-parse the section text so errors can carry the right line.
        let section = toml::to_string(&value).unwrap_or_default();
        return toml::from_str(&section).map_err(|error| {
            format!(
                "{}: error: [tool.remedy]: {}",
                path.display(),
                error.message()
            )
        });
    }
    toml::from_str(&text).map_err(describe)
}
