//! Routing by content: a file that makes a call of a pack's `route_calls` set is checked by the
//! pack whatever its name (SageMaker pipelines in `pipeline.py`, a `steps/register.py`), a file
//! that only looks as if it might is neither checked nor counted, installed third-party code is
//! left alone, and the configuration adds and removes files per pack (`[packs.NAME]`).

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{Run, json, repo, rulecheck_in, scratch};

const FIXTURE: &str = "tests/fixtures/content_routing";

fn fixture() -> PathBuf {
    repo().join(FIXTURE)
}

fn run(args: &[&str]) -> Run {
    rulecheck_in(&fixture(), args, None)
}

/// The scripts a JSON report has results for, sorted.
fn checked(run: &Run) -> Vec<String> {
    let report = json(run);
    let mut scripts: Vec<String> = report["results"]
        .as_array()
        .unwrap_or_else(|| panic!("no results in {}", run.stdout))
        .iter()
        .filter_map(|result| result["path"].as_str().map(str::to_owned))
        .collect();
    scripts.sort();
    scripts.dedup();
    scripts
}

/// The files `rulecheck route` sends to a pack, with the pack and the reason.
fn routed(run: &Run) -> Vec<&str> {
    run.stdout
        .lines()
        .filter(|l| !l.starts_with("note:"))
        .collect()
}

const REGISTERING: [&str; 4] = [
    "./lambda/handler.py",
    "./legacy/old_pipeline.py",
    "./pipelines/churn/pipeline.py",
    "./steps/register.py",
];

#[test]
fn files_that_make_a_registration_call_are_routed_whatever_their_names() {
    let route = run(&["route", "--isolated", "."]);
    assert_eq!(route.code, 0, "{}", route.stderr);
    let files: Vec<&str> = routed(&route)
        .iter()
        .filter_map(|line| line.split(':').next())
        .collect();
    assert_eq!(files, REGISTERING);
    assert!(
        routed(&route)
            .iter()
            .all(|line| line.ends_with(": registermodel (makes a `creates_registration` call)")),
        "{}",
        route.stdout
    );
    snapshot!("route_content", route.stdout);
}

