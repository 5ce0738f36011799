//! Bindings: each place a name gets a value.

use crate::parse::{Expr, Stmt, TextRange, TextSize};

use super::scope::ScopeId;

/// Index of a binding in [`super::SemanticModel`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BindingId(pub(super) u32);

impl BindingId {
    pub(super) fn index(self) -> usize {
        self.0 as usize
    }
}

/// How a name got bound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BindingKind {
    /// `import a.b` (binds `a` to `a`) or `import a.b as x` (binds `x` to `a.b`).
    Import {
        qualified: String,
    },
    /// `from m import n as x` binds `x` to `m.n` (relative modules made absolute when the module's own name is known).
    FromImport {
        qualified: String,
    },
    Assignment,
    AugmentedAssignment,
    Parameter,
    WithItem,
    LoopTarget,
    ExceptHandler,
    /// A target of a comprehension's `for`.
    ComprehensionTarget,
    /// `x := ...`.
    NamedExpression,
    FunctionDefinition,
    ClassDefinition,
    /// A capture in a `match` pattern.
    Pattern,
}

impl BindingKind {
    /// The qualified name of an imported binding.
    pub fn qualified_import(&self) -> Option<&str> {
        match self {
            BindingKind::Import { qualified } | BindingKind::FromImport { qualified } => {
                Some(qualified)
            }
            _ => None,
        }
    }
}

/// One binding of a name.
#[derive(Debug, Clone)]
pub struct Binding<'a> {
    pub name: &'a str,
    pub kind: BindingKind,
    pub scope: ScopeId,
    /// The bound name itself (the identifier, or the alias of an import).
    pub range: TextRange,
    /// The statement that binds (for a parameter, the function; for a
    /// comprehension target, none).
    pub stmt: Option<&'a Stmt>,
    /// The value the whole name receives, when there is one expression for it:
    /// `x = value`, `x += value`, `with value as x`, `for x in value` (the iterable).
    pub value: Option<&'a Expr>,
    /// The value the whole target the name is part of receives: `pairs`
    /// for `a` in `for a, b in pairs` (or `a, b = pairs`), the same as
    /// `value` for a name that is the whole target.
    pub source: Option<&'a Expr>,
    /// Where the binding takes effect: the end of its statement (a read
    /// inside `sql = sql + x` sees the earlier `sql`).
    pub effective: TextSize,
    /// The end of the block of statements the binding's statement is in: a
    /// read between `effective` and here runs after the binding on every path.
    pub block_end: TextSize,
    /// The innermost `if` branch the binding sits in (an index into the
    /// model's branches), so that a read in a sibling branch is not
    /// reached by it.
    pub(super) branch: Option<u32>,
    /// Whether the binding happens only when an `import` succeeded or
    /// failed (inside `try`), or in a branch, at the module level; the
    /// model treats an `x = None` fallback there as no binding.
    pub is_none_fallback: bool,
}

impl Binding<'_> {
    pub fn is_import(&self) -> bool {
        self.kind.qualified_import().is_some()
    }

    /// Whether a read at `at`, in the same scope, runs after this binding on every path.
    pub fn dominates(&self, at: TextSize) -> bool {
        self.effective <= at && at <= self.block_end
    }
}
