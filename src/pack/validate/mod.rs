//! Semantic validation: turns a parsed [`PackFile`] into a [`Pack`] with every name resolved and
//! every template parsed, or reports every key that would make a rule wrong or unable to fire,
//! each with its line and column, all at once (sorted by position, as rustc does). Unknown keys
//! and values are found before serde reads the file ([`keys`]); tables rules refer to are checked
//! in [`tables`], the keys of each kind of rule by its kind ([`crate::kinds`]), the size limits
//! in [`limits`]; what the steps share is in [`context`].

pub(crate) mod context;
mod keys;
pub(crate) mod limits;
pub(crate) mod pattern;
pub(crate) mod tables;

use std::collections::HashSet;

use toml::Spanned;
use toml::de::DeTable;

use super::PackSource;
use super::model::{BindingDef, CallSetDef, PackFile, RuleDef, VariableDef};
use super::types::{CallSet, Example, VariableTable};
use super::validated::{Pack, Rule};
use crate::error::{PackDiagnostics, Result};
use crate::kinds::Check;
use context::{Ctx, Names, parse_template};
pub(super) use limits::{MAX_PACK_BYTES, pack_size, pack_too_large};
pub use tables::file_glob;

/// Advice for a TOML or schema error, by the kind of error (toml already points at the key).
pub(super) fn toml_error_help(message: &str) -> &'static str {
    if message.starts_with("unknown field") {
        "remove the key or fix its spelling; `rulecheck guide` lists every key"
    } else if message.contains("unknown variant") {
        "use one of the values listed above"
    } else if message.contains("missing field") {
        "add the missing key to this table"
    } else {
        "fix the TOML at this place; `rulecheck guide` describes the format"
    }
}

/// The first check of a pack file's TOML document, before serde reads it: a list or a kind of
/// table over its limit refuses the pack at once.
pub(super) fn list_lengths(source: &PackSource, document: &Spanned<DeTable<'_>>) -> Result<()> {
    let over = limits::list_lengths(&source.display_name(), &source.text, document.get_ref());
    match over.into_error() {
        Some(error) => Err(error),
        None => Ok(()),
    }
}

/// Every unknown key and enumeration value of a pack file (serde stops at the first), and the
/// file repaired so the other checks can report their errors in the same run. Nothing when the
/// file is not valid TOML (`document` is `None`: serde reports that).
pub(super) fn unknown_names(
    source: &PackSource,
    document: Option<&Spanned<DeTable<'_>>>,
) -> (PackDiagnostics, Option<String>) {
    match document {
        Some(document) => keys::unknown_names(source, document.get_ref()),
        None => (PackDiagnostics::default(), None),
    }
}

pub(super) fn validate(file: PackFile, source: &PackSource) -> Result<Pack> {
    let display_name = source.display_name();
    let ctx = Ctx::new(display_name, &source.text);
    let meta = file.pack;
    if meta.name.get_ref().trim().is_empty() {
        ctx.error(
            meta.name.span(),
            "the pack name is empty".into(),
            "name the pack, e.g. name = \"mypack\"",
        );
    }
    let levels = tables::levels(&ctx, &meta.levels);
    let variables = tables::variables(&ctx, &file.variables, &file.detectors);
    let call_sets = tables::call_sets(&ctx, &file.call_sets);
    let bindings = tables::bindings(&ctx, &file.bindings, &call_sets);
    let route_calls = tables::route_calls(&ctx, &meta.route_calls, &call_sets);
    let indexes = tables::indexes(&ctx, &file.indexes);
    let layouts = tables::layouts(&ctx, &file.layouts);
    // Rules refer to a broken index by its id too, so they get no error of their own for it.
    let index_ids: Vec<&str> = file
        .indexes
        .iter()
        .map(|d| d.id.get_ref().as_str())
        .collect();
    let layout_ids: Vec<&str> = layouts.iter().map(|l| l.id.as_str()).collect();
    let names = Names {
        levels: &levels,
        vars: &variables,
        call_sets: &call_sets,
        index_ids: &index_ids,
        layout_ids: &layout_ids,
        has_bindings: !file.bindings.is_empty(),
        needles_within_limit: limits::pack_needles(&ctx, &file.rules, &file.call_sets),
        regexes_within_limit: limits::pack_regexes(&ctx, &file.rules),
    };
    let rules = validate_rules(&ctx, &file.rules, &names);
    let files = tables::file_globs(&ctx, &meta.files);
    warn_unused(
        &ctx,
        &meta.levels,
        (&file.variables, &file.call_sets, &file.bindings),
        (&rules, &route_calls),
        &variables,
        &call_sets,
    );
    let pack = Pack {
        name: meta.name.into_inner(),
        step_type: meta.step_type,
        source_label: meta.source,
        version: meta.version,
        description: meta.description,
        levels,
        files,
        extensions: meta.extensions,
        route_calls,
        origin: source.origin.clone(),
        variables,
        call_sets,
        bindings,
        indexes: indexes.into_iter().flatten().collect(),
        layouts,
        rules,
        warnings: Vec::new(),
    };
    ctx.finish(()).map(|()| Pack {
        warnings: ctx.take_warnings(),
        ..pack
    })
}

