//! `--format junit`: JUnit XML with the structure CI servers' JUnit schema requires, one test
//! case per file and rule that ran, and text that stays well-formed XML whatever a message or a
//! path holds.

mod common;

use std::fs;

use common::{registermodel, rulecheck_in, scratch};
use roxmltree::{Document, Node};

const ROOT: &str = "tests/fixtures/suppressions";
const CHURN: &str = "tests/fixtures/suppressions/scripts/churn_register.py";
const FRAUD: &str = "tests/fixtures/suppressions/scripts/fraud_registration.py";

/// One element of the JUnit schema CI servers validate against (Jenkins xUnit's
/// `junit-10.xsd`, which GitLab's and Azure's readers accept too): its required attributes, the
/// others it allows, and the elements it may hold.
struct Element {
    name: &'static str,
    required: &'static [&'static str],
    optional: &'static [&'static str],
    children: &'static [&'static str],
}

/// The schema's elements that a report can hold (`rerunFailure` and its kin omitted: rulecheck
/// never reruns).
const SCHEMA: &[Element] = &[
    Element {
        name: "testsuites",
        required: &[],
        optional: &["name", "time", "tests", "failures", "errors"],
        children: &["testsuite"],
    },
    Element {
        name: "testsuite",
        required: &["name", "tests", "failures", "errors"],
        optional: &[
            "group",
            "time",
            "skipped",
            "timestamp",
            "hostname",
            "id",
            "package",
            "file",
            "log",
            "url",
        ],
        children: &[
            "testsuite",
            "properties",
            "testcase",
            "system-out",
            "system-err",
        ],
    },
    Element {
        name: "testcase",
        required: &["name"],
        optional: &["time", "classname", "group"],
        children: &["skipped", "error", "failure", "system-out", "system-err"],
    },
    Element {
        name: "failure",
        required: &[],
        optional: &["type", "message"],
        children: &[],
    },
    Element {
        name: "error",
        required: &[],
        optional: &["type", "message"],
        children: &[],
    },
    Element {
        name: "skipped",
        required: &[],
        optional: &["type", "message"],
        children: &[],
    },
];

/// What in `xml` breaks the schema (or is not well-formed XML), from the root `testsuites` down;
/// and whether each suite's counts agree with its test cases.
fn schema_errors(xml: &str) -> Vec<String> {
    let document = match Document::parse(xml) {
        Ok(document) => document,
        Err(e) => return vec![format!("not well-formed XML: {e}")],
    };
    let root = document.root_element();
    let mut errors = Vec::new();
    if root.tag_name().name() != "testsuites" {
        errors.push(format!("the root is <{}>", root.tag_name().name()));
    }
    check_element(root, &mut errors);
    errors
}

fn check_element(node: Node, errors: &mut Vec<String>) {
    let name = node.tag_name().name();
    let Some(element) = SCHEMA.iter().find(|e| e.name == name) else {
        errors.push(format!("<{name}> is no element of the schema"));
        return;
    };
    for required in element.required {
        if node.attribute(*required).is_none() {
            errors.push(format!("<{name}> lacks `{required}`"));
        }
    }
    for attribute in node.attributes() {
        let known = element.required.iter().chain(element.optional);
        if !known.into_iter().any(|a| *a == attribute.name()) {
            errors.push(format!("<{name}> has `{}`", attribute.name()));
        }
    }
    for child in node.children().filter(Node::is_element) {
        let child_name = child.tag_name().name();
        if element.children.contains(&child_name) {
            check_element(child, errors);
        } else {
            errors.push(format!("<{name}> holds <{child_name}>"));
        }
    }
    if name == "testsuite" {
        check_counts(node, errors);
    }
}

/// A suite's `tests`, `failures` and `skipped` against its test cases.
fn check_counts(suite: Node, errors: &mut Vec<String>) {
    let cases: Vec<Node> = suite
        .children()
        .filter(|c| c.has_tag_name("testcase"))
        .collect();
    let with = |child: &str| {
        cases
            .iter()
            .filter(|c| c.children().any(|n| n.has_tag_name(child)))
            .count()
    };
    for (attribute, count) in [
        ("tests", cases.len()),
        ("failures", with("failure")),
        ("skipped", with("skipped")),
        ("errors", with("error")),
    ] {
        let written = suite.attribute(attribute).unwrap_or("0");
        if written != count.to_string() {
            errors.push(format!(
                "suite {:?}: {attribute}={written}, but {count} test cases",
                suite.attribute("name")
            ));
        }
    }
}

fn junit(args: &[&str]) -> String {
    let mut all = vec!["--format", "junit", "--root", ROOT];
    all.extend(args);
    let run = registermodel(&all);
    assert_ne!(run.code, 2, "{}", run.stderr);
    run.stdout
}

