//! Helpers shared by the integration tests: running the binary from the repository root and
//! pinning outputs as insta snapshots under `snapshots/`.
#![allow(dead_code)] // each test crate uses its own subset of these helpers

pub mod html;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What one run of the binary printed and how it exited.
#[derive(Debug)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

/// The repository root, the working directory of every run.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `rulecheck ARGS` in the repository root.
pub fn rulecheck(args: &[&str]) -> Run {
    rulecheck_in(repo(), args, None)
}

/// Runs `rulecheck ARGS` in `dir`, feeding `stdin` when given.
pub fn rulecheck_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rulecheck"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the rulecheck binary runs");
    let mut pipe = child.stdin.take().expect("stdin is piped");
    pipe.write_all(stdin.unwrap_or_default())
        .expect("stdin accepts the input");
    drop(pipe);
    let output = child.wait_with_output().expect("rulecheck finishes");
    Run {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        code: output.status.code().unwrap_or(-1),
    }
}

/// Runs `rulecheck --pack registermodel ARGS` in the repository root.
pub fn registermodel(args: &[&str]) -> Run {
    let mut all = vec!["--pack", "registermodel"];
    all.extend(args);
    rulecheck(&all)
}

/// The JSON report a run printed.
pub fn json(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\nstderr: {}", run.stdout, run.stderr))
}

/// A fresh, empty scratch folder for one test, named for this process so that two test runs
/// at once do not share it. The folders of earlier runs whose process is gone are removed
/// first (where `/proc` tells), so scratch folders do not pile up in the temp folder.
pub fn scratch(name: &str) -> PathBuf {
    let temp = std::env::temp_dir();
    remove_stale_scratch(&temp, name);
    let dir = temp.join(format!("rulecheck-test-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("the temp folder is writable");
    dir
}

/// Removes `rulecheck-test-PID-name` folders of processes that no longer run.
fn remove_stale_scratch(temp: &Path, name: &str) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = fs::read_dir(temp) else {
        return;
    };
    let suffix = format!("-{name}");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix("rulecheck-test-"))
            .and_then(|rest| rest.strip_suffix(suffix.as_str()))
            .filter(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        else {
            continue;
        };
        if !Path::new("/proc").join(pid).exists() {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// A scratch copy of the shipped registermodel pack with its tests, edited by `edit`.
pub fn pack_copy(name: &str, edit: impl Fn(String) -> String) -> std::path::PathBuf {
    let dir = scratch(name);
    let pack = fs::read_to_string(repo().join("rules/registermodel.toml")).expect("pack exists");
    fs::write(dir.join("registermodel.toml"), edit(pack)).expect("scratch is writable");
    copy_tree(&repo().join("rules/tests"), &dir.join("tests"));
    dir
}

pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("scratch is writable");
    for entry in fs::read_dir(from).expect("tree is readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy_tree(&path, &to.join(entry.file_name()));
        } else {
            fs::copy(&path, to.join(entry.file_name())).expect("file copies");
        }
    }
}

/// `insta::assert_snapshot!` with snapshots kept in the repository's `snapshots/` folder.
#[macro_export]
macro_rules! snapshot {
    ($name:expr, $value:expr) => {
        insta::with_settings!({
            snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots"),
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!($name, $value);
        })
    };
}

/// Every violation of the SARIF 2.1.0 schema (vendored in `tests/schemas/`) in `doc`, as text.
pub fn sarif_violations(doc: &serde_json::Value) -> Vec<String> {
    let text = fs::read_to_string(repo().join("tests/schemas/sarif-schema-2.1.0.json"))
        .expect("the vendored schema exists");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("the schema is JSON");
    let validator = jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles");
    validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}
