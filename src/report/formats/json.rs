//! The JSON report: `{"version", "results": [...], "summary"}` with one result per script in the
//! shape of cursus's `enhance_validation` (`script`, `step_type`, `validation_levels`,
//! `additional_issues`, `enhanced_results`), plus the evidence for each rule in `patterns`, and
//! the suppressed findings in `suppressed` when there are some.
//!
//! Each result is written from the outcome straight into bytes, pretty-printed at its depth in
//! the document by `pretty.rs`'s writer (no `serde_json::Value` tree is built, nor serde's
//! machinery run: every result lists every rule's evidence, most of the report's bytes).

use std::io::{self, Write};

use serde::Serialize;

use crate::report::existing::Enhanced;
use crate::report::fingerprint::{self, Fingerprints};
use crate::report::issue::{self, Issue as View};
use crate::report::pretty::{self, WriteJson, Writer};
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
    let enhanced = Enhanced::new(report.existing, &issues, severities);
    let mut out = Vec::with_capacity(4096);
    out.extend_from_slice(b"    ");
    Writer::at(&mut out, 2).object(|w| {
        w.key("script").string(&outcome.script);
        w.key("path").string(outcome.path());
        w.key("pack").string(&pack.name);
        w.key("step_type").string(&pack.step_type);
        w.key("validation_levels").strings(&pack.levels);
        w.key("levels_run").strings(&levels_run);
        w.key("enhanced_results").write(&enhanced);
        w.key("additional_issues").array_of(&issues);
        // Only when there are some, so results without suppressions keep their exact shape.
        if !outcome.suppressed.is_empty() {
            w.key("suppressed").array(|w| {
                for suppressed in &outcome.suppressed {
                    w.item().write(&SuppressedIssue::new(compiled, suppressed));
                }
            });
        }
        w.key("patterns").object(|w| patterns(w, compiled, outcome));
        if !outcome.calls.is_empty() {
            w.key("calls").object(|w| calls(w, &outcome.calls));
        }
        w.key("notices").strings(&outcome.notices);
    });
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

/// One issue in cursus's shape, with the rule id, level and a location added.
pub struct IssueJson<'a> {
    severity: &'static str,
    view: View<'a>,
    /// What `--baseline` matches it by (as GitLab's fingerprint); not on suppressed findings.
    fingerprint: Option<String>,
}

impl<'a> IssueJson<'a> {
    fn new(view: &View<'a>, fingerprint: Option<String>) -> IssueJson<'a> {
        IssueJson {
            severity: view.severity.as_str(),
            view: *view,
            fingerprint,
        }
    }

    /// Its members: `severity`, `category`, `message`, `recommendation`, `step_type`,
    /// `source`, `level`, `rule`, `details`, `location`, then `related`, `fix` and
    /// `fingerprint` when it has them.
    fn members(&self, w: &mut Writer) {
        let view = &self.view;
        w.key("severity").string(self.severity);
        w.key("category").string(view.category);
        w.key("message").string(view.message);
        w.key("recommendation").string(view.recommendation);
        w.key("step_type").string(view.step_type);
        w.key("source").string(view.source);
        w.key("level").string(view.level);
        w.key("rule").string(view.rule);
        // In their order (the pack guarantees distinct keys).
        w.key("details").object(|w| {
            for (key, value) in view.details {
                w.key(key).string(value);
            }
        });
        w.key("location").write(&Place(view.location));
        if !view.related.is_empty() {
            w.key("related").array(|w| {
                for related in view.related {
                    w.item().write(&RelatedJson(related));
                }
            });
        }
        if let Some(fix) = view.fix {
            w.key("fix").write(&FixJson {
                fix,
                file: view.location,
            });
        }
        if let Some(fingerprint) = &self.fingerprint {
            w.key("fingerprint").string(fingerprint);
        }
    }
}

impl WriteJson for IssueJson<'_> {
    fn write_json(&self, w: &mut Writer) {
        w.object(|w| self.members(w));
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

impl WriteJson for FixJson<'_> {
    fn write_json(&self, w: &mut Writer) {
        let text = &self.file.text;
        w.object(|w| {
            w.key("title").string(&self.fix.title);
            w.key("applicability")
                .string(self.fix.applicability.name());
            w.key("edits").array(|w| {
                for edit in &self.fix.edits {
                    w.item().object(|w| {
                        for (key, at) in [("start", edit.range.start), ("end", edit.range.end)] {
                            let position = text.position(at, Columns::Chars);
                            w.key(key).object(|w| {
                                w.key("line").number(position.line);
                                w.key("column").number(position.column);
                            });
                        }
                        w.key("content").string(&edit.content);
                    });
                }
            });
        });
    }
}

/// A suppressed finding: the issue, then the suppression's `reason`, `line` and `kind`
/// (`ignore`, `ignore-file`, or `per-file-ignores`, whose `line` is in the configuration `file`).
struct SuppressedIssue<'a> {
    issue: IssueJson<'a>,
    reason: &'a str,
    line: usize,
    kind: &'static str,
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

impl WriteJson for SuppressedIssue<'_> {
    fn write_json(&self, w: &mut Writer) {
        w.object(|w| {
            self.issue.members(w);
            w.key("reason").string(self.reason);
            w.key("line").number(self.line);
            w.key("kind").string(self.kind);
            if let Some(file) = self.file {
                w.key("file").string(file);
            }
        });
    }
}

