//! Validation of the keys that belong to one kind of rule: `require`, `path` or `value`. A key of
//! another kind is an error at that key, so a misplaced key never silently does nothing.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Component, Path};

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use toml::Spanned;

use super::context::{Ctx, Names, parse_template};
use super::pattern;
use crate::error::Result;
use crate::pack::model::{Binding, MatchMode, PathSearch, Per, RuleDef, RuleKind, Scope};
use crate::pack::template::Template;
use crate::pack::types::{
    Check, Constraints, Example, PathCheck, Require, ValueCheck, VariableTable,
};

fn span<T>(value: &Option<Spanned<T>>) -> Option<Range<usize>> {
    value.as_ref().map(Spanned::span)
}

/// A kind-specific key: its name, its span if present, and the kinds it belongs to.
type KindKey = (&'static str, Option<Range<usize>>, &'static [RuleKind]);

/// Every kind-specific key of a rule.
fn kind_keys(def: &RuleDef) -> Vec<KindKey> {
    use RuleKind::{Path, Require, Value};
    vec![
        ("keywords", span(&def.keywords), &[Require]),
        ("match", span(&def.match_mode), &[Require]),
        ("target", span(&def.target), &[Require]),
        ("per", span(&def.per), &[Require]),
        ("scopes", span(&def.scopes), &[Require]),
        (
            "case_sensitive",
            span(&def.case_sensitive),
            &[Require, Value],
        ),
        ("calls", span(&def.calls), &[Require, Value]),
        ("paths", span(&def.paths), &[Path]),
        ("search", span(&def.search), &[Path]),
        ("names", span(&def.names), &[Value]),
        ("bindings", span(&def.bindings), &[Value]),
        ("field", span(&def.field), &[Value]),
        ("allowed", span(&def.allowed), &[Value]),
        ("pattern", span(&def.pattern), &[Value]),
        ("reject_pattern", span(&def.reject_pattern), &[Value]),
        ("min_length", span(&def.min_length), &[Value]),
        ("max_length", span(&def.max_length), &[Value]),
        ("max_items", span(&def.max_items), &[Value]),
    ]
}

/// Records an error at each key of another kind of rule.
fn reject_foreign_keys(ctx: &Ctx, def: &RuleDef) {
    let kind = *def.kind.get_ref();
    for (key, value, kinds) in kind_keys(def) {
        if let (Some(value), false) = (value, kinds.contains(&kind)) {
            ctx.error(
                ctx.key_span(value, key),
                format!(
                    "rule `{}` is a {} rule and cannot have `{key}`",
                    def.id.get_ref(),
                    kind_name(kind)
                ),
                "remove the key, or change `kind`; `rulecheck guide` lists the keys of each kind",
            );
        }
    }
}

fn kind_name(kind: RuleKind) -> &'static str {
    match kind {
        RuleKind::Require => "require",
        RuleKind::Path => "path",
        RuleKind::Value => "value",
    }
}

/// A required, non-empty list of non-empty strings.
fn string_list(
    ctx: &Ctx,
    def: &RuleDef,
    list: Option<&Spanned<Vec<Spanned<String>>>>,
    key: &str,
    advice: &str,
) -> Result<Vec<String>> {
    let id = def.id.get_ref();
    let kind = kind_name(*def.kind.get_ref());
    let list = list.ok_or_else(|| {
        ctx.err(
            def.kind.span(),
            format!("{kind} rule `{id}` has no `{key}`"),
            format!("add {key} = {advice}"),
        )
    })?;
    if list.get_ref().is_empty() {
        return Err(ctx
            .err(
                list.span(),
                format!("{kind} rule `{id}` has an empty `{key}` list, so it could never work"),
                format!("list at least one entry: {key} = {advice}"),
            )
            .into());
    }
    if let Some(empty) = list.get_ref().iter().find(|k| k.get_ref().is_empty()) {
        return Err(ctx
            .err(
                empty.span(),
                format!("{kind} rule `{id}` has an empty string in `{key}`"),
                "remove the empty string",
            )
            .into());
    }
    Ok(list.get_ref().iter().map(|k| k.get_ref().clone()).collect())
}

