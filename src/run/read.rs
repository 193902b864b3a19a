//! The runner's reads: scripts (from a file or standard input) and the companion files a
//! [`Plan`] asks for under the root. All the I/O of a check is here; the engine gets bytes.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::bounded::{self, Bounded};
use crate::engine::{Companion, Plan, Target};
use crate::error::{Error, Result};

/// A file read for checking, or the size of one too large to read.
pub enum Loaded {
    /// The script, read.
    Target(Target),
    /// Its size, over the limit, or `None` when only reading found it over (a device, a pipe,
    /// a file that grew).
    TooLarge(Option<u64>),
}

/// Why a script could not be read.
fn script_error(path: &Path, source: io::Error) -> Error {
    Error::Io {
        path: path.to_owned(),
        help: match source.kind() {
            io::ErrorKind::NotFound => "check the path of the script",
            _ => "check that the script is a readable file",
        },
        source,
    }
}

/// Fails, as [`script`] would, when a script cannot be opened; run before a report begins, so
/// that a missing script named on the command line stops the run with nothing printed.
pub fn openable(path: &Path) -> Result<()> {
    File::open(path)
        .map(drop)
        .map_err(|source| script_error(path, source))
}

/// Reads a script unless it is larger than `max_size` bytes (one open, one `fstat`, at most
/// `max_size + 1` bytes read).
pub fn script(path: &Path, max_size: u64) -> Result<Loaded> {
    match bounded::read_file(path, max_size).map_err(|source| script_error(path, source))? {
        Bounded::Read(bytes) => Ok(Loaded::Target(Target {
            path: path.display().to_string(),
            script: file_name(path),
            bytes,
        })),
        Bounded::Over(size) => Ok(Loaded::TooLarge(size)),
    }
}

/// Why a file over `--max-file-size` (`max_size`) was passed over: its size, when known
/// (`None`: only reading found it over, as for a device or a pipe).
pub fn over_max_size(size: Option<u64>, max_size: u64) -> String {
    match size {
        Some(size) => format!("{size} bytes is over --max-file-size {max_size}"),
        None => format!("it holds more than --max-file-size {max_size} bytes"),
    }
}

