//! `rulecheck test`: a pack's self-tests. Two kinds of case:
//!
//! - **inline examples** (`[[rule.examples]]` in the pack): a script a rule must fire on, or stay
//!   quiet on; only that rule runs;
//! - **fixture trees** (`tests/<pack>/<case>/` beside the pack file): a small project whose
//!   top-level `.py` files are the scripts (companion files live in subfolders), with the
//!   expected findings in `expected.txt`; `--update` rewrites that file from the current output.
//!
//! A rule no case makes fire, or no case shows staying quiet on something it examined, is
//! *untested*.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use clap::Args;

use super::{Done, PackDirs, Printed};
use crate::checker::Checker;
use crate::checker::companions::Companions;
use crate::checker::index::Index;
use crate::engine::{CompiledPack, Evidence, Finding, Options, Outcome, Target};
use crate::error::{Error, Result};
use crate::pack::{Origin, locate};
use crate::run;
use crate::run::read::Disk;
use crate::settings::{DEFAULT_MAX_FILE_SIZE, Settings};

/// `rulecheck test [PACK…]`.
#[derive(Debug, Args)]
pub struct TestArgs {
    /// Packs to test (names or files); default: every available pack.
    #[arg(value_name = "PACK")]
    packs: Vec<String>,
    #[command(flatten)]
    pack_dirs: PackDirs,
    /// Rewrite each fixture's expected.txt from the current findings (review the diff!).
    #[arg(long)]
    update: bool,
    /// Fail when a rule has no case that fires it or none where it stays quiet.
    #[arg(long)]
    strict: bool,
}

/// The file of a fixture case that holds its expected findings.
pub const EXPECTED_FILE: &str = "expected.txt";

const EXPECTED_HEADER: &str = "\
# Expected findings of `rulecheck test` for this case; `rulecheck test --update` rewrites it.
# One line each: FILE[:LINE:COLUMN]: SEVERITY category [level/rule]
";

/// The outcome of one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseResult {
    /// `example RULE #N (fires)` or `fixture NAME`.
    pub name: String,
    /// Where the case is defined.
    pub place: String,
    /// Whether it passed.
    pub passed: bool,
    /// For a failure, lines explaining it (`- expected`, `+ actual`).
    pub diff: Vec<String>,
}

/// A rule the cases do not cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Untested {
    /// The rule's id.
    pub rule: String,
    /// What no case shows: `fires`, `stays quiet`, or both.
    pub missing: Vec<&'static str>,
}

/// All results for one pack.
#[derive(Debug, Clone)]
pub struct PackResults {
    /// The pack's name.
    pub pack: String,
    /// Where the pack was loaded from, for people.
    pub origin: String,
    /// The cases, inline examples first, in pack order, then fixtures by name.
    pub cases: Vec<CaseResult>,
    /// Rules without a firing or a quiet case.
    pub untested: Vec<Untested>,
    /// Fixture expectation files written by `--update`.
    pub updated: Vec<PathBuf>,
    /// Remarks (e.g. a built-in pack has no fixture trees).
    pub notes: Vec<String>,
}

/// Which rules were seen firing and seen staying quiet.
struct Coverage {
    fired: Vec<bool>,
    quiet: Vec<bool>,
}

impl Coverage {
    fn record(&mut self, outcome: &Outcome) {
        for status in &outcome.evidence {
            let fired = outcome.findings.iter().any(|f| f.rule == status.rule);
            let examined = match &status.evidence {
                Evidence::Keyword { .. } | Evidence::File { .. } | Evidence::Compared { .. } => {
                    true
                }
                Evidence::Values { checked, .. } | Evidence::Calls { checked, .. } => *checked > 0,
                Evidence::Missing | Evidence::Skipped => false,
            };
            self.fired[status.rule] |= fired;
            self.quiet[status.rule] |= examined && !fired;
        }
    }
}

