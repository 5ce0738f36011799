//! remedy: finds insecure patterns in Python code and rewrites them.
//!
//! The layers, each a folder, depend on the ones before them only (held by
//! `tests/layers.rs`):
//! - [`parse`]: the parser door, decoded sources, the nesting guard;
//! - [`semantic`]: one module's scopes, bindings and references;
//! - [`model`]: what a rule may read: rule ids and settings, the project
//!   index, the database objects, the per-module [`model::Context`];
//! - [`linter`]: the rules, fixes, checker and fix loop ([`check_source`],
//!   [`fix_source`]);
//! - [`batch`]: walking trees, configuration files, parallel runs, atomic
//!   writes, baselines;
//! - [`cli`]: the thin binary's arguments, commands and output.

pub mod batch;
pub mod cli;
pub mod linter;
pub mod model;
pub mod parse;
pub mod semantic;

pub use linter::{
    FixOutcome, SourceError, check_source, check_source_with_suppressions, fix_source,
};
