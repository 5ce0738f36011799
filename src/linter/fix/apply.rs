//! One pass of fix application.
//!
//! Fixes are taken in source order; a fix whose edits collide with an edit
//! already taken waits for the next pass (the fixpoint loop re-checks the
//! new source and offers it again). Identical edits from different fixes
//! (the same import added twice) are applied once.

use std::collections::{BTreeMap, HashSet};

use crate::linter::diagnostic::{Edit, Fix};
use crate::model::rule::Rule;
use crate::parse::TextSize;

/// The result of one pass.
#[derive(Debug, Default)]
pub struct AppliedFixes {
    pub text: String,
    /// The rule of each fix applied, in application order.
    pub applied: Vec<Rule>,
    /// How many fixes were deferred because they collided with another.
    pub deferred: usize,
}

/// Applies every fix that does not collide with an earlier one.
pub fn apply_fixes<'a>(
    text: &str,
    fixes: impl IntoIterator<Item = (Rule, &'a Fix)>,
) -> AppliedFixes {
    let mut fixes: Vec<(Rule, &Fix)> = fixes
        .into_iter()
        .filter(|(_, fix)| !fix.edits().is_empty())
        .collect();
    // Conflicting fixes: the one that changes the least structure goes first
    // (a query rewrite, then a `with` block, then a `try` around it all), so
    // that later passes can still apply the others around it.
    fixes.sort_by_key(|(rule, fix)| {
        (
            nesting_order(*rule),
            fix.range().map(|r| (r.start(), r.end())),
            *rule,
        )
    });

    // Taken edits by start, to find the ones an edit may collide with
    // without scanning them all (a file with thousands of fixes).
    let mut taken = Taken::default();
    let mut applied = Vec::new();
    let mut deferred = 0;
    let mut taken_fixes: HashSet<&[Edit]> = HashSet::new();
    for (rule, fix) in fixes {
        // The same fix offered by several findings (one `try` for a run of calls) lands once.
        if taken_fixes.contains(fix.edits()) {
            applied.push(rule);
            continue;
        }
        // Identical insertions (the same import) merge and are not placed again;
        // any other edit touching a taken one collides, even an identical
        // replacement: two fixes that each re-indent a line mean two levels.
        let collides = fix.edits().iter().any(|edit| {
            let merged = edit.range.is_empty() && taken.contains(edit);
            !merged
                && taken
                    .near(edit)
                    .any(|other| other == edit || collide(edit, other))
        });
        if collides {
            deferred += 1;
            continue;
        }
        for edit in fix.edits() {
            if !taken.contains(edit) {
                taken.insert(edit);
            }
        }
        taken_fixes.insert(fix.edits());
        applied.push(rule);
    }
    let mut taken = taken.into_edits();

    // Stable sort: insertions at one offset keep the order they were taken in,
    // and come before a replacement starting at the same offset.
    taken.sort_by_key(|edit| (edit.range.start(), !edit.range.is_empty()));
    let mut output = String::with_capacity(text.len());
    let mut cursor = 0usize;
    for edit in taken {
        let start = usize::from(edit.range.start());
        output.push_str(&text[cursor..start]);
        output.push_str(&edit.content);
        cursor = usize::from(edit.range.end());
    }
    output.push_str(&text[cursor..]);
    AppliedFixes {
        text: output,
        applied,
        deferred,
    }
}

/// The edits taken in a pass, by start offset.
#[derive(Default)]
struct Taken<'e> {
    by_start: BTreeMap<TextSize, Vec<&'e Edit>>,
    /// The longest range taken: no edit starting further back can reach an offset.
    longest: TextSize,
}

impl<'e> Taken<'e> {
    fn insert(&mut self, edit: &'e Edit) {
        self.longest = self.longest.max(edit.range.len());
        self.by_start
            .entry(edit.range.start())
            .or_default()
            .push(edit);
    }

    fn contains(&self, edit: &Edit) -> bool {
        self.by_start
            .get(&edit.range.start())
            .is_some_and(|edits| edits.contains(&edit))
    }

    /// Every taken edit that may collide with `edit`: those starting from
    /// `longest` before it up to its end (a colliding edit starts at or
    /// before `edit` ends, and ends at or after it starts).
    fn near(&self, edit: &Edit) -> impl Iterator<Item = &'e Edit> + '_ {
        let from = edit
            .range
            .start()
            .checked_sub(self.longest)
            .unwrap_or_default();
        self.by_start
            .range(from..=edit.range.end())
            .flat_map(|(_, edits)| edits.iter().copied())
    }

    /// The edits in the order they were taken at each offset.
    fn into_edits(self) -> Vec<&'e Edit> {
        self.by_start.into_values().flatten().collect()
    }
}

/// How much a rule's fixes restructure code: lower goes first in a pass.
fn nesting_order(rule: Rule) -> u8 {
    match rule {
        Rule::SqlParameterize | Rule::HardcodedCredentials | Rule::SensitiveExposure => 0,
        Rule::UnvalidatedInput => 1,
        Rule::ResourceWith => 2,
        Rule::DbErrorHandling => 3,
    }
}

