//! Tests over a real corpus: the standard library of the `python3` found on PATH
//! (`site-packages` excluded), or the directory named by `$RULECHECK_CORPUS`.
//!
//! - `regions_match_cpython`: for every stdlib file CPython can parse, the
//!   comment/string/docstring regions (the scopes the engine places keywords in) must
//!   equal the COMMENT/STRING tokens of `tokenize` (docstrings classified with
//!   the rule of `ast.get_docstring`), all as byte offsets into the original file.
//!   The reference is computed by `tests/support/python_regions.py`.
//! - `parse_never_panics_on_stdlib`: every stdlib `.py` file (broken and non-UTF-8
//!   ones included) is parsed without panicking and yields a consistent model.
//! - `registermodel_pack_checks_every_stdlib_file`: the shipped pack runs over every
//!   file (each checked as a script) without a panic or an error.
//! - `layout_keeps_every_parsed_call_on_one_logical_line` (and its twin over crafted
//!   Python 3.12 sources): the light tokenizer behind the call prefilter agrees with the
//!   parser on every call: callee, keyword names and dict keys on one logical line, the
//!   callee's names in code, the argument names outside comments.

#[path = "support/corpus.rs"]
mod corpus;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

use corpus::{py_files, python3, stdlib_dir};

use rulecheck::engine::prefilter::layout::{Layout, Opaque};
use rulecheck::python::{RegionKind, SourceModel};
use serde_json::Value;

fn region_kind(kind: RegionKind) -> &'static str {
    match kind {
        RegionKind::Code => "code",
        RegionKind::String => "string",
        RegionKind::Docstring => "docstring",
        RegionKind::Comment => "comment",
    }
}

/// Compares two lists and describes the first difference, if any.
fn first_difference(what: &str, ours: &[String], theirs: &[String]) -> Option<String> {
    let index = ours
        .iter()
        .zip(theirs)
        .position(|(a, b)| a != b)
        .unwrap_or(ours.len().min(theirs.len()));
    if index == ours.len() && index == theirs.len() {
        return None;
    }
    let show = |list: &[String]| list.get(index).cloned().unwrap_or_else(|| "<none>".into());
    Some(format!(
        "{what} #{index} differs (model has {}, CPython has {}): model {} vs CPython {}",
        ours.len(),
        theirs.len(),
        show(ours),
        show(theirs)
    ))
}

fn json_items(value: &Value, key: &str) -> Vec<String> {
    value[key]
        .as_array()
        .unwrap_or_else(|| panic!("reference entry without {key}: {value}"))
        .iter()
        .map(Value::to_string)
        .collect()
}

#[test]
fn regions_match_cpython() {
    let started = Instant::now();
    let stdlib = stdlib_dir();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/python_regions.py");
    let reference = python3(&[
        script.to_str().expect("script path is UTF-8"),
        stdlib.to_str().expect("stdlib path is UTF-8"),
    ]);
    let python_time = started.elapsed();

    let mut compared = 0;
    let mut skipped = 0;
    let mut mismatches = Vec::new();
    let rust_started = Instant::now();
    for line in reference.lines() {
        let entry: Value = serde_json::from_str(line).expect("reference line is JSON");
        let path = entry["path"].as_str().expect("reference path");
        if entry.get("skip").is_some() {
            skipped += 1;
            continue;
        }
        if let Some(error) = entry.get("error") {
            mismatches.push(format!("{path}: reference failed: {error}"));
            continue;
        }
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
        let model = SourceModel::parse(&bytes);
        compared += 1;

        let regions: Vec<String> = model
            .regions()
            .iter()
            .map(|r| {
                serde_json::json!([region_kind(r.kind), r.range.start, r.range.end]).to_string()
            })
            .collect();
        let problems: Vec<String> = [
            first_difference("region", &regions, &json_items(&entry, "regions")),
            (!model.syntax_errors().is_empty())
                .then(|| format!("unexpected syntax errors: {:?}", model.syntax_errors())),
        ]
        .into_iter()
        .flatten()
        .collect();
        for problem in problems {
            mismatches.push(format!("{path}: {problem}"));
        }
    }
    let rust_time = rust_started.elapsed();

    for mismatch in &mismatches {
        println!("MISMATCH {mismatch}");
    }
    println!(
        "compared {compared} files ({skipped} skipped: CPython cannot parse them), {} mismatches; \
         CPython reference {:.1}s, SourceModel {:.1}s, total {:.1}s",
        mismatches.len(),
        python_time.as_secs_f64(),
        rust_time.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    assert!(compared > 1000, "only {compared} files compared");
    assert!(
        mismatches.is_empty(),
        "{} mismatches with CPython (see MISMATCH lines above)",
        mismatches.len()
    );
}

/// Every stdlib `.py` file with its bytes and source model, parsed once for the tests that
/// look at every file.
fn parsed_stdlib() -> &'static [(PathBuf, Vec<u8>, SourceModel)] {
    static PARSED: OnceLock<Vec<(PathBuf, Vec<u8>, SourceModel)>> = OnceLock::new();
    PARSED.get_or_init(|| {
        let mut files = Vec::new();
        py_files(&stdlib_dir(), &mut files);
        assert!(files.len() > 1000, "only {} files found", files.len());
        files
            .into_iter()
            .map(|path| {
                let bytes =
                    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path:?}: {e}"));
                let model = SourceModel::parse(&bytes);
                (path, bytes, model)
            })
            .collect()
    })
}

