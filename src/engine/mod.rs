//! The engine: a compiled pack run on the bytes of one script (and of the companion files the
//! runner found for it). It reads no file and writes nothing.
//!
//! - [`compile`]: a validated pack → one aho-corasick automaton over every keyword, value name
//!   and callee the rules' kinds ask to [`search`] for;
//! - [`check()`]: one script, in phases — [`variables`] → [`plan()`] (which rules run, which
//!   companion files the runner must find) → evidence ([`scan`] through the [`prefilter`], the
//!   Python model of [`source`] on a "maybe", [`calls`] sets) → each rule's evaluation by its
//!   kind ([`crate::kinds`]) → [`findings`];
//! - [`trigger`]: whether a file makes a call of a pack's `route_calls` sets (routing by
//!   content), by a byte test, then on the parse the check shares;
//! - [`suppress`]: `# rulecheck: ignore[…]` comments and `per-file-ignores`, applied to the
//!   findings of one outcome;
//! - [`outcome`]: what goes in ([`Target`]) and what comes out ([`Outcome`]).

pub mod calls;
pub mod check;
pub mod compile;
pub mod evidence;
pub mod file_names;
pub mod findings;
pub mod fix;
pub mod outcome;
pub mod plan;
pub mod prefilter;
pub mod scan;
pub mod search;
pub mod source;
pub mod suppress;
pub mod trigger;
pub mod variables;

pub use check::{check, plan};
pub use compile::CompiledPack;
pub use outcome::{
    Evidence, Finding, Location, NotCounted, Outcome, RuleEvidence, SourceText, Target,
};
pub use plan::{
    Companion, CompanionRequest, Document, DocumentAnswer, DocumentQuery, DocumentSource, Options,
    Plan, Tree,
};
