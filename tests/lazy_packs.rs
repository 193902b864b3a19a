//! A routed run of named files loads only the packs that may check them (issue 24): a pack
//! whose `files` globs match none of the files, that routes by no content, has no
//! configuration table and no indexed file under the root is left unloaded — not even
//! validated — while `rulecheck validate` still refuses it, and what reads every pack in play
//! (the text layout, ignores naming its rules, the note of a run that checked nothing) still
//! sees it.

mod common;

use std::fs;
use std::path::PathBuf;

use common::{repo, rulecheck, scratch};

const ROOT: &str = "tests/fixtures/registermodel/pipeline";
const SCRIPT: &str = "tests/fixtures/registermodel/pipeline/scripts/churn_register.py";

/// A folder of packs holding one pack, `team`, whose `[pack]` table is valid and claims
/// `*_team_job.py`, and whose rule has a key no rule takes.
fn broken_team_pack(name: &str) -> PathBuf {
    let dir = scratch(name);
    fs::create_dir_all(&dir).expect("scratch is writable");
    fs::write(
        dir.join("team.toml"),
        r#"[pack]
name = "team"
step_type = "Team"
source = "TeamChecks"
version = "1"
levels = ["basic"]
files = ["*_team_job.py"]

[[rule]]
id = "owner"
kind = "require"
level = "basic"
category = "missing_owner"
severity = "WARNING"
message = "no owner"
recommendation = "name the owner"
keywords = ["owner"]
not_a_key = true
"#,
    )
    .expect("scratch is writable");
    dir
}

#[test]
fn a_pack_no_named_file_can_use_is_not_loaded_but_validate_refuses_it() {
    let packs = broken_team_pack("lazy-broken");
    let dir = packs.to_str().expect("a UTF-8 scratch path");
    let without = rulecheck(&["--root", ROOT, SCRIPT]);
    let with = rulecheck(&["--pack-dir", dir, "--root", ROOT, SCRIPT]);
    assert_eq!(with.code, 1, "{}{}", with.stdout, with.stderr);
    assert_eq!(with.stdout, without.stdout);
    // Several packs are in play, though one is loaded: issues name their pack.
    assert!(
        with.stdout.contains("(pack registermodel, level"),
        "{}",
        with.stdout
    );
    assert_eq!(with.stderr, without.stderr);

    let pack = packs.join("team.toml");
    let validate = rulecheck(&["validate", pack.to_str().expect("a UTF-8 scratch path")]);
    assert_eq!(validate.code, 2, "{}", validate.stdout);
    assert!(validate.stderr.contains("not_a_key"), "{}", validate.stderr);

    // A file its globs match loads it, and the run stops at its error.
    let script = packs.join("nightly_team_job.py");
    fs::copy(repo().join(SCRIPT), &script).expect("scratch is writable");
    let script = script.to_str().expect("a UTF-8 scratch path");
    let run = rulecheck(&["--pack-dir", dir, "--root", ROOT, script]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("not_a_key"), "{}", run.stderr);
}

#[test]
fn ids_of_the_packs_left_unloaded_are_known_to_per_file_ignores() {
    let dir = scratch("lazy-ignores");
    fs::create_dir_all(&dir).expect("scratch is writable");
    let config = dir.join("rulecheck.toml");
    // `training_loop` is a rule of the training pack, which the script does not use.
    fs::write(
        &config,
        "[per-file-ignores]\n\"*.py\" = [\"training_loop\", \"training_lop\"]\n",
    )
    .expect("scratch is writable");
    let config = config.to_str().expect("a UTF-8 scratch path");
    let run = rulecheck(&["--config", config, "--root", ROOT, SCRIPT]);
    // The text report's notes close it.
    assert!(
        !run.stdout.contains("names `training_loop`"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("names `training_lop`, which is no rule id or category of any pack"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_run_that_checks_nothing_names_every_pack_in_play() {
    // A script no pack's `files` match, which makes no call a pack routes by.
    let run = rulecheck(&[
        "--root",
        ROOT,
        "tests/fixtures/registermodel/pipeline/cursus/steps/specs/churn_registration_spec.py",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    for pack in [
        "createmodel",
        "cursus",
        "processing",
        "registermodel",
        "training",
    ] {
        assert!(
            run.stderr.contains(&format!("\n  {pack}: ")),
            "{pack}: {}",
            run.stderr
        );
    }
    assert!(
        run.stdout
            .contains("(packs `createmodel`, `cursus`, `processing`, `registermodel`"),
        "{}",
        run.stdout
    );
}
