//! `require` rules: one of the rule's keywords must occur in its scopes — in the script, or in
//! the file of its `target` path rule — counted in the whole file, or (`per = "call"`) in each
//! call of its call set (`per_call.rs`). The evidence phase finds the first occurrence that
//! counts ([`KeywordSearch`]); a rule without one fires.

mod per_call;

use std::collections::HashMap;
use std::fmt::Write as _;

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use toml::Spanned;

use super::{ExplainContext, Kind, quoted, reject_foreign_keys, string_list};
use crate::engine::evidence::{self, Evaluation, Fired};
use crate::engine::search::KeywordSearch;
use crate::engine::outcome::{Evidence, Location};
use crate::engine::plan::Companion;
use crate::error::Result;
use crate::pack::model::{MatchMode, Per, RuleDef, RuleKind, Scope};
use crate::pack::validate::context::{Ctx, Names};
use crate::pack::validate::limits;

/// A require rule's check.
#[derive(Debug)]
pub struct Require {
    /// What the evidence phase searches for.
    pub search: KeywordSearch,
    /// Index of the path rule whose file is searched instead of the script.
    pub target: Option<usize>,
    /// Per call: whether a script the pack claims by name that makes no call of the set is
    /// judged as a whole (the rule has a `file_message`).
    pub whole_file_when_named: bool,
}

impl Require {
    /// Judges each call of call set `set` in the script: a finding at each call that passes
    /// none of the keywords. `None` when the script makes no such call and, claimed by the
    /// pack by name, is judged as a whole instead (the rule has a `file_message`).
    fn per_call(
        &self,
        rule: usize,
        set: usize,
        run: &mut Evaluation,
    ) -> Option<(Evidence, Vec<Fired>)> {
        let target = run.target;
        // No callee or module of the set in the file: no call, without a parse.
        let calls = match run.call_sets.get(set) {
            Some(call_set) if run.scan.may_call.get(set).copied().unwrap_or(true) => {
                let found = per_call::evidence(run.script, &self.search, call_set);
                if run.script.unparsed() {
                    // The calls of a file that could not be parsed are unknown.
                    return Some((Evidence::Skipped, Vec::new()));
                }
                found.calls
            }
            _ => Vec::new(),
        };
        let at = |range: &std::ops::Range<usize>| Location::at(&target.text, range.clone());
        if let Some(slot) = run.calls.get_mut(set).filter(|slot| slot.is_none()) {
            *slot = Some(calls.iter().map(|(callee, range, _)| (callee.clone(), at(range))).collect());
        }
        if calls.is_empty() && run.named && self.whole_file_when_named {
            return None;
        }
        let fired: Vec<Fired> = calls
            .iter()
            .filter(|(_, _, passes)| !passes)
            .map(|(callee, range, _)| Fired {
                call: Some(callee.clone()),
                ..Fired::at(target.path().to_owned(), at(range))
            })
            .collect();
        let first = match run.scan.hits[rule].take() {
            Some(Evidence::Keyword { keyword, location }) => Some((keyword, location)),
            _ => None,
        };
        let found = Evidence::Calls {
            checked: calls.len(),
            violations: fired.len(),
            first,
        };
        Some((found, fired))
    }
}

