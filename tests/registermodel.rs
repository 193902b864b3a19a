//! The registermodel pack end to end: the seed's four levels on fixture projects, through the
//! binary, with outputs pinned as snapshots.

mod common;

use common::{Run, json, registermodel};

const FIXTURES: &str = "tests/fixtures/registermodel";
/// The pack's own self-test cases, which are fixture trees too.
const PACK_CASES: &str = "rules/tests/registermodel";

/// `(category, severity)` of every issue of the only result.
fn issues(run: &Run) -> Vec<(String, String)> {
    let doc = json(run);
    doc["results"][0]["additional_issues"]
        .as_array()
        .expect("issues are a list")
        .iter()
        .map(|i| {
            (
                i["category"].as_str().unwrap_or_default().to_owned(),
                i["severity"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(c, s)| ((*c).to_owned(), (*s).to_owned()))
        .collect()
}

#[test]
fn complete_project_has_no_issues_and_exits_zero() {
    let root = format!("{PACK_CASES}/complete");
    let script = format!("{root}/churn_registration.py");
    let run = registermodel(&["--root", &root, &script]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "No issues in 1 script (pack `registermodel`).\n"
    );
    let run = registermodel(&["--root", &root, "--format", "json", &script]);
    let doc = json(&run);
    let patterns = &doc["results"][0]["patterns"];
    assert_eq!(patterns["model_metadata"]["keyword"], "description");
    assert_eq!(
        patterns["registration_builder"]["path"],
        "cursus/steps/builders/builder_churn_registration_step.py"
    );
    assert_eq!(
        patterns["model_package_creation_method"]["location"]["path"],
        format!("{root}/cursus/steps/builders/builder_churn_registration_step.py")
    );
}

#[test]
fn bare_script_reports_every_level_with_expected_paths() {
    let run = registermodel(&[
        "--root",
        "tests/fixtures/registermodel/bare",
        "--format",
        "json",
        "tests/fixtures/registermodel/bare/xgboost_model_registration.py",
    ]);
    assert_eq!(
        run.code, 0,
        "only WARNING and INFO: below the default --fail-on error"
    );
    assert_eq!(
        issues(&run),
        pairs(&[
            ("missing_model_metadata", "WARNING"),
            ("missing_model_metrics", "INFO"),
            ("missing_approval_status", "INFO"),
            ("missing_registration_specification", "INFO"),
            ("missing_registration_builder", "WARNING"),
        ])
    );
    snapshot!("bare_script_json", run.stdout);
}

#[test]
fn builder_without_package_creation_reports_error_with_builder_path() {
    let root = format!("{PACK_CASES}/builder_without_package");
    let run = registermodel(&[
        "--root",
        &root,
        "--format",
        "json",
        &format!("{root}/fraud_registration.py"),
    ]);
    assert_eq!(run.code, 1, "an ERROR fails the run");
    assert_eq!(
        issues(&run),
        pairs(&[("missing_model_package_creation_method", "ERROR")])
    );
    let issue = &json(&run)["results"][0]["additional_issues"][0];
    assert_eq!(
        issue["details"],
        serde_json::json!({
            "script": "fraud_registration.py",
            "builder_path": "cursus/steps/builders/builder_fraud_registration_step.py",
        })
    );
    assert_eq!(issue["level"], "builder");
    assert_eq!(issue["source"], "RegisterModelStepEnhancer");
}

#[test]
fn base_name_drops_py_register_and_registration_anywhere_in_the_name() {
    let root = format!("{FIXTURES}/base_names");
    let cases = [
        (
            "churn_register.py",
            "cursus/steps/specs/churn_registration_spec.py",
        ),
        // The removal is global, not anchored at the end, as in cursus.
        (
            "x_registered.py",
            "cursus/steps/specs/xed_registration_spec.py",
        ),
        // `registration` is removed whole, so the suffix doubles, as in cursus.
        (
            "registration.py",
            "cursus/steps/specs/registration_registration_spec.py",
        ),
    ];
    for (script, spec) in cases {
        let run = registermodel(&[
            "--root",
            &root,
            "--format",
            "json",
            "--levels",
            "package",
            &format!("{root}/{script}"),
        ]);
        let doc = json(&run);
        let spec_rule = &doc["results"][0]["patterns"]["registration_specification"];
        assert_eq!(spec_rule["status"], "found", "{script}: {spec_rule}");
        assert_eq!(spec_rule["path"], spec, "{script}");
    }
}

#[test]
fn seed_examples_count_only_what_reaches_a_registration() {
    // The seed counted its keywords anywhere. Counted where they reach a registration call:
    // its metadata example passes name, description, tags and metrics to one; its approval
    // example only returns a config dict (no registration, no SageMaker import); its
    // comprehensive example passes a description and an approval status to ModelPackage, but
    // its metrics dict never reaches it.
    let found = |script: &str, rule: &str| {
        let run = registermodel(&[
            "--format",
            "json",
            "--levels",
            "metadata,approval",
            &format!("{FIXTURES}/seed/{script}"),
        ]);
        json(&run)["results"][0]["patterns"][rule]["status"] == "found"
    };
    assert!(found("model_registration.py", "model_metadata"));
    assert!(found("model_registration.py", "model_metrics"));
    assert!(!found("approval_script.py", "approval_status"));
    assert!(found("xgboost_registration.py", "model_metadata"));
    assert!(found("xgboost_registration.py", "approval_status"));
    assert!(!found("xgboost_registration.py", "model_metrics"));
}

#[test]
fn pipeline_example_text_report() {
    let root = format!("{FIXTURES}/pipeline");
    let run = registermodel(&[
        "--root",
        &root,
        &format!("{root}/scripts/fraud_registration.py"),
        &format!("{root}/scripts/churn_register.py"),
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr, "");
    snapshot!("pipeline_text", run.stdout);
}

#[test]
fn pipeline_example_json_report() {
    let root = format!("{FIXTURES}/pipeline");
    let run = registermodel(&[
        "--root",
        &root,
        "--format",
        "json",
        &format!("{root}/scripts/churn_register.py"),
        &format!("{root}/scripts/fraud_registration.py"),
    ]);
    snapshot!("pipeline_json", run.stdout);
}
