//! rulecheck: a rule engine for Python sources driven by declarative TOML rule packs.
//!
//! The flow of one run ([`run::run`]):
//!
//! 1. [`pack::locate`] finds the pack (a file, a `--pack-dir` folder, `./rules`, or built in);
//! 2. [`pack::load`] parses the TOML ([`pack::model`]) and validates it into a [`pack::Pack`],
//!    failing with file:line:col at the first wrong key;
//! 3. [`compile`] puts every keyword into one aho-corasick automaton;
//! 4. [`check`] reads each script once (and the companion files its path rules name under the
//!    root) and turns the rules into findings with evidence;
//! 5. [`report`] renders them as text or as cursus-compatible JSON, merging `--existing` results
//!    ([`existing`]).
//!
//! No pack is named in this crate: what a pack checks lives in its TOML file.

pub mod calls;
pub mod check;
pub mod compile;
pub mod describe;
pub mod error;
pub mod existing;
pub mod layout;
pub mod pack;
pub mod python;
pub mod report;
pub mod route;
pub mod run;
pub mod scope;
pub mod selftest;
pub mod shape;
pub mod template;
pub mod text;
pub mod value;

pub use check::{Finding, Outcome, Target, check};
pub use compile::CompiledPack;
pub use error::{Error, Result};
pub use pack::Severity;
