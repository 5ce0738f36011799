//! The only module that names the parser crates.
//!
//! `ruff_python_parser` and its companions carry no stability promise, so the
//! rest of remedy reaches the syntax tree through the re-exports here. An
//! upgrade of the parser is one change to this file, with the tests as guard.

pub mod fstring;
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
    let parsed = parse_module_syntax(source)?;
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

/// Parses a module as Python 3.13 reads it. The parser also takes Python
/// 3.14's `except A, B:` (exception types without parentheses), which is
/// how Python 2 wrote `except A as B:`: a legacy file that only Python 2
/// runs would pass for Python 3, and get fixes (a socket in `with`) that
/// Python 2 cannot run. It is a syntax error here, as Python 3.13 says.
fn parse_module_syntax(
    source: &str,
) -> Result<ruff_python_parser::Parsed<ast::ModModule>, SyntaxError> {
    let options = ruff_python_parser::ParseOptions::from(ruff_python_parser::Mode::Module)
        .with_target_version(ast::PythonVersion::PY313);
    let parsed = ruff_python_parser::parse(source, options)
        .map_err(|error| SyntaxError {
            offset: error.location.start(),
            message: error.error.to_string(),
        })?
        .try_into_module()
        .expect("a module parses as a module");
    if let Some(error) = parsed.unsupported_syntax_errors().iter().find(|error| {
        matches!(
            error.kind,
            ruff_python_parser::UnsupportedSyntaxErrorKind::UnparenthesizedExceptionTypes
        )
    }) {
        return Err(SyntaxError {
            offset: error.range.start(),
            message: "multiple exception types must be parenthesized (`except A, e:` is Python 2's `except A as e:`)".to_owned(),
        });
    }
    Ok(parsed)
}

/// Whether `source` parses as a module.
pub fn is_valid_module(source: &str) -> bool {
    crate::parse::nesting::check(source).is_ok() && parse_module_syntax(source).is_ok()
}

/// Parses one expression, for rules that build replacement code and want to
/// check it before emitting it.
pub fn is_valid_expression(source: &str) -> bool {
    ruff_python_parser::parse_expression(source).is_ok()
}

#[cfg(test)]
mod tests {
    use super::parse_module;

    #[test]
    fn python_2_except_clauses_are_syntax_errors() {
        // diamond's collectors: `except socket.error, e:` runs on Python 2 only.
        let python2 = "try:\n    pass\nexcept socket.error, e:\n    pass\n";
        let error = parse_module(python2).err().expect("a syntax error");
        assert!(error.message.contains("parenthesized"), "{}", error.message);
        for python3 in [
            "try:\n    pass\nexcept (socket.error, OSError):\n    pass\n",
            "try:\n    pass\nexcept socket.error as e:\n    pass\n",
            "try:\n    pass\nexcept* ValueError:\n    pass\n",
        ] {
            assert!(parse_module(python3).is_ok(), "{python3}");
        }
    }
}
