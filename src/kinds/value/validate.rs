//! A value rule's keys validated into its [`ValueCheck`], every error at its key, and the
//! warning about string constraints on names the pack judges as lists.

use toml::Spanned;

use super::{Constraints, ValueCheck};
use crate::engine::search::ValueSearch;
use crate::error::Result;
use crate::kinds::{reject_foreign_keys, string_list, without_errors};
use crate::pack::model::{Applicability, Binding, RuleDef};
use crate::pack::template::Template;
use crate::pack::validate::context::{Ctx, Names};
use crate::pack::validate::pattern;

/// Warns at its first string constraint about a value rule that judges strings only (no `field`,
/// no `max_items`) of names that another rule of the pack judges as lists (with `field` or
/// `max_items`): the pack itself says those values are lists or dicts, which string
/// constraints never judge, so the rule would never fire on them.
pub(super) fn warn_strings_of_containers(ctx: &Ctx, def: &RuleDef, defs: &[RuleDef]) {
    if def.field.is_some() || def.max_items.is_some() {
        return;
    }
    let string_keys = [
        ("allowed", def.allowed.as_ref().map(Spanned::span)),
        ("pattern", def.pattern.as_ref().map(Spanned::span)),
        ("reject_pattern", def.reject_pattern.as_ref().map(Spanned::span)),
        ("min_length", def.min_length.as_ref().map(Spanned::span)),
        ("max_length", def.max_length.as_ref().map(Spanned::span)),
    ];
    let Some((key, span)) = string_keys
        .into_iter()
        .find_map(|(key, span)| Some((key, span?)))
    else {
        return;
    };
    let names = |rule: &RuleDef| -> Vec<String> {
        rule.names
            .iter()
            .flat_map(|n| n.get_ref())
            .map(|n| n.get_ref().clone())
            .collect()
    };
    let own = names(def);
    let lists = defs.iter().find_map(|other| {
        let how = match (&other.field, &other.max_items) {
            (Some(field), _) => format!("`field = \"{}\"`", field.get_ref()),
            (None, Some(_)) => "`max_items`".to_owned(),
            (None, None) => return None,
        };
        let shared = names(other).into_iter().find(|n| own.contains(n))?;
        Some((other.id.get_ref(), shared, how))
    });
    let Some((other, name, how)) = lists else {
        return;
    };
    ctx.warn(
        ctx.key_span(span, key),
        format!(
            "value rule `{}` judges strings bound to `{name}`, but rule `{other}` judges `{name}` \
             as a list ({how}): `{key}` never judges a list, tuple, set or dict, so this rule \
             would not fire on one",
            def.id.get_ref()
        ),
        format!(
            "add `field = \"...\"` to judge one key of each item (as rule `{other}` does), or \
             judge the list's size with `max_items`"
        ),
    );
}

/// Validates a value rule.
pub(super) fn validate(ctx: &Ctx, def: &RuleDef, names: &Names) -> Option<ValueCheck> {
    without_errors(ctx, || {
        reject_foreign_keys::<ValueCheck>(ctx, def);
        // Over the pack's regex limit (already reported), compiling them would cost the time
        // the limit saves; the pack does not load either way.
        let has_regex = def.pattern.is_some() || def.reject_pattern.is_some();
        if has_regex && !names.regexes_within_limit {
            return None;
        }
        ctx.keep(value_check(ctx, def, names))
    })
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
        required_items: Vec::new(),
    };
    let has_string_constraint = constraints.allowed.is_some()
        || constraints.pattern.is_some()
        || constraints.reject_pattern.is_some()
        || constraints.min_length.is_some()
        || constraints.max_length.is_some();
    let structure = structure_keys(ctx, def, names, calls)?;
    let constraints = Constraints {
        required_items: structure.required_items,
        ..constraints
    };
    if !has_string_constraint
        && constraints.max_items.is_none()
        && constraints.required_items.is_empty()
    {
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
        search: ValueSearch {
            names: bound,
            calls,
        },
        bindings,
        field: def.field.as_ref().map(|f| f.get_ref().clone()),
        part: structure.part,
        constructors: structure.constructors,
        constraints,
        fix: fix(ctx, def)?,
    })
}

/// A value rule's `fix`: its applicability. Only a did-you-mean gives the replacement, so the
/// rule needs `allowed`.
fn fix(ctx: &Ctx, def: &RuleDef) -> Result<Option<Applicability>> {
    let Some(fix) = &def.fix else {
        return Ok(None);
    };
    if def.allowed.is_none() {
        return Err(ctx
            .err(
                ctx.key_span(fix.span(), "fix"),
                format!(
                    "value rule `{}` has a `fix` but no `allowed` list: the fix replaces a \
                     literal with the allowed value it was probably meant to be",
                    def.id.get_ref()
                ),
                "add `allowed`, or remove `fix`",
            )
            .into());
    }
    Ok(Some(fix.get_ref().applicability))
}

/// A value rule's `required_items`, `part` and `constructors`.
struct StructureKeys {
    required_items: Vec<String>,
    part: Vec<String>,
    constructors: Option<usize>,
}