#[test]
fn junit_report_has_the_structure_the_junit_schema_requires() {
    for report in [
        junit(&[CHURN, FRAUD]),
        junit(&["--levels", "approval", CHURN, FRAUD]),
    ] {
        let errors = schema_errors(&report);
        assert!(errors.is_empty(), "{errors:#?}\n{report}");
    }
    let broken = "<testsuites><testsuite name=\"s\" tests=\"2\" failures=\"0\">\
                  <testcase classname=\"c\" file=\"f\"><bogus/></testcase></testsuite></testsuites>";
    assert_eq!(
        schema_errors(broken).len(),
        5,
        "the check can fail: {:#?}",
        schema_errors(broken)
    );
}

#[test]
fn junit_has_a_test_case_per_file_and_rule_that_ran_failing_with_its_findings() {
    let report = junit(&["--levels", "approval", CHURN, FRAUD]);
    let document = Document::parse(&report).expect("well-formed XML");
    let cases: Vec<(&str, &str, Option<&str>)> = document
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .map(|case| {
            let failure = case.children().find(|n| n.has_tag_name("failure"));
            (
                case.attribute("classname").unwrap_or_default(),
                case.attribute("name").unwrap_or_default(),
                failure.and_then(|f| f.attribute("type")),
            )
        })
        .collect();
    let fraud = "tests/fixtures/suppressions/scripts/fraud_registration.py";
    let churn = "tests/fixtures/suppressions/scripts/churn_register.py";
    for case in [
        ("registermodel.approval_status", churn, None),
        ("registermodel.approval_status_value", churn, None),
        ("registermodel.approval_status", fraud, None),
        ("registermodel.approval_status_value", fraud, Some("ERROR")),
        ("rulecheck.invalid_suppression", fraud, Some("WARNING")),
    ] {
        assert!(cases.contains(&case), "{case:?} is not in {cases:#?}");
    }
    assert!(
        !cases.iter().any(|c| c.0 == "registermodel.model_metadata"),
        "a level that did not run has no test cases: {cases:#?}"
    );
    let text = document
        .descendants()
        .find(|n| n.has_tag_name("failure") && n.attribute("type") == Some("ERROR"))
        .and_then(|f| f.text())
        .unwrap_or_default();
    assert!(
        text.starts_with(&format!(
            "{fraud}:12:25: ERROR: approval_status is \"PendingApproval\""
        )) && text.contains("\n  recommendation: Use exactly one of Approved"),
        "{text}"
    );
}

#[test]
fn junit_stays_well_formed_with_markup_and_control_characters_in_messages_and_paths() {
    let dir = scratch("junit-hostile");
    let name = "a&b<c>\"d'\u{1}.py";
    let script = "import sagemaker\nstep = RegisterModel(approval_status='<x>&\"]]>\u{b}\u{1b}')\n";
    fs::write(dir.join(name), script).expect("scratch is writable");
    let run = rulecheck_in(
        &dir,
        &[
            "--isolated",
            "--pack",
            "registermodel",
            "--levels",
            "approval",
            "--format",
            "junit",
            name,
        ],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let errors = schema_errors(&run.stdout);
    assert!(errors.is_empty(), "{errors:#?}\n{}", run.stdout);
    let document = Document::parse(&run.stdout).expect("well-formed XML");
    let failure = document
        .descendants()
        .find(|n| n.has_tag_name("failure"))
        .expect("the invalid status fails");
    let message = failure.attribute("message").unwrap_or_default();
    assert!(message.contains("<x>&\"]]>\u{fffd}\u{fffd}"), "{message:?}");
    let case = failure.parent().expect("a failure is in a test case");
    assert_eq!(case.attribute("name"), Some("a&b<c>\"d'\u{fffd}.py"));
}

#[test]
fn junit_skips_the_rules_a_script_that_does_not_parse_leaves_unjudged() {
    let dir = scratch("junit-unparsed");
    let script = "import sagemaker\nstep = RegisterModel(approval_status='Approved'\ndef (:\n";
    fs::write(dir.join("churn_register.py"), script).expect("scratch is writable");
    let run = rulecheck_in(
        &dir,
        &[
            "--isolated",
            "--pack",
            "registermodel",
            "--format",
            "junit",
            "churn_register.py",
        ],
        None,
    );
    assert_ne!(run.code, 2, "{}", run.stderr);
    let errors = schema_errors(&run.stdout);
    assert!(errors.is_empty(), "{errors:#?}\n{}", run.stdout);
    let document = Document::parse(&run.stdout).expect("well-formed XML");
    let skipped = document
        .descendants()
        .filter(|n| n.has_tag_name("skipped"))
        .count();
    let suite = document
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .expect("one suite");
    assert!(skipped > 0, "{}", run.stdout);
    assert_eq!(
        suite.attribute("skipped"),
        Some(skipped.to_string().as_str())
    );
}

#[test]
fn junit_report_snapshot() {
    let run = registermodel(&["--format", "junit", "--root", ROOT, CHURN, FRAUD]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    snapshot!("junit_suppressions", run.stdout);
}
