//! The report formats for CI: SARIF 2.1.0 (validated against the OASIS schema), GitHub Actions
//! annotations, and `--output-file` for every format; exit codes stay 0/1/2. GitLab's is in
//! `gitlab.rs`.

mod common;

use std::fs;

use clap::ValueEnum;
use common::{Run, registermodel, repo, rulecheck, rulecheck_in, sarif_violations, scratch};
use rulecheck::report::Format;
use serde_json::Value;

const ROOT: &str = "tests/fixtures/suppressions";
const CHURN: &str = "tests/fixtures/suppressions/scripts/churn_register.py";
const FRAUD: &str = "tests/fixtures/suppressions/scripts/fraud_registration.py";
const BARE: &str = "tests/fixtures/registermodel/bare/xgboost_model_registration.py";

fn sarif(args: &[&str]) -> (Run, Value) {
    let mut all = vec!["--format", "sarif"];
    all.extend(args);
    let run = rulecheck(&all);
    let doc = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", run.stdout, run.stderr));
    (run, doc)
}

#[test]
fn sarif_validates_against_the_oasis_schema() {
    let runs = [
        // Findings, suppressed findings and rulecheck's own suppression issues.
        sarif(&["--pack", "registermodel", "--root", ROOT, CHURN, FRAUD]),
        // Several packs routed by file name, file-level and line-level findings: the packs'
        // cases of the older layout, with companion files looked for from the top of them all.
        // (Walked whole, `rules/tests` holds interfaces, so it would be routed by them.)
        sarif(&[
            "--root",
            "rules/tests",
            "rules/tests/createmodel",
            "rules/tests/registermodel",
            "rules/tests/transform",
            "rules/tests/utility",
            "rules/tests/processing/real_layout",
            "rules/tests/training/xgboost_complete",
        ]),
        // An interface-first tree: findings in interfaces, related locations, an interface
        // that does not parse.
        sarif(&[
            "--root",
            "tests/fixtures/interface_first",
            "tests/fixtures/interface_first",
        ]),
        // Only a suppressed finding.
        sarif(&[
            "--pack",
            "registermodel",
            "--levels",
            "approval",
            "--root",
            ROOT,
            CHURN,
        ]),
        // Findings that carry fixes (`fixes[].artifactChanges[].replacements[]`).
        sarif(&[
            "--pack",
            "registermodel",
            "tests/fixtures/fixes/scripts/churn_registration.py",
        ]),
        // Walk notices (oversized files) as tool notifications.
        sarif(&[
            "--pack",
            "registermodel",
            "--max-file-size",
            "10",
            "tests/fixtures/registermodel/pipeline",
        ]),
        // Nothing at all.
        sarif(&[
            "--pack",
            "registermodel",
            "--root",
            "rules/tests/registermodel/complete",
            "rules/tests/registermodel/complete/churn_registration.py",
        ]),
    ];
    for (run, doc) in &runs {
        assert_ne!(run.code, 2, "{}", run.stderr);
        let broken = sarif_violations(doc);
        assert!(broken.is_empty(), "{}\n{}", broken.join("\n"), run.stdout);
    }
}

#[test]
fn the_schema_check_catches_a_broken_document() {
    let (_, mut doc) = sarif(&["--pack", "registermodel", BARE]);
    doc["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(
        !sarif_violations(&doc).is_empty(),
        "an unknown level is rejected"
    );
}

