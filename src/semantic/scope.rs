//! Scopes: where a name is looked up.

use rustc_hash::FxHashMap;

use crate::parse::{TextRange, TextSize};

use super::binding::BindingId;

/// Index of a scope in [`super::SemanticModel::scopes`]; the module is 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ScopeId(pub(super) u32);

impl ScopeId {
    pub const MODULE: ScopeId = ScopeId(0);

    pub(super) fn index(self) -> usize {
        self.0 as usize
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    Module,
    Class,
    Function,
    Lambda,
    Comprehension,
}

/// One scope: its kind, where it is, and the names it binds.
#[derive(Debug, Clone)]
pub struct Scope<'a> {
    pub kind: ScopeKind,
    pub parent: Option<ScopeId>,
    /// The text the scope's own code covers (a function's body, not its
    /// decorators or defaults, which run in the enclosing scope).
    pub range: TextRange,
    /// Every binding in the scope, in source order.
    pub(super) bindings: Vec<BindingId>,
    /// The bindings of each name, in source order.
    pub(super) by_name: FxHashMap<&'a str, super::Bindings>,
    /// The import bindings, in source order.
    pub(super) imports: Vec<BindingId>,
    /// Names declared `global` (looked up in the module) or `nonlocal`.
    pub(super) globals: Vec<&'a str>,
    pub(super) nonlocals: Vec<&'a str>,
    /// `for` and `while` statements directly in this scope: a write late in
    /// a loop body reaches a read earlier in it on the next iteration.
    pub(super) loops: Vec<TextRange>,
    /// Modules star-imported into this scope (`from shim import *`).
    pub(super) star_imports: Vec<String>,
}

impl Scope<'_> {
    pub(super) fn new(kind: ScopeKind, parent: Option<ScopeId>, range: TextRange) -> Self {
        Self {
            kind,
            parent,
            range,
            bindings: Vec::new(),
            by_name: FxHashMap::default(),
            imports: Vec::new(),
            globals: Vec::new(),
            nonlocals: Vec::new(),
            loops: Vec::new(),
            star_imports: Vec::new(),
        }
    }

    /// The bindings of `name` in this scope, in source order.
    pub(super) fn bindings_of(&self, name: &str) -> &[BindingId] {
        self.by_name.get(name).map_or(&[], |ids| ids.as_slice())
    }

    pub fn contains(&self, at: TextSize) -> bool {
        self.range.contains_inclusive(at)
    }

    /// Whether the scope's code sees its own bindings (classes do not share
    /// theirs with the functions nested in them).
    pub fn is_function_like(&self) -> bool {
        matches!(
            self.kind,
            ScopeKind::Function | ScopeKind::Lambda | ScopeKind::Comprehension
        )
    }
}
