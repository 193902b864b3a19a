//! What reports count: [`Counts`] of issues by severity, and the [`Tally`] of counts per rule a
//! report's end can show (the HTML report's rule table and its matrix of packs by levels): each
//! [`Piece`](super::Piece) carries its outcome's, the [`Stream`](super::Stream) adds them up,
//! and the format's end reads the sum from the [`Summary`](super::Summary). Only counts are
//! kept, so memory does not grow with the corpus.

use std::collections::BTreeMap;

use crate::engine::Outcome;
use crate::engine::outcome::SuppressionProblem;
use crate::pack::Severity;

/// Which rule an issue belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RuleKey {
    /// A rule of the pack, by its index in the pack.
    Pack(usize),
    /// rulecheck's own rule about suppression comments.
    Own(SuppressionProblem),
}

/// Issues and suppressed findings per rule, by pack index and rule.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    counts: BTreeMap<(usize, RuleKey), Counts>,
}

impl Tally {
    /// The counts of one outcome of pack `pack`: its issues by severity and its suppressed
    /// findings, per rule.
    pub fn of(pack: usize, outcome: &Outcome) -> Tally {
        let mut tally = Tally::default();
        for finding in &outcome.findings {
            tally
                .entry(pack, RuleKey::Pack(finding.rule))
                .add(finding.severity);
        }
        for issue in &outcome.suppression_issues {
            tally
                .entry(pack, RuleKey::Own(issue.kind))
                .add(SuppressionProblem::SEVERITY);
        }
        for suppressed in &outcome.suppressed {
            tally
                .entry(pack, RuleKey::Pack(suppressed.finding.rule))
                .suppressed += 1;
        }
        tally
    }

    fn entry(&mut self, pack: usize, rule: RuleKey) -> &mut Counts {
        self.counts.entry((pack, rule)).or_default()
    }

    /// Adds another tally's counts to these.
    pub fn merge(&mut self, other: Tally) {
        for (key, counts) in other.counts {
            *self.counts.entry(key).or_default() += counts;
        }
    }

    /// The counts of one rule of pack `pack` (all zero when it reported nothing).
    pub fn get(&self, pack: usize, rule: RuleKey) -> Counts {
        self.counts.get(&(pack, rule)).copied().unwrap_or_default()
    }

    /// Every rule that counted something, with its counts, by pack index and rule.
    pub fn iter(&self) -> impl Iterator<Item = (usize, RuleKey, Counts)> + '_ {
        self.counts
            .iter()
            .map(|(&(pack, rule), &counts)| (pack, rule, counts))
    }
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, other: Counts) {
        self.error += other.error;
        self.warning += other.warning;
        self.info += other.info;
        self.suppressed += other.suppressed;
        self.unchanged += other.unchanged;
    }
}

/// Counts of reported issues by severity, of suppressed findings, and of issues `--baseline`
/// has already (these two count for nothing else).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// ERROR issues.
    pub error: usize,
    /// WARNING issues.
    pub warning: usize,
    /// INFO issues.
    pub info: usize,
    /// Suppressed findings.
    pub suppressed: usize,
    /// Issues the `--baseline` report has, not reported.
    pub unchanged: usize,
}

impl Counts {
    /// Counts the issues an outcome reports (its findings and rulecheck's own suppression
    /// issues) and its suppressed findings.
    pub fn of(outcome: &Outcome) -> Counts {
        let mut counts = Counts {
            suppressed: outcome.suppressed.len(),
            ..Counts::default()
        };
        let severities = outcome.findings.iter().map(|f| f.severity).chain(
            outcome
                .suppression_issues
                .iter()
                .map(|_| SuppressionProblem::SEVERITY),
        );
        for severity in severities {
            counts.add(severity);
        }
        counts
    }

    /// Counts one more issue of `severity`.
    pub fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.error += 1,
            Severity::Warning => self.warning += 1,
            Severity::Info => self.info += 1,
        }
    }

    /// All reported issues.
    pub fn total(self) -> usize {
        self.error + self.warning + self.info
    }

    /// Whether some finding is at or above `threshold`.
    pub fn reach(self, threshold: Severity) -> bool {
        [
            (Severity::Error, self.error),
            (Severity::Warning, self.warning),
            (Severity::Info, self.info),
        ]
        .into_iter()
        .any(|(severity, count)| count > 0 && severity >= threshold)
    }
}