impl Kind for Require {
    const KEYS: &'static [&'static str] = &[
        "keywords",
        "match",
        "target",
        "per",
        "scopes",
        "case_sensitive",
        "calls",
        "file_message",
    ];
    const VARIABLES: &'static [&'static str] = &["keywords", "call", "line"];

    fn validate(ctx: &Ctx, def: &RuleDef, defs: &[RuleDef], names: &Names) -> Option<Self> {
        validate(ctx, def, defs, names)
    }

    fn keyword_search(&self) -> Option<&KeywordSearch> {
        Some(&self.search)
    }

    fn target(&self) -> Option<usize> {
        self.target
    }

    fn reads_flow(&self) -> bool {
        self.search.scopes.contains(&Scope::ReachingArguments) || self.search.per == Per::Call
    }

    fn evaluate(&self, rule: usize, run: &mut Evaluation) -> (Evidence, Vec<Fired>) {
        if let Some(set) = self.search.per_call_set()
            && let Some(judged) = self.per_call(rule, set, run)
        {
            return judged;
        }
        let target = run.target;
        match (self.target, run.scan.hits[rule].take()) {
            (_, Some(found)) => (found, Vec::new()),
            (None, None) => evidence::missing(target.path(), Location::file(&target.text)),
            (Some(t), None) => match run.companions[t] {
                Some((
                    _,
                    Companion::Found {
                        rel,
                        text: Some(text),
                        ..
                    },
                )) => evidence::missing(rel, Location::file(text)),
                // Absent, or too large to read.
                _ => (Evidence::Skipped, Vec::new()),
            },
        }
    }

    fn explain(&self, pack: &ExplainContext, out: &mut String) {
        let search = &self.search;
        let how = match (search.mode, search.case_sensitive) {
            (MatchMode::Substring, false) => "as substrings, ignoring case",
            (MatchMode::Substring, true) => "as substrings, case exact",
            (MatchMode::Word, false) => "as whole words, ignoring case",
            (MatchMode::Word, true) => "as whole words, case exact",
        };
        let _ = match self.search.per {
            Per::File => writeln!(
                out,
                "    fires when none of {} occurs ({how})",
                quoted(&search.keywords)
            ),
            Per::Call => writeln!(
                out,
                "    fires once per call that passes none of {} ({how}); a call with \
                 `**expr` of unknown keys counts as passing",
                quoted(&search.keywords)
            ),
        };
        let scopes: Vec<String> = search
            .scopes
            .iter()
            .map(|s| match s {
                Scope::CallArguments | Scope::ReachingArguments => {
                    let set = search
                        .calls
                        .map(|i| pack.call_sets[i].id.as_str())
                        .unwrap_or("?");
                    if *s == Scope::CallArguments {
                        format!("call arguments of `{set}` calls")
                    } else {
                        format!("keys and keyword names reaching `{set}` calls")
                    }
                }
                other => scope_name(*other).replace('_', " "),
            })
            .collect();
        let _ = writeln!(out, "    counts in: {}", scopes.join(", "));
        if search.scopes.contains(&Scope::ReachingArguments) {
            let _ = writeln!(
                out,
                "    when it fires, JSON `patterns` lists up to 3 keywords seen that did not count, and why (`not_counted`)"
            );
        }
        if let Some(target) = self.target {
            let _ = writeln!(
                out,
                "    searches the file of path rule `{}` (skipped when it is missing)",
                pack.rule_ids[target]
            );
        }
    }
}

fn scope_name(scope: Scope) -> &'static str {
    match scope {
        Scope::Text => "text",
        Scope::Code => "code",
        Scope::Strings => "strings",
        Scope::Comments => "comments",
        Scope::Docstrings => "docstrings",
        Scope::Identifiers => "identifiers",
        Scope::CallArguments => "call_arguments",
        Scope::DictKeys => "dict_keys",
        Scope::ReachingArguments => "reaching_arguments",
    }
}

