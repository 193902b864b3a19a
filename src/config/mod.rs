//! Project configuration files: `rulecheck.toml` (top-level keys) or the `[tool.rulecheck]` table
//! of `pyproject.toml`, found by walking up from the working directory ([`discover`]); the first
//! folder with either wins, `rulecheck.toml` first, and a `pyproject.toml` without the table is
//! passed over. `--config FILE` names one, `--isolated` reads none. A file gives a settings
//! [`Layer`] ([`file`](mod@file)), the `per-file-ignores` ([`ignores`]) and the `[packs.NAME]`
//! routing globs ([`packs`]); relative paths in a file resolve against its folder. [`resolve`] puts the
//! command line's layer over the file's over the defaults ([`crate::settings`]).

pub mod discover;
pub mod file;
pub mod ignores;
pub mod packs;
pub mod written;

use std::path::PathBuf;

use crate::error::Result;
use crate::settings::{Layer, Settings};

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

/// The settings of the command line's `cli` over those of the chosen configuration file over
/// the defaults.
pub fn resolve(cli: Layer, choice: &Choice) -> Result<Settings> {
    let loaded = match choice {
        Choice::Isolated => None,
        Choice::File(path) => Some(file::load_named(path)?),
        Choice::Discover => discover::find()?,
    };
    Ok(match loaded {
        Some(loaded) => Settings::merge(
            cli,
            loaded.layer,
            Some(loaded.path),
            (loaded.ignores, loaded.packs, loaded.written),
        ),
        None => Settings::merge(cli, Layer::default(), None, Default::default()),
    })
}