/// Warns about levels without rules, and variables and call sets nothing uses (neither a rule,
/// a binding nor `route_calls`).
fn warn_unused(
    ctx: &Ctx,
    levels: &Spanned<Vec<Spanned<String>>>,
    (variable_defs, call_set_defs, binding_defs): (&[VariableDef], &[CallSetDef], &[BindingDef]),
    (rules, route_calls): (&[Rule], &[usize]),
    vars: &VariableTable,
    call_sets: &[CallSet],
) {
    for (index, level) in levels.get_ref().iter().enumerate() {
        if !rules.iter().any(|r| r.level == index) {
            ctx.warn(
                level.span(),
                format!(
                    "level `{}` has no rules, so it checks nothing",
                    level.get_ref()
                ),
                "add rules to it, or remove it from levels",
            );
        }
    }
    for (index, def) in variable_defs.iter().enumerate() {
        let var = index + 1;
        let used_by_rule = rules.iter().any(|rule| rule_uses(rule, var));
        let used_by_variable = vars.derived.iter().any(|d| d.from == var);
        if !used_by_rule && !used_by_variable {
            ctx.warn(
                def.name.span(),
                format!("variable `{}` is never used", def.name.get_ref()),
                "use it as {name} in a template, or remove it",
            );
        }
    }
    for (index, def) in call_set_defs.iter().enumerate() {
        let used_by_rule = rules.iter().any(|rule| rule.check.uses_call_set(index));
        let used_by_binding = binding_defs
            .iter()
            .any(|b| *b.calls.get_ref() == call_sets[index].id);
        if !used_by_rule && !used_by_binding && !route_calls.contains(&index) {
            ctx.warn(
                def.id.span(),
                format!("call set `{}` is never used", def.id.get_ref()),
                "name it in a rule's or binding's `calls` or in [pack].route_calls, or remove it",
            );
        }
    }
}

fn rule_uses(rule: &Rule, var: usize) -> bool {
    let templates = [&rule.message, &rule.recommendation]
        .into_iter()
        .chain(rule.details.iter().map(|(_, t)| t));
    let in_paths = rule
        .check
        .companion()
        .is_some_and(|(templates, _)| templates.iter().any(|t| t.uses(var)));
    in_paths || templates.into_iter().any(|t| t.uses(var))
}

fn validate_rules(ctx: &Ctx, defs: &[RuleDef], names: &Names) -> Vec<Rule> {
    let mut seen = HashSet::new();
    for def in defs {
        let id = def.id.get_ref();
        if id.trim().is_empty() || !seen.insert(id.as_str()) {
            ctx.error(
                def.id.span(),
                format!("rule id `{id}` is empty or used by an earlier rule"),
                "give every rule a distinct id",
            );
        }
    }
    defs.iter()
        .filter_map(|def| validate_rule(ctx, def, defs, names))
        .collect()
}

