//! `[packs.NAME]`: a project's own routing for one pack — `extend-include` globs of files the
//! pack checks besides those its `files` globs (and `route_calls`) route to it, and
//! `extend-exclude` globs of files it leaves out, as its own `!` globs do. The globs are relative
//! to the configuration's folder, matched as `per-file-ignores` globs are ([`super::ignores`]).

use std::path::{Path, PathBuf};

use globset::GlobMatcher;

use super::ignores::{absolute, matches};
use crate::position::Position;

/// The `[packs.NAME]` tables of one configuration file (none without one).
#[derive(Debug, Clone, Default)]
pub struct PackRouting {
    /// The configuration's folder, absolute.
    base: PathBuf,
    /// The configuration file, as shown.
    file: String,
    packs: Vec<PackGlobs>,
}

/// One `[packs.NAME]` table.
#[derive(Debug, Clone)]
pub struct PackGlobs {
    /// The pack's name, as written.
    pub name: String,
    /// Where the name is written.
    pub position: Position,
    /// `extend-include`: files the pack checks too.
    pub include: Vec<ConfigGlob>,
    /// `extend-exclude`: files the pack leaves out.
    pub exclude: Vec<ConfigGlob>,
}

/// One glob of `extend-include` or `extend-exclude`.
#[derive(Debug, Clone)]
pub struct ConfigGlob {
    /// As written.
    pub glob: String,
    /// Its 1-based line in the file.
    pub line: usize,
    matcher: GlobMatcher,
}

impl ConfigGlob {
    /// A glob compiled (by [`super::ignores::compile`]) to `matcher`, written at `line`.
    pub fn new(glob: String, matcher: GlobMatcher, line: usize) -> ConfigGlob {
        ConfigGlob {
            glob,
            line,
            matcher,
        }
    }
}

/// Which pack tables apply to a run, and where a file lies relative to the configuration.
impl PackRouting {
    /// The tables of the configuration `file` in the folder `dir`.
    pub fn new(dir: &Path, file: String, packs: Vec<PackGlobs>) -> PackRouting {
        PackRouting {
            base: absolute(dir),
            file,
            packs,
        }
    }

    /// The tables, in file order.
    pub fn tables(&self) -> &[PackGlobs] {
        &self.packs
    }

    /// The configuration file, as shown.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The table of the pack `name`, if the configuration has one.
    pub fn of(&self, name: &str) -> Option<&PackGlobs> {
        self.packs.iter().find(|table| table.name == name)
    }

    /// A notice for each table whose name is none of `known` (the packs available to a run with
    /// every pack in play), at its name, with the closest known name.
    pub fn unknown_packs(&self, known: &[&str]) -> Vec<String> {
        self.packs
            .iter()
            .filter(|table| !known.contains(&table.name.as_str()))
            .map(|table| {
                let hint = crate::suggest::did_you_mean(&table.name, known.iter().copied());
                format!(
                    "{}:{}:{}: [packs.{}] names no available pack, so its globs route nothing{}",
                    self.file,
                    table.position.line,
                    table.position.column,
                    table.name,
                    if hint.is_empty() {
                        String::new()
                    } else {
                        format!("; {hint}")
                    }
                )
            })
            .collect()
    }

    /// The first of `globs` that matches the file at `path` (as walked or named: relative to
    /// the working directory, or absolute).
    pub fn first_match<'g>(&self, globs: &'g [ConfigGlob], path: &Path) -> Option<&'g ConfigGlob> {
        if globs.is_empty() {
            return None;
        }
        let relative = absolute(path);
        let relative = relative.strip_prefix(&self.base).ok()?;
        globs
            .iter()
            .find(|glob| matches(&glob.glob, &glob.matcher, relative))
    }
}

#[cfg(test)]
mod tests {
    use super::super::ignores::compile;
    use super::*;

    fn routing(include: &[&str]) -> PackRouting {
        let globs = include
            .iter()
            .enumerate()
            .filter_map(|(i, g)| Some(ConfigGlob::new((*g).into(), compile(g).ok()?, i + 2)))
            .collect();
        let table = PackGlobs {
            name: "teampak".into(),
            position: Position { line: 1, column: 8 },
            include: globs,
            exclude: Vec::new(),
        };
        PackRouting::new(Path::new("proj"), "proj/rulecheck.toml".into(), vec![table])
    }

    #[test]
    fn globs_match_paths_relative_to_the_configuration_folder() {
        let routing = routing(&["pipelines/**/pipeline.py", "publish.py"]);
        let globs = &routing.tables()[0].include;
        let line = |path: &str| routing.first_match(globs, Path::new(path)).map(|g| g.line);
        assert_eq!(line("proj/pipelines/churn/pipeline.py"), Some(2));
        assert_eq!(line("./proj/steps/publish.py"), Some(3));
        assert_eq!(line("other/pipelines/churn/pipeline.py"), None);
        assert_eq!(line("proj/pipeline.py"), None);
    }

    #[test]
    fn a_table_of_no_known_pack_is_a_notice_at_its_name_with_the_closest_name() {
        let notices = routing(&[]).unknown_packs(&["teampack", "training"]);
        assert_eq!(
            notices,
            [
                "proj/rulecheck.toml:1:8: [packs.teampak] names no available pack, so its \
              globs route nothing; did you mean `teampack`?"
            ]
        );
        assert!(routing(&[]).unknown_packs(&["teampak"]).is_empty());
    }
}
