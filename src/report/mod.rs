//! The last stage: renderers for the outcomes of a run — [`text`] for people, [`json`] for tools
//! (cursus-compatible, merging [`existing`] results).
//!
//! Each outcome is rendered on its own, on the thread that checked it, into a [`Piece`]; once
//! every file is checked, [`Report::finish`] joins the pieces (sorted by path, then pack) with the
//! run's notices and summary. Nothing but the rendered text outlives a file's check.

pub mod existing;
pub mod json;
pub mod text;

use serde_json::{Map, Value};

use crate::engine::{CompiledPack, Finding, Outcome};
use crate::pack::Severity;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// rustc/Ruff-style diagnostics.
    Text,
    /// The cursus-compatible JSON document.
    Json,
}

/// How one run is rendered.
#[derive(Debug, Clone, Copy)]
pub struct Report<'a> {
    /// The packs in play.
    pub packs: &'a [CompiledPack],
    /// The level indices that ran (of the one pack given with `--pack`), or `None` for all.
    pub levels: Option<&'a [usize]>,
    /// The `--existing` results, merged into each script's enhanced results.
    pub existing: Option<&'a Map<String, Value>>,
    /// The format.
    pub format: Format,
    /// Colours in text output.
    pub color: bool,
}

/// One outcome, rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The index of the pack that checked the script.
    pub pack: usize,
    /// The script's path as shown.
    pub path: String,
    /// Its findings by severity.
    pub counts: Counts,
    /// The rendered text.
    pub text: String,
}

impl Report<'_> {
    /// Renders the outcome of checking one script with pack `pack`.
    pub fn piece(&self, pack: usize, outcome: &Outcome) -> Piece {
        Piece {
            pack,
            path: outcome.path.clone(),
            counts: Counts::of(&outcome.findings),
            text: match self.format {
                Format::Text => text::outcome(self, pack, outcome),
                Format::Json => json::outcome(self, pack, outcome),
            },
        }
    }

    /// The whole report: `pieces` (in report order), then the run's `notices` and a summary.
    pub fn finish(&self, pieces: &[Piece], notices: &[String]) -> String {
        match self.format {
            Format::Text => text::finish(self, pieces, notices),
            Format::Json => json::finish(pieces, notices),
        }
    }

    /// The names of the packs that checked something, in pack order (all packs when none did).
    fn pack_names(&self, pieces: &[Piece]) -> Vec<&str> {
        let used: Vec<&str> = self
            .packs
            .iter()
            .enumerate()
            .filter(|(i, _)| pieces.iter().any(|p| p.pack == *i))
            .map(|(_, p)| p.pack.name.as_str())
            .collect();
        if used.is_empty() {
            self.packs.iter().map(|p| p.pack.name.as_str()).collect()
        } else {
            used
        }
    }
}

/// The number of distinct scripts among pieces in report order.
fn scripts(pieces: &[Piece]) -> usize {
    let mut paths: Vec<&str> = pieces.iter().map(|p| p.path.as_str()).collect();
    paths.dedup();
    paths.len()
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
    /// Counts findings.
    pub fn of(findings: &[Finding]) -> Counts {
        let mut counts = Counts::default();
        for finding in findings {
            match finding.severity {
                Severity::Error => counts.error += 1,
                Severity::Warning => counts.warning += 1,
                Severity::Info => counts.info += 1,
            }
        }
        counts
    }

    /// The counts of all pieces.
    pub fn sum(pieces: &[Piece]) -> Counts {
        pieces.iter().fold(Counts::default(), |sum, piece| Counts {
            error: sum.error + piece.counts.error,
            warning: sum.warning + piece.counts.warning,
            info: sum.info + piece.counts.info,
        })
    }

    /// All findings.
    pub fn total(self) -> usize {
        self.error + self.warning + self.info
    }

    /// Whether some finding is at or above `threshold`.
    pub fn reach(self, threshold: Severity) -> bool {
        [
            (Severity::Error, self.error),
            (Severity::Warning, self.warning),
            (Severity::Info, self.info),
        ]
        .into_iter()
        .any(|(severity, count)| count > 0 && severity >= threshold)
    }
}
