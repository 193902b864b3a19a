//! Robustness of a whole run against hostile input (issue 14):
//!
//! - `deeply_nested_inputs_do_not_abort_the_run`: shapes that once overflowed the stack inside
//!   Ruff's parser (a keyword argument whose name is a 100,000-deep operator chain, a 100,000-deep
//!   list as an assignment target) are checked through the binary: the process exits normally,
//!   each file gives one result, and the other file of the run is still reported.
//! - `every_mutant_of_the_stdlib_gives_one_result_or_one_skip_notice`: mutants of standard-library
//!   files (byte flips, cuts, bracket and quote storms, NULs, invalid UTF-8, CR and CRLF endings,
//!   splices, very long lines), all checked in one run. `RULECHECK_MUTANTS` sets how many (default
//!   [`DEFAULT_MUTANTS`]); `RULECHECK_MUTANT_SEED` changes the seed.
//! - `checking_a_tree_changes_and_creates_nothing`: a check is read-only.
//! - `fuzz_regressions_are_handled`: every input under `tests/fixtures/fuzz_regressions/` that
//!   once crashed a fuzz target (see `fuzz/README.md`) goes through the same code again.

mod common;
#[path = "support/corpus.rs"]
mod corpus;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use common::{copy_tree, repo, scratch};
use rulecheck::CompiledPack;
use rulecheck::checker::Checker;
use rulecheck::checker::index::Index;
use rulecheck::config;
use rulecheck::engine::{Options, Target};
use rulecheck::pack::{Origin, PackSource, locate};
use rulecheck::python::{SourceModel, Wants};
use rulecheck::report::existing;
use rulecheck::report::pretty::Writer;
use rulecheck::run::read::Disk;
use rulecheck::settings::{DEFAULT_MAX_FILE_SIZE, Settings};
use serde_json::Value;

/// Mutants checked by default: enough to run every operator a hundred times, small enough for
/// about 15 s in a debug build on two cores.
const DEFAULT_MUTANTS: usize = 1200;

/// A registration through a SageMaker `ModelPackage`: makes the registermodel pack parse the
/// file it is spliced into.
const REGISTRATION: &str = "from sagemaker import ModelPackage\n\
    ModelPackage(approval_status=s).register(model_approval_status=st)\n";

