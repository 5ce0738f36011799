//! Findings located in their files, and the renderers for them.

pub mod color;
pub mod github;
pub mod json;
pub mod sarif;
pub mod text;

pub use crate::batch::finding::{
    Finding, LocatedEdit, LocatedFix, Location, UNUSED_SUPPRESSION, display_path,
};
