//! The human report, shaped like rustc's and Ruff's diagnostics:
//!
//! ```text
//! warning[missing_owner]: etl_job.py names no owner …
//!   --> scripts/etl_job.py
//!    = note: expected_spec_path: specs/etl_spec.py
//!    = help: Add an owner …
//! ```
//!
//! followed by notices and a one-line summary.

use std::fmt::Write as _;

use super::{Counts, Report};
use crate::check::Location;
use crate::pack::Severity;

/// Whether to use ANSI colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Colours on.
    pub color: bool,
}

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

/// The whole report as text.
pub fn render(report: &Report, style: Style) -> String {
    let several = report.packs.len() > 1;
    let mut out = String::new();
    for (pack_index, outcome) in report.outcomes {
        let pack = &report.packs[*pack_index].pack;
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
                style.paint(code, &format!("{name}[{}]", rule.category)),
                finding.message
            );
            let _ = writeln!(
                out,
                "  {} {}",
                style.paint("1;34", "-->"),
                location(&finding.location)
            );
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
            let _ = writeln!(out, "{}: {notice}", style.paint("1;32", "note"));
        }
    }
    for notice in report.notices {
        let _ = writeln!(out, "{}: {notice}", style.paint("1;32", "note"));
    }
    let counts = Counts::of(report.outcomes);
    let scripts = plural(report.scripts(), "script");
    let names = report.pack_names();
    let packs = format!(
        "{} `{}`",
        if names.len() == 1 { "pack" } else { "packs" },
        names.join("`, `")
    );
    if counts.total() == 0 {
        let _ = writeln!(out, "No issues in {scripts} ({packs}).");
    } else {
        let _ = writeln!(
            out,
            "Found {} ({} error, {} warning, {} info) in {scripts} ({packs}).",
            plural(counts.total(), "issue"),
            counts.error,
            counts.warning,
            counts.info,
        );
    }
    out
}

fn location(location: &Location) -> String {
    match location.position {
        Some(p) => format!("{}:{}:{}", location.path, p.line, p.column),
        None => location.path.clone(),
    }
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
