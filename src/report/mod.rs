//! Renderers for the outcomes of a run: [`text`] for people, [`json`] for tools (cursus-compatible).

pub mod json;
pub mod text;

use serde_json::{Map, Value};

use crate::check::Outcome;
use crate::compile::CompiledPack;
use crate::pack::Severity;

/// Everything a renderer needs about one run.
#[derive(Debug)]
pub struct Report<'a> {
    /// The packs in play.
    pub packs: &'a [CompiledPack],
    /// The level indices that ran (of the one pack given with `--pack`), or `None` for all.
    pub levels: Option<&'a [usize]>,
    /// One outcome per script and pack (the pack's index first), sorted by path then pack.
    pub outcomes: &'a [(usize, Outcome)],
    /// The `--existing` results, merged into each script's enhanced results.
    pub existing: Option<&'a Map<String, Value>>,
    /// Remarks about the run as a whole: skipped files, files no pack applies to.
    pub notices: &'a [String],
}

impl Report<'_> {
    /// The names of the packs that checked something, in pack order (all packs when none did).
    pub fn pack_names(&self) -> Vec<&str> {
        let used: Vec<&str> = self
            .packs
            .iter()
            .enumerate()
            .filter(|(i, _)| self.outcomes.iter().any(|(p, _)| p == i))
            .map(|(_, p)| p.pack.name.as_str())
            .collect();
        if used.is_empty() {
            self.packs.iter().map(|p| p.pack.name.as_str()).collect()
        } else {
            used
        }
    }

    /// The number of distinct scripts checked.
    pub fn scripts(&self) -> usize {
        let mut paths: Vec<&str> = self.outcomes.iter().map(|(_, o)| o.path.as_str()).collect();
        paths.dedup();
        paths.len()
    }
}

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// ERROR findings.
    pub error: usize,
    /// WARNING findings.
    pub warning: usize,
    /// INFO findings.
    pub info: usize,
}

impl Counts {
    /// Counts the findings of all outcomes.
    pub fn of(outcomes: &[(usize, Outcome)]) -> Counts {
        let mut counts = Counts::default();
        for finding in outcomes.iter().flat_map(|(_, o)| &o.findings) {
            match finding.severity {
                Severity::Error => counts.error += 1,
                Severity::Warning => counts.warning += 1,
                Severity::Info => counts.info += 1,
            }
        }
        counts
    }

    /// All findings.
    pub fn total(self) -> usize {
        self.error + self.warning + self.info
    }
}
