//! Running a [`CompiledPack`] on one script (and the companion files its path rules name, under the
//! project root): one automaton pass per file read, a Python parse only when a scoped or value
//! rule needs one, then each selected rule in level order.

use std::cell::Cell;
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::compile::{self, CompiledPack, Pattern};
use crate::error::{Error, Result};
use crate::layout::Opaque;
use crate::pack::{
    Binding, CalleeMatch, Check, DetectFrom, Detector, MatchMode, Require, Rule, Scope, Severity,
    VariableTable,
};
use crate::scope::SourceFile;
use crate::shape;
use crate::text::{self, Position};
use crate::value::{self, ValueOutcome};

/// One script to check.
#[derive(Debug, Clone)]
pub struct Target {
    /// The path shown in reports.
    pub path: String,
    /// The script's file name, the pack's `script` variable.
    pub script: String,
    /// The script's bytes (need not be UTF-8).
    pub bytes: Vec<u8>,
}

/// How to run a pack.
#[derive(Debug, Clone)]
pub struct Options {
    /// The project root that path templates are resolved under.
    pub root: PathBuf,
    /// The level indices to run, or `None` for all.
    pub levels: Option<Vec<usize>>,
    /// The rule indices to run (within those levels), or `None` for all.
    pub rules: Option<Vec<usize>>,
}

/// The outcome of checking one script with one pack.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The script's file name.
    pub script: String,
    /// The path shown in reports.
    pub path: String,
    /// The issues found, in level order then pack order.
    pub findings: Vec<Finding>,
    /// What each selected rule found, in the same order.
    pub patterns: Vec<PatternStatus>,
    /// Remarks about the run that are not issues (a file that is not UTF-8, a syntax error).
    pub notices: Vec<String>,
}

/// One issue.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Index of the rule in the pack.
    pub rule: usize,
    /// The rule's severity.
    pub severity: Severity,
    /// The rendered message.
    pub message: String,
    /// The rendered recommendation.
    pub recommendation: String,
    /// `script` first, then the rule's rendered details.
    pub details: Vec<(String, String)>,
    /// The file the issue is about, and a place in it when there is one.
    pub location: Location,
}

/// A place a finding or piece of evidence points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file, as shown to the user.
    pub path: String,
    /// Line and column, when the place is inside the file.
    pub position: Option<Position>,
}

/// What one rule found.
#[derive(Debug, Clone)]
pub struct PatternStatus {
    /// Index of the rule in the pack.
    pub rule: usize,
    /// Whether it was satisfied, and the evidence.
    pub state: PatternState,
}

/// Whether a rule was satisfied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternState {
    /// A keyword occurred in the rule's scopes: the first such occurrence.
    Keyword {
        /// The keyword as written in the pack.
        keyword: String,
        /// Where it occurred.
        location: Location,
    },
    /// A path template resolved to an existing file.
    File {
        /// The file, relative to the root.
        path: String,
    },
    /// Nothing satisfied the rule (it fired).
    Missing,
    /// The rule's target file does not exist, so it did not run.
    Skipped,
    /// A value rule judged `checked` literals, of which `violations` broke a constraint.
    Values {
        /// Literals judged.
        checked: usize,
        /// Literals that broke a constraint (each is a finding).
        violations: usize,
    },
}

/// A path rule's outcome: the relative path found, or the first expected path.
enum Resolved {
    Found(String),
    Missing(String),
}

