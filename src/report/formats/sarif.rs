//! SARIF 2.1.0 (the OASIS static-analysis format GitHub code scanning reads): one run whose
//! results come first (so they can be written as they arrive) and whose `tool.driver` is
//! rulecheck with one `rules` entry per rule that ran (and rulecheck's own
//! suppression rules), and one result per issue. Suppressed findings are results too, with a
//! `suppressions` entry (`inSource` for a comment, `external` for `per-file-ignores`) whose
//! justification is the reason.
//!
//! Levels: ERROR → `error`, WARNING → `warning`, INFO → `note`. Artifact URIs are relative to
//! the working directory, under `uriBaseId` `%SRCROOT%`; columns count Unicode code points.

use std::io::{self, Write};

use serde_json::{Map, Value, json};

use crate::report::baseline::{Known, Triage};
use crate::report::issue::{self, Issue};
use crate::report::pretty;
use crate::report::{Printer, Report, Summary};
use crate::engine::fix::Fix;
use crate::engine::outcome::{Location, Suppressed, SuppressedBy, SuppressionProblem};
use crate::engine::{CompiledPack, Outcome};
use crate::pack::Severity;

/// The `$schema` the document names.
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/// The base the artifact URIs are relative to.
const SRCROOT: &str = "%SRCROOT%";
/// The depth of a result inside the document (in the run's `results` array).
const RESULT_DEPTH: usize = 4;

/// The SARIF format.
pub struct Sarif;

impl Printer for Sarif {
    /// The document up to the first result. The run's `results` come first, so that they are
    /// written as they arrive; the rules that ran are known only at the end.
    fn begin(&self, out: &mut dyn Write) -> io::Result<()> {
        write!(
            out,
            "{{\n  \"$schema\": \"{SCHEMA}\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {{\n      \"results\": ["
        )
    }

    fn outcome(&self, report: &Report, pack: usize, outcome: &Outcome) -> Vec<u8> {
        results(report, pack, outcome, None)
    }

    /// Every issue, with its `baselineState` (`new` or `unchanged`), then the baseline's issues
    /// this run did not find, `absent`.
    fn outcome_against(
        &self,
        report: &Report,
        pack: usize,
        outcome: &Outcome,
        triage: &Triage,
    ) -> Vec<u8> {
        results(report, pack, outcome, Some(triage))
    }

    /// A newline, or the comma after the previous results.
    fn separator(&self, first: bool) -> &'static [u8] {
        if first { b"\n" } else { b",\n" }
    }

    fn end(&self, out: &mut dyn Write, report: &Report, summary: &Summary) -> io::Result<()> {
        tail(out, report, summary)
    }
}

/// One outcome's results, indented to sit in the run's `results` array (empty without any);
/// with `--baseline`, each issue's `baselineState` from `triage`, and the absent issues.
fn results(
    report: &Report,
    pack_index: usize,
    outcome: &Outcome,
    triage: Option<&Triage>,
) -> Vec<u8> {
    let compiled = &report.packs[pack_index];
    let details = issue::own_details(outcome);
    let mut results: Vec<Value> = issue::reported(compiled, outcome, &details)
        .enumerate()
        .map(|(index, i)| {
            let mut value = result(report, pack_index, &i);
            if let Some(triage) = triage {
                let unchanged = triage.unchanged.get(index).copied().unwrap_or(false);
                value["baselineState"] = json!(if unchanged { "unchanged" } else { "new" });
            }
            value
        })
        .collect();
    results.extend(
        outcome
            .suppressed
            .iter()
            .map(|s| suppressed(report, pack_index, compiled, s)),
    );
    for known in triage.map_or(&[][..], |t| t.absent.as_slice()) {
        results.push(absent(report, pack_index, known));
    }
    let mut out = Vec::new();
    for (index, result) in results.iter().enumerate() {
        if index > 0 {
            out.extend_from_slice(b",\n");
        }
        out.extend_from_slice(&b"  ".repeat(RESULT_DEPTH));
        pretty::write_at(&mut out, result, RESULT_DEPTH);
    }
    out
}