/// Validates a require rule.
pub(super) fn require(
    ctx: &Ctx,
    def: &RuleDef,
    defs: &[RuleDef],
    names: &Names,
) -> Option<Require> {
    reject_foreign_keys(ctx, def);
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
        .is_none_or(|list| super::limits::keyword_lengths(ctx, def.id.get_ref(), list));
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
        if scopes != [Scope::CallArguments] {
            ctx.error(
                at,
                format!("rule `{id}` counts per call, so its only scope must be `call_arguments`"),
                "set scopes = [\"call_arguments\"] and name the calls with calls = \"<id>\"",
            );
            return None;
        }
    }
    Some(Require {
        per,
        keywords,
        mode: def
            .match_mode
            .as_ref()
            .map_or(MatchMode::Substring, |m| *m.get_ref()),
        case_sensitive: def.case_sensitive.as_ref().is_some_and(|c| *c.get_ref()),
        target,
        scopes,
        calls,
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

/// For each keyword, the first other keyword that already matches wherever it does: an equal one
/// before it or, with substring matching, a different one inside it. One automaton over all the
/// keywords finds them in time linear in their length, not quadratic in their number.
fn covering(folded: &[String], substring: bool) -> Vec<Option<usize>> {
    let mut first = HashMap::new();
    for (i, keyword) in folded.iter().enumerate() {
        first.entry(keyword.as_str()).or_insert(i);
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

/// Validates a path rule: its templates and where they are looked for.
pub(super) fn path(ctx: &Ctx, def: &RuleDef, vars: &VariableTable) -> Option<PathCheck> {
    let errors_before = ctx.errors.borrow().len();
    reject_foreign_keys(ctx, def);
    let check = ctx.keep(path_check(ctx, def, vars));
    (ctx.errors.borrow().len() == errors_before)
        .then_some(check)
        .flatten()
}

fn path_check(ctx: &Ctx, def: &RuleDef, vars: &VariableTable) -> Result<PathCheck> {
    let id = def.id.get_ref();
    string_list(
        ctx,
        def,
        def.paths.as_ref(),
        "paths",
        "[\"dir/{base_name}_file.py\"]: the rule fires when none exists",
    )?;
    let file_vars = |name: &str| vars.lookup(name).filter(|&i| i < vars.file_count());
    def.paths
        .iter()
        .flat_map(|paths| paths.get_ref())
        .map(|path| {
            let text = path.get_ref();
            let climbs = Path::new(text)
                .components()
                .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
            if climbs {
                return Err(ctx
                    .err(
                        path.span(),
                        format!("path rule `{id}`: `{text}` is absolute or climbs out of the root"),
                        "write a relative path below --root, without `..`",
                    )
                    .into());
            }
            parse_template(ctx, path, &file_vars, id, "paths", vars)
        })
        .collect::<Result<Vec<Template>>>()
        .map(|templates| PathCheck {
            templates,
            search: def
                .search
                .as_ref()
                .map_or(PathSearch::Root, |s| *s.get_ref()),
        })
}

/// Validates a value rule.
pub(super) fn value(ctx: &Ctx, def: &RuleDef, names: &Names) -> Option<ValueCheck> {
    let errors_before = ctx.errors.borrow().len();
    reject_foreign_keys(ctx, def);
    // Over the pack's regex limit (already reported), compiling them would cost the time the
    // limit saves; the pack does not load either way.
    let has_regex = def.pattern.is_some() || def.reject_pattern.is_some();
    if has_regex && !names.regexes_within_limit {
        return None;
    }
    let check = ctx.keep(value_check(ctx, def, names));
    (ctx.errors.borrow().len() == errors_before)
        .then_some(check)
        .flatten()
}

fn value_check(ctx: &Ctx, def: &RuleDef, names: &Names) -> Result<ValueCheck> {
    let id = def.id.get_ref();
    let bound = string_list(ctx, def, def.names.as_ref(), "names", "[\"owner\"]")?;
    let bindings: Vec<Binding> = match &def.bindings {
        // `parameters` only where the pack declares [[binding]]s: without them it binds
        // nothing, and `explain` must not list it.
        None => [
            Binding::KeywordArguments,
            Binding::DictEntries,
            Binding::Assignments,
            Binding::Parameters,
        ]
        .into_iter()
        .filter(|b| *b != Binding::Parameters || names.has_bindings)
        .collect(),
        Some(list) => {
            if list.get_ref().is_empty() {
                return Err(ctx
                    .err(
                        list.span(),
                        format!("value rule `{id}` has an empty `bindings` list"),
                        "list where values are bound, or remove the key for all",
                    )
                    .into());
            }
            if let (Some(p), false) = (
                list.get_ref()
                    .iter()
                    .find(|b| *b.get_ref() == Binding::Parameters),
                names.has_bindings,
            ) {
                return Err(ctx
                    .err(p.span(), format!("value rule `{id}` looks at `parameters`, but the pack has no [[binding]] table"), "declare the parameter calls in a [[binding]] table")
                    .into());
            }
            list.get_ref().iter().map(|b| *b.get_ref()).collect()
        }
    };
    let calls = match &def.calls {
        Some(calls) => Some(names.call_set(ctx, calls, &format!("rule `{id}`"))?),
        None => None,
    };
    let constraints = Constraints {
        allowed: def.allowed.as_ref().map(|a| a.get_ref().clone()),
        case_sensitive: def.case_sensitive.as_ref().is_none_or(|c| *c.get_ref()),
        pattern: def
            .pattern
            .as_ref()
            .map(|p| pattern::regex(ctx, p, id, "pattern"))
            .transpose()?,
        reject_pattern: def
            .reject_pattern
            .as_ref()
            .map(|p| pattern::regex(ctx, p, id, "reject_pattern"))
            .transpose()?,
        min_length: def.min_length.as_ref().map(|v| *v.get_ref()),
        max_length: def.max_length.as_ref().map(|v| *v.get_ref()),
        max_items: def.max_items.as_ref().map(|v| *v.get_ref()),
    };
    let has_string_constraint = constraints.allowed.is_some()
        || constraints.pattern.is_some()
        || constraints.reject_pattern.is_some()
        || constraints.min_length.is_some()
        || constraints.max_length.is_some();
    if !has_string_constraint && constraints.max_items.is_none() {
        return Err(ctx
            .err(
                def.kind.span(),
                format!("value rule `{id}` has no constraint, so it could never fire"),
                "add allowed, pattern, reject_pattern, min_length, max_length or max_items",
            )
            .into());
    }
    if let (Some(field), Some(max_items)) = (&def.field, &def.max_items) {
        return Err(ctx
            .err(
                ctx.key_span(max_items.span(), "max_items"),
                format!(
                    "value rule `{id}` has both `field = \"{}\"` and `max_items`: max_items counts \
                     the list itself, field judges one key of each item",
                    field.get_ref()
                ),
                "split it into two rules: one with max_items, one with field",
            )
            .into());
    }
    if let Some(empty) = def.allowed.as_ref().filter(|a| a.get_ref().is_empty()) {
        return Err(ctx
            .err(
                empty.span(),
                format!("value rule `{id}` allows no value at all"),
                "list the allowed values",
            )
            .into());
    }
    if let (Some(min), Some(max)) = (&def.min_length, &def.max_length)
        && min.get_ref() > max.get_ref()
    {
        return Err(ctx
            .err(
                min.span(),
                format!("value rule `{id}` has min_length above max_length"),
                "swap or fix the bounds",
            )
            .into());
    }
    Ok(ValueCheck {
        names: bound,
        bindings,
        calls,
        field: def.field.as_ref().map(|f| f.get_ref().clone()),
        constraints,
    })
}

/// Validates a rule's inline examples: only rules that judge the script alone can have them.
pub(super) fn examples(ctx: &Ctx, def: &RuleDef, check: &Check) -> Result<Vec<Example>> {
    let checks_script_alone = match check {
        Check::Require(require) => require.target.is_none(),
        Check::Value(_) => true,
        Check::Path(_) => false,
    };
    let mut examples = Vec::new();
    for example in &def.examples {
        if !checks_script_alone {
            return Err(ctx
                .err(
                    example.span(),
                    format!(
                        "rule `{}` looks at other files than the script, so inline examples cannot \
                         test it",
                        def.id.get_ref()
                    ),
                    "test it with a fixture tree under tests/<pack>/ beside the pack (see \
                     `rulecheck guide`, Testing a pack)",
                )
                .into());
        }
        let inner = example.get_ref();
        examples.push(Example {
            fires: inner.fires,
            script: inner.script.clone(),
            code: inner.code.clone(),
            line: crate::position::position(ctx.text.as_bytes(), example.span().start).line,
        });
    }
    Ok(examples)
}
