//! Names as a rule comparing sets of them needs them: argparse destinations, distribution
//! names, and the top-level modules a file imports. Pure functions.

use super::{Import, ImportKind};

/// The attribute name argparse derives from an option string, used to compare option strings,
/// destinations and attribute names: leading dashes stripped, `-` made `_` (`--job-type`,
/// `--job_type` and `job_type` all give `job_type`).
///
/// argparse keeps the dashes of a positional argument's name; this makes them `_` too, so
/// that names written either way compare equal.
pub fn argparse_dest(option: &str) -> String {
    option.trim_start_matches('-').replace('-', "_")
}

/// The normalized form of a distribution (package) name, as PEP 503 defines it: lowercase,
/// each run of `-`, `_` and `.` made one `-` (`Foo__Bar.baz` gives `foo-bar-baz`).
pub fn distribution_name(name: &str) -> String {
    let mut normalized = String::with_capacity(name.len());
    let mut in_separator = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            if !in_separator {
                normalized.push('-');
            }
            in_separator = true;
        } else {
            normalized.extend(c.to_lowercase());
            in_separator = false;
        }
    }
    normalized
}

/// The first component of each module `imports` import, once each, in order of first
/// appearance: `a` for `import a.b` and for `from a.b import c`. Relative imports
/// (`from . import x`, `from .m import x`) import from the file's own package and give none;
/// `__future__` is kept.
pub fn top_level_modules(imports: &[Import]) -> Vec<String> {
    let mut modules: Vec<String> = Vec::new();
    for import in imports.iter().filter(|import| import.level == 0) {
        let mut add = |dotted: &str| {
            let top = dotted.split('.').next().unwrap_or_default().trim();
            if !top.is_empty() && top != "*" && !modules.iter().any(|m| m == top) {
                modules.push(top.to_owned());
            }
        };
        match (import.kind, &import.module) {
            (ImportKind::Import, _) => {
                for name in &import.names {
                    add(name);
                }
            }
            (ImportKind::From, Some(module)) => add(module),
            (ImportKind::From, None) => {}
        }
    }
    modules
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::SourceModel;

    #[test]
    fn argparse_dest_strips_dashes_and_makes_inner_dashes_underscores() {
        assert_eq!(argparse_dest("--job-type"), "job_type");
        assert_eq!(argparse_dest("--job_type"), "job_type");
        assert_eq!(argparse_dest("job_type"), "job_type");
        assert_eq!(argparse_dest("-f"), "f");
        assert_eq!(argparse_dest("job-type"), "job_type");
        assert_eq!(argparse_dest("--"), "");
    }

    #[test]
    fn distribution_name_lowercases_and_collapses_separator_runs() {
        assert_eq!(distribution_name("Foo__Bar.baz"), "foo-bar-baz");
        assert_eq!(distribution_name("scikit_learn"), "scikit-learn");
        assert_eq!(distribution_name("zope.interface"), "zope-interface");
        assert_eq!(distribution_name("A-._B"), "a-b");
        assert_eq!(distribution_name("requests"), "requests");
        assert_eq!(distribution_name(""), "");
    }

    #[test]
    fn top_level_modules_are_first_components_once_each_without_relative_imports() {
        let src = "import a.b, c as d\nfrom e.f import g\nfrom . import h\nfrom .i import j\n\
                   import a\nfrom __future__ import annotations\n";
        let model = SourceModel::parse_without_flow(src.as_bytes());
        assert_eq!(
            top_level_modules(model.imports()),
            ["a", "c", "e", "__future__"]
        );
    }

    #[test]
    fn top_level_modules_of_no_imports_are_none() {
        assert!(top_level_modules(&[]).is_empty());
    }
}
