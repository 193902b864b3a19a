//! rulecheck: a rule engine for Python sources driven by declarative TOML rule packs.
//!
//! The flow of one run, stage by stage (each a folder):
//!
//! 1. [`cli`]: a command — `check` by default — with its options, merged over the project's
//!    [`config`] file;
//! 2. [`pack`]: find the pack ([`pack::locate`]: a file, a `--pack-dir` folder, `./rules`, or
//!    built in), parse its TOML ([`pack::model`]) and validate it into a [`pack::Pack`],
//!    failing with file:line:col at the wrong key;
//! 3. [`engine::compile`](mod@engine::compile): every keyword, value name and callee into one aho-corasick
//!    automaton;
//! 4. [`run`]: list the files in report order (walk folders, route each file to its packs) and,
//!    on several threads, read each script and the companion files its plan names — all the I/O;
//! 5. [`engine::check()`]: on those bytes, in phases — variables → plan → evidence (the
//!    [`engine::prefilter`] says no, maybe or yes; only a maybe builds the [`python`] source
//!    model) → findings;
//! 6. [`engine::suppress`]: `# rulecheck: ignore[…]` comments and `per-file-ignores` move
//!    findings aside, with their reasons;
//! 7. [`report`]: text, cursus-compatible JSON (merging `--existing` results), SARIF or GitHub
//!    workflow commands, written while the checks run, in path order ([`report::Stream`]).
//!
//! Beside the flow, [`structured`] parses companion files (YAML, JSON, TOML, pip requirements)
//! into one positioned tree, with selectors to take values out of it.
//!
//! No pack is named in this crate: what a pack checks lives in its TOML file.

pub mod bounded;
pub mod checker;
pub mod cli;
pub mod config;
pub mod engine;
pub mod error;
pub mod kinds;
pub mod pack;
pub mod position;
pub mod python;
pub mod report;
pub mod run;
pub mod server;
pub mod settings;
pub mod structured;
pub mod suggest;

pub use engine::{CompiledPack, Finding, Outcome, Target, check};
pub use error::{Error, Result};
pub use pack::Severity;
