//! The evidence phase for require and value rules: one automaton pass over a file. Each
//! occurrence goes to the [prefilter](super::prefilter); only its "maybe"s ask the source model
//! (which parses the file on first use), and the pass stops as soon as every wanted rule is
//! settled.

use std::cell::Cell;
use std::ops::Range;

use super::compile::{CompiledPack, Role};
use super::evidence::Scan;
use super::outcome::{Evidence, Location, NotCounted};
use super::prefilter::{Prefilter, Verdict};
use super::search::KeywordSearch;
use super::source::SourceFile;
use crate::pack::Scope;

/// How many occurrences that did not count are kept per rule.
pub const NOT_COUNTED: usize = 3;

/// One automaton pass over a file, for the rules `wants` accepts (rules that search for
/// nothing are ignored).
pub(super) fn scan(
    compiled: &CompiledPack,
    file: &SourceFile,
    wants: impl Fn(usize) -> bool,
) -> Scan {
    let rules = &compiled.pack.rules;
    let mut result = Scan {
        hits: vec![None; rules.len()],
        names_seen: vec![false; rules.len()],
        asked: vec![false; rules.len()],
        not_counted: vec![Vec::new(); rules.len()],
        may_call: vec![true; compiled.pack.call_sets.len()],
    };
    let searches = |rule: usize| {
        let check = &rules[rule].check;
        check.keyword_search().is_some() || check.value_search().is_some()
    };
    let mut remaining = (0..rules.len())
        .filter(|&r| wants(r) && searches(r))
        .count();
    if remaining == 0 {
        return result;
    }
    // The lowercased copy goes to a buffer kept by the thread, not allocated per file.
    let mut lowered = LOWERED.take();
    lowered.clear();
    lowered.extend_from_slice(file.bytes);
    lowered.make_ascii_lowercase();
    let mut prefilter = Prefilter::new(
        &compiled.pack,
        compiled.call_presence(),
        file.bytes,
        &lowered,
    );
    let per_call = (0..rules.len())
        .filter(|&r| wants(r))
        .filter_map(|r| rules[r].check.keyword_search()?.per_call_set());
    for set in per_call {
        let may = prefilter.may_call(set);
        if let Some(slot) = result.may_call.get_mut(set) {
            *slot = may;
        }
    }
    for occurrence in compiled.occurrences(&lowered) {
        let range = occurrence.range;
        for &role in occurrence.roles {
            match role {
                Role::Callee { set, callee } => prefilter.record_callee(set, callee, &range),
                Role::Name { rule, name } => {
                    if wants(rule)
                        && !result.names_seen[rule]
                        && prefilter.value_name(rule, name, &range) != Verdict::No
                    {
                        result.names_seen[rule] = true;
                        remaining -= 1;
                    }
                }
                Role::Keyword { rule, keyword } => {
                    if result.hits[rule].is_some() || !wants(rule) {
                        continue;
                    }
                    let Some(search) = rules[rule].check.keyword_search() else {
                        continue;
                    };
                    let keyword = &search.keywords[keyword];
                    let verdict = prefilter.keyword(search, keyword, &range);
                    let counts = match verdict {
                        Verdict::No => false,
                        Verdict::Yes => true,
                        Verdict::Maybe => {
                            result.asked[rule] = true;
                            in_scope(compiled, file, search, &range)
                        }
                    };
                    if !counts {
                        let kept = &mut result.not_counted[rule];
                        if kept.len() < NOT_COUNTED
                            && let Some(reason) =
                                not_counted(compiled, file, &prefilter, search, verdict, &range)
                        {
                            kept.push(NotCounted {
                                keyword: keyword.clone(),
                                location: Location::at(file.text, range.clone()),
                                reason,
                            });
                        }
                        continue;
                    }
                    result.hits[rule] = Some(Evidence::Keyword {
                        keyword: keyword.clone(),
                        location: Location::at(file.text, range.clone()),
                    });
                    remaining -= 1;
                }
            }
        }
        if remaining == 0 {
            break;
        }
    }
    LOWERED.set(lowered);
    result
}

thread_local! {
    /// Each thread's buffer for the lowercased bytes [`scan`] searches.
    static LOWERED: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// Why an occurrence that did not count for a `reaching_arguments` rule did not: only for
/// keyword names and dict keys (a word in a comment needs no explanation), and only from what
/// is known anyway — the prefilter's import test, or the source model of a file already parsed.
fn not_counted(
    compiled: &CompiledPack,
    file: &SourceFile,
    prefilter: &Prefilter,
    search: &KeywordSearch,
    verdict: Verdict,
    range: &Range<usize>,
) -> Option<String> {
    if !search.scopes.contains(&Scope::ReachingArguments) {
        return None;
    }
    let set = &compiled.pack.call_sets[search.calls?];
    match verdict {
        Verdict::No if prefilter.import_missing(search, range) => {
            Some(format!("file imports none of {}", set.imports.join(", ")))
        }
        Verdict::Maybe => file.not_counted_reason(range.clone(), set),
        Verdict::No | Verdict::Yes => None,
    }
}

/// Whether the source model places the occurrence in one of the rule's scopes (parsing the
/// file on first use): the answer to a prefilter's "maybe".
fn in_scope(
    compiled: &CompiledPack,
    file: &SourceFile,
    search: &KeywordSearch,
    range: &Range<usize>,
) -> bool {
    let set = search.calls.map(|i| (i, &compiled.pack.call_sets[i]));
    search
        .scopes
        .iter()
        .any(|&scope| file.in_scope(scope, range.clone(), set))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::compile::test_packs;

    #[test]
    fn at_most_three_occurrences_that_did_not_count_are_kept() {
        let compiled = test_packs::require(
            r#"scopes = ["reaching_arguments"]
calls = "s"
keywords = ["owner"]

[[calls]]
id = "s"
callees = ["submit"]
"#,
        );
        let code =
            "a = {'owner': 1}\nb = {'owner': 2}\nc = {'owner': 3}\nd = {'owner': 4}\nsubmit()\n";
        let text = crate::engine::SourceText::new("job.py".into(), code.into());
        let file = SourceFile::new(&text, 1, compiled.wants);
        let scanned = scan(&compiled, &file, |_| true);
        assert!(scanned.hits[0].is_none());
        let lines: Vec<usize> = scanned.not_counted[0]
            .iter()
            .filter_map(|n| n.location.start().map(|p| p.line))
            .collect();
        assert_eq!(lines, [1, 2, 3]);
    }
}
