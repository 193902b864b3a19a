//! The check command (`rulecheck check`, the default): its arguments, then the run — load the
//! pack (or every pack), list the files, check them on several threads ([`crate::run`]) while
//! the report is written, and decide the exit status.

use std::fs;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::{ConfigChoice, Done, Printed, in_play};
use crate::checker::Checker;
use crate::checker::index::Index;
use crate::config;
use crate::engine::outcome::SuppressionProblem;
use crate::engine::{CompiledPack, Options, Target};
use crate::error::{Error, Result};
use crate::pack::Pack;
use crate::report::baseline::Baseline;
use crate::report::diff::DiffOnly;
use crate::report::statistics::Statistics;
use crate::report::{Counts, Format, Report, Stream, existing};
use crate::run::fix::Fixing;
use crate::run::read::{self, Disk};
use crate::run::walk::Selection;
use crate::run::{self, order};
use crate::settings::{Layer, SetBy, Settings};

/// `rulecheck check [OPTIONS] PATH...`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    options: CheckOptions,

    /// The scripts and folders to check; `-` reads one script from standard input.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

/// The options of `check`: the settings ([`Layer`]: each also a configuration key), and those
/// that only the command line gives.
#[derive(Debug, Args)]
pub struct CheckOptions {
    #[command(flatten)]
    pub(super) layer: Layer,

    /// Existing validation results (JSON) to append the new issues to, as cursus does.
    #[arg(long, value_name = "RESULTS.json")]
    existing: Option<PathBuf>,

    /// A previous JSON report: report only the issues it does not have (SARIF marks each
    /// `new`, `unchanged` or `absent`); only new issues count for --fail-on.
    #[arg(long, value_name = "REPORT.json")]
    baseline: Option<PathBuf>,

    /// Write the JSON report to FILE, to serve as a later run's --baseline: the same as
    /// `--format json --output-file FILE`.
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with_all = ["format", "output_file", "baseline", "statistics", "diff"]
    )]
    write_baseline: Option<PathBuf>,

    /// The script's file name when it is read from standard input (`-`).
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<String>,

    /// When to colour text output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,

    #[command(flatten)]
    pub(super) config: ConfigChoice,

    /// Write the report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    output_file: Option<PathBuf>,

    /// Apply the safe fixes of the findings to the files, then report what remains.
    #[arg(long)]
    fix: bool,

    /// Apply unsafe fixes too (with --fix or --diff).
    #[arg(long)]
    unsafe_fixes: bool,

    /// Print a unified diff of what --fix would change instead of the report; write nothing.
    #[arg(long)]
    diff: bool,

    /// Print how many issues each rule reported instead of the issues (text, or JSON with
    /// --format json).
    #[arg(long, conflicts_with_all = ["diff", "existing"])]
    statistics: bool,
}

/// `--color`.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

/// What only the command line gives a check: the paths, and the options that no configuration
/// key sets.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The scripts and folders (`-` for standard input).
    pub paths: Vec<PathBuf>,
    /// `--existing`: results to merge the new issues into.
    pub existing: Option<PathBuf>,
    /// `--baseline`: a previous JSON report whose issues are not reported again.
    pub baseline: Option<PathBuf>,
    /// `--stdin-filename`: the script name for `-`.
    pub stdin_filename: Option<String>,
    /// Colours in text output.
    pub color: bool,
    /// `--fix` or `--diff`: what is done with the findings' fixes.
    pub fixing: Option<FixMode>,
    /// `--statistics`: counts per rule instead of the issues.
    pub statistics: bool,
}

/// What `--fix`, `--diff` and `--unsafe-fixes` ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixMode {
    /// Write the fixed files (`--fix`), or print their diffs (`--diff`, which wins).
    pub write: bool,
    /// Apply unsafe fixes too.
    pub unsafe_fixes: bool,
}

