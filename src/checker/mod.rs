//! The per-file check: the one path from a file's bytes to its report. Every consumer goes
//! through [`Checker::check`] — the command line's runner, `rulecheck test`, and through the
//! command line the Python package — with the packs that check the file, the resolved
//! [`Settings`], and a provider of [`companions`] (the disk, or files held in memory).
//!
//! For each pack: plan (which rules run, which companion files they need) → the companion
//! files through the provider → the engine's check on the bytes → the script's suppression
//! comments → the configuration's `per-file-ignores`.

pub mod companions;

use std::path::Path;

use crate::engine::{self, CompiledPack, Options, Outcome, Target, suppress};
use crate::error::Result;
use crate::settings::Settings;
use companions::Companions;

/// What checks files: the packs with the part of each that runs, the settings, and where
/// companion files come from. One serves a whole run, on every thread.
#[derive(Clone, Copy)]
pub struct Checker<'a> {
    /// The packs, by index.
    pub packs: &'a [CompiledPack],
    /// Which part of each pack runs, by the same index.
    pub options: &'a [Options],
    /// The resolved settings (the `per-file-ignores` apply here).
    pub settings: &'a Settings,
    /// Where companion files are found and read.
    pub companions: &'a dyn Companions,
}

/// The report of one file: one outcome per pack that checked it, in the order asked for.
#[derive(Debug)]
pub struct FileReport {
    /// `(pack index, outcome)`, suppressions applied.
    pub outcomes: Vec<(usize, Outcome)>,
}

impl Checker<'_> {
    /// Checks `target` with the packs of index `packs`. Fails when a companion file exists but
    /// cannot be read.
    pub fn check(&self, target: &Target, packs: &[usize]) -> Result<FileReport> {
        let ignores = self.settings.ignores.matching(target.path());
        let mut outcomes = Vec::with_capacity(packs.len());
        for &index in packs {
            let compiled = &self.packs[index];
            let plan = engine::plan(compiled, target, &self.options[index]);
            let found = companions::answer(&plan, Path::new(target.path()), self.companions)?;
            let mut outcome = engine::check(compiled, target, &plan, &found.answers);
            outcome.notices.extend(found.notices);
            suppress::apply(&compiled.pack, &mut outcome);
            suppress::ignore(&compiled.pack, &ignores, &mut outcome);
            outcomes.push((index, outcome));
        }
        Ok(FileReport { outcomes })
    }
}
