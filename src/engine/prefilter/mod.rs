//! The prefilter: every lexical test that decides, from the bytes around an occurrence and
//! without parsing, whether the occurrence can be evidence for a rule. In the flow it sits
//! between the automaton scan and the Python source model: only a [`Verdict::Maybe`] can make
//! a file be parsed.
//!
//! **The contract** (as aho-corasick's prefilters): a verdict may be too generous, never too
//! strict. [`Verdict::No`] is given only when no parse could make the occurrence count;
//! [`Verdict::Yes`] only when it counts whatever the parse would say (a textual scope);
//! everything else is [`Verdict::Maybe`], and the source model decides. So a hit that could
//! count is never dropped, and most files are never parsed.
//!
//! The tests, each in its own place:
//! - the rule's case and whole-word settings ([`keyword`]);
//! - the shapes after a name: `=`, a string dict key's `:`, what may start a literal
//!   ([`shape`]);
//! - a callee of the rule's call set earlier on the occurrence's logical line, outside strings
//!   and comments ([`Callees`], on the light tokenizer of [`layout`]).
//!
//! Known blind spots are listed in [`shape`]; the differential tests in
//! `tests/stdlib_corpus.rs` check [`layout`] against the parser on the whole standard library.

pub mod layout;
pub mod shape;

use std::ops::Range;

use super::compile::CompiledPack;
use super::source::SourceFile;
use crate::pack::{Binding, CallSet, CalleeMatch, Check, MatchMode, Require, Scope};
use layout::Opaque;

/// What the prefilter says of one occurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// It cannot count, whatever a parse would say.
    No,
    /// It may count: the source model must decide (the file is parsed).
    Maybe,
    /// It counts, without a parse.
    Yes,
}

/// Whether `byte` can be part of a Python identifier or number (any non-ASCII byte may be):
/// the one identifier-byte test of the prefilter.
pub fn is_identifier_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte >= 0x80
}

/// The text a callee is searched by, before a parse confirms a call: for a name or exact
/// callee, its last dotted name (to compare exactly, as a whole identifier); for a substring
/// callee, its longest run of identifier characters (any match of the callee contains it, in
/// one name of the call's callee). `None` when the callee has no identifier character.
pub fn callee_needle(set: &CallSet, callee: usize) -> Option<&str> {
    let text = set.callees.get(callee)?.as_str();
    let needle = match set.mode {
        CalleeMatch::Name | CalleeMatch::Exact => text.rsplit('.').next().unwrap_or(text),
        CalleeMatch::Substring => text
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .max_by_key(|run| run.len())
            .unwrap_or(""),
    };
    (!needle.is_empty()).then_some(needle)
}

/// The callee occurrences a scan has passed, to tell (without parsing) whether an occurrence
/// further on could be an argument of a call of a set.
#[derive(Debug)]
pub struct Callees<'a> {
    compiled: &'a CompiledPack,
    /// By call set, the start of each occurrence of one of its callees, ascending.
    starts: Vec<Vec<usize>>,
}

impl<'a> Callees<'a> {
    /// No callee seen yet.
    pub fn new(compiled: &'a CompiledPack) -> Self {
        Callees {
            compiled,
            starts: vec![Vec::new(); compiled.pack.call_sets.len()],
        }
    }

    /// Records an occurrence of the needle of callee `callee` of call set `set`, if it can be
    /// the callee: a name or exact callee is a whole identifier, in its exact case.
    pub fn record(&mut self, bytes: &[u8], set: usize, callee: usize, range: &Range<usize>) {
        let call_set = &self.compiled.pack.call_sets[set];
        let confirmed = match call_set.mode {
            CalleeMatch::Substring => true,
            CalleeMatch::Name | CalleeMatch::Exact => {
                callee_needle(call_set, callee)
                    .is_some_and(|needle| bytes[range.clone()] == *needle.as_bytes())
                    && shape::whole_name(bytes, range.start, range.end)
            }
        };
        if confirmed {
            self.starts[set].push(range.start);
        }
    }

    /// Whether the occurrence at `offset` could be an argument (a keyword name, a dict key, a
    /// parameter name) of a call of `set`: a callee of the set occurs before it on its logical
    /// line, outside strings and comments, and it is not in a comment itself.
    fn may_hold(&self, file: &SourceFile, set: usize, offset: usize) -> bool {
        if self.compiled.unfiltered_sets[set] {
            return true;
        }
        let starts = &self.starts[set];
        if starts.first().is_none_or(|&first| first >= offset) {
            return false;
        }
        let layout = file.layout();
        if layout.opaque_at(offset) == Some(Opaque::Comment) {
            return false;
        }
        let line = layout.line_start(offset);
        let from = starts.partition_point(|&start| start < line);
        starts[from..]
            .iter()
            .take_while(|&&start| start < offset)
            .any(|&start| layout.opaque_at(start).is_none())
    }
}

