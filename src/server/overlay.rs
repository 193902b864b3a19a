//! Companion files for the language server: the editor's open buffers first, then the disk.
//! A spec or builder being edited next to a script is judged as the editor holds it, saved or
//! not.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::checker::companions::{Companions, Contents};
use crate::error::Result;
use crate::run::read::{Disk, relative_to, shown_path};

/// The open buffers under the root (by path relative to it, with `/`) over the disk.
pub struct Overlay<'a> {
    /// The root, as reports show it.
    root: PathBuf,
    /// The buffers' texts, by relative path.
    pub buffers: HashMap<String, &'a str>,
    /// The files under the root.
    pub disk: Disk,
}

impl<'a> Overlay<'a> {
    /// The buffers `open` (absolute paths and texts) that lie under `root`, over the disk there.
    pub fn new(
        root: &Path,
        max_size: u64,
        open: impl Iterator<Item = (&'a Path, &'a str)>,
    ) -> Overlay<'a> {
        let buffers = open
            .filter_map(|(path, text)| Some((slashed(&relative_to(root, path)?), text)))
            .collect();
        Overlay {
            root: root.to_owned(),
            buffers,
            disk: Disk::new(root, max_size),
        }
    }
}

/// `rel` with `/` separators.
fn slashed(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

impl Companions for Overlay<'_> {
    fn relative(&self, script: &Path) -> Option<PathBuf> {
        self.disk.relative(script)
    }

    fn find(&self, rel: &str, notices: &mut Vec<String>) -> Option<String> {
        if self.buffers.contains_key(rel) {
            return Some(shown_path(&self.root, rel));
        }
        self.disk.find(rel, notices)
    }

    fn read(&self, rel: &str) -> Result<Contents> {
        match self.buffers.get(rel) {
            Some(text) => Ok(Contents::Bytes(text.as_bytes().to_vec())),
            None => self.disk.read(rel),
        }
    }

    fn list(&self, folder: &Path) -> Vec<String> {
        let mut names = self.disk.list(folder);
        let prefix = slashed(folder);
        for rel in self.buffers.keys() {
            let rest = if prefix.is_empty() {
                Some(rel.as_str())
            } else {
                rel.strip_prefix(prefix.as_str())
                    .and_then(|r| r.strip_prefix('/'))
            };
            if let Some(name) = rest.filter(|r| !r.contains('/')) {
                names.push(name.to_owned());
            }
        }
        names.sort_unstable();
        names.dedup();
        names
    }

    fn exists(&self, rel: &str) -> bool {
        self.buffers.contains_key(rel) || self.disk.exists(rel)
    }
}
