//! No silent pass: a run that checks no file says so on stderr — what was walked and the `files`
//! globs of the packs tried — and still exits 0 (pre-commit hands over files no pack wants).
//! `route` says the same.

mod common;

use std::fs;

use common::{rulecheck, rulecheck_in, scratch};

#[test]
fn a_folder_where_no_file_matches_any_pack_is_reported_on_stderr_and_passes() {
    let dir = scratch("nothing-to-check");
    fs::write(dir.join("notes.py"), "print('no pack wants me')\n").expect("scratch is writable");
    let run = rulecheck_in(&dir, &["--root", ".", "."], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("No issues in 0 scripts"),
        "{}",
        run.stdout
    );
    snapshot!("no_file_checked_check", run.stderr);

    let route = rulecheck_in(&dir, &["route", "."], None);
    assert_eq!(route.code, 0, "{}", route.stderr);
    assert_eq!(route.stdout, "");
    assert_eq!(route.stderr, run.stderr);
}

#[test]
fn with_a_pack_the_note_lists_only_that_pack() {
    let dir = scratch("nothing-for-the-pack");
    fs::write(dir.join("notes.py"), "x = 1\n").expect("scratch is writable");
    let run = rulecheck_in(&dir, &["--pack", "registermodel", "."], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("  registermodel: *_register.py, *_registration.py, registration.py, "),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("processing:"), "{}", run.stderr);
}

#[test]
fn a_run_that_checks_a_file_gives_no_note() {
    let run = rulecheck(&[
        "--root",
        "tests/fixtures/cursus_checkout",
        "tests/fixtures/cursus_checkout",
    ]);
    assert!(
        !run.stderr.contains("no file was checked"),
        "{}",
        run.stderr
    );
    let route = rulecheck(&["route", "tests/fixtures/cursus_checkout"]);
    assert_eq!(route.stderr, "");
}
