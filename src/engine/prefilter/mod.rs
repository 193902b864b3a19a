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
//! - the rule's case and whole-word settings ([`Prefilter::keyword`]);
//! - the shapes after a name: `=`, a string dict key's `:`, what may start a literal
//!   ([`shape`]);
//! - a callee of the rule's call set earlier on the occurrence's logical line, outside strings
//!   and comments (the callees [`Prefilter::record_callee`] saw, on the light tokenizer of
//!   [`layout`]);
//! - for what counts through data flow (the `reaching_arguments` scope, value rules restricted
//!   to a call set), where a key may reach a call on any other line: the file contains, anywhere,
//!   a callee of the set and, if the set has an import condition, the first name of one of its
//!   modules (`Prefilter::may_call`).
//!
//! Known blind spots are listed in [`shape`]; the differential tests in
//! `tests/stdlib_corpus.rs` check [`layout`] against the parser on the whole standard library.

pub mod layout;
pub mod needle;
pub mod presence;
pub mod shape;

use std::cell::OnceCell;
use std::ops::Range;

use super::search::KeywordSearch;
use crate::pack::{CalleeMatch, Pack, Scope};
use layout::{Layout, Opaque};
use needle::{accepts, callee_needle};
use presence::CallPresence;

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

/// The prefilter of one file: its bytes, its light tokenization (made on first use), and the
/// callee occurrences the scan has passed, to tell whether an occurrence further on could be an
/// argument of a call of a set.
#[derive(Debug)]
pub struct Prefilter<'a> {
    pack: &'a Pack,
    /// The needles of the pack's call sets, compiled.
    presence: &'a CallPresence,
    bytes: &'a [u8],
    lowered: &'a [u8],
    /// By call set, whether the file names one of its callees and one of its modules (see
    /// [`Prefilter::may_call`]).
    may_call: OnceCell<Vec<(bool, bool)>>,
    layout: OnceCell<Layout>,
    /// By call set, whether it has a callee that gives no needle (one without identifier
    /// characters): then only a parse can tell where its calls are.
    unfiltered: Vec<bool>,
    /// By call set, the start of each occurrence of one of its callees, ascending.
    starts: Vec<Vec<usize>>,
}

impl<'a> Prefilter<'a> {
    /// The prefilter of a file of `pack` (whose call sets' needles `presence` holds), before any
    /// occurrence.
    pub fn new(
        pack: &'a Pack,
        presence: &'a CallPresence,
        bytes: &'a [u8],
        lowered: &'a [u8],
    ) -> Self {
        let unfiltered = pack
            .call_sets
            .iter()
            .map(|set| (0..set.callees.len()).any(|c| callee_needle(set, c).is_none()))
            .collect();
        Prefilter {
            pack,
            presence,
            bytes,
            lowered,
            may_call: OnceCell::new(),
            layout: OnceCell::new(),
            unfiltered,
            starts: vec![Vec::new(); pack.call_sets.len()],
        }
    }

