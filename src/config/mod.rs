//! Project configuration files: `rulecheck.toml` (top-level keys) or the `[tool.rulecheck]` table
//! of `pyproject.toml`, found by walking up from the working directory ([`discover`]); the first
//! folder with either wins, `rulecheck.toml` first, and a `pyproject.toml` without the table is
//! passed over. `--config FILE` names one, `--isolated` reads none. A file gives a settings
//! [`Layer`](crate::settings::Layer) ([`file`](mod@file)) and the `per-file-ignores`
//! ([`ignores`]); relative paths in a file resolve against its folder. How the layers merge is
//! [`crate::settings`].

pub mod discover;
pub mod file;
pub mod ignores;