#[test]
fn a_file_the_parse_clears_is_neither_checked_nor_counted() {
    // preprocess.py imports sagemaker and says "registered" in a comment: the byte test lets it
    // through, the parse finds no registration call. codecs_hook.py calls codecs.register
    // without importing SageMaker; botocore/client.py is vendored.
    let check = run(&["--isolated", "--format", "json", "."]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert_eq!(checked(&check), REGISTERING);
    let text = run(&["--isolated", "."]);
    assert!(text.stdout.contains(" in 4 scripts "), "{}", text.stdout);
    assert!(!text.stdout.contains("preprocess.py"), "{}", text.stdout);
    assert_eq!(
        text.stderr, "",
        "no notice about files content did not route"
    );
}

#[test]
fn the_chosen_pack_routes_by_content_too_and_all_files_checks_everything() {
    let chosen = run(&[
        "--isolated",
        "--pack",
        "registermodel",
        "--format",
        "json",
        ".",
    ]);
    assert_eq!(checked(&chosen), REGISTERING);
    let all = run(&[
        "--isolated",
        "--pack",
        "registermodel",
        "--all-files",
        "--format",
        "json",
        ".",
    ]);
    assert_eq!(checked(&all).len(), 9, "{}", all.stdout);
}

#[test]
fn calls_that_create_no_model_version_route_no_file() {
    // approve.py updates, deploys and deletes existing versions (through an in-file function
    // named like a registration too); autoscale.py calls argparse's and Auto Scaling's
    // `register`. Neither creates a version, so content routes neither.
    let route = run(&["route", "--isolated", "approval"]);
    assert_eq!(route.code, 0, "{}", route.stderr);
    assert!(routed(&route).is_empty(), "{}", route.stdout);
    // Named with the pack, approve.py is judged at its calls: the update and the ModelPackage
    // stay registration calls, and the delete is none.
    let named = run(&[
        "--isolated",
        "--pack",
        "registermodel",
        "--format",
        "json",
        "approval/approve.py",
        "approval/autoscale.py",
    ]);
    let results = json(&named)["results"].clone();
    let callees = |i: usize| -> Vec<String> {
        results[i]["calls"]["registration"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c["callee"].as_str().map(str::to_owned))
            .collect()
    };
    assert_eq!(
        callees(0),
        ["approve_model_package", "ModelPackage"],
        "{}",
        named.stdout
    );
    assert!(callees(1).is_empty(), "{}", named.stdout);
}

#[test]
fn named_files_are_routed_by_content_and_a_cleared_one_gets_a_notice() {
    let route = run(&[
        "route",
        "--isolated",
        "pipelines/churn/pipeline.py",
        "utils/codecs_hook.py",
    ]);
    assert_eq!(
        route.stdout,
        "pipelines/churn/pipeline.py: registermodel (makes a `creates_registration` call)\n\
         note: utils/codecs_hook.py: no pack applies to this file: its name matches no pack's \
         `files` and it makes none of the calls packs route by (name a pack with --pack)\n"
    );
    let check = run(&["--isolated", "--format", "json", "utils/codecs_hook.py"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(checked(&check).is_empty());
    assert_eq!(
        json(&check)["summary"]["notices"][0]
            .as_str()
            .map(|n| n.starts_with("utils/codecs_hook.py: no pack applies to this file:")),
        Some(true),
        "{}",
        check.stdout
    );
    assert!(
        check.stderr.starts_with("note: no file was checked"),
        "{}",
        check.stderr
    );
}

#[test]
fn a_script_on_standard_input_is_routed_by_content() {
    let code = fs::read(fixture().join("steps/register.py")).expect("the fixture reads");
    let check = rulecheck_in(
        &fixture(),
        &[
            "--isolated",
            "--format",
            "json",
            "--stdin-filename",
            "steps/register.py",
            "-",
        ],
        Some(&code),
    );
    assert_eq!(checked(&check), ["steps/register.py"], "{}", check.stderr);
}

/// A scratch copy of the fixture's `lambda/` folder, with `edit` applied.
fn lambda_copy(name: &str, edit: impl Fn(&Path)) -> PathBuf {
    let dir = scratch(name);
    for file in [
        "handler.py",
        "botocore/client.py",
        "botocore-1.0.dist-info/top_level.txt",
    ] {
        let to = dir.join("lambda").join(file);
        fs::create_dir_all(to.parent().expect("a file has a folder")).expect("scratch is writable");
        fs::copy(fixture().join("lambda").join(file), to).expect("the fixture copies");
    }
    edit(&dir.join("lambda"));
    dir
}

fn routed_in(dir: &Path) -> Vec<String> {
    let route = rulecheck_in(dir, &["route", "--isolated", "."], None);
    assert_eq!(route.code, 0, "{}", route.stderr);
    routed(&route)
        .iter()
        .filter_map(|line| line.split(':').next().map(str::to_owned))
        .collect()
}

#[test]
fn installed_packages_are_not_routed_by_content() {
    let listed = lambda_copy("vendored-listed", |_| {});
    assert_eq!(routed_in(&listed), ["./lambda/handler.py"]);
    // Without its metadata, the same botocore would be routed: the dist-info is what tells.
    let bare = lambda_copy("vendored-bare", |lambda| {
        fs::remove_dir_all(lambda.join("botocore-1.0.dist-info")).expect("scratch is writable");
    });
    assert_eq!(
        routed_in(&bare),
        ["./lambda/botocore/client.py", "./lambda/handler.py"]
    );
    // A RECORD lists the package when there is no top_level.txt.
    let record = lambda_copy("vendored-record", |lambda| {
        let dist = lambda.join("botocore-1.0.dist-info");
        fs::remove_file(dist.join("top_level.txt")).expect("scratch is writable");
        fs::write(
            dist.join("RECORD"),
            "botocore/__init__.py,sha256=x,10\nbotocore/client.py,sha256=y,20\n\
             botocore-1.0.dist-info/METADATA,,\n",
        )
        .expect("scratch is writable");
    });
    assert_eq!(routed_in(&record), ["./lambda/handler.py"]);
    // Anything under site-packages is installed code.
    let venv = lambda_copy("vendored-venv", |lambda| {
        let site = lambda.join(".venv-copy/lib/python3.11/site-packages/botocore");
        fs::create_dir_all(&site).expect("scratch is writable");
        fs::rename(lambda.join("handler.py"), site.join("handler.py"))
            .expect("scratch is writable");
        let env = lambda.join("env/lib/site-packages/tool");
        fs::create_dir_all(&env).expect("scratch is writable");
        fs::copy(site.join("handler.py"), env.join("publish.py")).expect("scratch is writable");
    });
    assert!(routed_in(&venv).is_empty(), "{:?}", routed_in(&venv));
}

#[test]
fn name_globs_still_route_installed_code() {
    let dir = lambda_copy("vendored-glob", |lambda| {
        fs::write(lambda.join("botocore/model_registration.py"), "x = 1\n")
            .expect("scratch is writable");
    });
    assert_eq!(
        routed_in(&dir),
        [
            "./lambda/botocore/model_registration.py",
            "./lambda/handler.py"
        ]
    );
}

/// A scratch copy of the fixture with `config` as its `rulecheck.toml`.
fn configured(name: &str, config: &str) -> PathBuf {
    let dir = scratch(name);
    for file in [
        "pipelines/churn/pipeline.py",
        "pipelines/churn/preprocess.py",
        "legacy/old_pipeline.py",
        "steps/register.py",
    ] {
        let to = dir.join(file);
        fs::create_dir_all(to.parent().expect("a file has a folder")).expect("scratch is writable");
        fs::copy(fixture().join(file), to).expect("the fixture copies");
    }
    fs::write(dir.join("rulecheck.toml"), config).expect("scratch is writable");
    dir
}

const PACK_GLOBS: &str = r#"fail-on = "never"

[packs.registermodel]
extend-include = ["pipelines/**/preprocess.py"]
extend-exclude = ["legacy/**"]
"#;

#[test]
fn the_configuration_adds_and_leaves_out_files_per_pack() {
    let dir = configured("pack-globs", PACK_GLOBS);
    let route = rulecheck_in(&dir, &["route", "."], None);
    assert_eq!(route.code, 0, "{}", route.stderr);
    snapshot!("route_configured", route.stdout);
    let files: Vec<&str> = routed(&route)
        .iter()
        .filter_map(|line| line.split(':').next())
        .collect();
    assert_eq!(
        files,
        [
            "./pipelines/churn/pipeline.py",
            "./pipelines/churn/preprocess.py",
            "./steps/register.py"
        ]
    );
    let check = rulecheck_in(&dir, &["--format", "json", "."], None);
    assert_eq!(checked(&check).len(), 3, "{}", check.stdout);
    // From a subfolder, the globs are still relative to the configuration's folder.
    let nested = rulecheck_in(&dir.join("pipelines"), &["route", "."], None);
    assert!(
        nested
            .stdout
            .contains("./churn/preprocess.py: registermodel (matches `pipelines/**/preprocess.py`"),
        "{}",
        nested.stdout
    );
}

#[test]
fn pyproject_gives_the_pack_globs_under_tool_rulecheck() {
    let dir = configured("pack-globs-pyproject", "");
    fs::remove_file(dir.join("rulecheck.toml")).expect("scratch is writable");
    let table = PACK_GLOBS.replace("[packs.", "[tool.rulecheck.packs.");
    let table = table.replace(
        "fail-on = \"never\"\n",
        "[tool.rulecheck]\nfail-on = \"never\"\n",
    );
    fs::write(dir.join("pyproject.toml"), table).expect("scratch is writable");
    let route = rulecheck_in(&dir, &["route", "."], None);
    assert!(
        route.stdout.contains(
            "./pipelines/churn/preprocess.py: registermodel (matches `pipelines/**/preprocess.py` \
             (extend-include, pyproject.toml:5))"
        ),
        "{}",
        route.stdout
    );
    assert!(!route.stdout.contains("legacy/"), "{}", route.stdout);
}

#[test]
fn rulecheck_config_shows_the_pack_globs_and_their_lines() {
    let dir = configured("pack-globs-config", PACK_GLOBS);
    let config = rulecheck_in(&dir, &["config"], None);
    assert_eq!(config.code, 0, "{}", config.stderr);
    let tail = config
        .stdout
        .split_once("[packs.registermodel]")
        .map(|(_, tail)| tail)
        .unwrap_or_else(|| panic!("no pack table in:\n{}", config.stdout));
    assert_eq!(
        tail,
        "\nextend-include = [\"pipelines/**/preprocess.py\"] # rulecheck.toml:4\n\
         extend-exclude = [\"legacy/**\"]           # rulecheck.toml:5\n"
    );
}

#[test]
fn a_table_for_no_available_pack_is_a_notice_with_the_closest_name() {
    let dir = configured(
        "pack-globs-unknown",
        "[packs.registermodl]\nextend-include = [\"steps/*.py\"]\n",
    );
    let route = rulecheck_in(&dir, &["route", "."], None);
    assert!(
        route.stdout.contains(
            "note: rulecheck.toml:1:8: [packs.registermodl] names no available pack, so its \
             globs route nothing; did you mean `registermodel`?"
        ),
        "{}",
        route.stdout
    );
    let check = rulecheck_in(&dir, &["."], None);
    assert!(
        check
            .stdout
            .contains("[packs.registermodl] names no available pack"),
        "{}",
        check.stdout
    );
    // With --pack, the other packs' tables do not apply, so nothing is said.
    let chosen = rulecheck_in(&dir, &["route", "--pack", "registermodel", "."], None);
    assert!(!chosen.stdout.contains("[packs."), "{}", chosen.stdout);
}

fn config_error(name: &str, text: &str) -> String {
    let dir = scratch(name);
    fs::write(dir.join("rulecheck.toml"), text).expect("scratch is writable");
    let run = rulecheck_in(&dir, &["route", "."], None);
    assert_eq!(run.code, 2, "{}", run.stdout);
    run.stderr
}

#[test]
fn a_misspelt_pack_key_or_a_bad_glob_is_an_error_at_it() {
    let key = config_error(
        "pack-globs-key",
        "[packs.registermodel]\nextend-includes = [\"a.py\"]\n",
    );
    assert!(key.contains("--> rulecheck.toml:2:1"), "{key}");
    snapshot!("config_error_pack_key", key);
    let glob = config_error(
        "pack-globs-glob",
        "[packs.registermodel]\nextend-exclude = [\"ok/**\", \"legacy/[\"]\n",
    );
    assert!(glob.contains("--> rulecheck.toml:2:28"), "{glob}");
    snapshot!("config_error_pack_glob", glob);
    let table = config_error("pack-globs-table", "packs = [\"registermodel\"]\n");
    assert!(
        table.contains("`packs` must be a table of [packs.NAME] tables"),
        "{table}"
    );
}
