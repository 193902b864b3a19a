//! The pack authors' workflow: `rulecheck test`, `validate`, `explain`, `packs` and `schema`.

mod common;

use std::fs;
use std::path::Path;

use common::{Run, pack_copy, repo, rulecheck, rulecheck_in, scratch};

fn test_in(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["test"];
    all.extend(args);
    rulecheck_in(dir, &all, None)
}

#[test]
fn shipped_packs_pass_their_strict_self_tests() {
    let run = rulecheck(&["test", "--strict"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("ok   fixture complete"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with(" passed, 0 failed\n"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("untested"), "{}", run.stdout);
}

#[test]
fn a_broken_keyword_fails_a_case_with_a_diff_naming_the_rule() {
    let dir = pack_copy("broken-keyword", |pack| {
        pack.replace(
            r#"keywords = ["metrics", "accuracy""#,
            r#"keywords = ["metricz", "accuracy""#,
        )
    });
    let run = test_in(&dir, &["registermodel.toml"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("FAIL example model_metrics #2 (stays quiet)")
            && run
                .stdout
                .contains("- expected `model_metrics` to stay quiet")
            && run.stdout.contains("+ INFO missing_model_metrics"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_fixture_that_disagrees_shows_expected_and_actual_lines() {
    let dir = pack_copy("broken-fixture", |pack| {
        pack.replace(
            r#""_create_model_package", "ModelPackage", "register""#,
            r#""_build_model_package""#,
        )
    });
    let run = test_in(&dir, &["registermodel.toml"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("FAIL fixture complete")
            && run.stdout.contains(
                "+ cursus/steps/builders/builder_churn_registration_step.py: ERROR \
                 missing_model_package_creation_method [builder/model_package_creation_method]"
            ),
        "{}",
        run.stdout
    );
}

#[test]
fn update_rewrites_expectations_and_a_missing_file_says_how_to_create_it() {
    let dir = pack_copy("update", |pack| pack);
    let expected = dir.join("tests/registermodel/missing_companions/expected.txt");
    fs::remove_file(&expected).expect("fixture file exists");
    let run = test_in(&dir, &["registermodel.toml"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("run `rulecheck test --update`"),
        "{}",
        run.stdout
    );
    let run = test_in(&dir, &["--update", "registermodel.toml"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains("updated "), "{}", run.stdout);
    let written = fs::read_to_string(&expected).expect("update wrote it");
    let shipped = fs::read_to_string(
        repo().join("rules/tests/registermodel/missing_companions/expected.txt"),
    )
    .expect("shipped expectation exists");
    assert_eq!(written, shipped);
    assert_eq!(test_in(&dir, &["--strict", "registermodel.toml"]).code, 0);
}

#[test]
fn a_rule_without_cases_is_untested_and_strict_fails() {
    let dir = pack_copy("untested", |pack| {
        let rule = pack
            .find("id = \"tag_value_length\"")
            .expect("the tag value rule");
        let cut = pack[rule..]
            .find("\n[[rule.examples]]")
            .map(|e| rule + e)
            .expect("its first example");
        let end = pack[cut..]
            .find("\n[[rule]]")
            .map_or(pack.len(), |e| cut + e);
        format!("{}{}", &pack[..cut], &pack[end..])
    });
    let relaxed = test_in(&dir, &["registermodel.toml"]);
    assert_eq!(relaxed.code, 0, "{}", relaxed.stdout);
    assert!(
        relaxed
            .stdout
            .contains("warn untested: `tag_value_length` (no case where it fires)"),
        "{}",
        relaxed.stdout
    );
    let strict = test_in(&dir, &["--strict", "registermodel.toml"]);
    assert_eq!(strict.code, 1);
    assert!(
        strict.stdout.contains("FAIL untested: `tag_value_length`"),
        "{}",
        strict.stdout
    );
}

#[test]
fn examples_on_rules_that_read_other_files_are_rejected() {
    let dir = pack_copy("example-on-path-rule", |pack| {
        pack.replace(
            "dependencies and outputs.\"\n",
            "dependencies and outputs.\"\n\n[[rule.examples]]\nfires = true\ncode = \"x = 1\"\n",
        )
    });
    let run = test_in(&dir, &["registermodel.toml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("inline examples cannot test it")
            && run.stderr.contains("registermodel.toml:"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_committed_schema_is_the_generated_one() {
    let run = rulecheck(&["schema"]);
    assert_eq!(run.code, 0);
    let committed =
        fs::read_to_string(repo().join("rules/rulepack.schema.json")).expect("schema is committed");
    assert!(
        committed == run.stdout,
        "rules/rulepack.schema.json is stale: regenerate it with `cargo run -- schema > rules/rulepack.schema.json`"
    );
    let pack = fs::read_to_string(repo().join("rules/registermodel.toml")).expect("pack exists");
    assert!(
        pack.starts_with("#:schema ./rulepack.schema.json\n"),
        "editors find the schema"
    );
}

#[test]
fn explain_describes_a_pack_and_a_rule() {
    let run = rulecheck(&["explain", "registermodel"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    snapshot!("explain_registermodel", run.stdout);
    let run = rulecheck(&["explain", "registermodel:approval_status"]);
    snapshot!("explain_registermodel_approval_status", run.stdout);
    let run = rulecheck(&["explain", "registermodel:nope"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("has no rule or category `nope`")
            && run.stderr.contains("approval_status_value"),
        "{}",
        run.stderr
    );
}

#[test]
fn explain_shows_templates_as_findings_show_them_with_single_braces() {
    let dir = scratch("explain-braces");
    fs::write(
        dir.join("braces.toml"),
        r#"[pack]
name = "braces"
step_type = "T"
source = "TEnhancer"
version = "1"
levels = ["one"]

[[rule]]
id = "config_dict"
kind = "require"
level = "one"
category = "missing_config"
severity = "INFO"
keywords = ["config"]
details = { expected = "{{\"config\": ...}} in {script}" }
message = "{script} passes no {{\"config\": ...}}"
recommendation = "Pass config={{\"owner\": \"team\"}} to the call."

[[rule]]
id = "spec"
kind = "path"
level = "one"
category = "missing_spec"
severity = "INFO"
paths = ["specs/{{{script}}}.py"]
message = "no spec"
recommendation = "add {path}"
"#,
    )
    .expect("scratch is writable");
    fs::write(dir.join("job.py"), "x = 1\n").expect("scratch is writable");
    let explained = rulecheck_in(&dir, &["explain", "braces.toml"], None);
    assert_eq!(explained.code, 0, "{}", explained.stderr);
    snapshot!("explain_single_braces", explained.stdout);
    // As a finding shows the same message.
    let run = rulecheck_in(&dir, &["--pack", "braces.toml", "job.py"], None);
    assert!(
        run.stdout.contains("job.py passes no {\"config\": ...}"),
        "{}",
        run.stdout
    );
}

#[test]
fn explain_takes_the_category_the_report_shows_in_brackets() {
    // `warning[missing_model_metadata]` in a report: the category, explained as its rule.
    let by_category = rulecheck(&["explain", "registermodel:missing_model_metadata"]);
    assert_eq!(by_category.code, 0, "{}", by_category.stderr);
    let by_id = rulecheck(&["explain", "registermodel:model_metadata"]);
    assert!(
        by_category.stdout.starts_with(
            "category `missing_model_metadata` of pack `registermodel` is reported by \
             `model_metadata`\n\n"
        ),
        "{}",
        by_category.stdout
    );
    assert!(by_category.stdout.ends_with(&by_id.stdout));
    // A category several rules report: each of them.
    let shared = rulecheck(&["explain", "processing:missing_framework_dependency"]);
    for id in [
        "requirements_file",
        "dependency_pandas",
        "declared_framework_dependency",
    ] {
        assert!(
            shared.stdout.contains(&format!("  {id} — ")),
            "{}",
            shared.stdout
        );
    }
    // A misspelt category gets a did-you-mean.
    let typo = rulecheck(&["explain", "registermodel:missing_model_metdata"]);
    assert_eq!(typo.code, 2);
    assert!(
        typo.stderr
            .contains("did you mean `missing_model_metadata`?"),
        "{}",
        typo.stderr
    );
}

#[test]
fn packs_lists_every_pack_with_its_origin_and_shadowing() {
    let run = rulecheck(&["packs"]);
    assert_eq!(run.code, 0);
    snapshot!("packs_text", run.stdout);
    let run = rulecheck(&["packs", "--format", "json"]);
    snapshot!("packs_json", run.stdout);
    // Elsewhere only the built-in pack is found.
    let elsewhere = rulecheck_in(&scratch("packs-elsewhere"), &["packs"], None);
    assert!(
        elsewhere.stdout.contains("built in\n") && !elsewhere.stdout.contains("shadowed"),
        "{}",
        elsewhere.stdout
    );
}

#[test]
fn validate_accepts_the_shipped_pack_and_points_warnings_at_keys() {
    let run = rulecheck(&["validate", "rules/registermodel.toml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "rules/registermodel.toml: pack `registermodel` loads: 13 rules in 4 levels, 0 warnings\n"
    );
}