/// Resolves the settings, checks, and writes the report to standard output or `--output-file`.
pub fn run(args: CheckArgs) -> Done {
    let options = args.options;
    let mut settings = config::resolve(options.layer, &options.config.choice())?;
    // A baseline is a JSON report; --write-baseline is the one way to write it, named.
    let output_file = match options.write_baseline {
        Some(path) => {
            settings.format = Format::Json;
            Some(path)
        }
        None => options.output_file,
    };
    let color = match options.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            output_file.is_none()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && io::stdout().is_terminal()
        }
    };
    let inputs = Inputs {
        paths: args.paths,
        existing: options.existing,
        baseline: options.baseline,
        stdin_filename: options.stdin_filename,
        color,
        fixing: (options.fix || options.diff).then_some(FixMode {
            write: !options.diff,
            unsafe_fixes: options.unsafe_fixes,
        }),
        statistics: options.statistics,
    };
    // The report is written while the files are checked, not built first.
    let output = match output_file {
        Some(path) => {
            let failed = |source| Error::OutputFile {
                path: path.clone(),
                source,
            };
            let file = fs::File::create(&path).map_err(failed)?;
            let mut out = io::BufWriter::with_capacity(1 << 16, file);
            check(&settings, &inputs, &mut io::stdin().lock(), &mut out).map_err(|e| match e {
                Error::Write(source) => failed(source),
                other => other,
            })?
        }
        None => {
            let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
            check(&settings, &inputs, &mut io::stdin().lock(), &mut out)?
        }
    };
    Ok(Printed {
        stdout: String::new(),
        stderr: output.notice,
        code: u8::from(output.failed),
    })
}

/// The result of a run that did not fail with an error (its report is written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// The findings by severity.
    pub counts: Counts,
    /// Whether some finding is at or above `--fail-on` (exit code 1).
    pub failed: bool,
    /// For stderr: the note that no file was checked, and with `--fix` or `--diff` how many
    /// fixes were applied; or empty.
    pub notice: String,
}