/// Two distinct edits collide when their ranges overlap, when they insert
/// at the same point, or when one inserts anywhere within (or at either end
/// of) the range the other replaces: the order of text landing at one offset
/// from two fixes is not something either fix could plan for (a `try:` and an
/// allowlist check both inserted before the same statement).
fn collide(a: &Edit, b: &Edit) -> bool {
    let (a, b) = (a.range, b.range);
    match (a.is_empty(), b.is_empty()) {
        (true, true) => a.start() == b.start(),
        (true, false) => a.start() >= b.start() && a.start() <= b.end(),
        (false, true) => b.start() >= a.start() && b.start() <= a.end(),
        (false, false) => a.start() < b.end() && b.start() < a.end(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{TextRange, TextSize};

    fn range(start: u32, end: u32) -> TextRange {
        TextRange::new(TextSize::new(start), TextSize::new(end))
    }

    #[test]
    fn applies_disjoint_fixes() {
        let a = Fix::safe("a", vec![Edit::replacement("X", range(0, 1))]);
        let b = Fix::safe("b", vec![Edit::replacement("Y", range(2, 3))]);
        let out = apply_fixes("abc", [(Rule::ResourceWith, &a), (Rule::ResourceWith, &b)]);
        assert_eq!(out.text, "XbY");
        assert_eq!(out.applied.len(), 2);
    }

    #[test]
    fn defers_overlapping_fix() {
        let a = Fix::safe("a", vec![Edit::replacement("X", range(0, 2))]);
        let b = Fix::safe("b", vec![Edit::replacement("Y", range(1, 3))]);
        let out = apply_fixes("abc", [(Rule::ResourceWith, &b), (Rule::ResourceWith, &a)]);
        assert_eq!(out.text, "Xc");
        assert_eq!(out.deferred, 1);
    }

    #[test]
    fn defers_insertion_inside_replacement() {
        let a = Fix::safe("a", vec![Edit::replacement("X", range(0, 3))]);
        let b = Fix::safe("b", vec![Edit::insertion("Y", TextSize::new(1))]);
        let out = apply_fixes("abc", [(Rule::ResourceWith, &a), (Rule::ResourceWith, &b)]);
        assert_eq!(out.text, "X");
        assert_eq!(out.deferred, 1);
    }

    #[test]
    fn merges_identical_edits() {
        let import = Edit::insertion("import os\n", TextSize::new(0));
        let a = Fix::safe(
            "a",
            vec![import.clone(), Edit::replacement("X", range(0, 1))],
        );
        let b = Fix::safe("b", vec![import, Edit::replacement("Y", range(2, 3))]);
        let out = apply_fixes("abc", [(Rule::ResourceWith, &a), (Rule::ResourceWith, &b)]);
        assert_eq!(out.text, "import os\nXbY");
        assert_eq!(out.applied.len(), 2);
    }

    #[test]
    fn identical_replacements_from_different_fixes_collide() {
        let indent = Edit::replacement("    x\n", range(0, 2));
        let a = Fix::safe(
            "with",
            vec![
                Edit::insertion("with f:\n", TextSize::new(0)),
                indent.clone(),
            ],
        );
        let b = Fix::safe(
            "try",
            vec![Edit::insertion("try:\n", TextSize::new(0)), indent],
        );
        let out = apply_fixes(
            "x\n",
            [(Rule::ResourceWith, &a), (Rule::DbErrorHandling, &b)],
        );
        // The `with` (less restructuring) goes first; the `try` waits a pass.
        assert_eq!(out.text, "with f:\n    x\n");
        assert_eq!(out.deferred, 1);
    }

    #[test]
    fn the_same_fix_from_several_findings_lands_once() {
        let fix = Fix::safe("try", vec![Edit::replacement("    x\n", range(0, 2))]);
        let out = apply_fixes(
            "x\n",
            [
                (Rule::DbErrorHandling, &fix),
                (Rule::DbErrorHandling, &fix.clone()),
            ],
        );
        assert_eq!(out.text, "    x\n");
        assert_eq!(out.applied.len(), 2);
    }

    #[test]
    fn insertions_at_one_point_from_two_fixes_collide() {
        let a = Fix::safe(
            "try",
            vec![
                Edit::insertion("try:\n", TextSize::new(0)),
                Edit::replacement("    x\n", range(0, 2)),
            ],
        );
        let b = Fix::safe(
            "check",
            vec![Edit::insertion("check()\n", TextSize::new(0))],
        );
        let out = apply_fixes(
            "x\n",
            [(Rule::DbErrorHandling, &a), (Rule::UnvalidatedInput, &b)],
        );
        // The insertion sorts first (its range ends first); the `try` waits for the next pass.
        assert_eq!(out.text, "check()\nx\n");
        assert_eq!(out.deferred, 1);
    }

    #[test]
    fn insertion_before_replacement_at_same_offset() {
        let a = Fix::safe(
            "a",
            vec![
                Edit::replacement("X", range(0, 1)),
                Edit::insertion("I", TextSize::new(0)),
            ],
        );
        let out = apply_fixes("abc", [(Rule::ResourceWith, &a)]);
        assert_eq!(out.text, "IXbc");
    }
}
