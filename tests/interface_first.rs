//! An interface-first tree (`tests/fixtures/interface_first`): each step is an
//! `interfaces/<step>.step.yaml` naming its script, with copies of scripts in a project's
//! `dockers/` folder. Run from the tree's top as a team would: the scripts the interfaces name
//! are checked (the copy too) and nothing else; the script is compared with its interface;
//! an interface that does not parse is a notice at its line and column.

mod common;

use std::fs;
use std::path::Path;

use common::{Run, copy_tree, json, rulecheck_in, scratch};
use serde_json::Value;

const TREE: &str = "tests/fixtures/interface_first";

fn run(args: &[&str]) -> Run {
    rulecheck_in(&common::repo().join(TREE), args, None)
}

/// `(script path, pack)` of each result.
fn routed(report: &Value) -> Vec<(String, String)> {
    report["results"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            (
                r["path"].as_str().unwrap_or_default().to_owned(),
                r["pack"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// `(pack, category, location)` of each issue, the location as `path[:line:column]`.
fn issues(report: &Value) -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    for result in report["results"].as_array().into_iter().flatten() {
        for issue in result["enhanced_results"]["issues"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let place = &issue["location"];
            let at = match (place["line"].as_u64(), place["column"].as_u64()) {
                (Some(line), Some(column)) => format!(":{line}:{column}"),
                _ => String::new(),
            };
            found.push((
                result["pack"].as_str().unwrap_or_default().to_owned(),
                issue["category"].as_str().unwrap_or_default().to_owned(),
                format!("{}{at}", place["path"].as_str().unwrap_or_default()),
            ));
        }
    }
    found
}

#[test]
fn the_scripts_interfaces_name_are_checked_by_their_step_types_packs_and_nothing_else() {
    let report = json(&run(&["check", "--format", "json", "."]));
    let scripts = [
        "./projects/returns/dockers/scripts/basket_features.py",
        "./src/shop/steps/scripts/basket_features.py",
        "./src/shop/steps/scripts/basket_ranker.py",
    ];
    let expected: Vec<(String, String)> = scripts
        .iter()
        .flat_map(|script| {
            let step_pack = if script.ends_with("ranker.py") {
                "training"
            } else {
                "processing"
            };
            [
                ((*script).to_owned(), "cursus".to_owned()),
                ((*script).to_owned(), step_pack.to_owned()),
            ]
        })
        .collect();
    // Not the test (whose name matches `*_preprocessing.py`), not the helper module
    // text_preprocessing.py: no interface names them.
    assert_eq!(routed(&report), expected);
    let route = run(&["route", "."]);
    let routed: Vec<&str> = route
        .stdout
        .lines()
        .filter(|l| !l.starts_with("note:"))
        .collect();
    assert!(
        !routed.iter().any(|l| l.contains("preprocessing")),
        "{}",
        route.stdout
    );
    // What the globs would have routed is said once, with a way to check it.
    assert!(
        route.stdout.contains(
            "note: pack `processing` routes by its index in .: 2 file(s) its `files` globs \
             match were not checked, as no indexed file names them (the first: \
             ./src/shop/steps/scripts/text_preprocessing.py)"
        ),
        "{}",
        route.stdout
    );
}

#[test]
fn each_difference_from_the_interface_is_a_finding_at_its_own_line_in_the_right_file() {
    let report = json(&run(&["check", "--format", "json", "."]));
    let found = issues(&report);
    let interface = "src/shop/steps/interfaces/basket_features.step.yaml";
    let copy = "./projects/returns/dockers/scripts/basket_features.py";
    for expected in [
        // The copy reads an input the interface does not declare (script side: its line).
        ("cursus", "undeclared_input_path", format!("{copy}:10:43")),
        // It parses no argument at all, and reads no CURRENCY (interface side: its line).
        (
            "cursus",
            "unparsed_declared_arg",
            format!("{interface}:13:11"),
        ),
        (
            "cursus",
            "unread_required_env_var",
            format!("{interface}:18:16"),
        ),
        // The package script parses --job_type but not --min-orders.
        (
            "cursus",
            "unparsed_declared_arg",
            format!("{interface}:15:11"),
        ),
        // numpy is declared nowhere; the copy's scikit-learn is in its dockers requirements.
        (
            "processing",
            "missing_framework_dependency",
            "./src/shop/steps/scripts/basket_features.py:5:1".to_owned(),
        ),
    ] {
        let expected = (expected.0.to_owned(), expected.1.to_owned(), expected.2);
        assert!(found.contains(&expected), "{expected:?} in {found:#?}");
    }
    // No spec, builder or requirements-file finding: the interface is the spec and the builder
    // is generated from it.
    assert!(
        !found
            .iter()
            .any(|(_, category, _)| category.contains("specification")
                || category.contains("builder")),
        "{found:#?}"
    );
    let dependencies: Vec<&(String, String, String)> = found
        .iter()
        .filter(|(_, category, _)| category == "missing_framework_dependency")
        .collect();
    assert_eq!(dependencies.len(), 1, "{dependencies:#?}");
}

#[test]
fn an_interface_that_does_not_parse_is_a_notice_at_its_line_and_the_run_goes_on() {
    let dir = scratch("broken-interface");
    copy_tree(&common::repo().join(TREE), &dir);
    // A flow map left open: the parser finds out on the next key.
    let broken = "step_type: ModelCard\nregistry:\n  sagemaker_step_type: Processing\n\
                  contract:\n  entry_point: model_card.py\n  inputs: {model: {path: /m}\n  \
                  outputs: {}\n";
    fs::write(
        dir.join("src/shop/steps/interfaces/model_card.step.yaml"),
        broken,
    )
    .expect("scratch is writable");
    let run = rulecheck_in(&dir, &["check", "."], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let notice = "note: src/shop/steps/interfaces/model_card.step.yaml:7:3: not valid YAML";
    assert!(run.stdout.contains(notice), "{}", run.stdout);
    assert!(run.stdout.contains("in 3 scripts"), "{}", run.stdout);
}

#[test]
fn sarif_points_at_both_files_of_a_difference() {
    let run = run(&["check", "--format", "sarif", "."]);
    let sarif: Value = serde_json::from_str(&run.stdout).expect("SARIF is JSON");
    let results = sarif["runs"][0]["results"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let uri = |location: &Value| {
        location["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    let of = |rule: &str| {
        results
            .iter()
            .find(|r| r["ruleId"].as_str().is_some_and(|id| id.ends_with(rule)))
            .cloned()
            .unwrap_or(Value::Null)
    };
    let unread = of("unread_required_env_var");
    assert_eq!(
        uri(&unread["locations"][0]),
        "src/shop/steps/interfaces/basket_features.step.yaml"
    );
    assert_eq!(
        unread["locations"][0]["physicalLocation"]["region"]["startLine"],
        18
    );
    assert!(
        uri(&unread["relatedLocations"][0]).ends_with("scripts/basket_features.py"),
        "{unread:#}"
    );
    let undeclared = of("undeclared_input_path");
    assert!(uri(&undeclared["locations"][0]).ends_with("dockers/scripts/basket_features.py"));
    assert_eq!(
        uri(&undeclared["relatedLocations"][0]),
        "src/shop/steps/interfaces/basket_features.step.yaml"
    );
}

#[test]
fn a_folder_without_interfaces_is_still_routed_by_file_name() {
    // Walked on its own, `tests/` holds no interface: the old layout's globs apply there.
    let run = run(&["route", "tests"]);
    assert!(
        run.stdout.contains(
            "tests/test_basket_preprocessing.py: processing (matches `*_preprocessing.py`)"
        ),
        "{}",
        run.stdout
    );
    assert!(Path::new(&common::repo().join(TREE).join("tests")).is_dir());
}

#[test]
fn the_index_walk_stops_at_its_limit_with_a_notice() {
    let root = common::repo().join(TREE);
    let globs = globset::GlobSetBuilder::new()
        .add(globset::Glob::new("**/*.step.yaml").expect("the glob compiles"))
        .build()
        .expect("the set builds");
    let (all, cut) = rulecheck::run::walk::matching_files(&root, &globs, false, 1_000);
    assert_eq!(all.len(), 3, "{all:?}");
    assert_eq!(cut, None);
    let (some, cut) = rulecheck::run::walk::matching_files(&root, &globs, false, 3);
    assert!(some.len() < 3, "{some:?}");
    let notice = cut.unwrap_or_default();
    assert!(
        notice.contains("holds more than 3 files and folders"),
        "{notice}"
    );
}

#[test]
fn the_index_walk_of_a_tree_too_large_for_one_thread_finds_every_match() {
    // More entries than the walk visits on one thread before it starts over in parallel.
    let root = scratch("large-index-tree");
    for folder in 0..50 {
        let dir = root.join(format!("f{folder}/interfaces"));
        fs::create_dir_all(&dir).expect("scratch is writable");
        for file in 0..100 {
            fs::write(dir.join(format!("s{file}.py")), "").expect("scratch is writable");
        }
        fs::write(dir.join("step.step.yaml"), "").expect("scratch is writable");
    }
    let globs = globset::GlobSetBuilder::new()
        .add(globset::Glob::new("**/*.step.yaml").expect("the glob compiles"))
        .build()
        .expect("the set builds");
    let (all, cut) = rulecheck::run::walk::matching_files(&root, &globs, false, 100_000);
    assert_eq!(all.len(), 50, "{all:?}");
    assert!(all.windows(2).all(|w| w[0] < w[1]), "sorted: {all:?}");
    assert_eq!(cut, None);
    let (_, cut) = rulecheck::run::walk::matching_files(&root, &globs, false, 4_500);
    let notice = cut.unwrap_or_default();
    assert!(
        notice.contains("holds more than 4500 files and folders"),
        "{notice}"
    );
    let _ = fs::remove_dir_all(&root);
}