/// The outcome of one run of the binary.
struct Outcome {
    /// The exit code, `None` if a signal ended the process (an abort, a stack overflow).
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Outcome {
    let output = Command::new(env!("CARGO_BIN_EXE_rulecheck"))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("the rulecheck binary runs");
    Outcome {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Asserts the run ended by itself with 0 or 1 and printed a JSON report; returns the report.
fn report(outcome: &Outcome) -> Value {
    let skip = outcome.stderr.chars().count().saturating_sub(2000);
    let tail: String = outcome.stderr.chars().skip(skip).collect();
    assert!(
        matches!(outcome.code, Some(0 | 1)),
        "the run ended with {:?} (None: killed by a signal)\nstderr (end): {tail}",
        outcome.code
    );
    serde_json::from_str(&outcome.stdout)
        .unwrap_or_else(|e| panic!("the report is not JSON ({e})\nstderr (end): {tail}"))
}

/// How many results of `report` are for `path`.
fn results_for(report: &Value, path: &str) -> usize {
    report["results"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|result| result["path"].as_str() == Some(path))
        .count()
}

/// How many of the run's notices say `path` was skipped.
fn skips_for(report: &Value, path: &str) -> usize {
    let prefix = format!("{path}: skipped");
    report["summary"]["notices"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|notice| notice.as_str().is_some_and(|n| n.starts_with(&prefix)))
        .count()
}

fn path_str(path: &Path) -> String {
    path.display().to_string()
}

#[test]
fn deeply_nested_inputs_do_not_abort_the_run() {
    let dir = scratch("deep");
    let depth = 100_000;
    let files = [
        // The shape of issue 14: a long chain as a keyword argument's "name".
        (
            "chain_registration.py",
            format!("f({}x = 1)\n{REGISTRATION}", "a+".repeat(depth)),
        ),
        // The same chain as a keyword name in a closed call: dropped in error recovery.
        (
            "keyword_registration.py",
            format!("f({}x=1)\n{REGISTRATION}", "-".repeat(depth)),
        ),
        // A nested list as an assignment target: its context is set recursively.
        (
            "target_registration.py",
            format!(
                "{}a{} = 1\n{REGISTRATION}",
                "[".repeat(depth),
                "]".repeat(depth)
            ),
        ),
    ];
    let mut args = vec![
        "--pack".to_owned(),
        "registermodel".to_owned(),
        "--format".to_owned(),
        "json".to_owned(),
        "-j".to_owned(),
        "2".to_owned(),
    ];
    for (name, text) in &files {
        let path = dir.join(name);
        fs::write(&path, text).expect("scratch is writable");
        args.push(path_str(&path));
    }
    let other = repo().join("tests/fixtures/registermodel/pipeline/scripts/fraud_registration.py");
    args.push(path_str(&other));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();

    let report = report(&run(&args));

    for (name, _) in &files {
        let path = path_str(&dir.join(name));
        assert_eq!(results_for(&report, &path), 1, "one result for {name}");
    }
    assert_eq!(
        results_for(&report, &path_str(&other)),
        1,
        "the other file of the run is reported"
    );
    let _ = fs::remove_dir_all(&dir);
}

/// xorshift64*: a tiny deterministic generator, so a failing mutant can be made again.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`0` when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The mutation operators; each mutant applies one (after, for half of them, splicing in a
/// registration call so that the pack parses the file).
const OPERATORS: &[&str] = &[
    "flip", "cut", "brackets", "quotes", "nul", "utf8", "cr", "crlf", "splice", "long",
];

fn mutate(op: &str, base: &[u8], other: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut out = base.to_vec();
    match op {
        "flip" => {
            for _ in 0..=rng.below(16) {
                if !out.is_empty() {
                    let at = rng.below(out.len());
                    out[at] ^= 1 << rng.below(8);
                }
            }
        }
        "cut" => {
            let start = rng.below(out.len());
            let end = start + rng.below(out.len() - start + 1);
            out.drain(start..end);
        }
        "brackets" | "quotes" => {
            let alphabet: &[&[u8]] = if op == "brackets" {
                &[b"(", b"[", b"{", b")", b"]", b"}", b"f(", b"a[", b"{'k':"]
            } else {
                &[
                    b"'", b"\"", b"'''", b"\"\"\"", b"f'{", b"f\"{", b"}", b"rb'", b"\\",
                ]
            };
            let mut storm = Vec::new();
            let uniform = rng.below(2) == 0;
            let first = *rng.pick(alphabet);
            for _ in 0..1 + rng.below(20_000) {
                let unit: &[u8] = if uniform {
                    first
                } else {
                    rng.pick::<&[u8]>(alphabet)
                };
                storm.extend_from_slice(unit);
            }
            let at = rng.below(out.len() + 1);
            out.splice(at..at, storm);
        }
        "nul" => {
            for _ in 0..=rng.below(4) {
                let at = rng.below(out.len() + 1);
                out.insert(at, 0);
            }
        }
        "utf8" => {
            let bad: &[&[u8]] = &[
                b"\xff",
                b"\xc3",
                b"\xe2\x82",
                b"\xed\xa0\x80",
                b"\xf4\x90\x80\x80",
            ];
            for _ in 0..=rng.below(8) {
                let at = rng.below(out.len() + 1);
                out.splice(at..at, rng.pick(bad).iter().copied());
            }
        }
        "cr" | "crlf" => {
            let ending: &[u8] = if op == "cr" { b"\r" } else { b"\r\n" };
            let mixed = rng.below(3) == 0;
            let mut converted = Vec::with_capacity(out.len() + out.len() / 20);
            for &b in &out {
                if b == b'\n' && (!mixed || rng.below(2) == 0) {
                    converted.extend_from_slice(ending);
                } else {
                    converted.push(b);
                }
            }
            out = converted;
        }
        "splice" => {
            let at = rng.below(out.len() + 1);
            let from = rng.below(other.len() + 1);
            let to = from + rng.below(other.len() - from + 1);
            out.truncate(at);
            out.extend_from_slice(&other[from..to]);
        }
        "long" => {
            let unit: &[&[u8]] = &[b"a+", b"x.", b" ", b"1,", b"'s'", b"#"];
            let unit = rng.pick(unit);
            let line: Vec<u8> = unit.repeat((1 + rng.below(100_000)) / unit.len() + 1);
            let assignments = assignment_starts(&out);
            if rng.below(2) == 0 && !assignments.is_empty() {
                // Issue 14's shape: an unclosed call whose keyword argument "name" is a long
                // operator chain, made of an assignment `name = value` of the file.
                let at = *rng.pick(&assignments);
                let chain = b"a+".repeat(10_000 + rng.below(40_000));
                out.splice(at..at, b"f(".iter().chain(&chain).copied());
            } else {
                let at = rng.below(out.len() + 1);
                out.splice(at..at, line);
            }
        }
        _ => unreachable!("unknown operator {op}"),
    }
    out
}

/// Offsets of the names that start a line of the form `name = value`.
fn assignment_starts(text: &[u8]) -> Vec<usize> {
    let mut starts = Vec::new();
    for (line_start, line) in text.split(|&b| b == b'\n').scan(0, |offset, line| {
        let start = *offset;
        *offset += line.len() + 1;
        Some((start, line))
    }) {
        let indent = line.iter().take_while(|b| **b == b' ').count();
        let rest = &line[indent..];
        let name = rest
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
            .count();
        let after = &rest[name..];
        if name > 0 && rest[0].is_ascii_alphabetic() && after.starts_with(b" = ") {
            starts.push(line_start + indent);
        }
    }
    starts
}

fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(value) => value
            .parse()
            .unwrap_or_else(|_| panic!("{name} must be a number, not {value:?}")),
        Err(_) => default,
    }
}

#[test]
fn every_mutant_of_the_stdlib_gives_one_result_or_one_skip_notice() {
    let count = env_number("RULECHECK_MUTANTS", DEFAULT_MUTANTS as u64) as usize;
    let seed = env_number("RULECHECK_MUTANT_SEED", 14);
    let mut sources = Vec::new();
    corpus::py_files(&corpus::stdlib_dir(), &mut sources);
    // Files up to 64 KiB keep the run short; the operators make longer ones.
    let sources: Vec<Vec<u8>> = sources
        .iter()
        .filter_map(|path| fs::read(path).ok())
        .filter(|bytes| bytes.len() <= 64 * 1024)
        .collect();
    assert!(sources.len() > 100, "too few stdlib files found");

    let dir = scratch("mutants");
    let mut rng = Rng::new(seed);
    let mut names = Vec::with_capacity(count);
    for i in 0..count {
        let op = OPERATORS[i % OPERATORS.len()];
        let mut base = rng.pick(&sources).clone();
        if rng.below(2) == 0 {
            let at = rng.below(base.len() + 1);
            base.splice(at..at, REGISTRATION.bytes());
        }
        let other = rng.pick(&sources);
        let mutant = mutate(op, &base, other, &mut rng);
        let path = dir.join(format!("m{i:05}_{op}.py"));
        fs::write(&path, mutant).expect("scratch is writable");
        names.push(path_str(&path));
    }

    let report = report(&run(&[
        "--pack",
        "registermodel",
        "--all-files",
        "--format",
        "json",
        "-j",
        "2",
        &path_str(&dir),
    ]));

    let mut wrong = Vec::new();
    for name in &names {
        let (results, skips) = (results_for(&report, name), skips_for(&report, name));
        if results + skips != 1 {
            wrong.push(format!("{name}: {results} results, {skips} skip notices"));
        }
    }
    let total = report["results"].as_array().map_or(0, Vec::len);
    assert!(
        wrong.is_empty(),
        "seed {seed}: {} of {count} mutants not accounted for exactly once:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert!(total <= count, "{total} results for {count} mutants");
    let _ = fs::remove_dir_all(&dir);
}

/// Every entry under `root` (relative path) with its content (for files) and mtime.
fn snapshot_tree(root: &Path) -> BTreeMap<PathBuf, (Option<Vec<u8>>, SystemTime)> {
    let mut entries = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).expect("the tree is readable").flatten() {
            let path = entry.path();
            let meta = fs::symlink_metadata(&path).expect("the entry has metadata");
            let mtime = meta.modified().expect("mtimes are supported");
            let content = if meta.is_dir() {
                stack.push(path.clone());
                None
            } else {
                Some(fs::read(&path).expect("the file is readable"))
            };
            let relative = path.strip_prefix(root).expect("under root").to_path_buf();
            entries.insert(relative, (content, mtime));
        }
    }
    let root_mtime = fs::metadata(root)
        .and_then(|m| m.modified())
        .expect("root mtime");
    entries.insert(PathBuf::new(), (None, root_mtime));
    entries
}

