//! The end of a report for people, and its colours: the run's notices and the one-line summary
//! that close the text report and `--statistics`, and ANSI paint.

use std::fmt::{self, Display, Write as _};
use std::io::{self, Write};

use super::Summary;

/// `text` in the ANSI colour `code`, when `color` is on.
pub struct Paint<'a, T> {
    color: bool,
    code: &'a str,
    text: T,
}

/// `text` painted in the ANSI colour `code` when `color` is on (`1;32`: bold green).
pub fn paint<T: Display>(color: bool, code: &str, text: T) -> Paint<'_, T> {
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

/// The run's notices and the one-line summary, after the results: `summary` over all of them,
/// `names` the packs that checked something.
pub fn tail(out: &mut dyn Write, color: bool, summary: &Summary, names: &[&str]) -> io::Result<()> {
    let (counts, scripts) = (summary.counts, summary.scripts);
    let mut text = String::with_capacity(256);
    for notice in summary.notices {
        let _ = writeln!(text, "{}: {notice}", paint(color, "1;32", "note"));
    }
    let scripts = plural(scripts, "script");
    let packs = format!(
        "{} `{}`",
        if names.len() == 1 { "pack" } else { "packs" },
        names.join("`, `")
    );
    let mut suppressed = match counts.suppressed {
        0 => String::new(),
        n => format!("; {n} suppressed"),
    };
    if counts.unchanged > 0 {
        let _ = write!(
            suppressed,
            "; {} in the baseline, not shown",
            counts.unchanged
        );
    }
    if counts.total() == 0 {
        let _ = writeln!(text, "No issues in {scripts} ({packs}){suppressed}.");
    } else {
        let _ = writeln!(
            text,
            "Found {} ({}, {}, {} info) in {scripts} ({packs}){suppressed}.",
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
