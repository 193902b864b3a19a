//! GitLab Code Quality: a JSON array with one object per reported issue, which GitLab shows in
//! the merge request widget and diff when a job publishes it as `artifacts:reports:codequality`:
//!
//! ```text
//! [
//!   {
//!     "description": "owner is \"nobody\", which is not a team …",
//!     "check_name": "etl:owner_value",
//!     "fingerprint": "5c0e…",
//!     "severity": "major",
//!     "location": {"path": "scripts/etl_job.py", "lines": {"begin": 11}}
//!   }
//! ]
//! ```
//!
//! `check_name` is `PACK:RULE` (as `rulecheck explain` takes it; rulecheck's own rules are
//! `rulecheck::…`). Severities: INFO → `info`, WARNING → `minor`, ERROR → `major`. An issue
//! about a whole file is on line 1. Suppressed findings and notices are not in the report.
//!
//! The fingerprint identifies an issue across commits, so GitLab can tell new issues from fixed
//! ones: a hash of the check, the file, and what the issue is about — the text of its line and
//! the bytes it points at (not the line number, so it survives lines moving), or the message
//! for an issue about a whole file — and, for issues that are alike in all of that, their
//! order in the file.

use std::io::{self, Write};

use serde::Serialize;

use crate::report::issue::{self, Issue};
use crate::report::pretty;
use crate::report::{Printer, Report, Summary};
use crate::engine::Outcome;
use crate::pack::Severity;
use crate::position;

/// The GitLab Code Quality format.
pub struct Gitlab;

impl Printer for Gitlab {
    fn begin(&self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(b"[")
    }

    fn outcome(&self, report: &Report, pack: usize, outcome: &Outcome) -> Vec<u8> {
        let compiled = &report.packs[pack];
        let details = issue::own_details(outcome);
        let mut seen: Vec<u128> = Vec::new();
        let mut out = Vec::new();
        for issue in issue::reported(compiled, outcome, &details) {
            let check_name = if issue.source == issue::OWN_SOURCE {
                issue.rule.to_owned()
            } else {
                format!("{}:{}", compiled.pack.name, issue.rule)
            };
            let path = issue::relative_path(issue.location.path());
            let about = about(&issue);
            let key = hash_parts(&[check_name.as_bytes(), path.as_bytes(), &about]);
            let repeat = seen.iter().filter(|&&k| k == key).count();
            seen.push(key);
            let fingerprint = hash_parts(&[&key.to_le_bytes(), &repeat.to_le_bytes()]);
            let item = CodeQualityIssue {
                description: issue.message,
                check_name: &check_name,
                fingerprint: format!("{fingerprint:032x}"),
                severity: severity(issue.severity),
                location: CodeQualityLocation {
                    path: &path,
                    lines: Lines {
                        begin: issue.location.start().map_or(1, |p| p.line),
                    },
                },
            };
            if !out.is_empty() {
                out.extend_from_slice(b",\n");
            }
            out.extend_from_slice(b"  ");
            pretty::write_at(&mut out, &item, 1);
        }
        out
    }

    fn separator(&self, first: bool) -> &'static [u8] {
        if first { b"\n" } else { b",\n" }
    }

    fn end(&self, out: &mut dyn Write, _report: &Report, summary: &Summary) -> io::Result<()> {
        out.write_all(if summary.any { b"\n]\n" } else { b"]\n" })
    }
}

/// One issue of the report.
#[derive(Serialize)]
struct CodeQualityIssue<'a> {
    description: &'a str,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: CodeQualityLocation<'a>,
}

/// Where an issue is.
#[derive(Serialize)]
struct CodeQualityLocation<'a> {
    path: &'a str,
    lines: Lines,
}

/// The issue's first line.
#[derive(Serialize)]
struct Lines {
    begin: usize,
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Info => "info",
        Severity::Warning => "minor",
        Severity::Error => "major",
    }
}

/// What an issue is about, for its fingerprint: its line's text (trimmed) and the bytes it
/// points at, or its message when it is about the whole file.
fn about(issue: &Issue) -> Vec<u8> {
    let Some(range) = issue.location.range.clone() else {
        return issue.message.as_bytes().to_vec();
    };
    let bytes = &issue.location.text.bytes;
    let (start, end) = (range.start.min(bytes.len()), range.end.min(bytes.len()));
    let mut about = position::line_of(bytes, start).trim_ascii().to_vec();
    about.push(0);
    about.extend_from_slice(&bytes[start..end.max(start)]);
    about
}

/// The hash of `parts`, each followed by a 0xff byte (which UTF-8 text never holds).
fn hash_parts(parts: &[&[u8]]) -> u128 {
    fnv1a(parts.iter().flat_map(|part| part.iter().copied().chain([0xff])))
}

/// The 128-bit FNV-1a hash of `bytes`: stable across platforms and versions, unlike the
/// standard library's hasher.
fn fnv1a(bytes: impl IntoIterator<Item = u8>) -> u128 {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    bytes.into_iter().fold(OFFSET, |hash, byte| {
        (hash ^ u128::from(byte)).wrapping_mul(PRIME)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Location, SourceText};

    #[test]
    fn fnv1a_gives_the_reference_values() {
        assert_eq!(fnv1a(*b""), 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d);
        assert_eq!(fnv1a(*b"a"), 0xd228_cb69_6f1a_8caf_7891_2b70_4e4a_8964);
    }

    #[test]
    fn what_an_issue_is_about_ignores_its_line_number() {
        let early = SourceText::new("s.py".into(), b"f(x='Pending')\n".to_vec());
        let late = SourceText::new("s.py".into(), b"\n\n  f(x='Pending')\n".to_vec());
        let at = |text: &std::sync::Arc<SourceText>| {
            let start = text.bytes.iter().position(|&b| b == b'\'').unwrap_or(0);
            Location::at(text, start..start + 9)
        };
        let (early, late) = (at(&early), at(&late));
        assert_eq!(about_at(&early), about_at(&late));
        assert_ne!(early.start(), late.start());
    }

    /// [`about`] for a location, with a fixed message.
    fn about_at(location: &Location) -> Vec<u8> {
        let details = Vec::new();
        let issue = Issue {
            severity: Severity::Error,
            category: "c",
            rule: "r",
            level: "l",
            step_type: "s",
            source: "x",
            message: "m",
            recommendation: "r",
            details: &details,
            location,
            related: &[],
            fix: None,
        };
        about(&issue)
    }
}
