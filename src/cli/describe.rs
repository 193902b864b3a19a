//! Pages for pack authors: `rulecheck explain` (a pack or one rule, for people), `rulecheck packs`
//! (every available pack and where it comes from) and `rulecheck validate` (load a pack file and
//! show its errors and warnings).

use std::fmt::Write as _;
use std::path::PathBuf;

use serde_json::{Value, json};

use crate::engine::CompiledPack;
use crate::error::{Error, Result};
use crate::pack::{
    self, Binding, CalleeMatch, Check, DetectFrom, DetectMatch, MatchMode, Origin, Pack,
    PathSearch, Per, Rule, Scope, locate,
};

/// The pack guide (the repository's `rules/README.md`), built into the binary for
/// `rulecheck guide`, so someone with only the binary can read it.
pub const GUIDE: &str = include_str!("../../rules/README.md");

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

fn origin(origin: &Origin) -> String {
    match origin {
        Origin::BuiltIn => "built in".to_owned(),
        Origin::File(path) => path.display().to_string(),
    }
}

/// One available pack, as `rulecheck packs` lists it.
#[derive(Debug, Clone)]
pub struct Listing {
    /// The name `--pack NAME` finds it by.
    pub name: String,
    /// Where it is loaded from.
    pub origin: Origin,
    /// Whether an earlier place in the search order has a pack of the same name.
    pub shadowed: bool,
    /// Its details, or why it does not load.
    pub loaded: std::result::Result<(String, String, Vec<String>, usize), String>,
}

/// Every pack `--pack NAME` can find, in search order per name.
pub fn list_packs(pack_dirs: &[PathBuf]) -> Vec<Listing> {
    let mut listings: Vec<Listing> = Vec::new();
    for (name, origin) in locate::available(pack_dirs) {
        let shadowed = listings.iter().any(|l| l.name == name);
        let loaded = locate::load_source(&name, &origin)
            .and_then(|source| pack::load(&source))
            .map(|p| (p.step_type, p.version, p.levels, p.rules.len()))
            .map_err(|e| e.to_string().lines().next().unwrap_or_default().to_owned());
        listings.push(Listing {
            name,
            origin,
            shadowed,
            loaded,
        });
    }
    listings
}

/// `rulecheck packs` as a table.
pub fn render_packs_text(listings: &[Listing]) -> String {
    let rows: Vec<[String; 6]> = listings
        .iter()
        .map(|l| {
            let source = match (&l.origin, l.shadowed) {
                (origin, true) => format!("{} (shadowed)", self::origin(origin)),
                (origin, false) => self::origin(origin),
            };
            match &l.loaded {
                Ok((step, version, levels, rules)) => [
                    l.name.clone(),
                    step.clone(),
                    version.clone(),
                    rules.to_string(),
                    levels.join(","),
                    source,
                ],
                Err(error) => [
                    l.name.clone(),
                    format!("does not load: {error}"),
                    String::new(),
                    String::new(),
                    String::new(),
                    source,
                ],
            }
        })
        .collect();
    let header = ["NAME", "STEP TYPE", "VERSION", "RULES", "LEVELS", "SOURCE"].map(str::to_owned);
    let mut widths = header.clone().map(|h| h.len());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        let _ = writeln!(out, "{}", cells.join("  ").trim_end());
    }
    out
}

/// `rulecheck packs --format json`.
pub fn render_packs_json(listings: &[Listing]) -> String {
    let packs: Vec<Value> = listings
        .iter()
        .map(|l| {
            let origin = match &l.origin {
                Origin::BuiltIn => json!({"kind": "built-in"}),
                Origin::File(path) => json!({"kind": "file", "path": path.display().to_string()}),
            };
            let mut entry = json!({"name": l.name, "origin": origin, "shadowed": l.shadowed});
            match &l.loaded {
                Ok((step, version, levels, rules)) => {
                    entry["step_type"] = json!(step);
                    entry["version"] = json!(version);
                    entry["levels"] = json!(levels);
                    entry["rules"] = json!(rules);
                }
                Err(error) => entry["error"] = json!(error),
            }
            entry
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&json!({ "packs": packs })).unwrap_or_default();
    out.push('\n');
    out
}

/// `rulecheck validate` for one pack: its warnings and a summary line, or the load error.
pub fn validate(spec: &str, pack_dirs: &[PathBuf]) -> Result<String> {
    let source = locate::resolve(spec, pack_dirs)?;
    let pack = pack::load(&source)?;
    let mut out = String::new();
    for warning in &pack.warnings {
        let _ = writeln!(out, "warning: {warning}\n");
    }
    let count = pack.warnings.len();
    let _ = writeln!(
        out,
        "{}: pack `{}` loads: {} rules in {} levels, {count} warning{}",
        source.display_name(),
        pack.name,
        pack.rules.len(),
        pack.levels.len(),
        if count == 1 { "" } else { "s" }
    );
    Ok(out)
}
