//! The human report, shaped like rustc's and Ruff's diagnostics:
//!
//! ```text
//! warning[missing_owner]: etl_job.py names no owner …
//!   --> scripts/etl_job.py
//!    = note: expected_spec_path: specs/etl_spec.py
//!    = help: Add an owner …
//! ```
//!
//! followed by notices and a one-line summary. Results are rendered on the thread that checked
//! them; the stream writes them in order.

use std::fmt::{self, Display, Write as _};
use std::io::{self, Write};

use super::{Counts, Report};
use crate::engine::Outcome;
use crate::pack::Severity;

/// `text` in the ANSI colour `code`, when `color` is on.
struct Paint<'a, T> {
    color: bool,
    code: &'a str,
    text: T,
}

fn paint<T: Display>(color: bool, code: &str, text: T) -> Paint<'_, T> {
    Paint { color, code, text }
}

impl<T: Display> Display for Paint<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.color {
            write!(f, "\x1b[{}m{}\x1b[0m", self.code, self.text)
        } else {
            self.text.fmt(f)
        }
    }
}

/// One outcome's findings, then its notices.
pub fn outcome(report: &Report, pack_index: usize, outcome: &Outcome) -> String {
    let several = report.packs.len() > 1;
    let color = report.color;
    let pack = &report.packs[pack_index].pack;
    let mut out = String::new();
    for finding in &outcome.findings {
        let rule = &pack.rules[finding.rule];
        let (name, code) = match finding.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
            Severity::Info => ("info", "1;36"),
        };
        let _ = writeln!(
            out,
            "{}: {}",
            paint(color, code, format_args!("{name}[{}]", rule.category)),
            finding.message
        );
        let _ = write!(out, "  {} ", paint(color, "1;34", "-->"));
        let _ = match finding.location.position {
            Some(p) => writeln!(out, "{}:{}:{}", finding.location.path, p.line, p.column),
            None => writeln!(out, "{}", finding.location.path),
        };
        let _ = if several {
            writeln!(
                out,
                "   = rule: {} (pack {}, level {})",
                rule.id, pack.name, pack.levels[rule.level]
            )
        } else {
            writeln!(
                out,
                "   = rule: {} (level {})",
                rule.id, pack.levels[rule.level]
            )
        };
        for (key, value) in finding.details.iter().filter(|(k, _)| k != "script") {
            let _ = writeln!(out, "   = note: {key}: {value}");
        }
        let _ = writeln!(out, "   = help: {}\n", finding.recommendation);
    }
    for notice in &outcome.notices {
        let _ = writeln!(out, "{}: {notice}", paint(color, "1;32", "note"));
    }
    out
}

/// The run's notices and the one-line summary, after the results: `counts` and `scripts` over
/// all of them, `names` the packs that checked something.
pub fn tail(
    out: &mut dyn Write,
    color: bool,
    counts: Counts,
    scripts: usize,
    names: &[&str],
    notices: &[String],
) -> io::Result<()> {
    let mut text = String::with_capacity(256);
    for notice in notices {
        let _ = writeln!(text, "{}: {notice}", paint(color, "1;32", "note"));
    }
    let scripts = plural(scripts, "script");
    let packs = format!(
        "{} `{}`",
        if names.len() == 1 { "pack" } else { "packs" },
        names.join("`, `")
    );
    if counts.total() == 0 {
        let _ = writeln!(text, "No issues in {scripts} ({packs}).");
    } else {
        let _ = writeln!(
            text,
            "Found {} ({}, {}, {} info) in {scripts} ({packs}).",
            plural(counts.total(), "issue"),
            plural(counts.error, "error"),
            plural(counts.warning, "warning"),
            counts.info,
        );
    }
    out.write_all(text.as_bytes())
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
