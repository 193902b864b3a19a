//! The settings of a run, resolved once: the defaults, then a configuration file, then the
//! command line, into one [`Settings`] value that the runner, the engine and the reports read.
//!
//! Each setting is declared once, in `table.rs`: that declaration is its flag, its configuration
//! key and its field. The command line gives a [`Layer`] (clap's arguments), a configuration file
//! another; [`crate::config::resolve`] merges them and records where each value came from
//! (`rulecheck config` shows it).

mod declare;
mod table;
pub mod value;

use std::path::{Component, Path, PathBuf};

use clap::ValueEnum;

use crate::pack::Severity;
pub use table::{Layer, Settings};

/// `--fail-on`: the least severity that fails the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
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

/// Who set a setting.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SetBy {
    /// rulecheck's default.
    #[default]
    Default,
    /// The configuration file.
    File,
    /// A flag on the command line.
    CommandLine,
}

/// One setting as `rulecheck config` shows it.
#[derive(Debug, Clone)]
pub struct Setting {
    /// Its configuration key.
    pub key: String,
    /// Its value as written in a configuration file, or `None` when it is not set.
    pub value: Option<String>,
    /// Why it has no value, when it has none.
    pub unset: &'static str,
    /// Who set it.
    pub origin: SetBy,
}

/// The default `max-file-size`: 4 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 4 << 20;

impl Default for Settings {
    /// Every setting's default, as with `--isolated` and no flag.
    fn default() -> Settings {
        Settings::merge(Layer::default(), Layer::default(), None, Default::default())
    }
}

impl Settings {
    /// Who set the setting whose configuration key is `key`.
    pub fn set_by(&self, key: &str) -> SetBy {
        self.entries()
            .into_iter()
            .find(|entry| entry.key == key)
            .map_or(SetBy::Default, |entry| entry.origin)
    }
}

/// The value the command line gives, else the file's, with who set it (`None`: the default).
fn pick<T>(cli: Option<T>, file: Option<T>) -> (Option<T>, SetBy) {
    match (cli, file) {
        (Some(value), _) => (Some(value), SetBy::CommandLine),
        (None, Some(value)) => (Some(value), SetBy::File),
        (None, None) => (None, SetBy::Default),
    }
}

/// A setting's configuration key: its field's name in kebab-case.
fn key(field: &str) -> String {
    field.replace('_', "-")
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

    #[test]
    fn the_command_line_wins_over_the_file_and_the_file_over_the_default() {
        let cli = Layer {
            max_file_size: Some(2),
            ..Layer::default()
        };
        let file = Layer {
            max_file_size: Some(8),
            follow: Some(true),
            ..Layer::default()
        };
        let settings = Settings::merge(cli, file, None, Default::default());
        assert_eq!((settings.max_file_size, settings.follow), (2, true));
        assert_eq!(settings.root, Path::new("."));
        let by: Vec<(String, SetBy)> = settings
            .entries()
            .into_iter()
            .map(|e| (e.key, e.origin))
            .filter(|(_, by)| *by != SetBy::Default)
            .collect();
        assert_eq!(
            by,
            [
                ("max-file-size".to_owned(), SetBy::CommandLine),
                ("follow".to_owned(), SetBy::File)
            ]
        );
    }
}
