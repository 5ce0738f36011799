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
    /// Globs of test code, relative to the config file's folder (default:
    /// `**/tests/**`, `test/**`, `t/**`, `**/test_*.py`, `**/*_test.py`, `**/tests.py`,
    /// `**/test.py`, `**/conftest.py`).
    pub test_paths: Option<Vec<String>>,
    /// Run every rule on test code, not only those that run there by default.
    pub include_tests: Option<bool>,
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
    /// A project's own quoting helpers (function or method names) whose
    /// result is safe to splice into SQL: `["quote_ident", "sql_name"]`.
    #[serde(default)]
    pub quoting_functions: Vec<String>,
    /// Which spliced names are findings: `outside` (the default) or
    /// `every-caller` (also a library's public functions' parameters).
    pub names: Option<String>,
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
    /// Which units to report: `lost` (default), `unhandled` or `every-unit`.
    pub scope: Option<String>,
}

/// The config file that applies to `start`: the nearest `remedy.toml`, or
/// `pyproject.toml` with a `[tool.remedy]` table, in `start` or above it.
pub fn discover(start: &Path) -> Option<std::path::PathBuf> {
    crate::batch::walk::nearest(start, |folder| {
        let remedy = folder.join("remedy.toml");
        if remedy.is_file() {
            return Some(remedy);
        }
        let pyproject = folder.join("pyproject.toml");
        (pyproject.is_file()
            && std::fs::read_to_string(&pyproject)
                .is_ok_and(|text| text.lines().any(names_a_tool_remedy_table)))
        .then_some(pyproject)
    })
}

/// `[tool.remedy]` or one of its sub-tables (`[tool.remedy.sql-parameterize]`):
/// a pyproject.toml with only a sub-table configures remedy too.
fn names_a_tool_remedy_table(line: &str) -> bool {
    line.trim_start()
        .strip_prefix("[tool.remedy")
        .and_then(|rest| rest.chars().next())
        .is_some_and(|next| next == ']' || next == '.')
}

#[derive(Deserialize)]
struct Pyproject {
    tool: Option<Tool>,
}

#[derive(Deserialize)]
struct Tool {
    remedy: Option<Config>,
}

/// Reads a config file; errors name the file, the key and the line.
pub fn load(path: &Path) -> Result<Config, String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        format!(
            "{}: error: cannot read config: {}",
            path.display(),
            crate::batch::walk::describe_io_error(&e)
        )
    })?;
    let is_pyproject = path
        .file_name()
        .is_some_and(|name| name == "pyproject.toml");
    let section = if is_pyproject { "[tool.remedy]: " } else { "" };
    let describe = |error: toml::de::Error| {
        let line = error
            .span()
            .map(|span| line_at(&text, span.start))
            .map(|line| format!(":{line}"))
            .unwrap_or_default();
        format!(
            "{}{line}: error: {section}{}",
            path.display(),
            error.message()
        )
    };
    let config = if is_pyproject {
        // Deserialized in place, so that errors point into the real file.
        let pyproject: Pyproject = toml::from_str(&text).map_err(describe)?;
        pyproject
            .tool
            .and_then(|tool| tool.remedy)
            .unwrap_or_default()
    } else {
        toml::from_str(&text).map_err(|error| {
            // `[tool.remedy.…]` is pyproject.toml's spelling; remedy.toml has
            // the same tables at its top level.
            if is_tool_remedy_table(&text) {
                let line = error
                    .span()
                    .map(|span| format!(":{}", line_at(&text, span.start)))
                    .unwrap_or_default();
                format!(
                    "{}{line}: error: `[tool.remedy]` tables belong in pyproject.toml; in remedy.toml \
                     the settings are at the top level (`[tool.remedy.sql-parameterize]` is \
                     `[sql-parameterize]` there)",
                    path.display()
                )
            } else {
                describe(error)
            }
        })?
    };
    validate(&config).map_err(|invalid| {
        let line = line_of_value(&text, invalid.key, &invalid.value)
            .map(|line| format!(":{line}"))
            .unwrap_or_default();
        format!(
            "{}{line}: error: {section}`{}`: {}",
            path.display(),
            invalid.key,
            invalid.message
        )
    })?;
    Ok(config)
}

