//! Rule packs, the first stages of the flow: where packs are found ([`locate`]), the TOML model
//! ([`model`]), and loading, which parses a pack file and validates it into a [`Pack`] whose
//! names are all resolved and whose [`template`]s are parsed. The engine compiles the result.

pub mod explain;
pub mod header;
pub mod locate;
pub mod model;
pub mod template;
pub mod types;
pub(crate) mod validate;
mod validated;

use std::path::PathBuf;

pub use model::{
    Binding, CalleeMatch, DetectFrom, DetectMatch, MatchMode, PathSearch, Per, Scope, Severity,
};
pub use types::{BindingSpec, CallSet, Detector, Example, FileGlob, Variable, VariableTable};
pub use validate::file_glob;
pub use validated::{Pack, Rule};

use serde::Deserialize;
use toml::de::DeTable;

use crate::error::{PackDiagnostic, Result};

/// Where a pack's text came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Built into the binary from the repository's `rules/` folder.
    BuiltIn,
    /// Read from this file.
    File(PathBuf),
}

/// The text of a pack file and where it came from.
#[derive(Debug, Clone)]
pub struct PackSource {
    /// Where the text came from.
    pub origin: Origin,
    /// The pack's name as found (the file stem), before the file is parsed.
    pub stem: String,
    /// The TOML text.
    pub text: String,
}

impl PackSource {
    /// How errors name the pack file: its path, or `<built-in>/NAME.toml`.
    pub fn display_name(&self) -> String {
        match &self.origin {
            Origin::BuiltIn => format!("<built-in>/{}.toml", self.stem),
            Origin::File(path) => path.display().to_string(),
        }
    }
}

/// Parses and validates a pack.
///
/// A file serde reads has no unknown key and no unknown enumeration value: every table of the
/// model denies unknown fields, and every enumeration its unknown values (a test holds the
/// committed schema to it). So the check of every key against the schema runs only when serde
/// refuses the file, to report every unknown name at once where serde stops at the first.
pub fn load(source: &PackSource) -> Result<Pack> {
    validate::pack_size(&source.display_name(), &source.text)?;
    // Parsed once: its lists are measured, then it is deserialized.
    let parsed = match DeTable::parse(&source.text) {
        Ok(document) => {
            validate::list_lengths(source, &document)?;
            model::PackFile::deserialize(toml::de::Deserializer::from(document))
        }
        Err(_) => toml::from_str::<model::PackFile>(&source.text),
    };
    match parsed {
        Ok(parsed) => validate::validate(parsed, source),
        Err(error) => Err(refused(source, &error)),
    }
}

/// The error of a pack file serde refuses (`error`): every unknown key and value, with the
/// errors of the other checks on the file repaired; or, when every name is known, serde's.
fn refused(source: &PackSource, error: &toml::de::Error) -> crate::error::Error {
    let document = DeTable::parse(&source.text).ok();
    let (mut errors, repaired) = validate::unknown_names(source, document.as_ref());
    if !errors.is_empty() {
        // Misspelt names are repaired in a copy, so the other checks report their errors in
        // the same run; serde errors of the copy are consequences of the repair, not reported.
        if let Some(text) = repaired {
            let copy = PackSource {
                text,
                ..source.clone()
            };
            if let Ok(parsed) = toml::from_str::<model::PackFile>(&copy.text)
                && let Err(error) = validate::validate(parsed, &copy)
            {
                errors.add(error, &copy.display_name(), &copy.text);
            }
        }
        if let Some(error) = errors.into_error() {
            return error;
        }
    }
    let span = error.span().unwrap_or(0..0);
    let help = validate::toml_error_help(error.message());
    PackDiagnostic::at(
        &source.display_name(),
        &source.text,
        span,
        error.message().trim(),
        help,
    )
    .into()
}

/// The JSON Schema of the pack format, generated from the serde model (pretty-printed).
pub fn schema() -> String {
    let mut schema = schemars::schema_for!(model::PackFile);
    schema.insert("title".into(), "rulecheck rule pack".into());
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
