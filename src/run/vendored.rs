//! Third-party code installed into a project (`pip install -t lambda/`, a virtual environment),
//! which routing by content leaves alone: its calls are its own business, and a library such as
//! botocore makes calls that look like any pack's everywhere. A file is installed code when it
//! lies under a `site-packages` or `dist-packages` folder, or in a top-level package (or is a
//! top-level module) that a `*.dist-info` folder beside it lists — in its `top_level.txt`, or,
//! without one, as the first part of the paths of its `RECORD`.

use std::collections::{HashMap, HashSet};
use std::ffi::OsStr;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::bounded::{self, Bounded};

/// The folders that hold the installed packages of an environment.
const PACKAGE_FOLDERS: [&str; 2] = ["site-packages", "dist-packages"];

/// The most bytes read of one `top_level.txt` or `RECORD` (a large package's `RECORD` is a few
/// hundred KiB).
const MAX_LISTING_BYTES: u64 = 16 << 20;

/// The top-level names installed in each folder looked at so far (shared by the walk's calls).
#[derive(Debug, Default)]
pub struct Installed {
    folders: Mutex<HashMap<PathBuf, Arc<HashSet<String>>>>,
}

impl Installed {
    /// Whether the file at `path`, found under the folder `dir` (the walked folder; the empty
    /// path for a file named on the command line), is installed third-party code: a folder
    /// between `dir` and the file is named `site-packages` or `dist-packages`, or one of them
    /// (or `dir`) holds a `*.dist-info` that lists the package (or module) the file is part of.
    pub fn holds(&self, dir: &Path, path: &Path) -> bool {
        let relative = path.strip_prefix(dir).unwrap_or(path);
        let parts: Vec<Component> = relative.components().collect();
        let Some((file, folders)) = parts.split_last() else {
            return false;
        };
        if folders
            .iter()
            .any(|part| PACKAGE_FOLDERS.iter().any(|name| part.as_os_str() == *name))
        {
            return true;
        }
        let mut folder = dir.to_owned();
        for (index, part) in parts.iter().enumerate() {
            let name = if index + 1 == parts.len() {
                Path::new(file.as_os_str()).file_stem()
            } else {
                Some(part.as_os_str())
            };
            let listed = name
                .and_then(OsStr::to_str)
                .is_some_and(|name| self.names(&folder).contains(name));
            if listed {
                return true;
            }
            folder.push(part);
        }
        false
    }

    /// The top-level names the `*.dist-info` folders in `folder` list, read once.
    fn names(&self, folder: &Path) -> Arc<HashSet<String>> {
        if let Some(names) = self
            .folders
            .lock()
            .ok()
            .and_then(|f| f.get(folder).cloned())
        {
            return names;
        }
        let names = Arc::new(installed_names(folder));
        if let Ok(mut folders) = self.folders.lock() {
            folders.insert(folder.to_owned(), Arc::clone(&names));
        }
        names
    }
}

/// The top-level names the `*.dist-info` folders in `folder` list (none when it cannot be
/// read).
fn installed_names(folder: &Path) -> HashSet<String> {
    let listed = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    let Ok(entries) = fs::read_dir(listed) else {
        return HashSet::new();
    };
    entries
        .flatten()
        .filter(|entry| {
            entry
                .file_name()
                .to_str()
                .is_some_and(|n| n.ends_with(".dist-info"))
                && entry.file_type().is_ok_and(|t| t.is_dir())
        })
        .flat_map(|entry| distribution_names(&entry.path()))
        .collect()
}

/// The top-level names one `*.dist-info` folder lists: the lines of its `top_level.txt`, or the
/// first parts of the paths of its `RECORD` (`six.py` gives `six`), leaving out its own
/// `*.dist-info` files, caches and files installed outside the folder (`../../bin/tool`).
fn distribution_names(dist_info: &Path) -> Vec<String> {
    let read = |name: &str| match bounded::read_file(&dist_info.join(name), MAX_LISTING_BYTES) {
        Ok(Bounded::Read(bytes)) => Some(String::from_utf8_lossy(&bytes).into_owned()),
        _ => None,
    };
    if let Some(text) = read("top_level.txt") {
        return text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(str::to_owned)
            .collect();
    }
    let Some(record) = read("RECORD") else {
        return Vec::new();
    };
    let mut names: Vec<String> = record
        .lines()
        .filter_map(|line| line.split(',').next())
        .filter_map(|path| path.split('/').next())
        .filter(|first| {
            !first.is_empty()
                && *first != ".."
                && *first != "__pycache__"
                && !first.ends_with(".dist-info")
                && !first.ends_with(".data")
        })
        .map(|first| first.strip_suffix(".py").unwrap_or(first).to_owned())
        .collect();
    names.sort();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scratch folder with `files` (path, contents) written under it.
    fn tree(name: &str, files: &[(&str, &str)]) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("rulecheck-vendored-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        for (path, text) in files {
            let path = dir.join(path);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
            }
            fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
        }
        dir
    }

    #[test]
    fn packages_and_modules_a_dist_info_lists_are_installed_code() {
        let dir = tree(
            "listed",
            &[
                ("lambda/botocore-1.0.dist-info/top_level.txt", "botocore\n"),
                (
                    "lambda/six-1.16.dist-info/RECORD",
                    "six.py,sha256=x,1\nsix-1.16.dist-info/WHEEL,,\n../../bin/six,,\n",
                ),
                ("lambda/botocore/client.py", ""),
                ("lambda/six.py", ""),
                ("lambda/handler.py", ""),
            ],
        );
        let installed = Installed::default();
        let holds = |path: &str| installed.holds(&dir, &dir.join(path));
        assert!(holds("lambda/botocore/client.py"));
        assert!(holds("lambda/six.py"));
        assert!(!holds("lambda/handler.py"));
        assert!(
            !holds("botocore/client.py"),
            "a dist-info lists what is beside it only"
        );
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn anything_under_site_packages_is_installed_code() {
        let installed = Installed::default();
        let dir = Path::new("project");
        assert!(installed.holds(dir, Path::new("project/.venv/lib/site-packages/pkg/mod.py")));
        assert!(!installed.holds(dir, Path::new("project/site-packages.py")));
    }
}
