//! Fixes: the edits a finding proposes to repair what it found, and applying them to a file's
//! bytes. A fix is plain data — a title, whether it is safe, and edits that each replace a
//! range of bytes — so every consumer applies it the same way: `check --fix` and `--diff`, the
//! JSON and SARIF reports, an editor's code action.

use std::ops::Range;

use crate::pack::model::Applicability;

/// One edit: the bytes `range` of the file replaced by `content` (an insertion when the range
/// is empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The bytes replaced.
    pub range: Range<usize>,
    /// What replaces them.
    pub content: String,
}

/// A finding's fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What it does, for people (`` Replace `A` with `B` ``).
    pub title: String,
    /// Whether `--fix` applies it, or only `--unsafe-fixes` does.
    pub applicability: Applicability,
    /// Its edits, in file order, not overlapping.
    pub edits: Vec<Edit>,
}

impl Fix {
    /// The fix replacing the bytes `range` with `content`.
    pub fn replace(
        title: String,
        applicability: Applicability,
        range: Range<usize>,
        content: String,
    ) -> Fix {
        Fix {
            title,
            applicability,
            edits: vec![Edit { range, content }],
        }
    }

    /// Whether it is applied when unsafe fixes are (`unsafe_fixes`) or are not allowed.
    pub fn allowed(&self, unsafe_fixes: bool) -> bool {
        unsafe_fixes || self.applicability == Applicability::Safe
    }

    /// The bytes its edits span, from the first edit's start to the last one's end.
    fn span(&self) -> Option<Range<usize>> {
        let start = self.edits.iter().map(|e| e.range.start).min()?;
        let end = self.edits.iter().map(|e| e.range.end).max()?;
        Some(start..end)
    }
}

/// `bytes` with `fixes` applied, and how many were. A fix whose edits fall outside the bytes,
/// are out of order, or touch the span of a fix applied before it (in file order) is left out:
/// a later run, on the fixed file, finds it again if it still applies. Bytes outside the edits
/// are kept as they are (line endings, encoding).
pub fn apply(bytes: &[u8], fixes: &[&Fix]) -> (Vec<u8>, usize) {
    let mut chosen: Vec<(Range<usize>, &Fix)> = fixes
        .iter()
        .filter(|fix| well_formed(fix, bytes.len()))
        .filter_map(|fix| Some((fix.span()?, *fix)))
        .collect();
    chosen.sort_by_key(|(span, _)| (span.start, span.end));
    let mut out = Vec::with_capacity(bytes.len());
    let mut done = 0;
    let mut applied = 0;
    for (span, fix) in chosen {
        if span.start < done {
            continue;
        }
        for edit in &fix.edits {
            out.extend_from_slice(&bytes[done..edit.range.start]);
            out.extend_from_slice(edit.content.as_bytes());
            done = edit.range.end;
        }
        applied += 1;
    }
    out.extend_from_slice(&bytes[done..]);
    (out, applied)
}

/// Whether the edits of `fix` are in order, apart, and inside a file of `len` bytes.
fn well_formed(fix: &Fix, len: usize) -> bool {
    let mut end = 0;
    fix.edits.iter().all(|edit| {
        let fits =
            edit.range.start >= end && edit.range.start <= edit.range.end && edit.range.end <= len;
        end = edit.range.end;
        fits
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(range: Range<usize>, content: &str) -> Fix {
        Fix::replace("t".into(), Applicability::Safe, range, content.into())
    }

    #[test]
    fn applies_edits_and_keeps_the_other_bytes() {
        let bytes = b"a = 'x'\r\nb = 'y'\r\n\xff";
        let (out, applied) = apply(bytes, &[&fix(13..16, "'yy'"), &fix(4..7, "'xx'")]);
        assert_eq!(applied, 2);
        assert_eq!(out, b"a = 'xx'\r\nb = 'yy'\r\n\xff");
    }

    #[test]
    fn leaves_out_overlapping_and_out_of_bounds_fixes() {
        let bytes = b"abcdef";
        let (out, applied) = apply(
            bytes,
            &[
                &fix(1..3, "X"),
                &fix(2..4, "Y"),
                &fix(5..9, "W"),
                &fix(4..5, "Z"),
            ],
        );
        assert_eq!(applied, 2);
        assert_eq!(out, b"aXdZf");
    }

    #[test]
    fn unsafe_fixes_need_the_opt_in() {
        let mut unsafe_fix = fix(0..1, "b");
        unsafe_fix.applicability = Applicability::Unsafe;
        assert!(!unsafe_fix.allowed(false));
        assert!(unsafe_fix.allowed(true));
        assert!(fix(0..1, "b").allowed(false));
    }
}