/// A location: `path`, and `line` and `column` when it points inside the file.
struct Place<'a>(&'a Location);

impl WriteJson for Place<'_> {
    fn write_json(&self, w: &mut Writer) {
        w.object(|w| self.members(w));
    }
}

impl Place<'_> {
    /// `path`, `line` and `column`, to begin an object with.
    fn members(&self, w: &mut Writer) {
        w.key("path").string(self.0.path());
        if let Some(position) = self.0.start() {
            w.key("line").number(position.line);
            w.key("column").number(position.column);
        }
    }
}

/// Another place of an issue: the place, and its `note` when it has one.
struct RelatedJson<'a>(&'a Related);

impl WriteJson for RelatedJson<'_> {
    fn write_json(&self, w: &mut Writer) {
        w.object(|w| {
            Place(&self.0.location).members(w);
            if let Some(note) = &self.0.note {
                w.key("note").string(note);
            }
        });
    }
}

/// The calls of the sets `per = "call"` rules judged, by set id: each call's `callee`, `line`
/// and `column` (an empty list: the file makes no such call).
fn calls(w: &mut Writer, calls: &[CallsFound]) {
    for found in calls {
        w.key(&found.set).array(|w| {
            for (callee, location) in &found.calls {
                let at = location.start();
                w.item().object(|w| {
                    w.key("callee").string(callee);
                    w.key("line").optional_number(at.map(|p| p.line));
                    w.key("column").optional_number(at.map(|p| p.column));
                });
            }
        });
    }
}

/// Per rule that ran, by rule id: whether it was satisfied, and the evidence.
fn patterns(w: &mut Writer, compiled: &CompiledPack, outcome: &Outcome) {
    let rules = &compiled.pack.rules;
    for status in &outcome.evidence {
        let rule = &rules[status.rule];
        let pattern = Pattern {
            evidence: &status.evidence,
            category: &rule.category,
            description: &rule.description,
            not_counted: &status.not_counted,
        };
        w.key(&rule.id).write(&pattern);
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

impl Pattern<'_> {
    fn status(&self) -> &'static str {
        match self.evidence {
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
        }
    }
}

impl WriteJson for Pattern<'_> {
    fn write_json(&self, w: &mut Writer) {
        w.object(|w| {
            w.key("status").string(self.status());
            w.key("category").string(self.category);
            w.key("description").string(self.description);
            match self.evidence {
                Evidence::Keyword { keyword, location } => {
                    w.key("keyword").string(keyword);
                    w.key("location").write(&Place(location));
                }
                Evidence::File { path } => w.key("path").string(path),
                Evidence::Missing | Evidence::Skipped => {}
                Evidence::Values {
                    checked,
                    violations,
                } => {
                    w.key("checked").number(*checked);
                    w.key("violations").number(*violations);
                }
                Evidence::Calls {
                    checked,
                    violations,
                    first,
                } => {
                    if let Some((keyword, location)) = first {
                        w.key("keyword").string(keyword);
                        w.key("location").write(&Place(location));
                    }
                    w.key("checked").number(*checked);
                    w.key("violations").number(*violations);
                }
                Evidence::Compared {
                    script,
                    companion,
                    differences,
                } => {
                    w.key("script_items").number(*script);
                    w.key("companion_items").number(*companion);
                    w.key("differences").number(*differences);
                }
            }
            if !self.not_counted.is_empty() {
                w.key("not_counted").array(|w| {
                    for item in self.not_counted {
                        w.item().object(|w| uncounted(w, item));
                    }
                });
            }
        });
    }
}

/// An occurrence that did not count: `keyword`, `line` and `column`, and the `reason`.
fn uncounted(w: &mut Writer, item: &NotCounted) {
    w.key("keyword").string(&item.keyword);
    if let Some(position) = item.location.start() {
        w.key("line").number(position.line);
        w.key("column").number(position.column);
    }
    w.key("reason").string(&item.reason);
}
