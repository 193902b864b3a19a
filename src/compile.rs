//! Compiling a validated [`Pack`]: every keyword of every require rule, and every name of every
//! value rule, goes into one ASCII-case-insensitive aho-corasick automaton, so each file is
//! scanned once whatever the number of rules; a pattern id maps back to its rule. The names only
//! prefilter: a file in which no name of a value rule occurs is never parsed for it.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use globset::{GlobSet, GlobSetBuilder};

use crate::error::{Error, Result};
use crate::pack::{self, CalleeMatch, Check, Pack, PackSource};

/// A pack ready to run.
#[derive(Debug)]
pub struct CompiledPack {
    /// The validated pack.
    pub pack: Pack,
    /// All keywords of all require rules.
    pub matcher: AhoCorasick,
    /// What each pattern id of [`Self::matcher`] stands for.
    pub patterns: Vec<Pattern>,
    /// The pack's including `files` globs, for routing.
    pub files: GlobSet,
    /// The text of each glob of [`Self::files`], by its index in the set.
    pub file_globs: Vec<String>,
    /// The pack's `!glob` entries: files they match are never routed to the pack.
    pub files_excluded: GlobSet,
    /// For each call set, an automaton finding its callees' (last) names in raw text: a file
    /// without any cannot contain a call of the set, and needs no parse for it.
    pub callee_finders: Vec<AhoCorasick>,
}

/// What one pattern of the automaton stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    /// Keyword `keyword` of require rule `rule`.
    Keyword {
        /// The rule's index.
        rule: usize,
        /// The keyword's index in the rule.
        keyword: usize,
    },
    /// Name `name` of value rule `rule`.
    Name {
        /// The rule's index.
        rule: usize,
        /// The name's index in the rule.
        name: usize,
    },
}

impl CompiledPack {
    /// Loads, validates and compiles a pack.
    pub fn load(source: &PackSource) -> Result<CompiledPack> {
        compile(pack::load(source)?)
    }
}

/// Compiles a validated pack.
pub fn compile(pack: Pack) -> Result<CompiledPack> {
    let mut keywords = Vec::new();
    let mut patterns = Vec::new();
    for (rule, definition) in pack.rules.iter().enumerate() {
        match &definition.check {
            Check::Require(require) => {
                for (keyword, text) in require.keywords.iter().enumerate() {
                    keywords.push(text.as_str());
                    patterns.push(Pattern::Keyword { rule, keyword });
                }
            }
            Check::Value(value) => {
                for (name, text) in value.names.iter().enumerate() {
                    keywords.push(text.as_str());
                    patterns.push(Pattern::Name { rule, name });
                }
            }
            Check::Path(_) => {}
        }
    }
    // Case-sensitive keywords are verified byte-for-byte after an insensitive hit, so one
    // automaton serves both; Standard semantics give overlapping matches for every keyword.
    let matcher = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .build(&keywords)
        .map_err(|e| Error::Usage {
            message: format!("pack `{}` is too large to compile: {e}", pack.name),
            help: "split the pack or shorten its keyword lists".into(),
        })?;
    let mut included = GlobSetBuilder::new();
    let mut excluded = GlobSetBuilder::new();
    let mut file_globs = Vec::new();
    for entry in &pack.files {
        if entry.excludes {
            excluded.add(entry.glob.clone());
        } else {
            included.add(entry.glob.clone());
            file_globs.push(entry.text.clone());
        }
    }
    let build = |set: GlobSetBuilder| {
        set.build().map_err(|e| Error::Usage {
            message: format!(
                "pack `{}`: its `files` globs do not compile: {e}",
                pack.name
            ),
            help: "simplify the globs".into(),
        })
    };
    let files = build(included)?;
    let files_excluded = build(excluded)?;
    let callee_finders = pack
        .call_sets
        .iter()
        .map(|set| {
            let names: Vec<&str> = set
                .callees
                .iter()
                .map(|callee| match set.mode {
                    CalleeMatch::Substring => callee.as_str(),
                    CalleeMatch::Name | CalleeMatch::Exact => {
                        callee.rsplit('.').next().unwrap_or(callee)
                    }
                })
                .collect();
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(set.mode == CalleeMatch::Substring)
                .build(&names)
                .map_err(|e| Error::Usage {
                    message: format!(
                        "pack `{}`: call set `{}` does not compile: {e}",
                        pack.name, set.id
                    ),
                    help: "shorten its callees".into(),
                })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(CompiledPack {
        pack,
        matcher,
        patterns,
        files,
        file_globs,
        files_excluded,
        callee_finders,
    })
}
