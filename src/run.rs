//! One invocation of the checker: resolve and compile the pack, read the scripts, check each one,
//! render the report and decide the exit status. The CLI is a thin layer over [`run`].

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::check::{self, Options, Outcome, Target};
use crate::compile::CompiledPack;
use crate::error::{Error, Result};
use crate::existing;
use crate::pack::{Pack, Severity, locate};
use crate::report::{self, Report, text::Style};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// rustc/Ruff-style diagnostics.
    Text,
    /// The cursus-compatible JSON document.
    Json,
}

/// What to run.
#[derive(Debug, Clone)]
pub struct Config {
    /// `--pack`: a pack name or a `.toml` file.
    pub pack: String,
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
    /// The scripts (`-` for standard input).
    pub paths: Vec<PathBuf>,
}

/// The result of a run that did not fail with an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// The rendered report.
    pub report: String,
    /// Whether some finding is at or above `--fail-on` (exit code 1).
    pub failed: bool,
}

/// Runs the checker; `stdin` is read when a path is `-`.
pub fn run(config: &Config, stdin: &mut dyn Read) -> Result<Output> {
    let source = locate::resolve(&config.pack, &config.pack_dirs)?;
    let compiled = CompiledPack::load(&source)?;
    let levels = select_levels(&compiled.pack, config.levels.as_deref())?;
    let existing = match &config.existing {
        Some(path) => existing::load(path)?,
        None => None,
    };
    let targets = read_targets(config, stdin)?;
    let options = Options {
        root: config.root.clone(),
        levels: levels.clone(),
        rules: None,
    };
    let outcomes: Vec<Outcome> = targets
        .iter()
        .map(|target| check::check(&compiled, target, &options))
        .collect::<Result<_>>()?;
    let report = Report {
        pack: &compiled,
        levels: levels.as_deref(),
        outcomes: &outcomes,
        existing: existing.as_ref(),
    };
    let failed = config.fail_on.is_some_and(|threshold| {
        outcomes
            .iter()
            .flat_map(|o| &o.findings)
            .any(|f| f.severity >= threshold)
    });
    let report = match config.format {
        Format::Text => report::text::render(
            &report,
            Style {
                color: config.color,
            },
        ),
        Format::Json => report::json::render(&report),
    };
    Ok(Output { report, failed })
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

/// Reads every script, sorted by the path shown for it; the same path given twice is read once.
fn read_targets(config: &Config, stdin: &mut dyn Read) -> Result<Vec<Target>> {
    let mut paths = config.paths.clone();
    paths.sort();
    paths.dedup();
    if config.stdin_filename.is_some() && !paths.iter().any(|p| p == Path::new("-")) {
        return Err(Error::Usage {
            message: "--stdin-filename is given but no path is `-`".into(),
            help: "pass `-` as the path to read the script from standard input".into(),
        });
    }
    let mut targets: Vec<Target> = paths
        .iter()
        .map(|path| {
            if path == Path::new("-") {
                read_stdin(config.stdin_filename.as_deref(), stdin)
            } else {
                read_file(path)
            }
        })
        .collect::<Result<_>>()?;
    targets.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(targets)
}

fn read_stdin(name: Option<&str>, stdin: &mut dyn Read) -> Result<Target> {
    let name = name.ok_or_else(|| Error::Usage {
        message: "reading a script from standard input (`-`) needs its file name".into(),
        help: "add --stdin-filename NAME (e.g. --stdin-filename scripts/etl_job.py): \
               the pack derives variables such as companion file paths from it"
            .into(),
    })?;
    let mut bytes = Vec::new();
    stdin.read_to_end(&mut bytes).map_err(|source| Error::Io {
        path: PathBuf::from("-"),
        source,
        help: "pipe the script into standard input",
    })?;
    Ok(Target {
        path: name.to_owned(),
        script: file_name(Path::new(name)),
        bytes,
    })
}

fn read_file(path: &Path) -> Result<Target> {
    if path.is_dir() {
        return Err(Error::Usage {
            message: format!("`{}` is a directory", path.display()),
            help: "pass the script files to check, e.g. `dir/*.py`".into(),
        });
    }
    let bytes = fs::read(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        help: match source.kind() {
            io::ErrorKind::NotFound => "check the path of the script",
            _ => "check that the script is a readable file",
        },
        source,
    })?;
    Ok(Target {
        path: path.display().to_string(),
        script: file_name(path),
        bytes,
    })
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}
