//! Project configuration: the settings of `rulecheck check` from the command line, a
//! configuration file, or the defaults — in that order of precedence.
//!
//! The file is `rulecheck.toml` (top-level keys) or the `[tool.rulecheck]` table of
//! `pyproject.toml`, found by walking up from the working directory ([`discover`]); the first
//! folder with either wins, `rulecheck.toml` first, and a `pyproject.toml` without the table is
//! passed over. `--config FILE` names one, `--isolated` reads none. Keys are the long flags in
//! kebab-case ([`file`](mod@file)), plus `per-file-ignores` ([`ignores`]). Relative paths in a file resolve
//! against its folder.

pub mod discover;
pub mod file;
pub mod ignores;

use std::path::{Component, Path, PathBuf};

use crate::error::Result;
use crate::pack::Severity;
use crate::report::Format;
use ignores::PerFileIgnores;

/// `--fail-on`: the least severity that fails the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// ERROR findings fail.
    Error,
    /// WARNING and ERROR findings fail.
    Warning,
    /// Every finding fails.
    Info,
    /// Nothing fails.
    Never,
}

impl FailOn {
    /// The names, as written on the command line and in the file.
    pub const NAMES: [&str; 4] = ["error", "warning", "info", "never"];

    /// The value named `name`.
    pub fn from_name(name: &str) -> Option<FailOn> {
        Some(match name {
            "error" => FailOn::Error,
            "warning" => FailOn::Warning,
            "info" => FailOn::Info,
            "never" => FailOn::Never,
            _ => return None,
        })
    }

    /// Its name.
    pub fn name(self) -> &'static str {
        match self {
            FailOn::Error => "error",
            FailOn::Warning => "warning",
            FailOn::Info => "info",
            FailOn::Never => "never",
        }
    }

    /// The least severity that fails, or `None` for never.
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

/// Settings that either the command line or a configuration file may give; `None` where one
/// does not.
#[derive(Debug, Clone, Default)]
pub struct Values {
    /// `pack`.
    pub pack: Option<String>,
    /// `pack-dirs`.
    pub pack_dirs: Option<Vec<PathBuf>>,
    /// `root`.
    pub root: Option<PathBuf>,
    /// `exclude`.
    pub exclude: Option<Vec<String>>,
    /// `fail-on`.
    pub fail_on: Option<FailOn>,
    /// `levels`.
    pub levels: Option<Vec<String>>,
    /// `format`.
    pub format: Option<Format>,
    /// `max-file-size`, in bytes.
    pub max_file_size: Option<u64>,
    /// `all-files`.
    pub all_files: Option<bool>,
    /// `follow`.
    pub follow: Option<bool>,
    /// `jobs`.
    pub jobs: Option<usize>,
}

/// Which configuration file to read.
#[derive(Debug, Clone)]
pub enum Choice {
    /// Walk up from the working directory (the default).
    Discover,
    /// `--config FILE`.
    File(PathBuf),
    /// `--isolated`: none.
    Isolated,
}

/// Where an effective setting came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// rulecheck's default.
    Default,
    /// The configuration file.
    File,
    /// A flag on the command line.
    CommandLine,
}

/// A setting's value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sourced<T> {
    /// The value.
    pub value: T,
    /// Its origin.
    pub source: Source,
}

/// The settings a check runs with.
#[derive(Debug, Clone)]
pub struct Effective {
    /// The configuration file read, if any (as shown).
    pub file: Option<PathBuf>,
    /// `pack` (`None`: route files to every pack).
    pub pack: Sourced<Option<String>>,
    /// `pack-dirs`.
    pub pack_dirs: Sourced<Vec<PathBuf>>,
    /// `root`.
    pub root: Sourced<PathBuf>,
    /// `exclude`.
    pub exclude: Sourced<Vec<String>>,
    /// `fail-on`.
    pub fail_on: Sourced<FailOn>,
    /// `levels` (`None`: all).
    pub levels: Sourced<Option<Vec<String>>>,
    /// `format`.
    pub format: Sourced<Format>,
    /// `max-file-size` in bytes.
    pub max_file_size: Sourced<u64>,
    /// `all-files`.
    pub all_files: Sourced<bool>,
    /// `follow`.
    pub follow: Sourced<bool>,
    /// `jobs` (`None`: the number of cores).
    pub jobs: Sourced<Option<usize>>,
    /// `per-file-ignores` (only from the file).
    pub ignores: PerFileIgnores,
}

