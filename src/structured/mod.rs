//! Structured companion files — YAML, JSON, TOML and pip requirements — parsed into one
//! positioned tree ([`Node`]: a [`Value`] and the byte range it was written at), and
//! [`Selector`]s that take values out of it. Nothing here knows what a file is for.
//!
//! Every format goes through [`parse`]: the bytes must be UTF-8 (else a [`ParseError`] at the
//! first bad byte), lists and maps nest at most [`MAX_DEPTH`] levels (deeper is an error, never
//! a stack overflow: trees are built with an explicit stack), and no input panics.
//!
//! - **YAML** is read with [`saphyr_parser`], from its events. Of the two maintained crates that
//!   give positions, `yaml-rust2` now takes only basic maintenance (its README sends new work to
//!   saphyr, by the same maintainers), gives each event only a start marker, and its marker
//!   index mixes characters and bytes (a block scalar's line advances it by bytes), so ranges
//!   would drift after non-ASCII text; `saphyr-parser` gives each event a start and end span
//!   counted consistently in characters (converted here to bytes), caps flow nesting with an
//!   error, has no `unsafe` code, and needs only `arraydeque` beyond what this crate already
//!   uses. Only the first document is read. Anchors are ignored and an alias (`*name`) is
//!   [`Value::Null`] at the alias — never a copy of the anchored node — so an alias bomb
//!   ("billion laughs") costs one node per alias written. Scalars resolve by the YAML 1.2 core
//!   schema (`yes` and `on` are strings).
//! - **JSON** is read by a small strict parser of this module rather than as YAML: saphyr
//!   rejects the surrogate-pair escapes (`"\ud83d\ude00"`) that Python's `json.dump` writes
//!   for any character outside the Basic Multilingual Plane by default, and accepts what JSON
//!   does not (trailing commas, comments). The parser keeps byte positions as it goes.
//! - **TOML** is read with `toml::de::DeTable::parse` (spanned values); keys in written order,
//!   dates and times as strings, as written.
//! - **Requirements** (pip): a list of the distribution names required, each as written.
//!
//! Map keys written twice: the last value wins, at the first key's place (see [`Value`]).

mod build;
mod error;
mod json;
mod node;
mod requirements;
mod selector;
mod toml;
mod yaml;

#[cfg(test)]
mod robustness;
#[cfg(test)]
mod tests;

use std::path::Path;

pub use self::build::MAX_DEPTH;
pub use self::error::ParseError;
pub use self::node::{Node, Value};
pub use self::selector::{Selector, SelectorError};

/// The formats a structured file may be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// YAML (the first document of the stream).
    Yaml,
    /// JSON.
    Json,
    /// TOML.
    Toml,
    /// A pip requirements file: the root is a list of the names it requires.
    Requirements,
}

impl Format {
    /// The format of the file at `path`, by its extension (`.yaml`/`.yml`, `.json`, `.toml`,
    /// in any case), or a `.txt` whose file name starts with `requirements`
    /// (`requirements-dev.txt`).
    pub fn from_path(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "yaml" | "yml" => Some(Format::Yaml),
            "json" => Some(Format::Json),
            "toml" => Some(Format::Toml),
            "txt" => path
                .file_name()?
                .to_str()?
                .to_ascii_lowercase()
                .starts_with("requirements")
                .then_some(Format::Requirements),
            _ => None,
        }
    }
}

/// The tree of `bytes` written in `format`; ranges in the tree are byte ranges of `bytes`.
pub fn parse(format: Format, bytes: &[u8]) -> Result<Node, ParseError> {
    let text = error::utf8(bytes)?;
    match format {
        Format::Yaml => yaml::parse(text),
        Format::Json => json::parse(text),
        Format::Toml => toml::parse(text),
        Format::Requirements => Ok(requirements::parse(text)),
    }
}