/// Checks with `settings`, writing the report to `out` while the files are checked; `stdin` is
/// read when a path is `-`.
///
/// Everything that can stop a run before its first result — options, packs, `--existing`, a
/// named file that cannot be opened — is checked before anything is written. A named file or
/// a companion file that fails later stops the run with the report cut at that file.
pub fn check(
    settings: &Settings,
    inputs: &Inputs,
    stdin: &mut dyn Read,
    out: &mut dyn Write,
) -> Result<Output> {
    let (stdin_paths, others): (Vec<&PathBuf>, Vec<&PathBuf>) =
        inputs.paths.iter().partition(|p| *p == Path::new("-"));
    let named: Vec<PathBuf> = others.into_iter().cloned().collect();
    let mut checked = named.clone();
    checked.extend(inputs.stdin_filename.as_ref().map(PathBuf::from));
    let in_play = in_play::load(settings, (&named, !stdin_paths.is_empty()), &checked)?;
    let (packs, levels) = select_levels(in_play.packs, settings)?;
    // Every pack in play, those left unloaded (no file could use them) included.
    let names: Vec<&str> = match &in_play.unloaded {
        Some(names) => names.iter().map(String::as_str).collect(),
        None => packs.iter().map(|c| c.pack.name.as_str()).collect(),
    };
    let configured = super::route::unknown_configured_packs(settings, &names);
    if settings.all_files && settings.pack.is_none() {
        return Err(Error::Usage {
            message: "--all-files needs --pack: it applies one pack to every file".into(),
            help: "add --pack NAME".into(),
        });
    }
    let existing = match &inputs.existing {
        Some(path) => existing::load(path)?,
        None => None,
    };
    let baseline = inputs.baseline.as_deref().map(Baseline::load).transpose()?;
    let (stdin_target, paths) = split_stdin(settings, inputs, stdin)?;
    if inputs.fixing.is_some() && stdin_target.is_some() {
        return Err(Error::Usage {
            message: "--fix and --diff change files, and standard input (`-`) is no file".into(),
            help: "name the script's file instead of `-`".into(),
        });
    }
    let fixing = inputs
        .fixing
        .map(|mode| Fixing::new(mode.write, mode.unsafe_fixes));
    let statistics = statistics(settings, inputs)?;
    let companions = Disk::new(&settings.root, settings.max_file_size);
    let index = match in_play.index {
        Some(Some(candidates)) => run::index_of(&packs, candidates, &companions)?,
        Some(None) => Index::default(),
        None => run::index(
            &packs,
            &settings.root,
            settings.follow,
            &companions,
            &checked,
        )?,
    };
    let selection = Selection::new(&packs, settings, &index)?;
    let options: Vec<Options> = levels
        .iter()
        .map(|levels| Options {
            levels: levels.clone(),
            rules: None,
        })
        .collect();
    let checker = Checker {
        packs: &packs,
        options: &options,
        settings,
        companions: &companions,
        index: &index,
    };
    let report = Report {
        packs: &packs,
        in_play: &names,
        levels: &levels,
        existing: existing.as_ref(),
        baseline: baseline.as_ref(),
        config: settings.file.as_deref(),
        printer: match (inputs.fixing, &statistics) {
            (Some(FixMode { write: false, .. }), _) => &DiffOnly,
            (_, Some(statistics)) => statistics,
            _ => settings.format.printer(),
        },
        color: inputs.color,
    };
    let scripts = order::Scripts::new(&paths, &selection, stdin_target.as_ref())?;
    let mut stream = Stream::new(report, out);
    let mut notices = index.notices().to_vec();
    notices.extend(configured);
    // With every available pack in play, an id none of them knows is a misspelling.
    if settings.pack.is_none() {
        let mut unknown = settings.ignores.unknown_ids(&known_ids(&packs));
        // An id the loaded packs do not know may be one of a pack left unloaded.
        if !unknown.is_empty()
            && let Some(all) = in_play::all_packs(settings, in_play.unloaded.is_some())?
        {
            unknown = settings.ignores.unknown_ids(&known_ids(&all));
        }
        notices.extend(unknown);
    }
    notices.extend(run::check_all(
        &checker,
        (&report, fixing.as_ref()),
        &selection,
        scripts,
        stdin_target.as_ref(),
        &mut stream,
    )?);
    let totals = stream.finish(&notices).map_err(Error::Write)?;
    let mut failed = settings
        .fail_on
        .threshold()
        .is_some_and(|threshold| totals.counts.reach(threshold));
    let mut notice = if totals.scripts == 0 {
        match in_play::all_packs(settings, in_play.unloaded.is_some())? {
            Some(all) => super::route::nothing_checked(&inputs.paths, &all, settings),
            None => super::route::nothing_checked(&inputs.paths, &packs, settings),
        }
    } else {
        String::new()
    };
    // The text report says so in its summary line.
    if totals.counts.unchanged > 0 && settings.format != Format::Text {
        let n = totals.counts.unchanged;
        let issues = if n == 1 { "issue is" } else { "issues are" };
        notice.push_str(&format!(
            "{n} {issues} in the baseline already and not reported as new.\n"
        ));
    }
    if let Some(fixing) = &fixing {
        let (applied, files, hidden) = fixing.totals();
        notice.push_str(&fixed_note(fixing.write, applied, files));
        if hidden > 0 {
            let fixes = if hidden == 1 { "fix is" } else { "fixes are" };
            notice.push_str(&format!(
                "{hidden} unsafe {fixes} left: add --unsafe-fixes to apply them too (review them \
                 with --diff --unsafe-fixes first).\n"
            ));
        }
        // As Ruff's --diff: exit 1 when something would change, whatever the findings.
        if !fixing.write {
            failed = applied > 0;
        }
    }
    Ok(Output {
        counts: totals.counts,
        failed,
        notice,
    })
}

/// The rule ids and categories of `packs`, and rulecheck's own.
fn known_ids(packs: &[CompiledPack]) -> Vec<&str> {
    let own = SuppressionProblem::ALL
        .iter()
        .flat_map(|p| [p.rule(), p.category()]);
    packs
        .iter()
        .flat_map(|c| &c.pack.rules)
        .flat_map(|r| [r.id.as_str(), r.category.as_str()])
        .chain(own)
        .collect()
}

/// The printer of `--statistics`, when it is given; an error when the format has no statistics.
fn statistics(settings: &Settings, inputs: &Inputs) -> Result<Option<Statistics>> {
    if !inputs.statistics {
        return Ok(None);
    }
    let format = settings.format;
    Statistics::new(format).map(Some).ok_or_else(|| {
        let name = format.to_possible_value().map(|v| v.get_name().to_owned());
        let by = match settings.set_by("format") {
            SetBy::File => "the configuration file's `format`",
            _ => "--format",
        };
        Error::Usage {
            message: format!(
                "--statistics prints text or JSON, and {by} asks for {}",
                name.unwrap_or_default()
            ),
            help: "drop --statistics, or use --format text or --format json".into(),
        }
    })
}