    /// Records an occurrence of the needle of callee `callee` of call set `set`, if it can be
    /// the callee: a name or exact callee is a whole identifier, in its exact case.
    pub fn record_callee(&mut self, set: usize, callee: usize, range: &Range<usize>) {
        let call_set = &self.pack.call_sets[set];
        let bytes = self.bytes;
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

    /// The verdict on an occurrence at `range` of `keyword` of a require rule.
    pub fn keyword(&self, search: &KeywordSearch, keyword: &str, range: &Range<usize>) -> Verdict {
        if !accepts(self.bytes, range, keyword, search) {
            Verdict::No
        } else if search.is_textual() {
            Verdict::Yes
        } else if self.may_count(search, range) {
            Verdict::Maybe
        } else {
            Verdict::No
        }
    }

    /// The verdict on an occurrence at `range` of name `name` of value rule `rule`: never
    /// [`Verdict::Yes`], since only the parse finds the literal a name is bound to.
    pub fn value_name(&self, rule: usize, name: usize, range: &Range<usize>) -> Verdict {
        if self.may_bind(rule, name, range) {
            Verdict::Maybe
        } else {
            Verdict::No
        }
    }

    /// Whether the occurrence at `offset` could be an argument (a keyword name, a dict key, a
    /// parameter name) of a call of `set`: a callee of the set occurs before it on its logical
    /// line, outside strings and comments, and it is not in a comment itself.
    fn may_hold(&self, set: usize, offset: usize) -> bool {
        if self.unfiltered[set] {
            return true;
        }
        let starts = &self.starts[set];
        if starts.first().is_none_or(|&first| first >= offset) {
            return false;
        }
        let layout = self.layout.get_or_init(|| Layout::new(self.bytes));
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

    /// Whether the file may hold a call of `set`, in two parts: the lowercased file contains a
    /// callee's needle (or a callee has none); and, when the set has an import condition, the
    /// file contains the first name of one of its modules (which any import of it spells).
    fn may_call_parts(&self, set: usize) -> (bool, bool) {
        let per_set = self
            .may_call
            .get_or_init(|| self.presence.of(self.bytes, self.lowered));
        per_set.get(set).copied().unwrap_or((true, true))
    }

    /// Whether the file may hold a call of `set` at all (the test of `may_call_parts`).
    pub fn may_call(&self, set: usize) -> bool {
        self.may_call_parts(set) == (true, true)
    }

    /// Whether an occurrence shaped like a keyword name or a dict key was ruled out only
    /// because the file names none of the modules of the rule's call set: the one "no" worth
    /// explaining in a report.
    pub fn import_missing(&self, search: &KeywordSearch, range: &Range<usize>) -> bool {
        let bytes = self.bytes;
        search
            .calls
            .is_some_and(|set| self.may_call_parts(set) == (true, false))
            && (shape::before_equals(bytes, range.end) || shape::in_dict_key(bytes, range.end))
    }

    /// Whether an occurrence could count in one of the rule's structural scopes, judged from
    /// the bytes around it and the callees before it.
    fn may_count(&self, search: &KeywordSearch, range: &Range<usize>) -> bool {
        let bytes = self.bytes;
        search.scopes.iter().any(|scope| match scope {
            Scope::CallArguments => {
                (shape::before_equals(bytes, range.end) || shape::in_dict_key(bytes, range.end))
                    && search
                        .calls
                        .is_some_and(|set| self.may_hold(set, range.start))
            }
            Scope::DictKeys => shape::in_dict_key(bytes, range.end),
            Scope::ReachingArguments => search.calls.is_some_and(|set| self.may_call(set)),
            _ => true,
        })
    }

    /// Whether an occurrence of a value rule's name could bind a literal: the exact name,
    /// standing alone, before `=` or as a dict key with what may be a literal after it, before
    /// the `:` of an annotation, or as a string that a `[[binding]]` call could take as a
    /// parameter name.
    fn may_bind(&self, rule: usize, name: usize, range: &Range<usize>) -> bool {
        let Some(value) = self.pack.rules[rule].check.value_search() else {
            return false;
        };
        let bytes = self.bytes;
        let (start, end) = (range.start, range.end);
        if bytes[range.clone()] != *value.names[name].as_bytes()
            || !shape::whole_name(bytes, start, end)
        {
            return false;
        }
        // Restricted to a call set, a value counts only where it reaches a call of the set,
        // from anywhere in the file (and a name may carry a literal bound elsewhere).
        if let Some(set) = value.calls {
            return self.may_call(set);
        }
        shape::binds_literal(bytes, end)
            || shape::before_colon(bytes, end)
            || (matches!(bytes.get(end), Some(b'"' | b'\''))
                && self
                    .pack
                    .bindings
                    .iter()
                    .any(|b| self.may_hold(b.calls, start)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::compile::{CompiledPack, Role, test_packs};

    /// What `CallPresence` says of `code`, per call set, for a pack of two call sets.
    fn presence_of(code: &str) -> Vec<(bool, bool)> {
        let compiled = test_packs::require(
            r#"keywords = ["x"]

[[calls]]
id = "makes"
callees = ["Thing.create", "make_it"]
match = "name"
imports = ["pkg.sub", "other"]

[[calls]]
id = "widgets"
callees = ["Widget"]
"#,
        );
        let lowered = code.to_ascii_lowercase();
        compiled
            .call_presence()
            .of(code.as_bytes(), lowered.as_bytes())
    }

    #[test]
    fn callees_are_found_in_any_case_and_modules_in_their_own() {
        assert_eq!(
            presence_of("import pkg\nx = thing.create()\n"),
            [(true, true), (false, true)]
        );
        assert_eq!(
            presence_of("import Pkg\nMAKE_IT()\nw = Widget()\n"),
            [(true, false), (true, true)]
        );
        assert_eq!(presence_of(""), [(false, false), (false, true)]);
    }

    /// The prefilter's verdict on each occurrence of a keyword or value name in `code`, in
    /// order, for the pack `compiled`; callees are recorded as the scan records
    /// them, before what follows them.
    fn verdicts(compiled: &CompiledPack, code: &str) -> Vec<Verdict> {
        let pack = &compiled.pack;
        let lowered = code.to_ascii_lowercase();
        let mut prefilter = Prefilter::new(
            pack,
            compiled.call_presence(),
            code.as_bytes(),
            lowered.as_bytes(),
        );
        let mut found = Vec::new();
        for occurrence in compiled.occurrences(lowered.as_bytes()) {
            let range = &occurrence.range;
            for &role in occurrence.roles {
                match role {
                    Role::Callee { set, callee } => prefilter.record_callee(set, callee, range),
                    Role::Keyword { rule, keyword } => {
                        if let Some(search) = pack.rules[rule].check.keyword_search() {
                            let keyword = &search.keywords[keyword];
                            found.push(prefilter.keyword(search, keyword, range));
                        }
                    }
                    Role::Name { rule, name } => {
                        found.push(prefilter.value_name(rule, name, range))
                    }
                }
            }
        }
        found
    }

    /// A require rule over `scopes` of a call set `s` of `callees` matched by `mode`, with
    /// `keywords`.
    fn call_argument_rule(mode: &str, callees: &str, scopes: &str, keywords: &str) -> CompiledPack {
        test_packs::require(&format!(
            r#"scopes = {scopes}
calls = "s"
keywords = {keywords}

[[calls]]
id = "s"
callees = {callees}
match = "{mode}"
"#
        ))
    }

    #[test]
    fn an_argument_may_count_only_after_a_whole_callee_name_on_its_line() {
        let tables = call_argument_rule(
            "name",
            r#"["submit"]"#,
            r#"["call_arguments"]"#,
            r#"["owner"]"#,
        );
        // The callee at the very start of the line counts; inside a longer name it does not.
        assert_eq!(verdicts(&tables, "submit(owner=1)"), [Verdict::Maybe]);
        assert_eq!(
            verdicts(&tables, "x = 1\nsubmit(owner=1)"),
            [Verdict::Maybe]
        );
        assert_eq!(verdicts(&tables, "resubmit(owner=1)"), [Verdict::No]);
        assert_eq!(verdicts(&tables, "submit_all(owner=1)"), [Verdict::No]);
        // On another logical line, or in a comment, it does not either.
        assert_eq!(verdicts(&tables, "submit()\nf(owner=1)"), [Verdict::No]);
        assert_eq!(verdicts(&tables, "# submit(\nf(owner=1)"), [Verdict::No]);
    }

    #[test]
    fn a_callee_is_not_before_a_keyword_that_starts_where_it_does() {
        let substring = call_argument_rule(
            "substring",
            r#"["submit"]"#,
            r#"["call_arguments"]"#,
            r#"["submitted_by"]"#,
        );
        assert_eq!(verdicts(&substring, "f(submitted_by=1)"), [Verdict::No]);
        // Nor is one in a string before it.
        assert_eq!(
            verdicts(&substring, r#"f("submit", submitted_by=1)"#),
            [Verdict::No]
        );
        assert_eq!(
            verdicts(&substring, "submit(submitted_by=1)"),
            [Verdict::Maybe]
        );
    }

    #[test]
    fn a_dict_keys_occurrence_may_count_only_shaped_as_a_dict_key() {
        let tables = test_packs::require("scopes = [\"dict_keys\"]\nkeywords = [\"owner\"]");
        assert_eq!(verdicts(&tables, r#"x = {"owner": 1}"#), [Verdict::Maybe]);
        assert_eq!(verdicts(&tables, "owner = 1"), [Verdict::No]);
        assert_eq!(verdicts(&tables, "g(owner=1)"), [Verdict::No]);
    }

    /// A pack of a value rule judging `owner`, with a `[[binding]]` of `param(name, value)`
    /// calls.
    fn value_rule() -> CompiledPack {
        test_packs::with(
            r#"
[[calls]]
id = "params"
callees = ["param"]
match = "name"

[[binding]]
calls = "params"
name_argument = "name"
name_position = 0
value_argument = "value"
value_position = 1

[[rule]]
id = "v"
kind = "value"
level = "one"
category = "invalid_v"
severity = "INFO"
names = ["owner"]
max_length = 3
message = "m"
recommendation = "r"
"#,
        )
    }

    #[test]
    fn a_value_name_may_bind_only_as_a_whole_name() {
        assert_eq!(
            verdicts(&value_rule(), r#"owner = "abcd""#),
            [Verdict::Maybe]
        );
        assert_eq!(
            verdicts(&value_rule(), r#"x_owner = "abcd""#),
            [Verdict::No]
        );
        assert_eq!(verdicts(&value_rule(), r#"owners = "abcd""#), [Verdict::No]);
    }

    #[test]
    fn a_quoted_value_name_may_bind_only_after_a_binding_call_on_its_line() {
        assert_eq!(
            verdicts(&value_rule(), r#"param("owner", "abcd")"#),
            [Verdict::Maybe]
        );
        assert_eq!(
            verdicts(&value_rule(), r#"log("owner", "abcd")"#),
            [Verdict::No]
        );
        // A binding call before an unquoted name that binds nothing: no.
        assert_eq!(verdicts(&value_rule(), "param(x, owner)"), [Verdict::No]);
    }
}
