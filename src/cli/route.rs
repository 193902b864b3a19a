//! The route command: which pack checks each file, and why — the runner's plan, without
//! checking anything. Also the notice both `route` and `check` give when no file is checked, so
//! a forgotten `--pack-dir` in CI does not pass unnoticed.

use std::path::PathBuf;

use super::load_packs;
use crate::engine::CompiledPack;
use crate::error::Result;
use crate::run::walk::{self, Selection, Walk};

/// What `rulecheck route` prints: the plan (stdout) and, when no file would be checked, a note
/// saying so (stderr).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutePlan {
    /// One line per (file, pack), then the walk's notes.
    pub stdout: String,
    /// The [`nothing_checked`] note, or empty.
    pub stderr: String,
}

/// `rulecheck route`: which pack checks each file, and why (the plan, without checking).
pub fn route(
    pack: Option<&str>,
    pack_dirs: &[PathBuf],
    walk: &Walk,
    paths: &[PathBuf],
) -> Result<RoutePlan> {
    let packs = load_packs(pack, pack_dirs)?;
    let selection = Selection::new(&packs, pack.is_some(), walk)?;
    let plan = walk::plan(paths, &selection);
    let mut out = String::new();
    for file in &plan.files {
        for (pack, reason) in &file.packs {
            out.push_str(&format!(
                "{}: {} ({reason})\n",
                file.path.display(),
                packs[*pack].pack.name
            ));
        }
    }
    for notice in &plan.notices {
        out.push_str(&format!("note: {notice}\n"));
    }
    let stderr = if plan.files.is_empty() {
        nothing_checked(paths, &packs)
    } else {
        String::new()
    };
    Ok(RoutePlan {
        stdout: out,
        stderr,
    })
}

/// The note for a run that checks no file: what was walked, and the `files` globs of the packs
/// that were tried, with what to do. The run still passes: pre-commit hands over files no pack
/// wants.
pub fn nothing_checked(paths: &[PathBuf], packs: &[CompiledPack]) -> String {
    let walked: Vec<String> = paths.iter().map(|p| format!("`{}`", p.display())).collect();
    let mut out = format!(
        "note: no file was checked: nothing in {} matches the `files` globs of the packs tried\n",
        walked.join(", ")
    );
    for compiled in packs {
        let pack = &compiled.pack;
        let globs: Vec<&str> = pack.files.iter().map(|g| g.text.as_str()).collect();
        let globs = if globs.is_empty() {
            "(no `files`: it checks only files named on the command line)".to_owned()
        } else {
            globs.join(", ")
        };
        out.push_str(&format!("  {}: {globs}\n", pack.name));
    }
    out.push_str(
        "  = help: check the paths; add your own packs with --pack-dir DIR, or name one with \
         --pack (and --all-files to check every file with its extensions)\n",
    );
    out
}
