//! GitHub Actions workflow commands: one annotation per reported issue,
//!
//! ```text
//! ::error file=scripts/etl.py,line=3,col=9,title=owner_value::etl.py names no owner …
//! ```
//!
//! `::error`, `::warning` or `::notice` for ERROR, WARNING or INFO; an issue about the whole
//! file has no `line` or `col`. Messages and property values are escaped as the Actions toolkit
//! does. The run's notices follow as plain log lines; there is no summary.

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::report::issue::{self, Issue};
use crate::report::{Printer, Report, Summary};
use crate::engine::Outcome;
use crate::pack::Severity;

/// The GitHub annotations format.
pub struct Github;

impl Printer for Github {
    fn outcome(&self, report: &Report, pack: usize, outcome: &Outcome) -> Vec<u8> {
        annotations(report, pack, outcome).into_bytes()
    }

    fn end(&self, out: &mut dyn Write, _report: &Report, summary: &Summary) -> io::Result<()> {
        let mut text = String::new();
        for notice in summary.notices {
            let _ = writeln!(text, "note: {notice}");
        }
        out.write_all(text.as_bytes())
    }
}

/// One outcome's annotations.
fn annotations(report: &Report, pack_index: usize, outcome: &Outcome) -> String {
    let compiled = &report.packs[pack_index];
    let details = issue::own_details(outcome);
    let mut out = String::new();
    for issue in issue::reported(compiled, outcome, &details) {
        out.push_str(&command(&issue));
        out.push('\n');
    }
    for notice in &outcome.notices {
        let _ = writeln!(out, "note: {notice}");
    }
    out
}

/// The workflow command for one issue.
fn command(issue: &Issue) -> String {
    let name = match issue.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut properties = format!(
        "file={}",
        property(&issue::relative_path(issue.location.path()))
    );
    if let Some(position) = issue.location.start() {
        let _ = write!(
            properties,
            ",line={},col={}",
            position.line, position.column
        );
    }
    let _ = write!(properties, ",title={}", property(issue.rule));
    // The annotation is all a reader sees: the notes of related places go with the message.
    let mut message = issue.message.to_owned();
    for related in issue.related.iter().filter(|r| r.note.is_some()) {
        let line = related.location.start().map(|p| p.line);
        let note = related.note.as_deref().unwrap_or_default();
        let _ = match line {
            Some(line) => write!(message, "\n{}:{line}: {note}", related.location.path()),
            None => write!(message, "\n{}: {note}", related.location.path()),
        };
    }
    format!("::{name} {properties}::{}", data(&message))
}

/// A message, escaped: `%`, CR and LF.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value, escaped: as a message, and `:` and `,`.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_and_properties_are_escaped_as_the_toolkit_does() {
        assert_eq!(data("100% done\r\nnext"), "100%25 done%0D%0Anext");
        assert_eq!(property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
