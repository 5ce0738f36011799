//! Sets of allowed identifiers that a module already spells out: a
//! module-level constant tuple/set/frozenset/dict of string literals (a list
//! too when its name says it is an allowlist), or an `Enum` whose members are
//! strings. A constant counts only when it is named as an allowlist
//! (`ALLOWED_COLUMNS`, `VALID_FIELDS`, `SORTABLE`…) or used as one
//! (`if x in SORT_KEYS:` somewhere in the module): a data record such as
//! `TEST_USER = ("alice", "s3cret")` is not a set of allowed values.

use std::collections::HashSet;

use crate::linter::rules::secret_names::segments;
use crate::model::Context;
use crate::parse::{Expr, Stmt, Visitor, ast, visitor};

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
    let tested = membership_tested_names(context);
    context
        .body()
        .iter()
        .filter_map(|stmt| match stmt {
            Stmt::Assign(assign) => match assign.targets.as_slice() {
                [Expr::Name(target)] => {
                    constant_allowlist(context, target.id.as_str(), &assign.value, &tested)
                }
                _ => None,
            },
            Stmt::AnnAssign(assign) => match (&*assign.target, &assign.value) {
                (Expr::Name(target), Some(value)) => {
                    constant_allowlist(context, target.id.as_str(), value, &tested)
                }
                _ => None,
            },
            Stmt::ClassDef(class) => enum_allowlist(context, class),
            _ => None,
        })
        .collect()
}

fn constant_allowlist(
    context: &Context,
    name: &str,
    value: &Expr,
    tested: &HashSet<String>,
) -> Option<Allowlist> {
    // `RESERVED_WORDS`, `BLOCKED_TABLES`: what a value must not be. Checking
    // a value against it would reject every good one.
    if !crate::semantic::is_upper_snake_case(name) || is_denylist_name(name) {
        return None;
    }
    let named = is_allowlist_name(name);
    // A dict looked up with a variable key (`TABLES[kind]`) is a mapping
    // allowlist: unknown keys raise.
    let looked_up = matches!(value, Expr::Dict(_)) && tested.contains(&format!("{name}[]"));
    if !(named || looked_up || tested.contains(name)) {
        return None;
    }
    if matches!(value, Expr::List(_)) && !named {
        // A list is data unless its name says otherwise.
        return None;
    }
    let values = string_values(context, value)?;
    Some(Allowlist {
        name: name.to_owned(),
        values,
        is_enum: false,
    })
}

/// Words that make a constant's name a denylist's: `RESERVED_WORDS`,
/// `BLOCKED_TABLES`, `FORBIDDEN_NAMES`, `IGNORED_FIELDS`.
fn is_denylist_name(name: &str) -> bool {
    segments(name).iter().any(|word| {
        matches!(
            word.as_str(),
            "reserved"
                | "keywords"
                | "blocked"
                | "blocklist"
                | "blacklist"
                | "banned"
                | "denied"
                | "deny"
                | "denylist"
                | "forbidden"
                | "disallowed"
                | "ignored"
                | "excluded"
                | "invalid"
                | "stop"
        )
    })
}

/// Words that make a constant's name an allowlist's: `ALLOWED_COLUMNS`,
/// `VALID_SORT_KEYS`, `SORTABLE_FIELDS`, `ORDER_CHOICES`.
fn is_allowlist_name(name: &str) -> bool {
    segments(name).iter().any(|word| {
        matches!(
            word.as_str(),
            "allowed"
                | "allow"
                | "allowlist"
                | "whitelist"
                | "valid"
                | "permitted"
                | "accepted"
                | "supported"
                | "choices"
                | "sortable"
                | "orderable"
                | "filterable"
                | "searchable"
                | "known"
                | "safe"
                | "columns"
                | "fields"
                | "directions"
        )
    })
}

/// Names tested for membership anywhere in the module: `x in NAME`,
/// `x not in NAME`; and `NAME[]` for names subscripted with a non-literal
/// key (`NAME[kind]`).
fn membership_tested_names(context: &Context) -> HashSet<String> {
    struct Finder(HashSet<String>);
    impl<'a> Visitor<'a> for Finder {
        fn visit_expr(&mut self, expr: &'a Expr) {
            if let Expr::Compare(compare) = expr {
                for (op, right) in compare.ops.iter().zip(compare.comparators.iter()) {
                    if matches!(op, ast::CmpOp::In | ast::CmpOp::NotIn)
                        && let Expr::Name(name) = right
                    {
                        self.0.insert(name.id.to_string());
                    }
                }
            }
            if let Expr::Subscript(subscript) = expr
                && let Expr::Name(name) = &*subscript.value
                && !matches!(
                    &*subscript.slice,
                    Expr::StringLiteral(_) | Expr::NumberLiteral(_) | Expr::Slice(_)
                )
            {
                self.0.insert(format!("{}[]", name.id));
            }
            visitor::walk_expr(self, expr);
        }
    }
    let mut finder = Finder(HashSet::new());
    for stmt in context.body() {
        finder.visit_stmt(stmt);
    }
    finder.0
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
/// otherwise the one whose name shares more words with the value's name
/// than any other (`sort_column` ↔ `SORTABLE_COLUMNS`), and none when no
/// name does.
pub fn pick<'l>(allowlists: &'l [Allowlist], kind: SlotKind, value: &str) -> Option<&'l Allowlist> {
    let candidates: Vec<&Allowlist> = allowlists
        .iter()
        .filter(|list| list.is_sort_directions() == (kind == SlotKind::Direction))
        .collect();
    // A list of sort directions says by its values what it allows. Any other
    // list must say by its name that it holds what the value names: the one
    // list of a module is no allowlist for every name (datasette-edit-schema's
    // `TYPE_NAMES`, column types, made every table rename fail).
    if kind == SlotKind::Direction
        && let [only] = candidates.as_slice()
    {
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
