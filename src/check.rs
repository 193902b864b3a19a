//! Running a [`CompiledPack`] on one script (and the companion files its path rules name, under the
//! project root): one automaton pass per file read, then each selected rule in level order.

use std::fs;
use std::path::{Path, PathBuf};

use aho_corasick::Match;

use crate::compile::CompiledPack;
use crate::error::{Error, Result};
use crate::pack::{Check, MatchMode, Rule, Severity, VariableTable};
use crate::text::{self, Position};

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
    /// Remarks about the run that are not issues (e.g. a file that is not UTF-8).
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
    /// A keyword occurred: the first occurrence.
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
}

/// A path rule's outcome: the relative path found, or the first expected path.
enum Resolved {
    Found(String),
    Missing(String),
}

/// Checks one script.
pub fn check(compiled: &CompiledPack, target: &Target, options: &Options) -> Result<Outcome> {
    let pack = &compiled.pack;
    let vars = file_variables(&pack.variables, &target.script);
    let selected: Vec<bool> = pack
        .rules
        .iter()
        .map(|rule| {
            options
                .levels
                .as_ref()
                .is_none_or(|l| l.contains(&rule.level))
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

    let mut notices = Vec::new();
    if std::str::from_utf8(&target.bytes).is_err() {
        notices.push(format!(
            "{} is not valid UTF-8; it was checked byte for byte",
            target.path
        ));
    }
    let mut hits = scan(compiled, &target.bytes, &target.path, |rule| {
        selected[rule] && require_target(&pack.rules[rule]).is_none()
    });
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
        let shown = shown_path(&options.root, rel);
        if std::str::from_utf8(&bytes).is_err() {
            notices.push(format!(
                "{shown} is not valid UTF-8; it was checked byte for byte"
            ));
        }
        for (rule, hit) in scan(compiled, &bytes, &shown, wants)
            .into_iter()
            .enumerate()
        {
            if hit.is_some() {
                hits[rule] = hit;
            }
        }
    }

    let mut order: Vec<usize> = (0..pack.rules.len()).filter(|&r| selected[r]).collect();
    order.sort_by_key(|&r| pack.rules[r].level);
    let mut findings = Vec::new();
    let mut patterns = Vec::new();
    for rule_index in order {
        let rule = &pack.rules[rule_index];
        let (state, subject) = match &rule.check {
            Check::Path(_) => match &resolved[rule_index] {
                Some(Resolved::Found(rel)) => (PatternState::File { path: rel.clone() }, None),
                Some(Resolved::Missing(expected)) => (
                    PatternState::Missing,
                    Some((expected.clone(), target.path.clone())),
                ),
                None => (PatternState::Skipped, None),
            },
            Check::Require(require) => match (require.target, hits[rule_index].take()) {
                (_, Some(state)) => (state, None),
                (None, None) => (
                    PatternState::Missing,
                    Some((target.path.clone(), target.path.clone())),
                ),
                (Some(t), None) => match &resolved[t] {
                    Some(Resolved::Found(rel)) => (
                        PatternState::Missing,
                        Some((rel.clone(), shown_path(&options.root, rel))),
                    ),
                    _ => (PatternState::Skipped, None),
                },
            },
        };
        if let Some((path_var, location)) = subject {
            findings.push(finding(
                pack_vars(&vars, &path_var, rule),
                rule_index,
                rule,
                &target.script,
                location,
            ));
        }
        patterns.push(PatternStatus {
            rule: rule_index,
            state,
        });
    }
    Ok(Outcome {
        script: target.script.clone(),
        path: target.path.clone(),
        findings,
        patterns,
        notices,
    })
}

fn require_target(rule: &Rule) -> Option<usize> {
    match &rule.check {
        Check::Require(require) => require.target,
        Check::Path(_) => None,
    }
}

/// Values of `script` and the pack's derived variables for a script name.
pub fn file_variables(table: &VariableTable, script: &str) -> Vec<String> {
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

/// The file variables followed by `path` and `keywords` for one rule.
fn pack_vars(file_vars: &[String], path: &str, rule: &Rule) -> Vec<String> {
    let keywords = match &rule.check {
        Check::Require(require) => require.keywords.join(", "),
        Check::Path(_) => String::new(),
    };
    let mut values = file_vars.to_vec();
    values.push(path.to_owned());
    values.push(keywords);
    values
}

fn finding(
    values: Vec<String>,
    rule_index: usize,
    rule: &Rule,
    script: &str,
    path: String,
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
        location: Location {
            path,
            position: None,
        },
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

/// One automaton pass over `bytes`: for each rule `wants` accepts, the first keyword occurrence.
fn scan(
    compiled: &CompiledPack,
    bytes: &[u8],
    shown: &str,
    wants: impl Fn(usize) -> bool,
) -> Vec<Option<PatternState>> {
    let rules = &compiled.pack.rules;
    let mut hits: Vec<Option<PatternState>> = vec![None; rules.len()];
    let mut remaining = (0..rules.len()).filter(|&r| wants(r)).count();
    if remaining == 0 {
        return hits;
    }
    for m in compiled.matcher.find_overlapping_iter(bytes) {
        let (rule_index, keyword_index) = compiled.patterns[m.pattern().as_usize()];
        if hits[rule_index].is_some() || !wants(rule_index) {
            continue;
        }
        let Check::Require(require) = &rules[rule_index].check else {
            continue;
        };
        let keyword = &require.keywords[keyword_index];
        if !accepts(bytes, &m, keyword, require.case_sensitive, require.mode) {
            continue;
        }
        hits[rule_index] = Some(PatternState::Keyword {
            keyword: keyword.clone(),
            location: Location {
                path: shown.to_owned(),
                position: Some(text::position(bytes, m.start())),
            },
        });
        remaining -= 1;
        if remaining == 0 {
            break;
        }
    }
    hits
}

/// Whether an ASCII-case-insensitive hit also meets the rule's case and word settings.
fn accepts(bytes: &[u8], m: &Match, keyword: &str, case_sensitive: bool, mode: MatchMode) -> bool {
    if case_sensitive && &bytes[m.range()] != keyword.as_bytes() {
        return false;
    }
    match mode {
        MatchMode::Substring => true,
        MatchMode::Word => {
            // As with regex `\b`: a side is checked only where the keyword has a word character.
            let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
            let edges = keyword.as_bytes();
            let before = m.start().checked_sub(1).map(|i| bytes[i]);
            let after = bytes.get(m.end()).copied();
            let open = !edges.first().is_some_and(|&b| word(b)) || !before.is_some_and(word);
            let close = !edges.last().is_some_and(|&b| word(b)) || !after.is_some_and(word);
            open && close
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::{Origin, PackSource};

    fn pack(rule_options: &str) -> CompiledPack {
        let text = format!(
            r#"
[pack]
name = "t"
step_type = "T"
source = "TEnhancer"
version = "1"
levels = ["one"]

[[rule]]
id = "r"
kind = "require"
level = "one"
category = "missing_r"
severity = "INFO"
message = "m"
recommendation = "r"
{rule_options}
"#
        );
        let source = PackSource {
            origin: Origin::BuiltIn,
            stem: "t".into(),
            text,
        };
        CompiledPack::load(&source).unwrap_or_else(|e| panic!("{e}"))
    }

    fn fires(compiled: &CompiledPack, code: &str) -> bool {
        let target = Target {
            path: "job.py".into(),
            script: "job.py".into(),
            bytes: code.as_bytes().to_vec(),
        };
        let options = Options {
            root: PathBuf::from("."),
            levels: None,
        };
        !check(compiled, &target, &options)
            .unwrap_or_else(|e| panic!("{e}"))
            .findings
            .is_empty()
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
    fn the_first_occurrence_is_reported_as_evidence() {
        let compiled = pack(r#"keywords = ["alpha", "beta"]"#);
        let target = Target {
            path: "job.py".into(),
            script: "job.py".into(),
            bytes: b"x = 1\n  beta = alpha\n".to_vec(),
        };
        let options = Options {
            root: PathBuf::from("."),
            levels: None,
        };
        let outcome = check(&compiled, &target, &options).unwrap_or_else(|e| panic!("{e}"));
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
