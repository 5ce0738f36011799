//! Text a class writes itself: a member bound once in the class body to a
//! string literal, a property returning one, an enum member's literal value.
//! Such values are the program's own, wherever they are spliced into SQL.

use crate::linter::syntax;
use crate::model::Context;
use crate::parse::{Expr, Ranged, Stmt, ast};

/// `self.X` or `cls.X` where `X` is bound only in the class body, to a
/// string literal, and assigned nowhere else in the module (maubot's
/// `_columns = "id, type, enabled"`): the program's own text.
pub(super) fn class_constant(context: &Context, expr: &Expr) -> bool {
    let Expr::Attribute(attribute) = expr else {
        return false;
    };
    if !matches!(&*attribute.value, Expr::Name(owner) if matches!(owner.id.as_str(), "self" | "cls"))
    {
        return false;
    }
    let Some(class) = context.semantic.enclosing_class(expr.start()) else {
        return false;
    };
    class_text(context, class, attribute.attr.id.as_str(), 0)
}

/// Whether the member `member` of `class` is text the class writes: bound
/// once in its body to a string literal, or a property that returns such a
/// member or literal (persist-queue's `_table_name` returning
/// `self._TABLE_NAME`), and assigned nowhere in the module.
fn class_text(context: &Context, class: &ast::StmtClassDef, member: &str, depth: usize) -> bool {
    if depth > 2 || syntax::assigns_attribute(context.body(), member) {
        return false;
    }
    let Some(only) = sole_member_statement(class, member) else {
        return false;
    };
    if let Stmt::FunctionDef(property) = only {
        let is_property = property.decorator_list.iter().any(
            |decorator| matches!(&decorator.expression, Expr::Name(name) if name.id.as_str() == "property"),
        );
        let body = match property.body.as_slice() {
            [Stmt::Expr(doc), rest @ ..] if doc.value.is_string_literal_expr() => rest,
            body => body,
        };
        let returned = match body {
            [
                Stmt::Return(ast::StmtReturn {
                    value: Some(value), ..
                }),
            ] => value,
            _ => return false,
        };
        return is_property
            && match &**returned {
                Expr::StringLiteral(_) => true,
                Expr::Attribute(read) => {
                    matches!(&*read.value, Expr::Name(owner) if owner.id.as_str() == "self")
                        && class_text(context, class, read.attr.id.as_str(), depth + 1)
                }
                _ => false,
            };
    }
    matches!(syntax::simple_assignment(only), Some((target, Expr::StringLiteral(_))) if target == member)
}

/// `MessageStatus.READY.value` (litequeue): the value of a member of an
/// enum class this module defines, bound once in the class body to a
/// number or string literal (an enum's members cannot be rebound).
pub(super) fn enum_member_value(context: &Context, expr: &Expr) -> bool {
    let Expr::Attribute(value) = expr else {
        return false;
    };
    let Expr::Attribute(member) = &*value.value else {
        return false;
    };
    let Expr::Name(class_name) = &*member.value else {
        return false;
    };
    if value.attr.id.as_str() != "value" {
        return false;
    }
    let Some(binding) = context
        .semantic
        .binding_at(class_name.id.as_str(), class_name.start())
    else {
        return false;
    };
    let Some(class) = context.semantic.class_defined_by(binding) else {
        return false;
    };
    let is_enum = class.bases().iter().any(|base| {
        let name = match base {
            Expr::Name(name) => name.id.as_str(),
            Expr::Attribute(attribute) => attribute.attr.id.as_str(),
            _ => return false,
        };
        matches!(name, "Enum" | "IntEnum" | "StrEnum")
    });
    let name = member.attr.id.as_str();
    is_enum
        && sole_member_statement(class, name).is_some_and(|only| {
            matches!(syntax::simple_assignment(only),
                Some((target, Expr::NumberLiteral(_) | Expr::StringLiteral(_))) if target == name)
        })
}

/// The one statement of the class body that binds `member` (an assignment
/// or a `def`), if exactly one does.
fn sole_member_statement<'a>(class: &'a ast::StmtClassDef, member: &str) -> Option<&'a Stmt> {
    let mut binding = class.body.iter().filter(|stmt| {
        matches!(stmt, Stmt::FunctionDef(function) if function.name.id.as_str() == member)
            || syntax::bound_names(stmt).contains(member)
    });
    let only = binding.next()?;
    binding.next().is_none().then_some(only)
}
