//! How an occurrence is matched before anything else is known about it: the one test of
//! whether a byte can be part of a Python name, a keyword's case and whole-word settings
//! ([`accepts`]), and the text a callee or an imported module is searched by
//! ([`callee_needle`], [`module_needle`]).

use std::ops::Range;

use crate::engine::search::KeywordSearch;
use crate::pack::model::{CalleeMatch, MatchMode};
use crate::pack::types::CallSet;

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

/// The text an import of `module` (a dotted module name) is searched by, before a parse confirms
/// it: its first name, which any import of it or of a submodule spells, in its exact case.
pub fn module_needle(module: &str) -> &str {
    module.split('.').next().unwrap_or(module)
}

/// Whether an ASCII-case-insensitive hit also meets the search's case and word settings.
pub fn accepts(bytes: &[u8], range: &Range<usize>, keyword: &str, search: &KeywordSearch) -> bool {
    if search.case_sensitive && &bytes[range.clone()] != keyword.as_bytes() {
        return false;
    }
    match search.mode {
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
            exclude: Vec::new(),
            extends: None,
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