/// The last line of a run with `--fix` (`write`) or `--diff`: how many fixes were (or would be)
/// applied, to how many files.
fn fixed_note(write: bool, applied: usize, files: usize) -> String {
    let issues = if applied == 1 { "issue" } else { "issues" };
    let in_files = if files == 1 { "file" } else { "files" };
    match (write, applied) {
        (true, 0) => "No fixes applied.\n".to_owned(),
        (false, 0) => "No fixes would be applied.\n".to_owned(),
        (true, _) => format!("Fixed {applied} {issues} in {files} {in_files}.\n"),
        (false, _) => format!("Would fix {applied} {issues} in {files} {in_files}.\n"),
    }
}

/// Reads standard input when a path is `-`, and returns the other paths.
fn split_stdin(
    settings: &Settings,
    inputs: &Inputs,
    stdin: &mut dyn Read,
) -> Result<(Option<Target>, Vec<PathBuf>)> {
    let reads_stdin = inputs.paths.iter().any(|p| p == Path::new("-"));
    if inputs.stdin_filename.is_some() && !reads_stdin {
        return Err(Error::Usage {
            message: "--stdin-filename is given but no path is `-`".into(),
            help: "pass `-` as the path to read the script from standard input".into(),
        });
    }
    let target = if reads_stdin {
        Some(read::stdin_script(
            inputs.stdin_filename.as_deref(),
            stdin,
            settings.max_file_size,
        )?)
    } else {
        None
    };
    let paths = inputs
        .paths
        .iter()
        .filter(|p| *p != Path::new("-"))
        .cloned()
        .collect();
    Ok((target, paths))
}

/// The level indices a pack runs, or `None` for all.
pub(crate) type LevelsRun = Option<Vec<usize>>;

/// The packs that run with `--levels names` (or the configuration's `levels`) and, by pack, the
/// level indices each runs (`None`: all). Each name must be a level of some pack (else an error,
/// at its place in the configuration file when the file gave it); a pack with none of them
/// does not run. Without `--levels`, every pack runs every level.
pub(crate) fn select_levels(
    packs: Vec<CompiledPack>,
    settings: &Settings,
) -> Result<(Vec<CompiledPack>, Vec<LevelsRun>)> {
    let Some(names) = settings.levels.as_deref() else {
        let all = vec![None; packs.len()];
        return Ok((packs, all));
    };
    let position = |pack: &Pack, name: &str| pack.levels.iter().position(|level| level == name);
    if let Some(name) = names
        .iter()
        .find(|name| !packs.iter().any(|c| position(&c.pack, name).is_some()))
    {
        let levels: Vec<String> = packs
            .iter()
            .map(|c| format!("{}: {}", c.pack.name, c.pack.levels.join(",")))
            .collect();
        let message = match packs.as_slice() {
            [only] => format!("pack `{}` has no level `{name}`", only.pack.name),
            _ => format!("no pack has a level `{name}`"),
        };
        let known = packs
            .iter()
            .flat_map(|c| c.pack.levels.iter().map(String::as_str));
        let from_file = settings.set_by("levels") == SetBy::File;
        let takes = if from_file { "`levels`" } else { "--levels" };
        let help = crate::suggest::did_you_mean_or(
            name,
            known,
            format!("{takes} takes some of: {}", levels.join("; ")),
        );
        let at_key = from_file
            .then(|| {
                let written = &settings.written;
                written.error("levels", name, message.clone(), help.clone())
            })
            .flatten();
        return Err(at_key.unwrap_or(Error::Usage { message, help }));
    }
    Ok(packs
        .into_iter()
        .filter_map(|compiled| {
            let run: Vec<usize> = names
                .iter()
                .filter_map(|name| position(&compiled.pack, name))
                .collect();
            (!run.is_empty()).then_some((compiled, Some(run)))
        })
        .unzip())
}
