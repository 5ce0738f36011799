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