#[test]
fn checking_a_tree_changes_and_creates_nothing() {
    let dir = scratch("read-only");
    let tree = dir.join("pipeline");
    copy_tree(&repo().join("tests/fixtures/registermodel/pipeline"), &tree);
    let before = snapshot_tree(&dir);
    assert!(before.len() > 5, "the fixture tree was copied");

    let tree_arg = path_str(&tree);
    for format in ["text", "json"] {
        let outcome = run(&[
            "--pack",
            "registermodel",
            "--all-files",
            "--root",
            &tree_arg,
            "--format",
            format,
            &tree_arg,
        ]);
        assert!(
            matches!(outcome.code, Some(0 | 1)),
            "the check ran: {:?}\n{}",
            outcome.code,
            outcome.stderr
        );
        assert!(
            outcome.stdout.contains("churn_register.py"),
            "the tree was checked"
        );
    }

    let after = snapshot_tree(&dir);
    let created: Vec<_> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    assert!(created.is_empty(), "the check created {created:?}");
    for (path, (content, mtime)) in &before {
        let (content_after, mtime_after) = &after[path];
        assert!(content == content_after, "{path:?} changed content");
        assert_eq!(mtime, mtime_after, "{path:?} changed mtime");
    }
    let _ = fs::remove_dir_all(&dir);
}