/// A rule, or `None` after recording each of its errors.
fn validate_rule(ctx: &Ctx, def: &RuleDef, defs: &[RuleDef], names: &Names) -> Option<Rule> {
    let id = def.id.get_ref();
    let level = names.levels.iter().position(|l| l == def.level.get_ref());
    // With no levels at all, that one error is enough: every rule's level would repeat it.
    if level.is_none() && !names.levels.is_empty() {
        ctx.error(
            def.level.span(),
            format!(
                "rule `{id}` has level `{}`, which the pack does not declare",
                def.level.get_ref()
            ),
            format!(
                "{}use one of the levels in [pack].levels: {}",
                crate::suggest::did_you_mean_then(
                    def.level.get_ref(),
                    names.levels.iter().map(String::as_str)
                ),
                names.levels.join(", ")
            ),
        );
    }
    if def.category.trim().is_empty() {
        ctx.error(
            def.id.span(),
            format!("rule `{id}` has an empty category"),
            "set category to the issue category this rule reports",
        );
    }
    let kind = *def.kind.get_ref();
    let check = Check::validate(kind, ctx, def, defs, names);
    let vars = names.vars;
    // Per-finding variables exist only for the kinds that produce them.
    let allowed = |name: &str| {
        let index = vars.lookup(name)?;
        let per_finding = [
            vars.keywords(),
            vars.value(),
            vars.key(),
            vars.item(),
            vars.call(),
            vars.line(),
        ]
        .contains(&index);
        (!per_finding || Check::variables(kind).contains(&name)).then_some(index)
    };
    let template = |value: &Spanned<String>, key: &str| {
        ctx.keep(parse_template(ctx, value, &allowed, id, key, vars))
    };
    let message = template(&def.message, "message");
    // A whole file's finding is about no call.
    let whole_file = |name: &str| allowed(name).filter(|&i| i != vars.call() && i != vars.line());
    let file_message = match &def.file_message {
        Some(text) => ctx
            .keep(parse_template(
                ctx,
                text,
                &whole_file,
                id,
                "file_message",
                vars,
            ))
            .map(Some),
        None => Some(None),
    };
    let recommendation = template(&def.recommendation, "recommendation");
    let mut details = Some(Vec::new());
    for (key, value) in &def.details {
        if key == "script" {
            ctx.error(
                ctx.key_span(value.span(), key),
                format!("rule `{id}` sets details.script, which is always the script's name"),
                "remove this entry; every issue's details carry `script` already",
            );
            details = None;
            continue;
        }
        let parsed = template(value, &format!("details.{key}"));
        details = details.zip(parsed).map(|(mut list, parsed)| {
            list.push((key.clone(), parsed));
            list
        });
    }
    let examples = check
        .as_ref()
        .and_then(|check| ctx.keep(examples(ctx, def, check)));
    let when = ctx.keep(validate_when(ctx, def, vars));
    let unless_indexed = match &def.unless_indexed {
        Some(id) => ctx
            .keep(names.index(
                ctx,
                id.get_ref(),
                id.span(),
                &format!("rule `{id}`'s `unless_indexed`", id = def.id.get_ref()),
            ))
            .map(Some),
        None => Some(None),
    };
    let layout = match &def.layout {
        Some(id) => ctx
            .keep(names.layout(
                ctx,
                id,
                &format!("rule `{id}`'s `layout`", id = def.id.get_ref()),
            ))
            .map(Some),
        None => Some(None),
    };
    Some(Rule {
        id: id.clone(),
        level: level?,
        category: def.category.clone(),
        severity: def.severity,
        description: def.description.clone(),
        message: message?,
        file_message: file_message?,
        recommendation: recommendation?,
        details: details?,
        check: check?,
        when: when?,
        unless_indexed: unless_indexed?,
        layout: layout?,
        examples: examples?,
    })
}

/// Resolves `when = { variable = ["value", …] }` against the detected variables.
fn validate_when(
    ctx: &Ctx,
    def: &RuleDef,
    vars: &VariableTable,
) -> Result<Vec<(usize, Vec<String>)>> {
    let id = def.id.get_ref();
    let first_detected = vars.derived.len() + 1;
    let mut when = Vec::new();
    for (name, values) in &def.when {
        let index = vars
            .lookup(name)
            .filter(|i| (first_detected..first_detected + vars.detected.len()).contains(i))
            .ok_or_else(|| {
                let detected: Vec<&str> = vars.names()
                    [first_detected..first_detected + vars.detected.len()]
                    .iter()
                    .map(String::as_str)
                    .collect();
                ctx.err(
                    ctx.key_span(values.span(), name),
                    format!("rule `{id}`: `when` names `{name}`, which is not a detected variable"),
                    if detected.is_empty() {
                        "define it with a [[detect]] table".to_owned()
                    } else {
                        format!("use one of: {}", detected.join(", "))
                    },
                )
            })?;
        let detector = &vars.detected[index - first_detected];
        let mut allowed = Vec::new();
        for value in values.get_ref() {
            if !detector.options.iter().any(|(v, _)| v == value.get_ref()) {
                let options: Vec<&str> = detector.options.iter().map(|(v, _)| v.as_str()).collect();
                return Err(ctx
                    .err(
                        value.span(),
                        format!("rule `{id}`: `{name}` is never `{}`", value.get_ref()),
                        format!("use one of the detector's values: {}", options.join(", ")),
                    )
                    .into());
            }
            allowed.push(value.get_ref().clone());
        }
        if allowed.is_empty() {
            return Err(ctx
                .err(
                    values.span(),
                    format!("rule `{id}`: `when.{name}` lists no value, so the rule never runs"),
                    "list the values it runs for",
                )
                .into());
        }
        when.push((index, allowed));
    }
    Ok(when)
}

/// Validates a rule's inline examples: only rules that judge the script alone can have them.
fn examples(ctx: &Ctx, def: &RuleDef, check: &Check) -> Result<Vec<Example>> {
    let mut examples = Vec::new();
    for example in &def.examples {
        if let Some(layout) = &def.layout {
            return Err(ctx
                .err(
                    example.span(),
                    format!(
                        "rule `{}` runs only in a tree of layout `{}`, which an inline example \
                         has no files for, so inline examples cannot test it",
                        def.id.get_ref(),
                        layout.get_ref()
                    ),
                    "test it with fixture trees under tests/<pack>/ beside the pack: one that \
                     holds a marker of the layout, one that does not (see `rulecheck guide`, \
                     Testing a pack)",
                )
                .into());
        }
        if !check.examples_allowed() {
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
            line: ctx.line(example.span().start),
        });
    }
    Ok(examples)
}
