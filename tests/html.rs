//! `--format html`: one self-contained page whose totals, matrix and rule counts are the JSON
//! report's, with every finding in the document (scripting off loses nothing), suppressed
//! findings listed with their reasons, and whatever a path or message holds shown as text.
//! `tests/html_chromium.rs` opens the page in a browser.

#[macro_use]
mod common;

use std::fs;
use std::process::Command;

use common::html::{
    finding_rows, json_matrix, json_rule_counts, json_totals, matrix, rule_counts, totals,
};
use common::{json, registermodel, repo, rulecheck, rulecheck_in, scratch};

const ROOT: &str = "tests/fixtures/suppressions";
const CHURN: &str = "tests/fixtures/suppressions/scripts/churn_register.py";
const FRAUD: &str = "tests/fixtures/suppressions/scripts/fraud_registration.py";

/// The HTML report of `rulecheck ARGS`, made as of 2026-12-04 (`SOURCE_DATE_EPOCH`).
fn html(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_rulecheck"))
        .args(args)
        .args(["--format", "html"])
        .current_dir(repo())
        .env("SOURCE_DATE_EPOCH", "1796411400")
        .output()
        .expect("rulecheck runs");
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("the page is UTF-8")
}

/// The page without its stylesheet and script, which are the same on every page.
fn without_style_and_script(page: &str) -> String {
    let cut = |page: &str, open: &str, close: &str| -> String {
        match (page.rfind(open), page.rfind(close)) {
            (Some(from), Some(to)) if from < to => {
                format!("{}{open}…{}", &page[..from], &page[to..])
            }
            _ => page.to_owned(),
        }
    };
    let page = cut(page, "<style>", "</style>");
    cut(&page, "<script>\n", "</script>")
}

#[test]
fn html_report_snapshot() {
    let page = html(&["--pack", "registermodel", "--root", ROOT, CHURN, FRAUD]);
    snapshot!("html_suppressions", without_style_and_script(&page));
}

#[test]
fn totals_matrix_and_rules_are_the_json_reports() {
    for args in [
        &["--pack", "registermodel", "--root", ROOT, CHURN, FRAUD][..],
        &["tests/fixtures/interface_first"][..],
        &["tests/fixtures/registermodel"][..],
    ] {
        let page = html(args);
        let mut json_args = args.to_vec();
        json_args.extend(["--format", "json"]);
        let report = json(&rulecheck(&json_args));
        assert_eq!(totals(&page), json_totals(&report), "{args:?}");
        assert_eq!(matrix(&page), json_matrix(&report), "{args:?}");
        assert_eq!(rule_counts(&page), json_rule_counts(&report), "{args:?}");
        assert!(
            !matrix(&page).is_empty(),
            "{args:?}: the run finds something"
        );
    }
}

#[test]
fn every_finding_is_in_the_document_and_the_filters_wait_for_the_script() {
    let page = html(&["--pack", "registermodel", "--root", ROOT, CHURN, FRAUD]);
    let report = json(&registermodel(&[
        "--root", ROOT, CHURN, FRAUD, "--format", "json",
    ]));
    let rows = finding_rows(&page);
    let total = json_totals(&report);
    assert_eq!(rows.len(), total["issues"] + total["suppressed"]);
    assert!(rows.iter().all(|(_, _, hidden)| !hidden));
    // Without scripting the controls would do nothing, so they are hidden until it runs.
    assert!(page.contains("<form id=\"filters\" hidden>"));
}

#[test]
fn suppressed_findings_are_listed_with_what_suppressed_them_and_why() {
    let page = html(&["--pack", "registermodel", "--root", ROOT, CHURN, FRAUD]);
    let audit = &page[page.find("<table id=\"audit\">").expect("an audit table")..];
    let audit = &audit[..audit.find("</table>").expect("the table ends")];
    let report = json(&registermodel(&[
        "--root", ROOT, CHURN, FRAUD, "--format", "json",
    ]));
    let suppressed: Vec<&serde_json::Value> = report["results"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|r| r["suppressed"].as_array().into_iter().flatten())
        .collect();
    assert_eq!(audit.matches("<tr><td>").count(), suppressed.len());
    assert!(!suppressed.is_empty());
    for finding in suppressed {
        let reason = finding["reason"].as_str().expect("a reason");
        assert!(audit.contains(reason), "{reason} is not in {audit}");
    }
    assert!(
        audit.contains("<code># rulecheck: ignore</code> on line"),
        "{audit}"
    );
}