/// `rulecheck test [PACK…]`: the named packs, or every available pack found on disk. Without
/// names, a built-in pack (one no `--pack-dir` or `./rules` file shadows) is skipped with a note:
/// its fixture trees are not in the binary, so testing it would report its path rules untested
/// in every team's repository. Named, it is tested (inline examples only). Exits 1 when a case
/// failed (or, `--strict`, a rule is untested).
pub fn run(args: TestArgs) -> Done {
    let (names, pack_dirs) = (&args.packs, &args.pack_dirs.pack_dirs);
    let (update, strict) = (args.update, args.strict);
    let (packs, skipped) = if names.is_empty() {
        let (built_in, on_disk): (Vec<CompiledPack>, Vec<CompiledPack>) =
            super::load_packs(None, pack_dirs)?
                .into_iter()
                .partition(|c| c.pack.origin == Origin::BuiltIn);
        let skipped: Vec<String> = built_in.into_iter().map(|c| c.pack.name).collect();
        (on_disk, skipped)
    } else {
        let packs = names
            .iter()
            .map(|spec| CompiledPack::load(&locate::resolve(spec, pack_dirs)?))
            .collect::<Result<Vec<_>>>()?;
        (packs, Vec::new())
    };
    let results = packs
        .iter()
        .map(|compiled| test_pack(compiled, update))
        .collect::<Result<Vec<_>>>()?;
    let mut report = String::new();
    if !skipped.is_empty() {
        let _ = writeln!(
            report,
            "note: skipped the built-in packs {} (their fixture trees are not in the binary; name \
             one to test its inline examples)",
            skipped
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    report.push_str(&render(&results, strict));
    Ok(Printed::out(report, failed(&results, strict)))
}

/// Checks `target` with `compiled` alone, running `options`, with companion files from
/// `companions`, structured files from `index`, and no configuration.
fn check_one(
    compiled: &CompiledPack,
    options: Options,
    target: &Target,
    companions: &dyn Companions,
    index: &Index,
) -> Result<Outcome> {
    let checker = Checker {
        packs: std::slice::from_ref(compiled),
        options: &[options],
        settings: &Settings::default(),
        companions,
        index,
    };
    let mut report = checker.check(target, &[0])?;
    Ok(report.outcomes.remove(0).1)
}

/// Runs every case of a pack. `update` rewrites fixture expectations instead of comparing.
pub fn test_pack(compiled: &CompiledPack, update: bool) -> Result<PackResults> {
    let pack = &compiled.pack;
    let rules = pack.rules.len();
    let mut coverage = Coverage {
        fired: vec![false; rules],
        quiet: vec![false; rules],
    };
    let origin = match &pack.origin {
        Origin::BuiltIn => format!("built-in {}.toml", pack.name),
        Origin::File(path) => path.display().to_string(),
    };
    let mut results = PackResults {
        pack: pack.name.clone(),
        origin: origin.clone(),
        cases: Vec::new(),
        untested: Vec::new(),
        updated: Vec::new(),
        notes: Vec::new(),
    };
    for (index, rule) in pack.rules.iter().enumerate() {
        for (n, example) in rule.examples.iter().enumerate() {
            let target = Target::new(example.script.clone(), example.code.clone().into_bytes());
            let options = Options {
                levels: None,
                rules: Some(vec![index]),
            };
            let disk = Disk::new(Path::new("."), DEFAULT_MAX_FILE_SIZE);
            let outcome = check_one(compiled, options, &target, &disk, &Index::default())?;
            coverage.record(&outcome);
            let fired: Vec<String> = outcome
                .findings
                .iter()
                .map(|f| describe(compiled, f))
                .collect();
            let passed = example.fires != fired.is_empty();
            let diff = match (passed, example.fires) {
                (true, _) => Vec::new(),
                (false, true) => vec![
                    format!("- expected `{}` to fire", rule.id),
                    "+ it stayed quiet".into(),
                ],
                (false, false) => {
                    std::iter::once(format!("- expected `{}` to stay quiet", rule.id))
                        .chain(fired.iter().map(|f| format!("+ {f}")))
                        .collect()
                }
            };
            results.cases.push(CaseResult {
                name: format!(
                    "example {} #{} ({})",
                    rule.id,
                    n + 1,
                    if example.fires {
                        "fires"
                    } else {
                        "stays quiet"
                    }
                ),
                place: format!("{origin}:{}", example.line),
                passed,
                diff,
            });
        }
    }
    match &pack.origin {
        Origin::File(path) => {
            let dir = fixtures_dir(path, &pack.name);
            for case in fixture_cases(&dir)? {
                let result =
                    run_fixture(compiled, &case, update, &mut coverage, &mut results.updated)?;
                results.cases.push(result);
            }
        }
        Origin::BuiltIn => results.notes.push(
            "a built-in pack has no fixture trees; run the test on its file to include them".into(),
        ),
    }
    for (index, rule) in pack.rules.iter().enumerate() {
        let missing: Vec<&'static str> = [
            (coverage.fired[index], "fires"),
            (coverage.quiet[index], "stays quiet"),
        ]
        .into_iter()
        .filter(|(seen, _)| !seen)
        .map(|(_, what)| what)
        .collect();
        if !missing.is_empty() {
            results.untested.push(Untested {
                rule: rule.id.clone(),
                missing,
            });
        }
    }
    Ok(results)
}

/// `tests/<pack name>/` beside the pack file.
pub fn fixtures_dir(pack_file: &Path, name: &str) -> PathBuf {
    pack_file
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join("tests")
        .join(name)
}

/// The case folders, sorted by name (none when the folder does not exist).
fn fixture_cases(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(Error::Io {
                path: dir.to_owned(),
                source,
                help: "make the pack's tests folder readable",
            });
        }
    };
    let mut cases: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    Ok(cases)
}

