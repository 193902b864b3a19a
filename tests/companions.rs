//! Companion files (specs, builders, requirements) are read only under `--root`: a symbolic
//! link that leads out of the root is not followed, whatever `--follow` says; one over
//! `--max-file-size` is not read.

mod common;

use std::fs;
use std::path::Path;

use common::{json, rulecheck_in, scratch};

/// A project whose builder is a symbolic link to `target`, and a registration script.
#[cfg(unix)]
fn project_with_linked_builder(name: &str, target: &Path) -> std::path::PathBuf {
    let root = scratch(name).join("project");
    let builders = root.join("cursus/steps/builders");
    fs::create_dir_all(&builders).expect("scratch is writable");
    fs::write(
        root.join("churn_registration.py"),
        "model.register(description='d', model_metrics=m, approval_status='Approved')\n",
    )
    .expect("scratch is writable");
    std::os::unix::fs::symlink(target, builders.join("builder_churn_registration_step.py"))
        .expect("symbolic links can be made");
    root
}

#[cfg(unix)]
#[test]
fn a_companion_linked_from_outside_the_root_is_treated_as_absent_with_a_notice() {
    let outside = scratch("outside_builder").join("builder.py");
    fs::write(
        &outside,
        "def _create_model_package(self):\n    return ModelPackage()\n",
    )
    .expect("scratch is writable");
    let root = project_with_linked_builder("linked_out", &outside);
    for follow in [false, true] {
        let mut args = vec!["--pack", "registermodel", "--format", "json", "--root", "."];
        if follow {
            args.push("--follow");
        }
        args.push("churn_registration.py");
        let run = rulecheck_in(&root, &args, None);
        assert_ne!(run.code, 2, "{}", run.stderr);
        let result = &json(&run)["results"][0];
        let categories: Vec<&str> = result["additional_issues"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|i| i["category"].as_str())
            .collect();
        assert!(
            categories.contains(&"missing_registration_builder"),
            "--follow {follow}: {categories:?}"
        );
        let notices = result["notices"].to_string();
        assert!(
            notices.contains("builder_churn_registration_step.py")
                && notices.contains("leaves the root"),
            "--follow {follow}: {notices}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_companion_linked_inside_the_root_is_read() {
    let root = project_with_linked_builder("linked_in", Path::new("real_builder.py"));
    fs::write(
        root.join("cursus/steps/builders/real_builder.py"),
        "def _create_model_package(self):\n    return ModelPackage()\n",
    )
    .expect("scratch is writable");
    let run = rulecheck_in(
        &root,
        &[
            "--pack",
            "registermodel",
            "--format",
            "json",
            "churn_registration.py",
        ],
        None,
    );
    assert_ne!(run.code, 2, "{}", run.stderr);
    let result = &json(&run)["results"][0];
    assert_eq!(
        result["patterns"]["registration_builder"]["status"],
        "found"
    );
    assert_eq!(
        result["patterns"]["model_package_creation_method"]["status"],
        "found"
    );
    assert_eq!(result["notices"], serde_json::json!([]));
}

#[test]
fn a_companion_over_max_file_size_is_not_read_and_the_rules_that_search_it_are_skipped() {
    let root = scratch("large_builder").join("project");
    let builders = root.join("cursus/steps/builders");
    fs::create_dir_all(&builders).expect("scratch is writable");
    fs::write(
        root.join("churn_registration.py"),
        "model.register(description='d', model_metrics=m, approval_status='Approved')\n",
    )
    .expect("scratch is writable");
    let builder = format!(
        "{}def _create_model_package(self):\n    return ModelPackage()\n",
        "# padding\n".repeat(10)
    );
    fs::write(
        builders.join("builder_churn_registration_step.py"),
        &builder,
    )
    .expect("scratch is writable");
    let status = |max: &str| {
        let args = [
            "--pack",
            "registermodel",
            "--format",
            "json",
            "--max-file-size",
            max,
            "churn_registration.py",
        ];
        let run = rulecheck_in(&root, &args, None);
        assert_ne!(run.code, 2, "{}", run.stderr);
        let result = json(&run)["results"][0].clone();
        let status = result["patterns"]["model_package_creation_method"]["status"].clone();
        (status, result["notices"].to_string())
    };
    let (read, notices) = status("1K");
    assert_eq!(read, "found", "{notices}");
    let (unread, notices) = status("100");
    assert_eq!(unread, "skipped", "{notices}");
    assert!(
        notices.contains(&format!(
            "builder_churn_registration_step.py: not read, {} bytes is over --max-file-size 100; \
             the rules that search it were skipped",
            builder.len()
        )),
        "{notices}"
    );
}

/// By rule of the cursus layout, its status in the JSON report of the registration script of
/// the `rulecheck test` case `case` (checked with the case as the root), and the findings.
fn layout_rules_in(case: &str) -> String {
    let root = format!("rules/tests/registermodel/{case}");
    let script = format!("{root}/xgboost_registration.py");
    let run = common::registermodel(&["--root", &root, "--format", "json", &script]);
    let result = &json(&run)["results"][0];
    let mut lines: Vec<String> = [
        "registration_specification",
        "registration_builder",
        "model_package_creation_method",
    ]
    .iter()
    .map(|rule| format!("{rule}: {}", result["patterns"][rule]["status"]))
    .collect();
    let findings = result["additional_issues"].as_array().cloned();
    for issue in findings.unwrap_or_default() {
        lines.push(format!("finding: {}", issue["category"]));
    }
    format!("{case}\n  {}", lines.join("\n  "))
}

#[test]
fn spec_and_builder_rules_run_only_in_a_tree_that_holds_the_layout_marker() {
    // The same script: under a root without `cursus/steps` the spec and builder rules do not
    // run (skipped, no finding); under one with it (and no spec or builder), they fire.
    let outside = layout_rules_in("outside_layout");
    let inside = layout_rules_in("missing_companions");
    snapshot!(
        "layout_rules_outside_and_inside",
        format!("{outside}\n{inside}\n")
    );
    assert!(!outside.contains("finding"), "{outside}");
}
