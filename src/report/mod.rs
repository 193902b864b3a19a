//! The last stage: the output formats, each one file of [`formats`] behind the [`Printer`] trait
//! — text for people, JSON for tools (cursus-compatible, merging [`existing`] results), SARIF
//! for code scanning, GitHub and GitLab annotations — each reading issues through one view
//! ([`issue`]); [`statistics`], the counts per rule `--statistics` prints instead; and the
//! [`stream`] that writes them. With `--baseline`, [`baseline`] sorts each outcome's issues into
//! new, unchanged and absent by their [`fingerprint`] before a format renders them.
//!
//! Each outcome is rendered on its own, on the thread that checked it, into a [`Piece`]; the
//! [`Stream`] writes the pieces as they come, in report order (by path, then pack), and ends
//! with the run's notices and summary. A piece is dropped once written: memory holds a window
//! of results, never the whole report.

pub mod baseline;
pub mod diff;
pub mod existing;
pub mod fingerprint;
pub mod formats;
pub mod issue;
pub mod pretty;
pub mod statistics;
pub mod stream;
pub mod tail;
pub mod tally;

use std::io::{self, Write};

use serde_json::{Map, Value};

pub use formats::Format;
pub use stream::Stream;

use crate::engine::{CompiledPack, Outcome};
use crate::report::baseline::{Baseline, Triage};
pub use crate::report::tally::Counts;
use crate::report::tally::Tally;

/// An output format, written as a stream: what goes before the first result, each outcome
/// (rendered on the worker thread that checked its file), what goes before each result, and the
/// end. Adding a format is a file implementing this, plus its line in [`formats`].
pub trait Printer: Sync {
    /// What goes before the first result; written when the first piece comes, or at the end
    /// when none does.
    fn begin(&self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    /// The result of checking one script with pack `pack` (an index into `report.packs`); empty
    /// when it shows nothing.
    fn outcome(&self, report: &Report, pack: usize, outcome: &Outcome) -> Vec<u8>;

    /// The result of checking one script, as `--baseline` sorts its issues in `triage`: by
    /// default the new issues only, as [`Printer::outcome`] shows them.
    fn outcome_against(
        &self,
        report: &Report,
        pack: usize,
        _outcome: &Outcome,
        triage: &Triage,
    ) -> Vec<u8> {
        self.outcome(report, pack, &triage.new)
    }

    /// What the outcome adds to the end of the report (the HTML report's list of suppressed
    /// findings): the stream keeps these bytes, up to [`stream::DEFERRED_LIMIT`], and hands them
    /// to [`Printer::end`] in [`Summary::deferred`]. Nothing by default.
    fn deferred(&self, _report: &Report, _pack: usize, _outcome: &Outcome) -> Vec<u8> {
        Vec::new()
    }

    /// What goes before a result that is not empty; `first`: it is the first such result.
    fn separator(&self, _first: bool) -> &'static [u8] {
        b""
    }

    /// What goes after the last result: notices, a summary, closing brackets.
    fn end(&self, out: &mut dyn Write, report: &Report, summary: &Summary) -> io::Result<()>;
}

/// What a finished report counted, for its end.
#[derive(Debug, Clone, Copy)]
pub struct Summary<'a> {
    /// Issues by severity, and suppressed findings.
    pub counts: Counts,
    /// Distinct scripts with a result.
    pub scripts: usize,
    /// Whether some result was not empty.
    pub any: bool,
    /// Which packs checked something, by pack index.
    pub used: &'a [bool],
    /// The run's notices.
    pub notices: &'a [String],
    /// Issues and suppressed findings per rule.
    pub tally: &'a Tally,
    /// What the outcomes added to the end ([`Printer::deferred`]), in report order.
    pub deferred: &'a [u8],
    /// Whether some outcome's deferred bytes were left out, past [`stream::DEFERRED_LIMIT`].
    pub deferred_cut: bool,
}

/// How one run is rendered.
#[derive(Clone, Copy)]
pub struct Report<'a> {
    /// The packs in play that were loaded: a routed run leaves unloaded the packs no file
    /// could use (see `in_play`).
    pub packs: &'a [CompiledPack],
    /// The names of every pack in play, in pack order, those left unloaded included.
    pub in_play: &'a [&'a str],
    /// By pack index, the level indices that ran (`None`: all); empty when every pack ran all.
    pub levels: &'a [Option<Vec<usize>>],
    /// The `--existing` results, merged into each script's enhanced results.
    pub existing: Option<&'a Map<String, Value>>,
    /// The `--baseline` report: only issues it does not have are reported as new.
    pub baseline: Option<&'a Baseline>,
    /// The configuration file the settings came from, if any (the HTML report names it).
    pub config: Option<&'a std::path::Path>,
    /// The format.
    pub printer: &'a dyn Printer,
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
    /// Its issues and suppressed findings per rule.
    pub tally: Tally,
    /// What it adds to the end of the report ([`Printer::deferred`]).
    pub deferred: Vec<u8>,
}

impl Report<'_> {
    /// Whether level `level` of pack `pack` ran.
    pub fn ran(&self, pack: usize, level: usize) -> bool {
        self.levels
            .get(pack)
            .and_then(Option::as_ref)
            .is_none_or(|levels| levels.contains(&level))
    }

    /// Renders the outcome of checking one script with pack `pack`.
    pub fn piece(&self, pack: usize, outcome: &Outcome) -> Piece {
        let path = outcome.path().to_owned();
        let Some(baseline) = self.baseline else {
            return Piece {
                pack,
                path,
                counts: Counts::of(outcome),
                bytes: self.printer.outcome(self, pack, outcome),
                tally: Tally::of(pack, outcome),
                deferred: self.printer.deferred(self, pack, outcome),
            };
        };
        let triage = baseline.triage(&self.packs[pack], outcome);
        Piece {
            pack,
            path,
            counts: Counts {
                unchanged: triage.unchanged_count(),
                ..Counts::of(&triage.new)
            },
            bytes: self.printer.outcome_against(self, pack, outcome, &triage),
            tally: Tally::of(pack, &triage.new),
            deferred: self.printer.deferred(self, pack, &triage.new),
        }
    }

    /// The names of the packs that checked something (`used`, by pack index), in pack order;
    /// every pack in play when none did.
    pub fn pack_names(&self, used: &[bool]) -> Vec<&str> {
        let names_used: Vec<&str> = self
            .packs
            .iter()
            .enumerate()
            .filter(|(i, _)| used.get(*i).copied().unwrap_or(false))
            .map(|(_, p)| p.pack.name.as_str())
            .collect();
        if names_used.is_empty() {
            self.in_play.to_vec()
        } else {
            names_used
        }
    }
}
