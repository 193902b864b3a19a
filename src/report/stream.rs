//! Writing a report while the checks run: pieces arrive in report order, are written at once
//! (with what goes between them in their format) and dropped; only the counts the summary needs
//! are kept. Every format is written through here, its opening, separators and ending coming
//! from its own module.

use std::io::{self, Write};

use super::{Counts, Format, Piece, Report, github, json, sarif, text};

/// A report being written to `out`.
pub struct Stream<'a> {
    report: Report<'a>,
    out: &'a mut dyn Write,
    /// The pieces of the path being written, held until a piece of another path arrives: pieces
    /// of one path go out in pack order, whichever file (or standard input) they come from.
    group: Vec<Piece>,
    /// Pieces written.
    written: usize,
    /// Pieces written that hold results (SARIF, where an outcome without issues has none).
    results: usize,
    /// Findings by severity over the pieces written.
    counts: Counts,
    /// Distinct paths written.
    scripts: usize,
    /// Which packs checked something, by pack index.
    used: Vec<bool>,
}

impl<'a> Stream<'a> {
    /// A report on `out`; nothing is written before the first piece, or [`Stream::finish`].
    pub fn new(report: Report<'a>, out: &'a mut dyn Write) -> Stream<'a> {
        Stream {
            used: vec![false; report.packs.len()],
            report,
            out,
            group: Vec::new(),
            written: 0,
            results: 0,
            counts: Counts::default(),
            scripts: 0,
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

    fn write_group(&mut self) -> io::Result<()> {
        if self.group.is_empty() {
            return Ok(());
        }
        self.scripts += 1;
        // Stable: one file's pieces are in pack order already.
        self.group.sort_by_key(|piece| piece.pack);
        for piece in std::mem::take(&mut self.group) {
            match self.report.format {
                Format::Json => {
                    if self.written == 0 {
                        json::head(self.out)?;
                    }
                    json::before_result(self.out, self.written == 0)?;
                }
                // An outcome without issues has no SARIF results: nothing goes between.
                Format::Sarif => {
                    if self.written == 0 {
                        sarif::head(self.out)?;
                    }
                    if !piece.bytes.is_empty() {
                        sarif::before_result(self.out, self.results == 0)?;
                        self.results += 1;
                    }
                }
                Format::Text | Format::Github => {}
            }
            self.out.write_all(&piece.bytes)?;
            self.written += 1;
            self.counts += piece.counts;
            if let Some(used) = self.used.get_mut(piece.pack) {
                *used = true;
            }
        }
        Ok(())
    }

    /// Writes what is left, the run's `notices` and the summary, and flushes. Returns what the
    /// summary counted.
    pub fn finish(mut self, notices: &[String]) -> io::Result<Totals> {
        self.write_group()?;
        match self.report.format {
            Format::Text => {
                let names = self.report.pack_names(&self.used);
                text::tail(
                    self.out,
                    self.report.color,
                    self.counts,
                    self.scripts,
                    &names,
                    notices,
                )?;
            }
            Format::Json => {
                if self.written == 0 {
                    json::head(self.out)?;
                }
                json::tail(
                    self.out,
                    self.written > 0,
                    self.counts,
                    self.scripts,
                    notices,
                )?;
            }
            Format::Sarif => {
                if self.written == 0 {
                    sarif::head(self.out)?;
                }
                sarif::tail(
                    self.out,
                    &self.report,
                    &self.used,
                    self.results > 0,
                    notices,
                )?;
            }
            Format::Github => github::tail(self.out, notices)?,
        }
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
