//! JUnit XML, as Jenkins, GitLab and Azure Pipelines read test reports:
//!
//! ```text
//! <?xml version="1.0" encoding="UTF-8"?>
//! <testsuites name="rulecheck">
//!   <testsuite name="etl: scripts/etl_job.py" tests="4" failures="1" errors="0" skipped="0" file="scripts/etl_job.py">
//!     <testcase classname="etl.owner_value" name="scripts/etl_job.py">
//!       <failure message="owner is &quot;nobody&quot;, which is not a team …" type="ERROR">scripts/etl_job.py:11:9: ERROR: owner is "nobody", which is not a team …
//!   recommendation: …</failure>
//!     </testcase>
//!     <testcase classname="etl.missing_owner" name="scripts/etl_job.py"/>
//!   </testsuite>
//! </testsuites>
//! ```
//!
//! A suite is one pack's check of one script (one result): its counts are known when that file
//! is checked, so the report is written as the files are, and a suite's required `tests` count
//! comes first. Each rule that ran on the script is a test case, `classname` `PACK.RULE` (CI
//! servers group by it: Jenkins shows the pack as the package and the rule as the class) and
//! `name` the script's path; it fails with one `<failure>` holding each of its findings, is
//! `<skipped/>` when the rule could not be judged, and passes otherwise. rulecheck's own issues
//! about suppression comments are test cases of class `rulecheck.RULE`. Suppressed findings and
//! notices are not in the report.

use std::io::{self, Write};

use crate::engine::Outcome;
use crate::engine::outcome::Evidence;
use crate::report::issue::{self, Issue};
use crate::report::{Printer, Report, Summary};

/// The JUnit XML format.
pub struct Junit;

impl Printer for Junit {
    fn begin(&self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"rulecheck\">\n")
    }

    fn outcome(&self, report: &Report, pack: usize, outcome: &Outcome) -> Vec<u8> {
        let compiled = &report.packs[pack];
        let pack_name = &compiled.pack.name;
        let path = issue::relative_path(outcome.path());
        let details = issue::own_details(outcome);
        let issues: Vec<Issue> = issue::reported(compiled, outcome, &details).collect();
        let cases = cases(outcome, &issues, |rule| compiled.pack.rules[rule].id.as_str());
        if cases.is_empty() {
            return Vec::new();
        }
        let failures = cases.iter().filter(|c| !c.issues.is_empty()).count();
        let skipped = cases.iter().filter(|c| c.skipped).count();
        let mut xml = String::new();
        xml.push_str("  <testsuite name=\"");
        escape(&format!("{pack_name}: {path}"), true, &mut xml);
        xml.push_str(&format!(
            "\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\" file=\"",
            cases.len()
        ));
        escape(&path, true, &mut xml);
        xml.push_str("\">\n");
        for case in &cases {
            let class = if case.own {
                case.rule.replacen("::", ".", 1)
            } else {
                format!("{pack_name}.{}", case.rule)
            };
            xml.push_str("    <testcase classname=\"");
            escape(&class, true, &mut xml);
            xml.push_str("\" name=\"");
            escape(&path, true, &mut xml);
            xml.push('"');
            if case.skipped {
                xml.push_str(">\n      <skipped/>\n    </testcase>\n");
            } else if case.issues.is_empty() {
                xml.push_str("/>\n");
            } else {
                xml.push_str(">\n");
                failure(&path, &case.issues, &mut xml);
                xml.push_str("    </testcase>\n");
            }
        }
        xml.push_str("  </testsuite>\n");
        xml.into_bytes()
    }

    fn end(&self, out: &mut dyn Write, _report: &Report, _summary: &Summary) -> io::Result<()> {
        out.write_all(b"</testsuites>\n")
    }
}

/// One test case: a rule that ran on the script, and what it reported there.
struct Case<'a> {
    /// The rule id (`rulecheck::…` for rulecheck's own).
    rule: &'a str,
    /// Whether it is one of rulecheck's own rules.
    own: bool,
    /// Whether the rule could not be judged.
    skipped: bool,
    /// Its issues (none: it passed).
    issues: Vec<&'a Issue<'a>>,
}

