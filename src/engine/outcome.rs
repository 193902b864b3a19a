//! What goes into a check and what comes out: the [`Target`] script, and its [`Outcome`] —
//! findings, the evidence for each rule that ran, and notices — whose [`Location`]s are ranges
//! of bytes in a file's [`SourceText`]. Reports read only these.

use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use crate::pack::Severity;
use crate::position::{Columns, LineIndex, Position};

/// A file's text as a check has it: its path as shown and its bytes. Locations point into it by
/// byte offsets; lines and columns are computed from it when a report shows them.
#[derive(Debug)]
pub struct SourceText {
    /// The path shown in reports.
    pub path: String,
    /// The bytes (need not be UTF-8).
    pub bytes: Vec<u8>,
    /// Where its lines start, found on first use.
    lines: OnceLock<LineIndex>,
}

impl SourceText {
    /// The text of the file shown as `path`.
    pub fn new(path: String, bytes: Vec<u8>) -> Arc<SourceText> {
        Arc::new(SourceText {
            path,
            bytes,
            lines: OnceLock::new(),
        })
    }

    /// The line and column of byte `offset`, the column counted in `columns`.
    pub fn position(&self, offset: usize, columns: Columns) -> Position {
        self.lines
            .get_or_init(|| LineIndex::new(&self.bytes))
            .position(&self.bytes, offset, columns)
    }
}

/// One script to check.
#[derive(Debug, Clone)]
pub struct Target {
    /// The script's file name, the pack's `script` variable.
    pub script: String,
    /// Its path as shown in reports, and its bytes.
    pub text: Arc<SourceText>,
}

impl Target {
    /// The script shown as `path` (its file name is the `script` variable), holding `bytes`.
    pub fn new(path: String, bytes: Vec<u8>) -> Target {
        let script = Path::new(&path)
            .file_name()
            .map_or_else(|| path.clone(), |n| n.to_string_lossy().into_owned());
        Target {
            script,
            text: SourceText::new(path, bytes),
        }
    }

    /// The path shown in reports.
    pub fn path(&self) -> &str {
        &self.text.path
    }

    /// The script's bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.text.bytes
    }
}

/// The outcome of checking one script with one pack.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The script's file name.
    pub script: String,
    /// The script: its path as shown, and its bytes.
    pub text: Arc<SourceText>,
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
    /// The calls of each call set that a `per = "call"` rule judged, by set id (so a report
    /// can tell a file with no such call from one whose calls all pass).
    pub calls: Vec<CallsFound>,
}

/// The calls of one call set found in a script.
#[derive(Debug, Clone)]
pub struct CallsFound {
    /// The set's id.
    pub set: String,
    /// Each call: its callee as written, and the call's place.
    pub calls: Vec<(String, Location)>,
}

/// Another place a finding involves, and what it shows there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// The place.
    pub location: Location,
    /// What it is, when there is more to say than the place (why a keyword there did not
    /// count).
    pub note: Option<String>,
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
    /// Other places the issue involves: the other file of a comparison, the occurrences of a
    /// require rule's keywords that did not count.
    pub related: Vec<Related>,
    /// What would repair it, if the rule declares a fix and one applies here.
    pub fix: Option<super::fix::Fix>,
}

impl Outcome {
    /// The script's path as shown.
    pub fn path(&self) -> &str {
        &self.text.path
    }
}

/// A place a finding or piece of evidence points at: a file, and a range of its bytes.
#[derive(Debug, Clone)]
pub struct Location {
    /// The file.
    pub text: Arc<SourceText>,
    /// The bytes pointed at, or `None` for the whole file.
    pub range: Option<Range<usize>>,
}

impl Location {
    /// The whole file `text`, no place in it.
    pub fn file(text: &Arc<SourceText>) -> Location {
        Location {
            text: Arc::clone(text),
            range: None,
        }
    }

    /// The bytes `range` of `text`.
    pub fn at(text: &Arc<SourceText>, range: Range<usize>) -> Location {
        Location {
            text: Arc::clone(text),
            range: Some(range),
        }
    }

    /// The file, as shown to the user.
    pub fn path(&self) -> &str {
        &self.text.path
    }

    /// The line and column (in characters) where the range starts, when there is one.
    pub fn start(&self) -> Option<Position> {
        self.start_in(Columns::Chars)
    }

    /// The line and column (in characters) just past the range, when there is one.
    pub fn end(&self) -> Option<Position> {
        self.end_in(Columns::Chars)
    }

