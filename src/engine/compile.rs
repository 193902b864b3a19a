//! Compiling a validated [`Pack`] (the step after validation, before any file is read): every
//! keyword of every require rule, every name of every value rule and every callee of every call
//! set becomes a needle of one aho-corasick automaton, so each file is scanned once whatever the
//! number of rules; a needle maps back to the [`Role`]s it plays in rules and call sets. The
//! names and callees only feed the [prefilter](super::prefilter): a file in which no name of a
//! value rule occurs is never parsed for it, and a keyword argument needs a callee before it on
//! its line.
//!
//! Matching ignores ASCII case. Needles are lowercased and deduplicated, and the automaton runs
//! leftmost-longest over the lowercased file, restarting one byte after each match start: that
//! finds every occurrence of every needle, overlapping ones included (the needles starting at
//! one offset are all prefixes of the longest one there), several times faster than an
//! overlapping case-insensitive search, because a case-sensitive leftmost automaton gets a
//! vectorised prefilter.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Input, MatchKind};

use super::file_names::FileNames;
use super::prefilter::needle::callee_needle;
use super::prefilter::presence::CallPresence;
use super::source::ModelCell;
use super::trigger::Trigger;
use crate::error::{Error, Result};
use crate::pack::{self, Pack, PackSource};
use crate::python::Wants;

/// A pack ready to run.
#[derive(Debug)]
pub struct CompiledPack {
    /// The validated pack.
    pub pack: Pack,
    /// The needles, lowercased and deduplicated.
    texts: Vec<String>,
    /// Their leftmost-longest automaton of the plain kind, built at load: building it is what
    /// can fail (a pack too large), so a pack that cannot be searched is refused before any
    /// file is read.
    needles: AhoCorasick,
    /// The automaton the scan uses, of the kind that searches fastest: built the first time a
    /// file is scanned with the pack (once per run, shared by the workers), so a pack no file
    /// uses never pays for it.
    fast: OnceLock<AhoCorasick>,
    /// The needles of the call sets, for the prefilter's one-pass test of which sets a file may
    /// call: built the first time a file needs it, like `fast`.
    presence: OnceLock<CallPresence>,
    /// Each needle's length.
    lengths: Vec<usize>,
    /// The roles each needle plays (several rules may share one).
    uses: Vec<Vec<Role>>,
    /// For each needle, the needles that are prefixes of it (itself included), shortest first.
    prefixes: Vec<Vec<usize>>,
    /// What parses compute: the data flow when a rule reads it (`reaching_arguments`,
    /// `per = "call"`, value rules with `calls`), the script facts when a rule compares them.
    pub wants: Wants,
    /// The pack's `files` globs, to tell the scripts it claims by name.
    pub names: FileNames,
    /// The byte test of the pack's `route_calls` sets, when it names any.
    pub trigger: Option<Trigger>,
}

/// A role a needle of the automaton plays: what its occurrences may be evidence of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
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
    /// Callee `callee` of call set `set` (see [`callee_needle`]).
    Callee {
        /// The call set's index.
        set: usize,
        /// The callee's index in the set.
        callee: usize,
    },
}

/// One occurrence of a needle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence<'a> {
    /// Where it is.
    pub range: Range<usize>,
    /// The roles it plays.
    pub roles: &'a [Role],
}

/// The occurrences of a pack's needles in one file, by start offset (see the module docs).
#[derive(Debug)]
pub struct Occurrences<'a> {
    compiled: &'a CompiledPack,
    lowered: &'a [u8],
    /// Where the next search starts.
    from: usize,
    /// The start of the last match, and the needles there not yet yielded.
    start: usize,
    pending: &'a [usize],
}

impl<'a> Iterator for Occurrences<'a> {
    type Item = Occurrence<'a>;

    fn next(&mut self) -> Option<Occurrence<'a>> {
        loop {
            if let Some((&needle, rest)) = self.pending.split_first() {
                self.pending = rest;
                return Some(Occurrence {
                    range: self.start..self.start + self.compiled.lengths[needle],
                    roles: &self.compiled.uses[needle],
                });
            }
            if self.from >= self.lowered.len() {
                return None;
            }
            let found = self
                .compiled
                .automaton()
                .find(Input::new(self.lowered).range(self.from..))?;
            self.start = found.start();
            self.from = found.start() + 1;
            self.pending = &self.compiled.prefixes[found.pattern().as_usize()];
        }
    }
}

impl CompiledPack {
    /// Loads, validates and compiles a pack.
    pub fn load(source: &PackSource) -> Result<CompiledPack> {
        compile(pack::load(source)?)
    }

    /// The needles of the pack's call sets, compiled on first use (once per run, shared by the
    /// workers).
    pub fn call_presence(&self) -> &CallPresence {
        self.presence.get_or_init(|| CallPresence::new(&self.pack))
    }

    /// The id of the `route_calls` set a call of which the script `bytes` makes, if any, its
    /// model parsed into `model` only when the byte test lets it through
    /// ([`Trigger::routes`]).
    pub fn routes(&self, bytes: &[u8], model: &ModelCell) -> Option<&str> {
        self.trigger.as_ref()?.routes(&self.pack, bytes, model)
    }

    /// The fast automaton, built on first use from the same needles as the one built at load
    /// (which it stays, should the faster kinds not fit: they are tried, then given up, by
    /// aho-corasick itself).
    fn automaton(&self) -> &AhoCorasick {
        self.fast.get_or_init(|| {
            needle_automaton(&self.texts, None).unwrap_or_else(|_| self.needles.clone())
        })
    }

