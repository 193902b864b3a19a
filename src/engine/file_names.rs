//! A pack's `files` globs, compiled: the scripts a pack claims by name. The walk routes by them;
//! a `per = "call"` rule with a `file_message` judges such a script as a whole when it makes no
//! call of the rule's set.

use std::path::Path;

use globset::{GlobSet, GlobSetBuilder};

use crate::error::{Error, Result};
use crate::pack::Pack;

/// A pack's `files` globs, compiled: which files the pack claims by name.
#[derive(Debug, Clone)]
pub struct FileNames {
    /// The including globs.
    pub included: GlobSet,
    /// The text of each including glob, by its index in `included`.
    pub texts: Vec<String>,
    /// The `!glob` entries: files they match are never the pack's.
    pub excluded: GlobSet,
}

impl FileNames {
    /// Compiles the pack's `files` globs.
    pub fn new(pack: &Pack) -> Result<FileNames> {
        let mut included = GlobSetBuilder::new();
        let mut excluded = GlobSetBuilder::new();
        let mut texts = Vec::new();
        for entry in &pack.files {
            if entry.excludes {
                excluded.add(entry.glob.clone());
            } else {
                included.add(entry.glob.clone());
                texts.push(entry.text.clone());
            }
        }
        let build = |set: GlobSetBuilder| {
            set.build().map_err(|e| Error::Usage {
                message: format!(
                    "pack `{}`: its `files` globs do not compile: {e}",
                    pack.name
                ),
                help: "simplify the globs".into(),
            })
        };
        Ok(FileNames {
            included: build(included)?,
            texts,
            excluded: build(excluded)?,
        })
    }

    /// The first including glob that matches `path` (as walked or named) or its file name,
    /// unless a `!glob` leaves it out.
    pub fn matching(&self, path: &Path) -> Option<&str> {
        let name = path.file_name().map(Path::new).unwrap_or(path);
        let candidates = [path, name];
        if candidates.iter().any(|c| self.excluded.is_match(c)) {
            return None;
        }
        candidates
            .iter()
            .flat_map(|candidate| self.included.matches(candidate))
            .next()
            .and_then(|i| self.texts.get(i))
            .map(String::as_str)
    }
}
