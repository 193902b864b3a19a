//! What the second phase of a check decides ([`super::check::plan`]): which rules run on a
//! script, and which companion files (the files path rules name under the root) the runner must
//! look for, and read, before the evidence phase. The engine itself touches no file: the runner
//! answers a [`Plan`] with [`Companion`]s.

use std::sync::Arc;

use super::outcome::SourceText;
use crate::structured::{Format, Node, Selector};

/// Which part of a pack to run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The level indices to run, or `None` for all.
    pub levels: Option<Vec<usize>>,
    /// The rule indices to run (within those levels), or `None` for all.
    pub rules: Option<Vec<usize>>,
}

/// What the run knows of the tree a script is checked in, for its plan.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tree<'a> {
    /// By the pack's `[[index]]`, whether the index has a file for the script.
    pub indexed: &'a [bool],
    /// By the pack's `[[layout]]`, whether the tree under the root has the layout.
    pub layouts: &'a [bool],
}

/// What checking one script needs.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The values of the pack's variables for the script.
    pub(super) vars: Vec<String>,
    /// By rule index, whether the rule runs.
    pub(super) selected: Vec<bool>,
    /// By rule index, whether the rule would run but the tree lacks its layout: it does not
    /// run, and is reported as skipped.
    pub(super) outside_layout: Vec<bool>,
    /// The path rules whose file must be looked for, in pack order.
    pub companions: Vec<CompanionRequest>,
    /// The rules that run and read structured files ([`DocumentQuery`]s), in pack order.
    pub documents: Vec<usize>,
    /// Whether the pack claims the script by name: its `files` globs, or an `[[index]]` that
    /// names it.
    pub(super) named: bool,
}

/// Where a rule's structured files come from.
#[derive(Debug, Clone)]
pub enum DocumentSource {
    /// The file the pack's `[[index]]` of this index has for the script.
    Index(usize),
    /// Every file whose name matches the glob in the script's folder and each folder above it,
    /// up to the root, nearest first.
    Upward {
        /// The file-name glob, as written.
        pattern: String,
        /// It, compiled.
        glob: globset::GlobMatcher,
        /// The files' format, or `None` to take it from each file's name.
        format: Option<Format>,
    },
}

/// Structured files a rule reads, and what it selects in each.
#[derive(Debug, Clone)]
pub struct DocumentQuery {
    /// Where the files come from.
    pub from: DocumentSource,
    /// What is taken out of each.
    pub select: Selector,
}

/// A structured file, parsed.
#[derive(Debug)]
pub struct Document {
    /// Its path relative to the root.
    pub rel: String,
    /// Its text (its `path` as shown to the user).
    pub text: Arc<SourceText>,
    /// Its tree.
    pub root: Node,
}

/// The files found for one rule's [`DocumentQuery`]s: for each query, in its order, the files.
#[derive(Debug, Clone)]
pub struct DocumentAnswer {
    /// The rule.
    pub rule: usize,
    /// By query, the files found.
    pub files: Vec<Vec<Arc<Document>>>,
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
#[derive(Debug, Clone)]
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
        text: Option<Arc<SourceText>>,
    },
}
