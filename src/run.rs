//! One invocation of the checker: load the pack (or every pack), plan the files (walking folders,
//! routing files to packs), check them on several threads, render the report and decide the exit
//! status. The CLI is a thin layer over [`run`].

use std::fs::File;
use std::io::{self, Read};
use std::panic;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;

use globset::{GlobSet, GlobSetBuilder};

use crate::check::{self, Options, Target};
use crate::compile::CompiledPack;
use crate::error::{Error, Result};
use crate::existing;
use crate::pack::{self, Pack, Severity, locate};
pub use crate::report::Format;
use crate::report::{Piece, Report};
use crate::route::{self, Routed, Selection};

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
    let options = Options {
        root: config.root.clone(),
        levels: levels.clone(),
        rules: None,
    };
    let report = Report {
        packs: &packs,
        levels: levels.as_deref(),
        existing: existing.as_ref(),
        format: config.format,
        color: config.color,
    };
    let mut pieces = Vec::new();
    let mut notices = Vec::new();
    if let Some(target) = stdin_target {
        let routed = route::plan_named(Path::new(&target.path), &selection);
        if routed.is_empty() {
            notices.push(format!(
                "{}: no pack applies to this file name (name a pack with --pack)",
                target.path
            ));
        }
        for (pack, _) in routed {
            let outcome = check::check(&packs[pack], &target, &options)?;
            pieces.push(report.piece(pack, &outcome));
        }
    }
    let (checked, walk_notices) = check_all(&report, &selection, &paths, &options, config)?;
    notices.extend(walk_notices);
    for (file_pieces, file_notices) in checked {
        pieces.extend(file_pieces);
        notices.extend(file_notices);
    }
    pieces.sort_by(|a, b| a.path.cmp(&b.path).then(a.pack.cmp(&b.pack)));
    let failed = config
        .fail_on
        .is_some_and(|threshold| pieces.iter().any(|p| p.counts.reach(threshold)));
    Ok(Output {
        report: report.finish(&pieces, &notices),
        failed,
    })
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

/// What checking one file gave: its rendered outcomes and notices.
type FileResult = (Vec<Piece>, Vec<String>);

/// Walks the paths on one thread while `config.jobs` threads check and render the files it
/// finds. Returns each file's result in walk order, and the walk's notices. (The report sorts
/// its pieces by path, so the output is the same whatever the number of threads.)
fn check_all(
    report: &Report,
    selection: &Selection,
    paths: &[PathBuf],
    options: &Options,
    config: &Config,
) -> Result<(Vec<FileResult>, Vec<String>)> {
    let (sender, receiver) = mpsc::sync_channel::<(usize, Routed)>(1024);
    // Each worker owns a handle: were they all gone, the walker's sends would fail, not block.
    let receiver = Arc::new(Mutex::new(receiver));
    let (walk_notices, mut results) = thread::scope(|scope| {
        let walker = scope.spawn(move || {
            let mut found = 0;
            route::walk(paths, selection, &mut |file| {
                // Only fails when every worker is gone, and then nothing is left to do.
                let _ = sender.send((found, file));
                found += 1;
            })
        });
        let workers: Vec<_> = (0..config.jobs.max(1))
            .map(|_| {
                let receiver = Arc::clone(&receiver);
                scope.spawn(move || {
                    let mut done = Vec::new();
                    while let Ok(Ok((index, file))) = receiver.lock().map(|r| r.recv()) {
                        done.push((
                            index,
                            check_file(report, &file, options, config.max_file_size),
                        ));
                    }
                    done
                })
            })
            .collect();
        drop(receiver);
        // A panic is a bug: it goes on as one rather than as a report with files missing.
        let results: Vec<(usize, Result<FileResult>)> = workers
            .into_iter()
            .flat_map(|worker| worker.join().unwrap_or_else(|p| panic::resume_unwind(p)))
            .collect();
        let walk_notices = walker.join().unwrap_or_else(|p| panic::resume_unwind(p));
        (walk_notices, results)
    });
    results.sort_by_key(|(index, _)| *index);
    let results = results
        .into_iter()
        .map(|(_, result)| result)
        .collect::<Result<Vec<_>>>()?;
    Ok((results, walk_notices))
}

/// Reads, checks and renders one file with its packs. A problem with a walked file is a
/// notice; with a file named on the command line, an error.
fn check_file(
    report: &Report,
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
    let target = match read_file(&file.path, max_size) {
        Ok(Loaded::Target(target)) => target,
        Ok(Loaded::TooLarge(size)) => {
            return Ok((
                Vec::new(),
                vec![format!(
                    "{shown}: skipped, {size} bytes is over --max-file-size {max_size}"
                )],
            ));
        }
        Err(error) => return skip(format!("{shown}: skipped: {error}"), error),
    };
    if file.walked && target.bytes[..target.bytes.len().min(8192)].contains(&0) {
        return Ok((
            Vec::new(),
            vec![format!("{shown}: skipped, it looks binary (a NUL byte)")],
        ));
    }
    let mut pieces = Vec::new();
    for (pack, _) in &file.packs {
        match check::check(&report.packs[*pack], &target, options) {
            Ok(outcome) => pieces.push(report.piece(*pack, &outcome)),
            Err(error) => return skip(format!("{shown}: skipped: {error}"), error),
        }
    }
    Ok((pieces, Vec::new()))
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

/// A file read for checking, or the size of one too large to read.
enum Loaded {
    Target(Target),
    TooLarge(u64),
}

/// Reads a script unless it is larger than `max_size` bytes (one open, one `fstat`).
fn read_file(path: &Path, max_size: u64) -> Result<Loaded> {
    let io_error = |source: io::Error| Error::Io {
        path: path.to_owned(),
        help: match source.kind() {
            io::ErrorKind::NotFound => "check the path of the script",
            _ => "check that the script is a readable file",
        },
        source,
    };
    let mut file = File::open(path).map_err(io_error)?;
    let size = file.metadata().map_err(io_error)?.len();
    if size > max_size {
        return Ok(Loaded::TooLarge(size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.read_to_end(&mut bytes).map_err(io_error)?;
    Ok(Loaded::Target(Target {
        path: path.display().to_string(),
        script: file_name(path),
        bytes,
    }))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}
