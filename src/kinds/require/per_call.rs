//! The evidence of a `per = "call"` require rule: every call of the rule's call set must pass
//! one of its keywords — as a keyword-argument name, a `**{"key": …}` key, or a string key of a
//! dict display in its arguments, the `call_arguments` scope of that one call — and each call
//! that passes none is a finding at the call.
//!
//! Keys that reach the call through the file's data flow (`**params` built in the file, a
//! request returned by a helper) count as its own. A call that also passes `**expr` whose keys
//! the file does not show is counted as satisfied: the keyword may be among those keys, and a
//! rule must not guess.

use std::collections::HashSet;
use std::ops::Range;

use crate::engine::calls;
use crate::engine::prefilter::needle;
use crate::engine::search::KeywordSearch;
use crate::engine::source::SourceFile;
use crate::pack::types::CallSet;
use crate::python::Call;

/// What the calls of one file showed.
pub struct PerCall {
    /// Every call of the set, in source order: its callee as written, the call's byte range,
    /// and whether it passes one of the keywords.
    pub calls: Vec<(String, Range<usize>, bool)>,
}

/// Examines every call of `set` in `file` for `search`'s keywords: each call that
/// reaches the set ([`calls::reaches`]: a call of it, or of an in-file wrapper that forwards
/// its arguments to one), except the calls inside such wrappers, which are judged through
/// their callers.
pub fn evidence(file: &SourceFile, search: &KeywordSearch, set: &CallSet) -> PerCall {
    let model = file.model();
    let mut result = PerCall { calls: Vec::new() };
    if !calls::imports_satisfied(set, model) {
        return result;
    }
    let all = model.calls();
    let wrapped: HashSet<usize> = all
        .iter()
        .flat_map(|call| call.flow.forwards.iter().copied())
        .collect();
    let passes_keyword = |call: &Call| {
        // Its own keyword names and dict keys, and those the file's data flow brings to it.
        let mut ranges = call
            .keywords
            .iter()
            .map(|k| k.name_range.clone())
            .chain(
                model
                    .call_dicts(call)
                    .iter()
                    .flat_map(|dict| dict.entries.iter().map(|e| e.key_range.clone())),
            )
            .chain(call.flow.reach.iter().map(|fact| fact.key_range.clone()));
        ranges.any(|range| {
            search
                .keywords
                .iter()
                .any(|keyword| occurs_in(file.bytes, &range, keyword, search))
        })
    };
    for (index, call) in all.iter().enumerate() {
        if wrapped.contains(&index) || !calls::reaches(set, model, call) {
            continue;
        }
        // `**expr` of unknown keys may pass a keyword; so may the calls the wrapper forwards
        // to, with arguments of their own.
        let passes = call.spread
            || passes_keyword(call)
            || call
                .flow
                .forwards
                .iter()
                .filter_map(|&i| all.get(i))
                .any(&passes_keyword);
        result
            .calls
            .push((call.callee.clone(), call.range.clone(), passes));
    }
    result
}

/// Whether `keyword` occurs inside `range` of `bytes` under the rule's case and word settings
/// (the test the file-wide scan applies to its occurrences).
fn occurs_in(bytes: &[u8], range: &Range<usize>, keyword: &str, search: &KeywordSearch) -> bool {
    let needle = keyword.as_bytes();
    let Some(haystack) = bytes.get(range.clone()) else {
        return false;
    };
    if needle.is_empty() || needle.len() > haystack.len() {
        return false;
    }
    (0..=haystack.len() - needle.len()).any(|i| {
        let at = range.start + i..range.start + i + needle.len();
        haystack[i..i + needle.len()].eq_ignore_ascii_case(needle)
            && needle::accepts(bytes, &at, keyword, search)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::compile::test_packs;

    fn missing_lines(keywords: &str, code: &str) -> (usize, Vec<usize>) {
        let compiled = test_packs::require(&format!(
            "{keywords}\nscopes = [\"call_arguments\"]\ncalls = \"saves\"\nper = \"call\"\n\n\
             [[calls]]\nid = \"saves\"\ncallees = [\"save_record\"]"
        ));
        let pack = &compiled.pack;
        let Some(search) = pack.rules[0].check.keyword_search() else {
            panic!("the test pack's rule is a require rule");
        };
        let set = &pack.call_sets[search.calls.unwrap_or_default()];
        let text = crate::engine::SourceText::new("x.py".into(), code.into());
        let file = SourceFile::new(&text, pack.call_sets.len(), crate::python::Wants { flow: true, facts: false });
        let found = evidence(&file, search, set);
        let lines = found
            .calls
            .iter()
            .filter(|(_, _, passes)| !passes)
            .map(|(_, range, _)| crate::position::position(code.as_bytes(), range.start).line)
            .collect();
        (found.calls.len(), lines)
    }

    #[test]
    fn each_call_without_a_keyword_is_missing_at_its_own_line() {
        let code = "c.save_record(Reason='ok')\n\
                    c.save_record(Status='Approved')\n\
                    c.save_record(**{'Reason': 'x'})\n\
                    c.save_record({'reason': 1})\n";
        assert_eq!(
            missing_lines(r#"keywords = ["Reason"]"#, code),
            (4, vec![2])
        );
    }

    #[test]
    fn a_call_with_unknown_double_star_arguments_counts_as_satisfied() {
        let code = "params = load()\nc.save_record(**params)\n";
        assert_eq!(missing_lines(r#"keywords = ["Reason"]"#, code), (1, vec![]));
    }

    #[test]
    fn word_matching_and_case_apply_to_each_argument_name() {
        let code = "c.save_record(Reasons='x')\n";
        let word = "keywords = [\"Reason\"]\nmatch = \"word\"\ncase_sensitive = true";
        assert_eq!(missing_lines(word, code), (1, vec![1]));
    }
}
