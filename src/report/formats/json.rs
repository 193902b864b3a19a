//! The JSON report: `{"version", "results": [...], "summary"}` with one result per script in the
//! shape of cursus's `enhance_validation` (`script`, `step_type`, `validation_levels`,
//! `additional_issues`, `enhanced_results`), plus the evidence for each rule in `patterns`, and
//! the suppressed findings in `suppressed` when there are some.
//!
//! Each result is serialized from borrowing structs straight into bytes, pretty-printed at its
//! depth in the document (see `pretty.rs`): no `serde_json::Value` tree is built.

use std::io::{self, Write};

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::report::existing::Enhanced;
use crate::report::fingerprint::{self, Fingerprints};
use crate::report::issue::{self, Issue as View};
use crate::report::pretty;
use crate::report::{Printer, Report, Summary};
use crate::engine::fix::Fix;
use crate::engine::outcome::{CallsFound, Related, Suppressed, SuppressedBy};
use crate::position::Columns;
use crate::engine::{CompiledPack, Evidence, Location, NotCounted, Outcome};

/// The JSON format.
pub struct Json;

impl Printer for Json {
    /// The document's opening, up to the `results` array.
    fn begin(&self, out: &mut dyn Write) -> io::Result<()> {
        write!(
            out,
            "{{\n  \"version\": \"{}\",\n  \"results\": ",
            env!("CARGO_PKG_VERSION")
        )
    }

    fn outcome(&self, report: &Report, pack: usize, outcome: &Outcome) -> Vec<u8> {
        result(report, pack, outcome)
    }

    /// The array's opening, or the comma after the previous result.
    fn separator(&self, first: bool) -> &'static [u8] {
        if first { b"[\n" } else { b",\n" }
    }

    /// The end of the `results` array, the summary and the closing brace.
    fn end(&self, out: &mut dyn Write, _report: &Report, totals: &Summary) -> io::Result<()> {
        let counts = totals.counts;
        out.write_all(if totals.any { b"\n  ]" } else { b"[]" })?;
        let summary = SummaryJson {
            scripts: totals.scripts,
            total_issues: counts.total(),
            error_count: counts.error,
            warning_count: counts.warning,
            info_count: counts.info,
            suppressed_count: (counts.suppressed > 0).then_some(counts.suppressed),
            unchanged_count: (counts.unchanged > 0).then_some(counts.unchanged),
            notices: (!totals.notices.is_empty()).then_some(totals.notices),
        };
        let mut bytes = b",\n  \"summary\": ".to_vec();
        pretty::write_at(&mut bytes, &summary, 1);
        bytes.extend_from_slice(b"\n}\n");
        out.write_all(&bytes)
    }
}

/// One result, pretty-printed and indented to sit in the document's `results` array.
fn result(report: &Report, pack_index: usize, outcome: &Outcome) -> Vec<u8> {
    let compiled = &report.packs[pack_index];
    let pack = &compiled.pack;
    let levels_run: Vec<&str> = pack
        .levels
        .iter()
        .enumerate()
        .filter(|(i, _)| report.ran(pack_index, *i))
        .map(|(_, name)| name.as_str())
        .collect();
    let details = issue::own_details(outcome);
    let mut fingerprints = Fingerprints::default();
    let issues: Vec<IssueJson> = issue::reported(compiled, outcome, &details)
        .map(|view| {
            let fingerprint = fingerprints.next(&fingerprint::check_name(compiled, &view), &view);
            IssueJson::new(&view, Some(fingerprint))
        })
        .collect();
    let severities = issues.iter().map(|i| i.severity);
    // Only when there are some, so results without suppressions keep their exact shape.
    let suppressed: Option<Vec<SuppressedIssue>> = (!outcome.suppressed.is_empty()).then(|| {
        outcome
            .suppressed
            .iter()
            .map(|s| SuppressedIssue::new(compiled, s))
            .collect()
    });
    let result = ScriptResult {
        script: &outcome.script,
        path: outcome.path(),
        pack: &pack.name,
        step_type: &pack.step_type,
        validation_levels: &pack.levels,
        levels_run,
        enhanced_results: Enhanced::new(report.existing, &issues, severities),
        additional_issues: &issues,
        suppressed: suppressed.as_deref(),
        patterns: Patterns { compiled, outcome },
        calls: CallsJson(&outcome.calls),
        notices: &outcome.notices,
    };
    let mut out = Vec::with_capacity(4096);
    out.extend_from_slice(b"    ");
    pretty::write_at(&mut out, &result, 2);
    out
}

