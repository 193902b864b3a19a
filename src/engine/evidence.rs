//! The evidence phase's results, as rule kinds read them to judge their rules ([`Evaluation`]),
//! and what a rule gives back when it fires ([`Fired`]). Nothing here knows a pack: a kind
//! evaluates its rule from these alone.

use super::outcome::{Evidence, Location, NotCounted, Related, Target};
use std::sync::Arc;

use super::plan::{Companion, CompanionRequest, Document};
use super::source::SourceFile;
use crate::pack::types::{BindingSpec, CallSet};

/// What one automaton pass over a file found.
pub struct Scan {
    /// For each require rule `wants` accepts, its first occurrence in scope.
    pub hits: Vec<Option<Evidence>>,
    /// For each value rule `wants` accepts, whether one of its names may bind a literal.
    pub names_seen: Vec<bool>,
    /// For each require rule, whether the source model was asked about one of its occurrences
    /// (a prefilter's "maybe").
    pub asked: Vec<bool>,
    /// For each require rule with the `reaching_arguments` scope, up to three
    /// occurrences that were keyword names or dict keys but did not count, and why.
    pub not_counted: Vec<Vec<NotCounted>>,
    /// By call set, for the sets a wanted `per = "call"` rule judges: whether the file may hold
    /// one of its calls (the prefilter's test; `false` settles it without a parse).
    pub may_call: Vec<bool>,
}

/// What a rule's kind reads to evaluate the rule: the evidence phase's results.
pub struct Evaluation<'a, 'f> {
    /// The pack's call sets.
    pub call_sets: &'a [CallSet],
    /// The pack's `[[binding]]`s.
    pub bindings: &'a [BindingSpec],
    /// The script.
    pub target: &'a Target,
    /// The script, with its source model (parsed on first use).
    pub script: &'a SourceFile<'f>,
    /// By rule index, a path rule's companion request and the runner's answer (`None`: the
    /// rule's file was not asked for).
    pub companions: &'a [Option<(&'a CompanionRequest, &'a Companion)>],
    /// By rule index, the structured files found for each of the rule's document queries.
    pub documents: &'a [&'a [Vec<Arc<Document>>]],
    /// What the automaton passes found, the companion files' merged in; a kind takes what it
    /// uses.
    pub scan: &'a mut Scan,
    /// Whether the pack claims the script by name: its `files` globs, or an `[[index]]` that
    /// routes it.
    pub named: bool,
    /// By call set, the calls a `per = "call"` rule found (the first such rule records them).
    pub calls: Vec<Option<Vec<(String, Location)>>>,
}

/// What fired for one rule: the `path` the finding is about, the judged `(value, key)` of a
/// value rule, and where it points.
pub struct Fired {
    /// The `path` variable of the finding.
    pub path: String,
    /// A value rule's literal and the name it is bound to.
    pub value: Option<(String, String)>,
    /// Where the finding points.
    pub location: Location,
    /// A value rule's nearest allowed value, shown in the message and as `details.suggestion`.
    pub suggestion: Option<String>,
    /// A compare rule's item found on one side only.
    pub item: Option<String>,
    /// Other places the finding involves (the other file of a comparison).
    pub related: Vec<Related>,
    /// For a finding about one call: its callee as written (`{call}`; `{line}` is the
    /// location's line).
    pub call: Option<String>,
    /// What would repair it (a value rule's literal replaced by its suggestion).
    pub fix: Option<super::fix::Fix>,
}

impl Fired {
    /// A firing about `path` at `location`, with nothing else.
    pub fn at(path: String, location: Location) -> Fired {
        Fired {
            path,
            value: None,
            location,
            suggestion: None,
            item: None,
            related: Vec::new(),
            call: None,
            fix: None,
        }
    }
}

/// The evidence of a rule that found nothing and fired once, about `path`, at `location`.
pub fn missing(path: &str, location: Location) -> (Evidence, Vec<Fired>) {
    (
        Evidence::Missing,
        vec![Fired::at(path.to_owned(), location)],
    )
}
