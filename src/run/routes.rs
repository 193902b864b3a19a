//! What routes a file to one pack: its `files` globs (and `!` globs), the configuration's
//! `extend-include` and `extend-exclude` globs for it, whether it routes by content
//! (`route_calls`, for files with its extensions) — and why a pack checks a file ([`Reason`]).

use std::fmt;
use std::path::Path;

use crate::config::packs::PackRouting;
use crate::engine::CompiledPack;
use crate::engine::file_names::FileNames;

/// Why a pack checks a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// The file was named on the command line and the pack chosen with `--pack`.
    Explicit,
    /// One of the pack's `files` globs matches.
    Glob(String),
    /// A glob of the configuration's `extend-include` for the pack matches.
    Configured {
        /// The glob.
        glob: String,
        /// The configuration file and the glob's line, `FILE:LINE`.
        place: String,
    },
    /// The file makes a call of the pack's `route_calls` set (the set's id).
    Calls(String),
    /// `--all-files` with the chosen pack.
    AllFiles,
    /// A file of the pack's `[[index]]` names the script.
    Indexed {
        /// The index's id.
        index: String,
        /// The file that names the script, as shown.
        file: String,
    },
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Explicit => write!(f, "named on the command line, --pack"),
            Reason::Glob(glob) => write!(f, "matches `{glob}`"),
            Reason::Configured { glob, place } => {
                write!(f, "matches `{glob}` (extend-include, {place})")
            }
            Reason::Calls(set) => write!(f, "makes a `{set}` call"),
            Reason::AllFiles => write!(f, "--all-files"),
            Reason::Indexed { index, file } => write!(f, "named by {file} (index `{index}`)"),
        }
    }
}

/// One pack's `files` globs, as the pack compiled them, and what else routes files to it.
#[derive(Debug)]
pub(super) struct PackRoute {
    /// The pack's `files` globs.
    names: FileNames,
    /// Its `[packs.NAME]` table of the configuration, by index.
    configured: Option<usize>,
    /// Whether it routes by content (`route_calls`).
    pub by_content: bool,
    /// The extensions of the files it routes by content.
    extensions: Vec<String>,
}

impl PackRoute {
    /// The routing of `compiled`, with its table of the configuration `config` if it has one.
    pub fn new(compiled: &CompiledPack, config: &PackRouting) -> PackRoute {
        let pack = &compiled.pack;
        PackRoute {
            names: compiled.names.clone(),
            configured: config.tables().iter().position(|t| t.name == pack.name),
            by_content: compiled.trigger.is_some(),
            extensions: pack.extensions.clone(),
        }
    }

    /// Whether the file named `name` has one of the pack's extensions.
    pub fn has_extension(&self, name: &Path) -> bool {
        name.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| self.extensions.iter().any(|x| x == e))
    }

    /// Whether the pack's `!` globs leave out one of `candidates` (a file's path as walked or
    /// named, and its name), or the configuration's `extend-exclude` for it the file at `path`.
    pub fn excludes(&self, config: &PackRouting, candidates: &[&Path], path: &Path) -> bool {
        candidates.iter().any(|c| self.names.excluded.is_match(c))
            || self.configured.is_some_and(|table| {
                let globs = &config.tables()[table].exclude;
                config.first_match(globs, path).is_some()
            })
    }

    /// The first of the pack's `files` globs that matches one of `candidates` (a file's path as
    /// walked or named, and its name).
    pub fn glob_reason(&self, candidates: &[&Path]) -> Option<Reason> {
        candidates
            .iter()
            .flat_map(|candidate| self.names.included.matches(candidate))
            .next()
            .map(|i| Reason::Glob(self.names.texts[i].clone()))
    }

    /// The first glob of the configuration's `extend-include` for the pack that matches the
    /// file at `path`.
    pub fn configured_reason(&self, config: &PackRouting, path: &Path) -> Option<Reason> {
        let table = &config.tables()[self.configured?];
        let glob = config.first_match(&table.include, path)?;
        Some(Reason::Configured {
            glob: glob.glob.clone(),
            place: format!("{}:{}", config.file(), glob.line),
        })
    }
}
