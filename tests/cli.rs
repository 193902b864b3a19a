//! Command-line behaviour: pack resolution, stdin, levels, --existing, exit codes and errors.

mod common;

use std::fs;

use common::{Run, json, registermodel, repo, rulecheck, rulecheck_in, scratch};
use serde_json::{Value, json};

const BARE: &str = "tests/fixtures/registermodel/bare/xgboost_model_registration.py";
const PIPELINE: &str = "tests/fixtures/registermodel/pipeline";

fn categories(result: &Value) -> Vec<&str> {
    result["additional_issues"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["category"].as_str())
        .collect()
}

/// Asserts an error run: exit 2, nothing on stdout, and stderr containing every `needle`.
fn assert_error(run: &Run, needles: &[&str]) {
    assert_eq!(
        run.code, 2,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    assert_eq!(run.stdout, "", "errors print nothing on stdout");
    for needle in needles {
        assert!(
            run.stderr.contains(needle),
            "`{needle}` not in: {}",
            run.stderr
        );
    }
}

#[test]
fn existing_results_get_the_new_issues_appended_and_counted() {
    let run = registermodel(&[
        "--format",
        "json",
        "--existing",
        "tests/fixtures/existing/results.json",
        "--levels",
        "metadata",
        BARE,
    ]);
    let enhanced = &json(&run)["results"][0]["enhanced_results"];
    assert_eq!(
        enhanced["script_analysis"],
        json!({"functions": []}),
        "other keys are kept"
    );
    let issues: Vec<&str> = enhanced["issues"]
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|i| i["category"].as_str())
        .collect();
    assert_eq!(
        issues,
        [
            "script_contract_mismatch",
            "missing_model_metadata",
            "missing_model_metrics"
        ]
    );
    assert_eq!(
        enhanced["summary"],
        json!({"total_issues": 3, "error_count": 1, "warning_count": 1, "info_count": 1})
    );
}

#[test]
fn existing_results_that_are_not_results_are_an_error() {
    let run = registermodel(&[
        "--existing",
        "tests/fixtures/existing/not_an_object.json",
        BARE,
    ]);
    assert_error(&run, &["not_an_object.json", "a list, not an object"]);
    let run = registermodel(&[
        "--existing",
        "tests/fixtures/existing/bad_counter.json",
        BARE,
    ]);
    assert_error(&run, &["summary.total_issues", "not an integer"]);
}

#[test]
fn stdin_with_a_file_name_is_checked_like_the_file() {
    let script = format!("{PIPELINE}/scripts/churn_register.py");
    let bytes = fs::read(repo().join(&script)).expect("fixture exists");
    let from_stdin = rulecheck_in(
        repo(),
        &[
            "--pack",
            "registermodel",
            "--root",
            PIPELINE,
            "--stdin-filename",
            &script,
            "-",
        ],
        Some(&bytes),
    );
    let from_file = registermodel(&["--root", PIPELINE, &script]);
    assert_eq!(from_stdin.code, 1);
    assert_eq!(from_stdin.stdout, from_file.stdout);
}

#[test]
fn stdin_without_a_file_name_is_a_usage_error() {
    let run = rulecheck_in(repo(), &["--pack", "registermodel", "-"], Some(b"x = 1\n"));
    assert_error(&run, &["--stdin-filename"]);
    let run = registermodel(&["--stdin-filename", "a.py", BARE]);
    assert_error(&run, &["no path is `-`"]);
}

#[test]
fn levels_run_only_the_named_levels() {
    let run = registermodel(&[
        "--format",
        "json",
        "--levels",
        "approval,package",
        "--root",
        "tests/fixtures/registermodel/bare",
        BARE,
    ]);
    let result = &json(&run)["results"][0];
    assert_eq!(
        categories(result),
        [
            "missing_approval_status",
            "missing_registration_specification"
        ]
    );
    assert_eq!(result["levels_run"], json!(["approval", "package"]));
    assert_eq!(
        result["validation_levels"],
        json!(["metadata", "approval", "package", "builder"])
    );
}

#[test]
fn a_level_the_pack_lacks_is_a_usage_error_listing_the_levels() {
    let run = registermodel(&["--levels", "metadata,aproval", BARE]);
    assert_error(
        &run,
        &["no level `aproval`", "metadata,approval,package,builder"],
    );
}

#[test]
fn fail_on_sets_the_least_severity_that_exits_one() {
    // The bare script has WARNING and INFO issues and no ERROR.
    let code = |fail_on: &str| registermodel(&["--fail-on", fail_on, BARE]).code;
    assert_eq!(code("error"), 0);
    assert_eq!(code("warning"), 1);
    assert_eq!(code("info"), 1);
    assert_eq!(code("never"), 0);
    let clean = registermodel(&[
        "--fail-on",
        "info",
        "--root",
        "rules/tests/registermodel/complete",
        "rules/tests/registermodel/complete/churn_registration.py",
    ]);
    assert_eq!(clean.code, 0);
}

