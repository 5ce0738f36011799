//! What a rule may read about the code and the run: the rules' ids and
//! metadata, the settings, the project index (every module's facts), which
//! calls run SQL, which objects hold database connections, and the
//! per-module [`Context`] that puts them together.
//!
//! The index, the database objects and the context refer to one another
//! (a module's facts need its database objects, which need the other
//! modules' facts); nothing here refers to the linter, the batch layer or
//! the binary.

pub mod clause_builders;
pub mod context;
pub mod drivers;
pub mod index;
pub mod library_api;
pub mod literal_values;
pub mod outside_data;
pub mod query;
pub mod quoting;
pub mod rule;
pub mod settings;
pub mod sinks;
pub mod validation;

pub use context::Context;
pub use rule::Rule;
