//! The runner's reads: scripts (from a file or standard input) and the companion files under the
//! root ([`Disk`], the per-file check's provider of them). All the I/O of a check is here; the
//! engine gets bytes.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use crate::bounded::{self, Bounded};
use crate::checker::companions::{Companions, Contents};
use crate::engine::Target;
use crate::error::{Error, Result};

/// A file read for checking, or the size of one too large to read.
pub enum ScriptRead {
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
pub fn script(path: &Path, max_size: u64) -> Result<ScriptRead> {
    match bounded::read_file(path, max_size).map_err(|source| script_error(path, source))? {
        Bounded::Read(bytes) => Ok(ScriptRead::Target(Target::new(
            path.display().to_string(),
            bytes,
        ))),
        Bounded::Over(size) => Ok(ScriptRead::TooLarge(size)),
    }
}

/// Whether a walked file's `bytes` look binary rather than a script: a NUL byte in the first
/// 8 KiB.
pub fn looks_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(8192)].contains(&0)
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
    Ok(Target::new(name.to_owned(), bytes))
}

/// Companion files on disk under the root, as the runner serves them to the per-file check:
/// a candidate counts when it is a file under the root once symbolic links are resolved (one
/// that leads out of the root is treated as absent, with a notice), and it is read when it
/// holds at most `max_size` bytes (otherwise it is left unread, with a notice). A file that
/// exists but cannot be read is an error.
#[derive(Debug)]
pub struct Disk {
    root: PathBuf,
    max_size: u64,
    /// The folders found so far.
    folders: Folders,
    /// The root with its symbolic links resolved, once some candidate exists.
    real_root: OnceLock<Option<PathBuf>>,
    /// The file names of the folders listed so far (for upward searches), by folder.
    listings: Mutex<HashMap<PathBuf, Vec<String>>>,
}

impl Disk {
    /// The files under `root`, read up to `max_size` bytes.
    pub fn new(root: &Path, max_size: u64) -> Disk {
        Disk {
            root: root.to_owned(),
            max_size,
            folders: Folders::default(),
            real_root: OnceLock::new(),
            listings: Mutex::default(),
        }
    }
}

impl Companions for Disk {
    fn relative(&self, script: &Path) -> Option<PathBuf> {
        relative_to(&self.root, script)
    }

    fn find(&self, rel: &str, notices: &mut Vec<String>) -> Option<String> {
        let path = self.root.join(rel);
        if !path
            .parent()
            .is_none_or(|folder| self.folders.exist(folder))
            || !path.is_file()
        {
            return None;
        }
        let real_root = self
            .real_root
            .get_or_init(|| fs::canonicalize(&self.root).ok());
        let leaves = match (real_root.as_ref(), fs::canonicalize(&path)) {
            (Some(real_root), Ok(real)) => !real.starts_with(real_root),
            _ => true,
        };
        if leaves {
            notices.push(format!(
                "{}: not read, it leaves the root {} (through a symbolic link)",
                path.display(),
                self.root.display()
            ));
            return None;
        }
        Some(shown_path(&self.root, rel))
    }

    fn list(&self, folder: &Path) -> Vec<String> {
        if let Ok(known) = self.listings.lock()
            && let Some(names) = known.get(folder)
        {
            return names.clone();
        }
        let names = list_folder(&self.root.join(folder));
        if let Ok(mut known) = self.listings.lock() {
            known.insert(folder.to_owned(), names.clone());
        }
        names
    }

    fn exists(&self, rel: &str) -> bool {
        self.root.join(rel).exists()
    }

    fn read(&self, rel: &str) -> Result<Contents> {
        let path = self.root.join(rel);
        let read = bounded::read_file(&path, self.max_size).map_err(|source| Error::Io {
            path: path.clone(),
            source,
            help: "make the companion file readable, or check --root",
        })?;
        Ok(match read {
            Bounded::Read(bytes) => Contents::Bytes(bytes),
            Bounded::Over(size) => Contents::Unread(format!(
                "{}: not read, {}; the rules that search it were skipped",
                path.display(),
                over_max_size(size, self.max_size)
            )),
        })
    }
}

/// Which folders exist, as a run has found them. A walked tree's companion candidates fall in
/// a few folders, most of which do not exist (`cursus/steps/builders` under a tree without
/// builders): one check of each folder spares a check of each candidate in it. Shared by the
/// threads of one run; the files a run reads do not change while it runs.
/// The names of the files in `folder`, sorted; none when it cannot be read.
fn list_folder(folder: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(|entry| entry.ok())
        .filter(|entry| {
            entry
                .file_type()
                .is_ok_and(|t| t.is_file() || t.is_symlink())
        })
        .filter_map(|entry| entry.file_name().to_str().map(str::to_owned))
        .collect();
    names.sort();
    names
}

#[derive(Debug, Default)]
struct Folders(Mutex<HashMap<PathBuf, bool>>);

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

/// `path` relative to `root`: lexically when both are written alike, else through their
/// canonical forms; `None` when it is not inside the root.
pub fn relative_to(root: &Path, path: &Path) -> Option<PathBuf> {
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

/// `rel` (relative to `root`) as reports show it: under the root as given.
pub fn shown_path(root: &Path, rel: &str) -> String {
    if root.as_os_str().is_empty() || root == Path::new(".") {
        rel.to_owned()
    } else {
        root.join(rel).display().to_string()
    }
}