/// Validates a require rule.
fn validate(ctx: &Ctx, def: &RuleDef, defs: &[RuleDef], names: &Names) -> Option<Require> {
    reject_foreign_keys::<Require>(ctx, def);
    let keywords = ctx.keep(string_list(
        ctx,
        def,
        def.keywords.as_ref(),
        "keywords",
        "[\"...\"]: the rule fires when none of them occurs",
    ));
    let target = ctx.keep(target(ctx, def, defs));
    let scopes_and_calls = ctx.keep(scopes_and_calls(ctx, def, names));
    let within = def
        .keywords
        .as_ref()
        .is_none_or(|list| limits::keyword_lengths(ctx, def.id.get_ref(), list));
    if within && names.needles_within_limit {
        warn_keywords(
            ctx,
            def,
            scopes_and_calls.as_ref().map_or(&[][..], |(s, _)| s),
        );
    }
    let (keywords, target, (scopes, calls)) = (keywords?, target?, scopes_and_calls?);
    let per = def.per.as_ref().map_or(Per::File, |p| *p.get_ref());
    if let (Some(at), Per::Call) = (def.per.as_ref().map(Spanned::span), per) {
        let at = ctx.key_span(at, "per");
        let id = def.id.get_ref();
        if target.is_some() {
            ctx.error(
                at,
                format!("rule `{id}` counts per call, but searches another file (`target`)"),
                "per = \"call\" checks the calls of the script; remove `target` or `per`",
            );
            return None;
        }
        // Per call, both scopes count the same: what the call passes, and what reaches it.
        if scopes != [Scope::CallArguments] && scopes != [Scope::ReachingArguments] {
            ctx.error(
                at,
                format!(
                    "rule `{id}` counts per call, so its only scope must be `call_arguments` \
                     or `reaching_arguments`"
                ),
                "set scopes = [\"reaching_arguments\"] and name the calls with calls = \"<id>\"",
            );
            return None;
        }
    }
    if let (Some(text), Per::File) = (&def.file_message, per) {
        ctx.error(
            ctx.key_span(text.span(), "file_message"),
            format!(
                "rule `{}` has `file_message`, which only a rule with per = \"call\" uses",
                def.id.get_ref()
            ),
            "add per = \"call\", or remove `file_message` (`message` is the finding's message)",
        );
        return None;
    }
    if per == Per::File && uses_call(&def.message) {
        ctx.error(
            def.message.span(),
            format!(
                "rule `{}`: `message` uses {{call}} or {{line}}, which only a rule with per = \"call\" has",
                def.id.get_ref()
            ),
            "add per = \"call\", or use {script}: the rule judges the file as a whole",
        );
        return None;
    }
    Some(Require {
        target,
        whole_file_when_named: def.file_message.is_some(),
        search: KeywordSearch {
            keywords,
            mode: def
                .match_mode
                .as_ref()
                .map_or(MatchMode::Substring, |m| *m.get_ref()),
            case_sensitive: def.case_sensitive.as_ref().is_some_and(|c| *c.get_ref()),
            scopes,
            calls,
            per,
        },
    })
}

/// Whether a template's text names `{call}` or `{line}` (outside `{{` escapes).
fn uses_call(text: &Spanned<String>) -> bool {
    let text = text.get_ref().replace("{{", "");
    ["call", "line"].iter().any(|name| {
        text.match_indices('{')
            .any(|(at, _)| text[at + 1..].split('}').next().map(str::trim) == Some(name))
    })
}

/// A require rule's `target`: the index of the path rule it names.
fn target(ctx: &Ctx, def: &RuleDef, defs: &[RuleDef]) -> Result<Option<usize>> {
    let id = def.id.get_ref();
    Ok(match &def.target {
        None => None,
        Some(target) => {
            let name = target.get_ref();
            let index = defs
                .iter()
                .position(|d| d.id.get_ref() == name && *d.kind.get_ref() == RuleKind::Path);
            let path_rules: Vec<&str> = defs
                .iter()
                .filter(|d| *d.kind.get_ref() == RuleKind::Path)
                .map(|d| d.id.get_ref().as_str())
                .collect();
            Some(index.ok_or_else(|| {
                ctx.err(
                    target.span(),
                    format!("rule `{id}` targets `{name}`, which is not a path rule of this pack"),
                    if path_rules.is_empty() {
                        "define a path rule for the companion file and name its id here".to_owned()
                    } else {
                        format!("name one of the path rules: {}", path_rules.join(", "))
                    },
                )
            })?)
        }
    })
}

/// A require rule's scopes and the call set of its `call_arguments` scope.
fn scopes_and_calls(
    ctx: &Ctx,
    def: &RuleDef,
    names: &Names,
) -> Result<(Vec<Scope>, Option<usize>)> {
    let id = def.id.get_ref();
    let scopes: Vec<Scope> = match &def.scopes {
        None => vec![Scope::Text],
        Some(scopes) if scopes.get_ref().is_empty() => {
            return Err(ctx
                .err(
                    scopes.span(),
                    format!("require rule `{id}` has an empty `scopes` list, so no occurrence could count"),
                    "list scopes, or remove the key to count occurrences anywhere",
                )
                .into());
        }
        Some(scopes) => scopes.get_ref().iter().map(|s| *s.get_ref()).collect(),
    };
    let wants_calls =
        scopes.contains(&Scope::CallArguments) || scopes.contains(&Scope::ReachingArguments);
    let calls = match (&def.calls, wants_calls) {
        (Some(calls), true) => Some(names.call_set(ctx, calls, &format!("rule `{id}`"))?),
        (None, false) => None,
        (Some(calls), false) => {
            return Err(ctx
                .err(
                    ctx.key_span(calls.span(), "calls"),
                    format!("rule `{id}` has `calls` but no `call_arguments` or `reaching_arguments` scope, so `calls` does nothing"),
                    "add \"reaching_arguments\" (or \"call_arguments\") to scopes, or remove `calls`",
                )
                .into());
        }
        (None, true) => {
            let at = def.scopes.as_ref().map_or(def.kind.span(), Spanned::span);
            return Err(ctx
                .err(
                    at,
                    format!("rule `{id}` has a call-arguments scope but no `calls`"),
                    "add calls = \"<id of a [[calls]] table>\" naming the calls whose arguments count",
                )
                .into());
        }
    };
    Ok((scopes, calls))
}

