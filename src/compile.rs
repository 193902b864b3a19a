//! Compiling a validated [`Pack`]: every keyword of every require rule goes into one
//! ASCII-case-insensitive aho-corasick automaton, so each file is scanned once whatever the number
//! of rules; a pattern id maps back to its rule and keyword.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::error::{Error, Result};
use crate::pack::{self, Check, Pack, PackSource};

/// A pack ready to run.
#[derive(Debug)]
pub struct CompiledPack {
    /// The validated pack.
    pub pack: Pack,
    /// All keywords of all require rules.
    pub matcher: AhoCorasick,
    /// For each pattern id of [`Self::matcher`], the rule index and keyword index.
    pub patterns: Vec<(usize, usize)>,
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
    for (rule_index, rule) in pack.rules.iter().enumerate() {
        if let Check::Require(require) = &rule.check {
            for (keyword_index, keyword) in require.keywords.iter().enumerate() {
                keywords.push(keyword.as_str());
                patterns.push((rule_index, keyword_index));
            }
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
    Ok(CompiledPack {
        pack,
        matcher,
        patterns,
    })
}
