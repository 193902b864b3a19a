//! Where keywords count (scopes) and literal-value rules, with the registermodel pack over fixture
//! scripts: every scope, every position a value is bound in, valid and invalid literals, a file
//! with syntax errors and Python 3.12 syntax.

mod common;

use common::{json, registermodel};
use serde_json::Value;

const SCOPES: &str = "tests/fixtures/registermodel/scopes";
/// The pack's own self-test cases, whose scripts serve here too.
const PACK_CASES: &str = "rules/tests/registermodel";
/// A `ModelStep` around `model.register(...)` with keyword arguments.
const MODEL_STEP: &str = "rules/tests/registermodel/missing_companions/xgboost_registration.py";
/// `RegisterModel(**kwargs)` whose dict holds the arguments.
const KWARGS_DICT: &str = "rules/tests/registermodel/base_names/x_registered.py";
const VALUES: &str = "tests/fixtures/registermodel/values";

/// The script-level levels only (no spec/builder files in these fixtures), as JSON.
fn check(path: &str) -> Value {
    let run = registermodel(&["--format", "json", "--levels", "metadata,approval", path]);
    assert_ne!(run.code, 2, "{}", run.stderr);
    json(&run)["results"][0].clone()
}

/// One line per issue: `SEVERITY category line:column message`, then the notices.
fn summary(result: &Value) -> String {
    let mut lines: Vec<String> = result["additional_issues"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|issue| {
            let at = &issue["location"];
            let place = match (at["line"].as_u64(), at["column"].as_u64()) {
                (Some(line), Some(column)) => format!("{line}:{column}"),
                _ => "-".to_owned(),
            };
            format!(
                "{} {} {place} {}",
                issue["severity"].as_str().unwrap_or_default(),
                issue["category"].as_str().unwrap_or_default(),
                issue["message"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    lines.extend(
        result["notices"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|n| n.as_str().map(|n| format!("note: {n}"))),
    );
    lines.join("\n")
}

fn status<'a>(result: &'a Value, rule: &str) -> &'a str {
    result["patterns"][rule]["status"]
        .as_str()
        .unwrap_or_default()
}

#[test]
fn approval_mentioned_only_in_a_comment_docstring_or_log_string_is_missing() {
    for script in ["comment_only", "docstring_only", "string_only"] {
        let result = check(&format!("{SCOPES}/{script}_registration.py"));
        assert_eq!(status(&result, "approval_status"), "missing", "{script}");
        // The same files state metadata and metrics in the registration call.
        assert_eq!(status(&result, "model_metadata"), "found", "{script}");
        assert_eq!(status(&result, "model_metrics"), "found", "{script}");
    }
}

#[test]
fn arguments_of_calls_other_than_registration_calls_do_not_count() {
    let result = check(&format!("{SCOPES}/unrelated_call_registration.py"));
    assert_eq!(status(&result, "model_metadata"), "missing");
    assert_eq!(status(&result, "approval_status"), "missing");
    assert_eq!(status(&result, "model_metrics"), "found");
}

#[test]
fn real_registration_calls_are_judged_right() {
    for script in [
        MODEL_STEP.to_owned(),
        format!("{PACK_CASES}/base_names/churn_register.py"),
        KWARGS_DICT.to_owned(),
        format!("{SCOPES}/py312_registration.py"),
        format!("{SCOPES}/syntax_error_registration.py"),
    ] {
        let result = check(&script);
        for rule in ["model_metadata", "model_metrics", "approval_status"] {
            assert_eq!(status(&result, rule), "found", "{script}: {rule}");
        }
        let issues = summary(&result);
        assert_eq!(
            issues.lines().filter(|l| !l.starts_with("note:")).count(),
            0,
            "{script}: {issues}"
        );
    }
}

#[test]
fn evidence_points_at_the_keyword_argument() {
    let result = check(MODEL_STEP);
    let evidence = &result["patterns"]["approval_status"];
    assert_eq!(evidence["keyword"], "approval");
    assert_eq!(evidence["location"]["line"], 16);
    assert_eq!(evidence["location"]["column"], 9);
}

#[test]
fn a_file_with_syntax_errors_is_checked_on_what_was_recovered_and_says_so() {
    let result = check(&format!("{SCOPES}/syntax_error_registration.py"));
    let notices = result["notices"].as_array().expect("a list");
    assert_eq!(notices.len(), 1);
    let notice = notices[0].as_str().unwrap_or_default();
    assert!(
        notice.contains("syntax_error_registration.py:13:18: syntax error"),
        "{notice}"
    );
    assert!(
        notice.contains("checked on what the parser recovered"),
        "{notice}"
    );
}

#[test]
fn approval_status_values_are_judged_where_they_reach_a_registration() {
    let run = registermodel(&[
        "--format",
        "json",
        "--levels",
        "approval",
        &format!("{VALUES}/approval_values_registration.py"),
    ]);
    assert_eq!(run.code, 1, "invalid values are errors");
    let result = &json(&run)["results"][0];
    snapshot!("approval_values", summary(result));
    // Three literals reach a registration: two keyword arguments and the default of the
    // parameter `status_param` passes on. `positional_param`, `model_approval_status` and
    // `approval_config` go nowhere, and `chosen` is bound to no literal: none is judged.
    assert_eq!(result["patterns"]["approval_status_value"]["checked"], 3);
    assert_eq!(result["patterns"]["approval_status_value"]["violations"], 2);
}

#[test]
fn invalid_approval_status_names_the_value_line_and_key() {
    let run = registermodel(&[
        "--levels",
        "approval",
        &format!("{VALUES}/approval_values_registration.py"),
    ]);
    assert!(run.stdout.contains(
        "error[invalid_approval_status]: approval_status is \"PendingManualAproval\", which SageMaker \
         does not accept as a model approval status (did you mean `PendingManualApproval`?)\n  --> tests/fixtures/registermodel/values/approval_values_registration.py:18:25\n"
    ), "{}", run.stdout);
}

#[test]
fn group_names_descriptions_and_tags_are_judged_against_sagemaker_limits() {
    let result = check(&format!("{VALUES}/names_and_tags_registration.py"));
    let run = registermodel(&[
        "--format",
        "json",
        "--levels",
        "metadata,package",
        &format!("{VALUES}/names_and_tags_registration.py"),
    ]);
    let with_package = &json(&run)["results"][0];
    snapshot!("names_and_tags", summary(with_package));
    assert_eq!(
        status(&result, "model_package_description_value"),
        "invalid"
    );
}

#[test]
fn approved_literal_gets_nothing() {
    let result = check(KWARGS_DICT);
    assert_eq!(status(&result, "approval_status_value"), "valid");
    assert_eq!(summary(&result), "");
}