/// The run's summary.
#[derive(Serialize)]
struct SummaryJson<'a> {
    scripts: usize,
    total_issues: usize,
    error_count: usize,
    warning_count: usize,
    info_count: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressed_count: Option<usize>,
    /// With `--baseline`: the issues it has already, not reported.
    #[serde(skip_serializing_if = "Option::is_none")]
    unchanged_count: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    notices: Option<&'a [String]>,
}

/// One script's result.
#[derive(Serialize)]
struct ScriptResult<'a> {
    script: &'a str,
    path: &'a str,
    pack: &'a str,
    step_type: &'a str,
    validation_levels: &'a [String],
    levels_run: Vec<&'a str>,
    enhanced_results: Enhanced<'a, IssueJson<'a>>,
    additional_issues: &'a [IssueJson<'a>],
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressed: Option<&'a [SuppressedIssue<'a>]>,
    patterns: Patterns<'a>,
    #[serde(skip_serializing_if = "CallsJson::is_empty")]
    calls: CallsJson<'a>,
    notices: &'a [String],
}

/// One issue in cursus's shape, with the rule id, level and a location added.
#[derive(Serialize)]
pub struct IssueJson<'a> {
    severity: &'static str,
    category: &'a str,
    message: &'a str,
    recommendation: &'a str,
    step_type: &'a str,
    source: &'a str,
    level: &'a str,
    rule: &'a str,
    details: Details<'a>,
    location: Place<'a>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    related: &'a [Related],
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<FixJson<'a>>,
    /// What `--baseline` matches it by (as GitLab's fingerprint); not on suppressed findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    fingerprint: Option<String>,
}

impl<'a> IssueJson<'a> {
    fn new(view: &View<'a>, fingerprint: Option<String>) -> IssueJson<'a> {
        IssueJson {
            severity: view.severity.as_str(),
            category: view.category,
            message: view.message,
            recommendation: view.recommendation,
            step_type: view.step_type,
            source: view.source,
            level: view.level,
            rule: view.rule,
            details: Details(view.details),
            location: Place(view.location),
            related: view.related,
            fix: view.fix.map(|fix| FixJson {
                fix,
                file: view.location,
            }),
            fingerprint,
        }
    }
}

/// A finding's fix: its `title`, `applicability` (`safe` or `unsafe`) and `edits`, each the
/// `content` that replaces the text from `start` to `end` (`line` and `column`, the end being
/// the character after the replaced text).
struct FixJson<'a> {
    fix: &'a Fix,
    /// The file the edits are in.
    file: &'a Location,
}

impl Serialize for FixJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let edits: Vec<serde_json::Value> = self
            .fix
            .edits
            .iter()
            .map(|edit| {
                let start = self.file.text.position(edit.range.start, Columns::Chars);
                let end = self.file.text.position(edit.range.end, Columns::Chars);
                serde_json::json!({
                    "start": {"line": start.line, "column": start.column},
                    "end": {"line": end.line, "column": end.column},
                    "content": edit.content,
                })
            })
            .collect();
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("title", &self.fix.title)?;
        map.serialize_entry("applicability", self.fix.applicability.name())?;
        map.serialize_entry("edits", &edits)?;
        map.end()
    }
}

/// A suppressed finding: the issue, then the suppression's `reason`, `line` and `kind`
/// (`ignore`, `ignore-file`, or `per-file-ignores`, whose `line` is in the configuration `file`).
#[derive(Serialize)]
struct SuppressedIssue<'a> {
    #[serde(flatten)]
    issue: IssueJson<'a>,
    reason: &'a str,
    line: usize,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
}

impl<'a> SuppressedIssue<'a> {
    fn new(compiled: &'a CompiledPack, suppressed: &'a Suppressed) -> SuppressedIssue<'a> {
        let issue = IssueJson::new(&View::of(compiled, &suppressed.finding), None);
        let (line, kind, file) = match &suppressed.by {
            SuppressedBy::Comment { line, file_wide } => {
                let kind = if *file_wide { "ignore-file" } else { "ignore" };
                (*line, kind, None)
            }
            SuppressedBy::Config { file, line } => (*line, "per-file-ignores", Some(file.as_str())),
        };
        SuppressedIssue {
            issue,
            reason: &suppressed.reason,
            line,
            kind,
            file,
        }
    }
}

/// A finding's details as an object, in their order (the pack guarantees distinct keys).
struct Details<'a>(&'a [(String, String)]);

impl Serialize for Details<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// A location: `path`, and `line` and `column` when it points inside the file.
struct Place<'a>(&'a Location);

impl Serialize for Place<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let position = self.0.start();
        let mut map = serializer.serialize_map(Some(1 + 2 * usize::from(position.is_some())))?;
        map.serialize_entry("path", self.0.path())?;
        if let Some(position) = position {
            map.serialize_entry("line", &position.line)?;
            map.serialize_entry("column", &position.column)?;
        }
        map.end()
    }
}