#[test]
fn sarif_names_the_tool_its_rules_and_maps_levels() {
    let (run, doc) = sarif(&["--pack", "registermodel", "--root", ROOT, CHURN, FRAUD]);
    assert_eq!(run.code, 1, "an ERROR still fails the run");
    let driver = &doc["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "rulecheck");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().expect("a list");
    let metrics = rules
        .iter()
        .find(|r| r["id"] == "model_metrics")
        .expect("every rule that ran is listed");
    assert_eq!(metrics["defaultConfiguration"]["level"], "note");
    assert!(
        metrics["help"]["text"]
            .as_str()
            .is_some_and(|h| !h.is_empty())
    );
    assert!(
        rules
            .iter()
            .any(|r| r["id"] == "rulecheck::unused_suppression")
    );
    let results = doc["runs"][0]["results"].as_array().expect("a list");
    let levels: Vec<(&str, &str)> = results
        .iter()
        .filter_map(|r| Some((r["ruleId"].as_str()?, r["level"].as_str()?)))
        .collect();
    assert!(levels.contains(&("approval_status_value", "error")));
    assert!(levels.contains(&("model_metrics", "note")));
    assert!(levels.contains(&("rulecheck::invalid_suppression", "warning")));
    let location = &results[0]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert!(
        location["artifactLocation"]["uri"]
            .as_str()
            .is_some_and(|u| u.starts_with("tests/fixtures/suppressions/scripts/")),
        "{location}"
    );
}

#[test]
fn sarif_includes_suppressed_findings_with_their_justification() {
    let (_, doc) = sarif(&["--pack", "registermodel", "--root", ROOT, CHURN]);
    let results = doc["runs"][0]["results"].as_array().expect("a list");
    let suppressed: Vec<&Value> = results
        .iter()
        .filter(|r| r.get("suppressions").is_some())
        .collect();
    assert_eq!(suppressed.len(), 3, "{results:?}");
    let approval = suppressed
        .iter()
        .find(|r| r["ruleId"] == "approval_status_value")
        .expect("the approval value is there");
    assert_eq!(
        approval["suppressions"],
        serde_json::json!([{
            "kind": "inSource",
            "justification": "the legacy value, migrated in the next release"
        }])
    );
    assert_eq!(
        approval["locations"][0]["physicalLocation"]["region"],
        serde_json::json!({"startLine": 11, "startColumn": 25, "endLine": 11, "endColumn": 42}),
        "the region spans the literal `\"PendingApproval\"`"
    );
}

#[test]
fn sarif_report_snapshot() {
    let (run, _) = sarif(&["--pack", "registermodel", "--root", ROOT, CHURN, FRAUD]);
    snapshot!("sarif_suppressions", run.stdout);
}

#[test]
fn github_annotations_snapshot() {
    let run = registermodel(&["--format", "github", "--root", ROOT, CHURN, FRAUD]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    snapshot!("github_suppressions", run.stdout);
}

#[test]
fn github_annotations_have_one_command_per_finding_with_line_only_where_there_is_one() {
    let run = registermodel(&["--format", "github", BARE]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(!lines.is_empty());
    assert!(lines.iter().all(|l| l.starts_with("::")), "{}", run.stdout);
    assert!(
        lines.contains(&"::notice file=tests/fixtures/registermodel/bare/xgboost_model_registration.py,title=model_metrics::xgboost_model_registration.py is named as a registration script but makes no registration call, so no performance metrics (metrics, accuracy, performance, evaluation) reach one"),
        "{}",
        run.stdout
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("::warning file=") && !l.contains(",line=")),
        "{}",
        run.stdout
    );
}

#[test]
fn github_escapes_messages_and_properties() {
    let dir = scratch("github-escape");
    fs::write(
        dir.join("a,b_register.py"),
        "import sagemaker\nstep = RegisterModel(description='d', model_metrics=m, approval_status='50%,\\nok')\n",
    )
    .expect("scratch is writable");
    let run = rulecheck_in(
        &dir,
        &[
            "--isolated",
            "--pack",
            "registermodel",
            "--levels",
            "approval",
            "--format",
            "github",
            "a,b_register.py",
        ],
        None,
    );
    assert_eq!(
        run.stdout,
        "::error file=a%2Cb_register.py,line=2,col=72,title=approval_status_value::approval_status is \"50%25,%0Aok\", which SageMaker does not accept as a model approval status\n"
    );
}

#[test]
fn output_file_writes_the_report_instead_of_stdout_in_every_format() {
    let dir = scratch("output-file");
    let formats = Format::value_variants()
        .iter()
        .filter_map(|f| f.to_possible_value())
        .map(|v| v.get_name().to_owned());
    for format in formats {
        let format = format.as_str();
        let args = ["--format", format, "--root", ROOT, CHURN, FRAUD];
        let printed = registermodel(&args);
        let file = dir.join(format!("report.{format}"));
        let file_arg = file.display().to_string();
        let mut with_file = args.to_vec();
        with_file.extend(["--output-file", file_arg.as_str()]);
        let written = registermodel(&with_file);
        assert_eq!(written.stdout, "", "{format}: nothing on stdout");
        assert_eq!(written.code, printed.code, "{format}: the same exit code");
        let content = fs::read_to_string(&file).expect("the report is written");
        assert_eq!(content, printed.stdout, "{format}: the same report");
    }
}

#[test]
fn an_output_file_that_cannot_be_written_is_an_error() {
    let run = registermodel(&["--output-file", "no/such/folder/report.txt", BARE]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("cannot write `no/such/folder/report.txt`"),
        "{}",
        run.stderr
    );
}

#[test]
fn sarif_uris_are_relative_to_the_working_directory_for_absolute_paths_too() {
    let absolute = repo().join(BARE).display().to_string();
    let (_, doc) = sarif(&["--pack", "registermodel", &absolute]);
    let location = &doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"],
        serde_json::json!({"uri": BARE, "uriBaseId": "%SRCROOT%"})
    );
}
