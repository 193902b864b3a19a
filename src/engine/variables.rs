//! The first phase of a check: the values of the pack's variables for one script — `script`,
//! the variables derived from its file name, and those detected from its content.

use crate::pack::{DetectFrom, DetectMatch, Detector, VariableTable};

/// Values of `script`, the derived and the detected variables, by index in the table.
pub fn values(table: &VariableTable, script: &str, bytes: &[u8]) -> Vec<String> {
    let mut values = file_variables(table, script);
    values.extend(table.detected.iter().map(|d| detect(d, bytes)));
    values
}

/// Values of `script` and the pack's derived variables for a script name.
fn file_variables(table: &VariableTable, script: &str) -> Vec<String> {
    let mut values = vec![script.to_owned()];
    for variable in &table.derived {
        let mut value = values[variable.from].clone();
        for remove in variable.remove.iter().filter(|r| !r.is_empty()) {
            value = value.replace(remove.as_str(), "");
        }
        values.push(value);
    }
    values
}

/// A detected variable's value: the first option one of whose keywords occurs in the detector's
/// input (the import lines, or the whole text) — or, matching modules, is one of the modules the
/// import lines import or a package of one — or empty.
fn detect(detector: &Detector, bytes: &[u8]) -> String {
    let fold = |s: &str| {
        if detector.case_sensitive {
            s.to_owned()
        } else {
            s.to_lowercase()
        }
    };
    let inputs: Vec<String> = match (detector.from, detector.mode) {
        (DetectFrom::Text, _) => vec![fold(&String::from_utf8_lossy(bytes))],
        (DetectFrom::Imports, DetectMatch::Substring) => {
            import_lines(bytes).map(|l| fold(&l)).collect()
        }
        (DetectFrom::Imports, DetectMatch::Module) => import_lines(bytes)
            .flat_map(|l| imported_modules(&l))
            .map(|m| fold(&m))
            .collect(),
    };
    let matches = |input: &str, keyword: &str| match detector.mode {
        DetectMatch::Substring => input.contains(keyword),
        DetectMatch::Module => input
            .strip_prefix(keyword)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('.')),
    };
    detector
        .options
        .iter()
        .find(|(_, keywords)| {
            keywords.iter().any(|k| {
                let k = fold(k);
                inputs.iter().any(|input| matches(input, &k))
            })
        })
        .map(|(value, _)| value.clone())
        .unwrap_or_default()
}

/// The import lines of a file: its lines (split at `\n`), trimmed, that start with `import ` or
/// `from `. Only they are decoded (lossily), not the whole file.
fn import_lines(bytes: &[u8]) -> impl Iterator<Item = String> + '_ {
    bytes.split(|&b| b == b'\n').filter_map(|line| {
        let start = line.trim_ascii_start();
        // A line that starts with other whitespace than ASCII is decoded to be trimmed as
        // `str::trim` does; others are decoded only when they are import lines.
        let maybe = start.starts_with(b"import ")
            || start.starts_with(b"from ")
            || start.first().is_some_and(|b| !b.is_ascii());
        if !maybe {
            return None;
        }
        let text = String::from_utf8_lossy(line);
        let trimmed = text.trim();
        (trimmed.starts_with("import ") || trimmed.starts_with("from ")).then(|| trimmed.to_owned())
    })
}

/// The dotted module names one import line imports: `import a.b as c, d` imports `a.b` and
/// `d`; `from a.b import c, d` imports `a.b` and, since `c` and `d` may be submodules, `a.b.c`
/// and `a.b.d`. Relative imports keep their leading dots, so they never match a library's name.
fn imported_modules(line: &str) -> Vec<String> {
    let line = line.split(['#', ';']).next().unwrap_or_default();
    let names = |list: &str| -> Vec<String> {
        list.split(',')
            .filter_map(|item| {
                let name = item
                    .trim()
                    .trim_matches(['(', ')'])
                    .split_whitespace()
                    .next()?;
                (!name.is_empty() && name != "*").then(|| name.to_owned())
            })
            .collect()
    };
    if let Some(rest) = line.strip_prefix("import ") {
        return names(rest);
    }
    let Some(rest) = line.strip_prefix("from ") else {
        return Vec::new();
    };
    let Some((module, imported)) = rest.split_once(" import ") else {
        return Vec::new();
    };
    let module = module.trim();
    let mut modules = vec![module.to_owned()];
    let separator = if module.ends_with('.') { "" } else { "." };
    modules.extend(
        names(imported)
            .into_iter()
            .map(|name| format!("{module}{separator}{name}")),
    );
    modules
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::compile::test_packs;

    #[test]
    fn derived_variables_remove_each_string_everywhere_in_order() {
        let compiled = test_packs::require(r#"keywords = ["x"]"#);
        let mut table = compiled.pack.variables;
        table.derived.push(crate::pack::Variable {
            from: VariableTable::SCRIPT,
            remove: vec![".py".into(), "_job".into(), "".into()],
        });
        assert_eq!(
            file_variables(&table, "a_job_b_job.py"),
            ["a_job_b_job.py", "a_b"]
        );
    }

    fn detector(keywords: &[&str]) -> Detector {
        Detector {
            from: DetectFrom::Imports,
            case_sensitive: false,
            mode: DetectMatch::Module,
            options: vec![(
                "json".into(),
                keywords.iter().map(|k| (*k).to_owned()).collect(),
            )],
        }
    }

    #[test]
    fn module_detection_matches_whole_dotted_names_only() {
        let json = detector(&["json"]);
        for line in [
            "import json",
            "import os, json as j",
            "from json import loads",
            "from json.decoder import JSONDecodeError",
            "  import json  # settings",
        ] {
            assert_eq!(detect(&json, line.as_bytes()), "json", "{line}");
        }
        for line in [
            "import jsonschema",
            "import orjson, simplejson",
            "from jsonlines import Reader",
            "from .json import local",
            "from . import json",
            "x = 'import json'",
        ] {
            assert_eq!(detect(&json, line.as_bytes()), "", "{line}");
        }
    }

    #[test]
    fn a_dotted_keyword_matches_a_submodule_imported_by_name() {
        let nn = detector(&["torch.nn"]);
        assert_eq!(detect(&nn, b"from torch import nn"), "json");
        assert_eq!(detect(&nn, b"import torch.nn.functional as F"), "json");
        assert_eq!(detect(&nn, b"import torch"), "");
    }
}