/// The test cases of `outcome`: each rule that ran (in the order it ran), then any rule that
/// reported an issue without evidence (rulecheck's own), each with its issues. `id` names a
/// pack rule by its index.
fn cases<'a>(
    outcome: &Outcome,
    issues: &'a [Issue<'a>],
    id: impl Fn(usize) -> &'a str,
) -> Vec<Case<'a>> {
    let mut cases: Vec<Case> = outcome
        .evidence
        .iter()
        .map(|status| Case {
            rule: id(status.rule),
            own: false,
            skipped: matches!(status.evidence, Evidence::Skipped),
            issues: Vec::new(),
        })
        .collect();
    for issue in issues {
        let own = issue.source == issue::OWN_SOURCE;
        match cases.iter_mut().find(|c| c.rule == issue.rule && c.own == own) {
            Some(case) => case.issues.push(issue),
            None => cases.push(Case {
                rule: issue.rule,
                own,
                skipped: false,
                issues: vec![issue],
            }),
        }
    }
    cases
}

/// The `<failure>` of a test case: its message is the first issue's (or the count), its type the
/// highest severity, and its text each issue at `path:line:col` with its recommendation.
fn failure(path: &str, issues: &[&Issue], xml: &mut String) {
    let Some(severity) = issues.iter().map(|i| i.severity).max() else {
        return;
    };
    let message = match issues {
        [only] => only.message.to_owned(),
        _ => format!("{} findings; the first: {}", issues.len(), issues[0].message),
    };
    xml.push_str("      <failure message=\"");
    escape(&message, true, xml);
    xml.push_str("\" type=\"");
    xml.push_str(severity.as_str());
    xml.push_str("\">");
    for (n, issue) in issues.iter().enumerate() {
        if n > 0 {
            xml.push('\n');
        }
        let place = match issue.location.start() {
            Some(p) => format!("{path}:{}:{}", p.line, p.column),
            None => path.to_owned(),
        };
        let line = format!(
            "{place}: {}: {}\n  recommendation: {}",
            issue.severity.as_str(),
            issue.message,
            issue.recommendation
        );
        escape(&line, false, xml);
    }
    xml.push_str("</failure>\n");
}

/// Appends `text` to `xml` escaped for an attribute value (`attribute`) or element text. Markup
/// characters become references; characters XML 1.0 does not allow (C0 controls other than tab
/// and line breaks, U+FFFE, U+FFFF) become U+FFFD; a carriage return, and in an attribute a tab
/// or line feed too, becomes a character reference, so a parser does not normalise it away.
fn escape(text: &str, attribute: bool, xml: &mut String) {
    for c in text.chars() {
        match c {
            '&' => xml.push_str("&amp;"),
            '<' => xml.push_str("&lt;"),
            '>' => xml.push_str("&gt;"),
            '"' if attribute => xml.push_str("&quot;"),
            '\r' => xml.push_str("&#13;"),
            '\n' if attribute => xml.push_str("&#10;"),
            '\t' if attribute => xml.push_str("&#9;"),
            '\t' | '\n' => xml.push(c),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => xml.push('\u{fffd}'),
            _ => xml.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    fn escaped(text: &str, attribute: bool) -> String {
        let mut xml = String::new();
        escape(text, attribute, &mut xml);
        xml
    }

    #[test]
    fn markup_becomes_references() {
        assert_eq!(
            escaped("<a href=\"x\">&'</a>", true),
            "&lt;a href=&quot;x&quot;&gt;&amp;'&lt;/a&gt;"
        );
        assert_eq!(escaped("\"]]>", false), "\"]]&gt;");
    }

    #[test]
    fn characters_xml_forbids_become_the_replacement_character() {
        assert_eq!(escaped("a\u{0}b\u{1b}c\u{b}\u{ffff}", false), "a\u{fffd}b\u{fffd}c\u{fffd}\u{fffd}");
    }

    #[test]
    fn line_breaks_and_tabs_survive_attribute_normalisation() {
        assert_eq!(escaped("a\r\nb\tc", true), "a&#13;&#10;b&#9;c");
        assert_eq!(escaped("a\r\nb\tc", false), "a&#13;\nb\tc");
    }
}