/// Reads a script of at most `max_size` bytes from standard input; `name` (`--stdin-filename`)
/// is its path.
pub fn stdin_script(name: Option<&str>, stdin: &mut dyn Read, max_size: u64) -> Result<Target> {
    let name = name.ok_or_else(|| Error::Usage {
        message: "reading a script from standard input (`-`) needs its file name".into(),
        help: "add --stdin-filename NAME (e.g. --stdin-filename scripts/etl_job.py): \
               the pack derives variables such as companion file paths from it"
            .into(),
    })?;
    let read = bounded::read_within(stdin, max_size, 0).map_err(|source| Error::Io {
        path: PathBuf::from("-"),
        source,
        help: "pipe the script into standard input",
    })?;
    let Bounded::Read(bytes) = read else {
        return Err(Error::Usage {
            message: format!("standard input holds more than --max-file-size {max_size} bytes"),
            help: "raise --max-file-size (e.g. --max-file-size 16M) to check a larger script"
                .into(),
        });
    };
    Ok(Target {
        path: name.to_owned(),
        script: file_name(Path::new(name)),
        bytes,
    })
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The answers to a plan's companion requests, and notices about candidates that were passed
/// over.
#[derive(Debug, Default)]
pub struct Companions {
    /// One answer per request, in the plan's order.
    pub answers: Vec<Companion>,
    /// Candidates that exist but resolve outside the root (through a symbolic link).
    pub notices: Vec<String>,
}

/// Answers the plan's companion requests for the script at `script`: the first candidate that
/// is a file under `root` once symbolic links are resolved (for an upward request, the first
/// found in the script's folder, then in each folder above it up to the root), read when the
/// request asks for its bytes and it holds at most `max_size` bytes (otherwise it is left
/// unread, with a notice). A candidate that leaves the root is treated as absent, with a
/// notice. A file that exists but cannot be read is an error.
pub fn companions(
    plan: &Plan,
    root: &Path,
    script: &Path,
    known: &Folders,
    max_size: u64,
) -> Result<Companions> {
    let mut notices = Vec::new();
    // Resolved once per script, and only when some candidate exists.
    let mut real_root = None;
    let mut folders: Option<Vec<PathBuf>> = None;
    let answers = plan
        .companions
        .iter()
        .map(|request| {
            let candidates: Vec<String> = if request.upward {
                let folders = folders.get_or_insert_with(|| folders_up(root, script));
                folders
                    .iter()
                    .flat_map(|folder| {
                        request
                            .candidates
                            .iter()
                            .map(move |rel| join_rel(folder, rel))
                    })
                    .collect()
            } else {
                request.candidates.clone()
            };
            let inside = |rel: &&String| {
                let path = root.join(rel);
                if !path.parent().is_none_or(|folder| known.exist(folder)) || !path.is_file() {
                    return false;
                }
                let real_root = real_root.get_or_insert_with(|| fs::canonicalize(root).ok());
                let leaves = match (real_root.as_ref(), fs::canonicalize(&path)) {
                    (Some(real_root), Ok(real)) => !real.starts_with(real_root),
                    _ => true,
                };
                if leaves {
                    notices.push(format!(
                        "{}: not read, it leaves the root {} (through a symbolic link)",
                        path.display(),
                        root.display()
                    ));
                }
                !leaves
            };
            let Some(rel) = candidates.iter().find(inside).cloned() else {
                return Ok(Companion::Missing);
            };
            let bytes = if request.read {
                let path = root.join(&rel);
                let read = bounded::read_file(&path, max_size).map_err(|source| Error::Io {
                    path: path.clone(),
                    source,
                    help: "make the companion file readable, or check --root",
                })?;
                match read {
                    Bounded::Read(bytes) => Some(bytes),
                    Bounded::Over(size) => {
                        notices.push(format!(
                            "{}: not read, {}; the rules that search it were skipped",
                            path.display(),
                            over_max_size(size, max_size)
                        ));
                        None
                    }
                }
            } else {
                None
            };
            Ok(Companion::Found {
                shown: shown_path(root, &rel),
                rel,
                bytes,
            })
        })
        .collect::<Result<_>>()?;
    Ok(Companions { answers, notices })
}

/// Which folders exist, as a run has found them. A walked tree's companion candidates fall in
/// a few folders, most of which do not exist (`cursus/steps/builders` under a tree without
/// builders): one check of each folder spares a check of each candidate in it. Shared by the
/// threads of one run; the files a run reads do not change while it runs.
#[derive(Debug, Default)]
pub struct Folders(Mutex<HashMap<PathBuf, bool>>);

impl Folders {
    /// Whether `folder` is a folder (symbolic links followed).
    fn exist(&self, folder: &Path) -> bool {
        let Ok(mut known) = self.0.lock() else {
            return folder.is_dir();
        };
        if let Some(&exists) = known.get(folder) {
            return exists;
        }
        let exists = folder.is_dir();
        known.insert(folder.to_owned(), exists);
        exists
    }
}

/// `rel` inside `folder` (relative to the root), written with `/`.
fn join_rel(folder: &Path, rel: &str) -> String {
    if folder.as_os_str().is_empty() {
        return rel.to_owned();
    }
    let mut joined: Vec<String> = folder
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    joined.push(rel.to_owned());
    joined.join("/")
}

/// The script's folder and each folder above it, relative to `root`, nearest first, ending with
/// the root itself (the empty path). A script outside the root has only the root.
fn folders_up(root: &Path, script: &Path) -> Vec<PathBuf> {
    let mut folders = Vec::new();
    let mut folder = relative_to(root, script).and_then(|rel| rel.parent().map(Path::to_owned));
    while let Some(current) = folder {
        folder = current.parent().map(Path::to_owned);
        folders.push(current);
    }
    if folders
        .last()
        .is_none_or(|last| !last.as_os_str().is_empty())
    {
        folders.push(PathBuf::new());
    }
    folders
}

/// `path` relative to `root`: lexically when both are written alike, else through their
/// canonical forms; `None` when it is not inside the root.
fn relative_to(root: &Path, path: &Path) -> Option<PathBuf> {
    let tidy = |p: &Path| -> PathBuf {
        p.components()
            .filter(|c| !matches!(c, Component::CurDir))
            .collect()
    };
    let below = |rel: &Path| {
        rel.components()
            .all(|c| matches!(c, Component::Normal(_)))
            .then(|| rel.to_owned())
    };
    if let Some(rel) = tidy(path).strip_prefix(tidy(root)).ok().and_then(&below) {
        return Some(rel);
    }
    let (root, path) = (root.canonicalize().ok()?, path.canonicalize().ok()?);
    below(path.strip_prefix(root).ok()?)
}

/// `rel` under `root` as shown to the user (`rel` alone when the root is the working directory).
fn shown_path(root: &Path, rel: &str) -> String {
    if root.as_os_str().is_empty() || root == Path::new(".") {
        rel.to_owned()
    } else {
        root.join(rel).display().to_string()
    }
}