    /// Every occurrence of every needle in `lowered`, a file's bytes with ASCII letters
    /// lowercased (`<[u8]>::to_ascii_lowercase`), overlapping ones included, by start offset
    /// and, at one start, shortest first.
    pub fn occurrences<'a>(&'a self, lowered: &'a [u8]) -> Occurrences<'a> {
        Occurrences {
            compiled: self,
            lowered,
            from: 0,
            start: 0,
            pending: &[],
        }
    }
}

/// Compiles a validated pack.
pub fn compile(pack: Pack) -> Result<CompiledPack> {
    let mut texts: Vec<(String, Role)> = Vec::new();
    for (rule, definition) in pack.rules.iter().enumerate() {
        if let Some(search) = definition.check.keyword_search() {
            for (keyword, text) in search.keywords.iter().enumerate() {
                texts.push((text.clone(), Role::Keyword { rule, keyword }));
            }
        }
        if let Some(search) = definition.check.value_search() {
            for (name, text) in search.names.iter().enumerate() {
                texts.push((text.clone(), Role::Name { rule, name }));
            }
        }
    }
    for (index, set) in pack.call_sets.iter().enumerate() {
        for callee in 0..set.callees.len() {
            if let Some(needle) = callee_needle(set, callee) {
                texts.push((needle.to_owned(), Role::Callee { set: index, callee }));
            }
        }
    }
    let mut needles: Vec<String> = Vec::new();
    let mut uses: Vec<Vec<Role>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (text, pattern) in texts.into_iter().filter(|(t, _)| !t.is_empty()) {
        let text = text.to_ascii_lowercase();
        match index.get(&text) {
            Some(&i) => uses[i].push(pattern),
            None => {
                index.insert(text.clone(), needles.len());
                needles.push(text);
                uses.push(vec![pattern]);
            }
        }
    }
    let lengths: Vec<usize> = needles.iter().map(String::len).collect();
    // A needle's prefixes that are needles too, shortest first.
    let prefixes = needles
        .iter()
        .map(|needle| {
            (1..=needle.len())
                .filter_map(|end| needle.get(..end).and_then(|prefix| index.get(prefix)))
                .copied()
                .collect()
        })
        .collect();
    let automaton =
        needle_automaton(&needles, Some(AhoCorasickKind::NoncontiguousNFA)).map_err(|e| {
            Error::Usage {
                message: format!("pack `{}` is too large to compile: {e}", pack.name),
                help: "split the pack or shorten its keyword lists".into(),
            }
        })?;
    // Routing by content tells a call of an in-file function by what its body calls, which
    // the data flow knows.
    let wants = Wants {
        flow: !pack.route_calls.is_empty() || pack.rules.iter().any(|rule| rule.check.reads_flow()),
        facts: pack.rules.iter().any(|rule| rule.check.reads_facts()),
    };
    Ok(CompiledPack {
        names: FileNames::new(&pack)?,
        wants,
        trigger: Trigger::new(&pack)?,
        pack,
        texts: needles,
        needles: automaton,
        fast: OnceLock::new(),
        presence: OnceLock::new(),
        lengths,
        uses,
        prefixes,
    })
}

/// The leftmost-longest automaton of `needles`, of `kind` (`None`: the fastest that fits).
fn needle_automaton(
    needles: &[String],
    kind: Option<AhoCorasickKind>,
) -> std::result::Result<AhoCorasick, aho_corasick::BuildError> {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(kind)
        .build(needles)
}

/// Packs for unit tests.
#[cfg(test)]
pub(crate) mod test_packs {
    use super::CompiledPack;
    use crate::pack::{Origin, PackSource};

    /// A pack of one level, `one`, with the given TOML tables after its `[pack]` table.
    pub(crate) fn with(tables: &str) -> CompiledPack {
        let text = format!(
            r#"
[pack]
name = "t"
step_type = "T"
source = "TEnhancer"
version = "1"
levels = ["one"]
{tables}
"#
        );
        let source = PackSource {
            origin: Origin::BuiltIn,
            stem: "t".into(),
            text,
        };
        CompiledPack::load(&source).unwrap_or_else(|e| panic!("{e}"))
    }

    /// A pack with one require rule, `r`, given its other keys (and any tables after it).
    pub(crate) fn require(rule_keys: &str) -> CompiledPack {
        with(&format!(
            r#"
[[rule]]
id = "r"
kind = "require"
level = "one"
category = "missing_r"
severity = "INFO"
message = "m"
recommendation = "r"
{rule_keys}
"#
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compiled(keywords: &[&str]) -> CompiledPack {
        test_packs::require(&format!("keywords = {keywords:?}"))
    }

    #[test]
    fn occurrences_are_those_of_an_overlapping_case_insensitive_search() {
        let keywords = ["ab", "abc", "bc", "b", "cab", "abcab", "BCA", "AB"];
        let pack = compiled(&keywords);
        // A deterministic jumble of the keywords' letters, in both cases.
        let mut state = 7u32;
        let text: Vec<u8> = (0..4000)
            .map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                b"abcABC x"[(state >> 16) as usize % 8]
            })
            .collect();
        let reference = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .build(keywords)
            .unwrap_or_else(|e| panic!("{e}"));
        let mut expected: Vec<(usize, usize, usize)> = reference
            .find_overlapping_iter(&text)
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect();
        let mut found = Vec::new();
        let mut last_start = 0;
        for occurrence in pack.occurrences(&text.to_ascii_lowercase()) {
            assert!(occurrence.range.start >= last_start, "out of order");
            last_start = occurrence.range.start;
            for role in occurrence.roles {
                let Role::Keyword { keyword, .. } = role else {
                    panic!("unexpected {role:?}");
                };
                found.push((occurrence.range.start, occurrence.range.end, *keyword));
            }
        }
        expected.sort();
        found.sort();
        assert!(expected.len() > 1000, "too few occurrences to compare");
        assert_eq!(found, expected);
    }
}
