//! Semantic validation: turns a parsed [`PackFile`] into a [`Pack`] with every name resolved and
//! every template parsed, or fails at the first key that would make a rule wrong or unable to
//! fire, with its line and column.

use std::collections::HashSet;
use std::ops::Range;
use std::path::{Component, Path};

use toml::Spanned;

use super::model::{MatchMode, PackFile, RuleDef, RuleKind, Severity, VariableDef};
use super::{Origin, PackSource};
use crate::error::{PackError, Result};
use crate::template::{Template, TemplateError};

/// A loaded, validated pack.
#[derive(Debug)]
pub struct Pack {
    /// The pack's name.
    pub name: String,
    /// The step type reported in issues.
    pub step_type: String,
    /// The source label reported in issues.
    pub source_label: String,
    /// The pack's version.
    pub version: String,
    /// What the pack checks.
    pub description: String,
    /// The levels, in run order.
    pub levels: Vec<String>,
    /// Where the pack was loaded from.
    pub origin: Origin,
    /// The variables templates may use.
    pub variables: VariableTable,
    /// The rules, in pack order.
    pub rules: Vec<Rule>,
}

/// The names templates can use, by index: `script`, the pack's own variables in order, then the
/// per-finding `path` and `keywords`.
#[derive(Debug)]
pub struct VariableTable {
    names: Vec<String>,
    /// The pack's derived variables (indices `1..=derived.len()`).
    pub derived: Vec<Variable>,
}

/// A variable derived from an earlier one.
#[derive(Debug)]
pub struct Variable {
    /// Index of the variable it starts from.
    pub from: usize,
    /// Strings removed everywhere, in order.
    pub remove: Vec<String>,
}

impl VariableTable {
    /// Index of `script`, the checked file's name.
    pub const SCRIPT: usize = 0;

    /// Index of `path`: the file a finding is about.
    pub fn path(&self) -> usize {
        self.derived.len() + 1
    }

    /// Index of `keywords`: a require rule's keywords, comma-separated.
    pub fn keywords(&self) -> usize {
        self.derived.len() + 2
    }

    /// How many variables come from the file name alone (`script` and the derived ones).
    pub fn file_count(&self) -> usize {
        self.derived.len() + 1
    }

    /// The index of `name`.
    pub fn lookup(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// All names, by index.
    pub fn names(&self) -> &[String] {
        &self.names
    }
}

/// A validated rule.
#[derive(Debug)]
pub struct Rule {
    /// Unique id within the pack.
    pub id: String,
    /// Index into [`Pack::levels`].
    pub level: usize,
    /// Issue category.
    pub category: String,
    /// Issue severity.
    pub severity: Severity,
    /// What the rule looks for.
    pub description: String,
    /// Issue message.
    pub message: Template,
    /// Issue recommendation.
    pub recommendation: Template,
    /// Extra details entries, sorted by key.
    pub details: Vec<(String, Template)>,
    /// What the rule checks.
    pub check: Check,
}

/// What a rule checks.
#[derive(Debug)]
pub enum Check {
    /// Some keyword must occur.
    Require(Require),
    /// One of these files must exist under the root.
    Path(Vec<Template>),
}

/// A require rule's matching settings.
#[derive(Debug)]
pub struct Require {
    /// The keywords; any one satisfies the rule.
    pub keywords: Vec<String>,
    /// Substring or whole word.
    pub mode: MatchMode,
    /// Whether case must match exactly.
    pub case_sensitive: bool,
    /// Index of the path rule whose file is searched instead of the script.
    pub target: Option<usize>,
}

const BUILT_IN_VARIABLES: [&str; 3] = ["script", "path", "keywords"];

struct Ctx<'a> {
    file: String,
    text: &'a str,
}

impl Ctx<'_> {
    fn err(&self, span: Range<usize>, message: String, help: impl Into<String>) -> Box<PackError> {
        PackError::at(&self.file, self.text, span, message, help)
    }

    /// The span of `key` written before the value at `value` on the same line, or the value's.
    fn key_span(&self, value: Range<usize>, key: &str) -> Range<usize> {
        let line_start = self.text[..value.start].rfind('\n').map_or(0, |i| i + 1);
        match self.text[line_start..value.start].find(key) {
            Some(i) => line_start + i..line_start + i + key.len(),
            None => value,
        }
    }
}

