//! A check of one script with one pack, in phases: [variables] →
//! [plan](mod@super::plan) (the runner then finds the companion files) → evidence (the
//! [scan](super::scan) of the script and of the companion files) → each rule's evaluation by
//! its kind ([`crate::kinds`]) → [findings](super::findings), in level order. It works on the
//! bytes it is given and touches no file.

use std::path::Path;
use std::sync::Arc;

use super::compile::CompiledPack;
use super::evidence::{Evaluation, Scan};
use super::findings::finding;
use super::outcome::{CallsFound, Evidence, Location, Outcome, Related, RuleEvidence, Target};
use super::plan::{
    Companion, CompanionRequest, Document, DocumentAnswer, DocumentSource, Options, Plan, Tree,
};
use super::scan::scan;
use super::source::{ModelCell, SourceFile};
use super::variables;
use crate::pack::{Pack, PathSearch};
use crate::position;

/// Plans the check of `target`: its variables, the rules that run, the companion files.
/// `tree.indexed` says, by the pack's `[[index]]`, whether the index has a file for the script:
/// a rule `unless_indexed` by it does not run when it does, a rule reading it runs only then.
/// A rule of a `[[layout]]` the tree lacks (`tree.layouts`) does not run either, but is
/// reported as skipped.
pub fn plan(compiled: &CompiledPack, target: &Target, options: &Options, tree: &Tree) -> Plan {
    let pack = &compiled.pack;
    let indexed = tree.indexed;
    let vars = variables::values(&pack.variables, &target.script, target.bytes());
    let wanted: Vec<bool> = pack
        .rules
        .iter()
        .enumerate()
        .map(|(index, rule)| {
            options
                .levels
                .as_ref()
                .is_none_or(|l| l.contains(&rule.level))
                && options.rules.as_ref().is_none_or(|r| r.contains(&index))
                && rule
                    .when
                    .iter()
                    .all(|(var, allowed)| allowed.contains(&vars[*var]))
                && rule.unless_indexed.is_none_or(|i| !has(indexed, i))
                && rule.check.documents().iter().all(|query| match query.from {
                    DocumentSource::Index(i) => has(indexed, i),
                    DocumentSource::Upward { .. } => true,
                })
        })
        .collect();
    let outside_layout: Vec<bool> = pack
        .rules
        .iter()
        .zip(&wanted)
        .map(|(rule, &wanted)| wanted && rule.layout.is_some_and(|l| !has(tree.layouts, l)))
        .collect();
    let selected: Vec<bool> = wanted
        .iter()
        .zip(&outside_layout)
        .map(|(&wanted, &outside)| wanted && !outside)
        .collect();
    let documents = (0..pack.rules.len())
        .filter(|&rule| selected[rule] && !pack.rules[rule].check.documents().is_empty())
        .collect();
    let read = |path_rule: usize| {
        (0..pack.rules.len())
            .any(|rule| selected[rule] && pack.rules[rule].check.target() == Some(path_rule))
    };
    let values: Vec<&str> = vars.iter().map(String::as_str).collect();
    let companions = pack
        .rules
        .iter()
        .enumerate()
        .filter_map(|(index, rule)| {
            let (templates, search) = rule.check.companion()?;
            (selected[index] || read(index)).then(|| CompanionRequest {
                rule: index,
                candidates: templates.iter().map(|t| t.render(&values)).collect(),
                read: read(index),
                upward: search == PathSearch::Upward,
            })
        })
        .collect();
    let named = compiled.names.matching(Path::new(target.path())).is_some()
        || indexed.iter().any(|&by_index| by_index);
    Plan {
        vars,
        selected,
        outside_layout,
        companions,
        documents,
        named,
    }
}

/// Whether `answers` (by `[[index]]` or `[[layout]]`) says yes for table `index`.
fn has(answers: &[bool], index: usize) -> bool {
    answers.get(index).copied().unwrap_or(false)
}

