//! The rule's data (`transforms/db-error-handling/handlers.toml`): libraries
//! that raise their own error class in place of a driver's, and decorators
//! and context managers known to handle database errors.

use std::sync::OnceLock;

use serde::Deserialize;

/// A library that wraps a driver and raises its own errors (oslo.db).
#[derive(Debug, Deserialize)]
pub(super) struct Wrapper {
    #[allow(dead_code)]
    pub name: String,
    /// Modules whose import says the module uses the library.
    pub uses: Vec<String>,
    /// Driver families (by name) whose objects raise `error` there.
    pub drivers: Vec<String>,
    /// `module.Class` of the library's base error.
    pub error: String,
}

impl Wrapper {
    /// The top-level package of the error class (`oslo_db`).
    pub fn error_root(&self) -> &str {
        self.error.split('.').next().unwrap_or(&self.error)
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(super) struct Handlers {
    pub decorators: Vec<String>,
    pub context_managers: Vec<String>,
    pub transaction_contexts: Vec<String>,
}

/// What marks a function as an entry point: a decorator of a web or CLI
/// framework the module imports (`@app.route`, `@click.command()`).
#[derive(Debug, Deserialize)]
pub(super) struct EntryPoints {
    /// Modules whose import says the module serves requests or commands.
    pub frameworks: Vec<String>,
    /// Last names of the decorators that register an entry point.
    pub decorators: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(super) struct Data {
    pub wrapper: Vec<Wrapper>,
    pub handlers: Handlers,
    pub entry_points: EntryPoints,
}

/// The built-in table.
pub(super) fn data() -> &'static Data {
    static DATA: OnceLock<Data> = OnceLock::new();
    DATA.get_or_init(|| {
        toml::from_str(include_str!(
            "../../../../transforms/db-error-handling/handlers.toml"
        ))
        .expect("the built-in handler table is valid TOML")
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn table_loads() {
        let data = super::data();
        assert!(data.wrapper.iter().any(|w| w.error_root() == "oslo_db"));
        assert!(
            data.handlers
                .decorators
                .iter()
                .any(|d| d == "oslo_db.api.wrap_db_retry")
        );
    }
}