/// Advice for a TOML or schema error, by the kind of error (toml already points at the key).
pub(super) fn toml_error_help(message: &str) -> &'static str {
    if message.starts_with("unknown field") {
        "remove the key or fix its spelling; the README's rule-pack reference lists every key"
    } else if message.contains("unknown variant") {
        "use one of the values listed above"
    } else if message.contains("missing field") {
        "add the missing key to this table"
    } else {
        "fix the TOML at this place; see the README's rule-pack reference"
    }
}

pub(super) fn validate(file: PackFile, source: &PackSource) -> Result<Pack> {
    let ctx = Ctx {
        file: source.display_name(),
        text: &source.text,
    };
    let meta = file.pack;
    if meta.name.get_ref().trim().is_empty() {
        return Err(ctx
            .err(
                meta.name.span(),
                "the pack name is empty".into(),
                "name the pack, e.g. name = \"mypack\"; `--pack NAME` finds it by this name",
            )
            .into());
    }
    let levels = validate_levels(&ctx, &meta.levels)?;
    let variables = validate_variables(&ctx, &file.variables)?;
    let rules = validate_rules(&ctx, &file.rules, &levels, &variables)?;
    Ok(Pack {
        name: meta.name.into_inner(),
        step_type: meta.step_type,
        source_label: meta.source,
        version: meta.version,
        description: meta.description,
        levels,
        origin: source.origin.clone(),
        variables,
        rules,
    })
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

fn validate_variables(ctx: &Ctx, defs: &[VariableDef]) -> Result<VariableTable> {
    let mut names = vec!["script".to_owned()];
    let mut derived = Vec::new();
    for def in defs {
        let name = def.name.get_ref();
        let valid = !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !name.starts_with(|c: char| c.is_ascii_digit());
        if !valid || BUILT_IN_VARIABLES.contains(&name.as_str()) || names.contains(name) {
            return Err(ctx
                .err(
                    def.name.span(),
                    format!("variable name `{name}` is invalid, built in, or defined twice"),
                    "use a new name of letters, digits and underscores; `script`, `path` and \
                     `keywords` are built in",
                )
                .into());
        }
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
    names.extend(["path".to_owned(), "keywords".to_owned()]);
    Ok(VariableTable { names, derived })
}

fn validate_rules(
    ctx: &Ctx,
    defs: &[RuleDef],
    levels: &[String],
    vars: &VariableTable,
) -> Result<Vec<Rule>> {
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
    let path_rules: Vec<&str> = defs
        .iter()
        .filter(|d| *d.kind.get_ref() == RuleKind::Path)
        .map(|d| d.id.get_ref().as_str())
        .collect();
    defs.iter()
        .map(|def| validate_rule(ctx, def, defs, &path_rules, levels, vars))
        .collect()
}

fn validate_rule(
    ctx: &Ctx,
    def: &RuleDef,
    defs: &[RuleDef],
    path_rules: &[&str],
    levels: &[String],
    vars: &VariableTable,
) -> Result<Rule> {
    let id = def.id.get_ref();
    let level = levels
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
                    levels.join(", ")
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
    let check = match def.kind.get_ref() {
        RuleKind::Require => Check::Require(validate_require(ctx, def, defs, path_rules)?),
        RuleKind::Path => Check::Path(validate_path(ctx, def, vars)?),
    };
    let is_require = matches!(check, Check::Require(_));
    let allowed = |name: &str| {
        let index = vars.lookup(name)?;
        (index != vars.keywords() || is_require).then_some(index)
    };
    let template = |value: &Spanned<String>, key: &str| {
        parse_template(ctx, value, &allowed, id, key, vars, is_require)
    };
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
    })
}

fn parse_template(
    ctx: &Ctx,
    value: &Spanned<String>,
    allowed: &dyn Fn(&str) -> Option<usize>,
    id: &str,
    key: &str,
    vars: &VariableTable,
    is_require: bool,
) -> Result<Template> {
    Template::parse(value.get_ref(), allowed).map_err(|e| {
        let usable: Vec<&str> = vars
            .names()
            .iter()
            .map(String::as_str)
            .filter(|n| allowed(n).is_some())
            .collect();
        let message = match e {
            TemplateError::UnknownVariable(name) if name == "keywords" && !is_require => {
                format!(
                    "rule `{id}`: `{key}` uses {{keywords}}, but only require rules have keywords"
                )
            }
            TemplateError::UnknownVariable(name) => {
                format!("rule `{id}`: `{key}` uses the unknown variable {{{name}}}")
            }
            TemplateError::UnbalancedBrace => {
                format!("rule `{id}`: `{key}` has an unmatched brace")
            }
        };
        ctx.err(
            value.span(),
            message,
            format!(
                "use one of {{{}}}; write {{{{ and }}}} for literal braces",
                usable.join("}, {")
            ),
        )
        .into()
    })
}

