//! Writing a report while the checks run: pieces arrive in report order, are written at once
//! (with what the format puts before each) and dropped; only the counts the summary needs are
//! kept. Every format is written through here, its beginning, separators and end coming from its
//! [`Printer`](super::Printer).

use std::io::{self, Write};

use super::tally::Tally;
use super::{Counts, Piece, Report, Summary};

/// How many bytes of the outcomes' deferred parts ([`Printer::deferred`](super::Printer::deferred))
/// a stream keeps for the end; an outcome's part that would pass it is left out, so memory stays
/// bounded whatever the corpus.
pub const DEFERRED_LIMIT: usize = 1 << 20;

/// A report being written to `out`.
pub struct Stream<'a> {
    report: Report<'a>,
    out: &'a mut dyn Write,
    /// The pieces of the path being written, held until a piece of another path arrives: pieces
    /// of one path go out in pack order, whichever file (or standard input) they come from.
    group: Vec<Piece>,
    /// Whether the format's beginning is written.
    begun: bool,
    /// Pieces written that were not empty.
    results: usize,
    /// Findings by severity over the pieces written.
    counts: Counts,
    /// Distinct paths written.
    scripts: usize,
    /// Which packs checked something, by pack index.
    used: Vec<bool>,
    /// Issues and suppressed findings per rule, over the pieces written.
    tally: Tally,
    /// The pieces' deferred parts, in report order, up to [`DEFERRED_LIMIT`].
    deferred: Vec<u8>,
    /// Whether some piece's deferred part was left out.
    deferred_cut: bool,
}

impl<'a> Stream<'a> {
    /// A report on `out`; nothing is written before the first piece, or [`Stream::finish`].
    pub fn new(report: Report<'a>, out: &'a mut dyn Write) -> Stream<'a> {
        Stream {
            used: vec![false; report.packs.len()],
            report,
            out,
            group: Vec::new(),
            begun: false,
            results: 0,
            counts: Counts::default(),
            scripts: 0,
            tally: Tally::default(),
            deferred: Vec::new(),
            deferred_cut: false,
        }
    }

    /// Adds the next piece, in report order (sorted by path; by pack within a path).
    pub fn push(&mut self, piece: Piece) -> io::Result<()> {
        if self
            .group
            .first()
            .is_some_and(|first| first.path != piece.path)
        {
            self.write_group()?;
        }
        self.group.push(piece);
        Ok(())
    }

    fn begin(&mut self) -> io::Result<()> {
        if !self.begun {
            self.begun = true;
            self.report.printer.begin(self.out)?;
        }
        Ok(())
    }

    fn write_group(&mut self) -> io::Result<()> {
        if self.group.is_empty() {
            return Ok(());
        }
        self.scripts += 1;
        self.begin()?;
        // Stable: one file's pieces are in pack order already.
        self.group.sort_by_key(|piece| piece.pack);
        for piece in std::mem::take(&mut self.group) {
            if !piece.bytes.is_empty() {
                let separator = self.report.printer.separator(self.results == 0);
                self.out.write_all(separator)?;
                self.out.write_all(&piece.bytes)?;
                self.results += 1;
            }
            self.counts += piece.counts;
            self.tally.merge(piece.tally);
            if self.deferred.len() + piece.deferred.len() <= DEFERRED_LIMIT {
                self.deferred.extend_from_slice(&piece.deferred);
            } else {
                self.deferred_cut = true;
            }
            if let Some(used) = self.used.get_mut(piece.pack) {
                *used = true;
            }
        }
        Ok(())
    }

    /// Writes what is left, then the format's end with the run's `notices` and the summary, and
    /// flushes. Returns what the summary counted.
    pub fn finish(mut self, notices: &[String]) -> io::Result<Totals> {
        self.write_group()?;
        self.begin()?;
        let summary = Summary {
            counts: self.counts,
            scripts: self.scripts,
            any: self.results > 0,
            used: &self.used,
            notices,
            tally: &self.tally,
            deferred: &self.deferred,
            deferred_cut: self.deferred_cut,
        };
        self.report.printer.end(self.out, &self.report, &summary)?;
        self.out.flush()?;
        Ok(Totals {
            counts: self.counts,
            scripts: self.scripts,
        })
    }
}

/// What a finished report counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    /// Findings by severity.
    pub counts: Counts,
    /// Distinct scripts with a result.
    pub scripts: usize,
}