#[test]
fn parse_never_panics_on_stdlib() {
    let files = parsed_stdlib();
    let mut with_errors = 0;
    let mut not_utf8 = 0;
    for (path, bytes, model) in files {
        with_errors += usize::from(!model.syntax_errors().is_empty());
        not_utf8 += usize::from(std::str::from_utf8(bytes).is_err());
        let mut end = 0;
        for region in model.regions() {
            assert!(
                region.range.start >= end && region.range.start < region.range.end,
                "{path:?}: regions unsorted, overlapping or empty at {region:?}"
            );
            end = region.range.end;
        }
        assert!(end <= bytes.len(), "{path:?}: region out of bounds");
        for identifier in model.identifier_ranges() {
            assert!(
                identifier.start < identifier.end && identifier.end <= bytes.len(),
                "{path:?}: empty or out-of-bounds identifier {identifier:?}"
            );
        }
    }
    println!(
        "parsed {} files without panic ({with_errors} with syntax errors, {not_utf8} not UTF-8)",
        files.len()
    );
    assert!(
        with_errors > 0 && not_utf8 > 0,
        "corpus lacks broken or non-UTF-8 files"
    );
}

#[test]
fn registermodel_pack_checks_every_stdlib_file() {
    use rulecheck::checker::Checker;
    use rulecheck::checker::index::Index;
    use rulecheck::engine::{Options, Target};
    use rulecheck::pack::{Origin, PackSource};
    use rulecheck::run::read::Disk;
    use rulecheck::settings::{DEFAULT_MAX_FILE_SIZE, Settings};

    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = repo.join("rules/registermodel.toml");
    let source = PackSource {
        text: std::fs::read_to_string(&path).expect("the shipped pack exists"),
        origin: Origin::File(path),
        stem: "registermodel".into(),
    };
    let pack = rulecheck::CompiledPack::load(&source).expect("the shipped pack loads");
    let stdlib = stdlib_dir();
    let mut files = Vec::new();
    py_files(&stdlib, &mut files);
    // The root is the corpus itself: no spec or builder exists there, so every path rule fires.
    let settings = Settings::default();
    let disk = Disk::new(&stdlib, DEFAULT_MAX_FILE_SIZE);
    let checker = Checker {
        packs: std::slice::from_ref(&pack),
        options: &[Options::default()],
        settings: &settings,
        companions: &disk,
        index: &Index::default(),
    };
    let mut issues = 0;
    let mut checked = 0;
    for file in &files {
        let target = Target::new(
            file.display().to_string(),
            std::fs::read(file).unwrap_or_else(|e| panic!("cannot read {file:?}: {e}")),
        );
        let report = checker
            .check(&target, &[0])
            .unwrap_or_else(|e| panic!("{file:?}: {e}"));
        checked += report.outcomes.len();
        let findings = &report.outcomes[0].1.findings;
        issues += findings.len();
        // No cursus layout under the standard library: no spec or builder finding.
        let layout_rules = ["registration_specification", "registration_builder"];
        assert!(
            findings
                .iter()
                .all(|f| !layout_rules.contains(&pack.pack.rules[f.rule].id.as_str())),
            "{file:?}: a layout rule ran outside its layout"
        );
    }
    println!("checked {} files, {issues} issues", files.len());
    assert!(files.len() > 1000, "only {} files found", files.len());
    assert_eq!(checked, files.len(), "every file has its outcome");
}