#[test]
fn paths_and_messages_are_text_not_markup() {
    let dir = scratch("html_hostile");
    let name = "<img src=x onerror=alert(1)>register.py";
    fs::write(
        dir.join(name),
        "from sagemaker.workflow.step_collections import RegisterModel\n\
         RegisterModel(name=\"<script>alert(2)</script>\", approval_status=\"<b>Maybe</b>\")\n",
    )
    .expect("the scratch file is written");
    let run = rulecheck_in(
        &dir,
        &[
            "--pack",
            "registermodel",
            "--all-files",
            "--format",
            "html",
            ".",
        ],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let page = run.stdout;
    assert!(
        page.contains("&lt;img src=x onerror=alert(1)&gt;register.py"),
        "{page}"
    );
    assert!(!page.contains("<img"), "{page}");
    assert!(!page.contains("<b>Maybe"), "{page}");
    assert!(!page.contains("<script>alert"), "{page}");
}

#[test]
fn the_page_loads_nothing_and_forbids_loading_anything() {
    let page = html(&["--pack", "registermodel", "--root", ROOT, CHURN, FRAUD]);
    assert!(
        page.contains("content=\"default-src 'none';"),
        "no Content-Security-Policy"
    );
    for attribute in [" src=", " href=", "url(", "@import"] {
        assert!(
            !page.contains(attribute),
            "the page names a resource: {attribute}"
        );
    }
}

#[test]
fn the_packs_that_made_the_report_are_named_with_their_digest() {
    let page = html(&["--pack", "registermodel", "--root", ROOT, CHURN, FRAUD]);
    let text = fs::read(repo().join("rules/registermodel.toml")).expect("the pack is there");
    let digest = sha256_hex(&text);
    assert!(
        page.contains(&digest),
        "sha256 {digest} of rules/registermodel.toml is not shown"
    );
    assert!(
        page.contains("Made 2026-12-04 19:10 UTC by rulecheck"),
        "{page}"
    );
}

/// `sha256sum`'s digest of `bytes`, from the tool itself (the test does not reuse the code it
/// checks).
fn sha256_hex(bytes: &[u8]) -> String {
    let dir = scratch("html_digest");
    let file = dir.join("bytes");
    fs::write(&file, bytes).expect("written");
    let out = Command::new("sha256sum")
        .arg(&file)
        .output()
        .expect("sha256sum runs");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn the_audit_list_stops_at_its_bound_and_every_suppressed_finding_stays_in_its_file() {
    let dir = scratch("html_many_suppressed");
    fs::write(
        dir.join("rulecheck.toml"),
        "[per-file-ignores]\n\"*.py\" = [\"model_metadata\", \"model_metrics\", \"approval_status\"]\n",
    )
    .expect("the configuration is written");
    for i in 0..1500 {
        fs::write(
            dir.join(format!("register_{i:04}.py")),
            "from sagemaker.workflow.step_collections import RegisterModel\n\
             step = RegisterModel(name=\"Register\", model=model)\n",
        )
        .expect("a script is written");
    }
    let run = rulecheck_in(
        &dir,
        &["--pack", "registermodel", "--format", "html", "."],
        None,
    );
    assert!(matches!(run.code, 0 | 1), "{}", run.stderr);
    let page = run.stdout;
    let suppressed = totals(&page)["suppressed"];
    assert_eq!(suppressed, 4500, "three suppressed findings per script");
    let audit = &page[page.find("<table id=\"audit\">").expect("an audit table")..];
    let listed = audit[..audit.find("</table>").expect("it ends")]
        .matches("<tr><td>")
        .count();
    assert!(
        listed > 0 && listed < suppressed,
        "{listed} of {suppressed} listed"
    );
    assert!(
        audit.contains("This list stops at 1024 KiB"),
        "the cut is said"
    );
    let in_files = finding_rows(&page)
        .iter()
        .filter(|(sev, _, _)| sev == "suppressed")
        .count();
    assert_eq!(in_files, suppressed);
}