fn reject_keys<T>(ctx: &Ctx, def: &RuleDef, keys: &[(&str, Option<&Spanned<T>>)]) -> Result<()> {
    let kind = match def.kind.get_ref() {
        RuleKind::Require => "require",
        RuleKind::Path => "path",
    };
    for (key, value) in keys {
        if let Some(value) = value {
            return Err(ctx
                .err(
                    ctx.key_span(value.span(), key),
                    format!(
                        "rule `{}` is a {kind} rule and cannot have `{key}`",
                        def.id.get_ref()
                    ),
                    "remove the key, or change `kind`; the README's rule-pack reference lists \
                     the keys of each kind",
                )
                .into());
        }
    }
    Ok(())
}

fn validate_require(
    ctx: &Ctx,
    def: &RuleDef,
    defs: &[RuleDef],
    path_rules: &[&str],
) -> Result<Require> {
    let id = def.id.get_ref();
    reject_keys(ctx, def, &[("paths", def.paths.as_ref())])?;
    let keywords = def.keywords.as_ref().ok_or_else(|| {
        ctx.err(
            def.kind.span(),
            format!("require rule `{id}` has no `keywords`"),
            "add keywords = [\"...\"]: the rule fires when none of them occurs",
        )
    })?;
    if keywords.get_ref().is_empty() {
        return Err(ctx
            .err(
                keywords.span(),
                format!(
                    "require rule `{id}` has an empty keyword list, so it could never be satisfied"
                ),
                "list at least one keyword",
            )
            .into());
    }
    if let Some(empty) = keywords.get_ref().iter().find(|k| k.get_ref().is_empty()) {
        return Err(ctx
            .err(
                empty.span(),
                format!("require rule `{id}` has an empty keyword"),
                "remove the empty string: it would match everywhere",
            )
            .into());
    }
    let target = match &def.target {
        None => None,
        Some(target) => {
            let name = target.get_ref();
            let index = defs
                .iter()
                .position(|d| d.id.get_ref() == name && *d.kind.get_ref() == RuleKind::Path);
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
    };
    Ok(Require {
        keywords: keywords
            .get_ref()
            .iter()
            .map(|k| k.get_ref().clone())
            .collect(),
        mode: def
            .match_mode
            .as_ref()
            .map_or(MatchMode::Substring, |m| *m.get_ref()),
        case_sensitive: def.case_sensitive.as_ref().is_some_and(|c| *c.get_ref()),
        target,
    })
}

fn validate_path(ctx: &Ctx, def: &RuleDef, vars: &VariableTable) -> Result<Vec<Template>> {
    let id = def.id.get_ref();
    reject_keys(ctx, def, &[("keywords", def.keywords.as_ref())])?;
    reject_keys(ctx, def, &[("match", def.match_mode.as_ref())])?;
    reject_keys(ctx, def, &[("case_sensitive", def.case_sensitive.as_ref())])?;
    reject_keys(ctx, def, &[("target", def.target.as_ref())])?;
    let paths = def.paths.as_ref().ok_or_else(|| {
        ctx.err(
            def.kind.span(),
            format!("path rule `{id}` has no `paths`"),
            "add paths = [\"dir/{base_name}_file.py\"]: the rule fires when none exists",
        )
    })?;
    if paths.get_ref().is_empty() {
        return Err(ctx
            .err(
                paths.span(),
                format!("path rule `{id}` has an empty `paths` list"),
                "list at least one path template",
            )
            .into());
    }
    let file_vars = |name: &str| vars.lookup(name).filter(|&i| i < vars.file_count());
    paths
        .get_ref()
        .iter()
        .map(|path| {
            let text = path.get_ref();
            let climbs = Path::new(text)
                .components()
                .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
            if text.trim().is_empty() || climbs {
                return Err(ctx
                    .err(
                        path.span(),
                        format!(
                            "path rule `{id}`: `{text}` is empty, absolute or climbs out of the root"
                        ),
                        "write a relative path below --root, without `..`",
                    )
                    .into());
            }
            parse_template(ctx, path, &file_vars, id, "paths", vars, false)
        })
        .collect()
}
