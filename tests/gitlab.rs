//! `--format gitlab`: GitLab Code Quality JSON, checked against the fields GitLab requires, with
//! fingerprints that are unique in a report and survive lines moving.

mod common;

use std::fs;

use common::{registermodel, rulecheck_in, scratch};
use serde_json::{Value, json};

const ROOT: &str = "tests/fixtures/suppressions";
const CHURN: &str = "tests/fixtures/suppressions/scripts/churn_register.py";
const FRAUD: &str = "tests/fixtures/suppressions/scripts/fraud_registration.py";

/// What GitLab's Code Quality report format requires of each issue (docs.gitlab.com,
/// ci/testing/code_quality, "Code Quality report format"): `description`, `check_name`,
/// `fingerprint`, `severity` (one of five) and `location.path` with `location.lines.begin` —
/// a relative path, a line from 1.
fn gitlab_schema() -> Value {
    json!({
        "type": "array",
        "items": {
            "type": "object",
            "required": ["description", "check_name", "fingerprint", "severity", "location"],
            "properties": {
                "description": {"type": "string", "minLength": 1},
                "check_name": {"type": "string", "minLength": 1},
                "fingerprint": {"type": "string", "minLength": 1},
                "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
                "location": {
                    "type": "object",
                    "required": ["path", "lines"],
                    "properties": {
                        "path": {"type": "string", "pattern": "^[^/.]"},
                        "lines": {
                            "type": "object",
                            "required": ["begin"],
                            "properties": {"begin": {"type": "integer", "minimum": 1}}
                        }
                    }
                }
            }
        }
    })
}

fn gitlab(args: &[&str]) -> Value {
    let mut all = vec!["--format", "gitlab", "--root", ROOT];
    all.extend(args);
    let run = registermodel(&all);
    assert_ne!(run.code, 2, "{}", run.stderr);
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", run.stdout, run.stderr))
}

fn fingerprints(report: &Value) -> Vec<&str> {
    report
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i["fingerprint"].as_str())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn gitlab_issues_have_every_field_gitlab_requires_and_distinct_fingerprints() {
    let schema = gitlab_schema();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    for report in [
        gitlab(&[CHURN, FRAUD]),
        gitlab(&["--levels", "approval", CHURN]),
    ] {
        let errors: Vec<String> = validator
            .iter_errors(&report)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}\n{report:#}");
        let mut prints = fingerprints(&report);
        let count = prints.len();
        prints.sort_unstable();
        prints.dedup();
        assert_eq!(prints.len(), count, "fingerprints repeat: {report:#}");
    }
    let broken = json!([{"description": "d", "check_name": "c", "fingerprint": "f",
        "severity": "bad", "location": {"path": "/abs.py", "lines": {"begin": 0}}}]);
    assert_eq!(
        validator.iter_errors(&broken).count(),
        3,
        "the check can fail"
    );
}

#[test]
fn gitlab_report_snapshot() {
    let run = registermodel(&["--format", "gitlab", "--root", ROOT, CHURN, FRAUD]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    snapshot!("gitlab_suppressions", run.stdout);
}

#[test]
fn gitlab_fingerprints_survive_lines_moving_and_tell_alike_issues_apart() {
    let dir = scratch("gitlab-fingerprints");
    let script = "import sagemaker\nstep = RegisterModel(description='d', model_metrics=m, \
                  approval_status='Pending')\n";
    let check = |code: &str| {
        fs::write(dir.join("churn_register.py"), code).expect("scratch is writable");
        let run = rulecheck_in(
            &dir,
            &[
                "--isolated",
                "--pack",
                "registermodel",
                "--levels",
                "approval",
                "--format",
                "gitlab",
                "churn_register.py",
            ],
            None,
        );
        let report: Value = serde_json::from_str(&run.stdout).expect("JSON");
        let items = report.as_array().cloned().unwrap_or_default();
        items
            .iter()
            .map(|i| {
                (
                    i["fingerprint"].as_str().unwrap_or_default().to_owned(),
                    i["location"]["lines"]["begin"].as_u64().unwrap_or_default(),
                )
            })
            .collect::<Vec<_>>()
    };
    let before = check(script);
    let moved = check(&format!("# a comment\n\n{script}"));
    assert_eq!(before.len(), 1, "{before:?}");
    assert_eq!(before[0].0, moved[0].0, "the fingerprint stays");
    assert_eq!((before[0].1, moved[0].1), (2, 4), "the line moves");
    let twice = check(&format!(
        "{script}{}",
        &script["import sagemaker\n".len()..]
    ));
    assert_eq!(twice.len(), 2, "{twice:?}");
    assert_eq!(twice[0].0, before[0].0, "the first keeps its fingerprint");
    assert_ne!(twice[1].0, twice[0].0, "an alike second issue gets its own");
}
