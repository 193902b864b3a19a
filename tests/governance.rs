//! A team's standards as pack data (`rules/examples/governance.toml`): value rules with
//! `required_items` require tag keys, customer metadata keys and a metrics statistics source in
//! each value that reaches a registration, with `part` and `constructors` reading inside
//! `ModelMetrics(model_statistics=MetricsSource(...))`; a finding per value that lacks items, at
//! the value, naming what it lacks. The pack is tested with `rulecheck test --strict`.

mod common;

use std::fs;

use common::{json, repo, rulecheck, rulecheck_in, scratch};

const PACK: &str = "rules/examples/governance.toml";
const ONE_TAG_MISSING: &str = "rules/examples/tests/governance/one_tag_missing/pipeline.py";

#[test]
fn the_governance_pack_passes_its_strict_self_tests() {
    let run = rulecheck(&["test", "--strict", PACK]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    snapshot!("governance_pack_self_test", run.stdout);
}

#[test]
fn a_call_whose_tags_lack_cost_center_gets_one_finding_naming_it_at_the_tags() {
    let args = ["--pack", PACK, "--levels", "tagging", ONE_TAG_MISSING];
    let run = rulecheck(&[&args[..], &["--color", "never"]].concat());
    assert_eq!(run.code, 1, "{}", run.stderr);
    snapshot!("governance_tags_lack_cost_center", run.stdout);

    let report = json(&rulecheck(&[&args[..], &["--format", "json"]].concat()));
    let issues = report["results"][0]["enhanced_results"]["issues"]
        .as_array()
        .expect("an issue list");
    assert_eq!(issues.len(), 1, "{issues:?}");
    let issue = &issues[0];
    assert_eq!(issue["rule"], "required_tags", "{issue}");
    assert_eq!(issue["details"]["missing"], "cost-center", "{issue}");
    assert!(
        issue["message"]
            .as_str()
            .is_some_and(|m| m.contains("cost-center")),
        "{issue}"
    );
    // At the second registration's tags list, not at the file.
    assert_eq!(issue["location"]["line"], 31, "{issue}");
    assert_eq!(issue["location"]["column"], 10, "{issue}");
    // Both registrations' tags were judged; the endpoint config's were not.
    let pattern = &report["results"][0]["patterns"]["required_tags"];
    assert_eq!(pattern["checked"], 2, "{pattern}");
    assert_eq!(pattern["violations"], 1, "{pattern}");
}

#[test]
fn every_missing_item_of_a_value_is_named_in_its_one_finding() {
    let dir = scratch("governance-two-missing");
    fs::write(
        dir.join("register.py"),
        "import boto3\n\nboto3.client(\"sagemaker\").create_model_package(\n    \
         ModelPackageGroupName=\"churn\",\n    Tags=[{\"Key\": \"team\", \"Value\": \"ml\"}],\n)\n",
    )
    .expect("scratch is writable");
    let pack = repo().join(PACK);
    let pack = pack.to_str().expect("the repository path is UTF-8");
    let run = rulecheck_in(
        &dir,
        &[
            "--pack",
            pack,
            "--levels",
            "tagging",
            "--format",
            "json",
            "register.py",
        ],
        None,
    );
    let report = json(&run);
    let issues = &report["results"][0]["enhanced_results"]["issues"];
    assert_eq!(issues.as_array().map(Vec::len), Some(1), "{issues}");
    assert_eq!(
        issues[0]["message"],
        "the model package's tags do not carry owner, cost-center"
    );
    assert_eq!(issues[0]["location"]["line"], 5, "{issues}");
}

#[test]
fn explain_describes_the_part_the_required_items_and_what_is_not_judged() {
    let run = rulecheck(&["explain", &format!("{PACK}:statistics_source")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    snapshot!("explain_governance_statistics_source", run.stdout);
}

#[test]
fn required_items_compare_case_exactly_unless_case_sensitive_is_false() {
    let dir = scratch("governance-case");
    fs::write(
        dir.join("register.py"),
        "import sagemaker\n\nmodel.register(tags=[{\"Key\": \"Owner\"}, {\"Key\": \"Cost-Center\"}])\n",
    )
    .expect("scratch is writable");
    let pack = fs::read_to_string(repo().join(PACK)).expect("the pack exists");
    let ignoring_case = pack.replacen(
        "field = \"Key\"\n",
        "field = \"Key\"\ncase_sensitive = false\n",
        1,
    );
    assert_ne!(pack, ignoring_case, "the pack has `field = \"Key\"`");
    fs::write(dir.join("exact.toml"), &pack).expect("scratch is writable");
    fs::write(dir.join("ignoring_case.toml"), ignoring_case).expect("scratch is writable");
    let missing = |pack: &str| {
        let args = ["--pack", pack, "--levels", "tagging", "--format", "json"];
        let report = json(&rulecheck_in(
            &dir,
            &[&args[..], &["register.py"]].concat(),
            None,
        ));
        let issues = report["results"][0]["enhanced_results"]["issues"].clone();
        let list = issues.as_array().cloned().unwrap_or_default();
        list.iter()
            .map(|i| i["details"]["missing"].to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(missing("exact.toml"), ["\"owner, cost-center\""]);
    assert!(missing("ignoring_case.toml").is_empty());
}
