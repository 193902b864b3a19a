//! What goes into a check and what comes out: the [`Target`] script, and its [`Outcome`] —
//! findings, the evidence for each rule that ran, and notices. Reports read only these.

use super::suppress::{Suppressed, SuppressionIssue};
use crate::position::Position;

/// One script to check.
#[derive(Debug, Clone)]
pub struct Target {
    /// The path shown in reports.
    pub path: String,
    /// The script's file name, the pack's `script` variable.
    pub script: String,
    /// The script's bytes (need not be UTF-8).
    pub bytes: Vec<u8>,
}

/// The outcome of checking one script with one pack.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The script's file name.
    pub script: String,
    /// The path shown in reports.
    pub path: String,
    /// The issues found, in level order then pack order.
    pub findings: Vec<Finding>,
    /// What each selected rule found, in the same order.
    pub evidence: Vec<RuleEvidence>,
    /// Remarks about the run that are not issues (a file that is not UTF-8, a syntax error).
    pub notices: Vec<String>,
    /// Findings silenced by suppression comments or `per-file-ignores` ([`super::suppress`]).
    pub suppressed: Vec<Suppressed>,
    /// rulecheck's own issues about the script's suppression comments, by line.
    pub suppression_issues: Vec<SuppressionIssue>,
}

/// One issue.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Index of the rule in the pack.
    pub rule: usize,
    /// The rule's severity.
    pub severity: crate::pack::Severity,
    /// The rendered message.
    pub message: String,
    /// The rendered recommendation.
    pub recommendation: String,
    /// `script` first, then the rule's rendered details.
    pub details: Vec<(String, String)>,
    /// The file the issue is about, and a place in it when there is one.
    pub location: Location,
}

/// A place a finding or piece of evidence points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file, as shown to the user.
    pub path: String,
    /// Line and column, when the place is inside the file.
    pub position: Option<Position>,
}

impl Location {
    /// The whole file `path`, no place in it.
    pub fn file(path: &str) -> Location {
        Location {
            path: path.to_owned(),
            position: None,
        }
    }

    /// The place of byte `offset` in `bytes`, the text of the file `path`.
    pub fn at(path: &str, bytes: &[u8], offset: usize) -> Location {
        Location {
            path: path.to_owned(),
            position: Some(crate::position::position(bytes, offset)),
        }
    }
}

/// What one rule found (the JSON report's `patterns` entry).
#[derive(Debug, Clone)]
pub struct RuleEvidence {
    /// Index of the rule in the pack.
    pub rule: usize,
    /// Whether it was satisfied, and the evidence.
    pub evidence: Evidence,
    /// For a require rule that fired, a few occurrences of its keywords that were seen as
    /// keyword names or dict keys but did not count, and why.
    pub not_counted: Vec<NotCounted>,
}

/// An occurrence of a keyword that did not count for its rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotCounted {
    /// The keyword as written in the pack.
    pub keyword: String,
    /// Where it occurred.
    pub location: Location,
    /// Why it did not count (``never reaches a `deploy` call``, ``callee excluded: `…` ``,
    /// `file imports none of …`).
    pub reason: String,
}

/// Whether a rule was satisfied, and by what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Evidence {
    /// A keyword occurred in the rule's scopes: the first such occurrence.
    Keyword {
        /// The keyword as written in the pack.
        keyword: String,
        /// Where it occurred.
        location: Location,
    },
    /// A path template resolved to an existing file.
    File {
        /// The file, relative to the root.
        path: String,
    },
    /// Nothing satisfied the rule (it fired).
    Missing,
    /// The rule's target file does not exist, so it did not run.
    Skipped,
    /// A value rule judged `checked` literals, of which `violations` broke a constraint.
    Values {
        /// Literals judged.
        checked: usize,
        /// Literals that broke a constraint (each is a finding).
        violations: usize,
    },
}
