//! `check --statistics`: instead of the findings, how many issues each rule reported, as Ruff's
//! `--statistics` prints them — most frequent first, as aligned text or (with `--format json`)
//! a JSON array:
//!
//! ```text
//! 2  etl:owner_value    ERROR    [*] invalid_owner
//! 1  etl:missing_owner  WARNING      missing_owner
//! Found 3 issues (2 errors, 1 warning, 0 info) in 2 scripts (pack `etl`).
//! ```
//!
//! `[*]`: some of the rule's findings have a fix `--fix` applies; `[-]`: only fixes that need
//! `--unsafe-fixes`. The tally is kept as the files are checked; nothing else is held.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::{Mutex, PoisonError};

use serde::Serialize;

use super::issue::{self, Issue};
use super::{Format, Printer, Report, Summary, tail};
use crate::engine::Outcome;
use crate::pack::Severity;
use crate::pack::model::Applicability;

/// The printer of `--statistics`: each outcome adds to the tally and shows nothing; the end
/// writes the counts.
pub struct Statistics {
    /// JSON (`--format json`) rather than text.
    json: bool,
    /// By (pack, rule): what was counted.
    tally: Mutex<BTreeMap<(String, String), Row>>,
}

/// One rule's line.
#[derive(Debug, Clone, Serialize)]
struct Row {
    /// Issues it reported.
    count: usize,
    /// Its pack (`rulecheck` for rulecheck's own rules).
    pack: String,
    /// Its id.
    rule: String,
    /// Its category.
    category: String,
    /// Its severity.
    severity: &'static str,
    /// Issues with a fix `--fix` applies.
    fixable: usize,
    /// Issues with a fix only `--unsafe-fixes` applies.
    unsafe_fixable: usize,
}

impl Statistics {
    /// Statistics written as `format`: text, or JSON; `None` for a format that has no statistics.
    pub fn new(format: Format) -> Option<Statistics> {
        let json = match format {
            Format::Text => false,
            Format::Json => true,
            _ => return None,
        };
        Some(Statistics {
            json,
            tally: Mutex::new(BTreeMap::new()),
        })
    }

    fn add(&self, pack: &str, issue: &Issue) {
        let own = issue.source == issue::OWN_SOURCE;
        let pack = if own { issue::OWN_SOURCE } else { pack };
        let (safe, unsafe_) = match issue.fix.map(|f| f.applicability) {
            Some(Applicability::Safe) => (1, 0),
            Some(Applicability::Unsafe) => (0, 1),
            None => (0, 0),
        };
        let mut tally = self.tally.lock().unwrap_or_else(PoisonError::into_inner);
        let row = tally
            .entry((pack.to_owned(), issue.rule.to_owned()))
            .or_insert_with(|| Row {
                count: 0,
                pack: pack.to_owned(),
                rule: issue.rule.to_owned(),
                category: issue.category.to_owned(),
                severity: issue.severity.as_str(),
                fixable: 0,
                unsafe_fixable: 0,
            });
        row.count += 1;
        row.fixable += safe;
        row.unsafe_fixable += unsafe_;
    }

    /// The rows, most issues first, then by pack and rule.
    fn rows(&self) -> Vec<Row> {
        let tally = self.tally.lock().unwrap_or_else(PoisonError::into_inner);
        let mut rows: Vec<Row> = tally.values().cloned().collect();
        // Stable: ties stay in the tally's order, by pack and rule.
        rows.sort_by_key(|row| std::cmp::Reverse(row.count));
        rows
    }
}

impl Printer for Statistics {
    fn outcome(&self, report: &Report, pack: usize, outcome: &Outcome) -> Vec<u8> {
        let compiled = &report.packs[pack];
        let details = issue::own_details(outcome);
        for issue in issue::reported(compiled, outcome, &details) {
            self.add(&compiled.pack.name, &issue);
        }
        Vec::new()
    }

    fn end(&self, out: &mut dyn Write, report: &Report, summary: &Summary) -> io::Result<()> {
        let rows = self.rows();
        if self.json {
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            return out.write_all(b"\n");
        }
        out.write_all(table(&rows).as_bytes())?;
        tail::tail(out, report.color, summary, &report.pack_names(summary.used))
    }
}

/// The rows as aligned text: count, `PACK:RULE` (rulecheck's own rules are `rulecheck::…`
/// already), severity, fix marker, category.
fn table(rows: &[Row]) -> String {
    let names: Vec<String> = rows
        .iter()
        .map(|row| {
            if row.pack == issue::OWN_SOURCE {
                row.rule.clone()
            } else {
                format!("{}:{}", row.pack, row.rule)
            }
        })
        .collect();
    let count_width = rows.iter().map(|r| r.count.to_string().len()).max();
    let name_width = names.iter().map(String::len).max();
    let severity_width = Severity::Warning.as_str().len();
    let mut table = String::new();
    for (row, name) in rows.iter().zip(&names) {
        let marker = match (row.fixable, row.unsafe_fixable) {
            (0, 0) => "   ",
            (0, _) => "[-]",
            _ => "[*]",
        };
        table.push_str(&format!(
            "{:>cw$}  {name:<nw$}  {:<severity_width$}  {marker} {}\n",
            row.count,
            row.severity,
            row.category,
            cw = count_width.unwrap_or(0),
            nw = name_width.unwrap_or(0),
        ));
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(count: usize, pack: &str, rule: &str, fixable: usize, unsafe_fixable: usize) -> Row {
        Row {
            count,
            pack: pack.into(),
            rule: rule.into(),
            category: "c".into(),
            severity: "INFO",
            fixable,
            unsafe_fixable,
        }
    }

    #[test]
    fn rows_are_aligned_and_marked_by_the_fixes_they_have() {
        let rows = [
            row(12, "p", "long_rule", 1, 0),
            row(3, "p", "r", 0, 2),
            row(1, "rulecheck", "rulecheck::unused_suppression", 0, 0),
        ];
        assert_eq!(
            table(&rows),
            "12  p:long_rule                    INFO     [*] c\n \
             3  p:r                            INFO     [-] c\n \
             1  rulecheck::unused_suppression  INFO         c\n"
        );
    }

    #[test]
    fn only_text_and_json_have_statistics() {
        assert!(Statistics::new(Format::Text).is_some_and(|s| !s.json));
        assert!(Statistics::new(Format::Json).is_some_and(|s| s.json));
        assert!(Statistics::new(Format::Sarif).is_none());
        assert!(Statistics::new(Format::Junit).is_none());
    }
}