#[test]
fn a_missing_script_is_an_error_naming_the_path_and_the_reason() {
    let run = registermodel(&[BARE, "scripts/nowhere_registration.py"]);
    assert_error(
        &run,
        &[
            "scripts/nowhere_registration.py",
            "No such file or directory",
        ],
    );
}

#[test]
fn a_non_utf8_script_is_still_checked_with_a_notice() {
    let run = registermodel(&[
        "--format",
        "json",
        "--levels",
        "metadata,approval",
        "tests/fixtures/non_utf8/latin1_registration.py",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let result = &json(&run)["results"][0];
    assert_eq!(categories(result), Vec::<&str>::new());
    let evidence = &result["patterns"]["model_metadata"];
    assert_eq!(evidence["keyword"], "description");
    // `description=` after `title="Modèle", `, where the latin-1 byte counts as one column: the
    // file was parsed (the keyword counts only as a call argument) with offsets intact.
    assert_eq!(evidence["location"]["line"], 5);
    assert_eq!(evidence["location"]["column"], 43);
    assert!(
        result["notices"][0]
            .as_str()
            .is_some_and(|n| n.contains("not valid UTF-8"))
    );
}

#[test]
fn an_edited_copy_of_a_pack_changes_the_output_without_a_rebuild() {
    let dir = scratch("edited-pack");
    let pack = fs::read_to_string(repo().join("rules/registermodel.toml")).expect("pack exists");
    let edited = pack.replace("\"missing_model_metadata\"", "\"model_metadata_absent\"");
    assert_ne!(pack, edited);
    let file = dir.join("registermodel.toml");
    fs::write(&file, edited).expect("scratch is writable");
    let by_file = rulecheck(&[
        "--pack",
        file.to_str().expect("utf-8 path"),
        "--levels",
        "metadata",
        BARE,
    ]);
    assert!(
        by_file.stdout.contains("warning[model_metadata_absent]"),
        "{}",
        by_file.stdout
    );
    // A --pack-dir pack shadows the built-in pack of the same name.
    let by_dir = registermodel(&[
        "--pack-dir",
        dir.to_str().expect("utf-8 path"),
        "--levels",
        "metadata",
        BARE,
    ]);
    assert_eq!(by_dir.stdout, by_file.stdout);
}

#[test]
fn the_built_in_pack_works_from_any_directory() {
    let dir = scratch("elsewhere");
    let script = dir.join("churn_register.py");
    fs::write(&script, "description = 'x'\n").expect("scratch is writable");
    let run = rulecheck_in(
        &dir,
        &[
            "--pack",
            "registermodel",
            "--levels",
            "metadata",
            "churn_register.py",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("info[missing_model_metrics]"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_unknown_pack_name_lists_the_available_packs() {
    let run = rulecheck(&["--pack", "registermodle", BARE]);
    assert_error(
        &run,
        &[
            "no rule pack named `registermodle`",
            "registermodel",
            "--pack-dir",
        ],
    );
    let run = rulecheck(&["--pack", "nowhere/pack.toml", BARE]);
    assert_error(&run, &["nowhere/pack.toml", "No such file or directory"]);
}

#[test]
fn color_always_paints_severities_and_never_does_not() {
    let painted = registermodel(&["--color", "always", BARE]);
    assert!(
        painted
            .stdout
            .contains("\u{1b}[1;33mwarning[missing_model_metadata]\u{1b}[0m")
    );
    let plain = registermodel(&[BARE]);
    assert!(
        !plain.stdout.contains('\u{1b}'),
        "no colour when stdout is not a terminal"
    );
}

#[test]
fn the_readme_json_example_is_the_real_output() {
    let readme = fs::read_to_string(repo().join("README.md")).expect("README exists");
    let (_, after) = readme
        .split_once("`rulecheck --pack registermodel --root tests/fixtures/registermodel/pipeline --format json")
        .expect("the README shows the JSON example command");
    let command = after
        .lines()
        .next()
        .unwrap_or_default()
        .trim_end_matches('`');
    let (_, block) = after
        .split_once("```json\n")
        .expect("followed by a JSON block");
    let (shown, _) = block.split_once("```").expect("the block ends");
    let mut args = vec![
        "--pack",
        "registermodel",
        "--root",
        PIPELINE,
        "--format",
        "json",
    ];
    args.extend(command.split_whitespace());
    let run = rulecheck(&args);
    assert_eq!(run.stdout, shown);
}