/// The default `max-file-size`: 4 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 4 << 20;

/// Merges the command line's `cli` values over the chosen file's over the defaults.
pub fn resolve(cli: Values, choice: &Choice) -> Result<Effective> {
    let loaded = match choice {
        Choice::Isolated => None,
        Choice::File(path) => Some(file::load_named(path)?),
        Choice::Discover => discover::find()?,
    };
    let (path, from_file, ignores) = match loaded {
        Some(loaded) => (Some(loaded.path), loaded.values, loaded.ignores),
        None => (None, Values::default(), PerFileIgnores::default()),
    };
    fn pick<T>(cli: Option<T>, file: Option<T>, default: T) -> Sourced<T> {
        match (cli, file) {
            (Some(value), _) => Sourced {
                value,
                source: Source::CommandLine,
            },
            (None, Some(value)) => Sourced {
                value,
                source: Source::File,
            },
            (None, None) => Sourced {
                value: default,
                source: Source::Default,
            },
        }
    }
    fn pick_some<T>(cli: Option<T>, file: Option<T>) -> Sourced<Option<T>> {
        pick(cli.map(Some), file.map(Some), None)
    }
    Ok(Effective {
        file: path,
        pack: pick_some(cli.pack, from_file.pack),
        pack_dirs: pick(cli.pack_dirs, from_file.pack_dirs, Vec::new()),
        root: pick(cli.root, from_file.root, PathBuf::from(".")),
        exclude: pick(cli.exclude, from_file.exclude, Vec::new()),
        fail_on: pick(cli.fail_on, from_file.fail_on, FailOn::Error),
        levels: pick_some(cli.levels, from_file.levels),
        format: pick(cli.format, from_file.format, Format::Text),
        max_file_size: pick(
            cli.max_file_size,
            from_file.max_file_size,
            DEFAULT_MAX_FILE_SIZE,
        ),
        all_files: pick(cli.all_files, from_file.all_files, false),
        follow: pick(cli.follow, from_file.follow, false),
        jobs: pick_some(cli.jobs, from_file.jobs),
        ignores,
    })
}

/// `123`, `4K`, `4M`, `1G` (binary multiples) → bytes.
pub fn parse_size(text: &str) -> std::result::Result<u64, String> {
    let text = text.trim();
    let (digits, multiplier) = match text.char_indices().last() {
        Some((i, 'k' | 'K')) => (&text[..i], 1 << 10),
        Some((i, 'm' | 'M')) => (&text[..i], 1 << 20),
        Some((i, 'g' | 'G')) => (&text[..i], 1 << 30),
        _ => (text, 1),
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(multiplier))
        .ok_or_else(|| format!("`{text}` is not a size; write bytes or a number with K, M or G"))
}

/// `path` resolved against the folder `dir` (kept as is when absolute), without `.` parts;
/// `.` when nothing is left.
pub fn resolve_path(dir: &Path, path: &Path) -> PathBuf {
    let joined = dir.join(path);
    let cleaned: PathBuf = joined
        .components()
        .filter(|c| *c != Component::CurDir)
        .collect();
    if cleaned.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_take_binary_suffixes() {
        assert_eq!(parse_size("4M"), Ok(4 << 20));
        assert_eq!(parse_size("12"), Ok(12));
        assert!(parse_size("4X").is_err());
    }

    #[test]
    fn paths_resolve_against_the_folder_of_the_file() {
        assert_eq!(resolve_path(Path::new(""), Path::new(".")), Path::new("."));
        assert_eq!(
            resolve_path(Path::new("../.."), Path::new("./rules")),
            Path::new("../../rules")
        );
        assert_eq!(
            resolve_path(Path::new("a"), Path::new("/abs")),
            Path::new("/abs")
        );
    }
}
