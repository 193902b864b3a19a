//! Whole trees: walking folders (.gitignore, hidden files, --exclude, sizes, binaries, symlink
//! loops), routing files to packs by their `files` globs, `rulecheck route`, and parallel runs
//! whose output does not depend on -j.

mod common;

use std::fs;

use common::{json, repo, rulecheck, rulecheck_in, scratch};

const PIPELINE: &str = "tests/fixtures/registermodel/pipeline";

fn scripts(report: &serde_json::Value) -> Vec<String> {
    report["results"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["path"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn a_folder_is_walked_and_each_file_checked_by_the_packs_its_name_matches() {
    let run = rulecheck(&["--root", PIPELINE, "--format", "json", PIPELINE]);
    let report = json(&run);
    // Registration scripts only: the builder and the spec match no pack's `files`.
    assert_eq!(
        scripts(&report),
        [
            format!("{PIPELINE}/scripts/churn_register.py"),
            format!("{PIPELINE}/scripts/fraud_registration.py"),
        ]
    );
    assert!(
        report["results"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|r| r["pack"] == "registermodel")
    );
}

#[test]
fn all_files_applies_the_chosen_pack_to_every_file_with_its_extension() {
    let run = rulecheck(&[
        "--pack",
        "registermodel",
        "--all-files",
        "--format",
        "json",
        PIPELINE,
    ]);
    assert_eq!(scripts(&json(&run)).len(), 4, "{}", run.stdout);
    let run = rulecheck(&["--all-files", PIPELINE]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--all-files needs --pack"),
        "{}",
        run.stderr
    );
}

#[test]
fn output_is_identical_whatever_the_number_of_jobs() {
    // Each layout walked on its own: walked whole, `tests/fixtures` holds interfaces, and would
    // be routed by them.
    let folders = [
        "tests/fixtures/approvals",
        "tests/fixtures/cursus_checkout",
        "tests/fixtures/interface_first",
        "tests/fixtures/registermodel",
        "tests/fixtures/registration_corpus",
        "tests/fixtures/suppressions",
    ];
    let run = |jobs: &str| {
        let mut args = vec!["--format", "json", "-j", jobs];
        args.extend(folders);
        rulecheck(&args)
    };
    let (one, two, eight) = (run("1"), run("2"), run("8"));
    assert!(scripts(&json(&one)).len() > 20);
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(one.stdout, eight.stdout);
}

#[test]
fn route_says_which_pack_checks_each_file_and_why() {
    let run = rulecheck(&[
        "route",
        PIPELINE,
        "tests/fixtures/registermodel/base_names/x_registered.py",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    snapshot!("route_pipeline", run.stdout);
    let chosen = rulecheck(&[
        "route",
        "--pack",
        "registermodel",
        "--all-files",
        PIPELINE,
        "tests/fixtures/registermodel/base_names/x_registered.py",
    ]);
    snapshot!("route_pipeline_all_files", chosen.stdout);
}

#[test]
fn ignored_hidden_excluded_large_and_binary_files_are_skipped_with_notices() {
    let dir = scratch("walk-skips");
    for name in [
        "a_registration.py",
        "f_registration.py",
        "notes_registration.txt",
    ] {
        fs::write(dir.join(name), "x = 1\n").expect("scratch is writable");
    }
    fs::create_dir_all(dir.join(".hidden")).expect("scratch is writable");
    fs::write(dir.join(".hidden/b_registration.py"), "x = 1\n").expect("scratch is writable");
    fs::create_dir_all(dir.join("build")).expect("scratch is writable");
    fs::write(dir.join("build/c_registration.py"), "x = 1\n").expect("scratch is writable");
    fs::write(dir.join(".gitignore"), "build/\n").expect("scratch is writable");
    fs::write(dir.join("d_registration.py"), "x = 1\n".repeat(100)).expect("scratch is writable");
    fs::write(dir.join("e_registration.py"), b"x = 1\0\n").expect("scratch is writable");
    let run = rulecheck_in(
        &dir,
        &[
            "--format",
            "json",
            "--exclude",
            "f_*",
            "--max-file-size",
            "100",
            ".",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = json(&run);
    assert_eq!(scripts(&report), ["./a_registration.py"]);
    let notices: Vec<&str> = report["summary"]["notices"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|n| n.as_str())
        .collect();
    assert_eq!(
        notices,
        [
            "./d_registration.py: skipped, 600 bytes is over --max-file-size 100",
            "./e_registration.py: skipped, it looks binary (a NUL byte)",
        ]
    );
}

#[test]
fn a_symlink_loop_is_a_notice_and_the_run_goes_on() {
    let dir = scratch("walk-loop");
    fs::create_dir_all(dir.join("sub")).expect("scratch is writable");
    fs::write(dir.join("sub/a_registration.py"), "x = 1\n").expect("scratch is writable");
    std::os::unix::fs::symlink("..", dir.join("sub/up")).expect("symlinks work");
    let run = rulecheck_in(&dir, &["--follow", "sub"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("note: skipped: File system loop found"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("in 1 script"), "{}", run.stdout);
}

#[test]
fn a_named_file_no_pack_applies_to_is_a_notice_without_pack_and_checked_with_it() {
    let x = "tests/fixtures/registermodel/base_names/x_registered.py";
    let run = rulecheck(&[x]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains("no pack applies to this file name"),
        "{}",
        run.stdout
    );
    let run = rulecheck(&["--pack", "registermodel", "--format", "json", x]);
    assert_eq!(scripts(&json(&run)), [x]);
}

#[test]
fn levels_without_a_pack_run_in_the_packs_that_have_them() {
    // `metadata` is a level of registermodel only: the other packs do not run.
    let run = rulecheck(&["--levels", "metadata", "--format", "json", PIPELINE]);
    assert_ne!(run.code, 2, "{}", run.stderr);
    let doc = json(&run);
    let results = doc["results"].as_array().cloned().unwrap_or_default();
    assert!(!results.is_empty());
    for result in &results {
        assert_eq!(result["pack"], "registermodel");
        assert_eq!(result["levels_run"], serde_json::json!(["metadata"]));
    }
    // A level no pack has is an error with the closest name.
    let run = rulecheck(&["--levels", "metdata", PIPELINE]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no pack has a level `metdata`")
            && run.stderr.contains("did you mean `metadata`?"),
        "{}",
        run.stderr
    );
}

/// The packs' own cases whose scripts, specs and builders are all there: together a cursus-like
/// tree with a script of every step type (`rules/tests/<pack>/<case>/`, scripts on top, specs and
/// builders under `cursus/steps/`).
const COMPLETE_CASES: [&str; 6] = [
    "rules/tests/createmodel/builders",
    "rules/tests/processing/real_layout",
    "rules/tests/registermodel/complete",
    "rules/tests/training/xgboost_complete",
    "rules/tests/transform/batch_complete",
    "rules/tests/utility/complete",
];

#[test]
fn without_pack_each_script_of_a_cursus_tree_gets_its_own_pack_and_nothing_else() {
    // The specs and builders match no pack: createmodel's builders are its scripts, and the
    // utility pack's `prepare_*.py` leaves out prepare_hyperparameters_utility_spec.py and
    // builder_prepare_hyperparameters_utility_step.py with its `!` globs.
    let cases = "rules/tests";
    let mut args = vec!["--root", cases, "--format", "json"];
    args.extend(COMPLETE_CASES);
    let run = rulecheck(&args);
    assert_ne!(run.code, 2, "{}", run.stderr);
    for companion in [
        "utility/complete/cursus/steps/specs/prepare_hyperparameters_utility_spec.py",
        "utility/complete/cursus/steps/builders/builder_prepare_hyperparameters_utility_step.py",
    ] {
        let path = repo().join(cases).join(companion);
        assert!(path.is_file(), "{} is in the tree", path.display());
    }
    let routed: Vec<(String, String)> = json(&run)["results"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            let path = r["path"].as_str().unwrap_or_default();
            let short = path
                .strip_prefix(&format!("{cases}/"))
                .unwrap_or(path)
                .to_owned();
            (short, r["pack"].as_str().unwrap_or_default().to_owned())
        })
        .collect();
    let expected = [
        (
            "createmodel/builders/builder_pytorch_model_step.py",
            "createmodel",
        ),
        (
            "createmodel/builders/builder_xgboost_model_step.py",
            "createmodel",
        ),
        ("processing/real_layout/outlier_processing.py", "processing"),
        ("processing/real_layout/scaler_processing.py", "processing"),
        (
            "processing/real_layout/tabular_preprocessing.py",
            "processing",
        ),
        (
            "registermodel/complete/churn_registration.py",
            "registermodel",
        ),
        ("training/xgboost_complete/xgboost_training.py", "training"),
        ("transform/batch_complete/batch_transform.py", "transform"),
        ("utility/complete/prepare_hyperparameters.py", "utility"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(p, k)| ((*p).to_owned(), (*k).to_owned()))
        .collect();
    assert_eq!(routed, expected);
    let mut route = vec!["route"];
    route.extend(COMPLETE_CASES);
    snapshot!("route_cursus_tree", rulecheck(&route).stdout);
}
