//! Sets of allowed identifiers that a module already spells out: a
//! module-level constant tuple/list/set/frozenset/dict of strings, or an
//! `Enum` whose members are strings.

use crate::checker::Context;
use crate::parse::{Expr, Stmt};
use crate::rules::secret_names::segments;

use super::sql_text::SlotKind;

/// A set of allowed values visible in the module.
#[derive(Debug)]
pub struct Allowlist {
    pub name: String,
    values: Vec<String>,
    is_enum: bool,
}

impl Allowlist {
    /// What to test membership against: the constant, or the Enum's values.
    pub fn membership_expr(&self) -> String {
        if self.is_enum {
            format!("{{member.value for member in {}}}", self.name)
        } else {
            self.name.clone()
        }
    }

    fn is_sort_directions(&self) -> bool {
        !self.values.is_empty()
            && self
                .values
                .iter()
                .all(|v| matches!(v.to_uppercase().as_str(), "ASC" | "DESC"))
    }
}

pub fn module_allowlists(context: &Context) -> Vec<Allowlist> {
    context
        .body()
        .iter()
        .filter_map(|stmt| match stmt {
            Stmt::Assign(assign) => match assign.targets.as_slice() {
                [Expr::Name(target)] => {
                    constant_allowlist(context, target.id.as_str(), &assign.value)
                }
                _ => None,
            },
            Stmt::AnnAssign(assign) => match (&*assign.target, &assign.value) {
                (Expr::Name(target), Some(value)) => {
                    constant_allowlist(context, target.id.as_str(), value)
                }
                _ => None,
            },
            Stmt::ClassDef(class) => enum_allowlist(context, class),
            _ => None,
        })
        .collect()
}

fn constant_allowlist(context: &Context, name: &str, value: &Expr) -> Option<Allowlist> {
    let is_constant_name = name
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    if !is_constant_name {
        return None;
    }
    let values = string_values(context, value)?;
    Some(Allowlist {
        name: name.to_owned(),
        values,
        is_enum: false,
    })
}

/// The strings of `("a", "b")`, `["a"]`, `{"a"}`, `frozenset({"a"})`, `{"a": …}`.
fn string_values(context: &Context, value: &Expr) -> Option<Vec<String>> {
    let elements: Vec<&Expr> = match value {
        Expr::Tuple(tuple) => tuple.elts.iter().collect(),
        Expr::List(list) => list.elts.iter().collect(),
        Expr::Set(set) => set.elts.iter().collect(),
        Expr::Dict(dict) => dict
            .items
            .iter()
            .map(|item| item.key.as_ref())
            .collect::<Option<Vec<_>>>()?,
        Expr::Call(call) => {
            let Expr::Name(callee) = &*call.func else {
                return None;
            };
            let name = callee.id.as_str();
            if !matches!(name, "frozenset" | "set" | "tuple") || context.semantic.is_bound(name) {
                return None;
            }
            let [argument] = &*call.arguments.args else {
                return None;
            };
            return string_values(context, argument);
        }
        _ => return None,
    };
    if elements.is_empty() {
        return None;
    }
    elements
        .into_iter()
        .map(|e| match e {
            Expr::StringLiteral(s) => Some(s.value.to_str().to_owned()),
            _ => None,
        })
        .collect()
}

fn enum_allowlist(context: &Context, class: &crate::parse::ast::StmtClassDef) -> Option<Allowlist> {
    let is_enum = class.bases().iter().any(|base| {
        context
            .semantic
            .resolve_qualified_name(base)
            .is_some_and(|q| matches!(q.as_str(), "enum.Enum" | "enum.StrEnum"))
    });
    if !is_enum {
        return None;
    }
    let values: Option<Vec<String>> = class
        .body
        .iter()
        .filter_map(|stmt| match stmt {
            Stmt::Assign(assign) => Some(match &*assign.value {
                Expr::StringLiteral(s) => Some(s.value.to_str().to_owned()),
                _ => None,
            }),
            _ => None,
        })
        .collect();
    let values = values?;
    (!values.is_empty()).then(|| Allowlist {
        name: class.name.id.to_string(),
        values,
        is_enum: true,
    })
}

/// The allowlist meant for a value: sort directions for a direction slot;
/// otherwise the only other allowlist, or the one whose name shares a word
/// with the value's name (`sort_column` ↔ `SORTABLE_COLUMNS`).
pub fn pick<'l>(allowlists: &'l [Allowlist], kind: SlotKind, value: &str) -> Option<&'l Allowlist> {
    let candidates: Vec<&Allowlist> = allowlists
        .iter()
        .filter(|list| list.is_sort_directions() == (kind == SlotKind::Direction))
        .collect();
    if let [only] = candidates.as_slice() {
        return Some(only);
    }
    let value_words = stems(value);
    let score = |list: &Allowlist| {
        stems(&list.name)
            .iter()
            .filter(|word| value_words.contains(word))
            .count()
    };
    let best = candidates.iter().map(|list| score(list)).max()?;
    let mut winners = candidates.into_iter().filter(|list| score(list) == best);
    let winner = winners.next()?;
    (best > 0 && winners.next().is_none()).then_some(winner)
}

/// Word segments without a plural `s`.
fn stems(name: &str) -> Vec<String> {
    segments(name)
        .into_iter()
        .map(|word| word.strip_suffix('s').map(str::to_owned).unwrap_or(word))
        .collect()
}