/// The verdict on an occurrence at `range` of `keyword` of a require rule.
pub fn keyword(
    file: &SourceFile,
    callees: &Callees,
    require: &Require,
    keyword: &str,
    range: &Range<usize>,
) -> Verdict {
    if !accepts(file.bytes, range, keyword, require) {
        Verdict::No
    } else if require.is_textual() {
        Verdict::Yes
    } else if may_count(file, callees, require, range) {
        Verdict::Maybe
    } else {
        Verdict::No
    }
}

/// The verdict on an occurrence at `range` of name `name` of value rule `rule`: never
/// [`Verdict::Yes`], since only the parse finds the literal a name is bound to.
pub fn value_name(
    file: &SourceFile,
    callees: &Callees,
    rule: usize,
    name: usize,
    range: &Range<usize>,
) -> Verdict {
    if may_bind(file, callees, rule, name, range) {
        Verdict::Maybe
    } else {
        Verdict::No
    }
}

/// Whether an ASCII-case-insensitive hit also meets the rule's case and word settings.
fn accepts(bytes: &[u8], range: &Range<usize>, keyword: &str, require: &Require) -> bool {
    if require.case_sensitive && &bytes[range.clone()] != keyword.as_bytes() {
        return false;
    }
    match require.mode {
        MatchMode::Substring => true,
        MatchMode::Word => {
            // As with regex `\b`: a side is checked only where the keyword has a word character.
            let edges = keyword.as_bytes();
            let before = range.start.checked_sub(1).map(|i| bytes[i]);
            let after = bytes.get(range.end).copied();
            let word = |b: Option<u8>| b.is_some_and(is_identifier_byte);
            let open = !word(edges.first().copied()) || !word(before);
            let close = !word(edges.last().copied()) || !word(after);
            open && close
        }
    }
}

/// Whether an occurrence could count in one of the rule's structural scopes, judged from the
/// bytes around it and the callees before it.
fn may_count(
    file: &SourceFile,
    callees: &Callees,
    require: &Require,
    range: &Range<usize>,
) -> bool {
    let bytes = file.bytes;
    require.scopes.iter().any(|scope| match scope {
        Scope::CallArguments => {
            (shape::before_equals(bytes, range.end) || shape::in_dict_key(bytes, range.end))
                && require
                    .calls
                    .is_some_and(|set| callees.may_hold(file, set, range.start))
        }
        Scope::DictKeys => shape::in_dict_key(bytes, range.end),
        _ => true,
    })
}

/// Whether an occurrence of a value rule's name could bind a literal: the exact name, standing
/// alone, before `=` or as a dict key with what may be a literal after it, before the `:` of an
/// annotation, or as a string that a `[[binding]]` call could take as a parameter name.
fn may_bind(
    file: &SourceFile,
    callees: &Callees,
    rule: usize,
    name: usize,
    range: &Range<usize>,
) -> bool {
    let pack = &callees.compiled.pack;
    let Check::Value(value) = &pack.rules[rule].check else {
        return false;
    };
    let bytes = file.bytes;
    let (start, end) = (range.start, range.end);
    if bytes[range.clone()] != *value.names[name].as_bytes()
        || !shape::whole_name(bytes, start, end)
    {
        return false;
    }
    // Restricted to a call set's arguments, a value needs a call of the set around it.
    let only_in_calls = value
        .bindings
        .iter()
        .all(|b| matches!(b, Binding::KeywordArguments | Binding::DictEntries));
    if let (Some(set), true) = (value.calls, only_in_calls)
        && !callees.may_hold(file, set, start)
    {
        return false;
    }
    shape::binds_literal(bytes, end)
        || shape::before_colon(bytes, end)
        || (matches!(bytes.get(end), Some(b'"' | b'\''))
            && pack
                .bindings
                .iter()
                .any(|b| callees.may_hold(file, b.calls, start)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callees_are_searched_by_their_last_name_or_longest_name_run() {
        let set = |mode: CalleeMatch, callee: &str| CallSet {
            id: "s".into(),
            callees: vec![callee.into()],
            mode,
            imports: Vec::new(),
        };
        let needle = |mode, callee: &str| callee_needle(&set(mode, callee), 0).map(str::to_owned);
        assert_eq!(
            needle(CalleeMatch::Name, "Session.run").as_deref(),
            Some("run")
        );
        assert_eq!(
            needle(CalleeMatch::Exact, "a.b.fit").as_deref(),
            Some("fit")
        );
        assert_eq!(
            needle(CalleeMatch::Substring, "model.deploy").as_deref(),
            Some("deploy")
        );
        assert_eq!(needle(CalleeMatch::Substring, "()"), None);
    }
}
