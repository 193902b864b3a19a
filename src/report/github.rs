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

use super::Report;
use super::issue::{self, Issue};
use crate::engine::Outcome;
use crate::pack::Severity;

/// One outcome's annotations.
pub fn outcome(report: &Report, pack_index: usize, outcome: &Outcome) -> String {
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

/// After the annotations: the run's notices.
pub fn tail(out: &mut dyn Write, notices: &[String]) -> io::Result<()> {
    let mut text = String::new();
    for notice in notices {
        let _ = writeln!(text, "note: {notice}");
    }
    out.write_all(text.as_bytes())
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
    format!("::{name} {properties}::{}", data(issue.message))
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
