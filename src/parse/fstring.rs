//! Reading an f-string's replacement fields, across the implicit
//! concatenation of its parts (`"a" f"{b}" f"{c!r}"`).

use super::ast;

/// Whether `holds` is true of every replacement field of `fstring` (text
/// parts and text between fields always pass).
pub fn every_field(
    fstring: &ast::ExprFString,
    mut holds: impl FnMut(&ast::InterpolatedElement) -> bool,
) -> bool {
    fstring.value.iter().all(|part| match part {
        ast::FStringPart::Literal(_) => true,
        ast::FStringPart::FString(inner) => inner.elements.iter().all(|element| match element {
            ast::InterpolatedStringElement::Literal(_) => true,
            ast::InterpolatedStringElement::Interpolation(field) => holds(field),
        }),
    })
}