    /// [`Location::start`], the column counted in `columns`.
    pub fn start_in(&self, columns: Columns) -> Option<Position> {
        let range = self.range.as_ref()?;
        Some(self.text.position(range.start, columns))
    }

    /// [`Location::end`], the column counted in `columns`.
    pub fn end_in(&self, columns: Columns) -> Option<Position> {
        let range = self.range.as_ref()?;
        Some(self.text.position(range.end, columns))
    }
}

impl PartialEq for Location {
    /// The same file, as shown, and the same range.
    fn eq(&self, other: &Location) -> bool {
        self.path() == other.path() && self.range == other.range
    }
}

impl Eq for Location {}

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
    /// A `per = "call"` require rule judged `checked` calls, of which `violations` passed none
    /// of its keywords.
    Calls {
        /// Calls judged.
        checked: usize,
        /// Calls that passed none of the keywords (each is a finding).
        violations: usize,
        /// The first occurrence of a keyword that reaches one of the calls, if any.
        first: Option<(String, Location)>,
    },
    /// A value rule judged `checked` literals, of which `violations` broke a constraint.
    Values {
        /// Literals judged.
        checked: usize,
        /// Literals that broke a constraint (each is a finding).
        violations: usize,
    },
    /// A compare rule compared the items of its two sides.
    Compared {
        /// Distinct items on the script side.
        script: usize,
        /// Distinct items on the companion side.
        companion: usize,
        /// Items on the reported side only (each is a finding).
        differences: usize,
    },
}

/// A finding that a suppression silenced: it is listed, never counted.
#[derive(Debug, Clone)]
pub struct Suppressed {
    /// The finding.
    pub finding: Finding,
    /// The reason the suppression gives.
    pub reason: String,
    /// What suppressed it.
    pub by: SuppressedBy,
}

/// What suppressed a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SuppressedBy {
    /// A `# rulecheck: ignore[…]` (or `ignore-file[…]` when `file_wide`) comment on `line`.
    Comment {
        /// The comment's 1-based line in the script.
        line: usize,
        /// Whether it is an `ignore-file` directive.
        file_wide: bool,
    },
    /// A `per-file-ignores` entry of the configuration `file`, on `line` of it.
    Config {
        /// The configuration file, as shown.
        file: String,
        /// The entry's 1-based line.
        line: usize,
    },
}

/// rulecheck's own issue about a suppression comment (always a WARNING).
#[derive(Debug, Clone)]
pub struct SuppressionIssue {
    /// Which problem it is.
    pub kind: SuppressionProblem,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub recommendation: String,
    /// The comment.
    pub location: Location,
}

/// The problems a suppression comment can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SuppressionProblem {
    /// It names an id that suppressed nothing, or that the pack does not know.
    Unused,
    /// It cannot suppress: no reason, no ids, or an unknown directive.
    Invalid,
}

impl SuppressionProblem {
    /// The issue's category.
    pub fn category(self) -> &'static str {
        match self {
            SuppressionProblem::Unused => "unused_suppression",
            SuppressionProblem::Invalid => "invalid_suppression",
        }
    }

    /// The issue's rule id (rulecheck's own rules are prefixed `rulecheck::`).
    pub fn rule(self) -> &'static str {
        match self {
            SuppressionProblem::Unused => "rulecheck::unused_suppression",
            SuppressionProblem::Invalid => "rulecheck::invalid_suppression",
        }
    }

    /// Both problems, for listings of rules.
    pub const ALL: [SuppressionProblem; 2] =
        [SuppressionProblem::Invalid, SuppressionProblem::Unused];

    /// A one-line description (SARIF's short description).
    pub fn description(self) -> &'static str {
        match self {
            SuppressionProblem::Unused => "A suppression comment that suppresses nothing",
            SuppressionProblem::Invalid => "A suppression comment that cannot suppress anything",
        }
    }

    /// The general advice (SARIF's help).
    pub fn help(self) -> &'static str {
        match self {
            SuppressionProblem::Unused => {
                "Remove the id (or the whole comment) so stale suppressions do not pile up."
            }
            SuppressionProblem::Invalid => {
                "Write `# rulecheck: ignore[ID,...] -- REASON` (or `ignore-file[...]`) with a reason."
            }
        }
    }

    /// Their severity.
    pub const SEVERITY: Severity = Severity::Warning;
}
