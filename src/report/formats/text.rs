//! The human report, shaped like rustc's and Ruff's diagnostics:
//!
//! ```text
//! warning[missing_owner]: etl_job.py names no owner …
//!   --> scripts/etl_job.py
//!    = see: specs/etl_spec.py   (another file the finding involves, when there is one)
//!    = note: expected_spec_path: specs/etl_spec.py
//!    = fix: Replace `Aproved` with `Approved` (safe: --fix applies it)   (when it has one)
//!    = help: Add an owner …
//! ```
//!
//! followed by notices and a one-line summary (which says how many findings were suppressed).
//! Results are rendered on the thread that checked them; the stream writes them in order.

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::report::tail::{paint, tail};
use crate::report::{Printer, Report, Summary, issue};
use crate::engine::Outcome;
use crate::pack::Severity;
use crate::pack::model::Applicability;

/// The text format.
pub struct Text;

impl Printer for Text {
    fn outcome(&self, report: &Report, pack: usize, outcome: &Outcome) -> Vec<u8> {
        render(report, pack, outcome).into_bytes()
    }

    fn end(&self, out: &mut dyn Write, report: &Report, summary: &Summary) -> io::Result<()> {
        tail(out, report.color, summary, &report.pack_names(summary.used))
    }
}

/// One outcome's issues (its findings, then rulecheck's own), then its notices.
fn render(report: &Report, pack_index: usize, outcome: &Outcome) -> String {
    let several = report.in_play.len() > 1;
    let color = report.color;
    let compiled = &report.packs[pack_index];
    let details = issue::own_details(outcome);
    let mut out = String::new();
    for issue in issue::reported(compiled, outcome, &details) {
        let (name, code) = match issue.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
            Severity::Info => ("info", "1;36"),
        };
        let _ = writeln!(
            out,
            "{}: {}",
            paint(color, code, format_args!("{name}[{}]", issue.category)),
            issue.message
        );
        let _ = write!(out, "  {} ", paint(color, "1;34", "-->"));
        let _ = match issue.location.start() {
            Some(p) => writeln!(out, "{}:{}:{}", issue.location.path(), p.line, p.column),
            None => writeln!(out, "{}", issue.location.path()),
        };
        for related in issue.related {
            let place = &related.location;
            let _ = write!(out, "   = see: {}", place.path());
            if let Some(p) = place.start() {
                let _ = write!(out, ":{}:{}", p.line, p.column);
            }
            let _ = match &related.note {
                Some(note) => writeln!(out, ": {note}"),
                None => writeln!(out),
            };
        }
        let _ = if several {
            writeln!(
                out,
                "   = rule: {} (pack {}, level {})",
                issue.rule, compiled.pack.name, issue.level
            )
        } else {
            writeln!(out, "   = rule: {} (level {})", issue.rule, issue.level)
        };
        for (key, value) in issue.details.iter().filter(|(k, _)| k != "script") {
            let _ = writeln!(out, "   = note: {key}: {value}");
        }
        if let Some(fix) = issue.fix {
            let _ = match fix.applicability {
                Applicability::Safe => writeln!(out, "   = fix: {} (safe: --fix applies it)", fix.title),
                Applicability::Unsafe => writeln!(
                    out,
                    "   = fix: {} (unsafe: --fix --unsafe-fixes applies it)",
                    fix.title
                ),
            };
        }
        let _ = writeln!(out, "   = help: {}\n", issue.recommendation);
    }
    for notice in &outcome.notices {
        let _ = writeln!(out, "{}: {notice}", paint(color, "1;32", "note"));
    }
    out
}
