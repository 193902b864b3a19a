//! `rulecheck explain PACK[:RULE]`: a page on a pack or one of its rules, for people — levels,
//! variables, call sets, and each rule's check (as its kind explains it), templates, examples.

use std::fmt::Write as _;

use clap::Args;

use super::{Done, PackDirs, Printed};
use crate::engine::CompiledPack;
use crate::error::{Error, Result};
use crate::pack::{
    self, Binding, CalleeMatch, Check, DetectFrom, DetectMatch, MatchMode, Origin, Pack,
    PathSearch, Per, Rule, Scope, locate,
};

/// `rulecheck explain PACK[:RULE]`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A pack name or file, optionally followed by `:RULE`.
    #[arg(value_name = "PACK[:RULE]")]
    target: String,
    #[command(flatten)]
    pack_dirs: PackDirs,
}

/// Loads the pack and prints its page, or its rule's.
pub fn run(args: ExplainArgs) -> Done {
    // A `:` after `.toml` or in a name separates the rule; Windows drive letters are not a concern
    // for pack names.
    let target = args.target.as_str();
    let (spec, rule) = match target.rsplit_once(':') {
        Some((spec, rule)) if !spec.is_empty() => (spec, Some(rule)),
        _ => (target, None),
    };
    let compiled = CompiledPack::load(&locate::resolve(spec, &args.pack_dirs.pack_dirs)?)?;
    Ok(Printed::out(explain(&compiled, rule)?, false))
}

