//! Joining a resource into the `with` it is acquired in:
//! `with A as a:` / `b = B` / body / `b.close()` becomes
//! `with A as a, B as b:` / body, rather than a second, nested `with`.

use crate::linter::diagnostic::{Edit, Fix};
use crate::linter::fix::indent::owns_its_lines;
use crate::linter::fix::statements::remove_statement;
use crate::model::Context;
use crate::parse::{Expr, Ranged, Stmt, TextRange, ast};

/// A second resource opened right after the first and closed right after it.
pub struct Partner<'a> {
    /// `b = open(q)`, the statement after the first acquisition.
    pub acquire: &'a Stmt,
    /// `open(q) as b`.
    pub item: String,
    /// Index of `b.close()` in the suite (right after the first close).
    pub close: usize,
}

/// `a = open(p)` / `b = open(q)` / body / `a.close()` / `b.close()` becomes
/// `with open(p) as a, open(q) as b:` / body. The header exits `b` before
/// `a` where the code closed `a` first: neither is made from the other and
/// both are plain files, so the order is not observable; on an exception,
/// both are closed now.
pub fn join_closed_pair(
    context: &Context,
    suite: &[Stmt],
    index: usize,
    value: &Expr,
    partner: &Partner,
) -> Option<Fix> {
    let source = context.source;
    let first = &suite[index];
    let body = &suite[index + 2..partner.close - 1];
    let closes = [&suite[partner.close - 1], &suite[partner.close]];
    if body.is_empty()
        || !owns_its_lines(source, first)
        || !owns_its_lines(source, partner.acquire)
        || !body.iter().all(|s| owns_its_lines(source, s))
        || !closes.iter().all(|s| owns_its_lines(source, s))
    {
        return None;
    }
    // Nothing but a line break between the two acquisitions (a comment would be lost).
    let gap = context.slice(TextRange::new(first.end(), partner.acquire.start()));
    if !gap.trim().is_empty() {
        return None;
    }
    let (name, _) = super::acquisition(first)?;
    let header = format!(
        "with {} as {name}, {}:",
        context.slice(value.range()),
        partner.item
    );
    let mut edits = vec![Edit::replacement(
        header,
        TextRange::new(first.start(), partner.acquire.end()),
    )];
    super::push_body_edits(
        context,
        &mut edits,
        partner.acquire,
        body,
        Some(body.len() - 1),
    )?;
    for close in closes {
        edits.push(remove_statement(source, close, false));
    }
    Some(Fix::safe(
        "Open both in one `with` header and drop both `close()` calls".to_owned(),
        edits,
    ))
}

/// Edits that add `item` (`B as b`) to the header of `with`, drop the
/// acquisition `acquire` (the first statement of its body) and the manual
/// `release`, if any (the last statement of its body).
///
/// The resource stays open for the rest of the body, as it did before, and
/// `with A, B:` exits `B` before `A`, as the nested form would.
pub fn join_enclosing_with(
    context: &Context,
    with: &ast::StmtWith,
    acquire: &Stmt,
    item: &str,
    keyword: &str,
    release: Option<&Stmt>,
) -> Option<Vec<Edit>> {
    let source = context.source;
    if with.is_async != (keyword == "async with") {
        return None;
    }
    let last_item = with.items.last()?;
    // The header must end on the line of its last item (no comment-only
    // continuation lines that the new item would land after).
    if source.line_index(last_item.end()) + 1 != source.line_index(acquire.start()) {
        return None;
    }
    if !owns_its_lines(source, acquire) || release.is_some_and(|r| !owns_its_lines(source, r)) {
        return None;
    }
    let mut edits = vec![
        Edit::insertion(format!(", {item}"), last_item.end()),
        remove_statement(source, acquire, false),
    ];
    if let Some(release) = release {
        edits.push(remove_statement(source, release, false));
    }
    Some(edits)
}
