//! `per-file-ignores`: globs, relative to the configuration file's folder (`**` crosses folders,
//! `*` does not; a glob without `/` also matches the file name alone), each with the rule ids
//! or categories not reported for the scripts it matches. Matched findings are listed as
//! suppressed with the entry as their reason (by the suppression stage of the per-file check).

use std::path::{self, Component, Path, PathBuf};

use globset::{Candidate, GlobBuilder, GlobMatcher};

/// The `per-file-ignores` table of one configuration file (empty without one).
#[derive(Debug, Clone, Default)]
pub struct PerFileIgnores {
    /// The configuration's folder, absolute.
    base: PathBuf,
    /// The configuration file, as shown.
    file: String,
    entries: Vec<Entry>,
}

/// One `"GLOB" = ["ID", …]` entry.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The glob as written.
    pub glob: String,
    /// Rule ids and categories.
    pub ids: Vec<String>,
    /// Its 1-based line in the file.
    pub line: usize,
    matcher: GlobMatcher,
}

/// Compiles `glob` the way entries are matched, or says why it is not a glob.
pub fn compile(glob: &str) -> Result<GlobMatcher, String> {
    GlobBuilder::new(glob)
        .literal_separator(true)
        .build()
        .map(|g| g.compile_matcher())
        .map_err(|e| e.kind().to_string())
}

impl Entry {
    /// An entry whose `glob` compiled to `matcher`.
    pub fn new(glob: String, matcher: GlobMatcher, ids: Vec<String>, line: usize) -> Entry {
        Entry {
            glob,
            ids,
            line,
            matcher,
        }
    }
}

impl PerFileIgnores {
    /// The entries of the configuration `file` in the folder `dir`.
    pub fn new(dir: &Path, file: String, entries: Vec<Entry>) -> PerFileIgnores {
        PerFileIgnores {
            base: absolute(dir),
            file,
            entries,
        }
    }

    /// The entries, in file order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// A notice for each id no name of `known` (the rule ids and categories of every pack that
    /// could run) matches, at its entry's line, with the closest known name.
    pub fn unknown_ids(&self, known: &[&str]) -> Vec<String> {
        self.entries
            .iter()
            .flat_map(|entry| entry.ids.iter().map(move |id| (entry, id)))
            .filter(|(_, id)| !known.contains(&id.as_str()))
            .map(|(entry, id)| {
                let hint = crate::suggest::did_you_mean(id, known.iter().copied());
                format!(
                    "{}:{}: per-file-ignores `{}` names `{id}`, which is no rule id or category \
                     of any pack, so it ignores nothing{}",
                    self.file,
                    entry.line,
                    entry.glob,
                    if hint.is_empty() {
                        String::new()
                    } else {
                        format!("; {hint}")
                    }
                )
            })
            .collect()
    }

    /// The entries that match the script at `path` (as shown, relative to the working
    /// directory or absolute).
    pub fn matching(&self, path: &str) -> Vec<FileIgnore> {
        if self.entries.is_empty() {
            return Vec::new();
        }
        let absolute = absolute(Path::new(path));
        let Ok(relative) = absolute.strip_prefix(&self.base) else {
            return Vec::new();
        };
        self.entries
            .iter()
            .filter(|e| matches(&e.glob, &e.matcher, relative))
            .map(|e| FileIgnore {
                ids: e.ids.clone(),
                glob: e.glob.clone(),
                file: self.file.clone(),
                line: e.line,
            })
            .collect()
    }
}

/// One `per-file-ignores` entry that matches a script.
#[derive(Debug, Clone)]
pub struct FileIgnore {
    /// Rule ids and categories not reported.
    pub ids: Vec<String>,
    /// The glob, for the reason shown.
    pub glob: String,
    /// The configuration file, as shown.
    pub file: String,
    /// The entry's 1-based line in it.
    pub line: usize,
}

/// Whether `glob` (compiled to `matcher`) matches the path `relative` to the configuration's
/// folder, or, for a glob without `/`, its file name.
pub(super) fn matches(glob: &str, matcher: &GlobMatcher, relative: &Path) -> bool {
    matcher.is_match_candidate(&Candidate::new(relative))
        || (!glob.contains('/')
            && relative
                .file_name()
                .is_some_and(|name| matcher.is_match_candidate(&Candidate::new(name))))
}

/// `path` made absolute against the working directory, with `.` and `..` resolved lexically.
pub(super) fn absolute(path: &Path) -> PathBuf {
    // The folder of a bare `rulecheck.toml` is the empty path: the working directory.
    let path = if path.as_os_str().is_empty() {
        Path::new(".")
    } else {
        path
    };
    let path = path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let mut clean = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other),
        }
    }
    clean
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ignores(globs: &[&str]) -> PerFileIgnores {
        let entries = globs
            .iter()
            .enumerate()
            .filter_map(|(i, g)| {
                Some(Entry::new(
                    (*g).to_owned(),
                    compile(g).ok()?,
                    vec!["x".into()],
                    i + 1,
                ))
            })
            .collect();
        PerFileIgnores::new(Path::new("proj"), "proj/rulecheck.toml".into(), entries)
    }

    fn lines(found: Vec<FileIgnore>) -> Vec<usize> {
        found.iter().map(|f| f.line).collect()
    }

    #[test]
    fn globs_match_paths_relative_to_the_config_folder() {
        let ignores = ignores(&["legacy/**", "scripts/*.py", "*_old.py"]);
        assert_eq!(lines(ignores.matching("proj/legacy/a/b.py")), [1]);
        assert_eq!(lines(ignores.matching("./proj/scripts/x.py")), [2]);
        assert_eq!(
            lines(ignores.matching("proj/scripts/deep/x.py")),
            Vec::<usize>::new()
        );
        assert_eq!(lines(ignores.matching("proj/deep/x_old.py")), [3]);
        assert_eq!(
            lines(ignores.matching("other/legacy/b.py")),
            Vec::<usize>::new()
        );
    }

    #[test]
    fn a_config_in_the_working_directory_matches_relative_paths() {
        let matcher = compile("legacy/**").ok();
        let entries = matcher.map(|m| Entry::new("legacy/**".into(), m, vec![], 3));
        let ignores = PerFileIgnores::new(
            Path::new(""),
            "rulecheck.toml".into(),
            entries.into_iter().collect(),
        );
        assert_eq!(lines(ignores.matching("legacy/old.py")), [3]);
    }
}
