//! A team's own packs, tested in the team's repository: `rulecheck test` without names tests the
//! packs found on disk and skips the built-in ones (whose fixture trees are not in the binary)
//! with a note, unless they are named.

mod common;

use std::fs;
use std::path::PathBuf;

use common::{copy_tree, repo, rulecheck_in, scratch};

/// A scratch repository with one pack of its own, `rules/team.toml` (the utility pack renamed),
/// and its fixture trees.
fn team_repository(name: &str) -> PathBuf {
    let dir = scratch(name);
    let rules = dir.join("rules");
    fs::create_dir_all(&rules).expect("scratch is writable");
    let pack = fs::read_to_string(repo().join("rules/utility.toml"))
        .expect("the utility pack exists")
        .replace("name = \"utility\"", "name = \"team\"");
    fs::write(rules.join("team.toml"), pack).expect("scratch is writable");
    copy_tree(
        &repo().join("rules/tests/utility"),
        &rules.join("tests").join("team"),
    );
    dir
}

#[test]
fn test_without_names_tests_the_packs_on_disk_and_skips_built_ins_with_a_note() {
    let dir = team_repository("team-test");
    let run = rulecheck_in(&dir, &["test", "--strict", "--pack-dir", "rules"], None);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.starts_with("note: skipped the built-in packs"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("team (rules/team.toml)"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("registermodel ("), "{}", run.stdout);
    snapshot!("test_team_pack_skips_built_ins", run.stdout);
}

#[test]
fn a_named_built_in_pack_is_still_tested() {
    let dir = team_repository("team-test-named");
    let run = rulecheck_in(&dir, &["test", "registermodel"], None);
    assert!(
        run.stdout
            .contains("registermodel (built-in registermodel.toml)"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("note: skipped"), "{}", run.stdout);
}
