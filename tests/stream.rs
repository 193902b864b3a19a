//! The report is written while the files are checked: in path order whatever the walk's order
//! or the number of jobs, cut quietly when the reader goes away, and never begun when a named
//! file cannot be read.

mod common;

use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

use common::{json, registermodel, repo, rulecheck_in, scratch};

const SCRIPT: &str = "tests/fixtures/registermodel/pipeline/scripts/churn_register.py";

/// A scratch tree holding a copy of the fixture script at each of `files`.
fn tree(name: &str, files: &[&str]) -> std::path::PathBuf {
    let dir = scratch(name);
    let script = fs::read(repo().join(SCRIPT)).expect("the fixture script exists");
    for file in files {
        let path = dir.join(file);
        fs::create_dir_all(path.parent().unwrap_or(&dir)).expect("scratch is writable");
        fs::write(&path, &script).expect("scratch is writable");
    }
    dir
}

fn paths(report: &serde_json::Value) -> Vec<String> {
    report["results"]
        .as_array()
        .map(|results| {
            results
                .iter()
                .filter_map(|r| r["path"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn results_come_in_path_order_not_walk_order_whatever_the_jobs() {
    // The walk visits `a/` before `a.py` and `a-b.py`; as strings, `a-b.py` < `a.py` < `a/b.py`.
    let dir = tree("order", &["a/b.py", "a.py", "a-b.py", "ab.py", "a/c/d.py"]);
    let run = |jobs: &str| {
        rulecheck_in(
            &dir,
            &[
                "--pack",
                "registermodel",
                "--all-files",
                "--format",
                "json",
                "-j",
                jobs,
                ".",
            ],
            None,
        )
    };
    let one = run("1");
    assert_eq!(
        paths(&json(&one)),
        ["./a-b.py", "./a.py", "./a/b.py", "./a/c/d.py", "./ab.py"]
    );
    for jobs in ["2", "4", "8"] {
        assert_eq!(run(jobs).stdout, one.stdout, "-j {jobs}");
    }
}

#[test]
fn a_folder_walked_while_checked_reports_as_a_listed_one_notices_in_walk_order() {
    // One folder is walked in report order while it is checked; naming it twice makes the
    // runner list and sort the files first. Both must print the same report, and notices about
    // skipped files keep the walk-by-name order (`a/…` before `a.py`).
    let dir = tree("walked", &["a/b.py", "a.py", "a-b.py", "ab.py", "a/c/d.py"]);
    for large in ["a/big.py", "a.big.py", "a-big.py"] {
        fs::write(dir.join(large), "x = 1\n".repeat(2000)).expect("scratch is writable");
    }
    for format in ["text", "json"] {
        let run = |paths: &[&str]| {
            let mut args = vec!["--pack", "registermodel", "--all-files", "--format", format];
            args.extend(["--max-file-size", "4K", "--color", "never"]);
            args.extend(paths);
            rulecheck_in(&dir, &args, None)
        };
        let walked = run(&["."]);
        let listed = run(&[".", "."]);
        assert_eq!(walked.stdout, listed.stdout, "--format {format}");
        let big: Vec<usize> = ["./a/big.py", "./a-big.py", "./a.big.py"]
            .iter()
            .filter_map(|name| walked.stdout.find(&format!("{name}: skipped")))
            .collect();
        assert_eq!(big.len(), 3, "{}", walked.stdout);
        assert!(
            big.is_sorted(),
            "notices not in walk order: {}",
            walked.stdout
        );
    }
}

#[test]
fn standard_input_takes_its_place_among_the_files_by_path() {
    let dir = tree("stdin", &["a.py", "c.py"]);
    let script = fs::read(repo().join(SCRIPT)).expect("the fixture script exists");
    let run = rulecheck_in(
        &dir,
        &[
            "--pack",
            "registermodel",
            "--all-files",
            "--format",
            "json",
            "--stdin-filename",
            "./b.py",
            ".",
            "-",
        ],
        Some(&script),
    );
    assert_eq!(paths(&json(&run)), ["./a.py", "./b.py", "./c.py"]);
}

#[test]
fn a_named_file_that_cannot_be_read_stops_the_run_before_any_output() {
    // It sorts after every walked file, yet nothing is printed before the error.
    let run = registermodel(&[
        "--format",
        "json",
        "tests/fixtures/registermodel",
        "zz/missing_register.py",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("zz/missing_register.py"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_reader_that_closes_the_pipe_ends_the_run_quietly() {
    // Far more output than a pipe holds, so the run is still writing when the reader goes.
    let names: Vec<String> = (0..400).map(|i| format!("s{i:03}.py")).collect();
    let dir = tree(
        "pipe",
        &names.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_rulecheck"))
        .args([
            "--pack",
            "registermodel",
            "--all-files",
            "--format",
            "json",
            "-j",
            "2",
        ])
        .arg(Path::new(&dir))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the rulecheck binary runs");
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let mut start = [0u8; 64];
    stdout.read_exact(&mut start).expect("the report begins");
    drop(stdout);
    let output = child.wait_with_output().expect("rulecheck finishes");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(start.starts_with(b"{\n  \"version\""));
    assert_eq!(stderr, "", "a closed pipe is not an error to report");
    assert_eq!(output.status.code(), Some(2), "{stderr}");
}