/// Whether a remedy.toml spells its settings the pyproject.toml way.
fn is_tool_remedy_table(text: &str) -> bool {
    toml::from_str::<toml::Table>(text).is_ok_and(|table| {
        table
            .get("tool")
            .and_then(toml::Value::as_table)
            .is_some_and(|tool| tool.contains_key("remedy"))
    })
}

/// A value that deserialized but means nothing: an unknown rule id, paramstyle or version.
struct Invalid {
    key: &'static str,
    value: String,
    message: String,
}

fn validate(config: &Config) -> Result<(), Invalid> {
    let rule_lists = [
        ("select", config.select.iter().flatten().collect::<Vec<_>>()),
        ("ignore", config.ignore.iter().flatten().collect()),
        (
            "per-file-ignores",
            config
                .per_file_ignores
                .iter()
                .flat_map(|map| map.values().flatten())
                .collect(),
        ),
    ];
    for (key, ids) in rule_lists {
        for id in ids {
            let trimmed = id.trim();
            if !trimmed.is_empty() && crate::model::rule::Rule::from_id(trimmed).is_none() {
                return Err(Invalid {
                    key,
                    value: id.clone(),
                    message: format!("unknown rule `{trimmed}` (see `remedy rules`)"),
                });
            }
        }
    }
    if let Some(style) = &config.paramstyle
        && crate::model::drivers::Paramstyle::parse(style).is_none()
    {
        return Err(unknown_paramstyle("paramstyle", style));
    }
    for sink in config.sql_parameterize.iter().flat_map(|sql| &sql.sinks) {
        if crate::model::drivers::Paramstyle::parse(&sink.paramstyle).is_none() {
            return Err(unknown_paramstyle("paramstyle", &sink.paramstyle));
        }
    }
    for glob in config.test_paths.iter().flatten() {
        if let Err(message) = crate::model::settings::TestPaths::new(&[glob]) {
            return Err(Invalid {
                key: "test-paths",
                value: glob.clone(),
                message,
            });
        }
    }
    if let Some(names) = config
        .sql_parameterize
        .as_ref()
        .and_then(|sql| sql.names.as_ref())
        && crate::model::settings::SqlNames::parse(names).is_none()
    {
        return Err(Invalid {
            key: "names",
            value: names.clone(),
            message: format!("unknown names `{names}` (one of outside, every-caller)"),
        });
    }
    if let Some(scope) = config
        .db_error_handling
        .as_ref()
        .and_then(|h| h.scope.as_ref())
        && crate::model::settings::DbErrorScope::parse(scope).is_none()
    {
        return Err(Invalid {
            key: "scope",
            value: scope.clone(),
            message: format!("unknown scope `{scope}` (one of lost, unhandled, every-unit)"),
        });
    }
    if let Some(version) = &config.target_version
        && crate::model::settings::PythonVersion::parse(version).is_none()
    {
        return Err(Invalid {
            key: "target-version",
            value: version.clone(),
            message: format!("invalid target version `{version}` (expected e.g. `py38`)"),
        });
    }
    Ok(())
}

fn unknown_paramstyle(key: &'static str, style: &str) -> Invalid {
    Invalid {
        key,
        value: style.to_owned(),
        message: format!(
            "unknown paramstyle `{style}` (one of qmark, format, pyformat, numeric, named, dollar)"
        ),
    }
}

/// 1-based line of a byte offset.
fn line_at(text: &str, offset: usize) -> usize {
    1 + text[..offset.min(text.len())].matches('\n').count()
}

/// The line that sets `key` to `value` (or, failing that, any line holding
/// the quoted value).
fn line_of_value(text: &str, key: &str, value: &str) -> Option<usize> {
    let quoted = [format!("\"{value}\""), format!("'{value}'")];
    let holds_value = |line: &str| quoted.iter().any(|q| line.contains(q.as_str()));
    let lines: Vec<&str> = text.lines().collect();
    lines
        .iter()
        .position(|line| line.contains(key) && holds_value(line))
        .or_else(|| lines.iter().position(|line| holds_value(line)))
        .map(|index| index + 1)
}
