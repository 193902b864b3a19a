//! Companion files — the files a pack's path rules name beside the script (a spec, a builder,
//! a requirements file) — reach the per-file check through a small provider, [`Companions`]:
//! the runner serves the disk under `--root` ([`crate::run::read::Disk`]), an editor would serve
//! its open buffers first, a test serves files held in memory ([`InMemory`]). [`answer`] answers a
//! plan's requests through one, the same way for every provider.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use crate::engine::{Companion, Plan, SourceText};
use crate::error::Result;

/// Where a check finds companion files. Paths are relative to the provider's root, written
/// with `/`.
pub trait Companions: Sync {
    /// The script's path relative to the root, when it is inside it.
    fn relative(&self, script: &Path) -> Option<PathBuf>;
    /// The file `rel` as shown to the user, when it is a companion file the check may read;
    /// `None` when there is none (a notice says why, when one exists but may not be read).
    fn find(&self, rel: &str, notices: &mut Vec<String>) -> Option<String>;
    /// The bytes of `rel` (which [`Companions::find`] found), or why it is left unread.
    fn read(&self, rel: &str) -> Result<Contents>;
    /// The names of the files in `folder` (relative to the root; empty for the root), sorted;
    /// none when it is not a folder.
    fn list(&self, folder: &Path) -> Vec<String>;
    /// Whether `rel` is a file or a folder under the root (a pack's layout marker).
    fn exists(&self, rel: &str) -> bool;
}

/// What reading a companion file gave.
#[derive(Debug)]
pub enum Contents {
    /// Its bytes.
    Bytes(Vec<u8>),
    /// It is left unread (too large): the notice says so; the rules that search it are skipped.
    Unread(String),
}

/// The answers to a plan's companion requests, and notices about files passed over.
#[derive(Debug, Default)]
pub struct Answers {
    /// One answer per request, in the plan's order.
    pub answers: Vec<Companion>,
    /// Candidates that exist but may not be read, and files left unread.
    pub notices: Vec<String>,
}

/// Answers the plan's companion requests for the script at `script`: for each, the first
/// candidate `files` finds (for an upward request, the first found in the script's folder, then
/// in each folder above it up to the root), read when the request asks for its bytes.
pub fn answer(plan: &Plan, script: &Path, files: &dyn Companions) -> Result<Answers> {
    let mut notices = Vec::new();
    // Found once per script, and only when an upward request needs them.
    let mut folders: Option<Vec<PathBuf>> = None;
    let mut answers = Vec::with_capacity(plan.companions.len());
    for request in &plan.companions {
        let candidates: Vec<String> = if request.upward {
            let folders = folders.get_or_insert_with(|| folders_up(files.relative(script)));
            folders
                .iter()
                .flat_map(|folder| {
                    request
                        .candidates
                        .iter()
                        .map(move |rel| join_rel(folder, rel))
                })
                .collect()
        } else {
            request.candidates.clone()
        };
        let found = candidates
            .into_iter()
            .find_map(|rel| Some((files.find(&rel, &mut notices)?, rel)));
        let Some((shown, rel)) = found else {
            answers.push(Companion::Missing);
            continue;
        };
        let text = if request.read {
            match files.read(&rel)? {
                Contents::Bytes(bytes) => Some(SourceText::new(shown.clone(), bytes)),
                Contents::Unread(notice) => {
                    notices.push(notice);
                    None
                }
            }
        } else {
            None
        };
        answers.push(Companion::Found { shown, rel, text });
    }
    Ok(Answers { answers, notices })
}

/// The folder of the script at `relative` (to the root) and each folder above it, nearest
/// first, ending with the root itself (the empty path). A script outside the root has only the
/// root.
pub(super) fn folders_up(relative: Option<PathBuf>) -> Vec<PathBuf> {
    let mut folders = Vec::new();
    let mut folder = relative.and_then(|rel| rel.parent().map(Path::to_owned));
    while let Some(current) = folder {
        folder = current.parent().map(Path::to_owned);
        folders.push(current);
    }
    if folders
        .last()
        .is_none_or(|last| !last.as_os_str().is_empty())
    {
        folders.push(PathBuf::new());
    }
    folders
}

/// `rel` inside `folder` (relative to the root), written with `/`.
pub(super) fn join_rel(folder: &Path, rel: &str) -> String {
    if folder.as_os_str().is_empty() {
        return rel.to_owned();
    }
    let mut joined: Vec<String> = folder
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    joined.push(rel.to_owned());
    joined.join("/")
}

/// Companion files held in memory, by path relative to the root: an editor's unsaved buffers,
/// or a test's files. Scripts are taken to be named relative to the same root.
#[derive(Debug, Clone, Default)]
pub struct InMemory {
    files: BTreeMap<String, Vec<u8>>,
}

impl InMemory {
    /// No files.
    pub fn new() -> InMemory {
        InMemory::default()
    }

    /// Every file held, relative to the root, sorted (the candidates of an index in memory).
    pub fn paths(&self) -> Vec<String> {
        self.files.keys().cloned().collect()
    }

    /// These files and `rel` (relative to the root, with `/`) holding `bytes`.
    pub fn with(mut self, rel: &str, bytes: impl Into<Vec<u8>>) -> InMemory {
        self.files.insert(rel.to_owned(), bytes.into());
        self
    }
}

impl Companions for InMemory {
    fn relative(&self, script: &Path) -> Option<PathBuf> {
        let rel: PathBuf = script
            .components()
            .filter(|c| *c != Component::CurDir)
            .collect();
        rel.components()
            .all(|c| matches!(c, Component::Normal(_)))
            .then_some(rel)
    }

    fn find(&self, rel: &str, _notices: &mut Vec<String>) -> Option<String> {
        self.files.contains_key(rel).then(|| rel.to_owned())
    }

    fn read(&self, rel: &str) -> Result<Contents> {
        Ok(Contents::Bytes(
            self.files.get(rel).cloned().unwrap_or_default(),
        ))
    }

    fn list(&self, folder: &Path) -> Vec<String> {
        let prefix = join_rel(folder, "");
        self.files
            .keys()
            .filter_map(|rel| rel.strip_prefix(&prefix))
            .filter(|name| !name.is_empty() && !name.contains('/'))
            .map(str::to_owned)
            .collect()
    }

    fn exists(&self, rel: &str) -> bool {
        let folder = format!("{rel}/");
        self.files
            .keys()
            .any(|held| held == rel || held.starts_with(&folder))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_upward_search_looks_in_each_folder_from_the_scripts_up_to_the_root() {
        let folders = folders_up(Some(PathBuf::from("a/b/job.py")));
        assert_eq!(
            folders,
            [PathBuf::from("a/b"), PathBuf::from("a"), PathBuf::new()]
        );
        assert_eq!(folders_up(None), [PathBuf::new()]);
        assert_eq!(join_rel(Path::new("a/b"), "req.txt"), "a/b/req.txt");
    }

    #[test]
    fn a_path_exists_in_memory_as_a_file_held_or_a_folder_of_one() {
        let files = InMemory::new().with("app/steps/specs/a_spec.py", "");
        for (rel, exists) in [
            ("app/steps", true),
            ("app/steps/specs/a_spec.py", true),
            ("app/step", false),
            ("steps", false),
        ] {
            assert_eq!(files.exists(rel), exists, "{rel}");
        }
    }
}