fn run_fixture(
    compiled: &CompiledPack,
    case: &Path,
    update: bool,
    coverage: &mut Coverage,
    updated: &mut Vec<PathBuf>,
) -> Result<CaseResult> {
    let name = case
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let io = |path: &Path, source| Error::Io {
        path: path.to_owned(),
        source,
        help: "check the fixture folder",
    };
    let mut scripts: Vec<PathBuf> = fs::read_dir(case)
        .map_err(|e| io(case, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "py"))
        .collect();
    scripts.sort();
    let disk = Disk::new(case, DEFAULT_MAX_FILE_SIZE);
    let index = run::index(
        std::slice::from_ref(compiled),
        case,
        false,
        &disk,
        &[case.to_owned()],
    )?;
    let mut actual = Vec::new();
    for script in &scripts {
        let file_name = script
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let target = Target::new(file_name, fs::read(script).map_err(|e| io(script, e))?);
        let outcome = check_one(compiled, Options::default(), &target, &disk, &index)?;
        coverage.record(&outcome);
        actual.extend(
            outcome
                .findings
                .iter()
                .map(|f| expectation_line(compiled, f, case)),
        );
    }
    let expected_path = case.join(EXPECTED_FILE);
    let place = expected_path.display().to_string();
    if update {
        let mut text = String::from(EXPECTED_HEADER);
        for line in &actual {
            let _ = writeln!(text, "{line}");
        }
        if fs::read_to_string(&expected_path).ok().as_deref() != Some(text.as_str()) {
            fs::write(&expected_path, text).map_err(|e| io(&expected_path, e))?;
            updated.push(expected_path);
        }
        return Ok(CaseResult {
            name: format!("fixture {name}"),
            place,
            passed: true,
            diff: Vec::new(),
        });
    }
    let expected: Vec<String> = match fs::read_to_string(&expected_path) {
        Ok(text) => text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_owned)
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(CaseResult {
                name: format!("fixture {name}"),
                place,
                passed: false,
                diff: vec![format!(
                    "- no {EXPECTED_FILE}: run `rulecheck test --update` to write it, then review it"
                )],
            });
        }
        Err(e) => return Err(io(&expected_path, e)),
    };
    let diff: Vec<String> = expected
        .iter()
        .filter(|l| !actual.contains(l))
        .map(|l| format!("- {l}"))
        .chain(
            actual
                .iter()
                .filter(|l| !expected.contains(l))
                .map(|l| format!("+ {l}")),
        )
        .collect();
    Ok(CaseResult {
        name: format!("fixture {name}"),
        place,
        passed: diff.is_empty(),
        diff,
    })
}

/// A finding as a line of `expected.txt`, with paths relative to the case folder.
fn expectation_line(compiled: &CompiledPack, finding: &Finding, case: &Path) -> String {
    let rule = &compiled.pack.rules[finding.rule];
    let path = Path::new(finding.location.path());
    let path = path
        .strip_prefix(case)
        .unwrap_or(path)
        .display()
        .to_string();
    let at = match finding.location.start() {
        Some(p) => format!("{path}:{}:{}", p.line, p.column),
        None => path,
    };
    format!(
        "{at}: {} {} [{}/{}]",
        finding.severity.as_str(),
        rule.category,
        compiled.pack.levels[rule.level],
        rule.id
    )
}

/// A finding of an inline example, for a failure's explanation.
fn describe(compiled: &CompiledPack, finding: &Finding) -> String {
    let rule = &compiled.pack.rules[finding.rule];
    let at = finding
        .location
        .start()
        .map(|p| format!(" at {}:{}", p.line, p.column))
        .unwrap_or_default();
    format!(
        "{} {}{at}: {}",
        finding.severity.as_str(),
        rule.category,
        finding.message
    )
}

/// The text report of `rulecheck test` for several packs.
pub fn render(results: &[PackResults], strict: bool) -> String {
    let mut out = String::new();
    let (mut passed, mut failed) = (0, 0);
    for pack in results {
        let _ = writeln!(out, "{} ({})", pack.pack, pack.origin);
        for case in &pack.cases {
            let status = if case.passed { "ok  " } else { "FAIL" };
            let _ = writeln!(out, "  {status} {}  ({})", case.name, case.place);
            for line in &case.diff {
                let _ = writeln!(out, "         {line}");
            }
            if case.passed {
                passed += 1;
            } else {
                failed += 1;
            }
        }
        for untested in &pack.untested {
            let label = if strict { "FAIL" } else { "warn" };
            let _ = writeln!(
                out,
                "  {label} untested: `{}` (no case where it {})",
                untested.rule,
                untested.missing.join(" or where it ")
            );
            if strict {
                failed += 1;
            }
        }
        for path in &pack.updated {
            let _ = writeln!(out, "  updated {}", path.display());
        }
        for note in &pack.notes {
            let _ = writeln!(out, "  note: {note}");
        }
    }
    let _ = writeln!(out, "{passed} passed, {failed} failed");
    out
}

/// Whether the results fail the run.
pub fn failed(results: &[PackResults], strict: bool) -> bool {
    results
        .iter()
        .any(|p| p.cases.iter().any(|c| !c.passed) || (strict && !p.untested.is_empty()))
}
