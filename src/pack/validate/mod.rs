//! Semantic validation: turns a parsed [`PackFile`] into a [`Pack`] with every name resolved and
//! every template parsed, or fails at the first key that would make a rule wrong or unable to
//! fire, with its line and column. Kind-specific keys are checked in [`kinds`]; what the steps
//! share is in [`context`].

mod context;
mod kinds;

use std::cell::RefCell;
use std::collections::HashSet;

use toml::Spanned;

use super::PackSource;
use super::model::{BindingDef, CallSetDef, DetectDef, PackFile, RuleDef, RuleKind, VariableDef};
use super::types::{
    BindingSpec, CallSet, Check, Detector, FINDING_VARIABLES, FileGlob, Pack, Rule, Variable,
    VariableTable,
};
use crate::error::Result;
use context::{Ctx, Names, call_set_index, parse_template};

/// Advice for a TOML or schema error, by the kind of error (toml already points at the key).
pub(super) fn toml_error_help(message: &str) -> &'static str {
    if message.starts_with("unknown field") {
        "remove the key or fix its spelling; rules/README.md lists every key"
    } else if message.contains("unknown variant") {
        "use one of the values listed above"
    } else if message.contains("missing field") {
        "add the missing key to this table"
    } else {
        "fix the TOML at this place; see rules/README.md"
    }
}

pub(super) fn validate(file: PackFile, source: &PackSource) -> Result<Pack> {
    let ctx = Ctx {
        file: source.display_name(),
        text: &source.text,
        warnings: RefCell::new(Vec::new()),
    };
    let meta = file.pack;
    if meta.name.get_ref().trim().is_empty() {
        return Err(ctx
            .err(
                meta.name.span(),
                "the pack name is empty".into(),
                "name the pack, e.g. name = \"mypack\"",
            )
            .into());
    }
    let levels = validate_levels(&ctx, &meta.levels)?;
    let variables = validate_variables(&ctx, &file.variables, &file.detectors)?;
    let call_sets = validate_call_sets(&ctx, &file.call_sets)?;
    let bindings = validate_bindings(&ctx, &file.bindings, &call_sets)?;
    let names = Names {
        levels: &levels,
        vars: &variables,
        call_sets: &call_sets,
        has_bindings: !bindings.is_empty(),
    };
    let rules = validate_rules(&ctx, &file.rules, &names)?;
    warn_unused(
        &ctx,
        &meta.levels,
        (&file.variables, &file.call_sets, &file.bindings),
        &rules,
        &variables,
        &call_sets,
    );
    Ok(Pack {
        name: meta.name.into_inner(),
        step_type: meta.step_type,
        source_label: meta.source,
        version: meta.version,
        description: meta.description,
        levels,
        files: validate_file_globs(&ctx, &meta.files)?,
        extensions: meta.extensions,
        origin: source.origin.clone(),
        variables,
        call_sets,
        bindings,
        rules,
        warnings: ctx.warnings.into_inner(),
    })
}

/// Warns about levels without rules, and variables and call sets nothing uses.
fn warn_unused(
    ctx: &Ctx,
    levels: &Spanned<Vec<Spanned<String>>>,
    (variable_defs, call_set_defs, binding_defs): (&[VariableDef], &[CallSetDef], &[BindingDef]),
    rules: &[Rule],
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
        let used_by_rule = rules.iter().any(|rule| match &rule.check {
            Check::Require(r) => r.calls == Some(index),
            Check::Value(v) => v.calls == Some(index),
            Check::Path(_) => false,
        });
        let used_by_binding = binding_defs
            .iter()
            .any(|b| *b.calls.get_ref() == call_sets[index].id);
        if !used_by_rule && !used_by_binding {
            ctx.warn(
                def.id.span(),
                format!("call set `{}` is never used", def.id.get_ref()),
                "name it in a rule's or binding's `calls`, or remove it",
            );
        }
    }
}

fn rule_uses(rule: &Rule, var: usize) -> bool {
    let templates = [&rule.message, &rule.recommendation]
        .into_iter()
        .chain(rule.details.iter().map(|(_, t)| t));
    let in_paths = match &rule.check {
        Check::Path(paths) => paths.iter().any(|t| t.uses(var)),
        _ => false,
    };
    in_paths || templates.into_iter().any(|t| t.uses(var))
}

/// Builds a `files` glob the way routing matches it.
pub fn file_glob(glob: &str) -> std::result::Result<globset::Glob, globset::Error> {
    globset::GlobBuilder::new(glob)
        .literal_separator(true)
        .build()
}

