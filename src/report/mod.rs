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
    /// The pack that ran.
    pub pack: &'a CompiledPack,
    /// The level indices that ran, or `None` for all.
    pub levels: Option<&'a [usize]>,
    /// One outcome per script, sorted by path.
    pub outcomes: &'a [Outcome],
    /// The `--existing` results, merged into each script's enhanced results.
    pub existing: Option<&'a Map<String, Value>>,
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
    pub fn of(outcomes: &[Outcome]) -> Counts {
        let mut counts = Counts::default();
        for finding in outcomes.iter().flat_map(|o| &o.findings) {
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
