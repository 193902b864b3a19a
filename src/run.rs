//! One invocation of the checker: load the pack (or every pack), plan the files (walking folders,
//! routing files to packs), check them on several threads, render the report and decide the exit
//! status. The CLI is a thin layer over [`run`].

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use globset::{GlobSet, GlobSetBuilder};

use crate::check::{self, Options, Outcome, Target};
use crate::compile::CompiledPack;
use crate::error::{Error, Result};
use crate::existing;
use crate::pack::{self, Pack, Severity, locate};
use crate::report::{self, Report, text::Style};
use crate::route::{self, Routed, Selection};

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
}

/// How folders are walked and their files routed (shared by checking and `rulecheck route`).
#[derive(Debug, Clone, Default)]
pub struct Walk {
    /// `--all-files`: the chosen pack checks every walked file with one of its extensions.
    pub all_files: bool,
    /// `--exclude` globs for walked files and folders.
    pub exclude: Vec<String>,
    /// `--follow`: follow symbolic links while walking.
    pub follow: bool,
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
    let selection = selection(config.pack.is_some(), &config.walk, &packs)?;
    let (stdin_target, paths) = split_stdin(config, stdin)?;
    let mut plan = route::plan(&paths, &selection);
    let options = Options {
        root: config.root.clone(),
        levels: levels.clone(),
        rules: None,
    };
    let mut outcomes = Vec::new();
    if let Some(target) = stdin_target {
        let routed = route::plan_named(Path::new(&target.path), &selection);
        if routed.is_empty() {
            plan.notices.push(format!(
                "{}: no pack applies to this file name (name a pack with --pack)",
                target.path
            ));
        }
        for (pack, _) in routed {
            outcomes.push((pack, check::check(&packs[pack], &target, &options)?));
        }
    }
    let checked = check_all(&packs, &plan.files, &options, config)?;
    for (file_outcomes, notices) in checked {
        outcomes.extend(file_outcomes);
        plan.notices.extend(notices);
    }
    outcomes.sort_by(|(pa, a), (pb, b)| a.path.cmp(&b.path).then(pa.cmp(pb)));
    let report = Report {
        packs: &packs,
        levels: levels.as_deref(),
        outcomes: &outcomes,
        existing: existing.as_ref(),
        notices: &plan.notices,
    };
    let failed = config.fail_on.is_some_and(|threshold| {
        outcomes
            .iter()
            .flat_map(|(_, o)| &o.findings)
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

/// `rulecheck route`: which pack checks each file, and why (the plan, without checking).
pub fn route(
    pack: Option<&str>,
    pack_dirs: &[PathBuf],
    walk: &Walk,
    paths: &[PathBuf],
) -> Result<String> {
    let packs = load_packs(pack, pack_dirs)?;
    let selection = selection(pack.is_some(), walk, &packs)?;
    let plan = route::plan(paths, &selection);
    let mut out = String::new();
    for file in &plan.files {
        for (pack, reason) in &file.packs {
            out.push_str(&format!(
                "{}: {} ({reason})\n",
                file.path.display(),
                packs[*pack].pack.name
            ));
        }
    }
    for notice in &plan.notices {
        out.push_str(&format!("note: {notice}\n"));
    }
    Ok(out)
}

/// The `--pack`, or every available pack (the first of each name in search order).
pub fn load_packs(pack: Option<&str>, pack_dirs: &[PathBuf]) -> Result<Vec<CompiledPack>> {
    match pack {
        Some(spec) => Ok(vec![CompiledPack::load(&locate::resolve(
            spec, pack_dirs,
        )?)?]),
        None => {
            let mut names: Vec<String> = Vec::new();
            let mut packs = Vec::new();
            for (name, origin) in locate::available(pack_dirs) {
                if names.contains(&name) {
                    continue;
                }
                packs.push(CompiledPack::load(&locate::load_source(&name, &origin)?)?);
                names.push(name);
            }
            if packs.is_empty() {
                return Err(Error::Usage {
                    message: "no rule pack is available".into(),
                    help: "pass --pack FILE.toml or --pack-dir DIR".into(),
                });
            }
            Ok(packs)
        }
    }
}

/// How files are chosen and routed to `packs` (`chosen`: they come from `--pack`).
fn selection<'a>(chosen: bool, walk: &Walk, packs: &'a [CompiledPack]) -> Result<Selection<'a>> {
    Ok(Selection {
        packs,
        chosen,
        all_files: walk.all_files,
        exclude: exclude_globs(&walk.exclude)?,
        follow: walk.follow,
    })
}

fn exclude_globs(globs: &[String]) -> Result<GlobSet> {
    let mut set = GlobSetBuilder::new();
    for glob in globs {
        set.add(pack::file_glob(glob).map_err(|e| Error::Usage {
            message: format!("--exclude `{glob}` is not a valid glob: {}", e.kind()),
            help: "write a glob such as \"tests/**\" or \"*_old.py\"".into(),
        })?);
    }
    set.build().map_err(|e| Error::Usage {
        message: format!("the --exclude globs do not compile: {e}"),
        help: "simplify the globs".into(),
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
        Some(read_stdin(config.stdin_filename.as_deref(), stdin)?)
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

/// What checking one file gave: its outcomes (with their pack) and notices.
type FileResult = (Vec<(usize, Outcome)>, Vec<String>);

/// Checks every planned file on `config.jobs` threads. Results keep the plan's order, so the
/// output is the same whatever the number of threads.
fn check_all(
    packs: &[CompiledPack],
    files: &[Routed],
    options: &Options,
    config: &Config,
) -> Result<Vec<FileResult>> {
    let next = AtomicUsize::new(0);
    let jobs = config.jobs.clamp(1, files.len().max(1));
    let mut results: Vec<(usize, Result<FileResult>)> = thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(file) = files.get(index) else {
                            break;
                        };
                        done.push((
                            index,
                            check_file(packs, file, options, config.max_file_size),
                        ));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().unwrap_or_default())
            .collect()
    });
    results.sort_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, result)| result).collect()
}

/// Reads and checks one file with its packs. A problem with a walked file is a notice; with a
/// file named on the command line, an error.
fn check_file(
    packs: &[CompiledPack],
    file: &Routed,
    options: &Options,
    max_size: u64,
) -> Result<FileResult> {
    let skip = |notice: String, error: Error| {
        if file.walked {
            Ok((Vec::new(), vec![notice]))
        } else {
            Err(error)
        }
    };
    let shown = file.path.display().to_string();
    if let Ok(meta) = fs::metadata(&file.path)
        && meta.len() > max_size
    {
        return Ok((
            Vec::new(),
            vec![format!(
                "{shown}: skipped, {} bytes is over --max-file-size {max_size}",
                meta.len()
            )],
        ));
    }
    let target = match read_file(&file.path) {
        Ok(target) => target,
        Err(error) => return skip(format!("{shown}: skipped: {error}"), error),
    };
    if file.walked && target.bytes.iter().take(8192).any(|&b| b == 0) {
        return Ok((
            Vec::new(),
            vec![format!("{shown}: skipped, it looks binary (a NUL byte)")],
        ));
    }
    let mut outcomes = Vec::new();
    for (pack, _) in &file.packs {
        match check::check(&packs[*pack], &target, options) {
            Ok(outcome) => outcomes.push((*pack, outcome)),
            Err(error) => return skip(format!("{shown}: skipped: {error}"), error),
        }
    }
    Ok((outcomes, Vec::new()))
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
