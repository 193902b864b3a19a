//! One view of an issue for every renderer: a pack's finding and rulecheck's own suppression
//! issues look alike here (severity, category, rule, level, source, message, location…).

use std::sync::OnceLock;

use crate::engine::fix::Fix;
use crate::engine::outcome::{Related, SuppressionIssue, SuppressionProblem};
use crate::engine::{CompiledPack, Finding, Location, Outcome};
use crate::pack::Severity;

/// The `level` of rulecheck's own suppression issues (they belong to no level of a pack).
pub const SUPPRESSION_LEVEL: &str = "suppression";
/// The `source` of rulecheck's own issues.
pub const OWN_SOURCE: &str = "rulecheck";

/// An issue, as every report shows it.
#[derive(Debug, Clone, Copy)]
pub struct Issue<'a> {
    /// Its severity.
    pub severity: Severity,
    /// Its category.
    pub category: &'a str,
    /// The rule id (`rulecheck::…` for rulecheck's own).
    pub rule: &'a str,
    /// The pack level the rule belongs to.
    pub level: &'a str,
    /// The result's step type.
    pub step_type: &'a str,
    /// The pack's source label, or `rulecheck`.
    pub source: &'a str,
    /// What was found.
    pub message: &'a str,
    /// What to do.
    pub recommendation: &'a str,
    /// `script` first, then the rule's details.
    pub details: &'a [(String, String)],
    /// Where.
    pub location: &'a Location,
    /// Other places the issue involves, each with what it shows there.
    pub related: &'a [Related],
    /// What would repair it, when its rule declares a fix that applies here.
    pub fix: Option<&'a Fix>,
}

impl<'a> Issue<'a> {
    /// A finding of `compiled`'s pack.
    pub fn of(compiled: &'a CompiledPack, finding: &'a Finding) -> Issue<'a> {
        let pack = &compiled.pack;
        let rule = &pack.rules[finding.rule];
        Issue {
            severity: finding.severity,
            category: &rule.category,
            rule: &rule.id,
            level: &pack.levels[rule.level],
            step_type: &pack.step_type,
            source: &pack.source_label,
            message: &finding.message,
            recommendation: &finding.recommendation,
            details: &finding.details,
            location: &finding.location,
            related: &finding.related,
            fix: finding.fix.as_ref(),
        }
    }

    /// rulecheck's own issue about a suppression, in a result of `compiled`'s pack whose
    /// `details` (the script) are `details`.
    pub fn own(
        compiled: &'a CompiledPack,
        issue: &'a SuppressionIssue,
        details: &'a [(String, String)],
    ) -> Issue<'a> {
        Issue {
            severity: SuppressionProblem::SEVERITY,
            category: issue.kind.category(),
            rule: issue.kind.rule(),
            level: SUPPRESSION_LEVEL,
            step_type: &compiled.pack.step_type,
            source: OWN_SOURCE,
            message: &issue.message,
            recommendation: &issue.recommendation,
            details,
            location: &issue.location,
            related: &[],
            fix: None,
        }
    }
}

/// The `details` of rulecheck's own issues about the script of `outcome`.
pub fn own_details(outcome: &Outcome) -> Vec<(String, String)> {
    vec![("script".to_owned(), outcome.script.clone())]
}

/// The issues reported for `outcome`: the pack's findings, then rulecheck's own. `details` is
/// [`own_details`] of the outcome.
pub fn reported<'a>(
    compiled: &'a CompiledPack,
    outcome: &'a Outcome,
    details: &'a [(String, String)],
) -> impl Iterator<Item = Issue<'a>> {
    outcome
        .findings
        .iter()
        .map(|f| Issue::of(compiled, f))
        .chain(
            outcome
                .suppression_issues
                .iter()
                .map(move |i| Issue::own(compiled, i, details)),
        )
}

/// `path` as a path relative to the working directory where it can be (an absolute path under
/// it loses that prefix; a leading `./` goes), with `/` separators.
pub fn relative_path(path: &str) -> String {
    static CWD: OnceLock<Option<String>> = OnceLock::new();
    let cwd = CWD.get_or_init(|| {
        let cwd = std::env::current_dir().ok()?;
        Some(cwd.to_string_lossy().replace('\\', "/"))
    });
    let path = path.replace('\\', "/");
    let relative = cwd
        .as_deref()
        .and_then(|cwd| path.strip_prefix(cwd)?.strip_prefix('/').map(str::to_owned))
        .unwrap_or(path);
    let mut relative = relative.as_str();
    while let Some(rest) = relative.strip_prefix("./") {
        relative = rest;
    }
    relative.to_owned()
}
