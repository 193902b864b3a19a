//! `--statistics`: counts per rule instead of the issues, as text or JSON, most frequent first,
//! with the exit code `--fail-on` gives; the formats without statistics are refused.

mod common;

use std::fs;

use common::{json, registermodel, rulecheck_in, scratch};
use serde_json::Value;

const ROOT: &str = "tests/fixtures/suppressions";
const CHURN: &str = "tests/fixtures/suppressions/scripts/churn_register.py";
const FRAUD: &str = "tests/fixtures/suppressions/scripts/fraud_registration.py";

#[test]
fn statistics_text_snapshot() {
    let run = registermodel(&["--statistics", "--root", ROOT, CHURN, FRAUD]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    snapshot!("statistics_suppressions", run.stdout);
}

#[test]
fn statistics_json_counts_every_reported_issue_once_most_frequent_first() {
    let stats = json(&registermodel(&[
        "--statistics",
        "--format",
        "json",
        "--root",
        ROOT,
        CHURN,
        FRAUD,
    ]));
    let report = json(&registermodel(&[
        "--format", "json", "--root", ROOT, CHURN, FRAUD,
    ]));
    let rows = stats.as_array().cloned().unwrap_or_default();
    let counts: Vec<u64> = rows.iter().filter_map(|r| r["count"].as_u64()).collect();
    assert_eq!(counts.len(), rows.len(), "{stats:#}");
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    assert_eq!(
        counts.iter().sum::<u64>(),
        report["summary"]["total_issues"]
            .as_u64()
            .unwrap_or_default(),
        "{stats:#}\n{report:#}"
    );
    let approval = rows
        .iter()
        .find(|r| r["rule"] == "approval_status_value")
        .cloned()
        .unwrap_or(Value::Null);
    assert_eq!(approval["pack"], "registermodel");
    assert_eq!(approval["category"], "invalid_approval_status");
    assert_eq!(approval["severity"], "ERROR");
    assert_eq!(approval["fixable"], 1, "its fix is safe: {approval:#}");
    assert_eq!(approval["unsafe_fixable"], 0);
}

#[test]
fn statistics_exit_as_fail_on_says() {
    for (fail_on, code) in [("error", 1), ("never", 0)] {
        let run = registermodel(&["--statistics", "--fail-on", fail_on, "--root", ROOT, FRAUD]);
        assert_eq!(run.code, code, "--fail-on {fail_on}: {}", run.stderr);
    }
    let run = registermodel(&[
        "--statistics",
        "--levels",
        "metadata",
        "--root",
        ROOT,
        FRAUD,
    ]);
    assert_eq!(run.code, 0, "only INFO and WARNING issues: {}", run.stdout);
}

#[test]
fn statistics_refuse_a_format_without_statistics_naming_who_asked_for_it() {
    let run = registermodel(&["--statistics", "--format", "sarif", "--root", ROOT, FRAUD]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stdout.is_empty(), "nothing is written: {}", run.stdout);
    assert!(
        run.stderr
            .contains("--statistics prints text or JSON, and --format asks for sarif")
            && run.stderr.contains("use --format text or --format json"),
        "{}",
        run.stderr
    );
    let dir = scratch("statistics-config-format");
    fs::write(dir.join("rulecheck.toml"), "format = \"junit\"\n").expect("scratch is writable");
    fs::write(dir.join("churn_register.py"), "import sagemaker\n").expect("scratch is writable");
    let run = rulecheck_in(
        &dir,
        &[
            "--statistics",
            "--pack",
            "registermodel",
            "churn_register.py",
        ],
        None,
    );
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("the configuration file's `format` asks for junit"),
        "{}",
        run.stderr
    );
    let run = registermodel(&["--statistics", "--diff", FRAUD]);
    assert_eq!(
        run.code, 2,
        "--diff prints diffs, not statistics: {}",
        run.stderr
    );
}
