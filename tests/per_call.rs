//! `per = "call"` require rules: every call of the rule's call set must pass one of its keywords,
//! and each call that does not is a finding at the call — where a file-wide rule would be
//! satisfied by the one call that has it. The pack is a team's own (`tests/fixtures/approvals`),
//! tested with `rulecheck test --strict`.

mod common;

use std::fs;

use common::{json, repo, rulecheck, rulecheck_in, scratch};

const PACK: &str = "tests/fixtures/approvals/approvals.toml";
const REVIEW: &str = "tests/fixtures/approvals/tests/approvals/without_test/review_handler.py";

#[test]
fn the_approvals_pack_passes_its_strict_self_tests() {
    let run = rulecheck(&["test", "--strict", PACK]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    snapshot!("per_call_pack_self_test", run.stdout);
}

#[test]
fn each_call_without_the_keyword_is_a_finding_at_the_call() {
    let run = rulecheck(&[
        "--pack", PACK, "--levels", "calls", "--color", "never", REVIEW,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    snapshot!("per_call_finding_at_the_call", run.stdout);
    let report = json(&rulecheck(&[
        "--pack", PACK, "--levels", "calls", "--format", "json", REVIEW,
    ]));
    let pattern = &report["results"][0]["patterns"]["approval_description_per_call"];
    // Found (one call says why), as cursus reports a pattern; the other call is a violation.
    assert_eq!(pattern["status"], "found", "{pattern}");
    assert_eq!(pattern["checked"], 2, "{pattern}");
    assert_eq!(pattern["violations"], 1, "{pattern}");
}

#[test]
fn the_same_rule_per_file_is_satisfied_by_the_one_call_that_has_the_keyword() {
    let dir = scratch("per-file");
    let per_file = fs::read_to_string(repo().join(PACK))
        .expect("the pack exists")
        .replace("per = \"call\"\n", "");
    fs::write(dir.join("approvals.toml"), per_file).expect("scratch is writable");
    fs::copy(repo().join(REVIEW), dir.join("review_handler.py")).expect("scratch is writable");
    let run = rulecheck_in(
        &dir,
        &[
            "--pack",
            "approvals.toml",
            "--levels",
            "calls",
            "review_handler.py",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !run.stdout.contains("missing_approval_description"),
        "{}",
        run.stdout
    );
}

#[test]
fn explain_says_the_rule_counts_per_call() {
    let run = rulecheck(&["explain", &format!("{PACK}:approval_description_per_call")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("fires once per call that passes none of `ApprovalDescription`"),
        "{}",
        run.stdout
    );
}
