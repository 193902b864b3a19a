//! The second phase of a check: which rules run on a script, and which companion files (the
//! files path rules name under the root) the runner must look for, and read, before the
//! evidence phase. The engine itself touches no file: the runner answers a [`Plan`] with
//! [`Companion`]s.

use std::sync::Arc;

use super::compile::CompiledPack;
use super::outcome::{Target, Text};
use super::variables;
use crate::pack::PathSearch;

/// Which part of a pack to run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The level indices to run, or `None` for all.
    pub levels: Option<Vec<usize>>,
    /// The rule indices to run (within those levels), or `None` for all.
    pub rules: Option<Vec<usize>>,
}

/// What checking one script needs.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The values of the pack's variables for the script.
    pub(super) vars: Vec<String>,
    /// By rule index, whether the rule runs.
    pub(super) selected: Vec<bool>,
    /// The path rules whose file must be looked for, in pack order.
    pub companions: Vec<CompanionRequest>,
}

/// A path rule's file the runner must look for under the root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanionRequest {
    /// The path rule's index.
    pub rule: usize,
    /// The paths it accepts, relative to the root, in order of preference.
    pub candidates: Vec<String>,
    /// Whether a rule that runs searches the file found, so its bytes are needed.
    pub read: bool,
    /// Whether each candidate is also looked for in the script's folder and every folder above
    /// it within the root, nearest first (`search = "upward"`), rather than at the root only.
    pub upward: bool,
}

/// How the runner answered a [`CompanionRequest`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Companion {
    /// No candidate exists.
    Missing,
    /// The first candidate that exists.
    Found {
        /// The path relative to the root.
        rel: String,
        /// The path as shown to the user.
        shown: String,
        /// Its text, when the request asked to read it and it was not too large to read (the
        /// rules that search it are then skipped).
        text: Option<Arc<Text>>,
    },
}

/// Plans the check of `target`: its variables, the rules that run, the companion files.
pub fn plan(compiled: &CompiledPack, target: &Target, options: &Options) -> Plan {
    let pack = &compiled.pack;
    let vars = variables::values(&pack.variables, &target.script, target.bytes());
    let selected: Vec<bool> = pack
        .rules
        .iter()
        .enumerate()
        .map(|(index, rule)| {
            options
                .levels
                .as_ref()
                .is_none_or(|l| l.contains(&rule.level))
                && options.rules.as_ref().is_none_or(|r| r.contains(&index))
                && rule
                    .when
                    .iter()
                    .all(|(var, allowed)| allowed.contains(&vars[*var]))
        })
        .collect();
    let read = |path_rule: usize| {
        (0..pack.rules.len())
            .any(|rule| selected[rule] && pack.rules[rule].check.target() == Some(path_rule))
    };
    let values: Vec<&str> = vars.iter().map(String::as_str).collect();
    let companions = pack
        .rules
        .iter()
        .enumerate()
        .filter_map(|(index, rule)| {
            let (templates, search) = rule.check.companion()?;
            (selected[index] || read(index)).then(|| CompanionRequest {
                rule: index,
                candidates: templates.iter().map(|t| t.render(&values)).collect(),
                read: read(index),
                upward: search == PathSearch::Upward,
            })
        })
        .collect();
    Plan {
        vars,
        selected,
        companions,
    }
}