fn validate_file_globs(ctx: &Ctx, globs: &[Spanned<String>]) -> Result<Vec<FileGlob>> {
    globs
        .iter()
        .map(|entry| {
            let text = entry.get_ref();
            let (pattern, excludes) = match text.strip_prefix('!') {
                Some(pattern) => (pattern, true),
                None => (text.as_str(), false),
            };
            let glob = file_glob(pattern).map_err(|e| {
                ctx.err(
                    entry.span(),
                    format!("`{text}` is not a valid glob: {}", e.kind()),
                    "write a glob such as \"*_job.py\" (matched against file names), \
                     \"scripts/**/*.py\" (matched against paths) or \"!*_spec.py\" (excluded)",
                )
            })?;
            Ok(FileGlob {
                text: text.clone(),
                glob,
                excludes,
            })
        })
        .collect()
}

fn validate_levels(ctx: &Ctx, levels: &Spanned<Vec<Spanned<String>>>) -> Result<Vec<String>> {
    if levels.get_ref().is_empty() {
        return Err(ctx
            .err(
                levels.span(),
                "the pack declares no levels".into(),
                "list the validation levels in run order, e.g. levels = [\"script\", \"layout\"]",
            )
            .into());
    }
    let mut seen = HashSet::new();
    for level in levels.get_ref() {
        if level.get_ref().is_empty() || !seen.insert(level.get_ref().as_str()) {
            return Err(ctx
                .err(
                    level.span(),
                    format!("level `{}` is empty or listed twice", level.get_ref()),
                    "give each level a distinct, non-empty name",
                )
                .into());
        }
    }
    Ok(levels
        .get_ref()
        .iter()
        .map(|l| l.get_ref().clone())
        .collect())
}

fn check_variable_name(ctx: &Ctx, name: &Spanned<String>, names: &[String]) -> Result<()> {
    let text = name.get_ref();
    let valid = !text.is_empty()
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !text.starts_with(|c: char| c.is_ascii_digit());
    if !valid || FINDING_VARIABLES.contains(&text.as_str()) || names.contains(text) {
        return Err(ctx
            .err(
                name.span(),
                format!("variable name `{text}` is invalid, built in, or defined twice"),
                format!(
                    "use a new name of letters, digits and underscores; `script`, `{}` are \
                     built in",
                    FINDING_VARIABLES.join("`, `")
                ),
            )
            .into());
    }
    Ok(())
}

fn validate_variables(
    ctx: &Ctx,
    defs: &[VariableDef],
    detects: &[DetectDef],
) -> Result<VariableTable> {
    let mut names = vec!["script".to_owned()];
    let mut derived = Vec::new();
    for def in defs {
        let name = def.name.get_ref();
        check_variable_name(ctx, &def.name, &names)?;
        let from = names
            .iter()
            .position(|n| n == def.from.get_ref())
            .ok_or_else(|| {
                ctx.err(
                    def.from.span(),
                    format!(
                        "variable `{name}` starts from `{}`, which is not defined before it",
                        def.from.get_ref()
                    ),
                    format!("start from one of: {}", names.join(", ")),
                )
            })?;
        derived.push(Variable {
            from,
            remove: def.remove.clone(),
        });
        names.push(name.clone());
    }
    let mut detected = Vec::new();
    for def in detects {
        check_variable_name(ctx, &def.name, &names)?;
        if def.options.get_ref().is_empty() {
            return Err(ctx
                .err(
                    def.options.span(),
                    format!("detector `{}` has no options", def.name.get_ref()),
                    "add [[detect.option]] tables with value and keywords",
                )
                .into());
        }
        let mut options = Vec::new();
        for option in def.options.get_ref() {
            let keywords = option.keywords.get_ref();
            if keywords.is_empty() || keywords.iter().any(|k| k.get_ref().is_empty()) {
                return Err(ctx
                    .err(
                        option.keywords.span(),
                        format!(
                            "detector `{}`: option `{}` has no keywords, or an empty one",
                            def.name.get_ref(),
                            option.value.get_ref()
                        ),
                        "list non-empty keywords that select this option",
                    )
                    .into());
            }
            if option.value.get_ref().is_empty()
                || options.iter().any(|(v, _)| v == option.value.get_ref())
            {
                return Err(ctx
                    .err(
                        option.value.span(),
                        format!("detector `{}`: value `{}` is empty or listed twice", def.name.get_ref(), option.value.get_ref()),
                        "give each option a distinct, non-empty value (no match leaves the variable empty)",
                    )
                    .into());
            }
            options.push((
                option.value.get_ref().clone(),
                keywords.iter().map(|k| k.get_ref().clone()).collect(),
            ));
        }
        detected.push(Detector {
            from: def.from,
            case_sensitive: def.case_sensitive,
            options,
        });
        names.push(def.name.get_ref().clone());
    }
    names.extend(FINDING_VARIABLES.map(str::to_owned));
    Ok(VariableTable {
        names,
        derived,
        detected,
    })
}

