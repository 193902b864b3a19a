//! One outcome as the report's files list shows it: a `<details>` block for the file and pack,
//! its summary line counting the findings, and a table of them — line, severity, rule, message,
//! recommendation and the source line — suppressed findings included with their reason. A file
//! with nothing to show is one line, listed only on request (`.clean`).
//!
//! Rows carry what the filters read: `data-sev` (`ERROR`, `WARNING`, `INFO` or `suppressed`),
//! `data-rule` (`PACK:RULE`); blocks carry `data-pack`.

use std::io::Write as _;

use super::markup::{badge, escape};
use crate::engine::outcome::{Location, Suppressed, SuppressedBy};
use crate::engine::{CompiledPack, Outcome};
use crate::position;
use crate::report::Counts;
use crate::report::issue::{self, Issue};

/// The widest source line shown whole, in characters; a longer one is cut with `…`.
const SOURCE_WIDTH: usize = 200;

/// The block of one outcome of `compiled`'s pack.
pub fn block(compiled: &CompiledPack, outcome: &Outcome) -> Vec<u8> {
    let pack = compiled.pack.name.as_str();
    let path = issue::relative_path(outcome.path());
    let counts = Counts::of(outcome);
    let mut out = Vec::with_capacity(512);
    if counts.total() == 0 && counts.suppressed == 0 {
        heading(&mut out, b"<div class=\"file clean\"", b"", pack, &path);
        out.extend_from_slice(b" no findings</div>\n");
        return out;
    }
    heading(&mut out, b"<details class=\"file\"", b"<summary>", pack, &path);
    for (class, n) in [
        ("e", counts.error),
        ("w", counts.warning),
        ("i", counts.info),
        ("s", counts.suppressed),
    ] {
        if n > 0 {
            let _ = write!(out, " <span class=\"n {class}\">{n}</span>");
        }
    }
    out.extend_from_slice(
        b"</summary>\n<table class=\"findings\"><thead><tr><th>Line</th><th>Severity</th>\
          <th>Rule</th><th>Finding</th></tr></thead><tbody>\n",
    );
    let details = issue::own_details(outcome);
    for issue in issue::reported(compiled, outcome, &details) {
        row(&mut out, pack, &issue, None);
    }
    for suppressed in &outcome.suppressed {
        let issue = Issue::of(compiled, &suppressed.finding);
        row(&mut out, pack, &issue, Some(suppressed));
    }
    out.extend_from_slice(b"</tbody></table></details>\n");
    out
}

/// A file block's opening tag `open` (its `data-pack` added), then `inside` and the path and
/// pack the block is about.
fn heading(out: &mut Vec<u8>, open: &[u8], inside: &[u8], pack: &str, path: &str) {
    out.extend_from_slice(open);
    out.extend_from_slice(b" data-pack=\"");
    escape(out, pack);
    out.extend_from_slice(b"\">");
    out.extend_from_slice(inside);
    out.extend_from_slice(b"<code>");
    escape(out, path);
    out.extend_from_slice(b"</code> <span class=\"pack\">");
    escape(out, pack);
    out.extend_from_slice(b"</span>");
}

/// One finding's row; a suppressed one says what suppressed it and why.
fn row(out: &mut Vec<u8>, pack: &str, issue: &Issue, suppressed: Option<&Suppressed>) {
    let severity = issue.severity.as_str();
    let (class, sev) = match suppressed {
        Some(_) => (" class=\"supp\"", "suppressed"),
        None => ("", severity),
    };
    let _ = write!(out, "<tr{class} data-sev=\"{sev}\" data-rule=\"");
    rule_key(out, pack, issue);
    out.extend_from_slice(b"\"><td class=\"line\">");
    if let Some(start) = issue.location.start() {
        let _ = write!(out, "{}", start.line);
    }
    out.extend_from_slice(b"</td><td>");
    badge(out, issue.severity);
    out.extend_from_slice(b"</td><td><code>");
    escape(out, issue.rule);
    out.extend_from_slice(b"</code><br><span class=\"lvl\">");
    escape(out, issue.level);
    out.extend_from_slice(b"</span></td><td>");
    escape(out, issue.message);
    if !issue.recommendation.is_empty() {
        out.extend_from_slice(b"<div class=\"rec\">");
        escape(out, issue.recommendation);
        out.extend_from_slice(b"</div>");
    }
    source_line(out, issue.location);
    if let Some(suppressed) = suppressed {
        out.extend_from_slice(b"<div class=\"why\">suppressed by ");
        by(out, suppressed);
        out.extend_from_slice(b": ");
        escape(out, &suppressed.reason);
        out.extend_from_slice(b"</div>");
    }
    out.extend_from_slice(b"</td></tr>\n");
}

/// `PACK:RULE`, as `rulecheck explain` names a rule (rulecheck's own rules are named alone).
pub fn rule_key(out: &mut Vec<u8>, pack: &str, issue: &Issue) {
    if issue.source != issue::OWN_SOURCE {
        escape(out, pack);
        out.push(b':');
    }
    escape(out, issue.rule);
}

/// What suppressed a finding: `# rulecheck: ignore` on line N, or the configuration's entry.
pub fn by(out: &mut Vec<u8>, suppressed: &Suppressed) {
    match &suppressed.by {
        SuppressedBy::Comment { line, file_wide } => {
            let directive = if *file_wide { "ignore-file" } else { "ignore" };
            let _ = write!(out, "<code># rulecheck: {directive}</code> on line {line}");
        }
        SuppressedBy::Config { file, line } => {
            out.extend_from_slice(b"<code>per-file-ignores</code> in <code>");
            escape(out, file);
            let _ = write!(out, ":{line}</code>");
        }
    }
}

/// The source line a finding points at, cut to [`SOURCE_WIDTH`] characters; nothing for a
/// finding about the whole file.
fn source_line(out: &mut Vec<u8>, location: &Location) {
    let Some(range) = &location.range else {
        return;
    };
    let line = String::from_utf8_lossy(position::line_of(&location.text.bytes, range.start));
    let line = line.trim_end();
    if line.trim().is_empty() {
        return;
    }
    out.extend_from_slice(b"<pre class=\"src\">");
    if line.chars().count() > SOURCE_WIDTH {
        let cut: String = line.chars().take(SOURCE_WIDTH).collect();
        escape(out, &cut);
        out.extend_from_slice("…".as_bytes());
    } else {
        escape(out, line);
    }
    out.extend_from_slice(b"</pre>");
}

/// The rows of the audit table for an outcome's suppressed findings: where, which rule, what
/// was found, what suppressed it and the reason given.
pub fn audit_rows(compiled: &CompiledPack, outcome: &Outcome) -> Vec<u8> {
    let mut out = Vec::new();
    let pack = compiled.pack.name.as_str();
    for suppressed in &outcome.suppressed {
        let issue = Issue::of(compiled, &suppressed.finding);
        out.extend_from_slice(b"<tr><td><code>");
        escape(&mut out, &issue::relative_path(outcome.path()));
        if let Some(start) = issue.location.start() {
            let _ = write!(out, ":{}", start.line);
        }
        out.extend_from_slice(b"</code></td><td><code>");
        rule_key(&mut out, pack, &issue);
        out.extend_from_slice(b"</code></td><td>");
        badge(&mut out, issue.severity);
        out.extend_from_slice(b"</td><td>");
        escape(&mut out, issue.message);
        out.extend_from_slice(b"</td><td>");
        by(&mut out, suppressed);
        out.extend_from_slice(b"</td><td>");
        escape(&mut out, &suppressed.reason);
        out.extend_from_slice(b"</td></tr>\n");
    }
    out
}
