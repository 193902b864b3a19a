//! Where a configuration file wrote its settings' strings ([`Written`]), kept with the settings
//! for an error about a value that can be judged only once packs are loaded (a level no pack
//! has), at its `FILE:LINE:COL` like the errors found while the file is read.

use std::ops::Range;
use std::sync::Arc;

use crate::error::{Error, PackDiagnostic};

/// A string as written, and its span in the file.
pub type Located = (String, Range<usize>);

/// Where a configuration file wrote its settings' strings: the file, its text, and by key each
/// string of the key's value with its span.
#[derive(Debug, Clone, Default)]
pub struct Written {
    file: String,
    text: Arc<str>,
    strings: Vec<(String, Vec<Located>)>,
}

impl Written {
    /// Nothing written yet in the file shown as `file`, whose text is `text`.
    pub fn new(file: &str, text: &str) -> Written {
        Written {
            file: file.to_owned(),
            text: Arc::from(text),
            strings: Vec::new(),
        }
    }

    /// Records the strings of `key`'s value.
    pub fn add(&mut self, key: &str, strings: Vec<Located>) {
        self.strings.push((key.to_owned(), strings));
    }

    /// An error at the string of `key`'s value that names `item` (one of its comma-separated
    /// names), or else at the value's first string; `None` when the file gave no string for
    /// `key`.
    pub fn error(&self, key: &str, item: &str, message: String, help: String) -> Option<Error> {
        let (_, strings) = self.strings.iter().find(|(written, _)| written == key)?;
        let names = |text: &str| text.split(',').any(|name| name.trim() == item);
        let (_, span) = strings
            .iter()
            .find(|(text, _)| names(text))
            .or_else(|| strings.first())?;
        let at = PackDiagnostic::at(&self.file, &self.text, span.clone(), message, help);
        Some(Error::Config(at))
    }
}
