//! Reading the HTML report's numbers back (its `data-` attributes), and the same numbers from
//! the JSON report of the same run, so that tests can hold the two against each other.

use std::collections::BTreeMap;

use regex::Regex;
use serde_json::Value;

/// The totals cards: `scripts`, `issues`, `error`, `warning`, `info`, `suppressed`.
pub fn totals(html: &str) -> BTreeMap<String, usize> {
    let card = Regex::new(r#"data-total="(\w+)" data-value="(\d+)""#).expect("a valid regex");
    card.captures_iter(html)
        .map(|c| (c[1].to_owned(), c[2].parse().expect("a count")))
        .collect()
}

/// The JSON report's totals, under the names [`totals`] gives.
pub fn json_totals(report: &Value) -> BTreeMap<String, usize> {
    let summary = &report["summary"];
    let n = |key: &str| summary[key].as_u64().unwrap_or(0) as usize;
    BTreeMap::from([
        ("scripts".to_owned(), n("scripts")),
        ("issues".to_owned(), n("total_issues")),
        ("error".to_owned(), n("error_count")),
        ("warning".to_owned(), n("warning_count")),
        ("info".to_owned(), n("info_count")),
        ("suppressed".to_owned(), n("suppressed_count")),
    ])
}

/// The matrix's cells that are not zero: (pack, level, severity or `suppressed`) → count.
pub fn matrix(html: &str) -> BTreeMap<(String, String, String), usize> {
    let row = Regex::new(r#"(?s)<tr data-pack="([^"]*)" data-level="([^"]*)">(.*?)</tr>"#)
        .expect("a valid regex");
    let cell = Regex::new(r#"data-sev="(\w+)" data-value="(\d+)""#).expect("a valid regex");
    let mut cells = BTreeMap::new();
    let table = section(html, "<table id=\"matrix\">");
    for r in row.captures_iter(table) {
        for c in cell.captures_iter(&r[3]) {
            let n: usize = c[2].parse().expect("a count");
            if n > 0 {
                cells.insert((r[1].to_owned(), r[2].to_owned(), c[1].to_owned()), n);
            }
        }
    }
    cells
}

/// The same cells, counted from the JSON report's issues and suppressed findings.
pub fn json_matrix(report: &Value) -> BTreeMap<(String, String, String), usize> {
    let mut cells = BTreeMap::new();
    for result in report["results"].as_array().into_iter().flatten() {
        let pack = result["pack"].as_str().unwrap_or_default();
        let issues = result["enhanced_results"]["issues"]
            .as_array()
            .into_iter()
            .flatten();
        let suppressed = result["suppressed"].as_array().into_iter().flatten();
        for (issue, sev) in issues
            .map(|i| (i, i["severity"].as_str().unwrap_or_default()))
            .chain(suppressed.map(|i| (i, "suppressed")))
        {
            let level = issue["level"].as_str().unwrap_or_default();
            *cells
                .entry((pack.to_owned(), level.to_owned(), sev.to_owned()))
                .or_insert(0) += 1;
        }
    }
    cells
}

/// The rules table's issue counts that are not zero: `PACK:RULE` → count.
pub fn rule_counts(html: &str) -> BTreeMap<String, usize> {
    let row =
        Regex::new(r#"<tr data-rule="([^"]*)">.*?data-value="(\d+)""#).expect("a valid regex");
    row.captures_iter(section(html, "<table id=\"rules\">"))
        .map(|c| (c[1].to_owned(), c[2].parse().expect("a count")))
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// The same counts from the JSON report (rulecheck's own rules under their own name).
pub fn json_rule_counts(report: &Value) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for result in report["results"].as_array().into_iter().flatten() {
        let pack = result["pack"].as_str().unwrap_or_default();
        for issue in result["enhanced_results"]["issues"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let rule = issue["rule"].as_str().unwrap_or_default();
            let key = if rule.starts_with("rulecheck::") {
                rule.to_owned()
            } else {
                format!("{pack}:{rule}")
            };
            *counts.entry(key).or_insert(0) += 1;
        }
    }
    counts
}

/// The JSON report's issues of `pack` (any, when empty) whose severity is `severity`.
pub fn json_issues(report: &Value, pack: &str, severity: &str) -> usize {
    report["results"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| pack.is_empty() || r["pack"] == pack)
        .flat_map(|r| {
            r["enhanced_results"]["issues"]
                .as_array()
                .into_iter()
                .flatten()
        })
        .filter(|i| i["severity"] == severity)
        .count()
}

/// The finding rows of the files list, as `(severity, rule, hidden)`.
pub fn finding_rows(html: &str) -> Vec<(String, String, bool)> {
    let row =
        Regex::new(r#"<tr( class="supp")? data-sev="(\w+)" data-rule="([^"]*)"( hidden="?")?"#)
            .expect("a valid regex");
    row.captures_iter(section(html, "<div id=\"file-list\">"))
        .map(|c| (c[2].to_owned(), c[3].to_owned(), c.get(4).is_some()))
        .collect()
}

/// The document from `start` on (the whole document when it is not there).
fn section<'a>(html: &'a str, start: &str) -> &'a str {
    html.find(start).map_or(html, |at| &html[at..])
}
