//! Fixes: a value rule's did-you-mean replaces the literal (`fix` in the pack), `check --fix`
//! writes the safe ones and reports what remains, `--diff` shows them and writes nothing,
//! `--unsafe-fixes` opts into unsafe ones; the JSON report carries each finding's fix.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{Run, copy_tree, json, pack_copy, repo, rulecheck_in, scratch};

const SCRIPT: &str = "scripts/churn_registration.py";
const BROKEN: &str = "broken/broken_registration.py";

/// A scratch copy of `tests/fixtures/fixes`, for a test that may change its files.
fn tree(name: &str) -> PathBuf {
    let dir = scratch(name);
    copy_tree(&repo().join("tests/fixtures/fixes"), &dir);
    dir
}

/// `rulecheck --isolated --pack registermodel --levels approval ARGS` in `dir`.
fn approval(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec![
        "--isolated",
        "--pack",
        "registermodel",
        "--levels",
        "approval",
    ];
    all.extend(args);
    rulecheck_in(dir, &all, None)
}

fn read(dir: &Path, file: &str) -> Vec<u8> {
    fs::read(dir.join(file)).expect("the file is there")
}

#[test]
fn fix_replaces_misspelt_literals_in_their_own_quotes_and_reports_what_remains() {
    let dir = tree("fix");
    let run = approval(&dir, &["--fix", SCRIPT]);
    assert_eq!(
        run.code, 1,
        "the literal without a suggestion remains: {}",
        run.stderr
    );
    assert_eq!(run.stderr, "Fixed 2 issues in 1 file.\n");
    snapshot!("fixes_fix_report", run.stdout);
    let fixed = String::from_utf8(read(&dir, SCRIPT)).expect("UTF-8");
    snapshot!("fixes_fixed_file", fixed);
}

#[test]
fn a_second_fix_run_changes_nothing() {
    let dir = tree("idempotent");
    let first = approval(&dir, &["--fix", SCRIPT]);
    let once = read(&dir, SCRIPT);
    let second = approval(&dir, &["--fix", SCRIPT]);
    assert_eq!(read(&dir, SCRIPT), once);
    assert_eq!(second.stderr, "No fixes applied.\n");
    assert_eq!(second.stdout, first.stdout, "the same findings remain");
    assert_eq!(second.code, first.code);
}

#[test]
fn diff_prints_a_unified_diff_of_the_fixes() {
    let dir = tree("diff");
    let run = approval(&dir, &["--diff", SCRIPT]);
    assert_eq!(run.code, 1, "something would change: {}", run.stderr);
    assert_eq!(run.stderr, "Would fix 2 issues in 1 file.\n");
    snapshot!("fixes_diff", run.stdout);
}

#[test]
fn diff_writes_nothing() {
    let dir = tree("diff_read_only");
    let before = (read(&dir, SCRIPT), read(&dir, BROKEN));
    let run = approval(&dir, &["--diff", "--unsafe-fixes", "."]);
    assert!(
        run.stdout.contains("+++ ./scripts/churn_registration.py"),
        "{}",
        run.stdout
    );
    assert_eq!(before, (read(&dir, SCRIPT), read(&dir, BROKEN)));
    let mut names: Vec<_> = fs::read_dir(dir.join("scripts"))
        .expect("readable")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["churn_registration.py"],
        "no file created beside it"
    );
}