/// The explain page of a whole pack, or of the rule `rule`.
pub fn explain(compiled: &CompiledPack, rule: Option<&str>) -> Result<String> {
    let pack = &compiled.pack;
    let mut out = String::new();
    if let Some(id) = rule {
        let found = pack
            .rules
            .iter()
            .find(|r| r.id == id)
            .ok_or_else(|| Error::Usage {
                message: format!("pack `{}` has no rule `{id}`", pack.name),
                help: format!(
                    "use one of: {}",
                    pack.rules
                        .iter()
                        .map(|r| r.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            })?;
        explain_rule(&mut out, pack, found, true);
        return Ok(out);
    }
    let _ = writeln!(
        out,
        "{} {} — step type {}, source {}",
        pack.name, pack.version, pack.step_type, pack.source_label
    );
    if !pack.description.is_empty() {
        let _ = writeln!(out, "{}", pack.description);
    }
    let _ = writeln!(out, "loaded from: {}", origin(&pack.origin));
    let _ = writeln!(out, "levels, in order: {}", pack.levels.join(" → "));
    for (index, variable) in pack.variables.derived.iter().enumerate() {
        let names = pack.variables.names();
        let removed: Vec<String> = variable.remove.iter().map(|r| format!("{r:?}")).collect();
        let _ = writeln!(
            out,
            "variable {{{}}}: {{{}}} without {}",
            names[index + 1],
            names[variable.from],
            if removed.is_empty() {
                "changes".to_owned()
            } else {
                removed.join(", ")
            }
        );
    }
    let first_detected = pack.variables.derived.len() + 1;
    for (index, detector) in pack.variables.detected.iter().enumerate() {
        let options: Vec<String> = detector
            .options
            .iter()
            .map(|(value, keywords)| format!("{value} ← {}", quoted(keywords)))
            .collect();
        let _ = writeln!(
            out,
            "variable {{{}}}: detected from the {}, first of: {}",
            pack.variables.names()[first_detected + index],
            match (detector.from, detector.mode) {
                (DetectFrom::Imports, DetectMatch::Module) => "modules the import lines import",
                (DetectFrom::Imports, DetectMatch::Substring) => "import lines",
                (DetectFrom::Text, _) => "text",
            },
            options.join("; ")
        );
    }
    if !pack.files.is_empty() {
        let globs: Vec<String> = pack.files.iter().map(|g| g.text.clone()).collect();
        let _ = writeln!(out, "applies to files: {}", quoted(&globs));
    }
    for set in &pack.call_sets {
        let _ = writeln!(out, "call set `{}`: {}", set.id, describe_call_set(set));
    }
    for (level_index, level) in pack.levels.iter().enumerate() {
        let _ = writeln!(out, "\nlevel {level}");
        for rule in pack.rules.iter().filter(|r| r.level == level_index) {
            explain_rule(&mut out, pack, rule, false);
        }
    }
    Ok(out)
}

fn describe_call_set(set: &pack::CallSet) -> String {
    let how = match set.mode {
        CalleeMatch::Substring => "calls whose callee contains (ignoring case) one of",
        CalleeMatch::Name => "calls whose callee's last name is one of",
        CalleeMatch::Exact => "calls whose whole callee is one of",
    };
    let imports = if set.imports.is_empty() {
        String::new()
    } else {
        format!(", in files importing {}", set.imports.join(" or "))
    };
    let exclude = if set.exclude.is_empty() {
        String::new()
    } else {
        format!(", except {}", quoted(&set.exclude))
    };
    format!("{how} {}{exclude}{imports}", quoted(&set.callees))
}

fn quoted(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn explain_rule(out: &mut String, pack: &Pack, rule: &Rule, full: bool) {
    let _ = writeln!(
        out,
        "  {} — {} {} (level {})",
        rule.id,
        rule.severity.as_str(),
        rule.category,
        pack.levels[rule.level]
    );
    if !rule.description.is_empty() {
        let _ = writeln!(out, "    {}", rule.description);
    }
    match &rule.check {
        Check::Require(require) => {
            let how = match (require.mode, require.case_sensitive) {
                (MatchMode::Substring, false) => "as substrings, ignoring case",
                (MatchMode::Substring, true) => "as substrings, case exact",
                (MatchMode::Word, false) => "as whole words, ignoring case",
                (MatchMode::Word, true) => "as whole words, case exact",
            };
            let _ = match require.per {
                Per::File => writeln!(
                    out,
                    "    fires when none of {} occurs ({how})",
                    quoted(&require.keywords)
                ),
                Per::Call => writeln!(
                    out,
                    "    fires once per call that passes none of {} ({how}); a call with \
                     `**expr` of unknown keys counts as passing",
                    quoted(&require.keywords)
                ),
            };
            let scopes: Vec<String> = require
                .scopes
                .iter()
                .map(|s| match s {
                    Scope::CallArguments | Scope::ReachingArguments => {
                        let set = require
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
            if require.scopes.contains(&Scope::ReachingArguments) {
                let _ = writeln!(
                    out,
                    "    when it fires, JSON `patterns` lists up to 3 keywords seen that did not count, and why (`not_counted`)"
                );
            }
            if let Some(target) = require.target {
                let _ = writeln!(
                    out,
                    "    searches the file of path rule `{}` (skipped when it is missing)",
                    pack.rules[target].id
                );
            }
        }
        Check::Path(path) => {
            let list: Vec<String> = path
                .templates
                .iter()
                .map(|t| format!("`{}`", t.source()))
                .collect();
            let place = match path.search {
                PathSearch::Root => "under --root",
                PathSearch::Upward => {
                    "in the script's folder or a folder above it (up to --root, nearest first)"
                }
            };
            let _ = writeln!(
                out,
                "    fires when none of {} exists {place}",
                list.join(", ")
            );
        }
        Check::Value(value) => {
            let field = value
                .field
                .as_ref()
                .map(|f| format!(" (field `{f}` of each item)"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "    judges literals bound to {}{field}",
                quoted(&value.names)
            );
            let bindings: Vec<&str> = value.bindings.iter().map(|b| binding_name(*b)).collect();
            let calls = value
                .calls
                .map(|i| format!(" reaching `{}` calls", pack.call_sets[i].id))
                .unwrap_or_default();
            let _ = writeln!(out, "    as: {}{calls}", bindings.join(", "));
            let c = &value.constraints;
            let mut rules = Vec::new();
            if let Some(allowed) = &c.allowed {
                let case = if c.case_sensitive {
                    ""
                } else {
                    ", ignoring case"
                };
                rules.push(format!("one of {}{case}", quoted(allowed)));
            }
            if let Some(p) = &c.pattern {
                rules.push(format!("matches /{}/", p.as_str()));
            }
            if let Some(p) = &c.reject_pattern {
                rules.push(format!("does not match /{}/", p.as_str()));
            }
            let plural = |n: usize, noun: &str| {
                if n == 1 {
                    format!("1 {noun}")
                } else {
                    format!("{n} {noun}s")
                }
            };
            if let Some(n) = c.min_length {
                rules.push(format!("at least {}", plural(n, "character")));
            }
            if let Some(n) = c.max_length {
                rules.push(format!("at most {}", plural(n, "character")));
            }
            if let Some(n) = c.max_items {
                rules.push(format!("at most {}", plural(n, "item")));
            }
            let _ = writeln!(
                out,
                "    fires for each literal that is not: {}",
                rules.join("; ")
            );
        }
    }
    for (var, allowed) in &rule.when {
        let _ = writeln!(
            out,
            "    runs only when {{{}}} is {}",
            pack.variables.names()[*var],
            quoted(allowed)
        );
    }
    let _ = writeln!(out, "    message: {}", rule.message.source());
    let _ = writeln!(out, "    recommendation: {}", rule.recommendation.source());
    for (key, template) in &rule.details {
        let _ = writeln!(out, "    details.{key}: {}", template.source());
    }
    let fires = rule.examples.iter().filter(|e| e.fires).count();
    if rule.examples.is_empty() {
        let _ = writeln!(out, "    examples: none inline (fixture trees test it)");
    } else {
        let quiet = rule.examples.len() - fires;
        let _ = writeln!(out, "    examples: {fires} firing, {quiet} quiet");
    }
    if full {
        for example in &rule.examples {
            let verdict = if example.fires {
                "fires on"
            } else {
                "stays quiet on"
            };
            let _ = writeln!(
                out,
                "\n    {verdict} {} (pack line {}):",
                example.script, example.line
            );
            for line in example.code.lines() {
                let _ = writeln!(out, "{}", format!("      | {line}").trim_end());
            }
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

fn binding_name(binding: Binding) -> &'static str {
    match binding {
        Binding::KeywordArguments => "keyword arguments",
        Binding::DictEntries => "dict entries",
        Binding::Assignments => "assignments",
        Binding::Parameters => "declared parameters",
    }
}

/// Where a pack was loaded from, for people.
pub(super) fn origin(origin: &Origin) -> String {
    match origin {
        Origin::BuiltIn => "built in".to_owned(),
        Origin::File(path) => path.display().to_string(),
    }
}
