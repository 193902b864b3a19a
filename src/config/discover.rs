//! Finding the configuration file: walk up from the working directory; the first folder with a
//! `rulecheck.toml`, or a `pyproject.toml` that has a `[tool.rulecheck]` table, wins
//! (`rulecheck.toml` first). Found files are named relative to the working directory (`../..`),
//! so what they resolve stays relative too.

use std::env;
use std::path::PathBuf;

use super::file::{self, ConfigFile};
use crate::error::{Error, Result};

/// The configuration file that applies to the working directory, loaded; `None` when there is
/// none.
pub fn find() -> Result<Option<ConfigFile>> {
    let cwd = env::current_dir().map_err(|source| Error::Io {
        path: PathBuf::from("."),
        source,
        help: "run rulecheck from a folder that exists, or pass --isolated",
    })?;
    for (up, folder) in cwd.ancestors().enumerate() {
        let relative: PathBuf = std::iter::repeat_n("..", up).collect();
        if folder.join(file::RULECHECK_TOML).is_file() {
            return file::load(&relative.join(file::RULECHECK_TOML)).map(Some);
        }
        if folder.join(file::PYPROJECT_TOML).is_file() {
            let loaded = file::load_pyproject(&relative.join(file::PYPROJECT_TOML))?;
            if loaded.is_some() {
                return Ok(loaded);
            }
        }
    }
    Ok(None)
}
