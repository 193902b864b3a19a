//! Suppression comments: `# rulecheck: ignore[…] -- REASON` on a finding's line or alone above
//! it, `ignore-file[…]` for the whole file, a required reason, and rulecheck's own issues about
//! suppressions that are invalid, unused or name unknown ids.

mod common;

use std::fs;

use common::{Run, json, registermodel, rulecheck, rulecheck_in, scratch};
use serde_json::Value;

const ROOT: &str = "tests/fixtures/suppressions";
const CHURN: &str = "tests/fixtures/suppressions/scripts/churn_register.py";
const FRAUD: &str = "tests/fixtures/suppressions/scripts/fraud_registration.py";

fn check(args: &[&str]) -> Run {
    let mut all = vec!["--root", ROOT];
    all.extend(args);
    registermodel(&all)
}

/// The only result of a JSON run.
fn result(run: &Run) -> Value {
    json(run)["results"][0].clone()
}

fn rules(issues: &Value) -> Vec<String> {
    issues
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["rule"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn a_trailing_ignore_suppresses_the_finding_on_its_line_with_its_reason() {
    let result = result(&check(&["--format", "json", CHURN]));
    let suppressed = result["suppressed"].as_array().expect("a list");
    let approval = suppressed
        .iter()
        .find(|s| s["rule"] == "approval_status_value")
        .expect("the approval value is suppressed");
    assert_eq!(
        approval["reason"],
        "the legacy value, migrated in the next release"
    );
    assert_eq!(approval["line"], 11);
    assert_eq!(approval["kind"], "ignore");
    assert_eq!(approval["location"]["line"], 11);
    assert!(!rules(&result["additional_issues"]).contains(&"approval_status_value".to_owned()));
}

#[test]
fn an_ignore_alone_on_its_line_suppresses_findings_on_the_next_line_by_category() {
    let result = result(&check(&["--format", "json", CHURN]));
    let tag = result["suppressed"]
        .as_array()
        .expect("a list")
        .iter()
        .find(|s| s["category"] == "invalid_tags")
        .expect("the aws: tag key is suppressed through its category");
    assert_eq!(tag["rule"], "tag_key_prefix");
    assert_eq!(tag["line"], 12, "the comment's line");
    assert_eq!(tag["location"]["line"], 13, "the finding's line");
}

#[test]
fn ignore_file_suppresses_a_finding_whatever_its_line() {
    let result = result(&check(&["--format", "json", CHURN]));
    let metrics = result["suppressed"]
        .as_array()
        .expect("a list")
        .iter()
        .find(|s| s["category"] == "missing_model_metrics")
        .expect("missing metrics are suppressed");
    assert_eq!(metrics["kind"], "ignore-file");
    assert_eq!(metrics["line"], 1);
    assert!(
        metrics["location"]["line"].as_u64() > Some(1),
        "the finding is at the registration call, far from the comment: {metrics}"
    );
}

#[test]
fn suppressed_findings_are_not_issues_and_do_not_fail_the_run() {
    let run = check(&["--format", "json", "--fail-on", "info", CHURN]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let doc = json(&run);
    let result = &doc["results"][0];
    assert_eq!(result["additional_issues"], serde_json::json!([]));
    assert_eq!(result["enhanced_results"]["issues"], serde_json::json!([]));
    assert_eq!(result["enhanced_results"]["summary"]["total_issues"], 0);
    assert_eq!(doc["summary"]["total_issues"], 0);
    assert_eq!(doc["summary"]["suppressed_count"], 3);
}

#[test]
fn without_its_comments_the_same_script_fails() {
    let dir = scratch("suppressions-removed");
    let code = fs::read_to_string(CHURN).expect("fixture exists");
    let stripped: String = code
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .map(|l| l.split("  # rulecheck:").next().unwrap_or(l).to_owned() + "\n")
        .collect();
    fs::write(dir.join("churn_register.py"), stripped).expect("scratch is writable");
    let run = rulecheck_in(
        &dir,
        &[
            "--pack",
            "registermodel",
            "--isolated",
            "--levels",
            "metadata,approval",
            "churn_register.py",
        ],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("invalid_approval_status"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("missing_model_metrics"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_suppression_without_a_reason_does_not_suppress_and_is_a_warning() {
    let result = result(&check(&["--format", "json", FRAUD]));
    let issues = result["additional_issues"].as_array().expect("a list");
    assert!(
        issues.iter().any(|i| i["rule"] == "approval_status_value"),
        "the finding stays: {issues:?}"
    );
    let invalid = issues
        .iter()
        .find(|i| i["rule"] == "rulecheck::invalid_suppression")
        .expect("the comment is reported");
    assert_eq!(invalid["severity"], "WARNING");
    assert_eq!(invalid["category"], "invalid_suppression");
    assert_eq!(invalid["source"], "rulecheck");
    assert_eq!(invalid["step_type"], "RegisterModel");
    assert_eq!(invalid["location"]["line"], 12);
}

#[test]
fn a_suppression_that_suppresses_nothing_is_reported_unused() {
    let result = result(&check(&["--format", "json", FRAUD]));
    let unused: Vec<&Value> = result["additional_issues"]
        .as_array()
        .expect("a list")
        .iter()
        .filter(|i| i["category"] == "unused_suppression")
        .collect();
    assert_eq!(unused.len(), 2, "{unused:?}");
    assert_eq!(unused[0]["location"]["line"], 11);
    assert_eq!(unused[0]["severity"], "WARNING");
    assert!(
        unused[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("model_package_description_value")),
        "{unused:?}"
    );
}

#[test]
fn an_unknown_id_is_reported_with_a_did_you_mean() {
    let result = result(&check(&["--format", "json", FRAUD]));
    let unknown = result["additional_issues"]
        .as_array()
        .expect("a list")
        .iter()
        .find(|i| i["location"]["line"] == 13)
        .cloned()
        .expect("the misspelt id is reported");
    assert_eq!(unknown["category"], "unused_suppression");
    let message = unknown["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("tag_cuont") && message.contains("did you mean `tag_count`?"),
        "{message}"
    );
}

#[test]
fn a_suppression_inside_a_string_is_not_a_suppression() {
    let result = result(&check(&["--format", "json", FRAUD]));
    assert!(
        rules(&result["additional_issues"]).contains(&"model_metrics".to_owned()),
        "the string's ignore-file does not apply"
    );
    assert!(result.get("suppressed").is_none(), "nothing is suppressed");
}

#[test]
fn a_suppression_of_a_rule_that_did_not_run_is_not_unused() {
    let run = check(&["--format", "json", "--levels", "approval", CHURN]);
    let result = result(&run);
    assert_eq!(
        result["additional_issues"],
        serde_json::json!([]),
        "the metadata-level ids are not reported unused"
    );
    assert_eq!(result["suppressed"].as_array().map(Vec::len), Some(1));
}

#[test]
fn a_suppression_issue_counts_for_fail_on_warning() {
    assert_eq!(
        check(&["--fail-on", "warning", "--levels", "metadata", FRAUD]).code,
        1
    );
    assert_eq!(
        check(&["--fail-on", "error", "--levels", "metadata", FRAUD]).code,
        0
    );
}

#[test]
fn text_report_lists_suppression_issues_and_counts_the_suppressed() {
    let run = check(&[CHURN, FRAUD]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout
            .ends_with("Found 5 issues (1 error, 3 warnings, 1 info) in 2 scripts (pack `registermodel`); 3 suppressed.\n"),
        "{}",
        run.stdout
    );
    snapshot!("suppressions_text", run.stdout);
}

#[test]
fn json_report_of_suppressions() {
    let run = check(&["--format", "json", CHURN, FRAUD]);
    snapshot!("suppressions_json", run.stdout);
}

#[test]
fn results_without_suppressions_have_no_suppressed_key() {
    let run = rulecheck(&[
        "--pack",
        "registermodel",
        "--format",
        "json",
        "tests/fixtures/registermodel/bare/xgboost_model_registration.py",
    ]);
    let doc = json(&run);
    assert!(doc["results"][0].get("suppressed").is_none());
    assert!(doc["summary"].get("suppressed_count").is_none());
}

#[test]
fn pack_self_tests_apply_suppressions_in_fixtures() {
    let dir = common::pack_copy("suppressions-pack-test", |pack| pack);
    let case = dir.join("tests/registermodel/suppressed");
    fs::create_dir_all(&case).expect("scratch is writable");
    fs::write(
        case.join("churn_registration.py"),
        "# rulecheck: ignore-file[registration_specification, registration_builder] -- a case without companions\n\
         import sagemaker\n\
         step = model.register(description='d', model_metrics=m, approval_status='Approved')\n",
    )
    .expect("scratch is writable");
    fs::write(
        case.join("expected.txt"),
        "# Expected findings of `rulecheck test` for this case; `rulecheck test --update` rewrites it.\n\
         # One line each: FILE[:LINE:COLUMN]: SEVERITY category [level/rule]\n",
    )
    .expect("scratch is writable");
    let pack = dir.join("registermodel.toml");
    let run = rulecheck(&["test", &pack.display().to_string()]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("suppressed"), "{}", run.stdout);
}