/// Warns about keywords that add nothing (covered by another keyword of the rule) or that can
/// never occur in the rule's scopes.
fn warn_keywords(ctx: &Ctx, def: &RuleDef, scopes: &[Scope]) {
    let Some(keywords) = &def.keywords else {
        return;
    };
    let id = def.id.get_ref();
    let case_sensitive = def.case_sensitive.as_ref().is_some_and(|c| *c.get_ref());
    let substring = def
        .match_mode
        .as_ref()
        .is_none_or(|m| *m.get_ref() == MatchMode::Substring);
    let fold = |k: &str| {
        if case_sensitive {
            k.to_owned()
        } else {
            k.to_ascii_lowercase()
        }
    };
    let list = keywords.get_ref();
    let folded: Vec<String> = list.iter().map(|k| fold(k.get_ref())).collect();
    for (keyword, covered_by) in list.iter().zip(covering(&folded, substring)) {
        if let Some(other) = covered_by.and_then(|j| list.get(j)) {
            ctx.warn(
                keyword.span(),
                format!(
                    "rule `{id}`: keyword `{}` adds nothing: `{}` already matches wherever it does",
                    keyword.get_ref(),
                    other.get_ref()
                ),
                "remove one of the two",
            );
        }
        let identifier_only = scopes.iter().all(|s| *s == Scope::Identifiers);
        let non_identifier = keyword
            .get_ref()
            .chars()
            .find(|c| !(c.is_alphanumeric() || *c == '_'));
        if let (true, Some(c)) = (identifier_only, non_identifier) {
            ctx.warn(
                keyword.span(),
                format!(
                    "rule `{id}`: keyword `{}` contains {c:?}, which no identifier can",
                    keyword.get_ref()
                ),
                "remove the keyword, or add a scope where it can occur (e.g. code or strings)",
            );
        }
    }
}

/// The longest keyword list [`covering`] compares pair by pair: a short list is compared sooner
/// than an automaton over it is built.
const NAIVE_COVERING_MAX: usize = 24;

/// For each keyword, the first other keyword that already matches wherever it does: an equal one
/// before it or, with substring matching, a different one inside it. One automaton over all the
/// keywords finds them in time linear in their length, not quadratic in their number.
fn covering(folded: &[String], substring: bool) -> Vec<Option<usize>> {
    let mut first = HashMap::new();
    for (i, keyword) in folded.iter().enumerate() {
        first.entry(keyword.as_str()).or_insert(i);
    }
    if substring && folded.len() <= NAIVE_COVERING_MAX {
        return folded
            .iter()
            .enumerate()
            .map(|(i, this)| {
                let equal = first.get(this.as_str()).copied().filter(|&j| j < i);
                let inside = folded
                    .iter()
                    .position(|other| other != this && this.contains(other.as_str()));
                equal.into_iter().chain(inside).min()
            })
            .collect();
    }
    // The plain NFA: a pack has thousands of small lists, each built once and searched briefly.
    let automaton = substring
        .then(|| {
            AhoCorasick::builder()
                .kind(Some(AhoCorasickKind::NoncontiguousNFA))
                .build(folded)
                .ok()
        })
        .flatten();
    folded
        .iter()
        .enumerate()
        .map(|(i, this)| {
            let equal = first.get(this.as_str()).copied().filter(|&j| j < i);
            let inside = automaton.as_ref().and_then(|automaton| {
                automaton
                    .find_overlapping_iter(this.as_str())
                    .map(|m| m.pattern().as_usize())
                    .filter(|&j| folded[j] != *this)
                    .min()
            });
            equal.into_iter().chain(inside).min()
        })
        .collect()
}

