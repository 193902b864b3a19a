//! The registermodel pack judges each registration at its call (issue: "judge each registration
//! at its call"): a finding per call that lacks the evidence, located at the call; no finding on
//! a file without a registration; notes where keywords occurred without counting.

mod common;

use common::{json, registermodel};

const DIR: &str = "tests/fixtures/per_registration";
const LEVELS: &str = "metadata,approval";

fn check(file: &str, format: &str) -> common::Run {
    let path = format!("{DIR}/{file}");
    registermodel(&[
        "--levels", LEVELS, "--format", format, "--color", "never", &path,
    ])
}

#[test]
fn of_two_registrations_only_the_one_without_metrics_gets_a_metrics_finding_at_its_call() {
    let run = check("pipeline.py", "text");
    assert_eq!(run.code, 0, "{}", run.stderr);
    snapshot!("per_registration_two_calls_text", run.stdout);
    let report = json(&check("pipeline.py", "json"));
    let result = &report["results"][0];
    let issues = result["additional_issues"].as_array().expect("a list");
    let metrics: Vec<_> = issues
        .iter()
        .filter(|i| i["category"] == "missing_model_metrics")
        .collect();
    assert_eq!(metrics.len(), 1, "{issues:#?}");
    assert_eq!(metrics[0]["location"]["line"], 18, "the challenger's call");
    let pattern = &result["patterns"]["model_metrics"];
    assert_eq!(
        (&pattern["checked"], &pattern["violations"]),
        (&2.into(), &1.into())
    );
    let lines: Vec<_> = result["calls"]["registration"]
        .as_array()
        .expect("the registration calls are listed")
        .iter()
        .map(|c| (c["callee"].clone(), c["line"].clone()))
        .collect();
    assert_eq!(
        lines,
        [
            ("RegisterModel".into(), 9.into()),
            ("RegisterModel".into(), 18.into())
        ]
    );
}

#[test]
fn sarif_gives_each_per_registration_finding_a_region() {
    let report = json(&check("pipeline.py", "sarif"));
    let results = report["runs"][0]["results"].as_array().expect("a list");
    assert_eq!(results.len(), 1, "{results:#?}");
    let region = &results[0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (&region["startLine"], &region["endLine"]),
        (&18.into(), &24.into()),
        "the region spans the call"
    );
}

#[test]
fn a_file_without_a_registration_gets_no_registration_finding_even_when_named() {
    let run = check("helpers.py", "json");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = json(&run);
    let result = &report["results"][0];
    assert_eq!(result["additional_issues"], serde_json::json!([]));
    // `codecs.register` in a file that imports the SDK is no registration.
    assert_eq!(result["calls"]["registration"], serde_json::json!([]));
    for rule in ["model_metadata", "model_metrics", "approval_status"] {
        assert_eq!(result["patterns"][rule]["status"], "absent", "{rule}");
    }
}

#[test]
fn keywords_that_occur_without_reaching_the_call_are_shown_with_why_in_every_format() {
    let text = check("logged_only.py", "text");
    snapshot!("per_registration_uncounted_notes_text", text.stdout);
    let report = json(&check("logged_only.py", "json"));
    let issue = &report["results"][0]["additional_issues"][0];
    assert_eq!(issue["category"], "missing_approval_status");
    assert_eq!(issue["related"][0]["line"], 6);
    assert_eq!(
        issue["related"][0]["note"],
        "`approval` here does not count: never reaches a `registration` call"
    );
    let sarif = json(&check("logged_only.py", "sarif"));
    let related = &sarif["runs"][0]["results"][0]["relatedLocations"][0];
    assert_eq!(related["physicalLocation"]["region"]["startLine"], 6);
    assert_eq!(
        related["message"]["text"],
        "`approval` here does not count: never reaches a `registration` call"
    );
    let github = check("logged_only.py", "github");
    assert!(
        github.stdout.contains(
            "%0Atests/fixtures/per_registration/logged_only.py:6: `approval` here does not count"
        ),
        "{}",
        github.stdout
    );
}
