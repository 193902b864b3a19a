//! `check --fix` and `--diff` in the runner: each file is checked and fixed by the per-file
//! check ([`Checker::check_fixing`]); here the fixed bytes are written back (`--fix`) or shown
//! as a diff (`--diff`), and the fixes applied are counted for the run's last line.

use std::fs;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::checker::{Checker, FileReport};
use crate::engine::Target;
use crate::error::{Error, Result};
use crate::report::diff;

/// What a run does with the fixes of its findings, and what it has done so far.
#[derive(Debug, Default)]
pub struct Fixing {
    /// Write the fixed files (`--fix`), or only show their diffs (`--diff`).
    pub write: bool,
    /// Apply unsafe fixes too (`--unsafe-fixes`).
    pub unsafe_fixes: bool,
    /// Fixes applied (or, with `--diff`, that would be).
    applied: AtomicUsize,
    /// Files changed (or that would be).
    files: AtomicUsize,
    /// Unsafe fixes left unapplied because `--unsafe-fixes` was not given.
    hidden: AtomicUsize,
}

/// What fixing one file gave the runner: the report of the file as it is left, its diff (with
/// `--diff`) and a notice.
pub(super) struct FileFixed {
    /// The check of the file as fixed (as it is left, with `--fix`; as it would be, with
    /// `--diff`).
    pub report: FileReport,
    /// With `--diff`, the diff of the file (empty when nothing would change).
    pub diff: String,
    /// Why the file was left as it was, if a fix would have broken it.
    pub notice: Option<String>,
}

impl Fixing {
    /// Fixing for `--fix` (`write`) or `--diff`, with unsafe fixes or without.
    pub fn new(write: bool, unsafe_fixes: bool) -> Fixing {
        Fixing {
            write,
            unsafe_fixes,
            ..Fixing::default()
        }
    }

    /// The fixes applied so far, the files they changed, and the unsafe fixes left unapplied.
    pub fn totals(&self) -> (usize, usize, usize) {
        (
            self.applied.load(Ordering::Relaxed),
            self.files.load(Ordering::Relaxed),
            self.hidden.load(Ordering::Relaxed),
        )
    }

    /// Checks and fixes `target` (the file at `path`) with its packs; writes it back with
    /// `--fix`, or renders its diff with `--diff`.
    pub(super) fn file(
        &self,
        checker: &Checker,
        target: &Target,
        path: &Path,
        (packs, by_content): (&[usize], &[usize]),
    ) -> Result<FileFixed> {
        let fixed = checker.check_fixing(target, packs, by_content, self.unsafe_fixes)?;
        let hidden = fixed
            .report
            .outcomes
            .iter()
            .flat_map(|(_, outcome)| &outcome.findings)
            .filter(|f| {
                f.fix
                    .as_ref()
                    .is_some_and(|fix| !fix.allowed(self.unsafe_fixes))
            })
            .count();
        self.hidden.fetch_add(hidden, Ordering::Relaxed);
        let mut diff = String::new();
        if let Some(bytes) = &fixed.bytes {
            if self.write {
                fs::write(path, bytes).map_err(|source| Error::Fix {
                    path: path.to_owned(),
                    source,
                })?;
            } else {
                diff = diff::unified(target.path(), target.bytes(), bytes);
            }
            self.applied.fetch_add(fixed.applied, Ordering::Relaxed);
            self.files.fetch_add(1, Ordering::Relaxed);
        }
        Ok(FileFixed {
            report: fixed.report,
            diff,
            notice: fixed.notice,
        })
    }
}
