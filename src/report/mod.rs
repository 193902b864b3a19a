//! The last stage: renderers for the outcomes of a run — [`text`] for people, [`json`] for tools
//! (cursus-compatible, merging [`existing`] results), [`sarif`] for code scanning and
//! [`github`] for workflow annotations, each reading issues through one view ([`issue`]) — and
//! the [`stream`] that writes them.
//!
//! Each outcome is rendered on its own, on the thread that checked it, into a [`Piece`]; the
//! [`Stream`] writes the pieces as they come, in report order (by path, then pack), and ends
//! with the run's notices and summary. A piece is dropped once written: memory holds a window
//! of results, never the whole report.

pub mod existing;
pub mod github;
pub mod issue;
pub mod json;
mod pretty;
pub mod sarif;
pub mod stream;
pub mod text;

use serde_json::{Map, Value};

pub use stream::Stream;

use crate::engine::{CompiledPack, Outcome};
use crate::pack::Severity;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc/Ruff-style diagnostics.
    Text,
    /// The cursus-compatible JSON document.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
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
    /// The rendered result, as it is written.
    pub bytes: Vec<u8>,
}

impl Report<'_> {
    /// Renders the outcome of checking one script with pack `pack`.
    pub fn piece(&self, pack: usize, outcome: &Outcome) -> Piece {
        Piece {
            pack,
            path: outcome.path().to_owned(),
            counts: Counts::of(outcome),
            bytes: match self.format {
                Format::Text => text::outcome(self, pack, outcome).into_bytes(),
                Format::Json => json::outcome(self, pack, outcome),
                Format::Sarif => sarif::outcome(self, pack, outcome),
                Format::Github => github::outcome(self, pack, outcome).into_bytes(),
            },
        }
    }

    /// The names of the packs that checked something (`used`, by pack index), in pack order;
    /// all packs when none did.
    fn pack_names(&self, used: &[bool]) -> Vec<&str> {
        let names = |all: bool| {
            self.packs
                .iter()
                .enumerate()
                .filter(|(i, _)| all || used.get(*i).copied().unwrap_or(false))
                .map(|(_, p)| p.pack.name.as_str())
                .collect::<Vec<_>>()
        };
        let names_used = names(false);
        if names_used.is_empty() {
            names(true)
        } else {
            names_used
        }
    }
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, other: Counts) {
        self.error += other.error;
        self.warning += other.warning;
        self.info += other.info;
        self.suppressed += other.suppressed;
    }
}

/// Counts of reported issues by severity, and of suppressed findings (which count for nothing
/// else).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// ERROR issues.
    pub error: usize,
    /// WARNING issues.
    pub warning: usize,
    /// INFO issues.
    pub info: usize,
    /// Suppressed findings.
    pub suppressed: usize,
}

impl Counts {
    /// Counts the issues an outcome reports (its findings and rulecheck's own suppression
    /// issues) and its suppressed findings.
    pub fn of(outcome: &Outcome) -> Counts {
        let mut counts = Counts {
            suppressed: outcome.suppressed.len(),
            ..Counts::default()
        };
        let severities = outcome.findings.iter().map(|f| f.severity).chain(
            outcome
                .suppression_issues
                .iter()
                .map(|_| crate::engine::suppress::SuppressionProblem::SEVERITY),
        );
        for severity in severities {
            match severity {
                Severity::Error => counts.error += 1,
                Severity::Warning => counts.warning += 1,
                Severity::Info => counts.info += 1,
            }
        }
        counts
    }

    /// All reported issues.
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