fn validate_call_sets(ctx: &Ctx, defs: &[CallSetDef]) -> Result<Vec<CallSet>> {
    let mut seen = HashSet::new();
    defs.iter()
        .map(|def| {
            let id = def.id.get_ref();
            if id.trim().is_empty() || !seen.insert(id.as_str()) {
                return Err(ctx
                    .err(
                        def.id.span(),
                        format!("call set id `{id}` is empty or used twice"),
                        "give every [[calls]] table a distinct id",
                    )
                    .into());
            }
            let callees = def.callees.get_ref();
            if let Some(bad) = callees
                .iter()
                .chain(&def.exclude)
                .find(|c| c.get_ref().trim().is_empty())
            {
                return Err(ctx
                    .err(
                        bad.span(),
                        format!("call set `{id}` has an empty callee"),
                        "remove the empty string",
                    )
                    .into());
            }
            if callees.is_empty() {
                return Err(ctx
                    .err(
                        def.callees.span(),
                        format!("call set `{id}` lists no callees, so no call could match"),
                        "list callee names, e.g. callees = [\"Session.run\"]",
                    )
                    .into());
            }
            Ok(CallSet {
                id: id.clone(),
                callees: callees.iter().map(|c| c.get_ref().clone()).collect(),
                mode: def.match_mode,
                imports: def.imports.clone(),
                exclude: def.exclude.iter().map(|c| c.get_ref().clone()).collect(),
            })
        })
        .collect()
}

fn validate_bindings(
    ctx: &Ctx,
    defs: &[BindingDef],
    call_sets: &[CallSet],
) -> Result<Vec<BindingSpec>> {
    defs.iter()
        .map(|def| {
            Ok(BindingSpec {
                calls: call_set_index(ctx, call_sets, &def.calls, "a [[binding]]")?,
                name_argument: def.name_argument.clone(),
                name_position: def.name_position,
                value_argument: def.value_argument.clone(),
                value_position: def.value_position,
            })
        })
        .collect()
}

fn validate_rules(ctx: &Ctx, defs: &[RuleDef], names: &Names) -> Result<Vec<Rule>> {
    let mut seen = HashSet::new();
    for def in defs {
        let id = def.id.get_ref();
        if id.trim().is_empty() || !seen.insert(id.as_str()) {
            return Err(ctx
                .err(
                    def.id.span(),
                    format!("rule id `{id}` is empty or used by an earlier rule"),
                    "give every rule a distinct id",
                )
                .into());
        }
    }
    defs.iter()
        .map(|def| validate_rule(ctx, def, defs, names))
        .collect()
}

fn validate_rule(ctx: &Ctx, def: &RuleDef, defs: &[RuleDef], names: &Names) -> Result<Rule> {
    let id = def.id.get_ref();
    let level = names
        .levels
        .iter()
        .position(|l| l == def.level.get_ref())
        .ok_or_else(|| {
            ctx.err(
                def.level.span(),
                format!(
                    "rule `{id}` has level `{}`, which the pack does not declare",
                    def.level.get_ref()
                ),
                format!(
                    "use one of the levels in [pack].levels: {}",
                    names.levels.join(", ")
                ),
            )
        })?;
    if def.category.trim().is_empty() {
        return Err(ctx
            .err(
                def.id.span(),
                format!("rule `{id}` has an empty category"),
                "set category to the issue category this rule reports",
            )
            .into());
    }
    let kind = *def.kind.get_ref();
    let check = match kind {
        RuleKind::Require => Check::Require(kinds::require(ctx, def, defs, names)?),
        RuleKind::Path => Check::Path(kinds::path(ctx, def, names.vars)?),
        RuleKind::Value => Check::Value(kinds::value(ctx, def, names)?),
    };
    let vars = names.vars;
    // Per-finding variables exist only for the kinds that produce them.
    let allowed = |name: &str| {
        let index = vars.lookup(name)?;
        let usable = if index == vars.keywords() {
            kind == RuleKind::Require
        } else if index == vars.value() || index == vars.key() {
            kind == RuleKind::Value
        } else {
            true
        };
        usable.then_some(index)
    };
    let template =
        |value: &Spanned<String>, key: &str| parse_template(ctx, value, &allowed, id, key, vars);
    let mut details = Vec::new();
    for (key, value) in &def.details {
        if key == "script" {
            return Err(ctx
                .err(
                    ctx.key_span(value.span(), key),
                    format!("rule `{id}` sets details.script, which is always the script's name"),
                    "remove this entry; every issue's details carry `script` already",
                )
                .into());
        }
        details.push((key.clone(), template(value, &format!("details.{key}"))?));
    }
    let examples = kinds::examples(ctx, def, &check)?;
    let when = validate_when(ctx, def, vars)?;
    Ok(Rule {
        id: id.clone(),
        level,
        category: def.category.clone(),
        severity: def.severity,
        description: def.description.clone(),
        message: template(&def.message, "message")?,
        recommendation: template(&def.recommendation, "recommendation")?,
        details,
        check,
        when,
        examples,
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