/// Where the tokenizer disagrees with the parser (`model` is `bytes` parsed) about a call
/// (empty if nowhere).
fn layout_disagreements(bytes: &[u8], model: &SourceModel) -> Vec<String> {
    let layout = Layout::new(bytes);
    let identifiers = model.identifier_ranges();
    let mut found = Vec::new();
    for call in model.calls() {
        let line = layout.line_start(call.callee_range.start);
        let mut arguments: Vec<usize> = call.keywords.iter().map(|k| k.name_range.start).collect();
        arguments.extend(
            model
                .call_dicts(call)
                .iter()
                .flat_map(|d| d.entries.iter().map(|e| e.key_range.start)),
        );
        for at in arguments {
            if layout.line_start(at) != line {
                found.push(format!("{}: argument at {at} on another line", call.callee));
            }
            if layout.opaque_at(at) == Some(Opaque::Comment) {
                found.push(format!("{}: argument at {at} in a comment", call.callee));
            }
        }
        for name in identifiers
            .iter()
            .filter(|r| call.callee_range.start <= r.start && r.end <= call.callee_range.end)
        {
            if let Some(kind) = layout.opaque_at(name.start) {
                found.push(format!(
                    "{}: callee name at {} in {kind:?}",
                    call.callee, name.start
                ));
            }
        }
    }
    found
}

#[test]
fn layout_keeps_every_parsed_call_on_one_logical_line() {
    let mut failures = Vec::new();
    for (path, bytes, model) in parsed_stdlib() {
        for problem in layout_disagreements(bytes, model) {
            failures.push(format!("{}: {problem}", path.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} disagreements, first: {:#?}",
        failures.len(),
        &failures[..failures.len().min(10)]
    );
}

#[test]
fn layout_keeps_calls_in_python_3_12_sources_on_one_logical_line() {
    let sources = [
        "x = f\"{register(a=1, b={'k': 2})}\"\n",
        "x = f\"{d[\"k\"]:>{w}} {register(description=\"a\")!r}\"\ny = f(z=1)\n",
        "x = f'''{\n  register(  # why\n    description=1)\n}'''\nregister(b=2)\n",
        "x = rf'\\N{a}' + f'\\N{DIGIT ONE}{register(a=1)}'\n",
        "x = t'{register(a=1)}'\n",
        "a.b(c)[0](\n  d=1,\n  **{'e': 2},\n); f(g=3)\n",
        "register(a=\\\n  1)\n",
        "register(a='''\n)''', b=(1,\n 2))\n",
        "x = f'{a:{b}{register(c=1)}}' f\"{{}}\" f'{x!r:>10}'\n",
        // Broken sources: the parser recovers, and must not see a call across a line here.
        "register(a=1\ndef f(): pass\nregister(b=2)\n",
        "x = 'unterminated\nregister(c=3)\n",
        "x = f'{a\nregister(c=3)\n",
        "register(a=1))) ; register(b=2)\n",
    ];
    for source in sources {
        let model = SourceModel::parse(source.as_bytes());
        let problems = layout_disagreements(source.as_bytes(), &model);
        assert!(problems.is_empty(), "{source:?}: {problems:#?}");
        assert!(
            !model.calls().is_empty(),
            "{source:?} has no call to compare"
        );
    }
}
