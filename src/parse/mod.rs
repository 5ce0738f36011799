//! The only module that names the parser crates.
//!
//! `ruff_python_parser` and its companions carry no stability promise, so the
//! rest of remedy reaches the syntax tree through the re-exports here. An
//! upgrade of the parser is one change to this file, with the tests as guard.

pub mod nesting;
pub mod source;
pub mod stack;

pub use ruff_python_ast as ast;
pub use ruff_python_ast::visitor::{self, Visitor};
pub use ruff_python_ast::{Expr, Stmt};
pub use ruff_text_size::{Ranged, TextLen, TextRange, TextSize};

/// A module that parsed without syntax errors.
pub struct ParsedModule {
    module: ast::ModModule,
    comments: Vec<TextRange>,
}

impl ParsedModule {
    /// The top-level statements of the module.
    pub fn body(&self) -> &[Stmt] {
        &self.module.body
    }

    /// Ranges of every `#` comment in the module, in source order.
    pub fn comment_ranges(&self) -> &[TextRange] {
        &self.comments
    }
}

/// The first syntax error of a source that does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub offset: TextSize,
    pub message: String,
}

/// Parses a whole module. Any syntax error makes the source unfixable.
pub fn parse_module(source: &str) -> Result<ParsedModule, SyntaxError> {
    crate::parse::nesting::check(source).map_err(|too_deep| SyntaxError {
        offset: TextSize::try_from(too_deep.offset).unwrap_or_default(),
        message: too_deep.message,
    })?;
    let parsed = ruff_python_parser::parse_module(source).map_err(|error| SyntaxError {
        offset: error.location.start(),
        message: error.error.to_string(),
    })?;
    let comments = parsed
        .tokens()
        .iter()
        .filter(|token| token.kind() == ruff_python_ast::token::TokenKind::Comment)
        .map(Ranged::range)
        .collect();
    Ok(ParsedModule {
        module: parsed.into_syntax(),
        comments,
    })
}

/// Whether `source` parses as a module.
pub fn is_valid_module(source: &str) -> bool {
    crate::parse::nesting::check(source).is_ok() && ruff_python_parser::parse_module(source).is_ok()
}

/// Parses one expression, for rules that build replacement code and want to
/// check it before emitting it.
pub fn is_valid_expression(source: &str) -> bool {
    ruff_python_parser::parse_expression(source).is_ok()
}