/// Validates `required_items`, `part` and `constructors`: what they need (`calls`, each other)
/// and what they contradict (the other constraints), each error at its key.
fn structure_keys(
    ctx: &Ctx,
    def: &RuleDef,
    names: &Names,
    calls: Option<usize>,
) -> Result<StructureKeys> {
    let id = def.id.get_ref();
    let required_items = match &def.required_items {
        Some(list) => string_list(ctx, def, Some(list), "required_items", "[\"owner\"]")?,
        None => Vec::new(),
    };
    if let Some(list) = &def.required_items {
        let items = list.get_ref();
        let repeated = items
            .iter()
            .enumerate()
            .find(|(i, item)| items[..*i].iter().any(|e| e.get_ref() == item.get_ref()));
        if let Some((_, twice)) = repeated {
            return Err(ctx
                .err(
                    twice.span(),
                    format!(
                        "value rule `{id}` lists `{}` twice in `required_items`",
                        twice.get_ref()
                    ),
                    "list each required item once",
                )
                .into());
        }
        let others = [
            ("allowed", def.allowed.as_ref().map(Spanned::span)),
            ("pattern", def.pattern.as_ref().map(Spanned::span)),
            ("reject_pattern", def.reject_pattern.as_ref().map(Spanned::span)),
            ("min_length", def.min_length.as_ref().map(Spanned::span)),
            ("max_length", def.max_length.as_ref().map(Spanned::span)),
            ("max_items", def.max_items.as_ref().map(Spanned::span)),
        ];
        if let Some((key, span)) = others.into_iter().find_map(|(k, s)| Some((k, s?))) {
            return Err(ctx
                .err(
                    ctx.key_span(span, key),
                    format!(
                        "value rule `{id}` has both `required_items` and `{key}`: \
                         required_items judges which items a value holds, {key} judges each \
                         literal"
                    ),
                    "split it into two rules, one for each",
                )
                .into());
        }
    }
    let part = match &def.part {
        Some(part) => {
            let steps: Vec<String> = part.get_ref().split('.').map(str::to_owned).collect();
            if steps.iter().any(|s| s.trim().is_empty()) {
                return Err(ctx
                    .err(
                        part.span(),
                        format!(
                            "value rule `{id}` has the part `{}`, which has an empty step",
                            part.get_ref()
                        ),
                        "write dict keys or keyword arguments separated by single dots, \
                         e.g. part = \"model_statistics\"",
                    )
                    .into());
            }
            steps
        }
        None => Vec::new(),
    };
    for (key, span) in [
        ("required_items", def.required_items.as_ref().map(Spanned::span)),
        ("part", def.part.as_ref().map(Spanned::span)),
    ] {
        if let (Some(span), None) = (span, calls) {
            return Err(ctx
                .err(
                    ctx.key_span(span, key),
                    format!(
                        "value rule `{id}` has `{key}` but no `calls`: it judges the values \
                         that reach a call set, through the file's data flow"
                    ),
                    "add calls = \"<id of a [[calls]] table>\"",
                )
                .into());
        }
    }
    let constructors = match &def.constructors {
        Some(set) if required_items.is_empty() && part.is_empty() => {
            return Err(ctx
                .err(
                    ctx.key_span(set.span(), "constructors"),
                    format!(
                        "value rule `{id}` has `constructors` but neither `part` nor \
                         `required_items`, the keys that read them"
                    ),
                    "add part or required_items, or remove constructors",
                )
                .into());
        }
        Some(set) => Some(names.call_set(ctx, set, &format!("rule `{id}`'s `constructors`"))?),
        None => None,
    };
    for (variable, wrong) in [("value", !required_items.is_empty()), ("item", required_items.is_empty())] {
        if let (true, Some((template, key))) = (wrong, template_using(def, variable)) {
            let (message, help) = if variable == "value" {
                (
                    "a rule with required_items does not fill it",
                    "use {item} (the missing items) or {key}",
                )
            } else {
                (
                    "only a rule with required_items fills it",
                    "use {value} or {key}, or add required_items",
                )
            };
            return Err(ctx
                .err(
                    template.span(),
                    format!("rule `{id}`: `{key}` uses {{{variable}}}, but {message}"),
                    help,
                )
                .into());
        }
    }
    Ok(StructureKeys {
        required_items,
        part,
        constructors,
    })
}

/// The first of the rule's templates (message, recommendation, details) that uses `variable`,
/// with its key.
fn template_using<'d>(def: &'d RuleDef, variable: &str) -> Option<(&'d Spanned<String>, String)> {
    let templates = [
        (&def.message, "message".to_owned()),
        (&def.recommendation, "recommendation".to_owned()),
    ]
    .into_iter()
    .chain(
        def.details
            .iter()
            .map(|(key, value)| (value, format!("details.{key}"))),
    );
    templates.into_iter().find(|(template, _)| {
        Template::parse(template.get_ref(), |name| Some(usize::from(name == variable)))
            .is_ok_and(|parsed| parsed.uses(1))
    })
}

