//! Applying fixes: ordering, overlaps, merging identical edits, and the
//! helpers rules use to build edits (imports, indentation, statements).

pub mod apply;
pub mod importer;
pub mod indent;
pub mod literal;
pub mod statements;
pub mod stdlib_imports;

pub use apply::{AppliedFixes, apply_fixes};
pub use importer::Importer;
