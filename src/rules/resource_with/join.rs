//! Joining a resource into the `with` it is acquired in:
//! `with A as a:` / `b = B` / body / `b.close()` becomes
//! `with A as a, B as b:` / body, rather than a second, nested `with`.

use crate::checker::Context;
use crate::diagnostic::Edit;
use crate::fix::indent::owns_its_lines;
use crate::fix::statements::remove_statement;
use crate::parse::{Ranged, Stmt, ast};

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
