//! Evidence counted by data flow, with the registermodel pack over its own self-test cases
//! (`rules/tests/registermodel/flow_*`): what reaches a registration counts, what goes elsewhere
//! does not, and the JSON says why and suggests the allowed value a literal was meant to be.

mod common;

use common::{json, registermodel};
use serde_json::Value;

const COUNTS: &str = "rules/tests/registermodel/flow_counts";
const DOES_NOT_COUNT: &str = "rules/tests/registermodel/flow_does_not_count";

/// The script-level levels of one script, as JSON: its issues and its patterns.
fn check(path: &str) -> Value {
    let run = registermodel(&["--format", "json", "--levels", "metadata,approval", path]);
    assert_ne!(run.code, 2, "{}", run.stderr);
    let result = &json(&run)["results"][0];
    serde_json::json!({
        "issues": result["additional_issues"],
        "patterns": result["patterns"],
    })
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

fn status(result: &Value, rule: &str) -> String {
    result["patterns"][rule]["status"]
        .as_str()
        .unwrap_or("absent")
        .to_owned()
}

#[test]
fn evidence_that_reaches_a_registration_counts_however_it_travels() {
    for script in [
        "alias_register.py",
        "class_attr_register.py",
        "cycle_register.py",
        "helper_return_register.py",
        "keyed_request_register.py",
        "request_variable_register.py",
        "wrapper_register.py",
    ] {
        let result = check(&format!("{COUNTS}/{script}"));
        for rule in ["model_metadata", "model_metrics", "approval_status"] {
            assert_eq!(status(&result, rule), "found", "{script}: {rule}");
        }
    }
}

#[test]
fn evidence_that_goes_elsewhere_does_not_count_and_its_literals_are_not_judged() {
    for script in [
        "azure_register.py",
        "dry_run_register.py",
        "group_only_register.py",
        "lambda_step_register.py",
        "own_table_register.py",
    ] {
        let result = check(&format!("{DOES_NOT_COUNT}/{script}"));
        for rule in ["model_metadata", "model_metrics", "approval_status"] {
            assert_eq!(status(&result, rule), "missing", "{script}: {rule}");
        }
        assert_eq!(
            status(&result, "approval_status_value"),
            "absent",
            "{script}"
        );
    }
    for script in ["validator_test_register.py", "unused_parameter_register.py"] {
        let result = check(&format!("{DOES_NOT_COUNT}/{script}"));
        assert_eq!(
            status(&result, "approval_status_value"),
            "valid",
            "{script}"
        );
    }
}

#[test]
fn a_misspelt_status_forwarded_by_wrappers_is_judged_with_a_suggestion() {
    let result = check(&format!("{COUNTS}/wrapper_register.py"));
    let issue = &result["issues"][0];
    assert_eq!(issue["details"]["suggestion"], "PendingManualApproval");
    assert!(
        issue["message"]
            .as_str()
            .is_some_and(|m| m.ends_with("(did you mean `PendingManualApproval`?)")),
        "{issue}"
    );
    snapshot!("flow_wrapper_suggestion", pretty(&result));
}

#[test]
fn a_fired_rule_lists_what_did_not_count_and_why() {
    for (script, name) in [
        ("group_only_register.py", "flow_not_counted_excluded_callee"),
        ("azure_register.py", "flow_not_counted_no_import"),
        ("own_table_register.py", "flow_not_counted_never_reaches"),
    ] {
        let result = check(&format!("{DOES_NOT_COUNT}/{script}"));
        snapshot!(name, pretty(&result["patterns"]));
    }
}