/// Runs one regression input through the code of the fuzz target its name starts with.
fn replay(target: &str, data: &[u8]) {
    match target {
        "check_python" => {
            let all = Wants {
                flow: true,
                facts: true,
            };
            let model = SourceModel::parse_with(data, all);
            assert!(
                model.regions().iter().all(|r| r.range.end <= data.len()),
                "regions lie in the input"
            );
            if let Some(facts) = model.facts() {
                let functions = facts.functions.iter().flat_map(|f| {
                    let uses = f.keys.iter().chain(&f.attributes).map(|u| &u.item);
                    std::iter::once(&f.name).chain(&f.parameters).chain(uses)
                });
                let arguments = facts.arguments.iter().map(|a| &a.dest);
                let mut items = functions.chain(&facts.env_reads).chain(arguments);
                assert!(
                    items.all(|i| i.range.start <= i.range.end && i.range.end <= data.len()),
                    "facts lie in the input"
                );
            }
            let source = locate::load_source("registermodel", &Origin::BuiltIn)
                .expect("the registermodel pack is built in");
            let pack = CompiledPack::load(&source).expect("the built-in pack loads");
            let target = Target::new("scripts/fuzz_registration.py".to_owned(), data.to_vec());
            // No spec or builder exists under the root: the path rules report them missing.
            let root = std::env::temp_dir().join("rulecheck-fuzz-root");
            let checker = Checker {
                packs: std::slice::from_ref(&pack),
                options: &[Options::default()],
                settings: &Settings::default(),
                companions: &Disk::new(&root, DEFAULT_MAX_FILE_SIZE),
                index: &Index::default(),
            };
            let _ = checker.check(&target, &[0]);
        }
        "pack_load" => {
            if let Ok(text) = std::str::from_utf8(data) {
                let source = PackSource {
                    origin: Origin::File(PathBuf::from("fuzz.toml")),
                    stem: "fuzz".to_owned(),
                    text: text.to_owned(),
                };
                let _ = CompiledPack::load(&source);
            }
        }
        "existing_merge" => {
            if let Ok(Ok(parsed)) =
                std::str::from_utf8(data).map(|text| existing::parse(text, Path::new("f.json")))
            {
                let issues = [serde_json::json!({"severity": "ERROR"})];
                let enhanced =
                    existing::Enhanced::new(parsed.as_ref(), &issues, ["ERROR"].into_iter());
                let mut written = Vec::new();
                Writer::at(&mut written, 0).write(&enhanced);
                let merged: serde_json::Value =
                    serde_json::from_slice(&written).expect("the merge is JSON");
                assert!(merged.is_object());
            }
        }
        "config_load" => {
            if let Ok(text) = std::str::from_utf8(data) {
                let _ = config::file::parse(text, Path::new("project/rulecheck.toml"));
                let _ = config::file::parse_pyproject(text, Path::new("project/pyproject.toml"));
            }
        }
        other => panic!("no fuzz target `{other}`: name regression inputs TARGET-what.ext"),
    }
}

#[test]
fn fuzz_regressions_are_handled() {
    let dir = repo().join("tests/fixtures/fuzz_regressions");
    let mut inputs: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("the regression folder exists")
        .map(|entry| entry.expect("the folder is readable").path())
        .filter(|path| path.extension().is_some_and(|ext| ext != "md"))
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no regression inputs in {dir:?}");
    for path in inputs {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let name = name.unwrap_or_default();
        let target = name.split('-').next().unwrap_or_default().to_owned();
        let data = fs::read(&path).expect("the input is readable");
        // On a thread with the 2 MiB stack of the CLI's workers, as the crash happened.
        std::thread::Builder::new()
            .name(name.clone())
            .stack_size(2 << 20)
            .spawn(move || replay(&target, &data))
            .expect("a thread starts")
            .join()
            .unwrap_or_else(|_| panic!("{name} panicked"));
    }
}