/// Checks one script, given its [`Plan`], the runner's answer to each of the plan's
/// companion requests (in the same order), the structured files found for its rules that
/// read them, and the script's model cell (shared by the packs that check it; its wants must
/// include the pack's).
pub fn check(
    compiled: &CompiledPack,
    target: &Target,
    plan: &Plan,
    companions: &[Companion],
    documents: &[DocumentAnswer],
    model: &ModelCell,
) -> Outcome {
    let pack = &compiled.pack;
    let selected = &plan.selected;
    let mut resolved: Vec<Option<(&CompanionRequest, &Companion)>> = vec![None; pack.rules.len()];
    for (request, companion) in plan.companions.iter().zip(companions) {
        resolved[request.rule] = Some((request, companion));
    }

    let mut files: Vec<&[Vec<Arc<Document>>]> = vec![&[]; pack.rules.len()];
    for answer in documents {
        if let Some(slot) = files.get_mut(answer.rule) {
            *slot = &answer.files;
        }
    }

    let script = SourceFile::sharing(&target.text, pack.call_sets.len(), model);
    let on_script = |rule: usize| selected[rule] && pack.rules[rule].check.target().is_none();
    let mut hits = scan(compiled, &script, on_script);
    // Rules whose evidence the source model of a file that could not be parsed would have
    // given: unknown, so they are skipped rather than judged on an empty model. Asked for, the
    // model is parsed here, so that its notices are reported.
    let needs_model = (0..pack.rules.len()).any(|rule| on_script(rule) && asked_model(&hits, rule));
    let script_unparsed = needs_model && script.model().not_parsed().is_some();
    let mut unknown: Vec<bool> = (0..pack.rules.len())
        .map(|rule| script_unparsed && on_script(rule) && asked_model(&hits, rule))
        .collect();
    let mut notices = Vec::new();
    file_notices(&script, &mut notices);

    for (request, companion) in plan.companions.iter().zip(companions) {
        let Companion::Found {
            text: Some(text), ..
        } = companion
        else {
            continue;
        };
        let wants =
            |rule: usize| selected[rule] && pack.rules[rule].check.target() == Some(request.rule);
        let file = SourceFile::new(text, pack.call_sets.len(), compiled.wants);
        let found = scan(compiled, &file, wants);
        if file.unparsed() {
            for rule in (0..pack.rules.len()).filter(|&rule| wants(rule)) {
                unknown[rule] = asked_model(&found, rule);
            }
        }
        for (rule, hit) in found.hits.into_iter().enumerate() {
            if hit.is_some() {
                hits.hits[rule] = hit;
            }
        }
        file_notices(&file, &mut notices);
    }

    let mut order: Vec<usize> = (0..pack.rules.len())
        .filter(|&r| selected[r] || plan.outside_layout[r])
        .collect();
    order.sort_by_key(|&r| pack.rules[r].level);
    let mut run = Evaluation {
        call_sets: &pack.call_sets,
        bindings: &pack.bindings,
        target,
        script: &script,
        companions: &resolved,
        documents: &files,
        scan: &mut hits,
        named: plan.named,
        calls: vec![None; pack.call_sets.len()],
    };
    let mut findings = Vec::new();
    let mut evidence = Vec::new();
    for index in order {
        let rule = &pack.rules[index];
        let (found, fired) = if unknown[index] || plan.outside_layout[index] {
            (Evidence::Skipped, Vec::new())
        } else {
            rule.check.evaluate(index, &mut run)
        };
        let not_counted = match found {
            Evidence::Missing
            | Evidence::Calls {
                violations: 1.., ..
            } => std::mem::take(&mut run.scan.not_counted[index]),
            _ => Vec::new(),
        };
        for mut fired in fired {
            // Where the rule's keywords occurred without counting, and why: a finding never
            // reads as if they were absent.
            fired.related.extend(not_counted.iter().map(|item| Related {
                location: item.location.clone(),
                note: Some(format!(
                    "`{}` here does not count: {}",
                    item.keyword, item.reason
                )),
            }));
            findings.push(finding(&plan.vars, index, rule, &target.script, fired));
        }
        evidence.push(RuleEvidence {
            rule: index,
            evidence: found,
            not_counted,
        });
    }
    Outcome {
        script: target.script.clone(),
        text: Arc::clone(&target.text),
        findings,
        evidence,
        notices,
        suppressed: Vec::new(),
        suppression_issues: Vec::new(),
        calls: found_calls(pack, run.calls),
    }
}

