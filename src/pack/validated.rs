//! The validated form of a pack: every name resolved to an index, every template parsed, every
//! regex compiled, each rule's check built by its kind. Built by validation; read by
//! compilation and checking.

use super::Origin;
use super::model::Severity;
use super::template::Template;
use super::types::{BindingSpec, CallSet, Example, FileGlob, IndexSpec, LayoutSpec, VariableTable};
use crate::error::PackDiagnostic;
use crate::kinds::Check;

/// A loaded, validated pack.
#[derive(Debug)]
pub struct Pack {
    /// The pack's name.
    pub name: String,
    /// The step type reported in issues.
    pub step_type: String,
    /// The source label reported in issues.
    pub source_label: String,
    /// The pack's version.
    pub version: String,
    /// What the pack checks.
    pub description: String,
    /// The levels, in run order.
    pub levels: Vec<String>,
    /// The `files` entries: globs of the files the pack applies to when routing.
    pub files: Vec<FileGlob>,
    /// Extensions of the files considered when walking a directory.
    pub extensions: Vec<String>,
    /// The call sets (by index) a call of which routes a file to the pack by its content.
    pub route_calls: Vec<usize>,
    /// Where the pack was loaded from.
    pub origin: Origin,
    /// The variables templates may use.
    pub variables: VariableTable,
    /// The `[[calls]]` sets, by index.
    pub call_sets: Vec<CallSet>,
    /// The `[[binding]]` declarations.
    pub bindings: Vec<BindingSpec>,
    /// The `[[index]]` tables, by index.
    pub indexes: Vec<IndexSpec>,
    /// The `[[layout]]` tables, by index.
    pub layouts: Vec<LayoutSpec>,
    /// The rules, in pack order.
    pub rules: Vec<Rule>,
    /// Things that load but look wrong (`rulecheck validate` shows them).
    pub warnings: Vec<PackDiagnostic>,
}

/// A validated rule.
#[derive(Debug)]
pub struct Rule {
    /// Unique id within the pack.
    pub id: String,
    /// Index into [`Pack::levels`].
    pub level: usize,
    /// Issue category.
    pub category: String,
    /// Issue severity.
    pub severity: Severity,
    /// What the rule looks for.
    pub description: String,
    /// Issue message.
    pub message: Template,
    /// A `per = "call"` require rule's message for a script judged as a whole (its
    /// `file_message`): one the pack claims by name that makes no call of the rule's set.
    pub file_message: Option<Template>,
    /// Issue recommendation.
    pub recommendation: Template,
    /// Extra details entries, sorted by key.
    pub details: Vec<(String, Template)>,
    /// What the rule checks: its kind's check ([`crate::kinds`]).
    pub check: Check,
    /// `(detected variable index, allowed values)`: the rule runs only when each holds.
    pub when: Vec<(usize, Vec<String>)>,
    /// The index whose file for a script keeps the rule from running on it.
    pub unless_indexed: Option<usize>,
    /// The layout the tree must have for the rule to run (elsewhere it is skipped).
    pub layout: Option<usize>,
    /// Inline examples the rule must fire on or stay quiet on.
    pub examples: Vec<Example>,
}