#[test]
fn diff_of_a_file_with_nothing_to_fix_is_empty_and_exits_0() {
    let dir = tree("diff_nothing");
    approval(&dir, &["--fix", SCRIPT]);
    let run = approval(&dir, &["--diff", SCRIPT]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{}", run.stderr);
    assert_eq!(run.stderr, "No fixes would be applied.\n");
}

#[test]
fn a_fix_that_would_leave_the_file_unparsable_leaves_it_untouched() {
    let dir = tree("unparsable");
    let before = read(&dir, BROKEN);
    let run = approval(&dir, &["--fix", BROKEN]);
    assert_eq!(read(&dir, BROKEN), before);
    assert!(
        run.stdout.contains(
            "note: broken/broken_registration.py: not fixed: with its fixes applied it would not \
             parse (6:9: "
        ),
        "{}",
        run.stdout
    );
    assert_eq!(run.stderr, "No fixes applied.\n");
    assert_eq!(run.code, 1, "the finding is still reported");
}

#[test]
fn fix_keeps_crlf_line_endings_and_every_byte_outside_the_edit() {
    let dir = scratch("crlf");
    // CRLF endings, a Latin-1 byte in a comment (not UTF-8), no newline at the end.
    let original: &[u8] = b"from sagemaker.workflow.step_collections import RegisterModel\r\n\
        # caf\xe9\r\n\
        step = RegisterModel(model=model, approval_status=\"Aproved\")\r\n\
        x = 1";
    fs::write(dir.join("crlf_registration.py"), original).expect("writable");
    let run = approval(&dir, &["--fix", "crlf_registration.py"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let expected: &[u8] = b"from sagemaker.workflow.step_collections import RegisterModel\r\n\
        # caf\xe9\r\n\
        step = RegisterModel(model=model, approval_status=\"Approved\")\r\n\
        x = 1";
    assert_eq!(read(&dir, "crlf_registration.py"), expected);
}

#[test]
fn unsafe_fixes_apply_only_with_unsafe_fixes() {
    let packs = pack_copy("unsafe_pack", |pack| {
        pack.replace(
            "fix = { applicability = \"safe\" }",
            "fix = { applicability = \"unsafe\" }",
        )
    });
    let pack = packs.join("registermodel.toml");
    let pack = pack.to_str().expect("a UTF-8 temp path");
    let dir = tree("unsafe");
    let before = read(&dir, SCRIPT);
    let args = [
        "--isolated",
        "--pack",
        pack,
        "--levels",
        "approval",
        "--fix",
    ];
    let safe_only = rulecheck_in(&dir, &[&args[..], &[SCRIPT]].concat(), None);
    assert_eq!(
        safe_only.stderr,
        "No fixes applied.\n2 unsafe fixes are left: add --unsafe-fixes to apply them too \
         (review them with --diff --unsafe-fixes first).\n"
    );
    assert_eq!(read(&dir, SCRIPT), before);
    let with_unsafe = rulecheck_in(
        &dir,
        &[&args[..], &["--unsafe-fixes", SCRIPT]].concat(),
        None,
    );
    assert_eq!(with_unsafe.stderr, "Fixed 2 issues in 1 file.\n");
    assert_ne!(read(&dir, SCRIPT), before);
}

#[test]
fn json_carries_each_findings_fix_with_its_edits() {
    let run = approval(
        &repo().join("tests/fixtures/fixes"),
        &["--format", "json", SCRIPT],
    );
    let issues = json(&run)["results"][0]["additional_issues"].clone();
    let fix = &issues[0]["fix"];
    assert_eq!(
        fix["title"],
        "Replace `PendingManualAproval` with `PendingManualApproval`"
    );
    assert_eq!(fix["applicability"], "safe");
    assert_eq!(
        fix["edits"][0],
        serde_json::json!({
            "start": {"line": 4, "column": 66},
            "end": {"line": 4, "column": 88},
            "content": "'PendingManualApproval'",
        })
    );
    assert_eq!(issues[1]["fix"]["edits"][0]["content"], "r\"Approved\"");
    assert!(issues[2].get("fix").is_none(), "no suggestion, no fix");
}

#[test]
fn fix_refuses_standard_input() {
    let run = rulecheck_in(
        repo(),
        &[
            "--pack",
            "registermodel",
            "--fix",
            "--stdin-filename",
            "a.py",
            "-",
        ],
        Some(b"x = 1\n"),
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("standard input"), "{}", run.stderr);
}

/// A pack with a value rule whose `fix` needs `allowed`, a misspelt applicability, and a `fix`
/// on a require rule.
const BROKEN_FIXES: &str = r#"[pack]
name = "fixes"
step_type = "Demo"
source = "Demo"
version = "1"
levels = ["values"]

[[rule]]
id = "no_allowed"
kind = "value"
level = "values"
category = "bad_name"
severity = "ERROR"
names = ["name"]
pattern = "^[a-z]+$"
fix = { applicability = "safe" }
message = "{key} is {value}"
recommendation = "Use lower case."

[[rule]]
id = "misspelt"
kind = "value"
level = "values"
category = "bad_status"
severity = "ERROR"
names = ["status"]
allowed = ["Approved"]
fix = { applicability = "saf" }
message = "{key} is {value}"
recommendation = "Use Approved."

[[rule]]
id = "on_require"
kind = "require"
level = "values"
category = "missing_owner"
severity = "WARNING"
keywords = ["owner"]
fix = { applicability = "safe" }
message = "no owner"
recommendation = "Add an owner."
"#;

#[test]
fn a_broken_fix_is_an_error_at_its_key() {
    let dir = scratch("broken_fix_pack");
    fs::write(dir.join("fixes.toml"), BROKEN_FIXES).expect("writable");
    let run = rulecheck_in(&dir, &["validate", "fixes.toml"], None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    snapshot!("fixes_broken_pack", run.stderr);
}
