//! `--baseline`: a previous JSON report's issues are not reported again, wherever their lines
//! move; new issues are, and fail `--fail-on`; SARIF marks every issue `new`, `unchanged` or
//! `absent`.

mod common;

use std::fs;
use std::path::Path;

use common::{Run, json, rulecheck_in, sarif_violations, scratch};
use serde_json::Value;

const SCRIPT: &str = "scripts/churn_registration.py";

/// A registration with three findings: no metadata, no metrics, an invalid approval status.
const ORIGINAL: &str = r#"from sagemaker.workflow.model_step import ModelStep


def register(model, group_name):
    step_args = model.register(
        model_package_group_name=group_name,
        approval_status="Pending",
    )
    return ModelStep(name="Register", step_args=step_args)
"#;

/// `ORIGINAL` with lines moved down (a function and blank lines above) and unrelated code
/// edited; no finding changes.
fn moved() -> String {
    ORIGINAL
        .replace(
            "from sagemaker.workflow.model_step import ModelStep\n",
            "from sagemaker.workflow.model_step import ModelStep\n\n\ndef helper():\n    \
             return 42\n\n\n",
        )
        .replace(
            "def register(model, group_name):\n",
            "def register(model, group_name):\n    retries = helper() + 1  # unrelated\n",
        )
}

/// `moved` and a second registration with a misspelt approval status.
fn with_new_literal() -> String {
    moved()
        + "\n\ndef register_again(model):\n    return model.register(\
           model_package_group_name=\"g\", approval_status=\"Aproved\")\n"
}

/// Runs `rulecheck --isolated --pack registermodel ARGS` in `dir`.
fn check(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["--isolated", "--pack", "registermodel"];
    all.extend(args);
    rulecheck_in(dir, &all, None)
}

/// A scratch tree holding `ORIGINAL`, and its baseline `base.json`.
fn tree_with_baseline(name: &str) -> std::path::PathBuf {
    let dir = scratch(name);
    fs::create_dir_all(dir.join("scripts")).expect("scratch is writable");
    fs::write(dir.join(SCRIPT), ORIGINAL).expect("scratch is writable");
    let written = check(&dir, &["--write-baseline", "base.json", "scripts"]);
    assert_eq!(
        written.code, 1,
        "the original has an error: {}",
        written.stderr
    );
    assert_eq!(written.stdout, "", "the report goes to the file only");
    dir
}

fn edit(dir: &Path, code: &str) {
    fs::write(dir.join(SCRIPT), code).expect("scratch is writable");
}

/// The `(rule, line)` of each reported issue of a JSON report.
fn issues(report: &Value) -> Vec<(String, u64)> {
    report["results"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|r| r["additional_issues"].as_array().into_iter().flatten())
        .map(|i| {
            let rule = i["rule"].as_str().unwrap_or_default().to_owned();
            (rule, i["location"]["line"].as_u64().unwrap_or_default())
        })
        .collect()
}

#[test]
fn a_written_baseline_is_a_json_report_with_a_fingerprint_per_issue() {
    let dir = tree_with_baseline("baseline-written");
    let text = fs::read_to_string(dir.join("base.json")).expect("the baseline is written");
    let report: Value = serde_json::from_str(&text).expect("the baseline is JSON");
    let prints: Vec<&str> = report["results"][0]["additional_issues"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["fingerprint"].as_str())
        .collect();
    assert_eq!(prints.len(), 3, "{report:#}");
    assert!(prints.iter().all(|p| p.len() == 32));
}

#[test]
fn old_findings_stay_unchanged_when_lines_move_and_unrelated_code_changes() {
    let dir = tree_with_baseline("baseline-moved");
    edit(&dir, &moved());
    let text = check(
        &dir,
        &["--baseline", "base.json", "--fail-on", "error", "scripts"],
    );
    assert_eq!(text.code, 0, "{}{}", text.stdout, text.stderr);
    assert_eq!(
        text.stdout,
        "No issues in 1 script (pack `registermodel`); 3 in the baseline, not shown.\n"
    );
    let run = check(
        &dir,
        &["--baseline", "base.json", "--format", "json", "scripts"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = json(&run);
    assert_eq!(issues(&report), vec![], "{report:#}");
    assert_eq!(report["summary"]["unchanged_count"], 3);
    assert!(
        run.stderr.contains("3 issues are in the baseline already"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_new_invalid_literal_is_new_and_fails_fail_on_error() {
    let dir = tree_with_baseline("baseline-new");
    edit(&dir, &with_new_literal());
    let args = [
        "--baseline",
        "base.json",
        "--fail-on",
        "error",
        "--format",
        "json",
        "scripts",
    ];
    let run = check(&dir, &args);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run);
    let new = issues(&report);
    assert!(
        new.contains(&("approval_status_value".to_owned(), 20)),
        "{report:#}"
    );
    assert!(
        new.iter().all(|(_, line)| *line == 20),
        "only the new call: {new:?}"
    );
    assert_eq!(report["summary"]["error_count"], 1);
    assert_eq!(report["summary"]["unchanged_count"], 3);
}

#[test]
fn sarif_marks_issues_new_unchanged_and_a_fixed_one_absent() {
    let dir = tree_with_baseline("baseline-sarif");
    edit(
        &dir,
        &with_new_literal().replace("\"Pending\"", "\"PendingManualApproval\""),
    );
    let run = check(
        &dir,
        &["--baseline", "base.json", "--format", "sarif", "scripts"],
    );
    assert_eq!(run.code, 1, "the new literal is an error: {}", run.stderr);
    let report = json(&run);
    let violations = sarif_violations(&report);
    assert!(violations.is_empty(), "{violations:#?}");
    let mut states: Vec<(String, String)> = report["runs"][0]["results"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            let state = r["baselineState"].as_str().unwrap_or("none").to_owned();
            (r["ruleId"].as_str().unwrap_or_default().to_owned(), state)
        })
        .collect();
    states.sort();
    let expected = [
        ("approval_status_value", "absent"),
        ("approval_status_value", "new"),
        ("model_metadata", "new"),
        ("model_metadata", "unchanged"),
        ("model_metrics", "new"),
        ("model_metrics", "unchanged"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(r, s)| ((*r).to_owned(), (*s).to_owned()))
        .collect();
    assert_eq!(states, expected);
    snapshot!("baseline_sarif", run.stdout);
}

#[test]
fn identical_findings_on_identical_lines_match_one_to_one() {
    let dir = tree_with_baseline("baseline-twins");
    let twin = "    step_args = model.register(\n        model_package_group_name=group_name,\n        \
                approval_status=\"Pending\",\n    )\n";
    edit(
        &dir,
        &ORIGINAL.replace(
            "    return ModelStep",
            &format!("{twin}    return ModelStep"),
        ),
    );
    let run = check(
        &dir,
        &["--baseline", "base.json", "--format", "json", "scripts"],
    );
    let report = json(&run);
    assert_eq!(report["summary"]["unchanged_count"], 3, "{report:#}");
    assert_eq!(
        report["summary"]["total_issues"], 3,
        "the twin's are new: {report:#}"
    );
}

#[test]
fn a_baseline_that_is_not_a_json_report_is_an_error_naming_it() {
    let dir = tree_with_baseline("baseline-bad");
    fs::write(dir.join("other.json"), "{\"issues\": []}").expect("scratch is writable");
    let run = check(&dir, &["--baseline", "other.json", "scripts"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: `other.json` is not a rulecheck JSON report, as --baseline needs"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--write-baseline"), "{}", run.stderr);
}
