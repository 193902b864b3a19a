//! Project configuration: `rulecheck.toml` or `[tool.rulecheck]` in `pyproject.toml`, found from
//! nested folders, named with `--config`, ignored with `--isolated`; flags override it; paths
//! resolve against its folder; `per-file-ignores`; errors at the key; `rulecheck config`.

mod common;

use std::fs;
use std::path::PathBuf;

use common::{Run, json, repo, rulecheck_in, scratch};
use serde_json::Value;

const FIXTURES: &str = "tests/fixtures/config";

fn dir(relative: &str) -> PathBuf {
    repo().join(FIXTURES).join(relative)
}

fn run_in(relative: &str, args: &[&str]) -> Run {
    rulecheck_in(&dir(relative), args, None)
}

/// The `key = value` line of `rulecheck config` for `key` (or its `# key:` comment).
fn setting<'a>(run: &'a Run, key: &str) -> &'a str {
    run.stdout
        .lines()
        .find(|l| l.starts_with(&format!("{key} = ")) || l.starts_with(&format!("# {key}:")))
        .unwrap_or_else(|| panic!("no `{key}` in:\n{}", run.stdout))
}

fn categories(result: &Value, key: &str) -> Vec<String> {
    result[key]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["category"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn config_is_found_from_a_nested_folder() {
    let run = run_in("project/scripts/nested", &["config"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("# configuration file: ../../rulecheck.toml\n"),
        "{}",
        run.stdout
    );
    assert!(setting(&run, "pack").ends_with("# ../../rulecheck.toml"));
    assert!(setting(&run, "fail-on").starts_with("fail-on = \"warning\""));
}

#[test]
fn the_found_config_drives_a_check_from_a_nested_folder() {
    // pack, levels and fail-on come from the file: the INFO finding does not fail the run.
    let run = run_in(
        "project/scripts/nested",
        &["--format", "json", "churn_register.py"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = json(&run);
    let result = &doc["results"][0];
    assert_eq!(result["pack"], "registermodel");
    assert_eq!(
        result["levels_run"],
        serde_json::json!(["metadata", "approval"])
    );
    assert_eq!(
        categories(result, "additional_issues"),
        ["missing_model_metrics"]
    );
}

#[test]
fn relative_paths_in_the_config_resolve_against_its_folder() {
    let run = run_in("project/scripts/nested", &["config"]);
    assert!(
        setting(&run, "root").starts_with("root = \"../..\""),
        "{}",
        run.stdout
    );
    // The specification exists under the configured root, not under the working directory.
    let found = run_in(
        "project/scripts/nested",
        &[
            "--levels",
            "package",
            "--format",
            "json",
            "churn_register.py",
        ],
    );
    assert_eq!(
        categories(&json(&found)["results"][0], "additional_issues"),
        Vec::<String>::new(),
        "{}",
        found.stderr
    );
    let isolated = run_in(
        "project/scripts/nested",
        &[
            "--isolated",
            "--pack",
            "registermodel",
            "--levels",
            "package",
            "--format",
            "json",
            "churn_register.py",
        ],
    );
    assert_eq!(
        categories(&json(&isolated)["results"][0], "additional_issues"),
        ["missing_registration_specification"]
    );
}

#[test]
fn a_pyproject_without_the_table_is_passed_over() {
    let run = run_in("project/sub", &["config"]);
    assert!(
        run.stdout
            .starts_with("# configuration file: ../rulecheck.toml\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_tool_rulecheck_table_of_pyproject_is_read() {
    let run = run_in("pyproject/scripts", &["churn_register.py"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = json(&run);
    assert_eq!(
        doc["results"][0]["levels_run"],
        serde_json::json!(["metadata"])
    );
    let shown = run_in("pyproject/scripts", &["config"]);
    assert!(
        setting(&shown, "levels").ends_with("# ../pyproject.toml"),
        "{}",
        shown.stdout
    );
}

#[test]
fn rulecheck_toml_wins_over_pyproject_in_one_folder() {
    let run = run_in("both", &["config"]);
    assert!(
        run.stdout
            .starts_with("# configuration file: rulecheck.toml\n"),
        "{}",
        run.stdout
    );
    assert!(setting(&run, "fail-on").starts_with("fail-on = \"never\""));
}

#[test]
fn config_flag_names_the_file_and_isolated_reads_none() {
    let named = run_in(
        "plain",
        &["config", "--config", "../project/rulecheck.toml"],
    );
    assert!(
        named
            .stdout
            .starts_with("# configuration file: ../project/rulecheck.toml\n"),
        "{}",
        named.stdout
    );
    assert!(setting(&named, "root").starts_with("root = \"../project\""));
    let pyproject = run_in("plain", &["config", "--config", "../both/pyproject.toml"]);
    assert!(setting(&pyproject, "fail-on").starts_with("fail-on = \"info\""));
    let isolated = run_in("project/scripts/nested", &["config", "--isolated"]);
    assert!(
        isolated.stdout.starts_with("# configuration file: none\n"),
        "{}",
        isolated.stdout
    );
    assert!(setting(&isolated, "fail-on").ends_with("# default"));
}

#[test]
fn isolated_checks_with_the_defaults() {
    let run = run_in(
        "project/scripts/nested",
        &["--isolated", "--format", "json", "churn_register.py"],
    );
    let result = &json(&run)["results"][0];
    assert_eq!(
        result["levels_run"], result["validation_levels"],
        "every level runs without the file's `levels`"
    );
}

#[test]
fn command_line_flags_override_the_config() {
    let run = run_in(
        "project/scripts/nested",
        &[
            "config",
            "--fail-on",
            "info",
            "--format",
            "sarif",
            "-j",
            "3",
        ],
    );
    assert!(setting(&run, "fail-on").starts_with("fail-on = \"info\""));
    assert!(setting(&run, "fail-on").ends_with("# command line"));
    assert!(setting(&run, "format").ends_with("# command line"));
    assert!(setting(&run, "jobs").starts_with("jobs = 3"));
    // And the check obeys: the INFO finding now fails.
    let failing = run_in(
        "project/scripts/nested",
        &["--fail-on", "info", "churn_register.py"],
    );
    assert_eq!(failing.code, 1, "{}", failing.stdout);
}

#[test]
fn per_file_ignores_suppress_findings_of_matching_files_only() {
    let run = run_in("project", &["--format", "json", "legacy", "scripts"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let doc = json(&run);
    let legacy = &doc["results"][0];
    assert_eq!(legacy["path"], "legacy/old_register.py");
    assert_eq!(
        categories(legacy, "additional_issues"),
        Vec::<String>::new()
    );
    let suppressed = legacy["suppressed"].as_array().expect("a list");
    assert_eq!(suppressed.len(), 2, "{suppressed:?}");
    assert_eq!(suppressed[0]["kind"], "per-file-ignores");
    assert_eq!(suppressed[0]["file"], "rulecheck.toml");
    assert_eq!(suppressed[0]["line"], 8);
    assert_eq!(
        suppressed[0]["reason"],
        "per-file-ignores `legacy/**` in rulecheck.toml"
    );
    let nested = &doc["results"][1];
    assert_eq!(
        categories(nested, "additional_issues"),
        ["missing_model_metrics"]
    );
    // Without the configuration, the legacy script's ERROR fails the run.
    let isolated = run_in(
        "project",
        &["--isolated", "--pack", "registermodel", "legacy"],
    );
    assert_eq!(isolated.code, 1, "{}", isolated.stdout);
}

#[test]
fn rulecheck_config_prints_each_setting_and_its_source() {
    let run = run_in(
        "project/scripts/nested",
        &["config", "--format", "github", "--exclude", "build"],
    );
    snapshot!("config_show", run.stdout);
}

/// Runs `rulecheck config` over a scratch `rulecheck.toml` holding `text`.
fn config_error(name: &str, text: &str) -> Run {
    let dir = scratch(name);
    fs::write(dir.join("rulecheck.toml"), text).expect("scratch is writable");
    let run = rulecheck_in(&dir, &["config"], None);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert_eq!(run.stdout, "", "errors print nothing on stdout");
    run
}

#[test]
fn a_misspelt_key_is_an_error_at_the_key_with_a_did_you_mean() {
    let run = config_error(
        "config-typo",
        "pack = \"registermodel\"\nfial-on = \"warning\"\n",
    );
    assert!(
        run.stderr.contains("--> rulecheck.toml:2:1"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `fail-on`?"),
        "{}",
        run.stderr
    );
    snapshot!("config_error_unknown_key", run.stderr);
}

#[test]
fn a_value_of_the_wrong_type_is_an_error_at_the_value() {
    let run = config_error("config-type", "jobs = \"four\"\n");
    snapshot!("config_error_wrong_type", run.stderr);
}

#[test]
fn a_bad_value_is_an_error_with_a_did_you_mean() {
    let run = config_error("config-value", "\nfail-on = \"warnings\"\n");
    assert!(
        run.stderr.contains("--> rulecheck.toml:2:11"),
        "{}",
        run.stderr
    );
    snapshot!("config_error_bad_value", run.stderr);
}

#[test]
fn a_misspelt_level_in_the_config_is_an_error_at_its_string_with_a_did_you_mean() {
    let dir = scratch("config-level");
    fs::write(
        dir.join("rulecheck.toml"),
        "pack = \"registermodel\"\nlevels = [\"approval\", \"metdata\"]\n",
    )
    .expect("scratch is writable");
    fs::write(dir.join("churn_register.py"), "x = 1\n").expect("scratch is writable");
    let run = rulecheck_in(&dir, &["churn_register.py"], None);
    assert_eq!((run.code, run.stdout.as_str()), (2, ""), "{}", run.stderr);
    assert!(
        run.stderr.contains("--> rulecheck.toml:2:23"),
        "{}",
        run.stderr
    );
    snapshot!("config_error_unknown_level", run.stderr);
    // In [tool.rulecheck], as one comma-separated string: at that string.
    let project = scratch("config-level-pyproject");
    fs::write(
        project.join("pyproject.toml"),
        "[project]\nname = \"x\"\n\n[tool.rulecheck]\npack = \"registermodel\"\nlevels = \"approval,metdata\"\n",
    )
    .expect("scratch is writable");
    fs::write(project.join("churn_register.py"), "x = 1\n").expect("scratch is writable");
    let run = rulecheck_in(&project, &["churn_register.py"], None);
    assert!(
        run.stderr.contains("--> pyproject.toml:6:10") && run.stderr.contains("`metadata`"),
        "{}",
        run.stderr
    );
    // The flag overrides the file: its own error, about the flag, with no file to point at.
    let flag = rulecheck_in(&dir, &["--levels", "approvl", "churn_register.py"], None);
    assert_eq!(flag.code, 2);
    assert!(
        flag.stderr
            .contains("pack `registermodel` has no level `approvl`")
            && flag.stderr.contains("--levels takes some of")
            && !flag.stderr.contains("rulecheck.toml"),
        "{}",
        flag.stderr
    );
}

#[test]
fn bad_per_file_ignores_are_errors_at_the_entry() {
    let glob = config_error(
        "config-glob",
        "[per-file-ignores]\n\"legacy/[**\" = [\"x\"]\n",
    );
    assert!(
        glob.stderr.contains("rulecheck.toml:2:1"),
        "{}",
        glob.stderr
    );
    let ids = config_error("config-ids", "[per-file-ignores]\n\"legacy/**\" = [1]\n");
    assert!(ids.stderr.contains("rulecheck.toml:2:16"), "{}", ids.stderr);
}

#[test]
fn a_config_error_stops_a_check_with_exit_2() {
    let dir = scratch("config-check");
    fs::write(dir.join("rulecheck.toml"), "format = 1\n").expect("scratch is writable");
    let run = rulecheck_in(&dir, &["x_register.py"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`format` must be a string"),
        "{}",
        run.stderr
    );
    // --isolated ignores the broken file.
    let isolated = rulecheck_in(&dir, &["config", "--isolated"], None);
    assert_eq!(isolated.code, 0, "{}", isolated.stderr);
}

#[test]
fn route_follows_the_configuration_like_check() {
    // The file's `pack` routes every named file to registermodel; --isolated routes by name.
    let run = run_in("project/scripts/nested", &["route", "churn_register.py"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("registermodel"), "{}", run.stdout);
    let dir = scratch("route-config");
    fs::write(
        dir.join("rulecheck.toml"),
        "exclude = [\"skipped_register.py\"]\n",
    )
    .expect("scratch is writable");
    fs::write(dir.join("skipped_register.py"), "x = 1\n").expect("scratch is writable");
    fs::write(dir.join("kept_register.py"), "x = 1\n").expect("scratch is writable");
    let routed = rulecheck_in(&dir, &["route", "."], None);
    assert!(
        routed.stdout.contains("kept_register.py"),
        "{}",
        routed.stdout
    );
    assert!(
        !routed.stdout.contains("skipped_register.py"),
        "{}",
        routed.stdout
    );
    let isolated = rulecheck_in(&dir, &["route", "--isolated", "."], None);
    assert!(
        isolated.stdout.contains("skipped_register.py"),
        "{}",
        isolated.stdout
    );
}

#[test]
fn per_file_ignores_and_suppressions_apply_to_standard_input() {
    let code = fs::read(dir("project/legacy/old_register.py")).expect("fixture exists");
    let run = rulecheck_in(
        &dir("project"),
        &[
            "--format",
            "json",
            "--stdin-filename",
            "legacy/piped_register.py",
            "-",
        ],
        Some(&code),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let result = &json(&run)["results"][0];
    assert_eq!(
        categories(result, "additional_issues"),
        Vec::<String>::new()
    );
    assert_eq!(result["suppressed"].as_array().map(Vec::len), Some(2));
}

#[test]
fn the_readme_configuration_example_loads_with_every_key() {
    let readme = fs::read_to_string(repo().join("README.md")).expect("README exists");
    let (_, after) = readme
        .split_once("```toml\n# rulecheck.toml")
        .expect("the README shows a rulecheck.toml");
    let (example, _) = after.split_once("```").expect("the block ends");
    let dir = scratch("readme-config");
    fs::write(
        dir.join("rulecheck.toml"),
        format!("# rulecheck.toml{example}"),
    )
    .expect("scratch is writable");
    let run = rulecheck_in(&dir, &["config"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let from_file = run
        .stdout
        .lines()
        .filter(|l| l.ends_with("# rulecheck.toml"))
        .count();
    assert_eq!(
        from_file, 11,
        "every key but per-file-ignores is set:\n{}",
        run.stdout
    );
    assert!(run.stdout.contains("[per-file-ignores]"), "{}", run.stdout);
}

#[test]
fn a_misspelt_id_in_per_file_ignores_is_a_notice_with_a_did_you_mean() {
    let dir = scratch("config-ignore-typo");
    fs::write(
        dir.join("rulecheck.toml"),
        "[per-file-ignores]\n\"legacy/**\" = [\"missing_model_metrics\", \"missing_model_metdata\"]\n",
    )
    .expect("scratch is writable");
    fs::create_dir_all(dir.join("legacy")).expect("scratch is writable");
    fs::write(dir.join("legacy/old_register.py"), "import sagemaker\n").expect("writable");
    let run = rulecheck_in(&dir, &["check", "."], None);
    assert_ne!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "note: rulecheck.toml:2: per-file-ignores `legacy/**` names `missing_model_metdata`, \
             which is no rule id or category of any pack, so it ignores nothing; did you mean \
             `missing_model_metadata`?"
        ),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("`missing_model_metrics`, which"),
        "a known id is quiet: {}",
        run.stdout
    );
}
