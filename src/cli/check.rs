//! The check command (`rulecheck check`, the default): load the pack (or every pack), list the
//! files, check them on several threads ([`crate::run`]) while the report is written, and decide
//! the exit status.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::load_packs;
use crate::config::ignores::PerFileIgnores;
use crate::engine::{Options, Target};
use crate::error::{Error, Result};
use crate::pack::{Pack, Severity};
pub use crate::report::Format;
use crate::report::{Counts, Report, Stream, existing};
use crate::run::read::{self, Folders};
use crate::run::walk::{Selection, Walk};
use crate::run::{self, Settings, order};

/// What to run.
#[derive(Debug, Clone)]
pub struct Config {
    /// `--pack`: a pack name or a `.toml` file; `None` routes files to every available pack.
    pub pack: Option<String>,
    /// `--pack-dir` folders, searched in order before `./rules`.
    pub pack_dirs: Vec<PathBuf>,
    /// `--root`: where path templates are resolved.
    pub root: PathBuf,
    /// `--format`.
    pub format: Format,
    /// `--fail-on`: the least severity that makes the run fail, or `None` for never.
    pub fail_on: Option<Severity>,
    /// `--existing`: results to merge the new issues into.
    pub existing: Option<PathBuf>,
    /// `--stdin-filename`: the script name for `-`.
    pub stdin_filename: Option<String>,
    /// `--levels`: level names to run, or `None` for all.
    pub levels: Option<Vec<String>>,
    /// Colours in text output.
    pub color: bool,
    /// The scripts and folders (`-` for standard input).
    pub paths: Vec<PathBuf>,
    /// How folders are walked and files routed.
    pub walk: Walk,
    /// `--max-file-size` in bytes: larger files are skipped with a notice.
    pub max_file_size: u64,
    /// `-j`: how many files are checked at once.
    pub jobs: usize,
    /// The configuration's `per-file-ignores`.
    pub ignores: PerFileIgnores,
}

/// The result of a run that did not fail with an error (its report is written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// The findings by severity.
    pub counts: Counts,
    /// Whether some finding is at or above `--fail-on` (exit code 1).
    pub failed: bool,
    /// For stderr: the note that no file was checked, or empty.
    pub notice: String,
}

/// Runs the checker, writing the report to `out` while the files are checked; `stdin` is read
/// when a path is `-`.
///
/// Everything that can stop a run before its first result — options, packs, `--existing`, a
/// named file that cannot be opened — is checked before anything is written. A named file or
/// a companion file that fails later stops the run with the report cut at that file.
pub fn run(config: &Config, stdin: &mut dyn Read, out: &mut dyn Write) -> Result<Output> {
    let packs = load_packs(config.pack.as_deref(), &config.pack_dirs)?;
    let levels = match (&config.levels, config.pack.is_some()) {
        (Some(_), false) => {
            return Err(Error::Usage {
                message: "--levels needs --pack: levels belong to one pack".into(),
                help: "add --pack NAME, or drop --levels".into(),
            });
        }
        (names, _) => select_levels(&packs[0].pack, names.as_deref())?,
    };
    if config.walk.all_files && config.pack.is_none() {
        return Err(Error::Usage {
            message: "--all-files needs --pack: it applies one pack to every file".into(),
            help: "add --pack NAME".into(),
        });
    }
    let existing = match &config.existing {
        Some(path) => existing::load(path)?,
        None => None,
    };
    let selection = Selection::new(&packs, config.pack.is_some(), &config.walk)?;
    let (stdin_target, paths) = split_stdin(config, stdin)?;
    let options = Options {
        levels: levels.clone(),
        rules: None,
    };
    let folders = Folders::default();
    let settings = Settings {
        options: &options,
        root: &config.root,
        max_file_size: config.max_file_size,
        jobs: config.jobs,
        ignores: &config.ignores,
        folders: &folders,
    };
    let report = Report {
        packs: &packs,
        levels: levels.as_deref(),
        existing: existing.as_ref(),
        format: config.format,
        color: config.color,
    };
    let scripts = order::Scripts::new(&paths, &selection, stdin_target.as_ref())?;
    let mut stream = Stream::new(report, out);
    let notices = run::check_all(
        &report,
        &selection,
        scripts,
        stdin_target.as_ref(),
        &settings,
        &mut stream,
    )?;
    let totals = stream.finish(&notices).map_err(Error::Write)?;
    let failed = config
        .fail_on
        .is_some_and(|threshold| totals.counts.reach(threshold));
    let notice = if totals.scripts == 0 {
        super::route::nothing_checked(&config.paths, &packs)
    } else {
        String::new()
    };
    Ok(Output {
        counts: totals.counts,
        failed,
        notice,
    })
}

/// Reads standard input when a path is `-`, and returns the other paths.
fn split_stdin(config: &Config, stdin: &mut dyn Read) -> Result<(Option<Target>, Vec<PathBuf>)> {
    let reads_stdin = config.paths.iter().any(|p| p == Path::new("-"));
    if config.stdin_filename.is_some() && !reads_stdin {
        return Err(Error::Usage {
            message: "--stdin-filename is given but no path is `-`".into(),
            help: "pass `-` as the path to read the script from standard input".into(),
        });
    }
    let target = if reads_stdin {
        Some(read::stdin_script(
            config.stdin_filename.as_deref(),
            stdin,
            config.max_file_size,
        )?)
    } else {
        None
    };
    let paths = config
        .paths
        .iter()
        .filter(|p| *p != Path::new("-"))
        .cloned()
        .collect();
    Ok((target, paths))
}

fn select_levels(pack: &Pack, names: Option<&[String]>) -> Result<Option<Vec<usize>>> {
    let Some(names) = names else {
        return Ok(None);
    };
    names
        .iter()
        .map(|name| {
            pack.levels
                .iter()
                .position(|level| level == name)
                .ok_or_else(|| Error::Usage {
                    message: format!("pack `{}` has no level `{name}`", pack.name),
                    help: format!("--levels takes some of: {}", pack.levels.join(",")),
                })
        })
        .collect::<Result<Vec<_>>>()
        .map(Some)
}
