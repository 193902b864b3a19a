//! Rule packs, the first stages of the flow: where packs are found ([`locate`]), the TOML model
//! ([`model`]), and loading, which parses a pack file and validates it into a [`Pack`] whose
//! names are all resolved and whose [`template`]s are parsed. The engine compiles the result.

pub mod explain;
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
pub fn load(source: &PackSource) -> Result<Pack> {
    validate::pack_size(&source.display_name(), &source.text)?;
    // Parsed once: the document's keys are checked, then it is deserialized.
    let document = DeTable::parse(&source.text).ok();
    let (mut errors, repaired) = validate::document(source, document.as_ref())?;
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
    }
    if let Some(error) = errors.into_error() {
        return Err(error);
    }
    let file = source.display_name();
    let parsed = match document {
        Some(document) => model::PackFile::deserialize(toml::de::Deserializer::from(document)),
        None => toml::from_str::<model::PackFile>(&source.text),
    };
    let parsed = parsed.map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        let help = validate::toml_error_help(e.message());
        PackDiagnostic::at(&file, &source.text, span, e.message().trim(), help)
    })?;
    validate::validate(parsed, source)
}

/// The JSON Schema of the pack format, generated from the serde model (pretty-printed).
pub fn schema() -> String {
    let mut schema = schemars::schema_for!(model::PackFile);
    schema.insert("title".into(), "rulecheck rule pack".into());
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