/// Checks one script.
pub fn check(compiled: &CompiledPack, target: &Target, options: &Options) -> Result<Outcome> {
    let pack = &compiled.pack;
    let mut vars = file_variables(&pack.variables, &target.script);
    vars.extend(
        pack.variables
            .detected
            .iter()
            .map(|d| detect(d, &target.bytes)),
    );
    let selected: Vec<bool> = pack
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
        })
        .collect();
    let mut needed = selected.clone();
    for (index, rule) in pack.rules.iter().enumerate() {
        if let (true, Some(t)) = (selected[index], require_target(rule)) {
            needed[t] = true;
        }
    }
    let resolved: Vec<Option<Resolved>> = pack
        .rules
        .iter()
        .zip(&needed)
        .map(|(rule, &needed)| match &rule.check {
            Check::Path(templates) if needed => Some(resolve_path(templates, &vars, &options.root)),
            _ => None,
        })
        .collect();

    let script = SourceFile::new(target.path.clone(), &target.bytes, pack.call_sets.len());
    let on_script = |rule: usize| selected[rule] && require_target(&pack.rules[rule]).is_none();
    let mut scan = scan(compiled, &script, on_script);
    let mut values: Vec<Option<ValueOutcome>> = pack
        .rules
        .iter()
        .enumerate()
        .map(|(index, rule)| match &rule.check {
            Check::Value(check) if selected[index] => Some(if scan.names_seen[index] {
                value::evaluate(pack, check, script.model())
            } else {
                ValueOutcome::default()
            }),
            _ => None,
        })
        .collect();
    let mut notices = Vec::new();
    file_notices(&script, &mut notices);

    for (file_rule, resolution) in resolved.iter().enumerate() {
        let Some(Resolved::Found(rel)) = resolution else {
            continue;
        };
        let wants =
            |rule: usize| selected[rule] && require_target(&pack.rules[rule]) == Some(file_rule);
        if !(0..pack.rules.len()).any(wants) {
            continue;
        }
        let path = options.root.join(rel);
        let bytes = fs::read(&path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
            help: "make the companion file readable, or check --root",
        })?;
        let companion =
            SourceFile::new(shown_path(&options.root, rel), &bytes, pack.call_sets.len());
        for (rule, hit) in self::scan(compiled, &companion, wants)
            .hits
            .into_iter()
            .enumerate()
        {
            if hit.is_some() {
                scan.hits[rule] = hit;
            }
        }
        file_notices(&companion, &mut notices);
    }

    let mut order: Vec<usize> = (0..pack.rules.len()).filter(|&r| selected[r]).collect();
    order.sort_by_key(|&r| pack.rules[r].level);
    let mut findings = Vec::new();
    let mut patterns = Vec::new();
    for index in order {
        let rule = &pack.rules[index];
        let missing = |path: String, location: Location| {
            (PatternState::Missing, vec![(path, None, location)])
        };
        let (state, fired) = match &rule.check {
            Check::Path(_) => match &resolved[index] {
                Some(Resolved::Found(rel)) => {
                    (PatternState::File { path: rel.clone() }, Vec::new())
                }
                Some(Resolved::Missing(expected)) => {
                    missing(expected.clone(), at_file(&target.path))
                }
                None => (PatternState::Skipped, Vec::new()),
            },
            Check::Require(require) => match (require.target, scan.hits[index].take()) {
                (_, Some(state)) => (state, Vec::new()),
                (None, None) => missing(target.path.clone(), at_file(&target.path)),
                (Some(t), None) => match &resolved[t] {
                    Some(Resolved::Found(rel)) => {
                        missing(rel.clone(), at_file(&shown_path(&options.root, rel)))
                    }
                    _ => (PatternState::Skipped, Vec::new()),
                },
            },
            Check::Value(_) => {
                let outcome = values[index].take().unwrap_or_default();
                let fired = outcome
                    .violations
                    .into_iter()
                    .map(|v| {
                        let location = Location {
                            path: target.path.clone(),
                            position: Some(text::position(&target.bytes, v.offset)),
                        };
                        (target.path.clone(), Some((v.value, v.key)), location)
                    })
                    .collect::<Vec<_>>();
                let state = PatternState::Values {
                    checked: outcome.checked,
                    violations: fired.len(),
                };
                (state, fired)
            }
        };
        for (path, value, location) in fired {
            let values = finding_vars(&vars, &path, rule, value);
            findings.push(finding(&values, index, rule, &target.script, location));
        }
        patterns.push(PatternStatus { rule: index, state });
    }
    Ok(Outcome {
        script: target.script.clone(),
        path: target.path.clone(),
        findings,
        patterns,
        notices,
    })
}

fn at_file(path: &str) -> Location {
    Location {
        path: path.to_owned(),
        position: None,
    }
}