/// The calls per-call rules found, by set, for the sets they judged.
fn found_calls(pack: &Pack, calls: Vec<Option<Vec<(String, Location)>>>) -> Vec<CallsFound> {
    pack.call_sets
        .iter()
        .zip(calls)
        .filter_map(|(set, calls)| {
            Some(CallsFound {
                set: set.id.clone(),
                calls: calls?,
            })
        })
        .collect()
}

/// Whether a scan asked the source model for rule `rule`'s evidence: a require rule's
/// occurrence the prefilter could not settle, or a value rule's name.
fn asked_model(scan: &Scan, rule: usize) -> bool {
    scan.asked[rule] || scan.names_seen[rule]
}

/// Notices about a file: not UTF-8, or (when it was parsed) its first syntax error, or that it
/// could not be parsed.
fn file_notices(file: &SourceFile, notices: &mut Vec<String>) {
    if std::str::from_utf8(file.bytes).is_err() {
        notices.push(format!(
            "{} is not valid UTF-8; it was checked byte for byte",
            file.text.path
        ));
    }
    let Some(model) = file.parsed() else {
        return;
    };
    if let Some(reason) = model.not_parsed() {
        notices.push(format!(
            "{}: not parsed ({reason}); the rules that needed its syntax tree were skipped, \
             the others checked on its text",
            file.text.path
        ));
    }
    if let Some(error) = model.syntax_errors().first() {
        let at = position::position(file.bytes, error.offset);
        let more = model.syntax_errors().len() - 1;
        notices.push(format!(
            "{}:{}:{}: syntax error: {}{}; rules were checked on what the parser recovered",
            file.text.path,
            at.line,
            at.column,
            error.message,
            if more > 0 {
                format!(" (and {more} more)")
            } else {
                String::new()
            }
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::compile::test_packs;
    use crate::engine::plan::Options;
    use crate::position::Position;

    fn pack(rule_options: &str) -> CompiledPack {
        test_packs::require(rule_options)
    }

    /// The outcome of checking `code` as `job.py`.
    fn outcome_of(compiled: &CompiledPack, code: &str) -> Outcome {
        let target = Target::new("job.py".into(), code.into());
        let plan = plan(compiled, &target, &Options::default(), &Tree::default());
        let companions = vec![Companion::Missing; plan.companions.len()];
        check(
            compiled,
            &target,
            &plan,
            &companions,
            &[],
            &ModelCell::new(compiled.wants),
        )
    }

    fn fires(compiled: &CompiledPack, code: &str) -> bool {
        !outcome_of(compiled, code).findings.is_empty()
    }

    /// Whether the rule fires on `code`, and whether the file was parsed: a syntax error added
    /// at its end becomes a notice only if it was.
    fn fires_and_parses(compiled: &CompiledPack, code: &str) -> (bool, bool) {
        let outcome = outcome_of(compiled, &format!("{code}\ndef broken(:\n"));
        (!outcome.findings.is_empty(), !outcome.notices.is_empty())
    }

    #[test]
    fn substring_matching_ignores_ascii_case_and_word_boundaries() {
        let compiled = pack(r#"keywords = ["status"]"#);
        assert!(!fires(&compiled, "x = JobSTATUS"));
        assert!(fires(&compiled, "x = stat_us"));
    }

    #[test]
    fn case_sensitive_keywords_need_the_exact_case() {
        let compiled = pack("keywords = [\"DataFrame\"]\ncase_sensitive = true");
        assert!(fires(&compiled, "dataframe()"));
        assert!(!fires(&compiled, "dataframe(); DataFrame()"));
    }

    #[test]
    fn word_matching_needs_boundaries_where_the_keyword_has_word_characters() {
        let compiled = pack("keywords = [\"tags\"]\nmatch = \"word\"");
        assert!(fires(&compiled, "hashtags = 1; tagset = 2"));
        assert!(!fires(&compiled, "hashtags = 1; tags = 2"));
        assert!(!fires(&compiled, "x(tags=[])"));
        let dotted = pack("keywords = [\".fit\"]\nmatch = \"word\"");
        assert!(
            !fires(&dotted, "model.fit()"),
            "no boundary needed before a dot"
        );
        assert!(fires(&dotted, "model.fitted()"));
    }

    #[test]
    fn call_arguments_are_ruled_out_by_line_before_any_parse() {
        let compiled = pack(
            r#"scopes = ["call_arguments"]
calls = "deployment"
keywords = ["description"]

[[calls]]
id = "deployment"
callees = ["deploy"]"#,
        );
        for code in [
            "atexit.deploy(f)\nparser = Parser(description='x')",
            "model.deploy(x)  # description=1",
            "x = 'deploy'; f(description=1)",
            "f('deploy', description=1)",
        ] {
            assert_eq!(fires_and_parses(&compiled, code), (true, false), "{code}");
        }
        assert_eq!(
            fires_and_parses(&compiled, "model.deploy(\n    description='churn',\n)"),
            (false, true),
            "a real argument is confirmed by the parse"
        );
        assert_eq!(
            fires_and_parses(&compiled, "x = deploy_helper(a) or f(description=1)"),
            (true, true),
            "a callee earlier on the line needs the parse to tell"
        );
    }

    #[test]
    fn reaching_arguments_count_keys_that_reach_a_call_on_another_line() {
        let compiled = pack(
            r#"scopes = ["reaching_arguments"]
calls = "deployment"
keywords = ["description"]

[[calls]]
id = "deployment"
callees = ["deploy"]
exclude = ["deploy_group"]
imports = ["cloudkit"]"#,
        );
        let reaches =
            "import cloudkit\nargs = {}\nargs['description'] = 'x'\nmodel.deploy(**args)\n";
        assert_eq!(fires_and_parses(&compiled, reaches), (false, true));
        for (code, parses) in [
            // Logged, not deployed.
            (
                "import cloudkit\nargs = {'description': 1}\nlog(args)\nmodel.deploy()\n",
                true,
            ),
            // An excluded callee.
            ("import cloudkit\nmodel.deploy_group(description=1)\n", true),
            // No import of the set's module: ruled out before any parse.
            ("args = {'description': 1}\nmodel.deploy(**args)\n", false),
            // No callee of the set anywhere: ruled out before any parse.
            ("import cloudkit\nargs = {'description': 1}\n", false),
        ] {
            assert_eq!(fires_and_parses(&compiled, code), (true, parses), "{code}");
        }
    }

    #[test]
    fn a_value_name_bound_to_no_literal_is_ruled_out_before_any_parse() {
        let compiled = test_packs::with(
            r#"
[[rule]]
id = "v"
kind = "value"
level = "one"
category = "too_many_labels"
severity = "ERROR"
names = ["labels"]
max_items = 1
message = "m"
recommendation = "r"
"#,
        );
        for code in [
            "def f(labels=None): pass",
            "self.labels = labels",
            "f(labels=make())",
        ] {
            assert_eq!(fires_and_parses(&compiled, code), (false, false), "{code}");
        }
        assert_eq!(
            fires_and_parses(&compiled, "f(labels=['a', 'b'])"),
            (true, true)
        );
        assert_eq!(
            fires_and_parses(&compiled, "config = {'labels': ('a',)}"),
            (false, true)
        );
    }

    #[test]
    fn the_first_occurrence_is_reported_as_evidence() {
        let compiled = pack(r#"keywords = ["alpha", "beta"]"#);
        let outcome = outcome_of(&compiled, "x = 1\n  beta = alpha\n");
        let Evidence::Keyword { keyword, location } = &outcome.evidence[0].evidence else {
            panic!("{:?}", outcome.evidence[0].evidence);
        };
        assert_eq!(keyword, "beta");
        assert_eq!(location.path(), "job.py");
        assert_eq!(
            (location.start(), location.end()),
            (
                Some(Position { line: 2, column: 3 }),
                Some(Position { line: 2, column: 7 })
            )
        );
    }
}
