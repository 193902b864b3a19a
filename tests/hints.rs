//! Every hint the command line prints can be followed: each `--flag` a message or help line
//! suggests is a flag the command that printed it accepts, and `validate` finds packs by name
//! and in `--pack-dir` folders like the other pack commands.

mod common;

use std::fs;

use common::{rulecheck, rulecheck_in, scratch};

/// `(subcommand as typed, arguments)`: runs that end in an error or a notice with a hint.
const HINTED_RUNS: &[(&str, &[&str])] = &[
    ("check", &["check", "--pack", "nope", "x.py"]),
    ("check", &["check", "--levels", "metadata", "x.py"]),
    ("check", &["check", "--all-files", "x.py"]),
    ("check", &["check", "--pack", "registermodel", "-"]),
    ("check", &["check", "--pack", "missing/pack.toml", "x.py"]),
    ("check", &["check", "README.md"]),
    ("route", &["route", "--pack", "nope", "."]),
    ("route", &["route", "README.md"]),
    ("test", &["test", "nope"]),
    ("test", &["test", "missing/pack.toml"]),
    ("validate", &["validate", "nope"]),
    ("validate", &["validate", "missing/pack.toml"]),
    ("explain", &["explain", "nope"]),
    ("explain", &["explain", "registermodel:nope"]),
];

/// The `--flags` a text mentions.
fn flags(text: &str) -> Vec<String> {
    let mut found: Vec<String> = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|word| word.starts_with("--") && word.len() > 2)
        .map(str::to_owned)
        .collect();
    found.sort();
    found.dedup();
    found
}

#[test]
fn every_flag_a_hint_suggests_is_accepted_by_the_command_that_printed_it() {
    let mut followed = 0;
    for (command, args) in HINTED_RUNS {
        let run = rulecheck(args);
        let printed = format!("{}{}", run.stderr, run.stdout);
        assert!(
            run.code == 2 || printed.contains("help") || printed.contains("note"),
            "{args:?} printed no hint: {printed}"
        );
        let help = rulecheck(&[command, "--help"]).stdout;
        for flag in flags(&printed) {
            assert!(
                help.contains(&flag),
                "`rulecheck {}` suggests {flag}, which `rulecheck {command}` rejects:\n{printed}",
                args.join(" ")
            );
            followed += 1;
        }
    }
    assert!(followed >= 8, "the runs printed only {followed} flag hints");
}

#[test]
fn validate_finds_packs_by_name_and_in_pack_dir_folders() {
    let run = rulecheck(&["validate", "registermodel", "processing"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("pack `registermodel` loads"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("pack `processing` loads"),
        "{}",
        run.stdout
    );

    let dir = scratch("validate-pack-dir");
    let packs = dir.join("team-packs");
    fs::create_dir_all(&packs).expect("scratch is writable");
    let pack = fs::read_to_string(common::repo().join("rules/utility.toml"))
        .expect("the utility pack exists")
        .replace("name = \"utility\"", "name = \"team\"");
    fs::write(packs.join("team.toml"), pack).expect("scratch is writable");
    let run = rulecheck_in(
        &dir,
        &["validate", "--pack-dir", "team-packs", "team"],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("team-packs/team.toml: pack `team` loads"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_guide_hints_point_at_is_printed_by_the_binary() {
    let run = rulecheck(&["validate", "tests/fixtures/approvals/approvals.toml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let guide = rulecheck(&["guide"]);
    assert_eq!(guide.code, 0, "{}", guide.stderr);
    let source =
        fs::read_to_string(common::repo().join("rules/README.md")).expect("the guide exists");
    assert_eq!(guide.stdout, source);
    for key in ["per", "search", "match"] {
        assert!(
            guide.stdout.contains(&format!("| `{key}` |")),
            "the guide documents no `{key}` key"
        );
    }
}
