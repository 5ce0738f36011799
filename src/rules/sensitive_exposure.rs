//! Not implemented yet: reports nothing.

use crate::checker::Context;
use crate::diagnostic::Diagnostic;

pub fn check(_context: &Context) -> Vec<Diagnostic> {
    Vec::new()
}
