//! `--baseline`: a previous JSON report whose issues are known. Each issue of this run is
//! matched one-to-one against the baseline's issues of the same result (the script's path and
//! the pack), by file, check (`PACK:RULE`) and [fingerprint]: a match is
//! `unchanged`, the rest are `new`, and the baseline's issues left unmatched are `absent`
//! (fixed). Reports show the new issues only (SARIF shows all three, with `baselineState`), and
//! only new issues count for `--fail-on`.

use std::collections::HashMap;
use std::io;
use std::path::Path;

use serde::Deserialize;

use crate::bounded::{self, Bounded};
use crate::engine::{CompiledPack, Outcome};
use crate::error::{Error, Result};
use crate::pack::Severity;
use crate::report::existing::MAX_EXISTING_BYTES;
use crate::report::fingerprint::{self, Fingerprints};
use crate::report::issue::{self, OWN_SOURCE};

/// The issues of a baseline report, by result: the script's path (relative, as
/// [`issue::relative_path`] gives it) and the pack's name.
#[derive(Debug, Default)]
pub struct Baseline {
    results: HashMap<(String, String), Vec<Known>>,
}

/// One issue of the baseline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    /// The rule id (`rulecheck::…` for rulecheck's own).
    pub rule: String,
    /// Whether it is rulecheck's own issue rather than the pack's.
    pub own: bool,
    /// `PACK:RULE`, or the rule for rulecheck's own.
    pub check: String,
    /// Its severity.
    pub severity: Severity,
    /// What was found.
    pub message: String,
    /// The file it is about, relative.
    pub path: String,
    /// Its line and column, when it points inside the file.
    pub position: Option<(usize, usize)>,
    /// Its fingerprint.
    pub fingerprint: String,
}

/// What `--baseline` reads of a JSON report.
#[derive(Deserialize)]
struct ReportFile {
    version: String,
    results: Vec<ResultFile>,
}

#[derive(Deserialize)]
struct ResultFile {
    path: String,
    pack: String,
    additional_issues: Vec<IssueFile>,
}

#[derive(Deserialize)]
struct IssueFile {
    severity: Severity,
    message: String,
    rule: String,
    source: String,
    location: PlaceFile,
    fingerprint: Option<String>,
}

#[derive(Deserialize)]
struct PlaceFile {
    path: String,
    line: Option<usize>,
    column: Option<usize>,
}

impl Baseline {
    /// Reads the JSON report at `path` (at most as large as an `--existing` file).
    pub fn load(path: &Path) -> Result<Baseline> {
        let io_error = |source: io::Error| Error::Io {
            path: path.to_owned(),
            source,
            help: "check the path given to --baseline",
        };
        match bounded::read_file(path, MAX_EXISTING_BYTES).map_err(io_error)? {
            Bounded::Read(bytes) => Baseline::parse(&bounded::utf8(bytes).map_err(io_error)?, path),
            Bounded::Over(_) => Err(Error::Baseline {
                path: path.to_owned(),
                message: format!("it holds more than {MAX_EXISTING_BYTES} bytes (1 GiB)"),
            }),
        }
    }

    /// Reads the text of a JSON report; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Baseline> {
        let bad = |message: String| Error::Baseline {
            path: path.to_owned(),
            message,
        };
        let report: ReportFile = serde_json::from_str(text).map_err(|e| bad(e.to_string()))?;
        let mut baseline = Baseline::default();
        for result in report.results {
            let key = (issue::relative_path(&result.path), result.pack);
            let mut known = Vec::with_capacity(result.additional_issues.len());
            for (index, issue) in result.additional_issues.into_iter().enumerate() {
                let fingerprint = issue.fingerprint.ok_or_else(|| {
                    bad(format!(
                        "issue {} of `{}` has no `fingerprint`: the report was written by \
                         rulecheck {}, before reports carried them; write the baseline again",
                        index + 1,
                        key.0,
                        report.version
                    ))
                })?;
                let own = issue.source == OWN_SOURCE;
                known.push(Known {
                    check: if own {
                        issue.rule.clone()
                    } else {
                        format!("{}:{}", key.1, issue.rule)
                    },
                    rule: issue.rule,
                    own,
                    severity: issue.severity,
                    message: issue.message,
                    path: issue::relative_path(&issue.location.path),
                    position: issue.location.line.zip(issue.location.column),
                    fingerprint,
                });
            }
            baseline.results.entry(key).or_default().extend(known);
        }
        Ok(baseline)
    }

    /// Sorts the issues of `outcome`, checked by `compiled`'s pack, against the baseline.
    pub fn triage(&self, compiled: &CompiledPack, outcome: &Outcome) -> Triage<'_> {
        let key = (
            issue::relative_path(outcome.path()),
            compiled.pack.name.clone(),
        );
        let known = self.results.get(&key).map_or(&[][..], Vec::as_slice);
        let mut matched = vec![false; known.len()];
        let mut fingerprints = Fingerprints::default();
        let details = issue::own_details(outcome);
        let unchanged: Vec<bool> = issue::reported(compiled, outcome, &details)
            .map(|issue| {
                let check = fingerprint::check_name(compiled, &issue);
                let fingerprint = fingerprints.next(&check, &issue);
                let path = issue::relative_path(issue.location.path());
                let found = known.iter().zip(&matched).position(|(k, &taken)| {
                    !taken && k.fingerprint == fingerprint && k.check == check && k.path == path
                });
                found.inspect(|&i| matched[i] = true).is_some()
            })
            .collect();
        let absent = known
            .iter()
            .zip(&matched)
            .filter(|(_, taken)| !**taken)
            .map(|(k, _)| k)
            .collect();
        let mut new = outcome.clone();
        let mut keep = unchanged.iter().map(|&u| !u);
        new.findings.retain(|_| keep.next().unwrap_or(true));
        new.suppression_issues
            .retain(|_| keep.next().unwrap_or(true));
        Triage {
            unchanged,
            absent,
            new,
        }
    }
}

/// One outcome's issues sorted against a [`Baseline`].
#[derive(Debug)]
pub struct Triage<'a> {
    /// By issue, in the order [`issue::reported`] gives them: whether the baseline has it.
    pub unchanged: Vec<bool>,
    /// The baseline's issues of this result that this run did not find.
    pub absent: Vec<&'a Known>,
    /// The outcome with its new issues only.
    pub new: Outcome,
}

impl Triage<'_> {
    /// How many issues the baseline has already.
    pub fn unchanged_count(&self) -> usize {
        self.unchanged.iter().filter(|&&u| u).count()
    }
}
