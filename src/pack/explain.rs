//! The explain page of a pack or of one of its rules, for people: levels, variables, call sets,
//! indexes, and each rule's check (as its kind explains it), templates and examples. `rulecheck
//! explain` prints it, the language server shows a rule's page on hover, and the HTML report
//! carries each rule's page.

use std::fmt::Write as _;

use crate::error::{Error, Result};
use crate::kinds::{ExplainContext, quoted};
use crate::pack::types::IndexSpec;
use crate::pack::{self, CalleeMatch, DetectFrom, DetectMatch, Origin, Pack, Rule};

/// The explain page of a whole pack, or of the rule `rule`.
pub fn explain(pack: &Pack, rule: Option<&str>) -> Result<String> {
    let context = ExplainContext {
        call_sets: &pack.call_sets,
        rule_ids: pack.rules.iter().map(|r| r.id.as_str()).collect(),
        index_ids: pack.indexes.iter().map(|i| i.id.as_str()).collect(),
        variables: pack.variables.names(),
    };
    let mut out = String::new();
    if let Some(id) = rule {
        // A rule id, or a category (what the text report shows in brackets): every rule that
        // reports it.
        let by_id: Vec<&Rule> = pack.rules.iter().filter(|r| r.id == id).collect();
        let found = if by_id.is_empty() {
            pack.rules.iter().filter(|r| r.category == id).collect()
        } else {
            by_id
        };
        if found.is_empty() {
            let known = pack
                .rules
                .iter()
                .flat_map(|r| [r.id.as_str(), r.category.as_str()]);
            return Err(Error::Usage {
                message: format!("pack `{}` has no rule or category `{id}`", pack.name),
                help: crate::suggest::did_you_mean_or(
                    id,
                    known,
                    format!("use a rule id: {}", context.rule_ids.join(", ")),
                ),
            });
        }
        if found.len() > 1 || found[0].id != id {
            let ids: Vec<String> = found.iter().map(|r| r.id.clone()).collect();
            let _ = writeln!(
                out,
                "category `{id}` of pack `{}` is reported by {}\n",
                pack.name,
                quoted(&ids)
            );
        }
        for rule in found {
            explain_rule(&mut out, pack, &context, rule, true);
        }
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
    if !pack.route_calls.is_empty() {
        let sets: Vec<String> = pack
            .route_calls
            .iter()
            .map(|&set| pack.call_sets[set].id.clone())
            .collect();
        let _ = writeln!(
            out,
            "and to files making a call of: {} (installed third-party packages excepted)",
            quoted(&sets)
        );
    }
    for set in &pack.call_sets {
        let _ = writeln!(out, "call set `{}`: {}", set.id, describe_call_set(set));
    }
    for index in &pack.indexes {
        let _ = writeln!(out, "index `{}`: {}", index.id, describe_index(index));
    }
    for layout in &pack.layouts {
        let _ = writeln!(
            out,
            "layout `{}`: a tree where {} exists under --root",
            layout.id,
            one_of(&layout.markers)
        );
    }
    for (level_index, level) in pack.levels.iter().enumerate() {
        let _ = writeln!(out, "\nlevel {level}");
        for rule in pack.rules.iter().filter(|r| r.level == level_index) {
            explain_rule(&mut out, pack, &context, rule, false);
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
    let base = set
        .extends
        .as_ref()
        .map_or_else(String::new, |base| format!(" (extends `{base}`)"));
    format!("{how} {}{exclude}{imports}{base}", quoted(&set.callees))
}

/// What an `[[index]]` holds, for the pack's page.
fn describe_index(index: &IndexSpec) -> String {
    let mut text = format!(
        "the files {} under --root, each naming its script by `{}`",
        quoted(&index.files),
        index.script
    );
    let condition = |selector: &crate::structured::Selector, values: &[String]| {
        if values.is_empty() {
            format!("`{selector}` is there")
        } else {
            format!("`{selector}` is one of {}", quoted(values))
        }
    };
    for (selector, values) in &index.filters {
        let _ = write!(text, "; only where {}", condition(selector, values));
    }
    for (selector, values) in &index.exclusions {
        let _ = write!(text, "; except where {}", condition(selector, values));
    }
    if index.routes {
        text.push_str(
            "; routes: in a folder holding such files, the pack checks the scripts they name \
             (not the files its globs match)",
        );
    }
    text
}

fn explain_rule(out: &mut String, pack: &Pack, context: &ExplainContext, rule: &Rule, full: bool) {
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
    rule.check.explain(context, out);
    for (var, allowed) in &rule.when {
        let _ = writeln!(
            out,
            "    runs only when {{{}}} is {}",
            pack.variables.names()[*var],
            quoted(allowed)
        );
    }
    if let Some(index) = rule.unless_indexed {
        let _ = writeln!(
            out,
            "    does not run on a script that index `{}` has a file for",
            pack.indexes[index].id
        );
    }
    if let Some(layout) = rule.layout.map(|l| &pack.layouts[l]) {
        let _ = writeln!(
            out,
            "    runs only in a tree of layout `{}` (where {} exists under --root); elsewhere \
             it is skipped",
            layout.id,
            one_of(&layout.markers)
        );
    }
    let names = pack.variables.names();
    let _ = writeln!(out, "    message: {}", rule.message.shown(names));
    let _ = writeln!(
        out,
        "    recommendation: {}",
        rule.recommendation.shown(names)
    );
    for (key, template) in &rule.details {
        let _ = writeln!(out, "    details.{key}: {}", template.shown(names));
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

/// `` `a` `` or `` one of `a`, `b` ``.
fn one_of(items: &[String]) -> String {
    match items {
        [one] => format!("`{one}`"),
        _ => format!("one of {}", quoted(items)),
    }
}

/// Where a pack was loaded from, for people.
pub fn origin(origin: &Origin) -> String {
    match origin {
        Origin::BuiltIn => "built in".to_owned(),
        Origin::File(path) => path.display().to_string(),
    }
}