/// The document after the last result: the tool with the rules of the packs that checked
/// something, the invocation with the run's notices as tool notifications.
fn tail(out: &mut dyn Write, report: &Report, summary: &Summary) -> io::Result<()> {
    let notifications: Vec<Value> = summary
        .notices
        .iter()
        .map(|n| json!({"level": "note", "message": {"text": n}}))
        .collect();
    let mut invocation = json!({"executionSuccessful": true});
    if !notifications.is_empty() {
        invocation["toolExecutionNotifications"] = Value::Array(notifications);
    }
    let rest = json!({
        "tool": {
            "driver": {
                "name": "rulecheck",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules(report, summary.used),
            }
        },
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
    });
    let mut bytes = Vec::with_capacity(4096);
    bytes.extend_from_slice(if summary.any { b"\n      ]" } else { b"]" });
    bytes.extend_from_slice(b",");
    // The run's other fields, at their depth, without the braces of `rest`.
    let mut fields = Vec::with_capacity(4096);
    pretty::write_at(&mut fields, &rest, 2);
    bytes.extend_from_slice(fields.strip_prefix(b"{").unwrap_or(&fields));
    bytes.extend_from_slice(b"\n  ]\n}\n");
    out.write_all(&bytes)
}

/// The rules of the packs that checked something (`used`, by pack index; in the levels that
/// ran), then rulecheck's.
fn rules(report: &Report, used: &[bool]) -> Vec<Value> {
    let mut rules = Vec::new();
    for (index, compiled) in report.packs.iter().enumerate() {
        if !used.get(index).copied().unwrap_or(false) {
            continue;
        }
        let pack = &compiled.pack;
        for rule in &pack.rules {
            if !report.ran(index, rule.level) {
                continue;
            }
            rules.push(json!({
                "id": rule_id(report, index, &rule.id),
                "shortDescription": {"text": rule.description},
                "help": {"text": rule.recommendation.shown(pack.variables.names())},
                "defaultConfiguration": {"level": level(rule.severity)},
                "properties": {
                    "category": rule.category,
                    "pack": pack.name,
                    "level": pack.levels[rule.level],
                },
            }));
        }
    }
    for problem in SuppressionProblem::ALL {
        rules.push(json!({
            "id": problem.rule(),
            "shortDescription": {"text": problem.description()},
            "help": {"text": problem.help()},
            "defaultConfiguration": {"level": level(SuppressionProblem::SEVERITY)},
            "properties": {
                "category": problem.category(),
                "level": issue::SUPPRESSION_LEVEL,
            },
        }));
    }
    rules
}

