//! Companion files for the language server: the editor's open buffers first, then the disk.
//! A spec or builder being edited next to a script is judged as the editor holds it, saved or
//! not.

use std::path::{Path, PathBuf};

use crate::checker::companions::{Companions, Contents, InMemory};
use crate::error::Result;
use crate::run::read::{Disk, relative_to, shown_path};

/// The open buffers under the root (held in memory, by path relative to it) over the disk.
pub struct Overlay {
    /// The root, as reports show it.
    root: PathBuf,
    /// The buffers' texts.
    buffers: InMemory,
    /// The files under the root.
    disk: Disk,
}

impl Overlay {
    /// The buffers `open` (absolute paths and texts) that lie under `root`, over the disk there.
    pub fn new<'a>(
        root: &Path,
        max_size: u64,
        open: impl Iterator<Item = (&'a Path, &'a str)>,
    ) -> Overlay {
        let buffers = open.fold(InMemory::new(), |held, (path, text)| {
            match relative_to(root, path) {
                Some(rel) => held.with(&slashed(&rel), text),
                None => held,
            }
        });
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

impl Companions for Overlay {
    fn relative(&self, script: &Path) -> Option<PathBuf> {
        self.disk.relative(script)
    }

    fn find(&self, rel: &str, notices: &mut Vec<String>) -> Option<String> {
        match self.buffers.find(rel, notices) {
            Some(_) => Some(shown_path(&self.root, rel)),
            None => self.disk.find(rel, notices),
        }
    }

    fn read(&self, rel: &str) -> Result<Contents> {
        if self.buffers.find(rel, &mut Vec::new()).is_some() {
            self.buffers.read(rel)
        } else {
            self.disk.read(rel)
        }
    }

    fn list(&self, folder: &Path) -> Vec<String> {
        let mut names = self.disk.list(folder);
        names.extend(self.buffers.list(folder));
        names.sort_unstable();
        names.dedup();
        names
    }

    fn exists(&self, rel: &str) -> bool {
        self.buffers.exists(rel) || self.disk.exists(rel)
    }
}
