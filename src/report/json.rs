//! The JSON report: `{"version", "results": [...], "summary"}` with one result per script in the
//! shape of cursus's `enhance_validation` (`script`, `step_type`, `validation_levels`,
//! `additional_issues`, `enhanced_results`), plus the evidence for each rule in `patterns`.

use serde_json::{Map, Value, json};

use super::existing;
use super::{Counts, Piece, Report};
use crate::engine::{CompiledPack, Evidence, Finding, Location, Outcome};

/// One result, pretty-printed and indented to sit in the document's `results` array.
pub fn outcome(report: &Report, pack_index: usize, outcome: &Outcome) -> String {
    let compiled = &report.packs[pack_index];
    let pack = &compiled.pack;
    let levels_run: Vec<&str> = pack
        .levels
        .iter()
        .enumerate()
        .filter(|(i, _)| report.levels.is_none_or(|l| l.contains(i)))
        .map(|(_, name)| name.as_str())
        .collect();
    let issues: Vec<Value> = outcome
        .findings
        .iter()
        .map(|f| issue(compiled, f))
        .collect();
    let result = json!({
        "script": outcome.script,
        "path": outcome.path,
        "pack": pack.name,
        "step_type": pack.step_type,
        "validation_levels": pack.levels,
        "levels_run": levels_run,
        "enhanced_results": existing::merge(report.existing, &issues),
        "additional_issues": issues,
        "patterns": patterns(compiled, outcome),
        "notices": outcome.notices,
    });
    indented(&result, "    ", true)
}

/// The document `{"version", "results", "summary"}` around the pieces.
pub fn finish(pieces: &[Piece], notices: &[String]) -> String {
    let counts = Counts::sum(pieces);
    let mut summary = json!({
        "scripts": super::scripts(pieces),
        "total_issues": counts.total(),
        "error_count": counts.error,
        "warning_count": counts.warning,
        "info_count": counts.info,
    });
    if !notices.is_empty() {
        summary["notices"] = json!(notices);
    }
    let results = if pieces.is_empty() {
        "[]".to_owned()
    } else {
        let items: Vec<&str> = pieces.iter().map(|p| p.text.as_str()).collect();
        format!("[\n{}\n  ]", items.join(",\n"))
    };
    format!(
        "{{\n  \"version\": {},\n  \"results\": {results},\n  \"summary\": {}\n}}\n",
        Value::from(env!("CARGO_PKG_VERSION")),
        indented(&summary, "  ", false)
    )
}

/// `value` pretty-printed with `indent` before each line (but the first, unless `first`), as
/// it would be inside a pretty-printed document at that depth.
fn indented(value: &Value, indent: &str, first: bool) -> String {
    let pretty = serde_json::to_string_pretty(value).unwrap_or_default();
    let mut out = String::with_capacity(pretty.len() * 2);
    for (index, line) in pretty.lines().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        if index > 0 || first {
            out.push_str(indent);
        }
        out.push_str(line);
    }
    out
}

/// One issue in cursus's shape, with the rule id, level and a location added.
fn issue(compiled: &CompiledPack, finding: &Finding) -> Value {
    let pack = &compiled.pack;
    let rule = &pack.rules[finding.rule];
    let details: Map<String, Value> = finding
        .details
        .iter()
        .map(|(k, v)| (k.clone(), Value::from(v.as_str())))
        .collect();
    json!({
        "severity": finding.severity.as_str(),
        "category": rule.category,
        "message": finding.message,
        "recommendation": finding.recommendation,
        "step_type": pack.step_type,
        "source": pack.source_label,
        "level": pack.levels[rule.level],
        "rule": rule.id,
        "details": details,
        "location": location(&finding.location),
    })
}

fn location(location: &Location) -> Value {
    let mut object = Map::new();
    object.insert("path".into(), Value::from(location.path.as_str()));
    if let Some(position) = location.position {
        object.insert("line".into(), Value::from(position.line));
        object.insert("column".into(), Value::from(position.column));
    }
    Value::Object(object)
}

fn patterns(compiled: &CompiledPack, outcome: &Outcome) -> Value {
    let entries: Map<String, Value> = outcome
        .evidence
        .iter()
        .map(|status| {
            let rule = &compiled.pack.rules[status.rule];
            let mut entry = Map::new();
            // Inserted first so it leads the entry; the value is set below.
            entry.insert("status".into(), Value::Null);
            entry.insert("category".into(), Value::from(rule.category.as_str()));
            entry.insert("description".into(), Value::from(rule.description.as_str()));
            let state = match &status.evidence {
                Evidence::Keyword {
                    keyword,
                    location: at,
                } => {
                    entry.insert("keyword".into(), Value::from(keyword.as_str()));
                    entry.insert("location".into(), location(at));
                    "found"
                }
                Evidence::File { path } => {
                    entry.insert("path".into(), Value::from(path.as_str()));
                    "found"
                }
                Evidence::Missing => "missing",
                Evidence::Skipped => "skipped",
                Evidence::Values {
                    checked,
                    violations,
                } => {
                    entry.insert("checked".into(), Value::from(*checked));
                    entry.insert("violations".into(), Value::from(*violations));
                    match (checked, violations) {
                        (0, _) => "absent",
                        (_, 0) => "valid",
                        _ => "invalid",
                    }
                }
            };
            entry.insert("status".into(), Value::from(state));
            if !status.not_counted.is_empty() {
                let not_counted = status.not_counted.iter().map(|n| {
                    let mut item = Map::new();
                    item.insert("keyword".into(), Value::from(n.keyword.as_str()));
                    if let Some(position) = n.location.position {
                        item.insert("line".into(), Value::from(position.line));
                        item.insert("column".into(), Value::from(position.column));
                    }
                    item.insert("reason".into(), Value::from(n.reason.as_str()));
                    Value::Object(item)
                });
                entry.insert("not_counted".into(), Value::Array(not_counted.collect()));
            }
            (rule.id.clone(), Value::Object(entry))
        })
        .collect();
    Value::Object(entries)
}