/// Notices about a file: not UTF-8, or (when it was parsed) its first syntax error.
fn file_notices(file: &SourceFile, notices: &mut Vec<String>) {
    if std::str::from_utf8(file.bytes).is_err() {
        notices.push(format!(
            "{} is not valid UTF-8; it was checked byte for byte",
            file.shown
        ));
    }
    let Some(model) = file.parsed() else {
        return;
    };
    if let Some(error) = model.syntax_errors().first() {
        let at = text::position(file.bytes, error.offset);
        let more = model.syntax_errors().len() - 1;
        notices.push(format!(
            "{}:{}:{}: syntax error: {}{}; rules were checked on what the parser recovered",
            file.shown,
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

fn require_target(rule: &Rule) -> Option<usize> {
    match &rule.check {
        Check::Require(require) => require.target,
        Check::Path(_) | Check::Value(_) => None,
    }
}

/// Values of `script` and the pack's derived variables for a script name.
fn file_variables(table: &VariableTable, script: &str) -> Vec<String> {
    let mut values = vec![script.to_owned()];
    for variable in &table.derived {
        let mut value = values[variable.from].clone();
        for remove in variable.remove.iter().filter(|r| !r.is_empty()) {
            value = value.replace(remove.as_str(), "");
        }
        values.push(value);
    }
    values
}

/// A detected variable's value: the first option one of whose keywords occurs in the detector's
/// input (the import lines, or the whole text), or empty.
fn detect(detector: &Detector, bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let fold = |s: &str| {
        if detector.case_sensitive {
            s.to_owned()
        } else {
            s.to_lowercase()
        }
    };
    let inputs: Vec<String> = match detector.from {
        DetectFrom::Text => vec![fold(&text)],
        DetectFrom::Imports => text
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with("import ") || l.starts_with("from "))
            .map(fold)
            .collect(),
    };
    detector
        .options
        .iter()
        .find(|(_, keywords)| {
            keywords
                .iter()
                .any(|k| inputs.iter().any(|input| input.contains(&fold(k))))
        })
        .map(|(value, _)| value.clone())
        .unwrap_or_default()
}

/// The file variables followed by `path`, `keywords`, `value` and `key` for one finding.
fn finding_vars(
    file_vars: &[String],
    path: &str,
    rule: &Rule,
    value: Option<(String, String)>,
) -> Vec<String> {
    let keywords = match &rule.check {
        Check::Require(require) => require.keywords.join(", "),
        Check::Path(_) | Check::Value(_) => String::new(),
    };
    let (value, key) = value.unwrap_or_default();
    let mut values = file_vars.to_vec();
    values.extend([path.to_owned(), keywords, value, key]);
    values
}

fn finding(
    values: &[String],
    rule_index: usize,
    rule: &Rule,
    script: &str,
    location: Location,
) -> Finding {
    let values: Vec<&str> = values.iter().map(String::as_str).collect();
    let mut details = vec![("script".to_owned(), script.to_owned())];
    details.extend(
        rule.details
            .iter()
            .map(|(key, template)| (key.clone(), template.render(&values))),
    );
    Finding {
        rule: rule_index,
        severity: rule.severity,
        message: rule.message.render(&values),
        recommendation: rule.recommendation.render(&values),
        details,
        location,
    }
}

fn resolve_path(templates: &[crate::template::Template], vars: &[String], root: &Path) -> Resolved {
    let values: Vec<&str> = vars.iter().map(String::as_str).collect();
    let candidates: Vec<String> = templates.iter().map(|t| t.render(&values)).collect();
    match candidates.iter().find(|rel| root.join(rel).is_file()) {
        Some(found) => Resolved::Found(found.clone()),
        None => Resolved::Missing(candidates.into_iter().next().unwrap_or_default()),
    }
}

/// `rel` under `root` as shown to the user (`rel` alone when the root is the working directory).
fn shown_path(root: &Path, rel: &str) -> String {
    if root.as_os_str().is_empty() || root == Path::new(".") {
        rel.to_owned()
    } else {
        root.join(rel).display().to_string()
    }
}

/// What one automaton pass over a file found.
struct Scan {
    /// For each require rule `wants` accepts, its first occurrence in scope.
    hits: Vec<Option<PatternState>>,
    /// For each value rule `wants` accepts, whether one of its names occurs at all.
    names_seen: Vec<bool>,
}

/// One automaton pass over a file. It stops as soon as every wanted rule is settled; the file is
/// parsed only if a candidate occurrence of a scoped rule must be placed.
fn scan(compiled: &CompiledPack, file: &SourceFile, wants: impl Fn(usize) -> bool) -> Scan {
    let rules = &compiled.pack.rules;
    let mut result = Scan {
        hits: vec![None; rules.len()],
        names_seen: vec![false; rules.len()],
    };
    let mut remaining = (0..rules.len())
        .filter(|&r| wants(r) && !matches!(rules[r].check, Check::Path(_)))
        .count();
    if remaining == 0 {
        return result;
    }
    // The lowercased copy goes to a buffer kept by the thread, not allocated per file.
    let mut lowered = LOWERED.take();
    lowered.clear();
    lowered.extend_from_slice(file.bytes);
    lowered.make_ascii_lowercase();
    let mut callees = Callees {
        compiled,
        starts: vec![Vec::new(); compiled.pack.call_sets.len()],
    };
    for occurrence in compiled.occurrences(&lowered) {
        let range = occurrence.range;
        for &pattern in occurrence.patterns {
            match pattern {
                Pattern::Callee { set, callee } => {
                    if callees.confirms(file.bytes, set, callee, &range) {
                        callees.starts[set].push(range.start);
                    }
                }
                Pattern::Name { rule, name } => {
                    if wants(rule)
                        && !result.names_seen[rule]
                        && may_bind(compiled, file, &callees, rule, name, &range)
                    {
                        result.names_seen[rule] = true;
                        remaining -= 1;
                    }
                }
                Pattern::Keyword { rule, keyword } => {
                    if result.hits[rule].is_some() || !wants(rule) {
                        continue;
                    }
                    let Check::Require(require) = &rules[rule].check else {
                        continue;
                    };
                    let keyword = &require.keywords[keyword];
                    if !accepts(file.bytes, &range, keyword, require)
                        || !may_count(file, &callees, require, &range)
                        || !in_scope(compiled, file, require, &range)
                    {
                        continue;
                    }
                    result.hits[rule] = Some(PatternState::Keyword {
                        keyword: keyword.clone(),
                        location: Location {
                            path: file.shown.clone(),
                            position: Some(text::position(file.bytes, range.start)),
                        },
                    });
                    remaining -= 1;
                }
            }
        }
        if remaining == 0 {
            break;
        }
    }
    LOWERED.set(lowered);
    result
}

thread_local! {
    /// Each thread's buffer for the lowercased bytes [`scan`] searches.
    static LOWERED: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// The callee occurrences a scan has passed, to tell (without parsing) whether an occurrence
/// further on could be an argument of a call of a set.
struct Callees<'a> {
    compiled: &'a CompiledPack,
    /// By call set, the start of each occurrence of one of its callees, ascending.
    starts: Vec<Vec<usize>>,
}

impl Callees<'_> {
    /// Whether an occurrence of a callee's needle can be the callee: a name or exact callee is
    /// a whole identifier, in its exact case.
    fn confirms(&self, bytes: &[u8], set: usize, callee: usize, range: &Range<usize>) -> bool {
        let call_set = &self.compiled.pack.call_sets[set];
        match call_set.mode {
            CalleeMatch::Substring => true,
            CalleeMatch::Name | CalleeMatch::Exact => {
                compile::callee_needle(call_set, callee)
                    .is_some_and(|needle| bytes[range.clone()] == *needle.as_bytes())
                    && shape::whole_name(bytes, range.start, range.end)
            }
        }
    }

    /// Whether the occurrence at `offset` could be an argument (a keyword name, a dict key, a
    /// parameter name) of a call of `set`: a callee of the set occurs before it on its logical
    /// line, outside strings and comments, and it is not in a comment itself.
    fn may_hold(&self, file: &SourceFile, set: usize, offset: usize) -> bool {
        if self.compiled.unfiltered_sets[set] {
            return true;
        }
        let starts = &self.starts[set];
        if starts.first().is_none_or(|&first| first >= offset) {
            return false;
        }
        let layout = file.layout();
        if layout.opaque_at(offset) == Some(Opaque::Comment) {
            return false;
        }
        let line = layout.line_start(offset);
        let from = starts.partition_point(|&start| start < line);
        starts[from..]
            .iter()
            .take_while(|&&start| start < offset)
            .any(|&start| layout.opaque_at(start).is_none())
    }
}

/// Whether an occurrence could count in one of the rule's scopes, judged from the bytes around it
/// (see [`shape`]) and the callees before it; [`in_scope`], which may parse the file, decides
/// when this says yes.
fn may_count(
    file: &SourceFile,
    callees: &Callees,
    require: &Require,
    range: &Range<usize>,
) -> bool {
    let bytes = file.bytes;
    require.scopes.iter().any(|scope| match scope {
        Scope::CallArguments => {
            (shape::before_equals(bytes, range.end) || shape::in_dict_key(bytes, range.end))
                && require
                    .calls
                    .is_some_and(|set| callees.may_hold(file, set, range.start))
        }
        Scope::DictKeys => shape::in_dict_key(bytes, range.end),
        _ => true,
    })
}

/// Whether an occurrence of a value rule's name could bind a literal: the exact name, standing
/// alone, before `=` or as a dict key with what may be a literal after it, before the `:` of an
/// annotation, or as a string that a `[[binding]]` call could take as a parameter name.
fn may_bind(
    compiled: &CompiledPack,
    file: &SourceFile,
    callees: &Callees,
    rule: usize,
    name: usize,
    range: &Range<usize>,
) -> bool {
    let pack = &compiled.pack;
    let Check::Value(value) = &pack.rules[rule].check else {
        return false;
    };
    let bytes = file.bytes;
    let (start, end) = (range.start, range.end);
    if bytes[range.clone()] != *value.names[name].as_bytes()
        || !shape::whole_name(bytes, start, end)
    {
        return false;
    }
    // Restricted to a call set's arguments, a value needs a call of the set around it.
    let only_in_calls = value
        .bindings
        .iter()
        .all(|b| matches!(b, Binding::KeywordArguments | Binding::DictEntries));
    if let (Some(set), true) = (value.calls, only_in_calls)
        && !callees.may_hold(file, set, start)
    {
        return false;
    }
    shape::binds_literal(bytes, end)
        || shape::before_colon(bytes, end)
        || (matches!(bytes.get(end), Some(b'"' | b'\''))
            && pack
                .bindings
                .iter()
                .any(|b| callees.may_hold(file, b.calls, start)))
}

fn in_scope(
    compiled: &CompiledPack,
    file: &SourceFile,
    require: &Require,
    range: &Range<usize>,
) -> bool {
    if require.is_textual() {
        return true;
    }
    let set = require.calls.map(|i| (i, &compiled.pack.call_sets[i]));
    require
        .scopes
        .iter()
        .any(|&scope| file.in_scope(scope, range.clone(), set))
}

/// Whether an ASCII-case-insensitive hit also meets the rule's case and word settings.
fn accepts(bytes: &[u8], range: &Range<usize>, keyword: &str, require: &Require) -> bool {
    if require.case_sensitive && &bytes[range.clone()] != keyword.as_bytes() {
        return false;
    }
    match require.mode {
        MatchMode::Substring => true,
        MatchMode::Word => {
            // As with regex `\b`: a side is checked only where the keyword has a word character.
            let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
            let edges = keyword.as_bytes();
            let before = range.start.checked_sub(1).map(|i| bytes[i]);
            let after = bytes.get(range.end).copied();
            let open = !edges.first().is_some_and(|&b| word(b)) || !before.is_some_and(word);
            let close = !edges.last().is_some_and(|&b| word(b)) || !after.is_some_and(word);
            open && close
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::test_packs;

    fn pack(rule_options: &str) -> CompiledPack {
        test_packs::require(rule_options)
    }

    /// The outcome of checking `code` as `job.py`.
    fn outcome_of(compiled: &CompiledPack, code: &str) -> Outcome {
        let target = Target {
            path: "job.py".into(),
            script: "job.py".into(),
            bytes: code.as_bytes().to_vec(),
        };
        let options = Options {
            root: PathBuf::from("."),
            levels: None,
            rules: None,
        };
        check(compiled, &target, &options).unwrap_or_else(|e| panic!("{e}"))
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
        assert_eq!(
            outcome.patterns[0].state,
            PatternState::Keyword {
                keyword: "beta".into(),
                location: Location {
                    path: "job.py".into(),
                    position: Some(Position { line: 2, column: 3 }),
                },
            }
        );
    }

    #[test]
    fn derived_variables_remove_each_string_everywhere_in_order() {
        let compiled = pack(r#"keywords = ["x"]"#);
        let mut table = compiled.pack.variables;
        table.derived.push(crate::pack::Variable {
            from: VariableTable::SCRIPT,
            remove: vec![".py".into(), "_job".into(), "".into()],
        });
        assert_eq!(
            file_variables(&table, "a_job_b_job.py"),
            ["a_job_b_job.py", "a_b"]
        );
    }
}
