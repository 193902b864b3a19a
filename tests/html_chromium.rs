//! The HTML report of the whole standard-library run (every pack, routed as by default), opened
//! from `file://` in headless Chromium: the page runs its script without an error, requests
//! nothing, and the totals, the matrix and a filtered view in the browser's DOM are the JSON
//! report's. It also takes the screenshot the README shows.
//!
//! Chromium is found as `chromium`, `chromium-browser` or `google-chrome`; without one the test
//! says so and passes, unless `RULECHECK_REQUIRE_CHROMIUM=1` (as `.ci/run` sets it). With
//! `RULECHECK_UPDATE_SCREENSHOT=1` the screenshot replaces `snapshots/html_report.png`.

mod common;
#[path = "support/corpus.rs"]
mod corpus;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::html::{finding_rows, json_issues, json_matrix, json_totals, matrix, totals};
use common::{json, repo, rulecheck_in, scratch};

/// The Chromium on PATH, if any.
fn chromium() -> Option<String> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|name| {
            Command::new(name)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .map(str::to_owned)
}

/// Runs headless Chromium on `url` with `args`; returns what it printed and its log.
fn headless(browser: &str, url: &str, args: &[&str]) -> (String, String) {
    let profile = scratch("html_chromium_profile");
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .output()
        .expect("Chromium runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The console's complaints in Chromium's log: script errors and refused loads.
fn console_errors(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|l| l.contains("CONSOLE") || l.contains("Refused to"))
        .collect()
}

/// The value of attribute `name` of the root element in a dumped DOM.
fn root_attribute<'a>(dom: &'a str, name: &str) -> Option<&'a str> {
    let root = &dom[dom.find("<html")?..];
    let root = &root[..root.find('>')?];
    let start = root.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(&root[start..start + root[start..].find('"')?])
}

#[test]
fn the_stdlib_report_opens_in_chromium_and_agrees_with_the_json_report() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("RULECHECK_REQUIRE_CHROMIUM").is_none(),
            "RULECHECK_REQUIRE_CHROMIUM is set but no Chromium is on PATH"
        );
        eprintln!(
            "skipped: no chromium, chromium-browser or google-chrome on PATH (apt-get install chromium)"
        );
        return;
    };
    let corpus = corpus::stdlib_dir();
    let corpus = corpus.to_str().expect("a UTF-8 path");
    let dir = scratch("html_chromium");
    let page = dir.join("report.html");
    let html = rulecheck_in(
        repo(),
        &[
            "--format",
            "html",
            "--output-file",
            page.to_str().expect("UTF-8"),
            corpus,
        ],
        None,
    );
    assert!(matches!(html.code, 0 | 1), "{}", html.stderr);
    let report = json(&rulecheck_in(repo(), &["--format", "json", corpus], None));
    let url = format!("file://{}", page.display());

    // The whole page, after its script ran.
    let (dom, log) = headless(&browser, &url, &["--dump-dom"]);
    assert_eq!(
        root_attribute(&dom, "data-ready"),
        Some("1"),
        "the script did not finish"
    );
    assert_eq!(root_attribute(&dom, "data-errors"), None, "script errors");
    assert_eq!(
        root_attribute(&dom, "data-blocked"),
        None,
        "blocked requests"
    );
    assert_eq!(
        root_attribute(&dom, "data-requests"),
        Some("0"),
        "the page requested something"
    );
    assert_eq!(console_errors(&log), Vec::<&str>::new());
    let json_totals = json_totals(&report);
    assert!(
        json_totals["issues"] > 0,
        "the run finds something: {json_totals:?}"
    );
    assert_eq!(totals(&dom), json_totals);
    assert_eq!(matrix(&dom), json_matrix(&report));

    // A filtered view: the warnings of the pack with the most of them, as a link opens it.
    let packs: Vec<String> = report["results"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["pack"].as_str().map(str::to_owned))
        .collect();
    let pack = packs
        .iter()
        .max_by_key(|p| json_issues(&report, p, "WARNING"))
        .expect("a pack checked something");
    let expected = json_issues(&report, pack, "WARNING");
    let (filtered, log) = headless(
        &browser,
        &format!("{url}#severity=WARNING&pack={pack}"),
        &["--dump-dom"],
    );
    assert_eq!(console_errors(&log), Vec::<&str>::new());
    let shown: Vec<_> = finding_rows(&filtered)
        .into_iter()
        .filter(|(_, _, hidden)| !hidden)
        .collect();
    assert_eq!(shown.len(), expected, "visible rows of {pack}'s warnings");
    let own = |rule: &str| rule.starts_with("rulecheck::");
    assert!(
        shown.iter().all(|(sev, rule, _)| sev == "WARNING"
            && (rule.starts_with(&format!("{pack}:")) || own(rule))),
        "{shown:?}"
    );
    assert!(
        filtered.contains(&format!("data-shown=\"{expected}\"")),
        "the count shown"
    );

    // A search: the path of one file with issues shows that file's findings.
    let file = report["results"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| {
            r["pack"] == pack.as_str()
                && r["enhanced_results"]["issues"]
                    .as_array()
                    .is_some_and(|i| !i.is_empty())
        })
        .expect("a file of that pack has issues");
    // The whole path: a file name alone (`__init__.py`) may name several files.
    let name = file["path"].as_str().expect("a path");
    let in_file: usize = report["results"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| r["path"] == file["path"])
        .map(|r| {
            r["enhanced_results"]["issues"]
                .as_array()
                .map_or(0, Vec::len)
        })
        .sum();
    let (searched, _) = headless(&browser, &format!("{url}#q={name}"), &["--dump-dom"]);
    assert!(
        searched.contains(&format!("data-shown=\"{in_file}\"")),
        "a search for {name}"
    );

    // The screenshot.
    let png = dir.join("report.png");
    let shot = format!("--screenshot={}", png.display());
    headless(&browser, &url, &[&shot, "--window-size=1280,1700"]);
    let bytes = fs::read(&png).expect("Chromium wrote the screenshot");
    assert!(
        bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() > 10_000,
        "{} bytes",
        bytes.len()
    );
    if std::env::var_os("RULECHECK_UPDATE_SCREENSHOT").is_some() {
        fs::write(Path::new(repo()).join("snapshots/html_report.png"), bytes).expect("written");
    }
}