/// A rule's SARIF id: its id, qualified as `pack::id` when another pack in play has a rule of
/// the same id (rulecheck's own ids are already qualified).
fn rule_id(report: &Report, pack_index: usize, id: &str) -> String {
    let clash = report
        .packs
        .iter()
        .enumerate()
        .any(|(i, p)| i != pack_index && p.pack.rules.iter().any(|r| r.id == id));
    if clash {
        format!("{}::{id}", report.packs[pack_index].pack.name)
    } else {
        id.to_owned()
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// One result.
fn result(report: &Report, pack_index: usize, issue: &Issue) -> Value {
    let rule = if issue.source == issue::OWN_SOURCE {
        issue.rule.to_owned()
    } else {
        rule_id(report, pack_index, issue.rule)
    };
    let mut value = json!({
        "ruleId": rule,
        "level": level(issue.severity),
        "message": {"text": issue.message},
        "locations": [{"physicalLocation": physical(issue.location)}],
        "properties": {
            "category": issue.category,
            "level": issue.level,
            "severity": issue.severity.as_str(),
            "recommendation": issue.recommendation,
        },
    });
    if !issue.related.is_empty() {
        let related: Vec<Value> = issue
            .related
            .iter()
            .enumerate()
            .map(|(id, related)| {
                let mut value = json!({"id": id, "physicalLocation": physical(&related.location)});
                if let Some(note) = &related.note {
                    value["message"] = json!({"text": note});
                }
                value
            })
            .collect();
        value["relatedLocations"] = Value::Array(related);
    }
    if let Some(fix) = issue.fix {
        value["fixes"] = json!([self::fix(issue.location, fix)]);
    }
    value
}

/// A SARIF `fix`: its description (the title), one artifact change in the finding's file with
/// a replacement per edit, and its applicability as a property.
fn fix(file: &Location, fix: &Fix) -> Value {
    let replacements: Vec<Value> = fix
        .edits
        .iter()
        .map(|edit| {
            let deleted = physical(&Location::at(&file.text, edit.range.clone()));
            json!({
                "deletedRegion": deleted["region"],
                "insertedContent": {"text": edit.content},
            })
        })
        .collect();
    let artifact = physical(&Location::file(&file.text));
    json!({
        "description": {"text": fix.title},
        "artifactChanges": [{
            "artifactLocation": artifact["artifactLocation"],
            "replacements": replacements,
        }],
        "properties": {"applicability": fix.applicability.name()},
    })
}

/// A baseline's issue that this run did not find: `baselineState` `absent`, at the place the
/// baseline gives (its line and column, as the JSON report counts them).
fn absent(report: &Report, pack_index: usize, known: &Known) -> Value {
    let rule = if known.own {
        known.rule.clone()
    } else {
        rule_id(report, pack_index, &known.rule)
    };
    let mut location = Map::new();
    location.insert("artifactLocation".into(), artifact(&known.path));
    if let Some((line, column)) = known.position {
        location.insert(
            "region".into(),
            json!({"startLine": line, "startColumn": column}),
        );
    }
    json!({
        "ruleId": rule,
        "level": level(known.severity),
        "message": {"text": known.message},
        "locations": [{"physicalLocation": location}],
        "baselineState": "absent",
    })
}

/// A SARIF `artifactLocation` for a relative or absolute path.
fn artifact(path: &str) -> Value {
    if path.starts_with('/') {
        json!({"uri": format!("file://{}", encode(path))})
    } else {
        json!({"uri": encode(path), "uriBaseId": SRCROOT})
    }
}

/// A SARIF `physicalLocation`: the file, and its region when the location has one.
fn physical(place: &Location) -> Value {
    let mut location = Map::new();
    let path = issue::relative_path(place.path());
    location.insert("artifactLocation".into(), artifact(&path));
    if let (Some(start), Some(end)) = (place.start(), place.end()) {
        location.insert(
            "region".into(),
            json!({
                "startLine": start.line,
                "startColumn": start.column,
                "endLine": end.line,
                "endColumn": end.column,
            }),
        );
    }
    Value::Object(location)
}

/// A suppressed finding's result.
fn suppressed(
    report: &Report,
    pack_index: usize,
    compiled: &CompiledPack,
    suppressed: &Suppressed,
) -> Value {
    let mut value = result(
        report,
        pack_index,
        &Issue::of(compiled, &suppressed.finding),
    );
    let kind = match suppressed.by {
        SuppressedBy::Comment { .. } => "inSource",
        SuppressedBy::Config { .. } => "external",
    };
    value["suppressions"] = json!([{"kind": kind, "justification": suppressed.reason}]);
    value
}

/// A relative path or absolute path as a URI reference: bytes outside the unreserved set and
/// `/` are percent-encoded.
fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_percent_encode_what_a_uri_cannot_hold() {
        assert_eq!(encode("scripts/a b#1.py"), "scripts/a%20b%231.py");
        assert_eq!(encode("ü.py"), "%C3%BC.py");
    }
}