impl Serialize for Related {
    /// The place's `path`, `line` and `column`, and its `note` when it has one.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("path", self.location.path())?;
        if let Some(position) = self.location.start() {
            map.serialize_entry("line", &position.line)?;
            map.serialize_entry("column", &position.column)?;
        }
        if let Some(note) = &self.note {
            map.serialize_entry("note", note)?;
        }
        map.end()
    }
}

/// The calls of the sets `per = "call"` rules judged, by set id: each call's `callee`, `line`
/// and `column` (an empty list: the file makes no such call).
struct CallsJson<'a>(&'a [CallsFound]);

impl CallsJson<'_> {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for CallsJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|found| {
            let calls: Vec<_> = found
                .calls
                .iter()
                .map(|(callee, location)| {
                    let at = location.start();
                    serde_json::json!({
                        "callee": callee,
                        "line": at.map(|p| p.line),
                        "column": at.map(|p| p.column),
                    })
                })
                .collect();
            (&found.set, calls)
        }))
    }
}

/// Per rule that ran, by rule id: whether it was satisfied, and the evidence.
struct Patterns<'a> {
    compiled: &'a CompiledPack,
    outcome: &'a Outcome,
}

impl Serialize for Patterns<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let rules = &self.compiled.pack.rules;
        serializer.collect_map(self.outcome.evidence.iter().map(|status| {
            let rule = &rules[status.rule];
            let pattern = Pattern {
                evidence: &status.evidence,
                category: &rule.category,
                description: &rule.description,
                not_counted: &status.not_counted,
            };
            (&rule.id, pattern)
        }))
    }
}

/// One `patterns` entry: `status`, `category`, `description`, then the evidence's own keys,
/// and for a rule that fired, the occurrences of its keywords that did not count.
struct Pattern<'a> {
    evidence: &'a Evidence,
    category: &'a str,
    description: &'a str,
    not_counted: &'a [NotCounted],
}

impl Serialize for Pattern<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let status = match self.evidence {
            Evidence::Keyword { .. } | Evidence::File { .. } => "found",
            Evidence::Missing => "missing",
            Evidence::Skipped => "skipped",
            Evidence::Calls { checked: 0, .. } | Evidence::Values { checked: 0, .. } => "absent",
            // As cursus reports a pattern: found when some call of the file has it; the calls
            // without it are `violations` (each a finding).
            Evidence::Calls {
                checked,
                violations,
                ..
            } if violations < checked => "found",
            Evidence::Calls { .. } => "missing",
            Evidence::Values { violations: 0, .. } => "valid",
            Evidence::Values { .. } => "invalid",
            Evidence::Compared { differences: 0, .. } => "matched",
            Evidence::Compared { .. } => "differ",
        };
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("status", status)?;
        map.serialize_entry("category", self.category)?;
        map.serialize_entry("description", self.description)?;
        match self.evidence {
            Evidence::Keyword { keyword, location } => {
                map.serialize_entry("keyword", keyword)?;
                map.serialize_entry("location", &Place(location))?;
            }
            Evidence::File { path } => map.serialize_entry("path", path)?,
            Evidence::Missing | Evidence::Skipped => {}
            Evidence::Values {
                checked,
                violations,
            } => {
                map.serialize_entry("checked", checked)?;
                map.serialize_entry("violations", violations)?;
            }
            Evidence::Calls {
                checked,
                violations,
                first,
            } => {
                if let Some((keyword, location)) = first {
                    map.serialize_entry("keyword", keyword)?;
                    map.serialize_entry("location", &Place(location))?;
                }
                map.serialize_entry("checked", checked)?;
                map.serialize_entry("violations", violations)?;
            }
            Evidence::Compared {
                script,
                companion,
                differences,
            } => {
                map.serialize_entry("script_items", script)?;
                map.serialize_entry("companion_items", companion)?;
                map.serialize_entry("differences", differences)?;
            }
        }
        if !self.not_counted.is_empty() {
            let items: Vec<Uncounted> = self.not_counted.iter().map(Uncounted).collect();
            map.serialize_entry("not_counted", &items)?;
        }
        map.end()
    }
}

/// An occurrence that did not count: `keyword`, `line` and `column`, and the `reason`.
struct Uncounted<'a>(&'a NotCounted);

impl Serialize for Uncounted<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let item = self.0;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("keyword", &item.keyword)?;
        if let Some(position) = item.location.start() {
            map.serialize_entry("line", &position.line)?;
            map.serialize_entry("column", &position.column)?;
        }
        map.serialize_entry("reason", &item.reason)?;
        map.end()
    }
}
