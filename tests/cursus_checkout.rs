//! A tree shaped like a real cursus checkout: step code under `src/cursus/steps/` (scripts,
//! specs, builders, contracts) and `requirements.txt` at the top. Run from its top with default
//! options, the packs find every spec, builder and requirements file that exists, and report only
//! the ones that do not.

mod common;

use common::{Run, json, repo, rulecheck_in};

const CHECKOUT: &str = "tests/fixtures/cursus_checkout";

fn run_in_checkout(args: &[&str]) -> Run {
    rulecheck_in(&repo().join(CHECKOUT), args, None)
}

/// `(script file name, category)` of every issue of a JSON report.
fn issues(run: &Run) -> Vec<(String, String)> {
    json(run)["results"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|result| {
            let script = result["script"].as_str().unwrap_or_default().to_owned();
            result["additional_issues"]
                .as_array()
                .into_iter()
                .flatten()
                .map(move |issue| {
                    let category = issue["category"].as_str().unwrap_or_default().to_owned();
                    (script.clone(), category)
                })
        })
        .collect()
}

#[test]
fn from_the_checkout_top_only_files_that_do_not_exist_are_reported() {
    let run = run_in_checkout(&["--format", "json", "src/cursus/steps/scripts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected = [
        ("currency_conversion.py", "missing_processing_specification"),
        ("currency_conversion.py", "missing_processing_builder"),
        (
            "prepare_hyperparameters.py",
            "missing_utility_specification",
        ),
        ("prepare_hyperparameters.py", "missing_utility_builder"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(s, c)| ((*s).to_owned(), (*c).to_owned()))
        .collect();
    assert_eq!(issues(&run), expected);
    snapshot!(
        "cursus_checkout_from_top",
        run_in_checkout(&["--color", "never", "."]).stdout
    );
}

#[test]
fn a_missing_companion_is_reported_with_the_seeds_expected_path() {
    let run = run_in_checkout(&["--format", "json", "src/cursus/steps/scripts"]);
    let details: Vec<String> = json(&run)["results"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|r| {
            r["additional_issues"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .filter_map(|issue| {
            let details = issue["details"].as_object()?;
            details
                .iter()
                .find(|(key, _)| key.starts_with("expected_"))
                .map(|(key, value)| format!("{key}={}", value.as_str().unwrap_or_default()))
        })
        .collect();
    assert_eq!(
        details,
        [
            "expected_spec_path=cursus/steps/specs/currency_conversion_spec.py",
            "expected_builder_path=cursus/steps/builders/builder_currency_conversion_step.py",
            "expected_spec_path=cursus/steps/specs/prepare_hyperparameters_utility_spec.py",
            "expected_builder_path=cursus/steps/builders/builder_prepare_hyperparameters_utility_step.py",
        ]
    );
}

#[test]
fn with_root_src_specs_and_builders_still_resolve() {
    let run = run_in_checkout(&[
        "--root",
        "src",
        "--format",
        "json",
        "src/cursus/steps/scripts",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let spec_or_builder: Vec<(String, String)> = issues(&run)
        .into_iter()
        .filter(|(_, category)| category.contains("specification") || category.contains("builder"))
        .collect();
    assert_eq!(spec_or_builder.len(), 4, "{spec_or_builder:?}");
}

#[test]
fn the_requirements_file_in_a_folder_above_the_script_counts() {
    // With --root src/cursus/steps the top's requirements.txt is outside the root: missing. A
    // requirements file between the script and the root is found, the nearest first.
    let run = run_in_checkout(&[
        "--root",
        "src/cursus",
        "--format",
        "json",
        "src/cursus/steps/scripts/xgboost_training.py",
    ]);
    let found = json(&run)["results"][0]["patterns"]["requirements_file"].clone();
    assert_eq!(found["status"], "missing", "{found}");

    let dir = common::scratch("upward_requirements");
    common::copy_tree(&repo().join(CHECKOUT), &dir);
    std::fs::write(dir.join("src/requirements.txt"), "xgboost\npandas\nnumpy\n")
        .expect("scratch is writable");
    let run = rulecheck_in(
        &dir,
        &[
            "--format",
            "json",
            "src/cursus/steps/scripts/xgboost_training.py",
        ],
        None,
    );
    let found = json(&run)["results"][0]["patterns"]["requirements_file"].clone();
    assert_eq!(found["status"], "found", "{found}");
    assert_eq!(found["path"], "src/requirements.txt", "{found}");
}
