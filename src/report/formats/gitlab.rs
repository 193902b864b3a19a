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
//! ones; it is the one the JSON report and `--baseline` use ([`crate::report::fingerprint`]).

use std::io::{self, Write};

use serde::Serialize;

use crate::report::fingerprint::{self, Fingerprints};
use crate::report::issue;
use crate::report::pretty;
use crate::report::{Printer, Report, Summary};
use crate::engine::Outcome;
use crate::pack::Severity;

/// The GitLab Code Quality format.
pub struct Gitlab;

impl Printer for Gitlab {
    fn begin(&self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(b"[")
    }

    fn outcome(&self, report: &Report, pack: usize, outcome: &Outcome) -> Vec<u8> {
        let compiled = &report.packs[pack];
        let details = issue::own_details(outcome);
        let mut fingerprints = Fingerprints::default();
        let mut out = Vec::new();
        for issue in issue::reported(compiled, outcome, &details) {
            let check_name = fingerprint::check_name(compiled, &issue);
            let fingerprint = fingerprints.next(&check_name, &issue);
            let path = issue::relative_path(issue.location.path());
            let item = CodeQualityIssue {
                description: issue.message,
                check_name: &check_name,
                fingerprint,
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

