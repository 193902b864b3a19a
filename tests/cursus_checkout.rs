//! A tree shaped like a real cursus checkout: step code under `src/cursus/steps/` (scripts,
//! specs, builders, contracts) and `requirements.txt` at the top. Run from its top with default
//! options, the packs find every spec, builder and requirements file that exists, and report only
//! the ones that do not.
//!
//! `tests/fixtures/cursus_checkout` holds the checkout's own files; the rest of its step code is
//! the packs' complete cases, placed at test time where a checkout keeps it (so each script exists
//! once, in its pack's cases).

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{Run, json, repo, rulecheck_in};

/// The checkout's own files: cursus's registration names (registration.py, registration_spec.py,
/// builder_registration_step.py), a script with neither spec nor builder, a contract, and the
/// requirements.txt of the whole checkout.
const CHECKOUT: &str = "tests/fixtures/cursus_checkout";

/// Files of the packs' cases (under `rules/tests/`) that complete the checkout: a case's script
/// goes to `src/cursus/steps/scripts/`, its `cursus/steps/…` companions under `src/`.
/// prepare_hyperparameters.py comes without its spec and builder: they are the ones missing.
const FROM_PACK_CASES: [&str; 10] = [
    "processing/real_layout/tabular_preprocessing.py",
    "processing/real_layout/cursus/steps/specs/tabular_preprocessing_training_spec.py",
    "processing/real_layout/cursus/steps/builders/builder_tabular_preprocessing_step.py",
    "training/xgboost_complete/xgboost_training.py",
    "training/xgboost_complete/cursus/steps/specs/xgboost_training_spec.py",
    "training/xgboost_complete/cursus/steps/builders/builder_xgboost_training_step.py",
    "transform/batch_complete/batch_transform.py",
    "transform/batch_complete/cursus/steps/specs/batch_transform_training_spec.py",
    "transform/batch_complete/cursus/steps/builders/builder_batch_transform_step.py",
    "utility/complete/prepare_hyperparameters.py",
];

/// A scratch copy of the whole checkout: its own files and those of the pack cases.
fn checkout(name: &str) -> PathBuf {
    let dir = common::scratch(name);
    common::copy_tree(&repo().join(CHECKOUT), &dir);
    for file in FROM_PACK_CASES {
        let in_case: PathBuf = Path::new(file).components().skip(2).collect();
        let place = if in_case.starts_with("cursus/steps") {
            dir.join("src").join(&in_case)
        } else {
            dir.join("src/cursus/steps/scripts").join(&in_case)
        };
        assert!(
            !place.exists(),
            "{} is in the fixture and in the pack case {file}: keep one",
            place.display()
        );
        fs::create_dir_all(place.parent().expect("a file has a folder"))
            .expect("scratch is writable");
        fs::copy(repo().join("rules/tests").join(file), &place).expect("the case file copies");
    }
    dir
}

fn run_in_checkout(name: &str, args: &[&str]) -> Run {
    rulecheck_in(&checkout(name), args, None)
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
    let run = run_in_checkout(
        "from_top",
        &["--format", "json", "src/cursus/steps/scripts"],
    );
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
        run_in_checkout("from_top_text", &["--color", "never", "."]).stdout
    );
}

#[test]
fn a_missing_companion_is_reported_with_the_seeds_expected_path() {
    let run = run_in_checkout(
        "expected_paths",
        &["--format", "json", "src/cursus/steps/scripts"],
    );
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
    let run = run_in_checkout(
        "root_src",
        &[
            "--root",
            "src",
            "--format",
            "json",
            "src/cursus/steps/scripts",
        ],
    );
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
    let run = run_in_checkout(
        "root_src_cursus",
        &[
            "--root",
            "src/cursus",
            "--format",
            "json",
            "src/cursus/steps/scripts/xgboost_training.py",
        ],
    );
    let found = json(&run)["results"][0]["patterns"]["requirements_file"].clone();
    assert_eq!(found["status"], "missing", "{found}");

    let dir = checkout("upward_requirements");
    fs::write(dir.join("src/requirements.txt"), "xgboost\npandas\nnumpy\n")
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
