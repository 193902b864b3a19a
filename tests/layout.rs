//! The source tree keeps its seams: no import circle between the files of `src/` (over their
//! `use crate::…` / `use super::…` edges and inline `crate::…` / `super::…` paths), `main.rs`
//! only dispatches, a setting is named where it is declared and where it is used, and an output
//! format or a rule kind is one file plus one line of its list.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, by its module path (`crate::engine::check`).
fn modules(dir: &Path, module: &str, found: &mut BTreeMap<String, PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .expect("src is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if path.is_dir() {
            modules(&path, &format!("{module}::{name}"), found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let own = match name.as_str() {
                "mod" | "lib" | "main" => module.to_owned(),
                _ => format!("{module}::{name}"),
            };
            // main.rs is its own crate: keep lib.rs as `crate`.
            if name != "main" {
                found.insert(own, path);
            }
        }
    }
}

/// The text of `code` without comments and string literals (enough for paths in code).
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line = line.split("//").next().unwrap_or_default();
        let mut in_string = false;
        let mut previous = ' ';
        for c in line.chars() {
            if c == '"' && previous != '\\' {
                in_string = !in_string;
            } else if !in_string {
                out.push(c);
            }
            previous = c;
        }
        out.push('\n');
    }
    out
}

/// The paths a file names: `crate::a::b` and `super::x` (in `use` trees, expanded, and inline).
fn named_paths(code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    // `use` declarations, with their brace groups expanded.
    for statement in code.split(';') {
        let Some(at) = statement.find("use ") else {
            continue;
        };
        let before = &statement[..at];
        if !before.trim().is_empty() && !before.trim_end().ends_with("pub") && !before.contains('}')
        {
            continue;
        }
        let tree = statement[at + 4..]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        expand(&tree, "", &mut paths);
    }
    // Inline paths.
    for start in ["crate::", "super::"] {
        for (i, _) in code.match_indices(start) {
            let boundary = code[..i]
                .chars()
                .last()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == ':' || c == '$'));
            if !boundary {
                continue;
            }
            let path: String = code[i..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            paths.push(path.trim_end_matches(':').to_owned());
        }
    }
    paths
        .into_iter()
        .filter(|p| p.starts_with("crate::") || p.starts_with("super::"))
        .collect()
}

/// Expands a `use` tree (`a::{b, c::{d, e}}`) into its paths.
fn expand(tree: &str, prefix: &str, out: &mut Vec<String>) {
    let tree = tree.trim().trim_matches(',').trim();
    if tree.is_empty() {
        return;
    }
    match tree.find('{') {
        Some(open) if tree.ends_with('}') => {
            let head = format!("{prefix}{}", tree[..open].trim());
            let inner = &tree[open + 1..tree.len() - 1];
            let mut depth = 0;
            let mut from = 0;
            for (i, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        expand(&inner[from..i], &head, out);
                        from = i + 1;
                    }
                    _ => {}
                }
            }
            expand(&inner[from..], &head, out);
        }
        _ => {
            let path = tree.split(" as ").next().unwrap_or(tree).trim();
            let path = format!("{prefix}{path}").replace(' ', "");
            out.push(path.trim_end_matches("::self").to_owned());
        }
    }
}

/// The module a path written in module `module` leads to (its longest prefix that is a module).
fn resolve(path: &str, module: &str, modules: &BTreeMap<String, PathBuf>) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut rest = path;
    if let Some(r) = rest.strip_prefix("crate::") {
        parts.push("crate".into());
        rest = r;
    } else {
        parts.extend(module.split("::").map(str::to_owned));
        while let Some(r) = rest.strip_prefix("super::") {
            parts.pop();
            rest = r;
        }
    }
    parts.extend(
        rest.split("::")
            .filter(|s| !s.is_empty())
            .map(str::to_owned),
    );
    (1..=parts.len())
        .rev()
        .map(|n| parts[..n].join("::"))
        .find(|m| modules.contains_key(m))
}

/// Where the file's inline module (`mod tests { … }`) starts in its code, if it has one: paths
/// after it are written from inside that module, where `super` is the file itself.
fn inline_module(code: &str) -> Option<usize> {
    code.match_indices("mod ").find_map(|(i, _)| {
        let rest = &code[i + 4..];
        let name_end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
        rest[name_end..].trim_start().starts_with('{').then_some(i)
    })
}

/// The file-to-file edges of `src/`.
fn edges() -> (
    BTreeMap<String, PathBuf>,
    BTreeMap<String, BTreeSet<String>>,
) {
    let mut found = BTreeMap::new();
    modules(&src(), "crate", &mut found);
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, path) in &found {
        let code = code_only(&fs::read_to_string(path).expect("readable"));
        let (outer, inner) = code.split_at(inline_module(&code).unwrap_or(code.len()));
        let inner_module = format!("{module}::inline");
        let targets = edges.entry(module.clone()).or_default();
        let named = named_paths(outer)
            .into_iter()
            .map(|p| (p, module.as_str()))
            .chain(
                named_paths(inner)
                    .into_iter()
                    .map(|p| (p, inner_module.as_str())),
            );
        for (named, from) in named {
            if let Some(to) = resolve(&named, from, &found)
                && to != *module
            {
                targets.insert(to);
            }
        }
    }
    (found, edges)
}

/// The strongly connected components of more than one file (Tarjan's algorithm).
fn circles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, node: &'a str) {
        let n = s.index.len();
        s.index.insert(node, n);
        s.low.insert(node, n);
        s.stack.push(node);
        s.on_stack.insert(node);
        for next in s.edges.get(node).into_iter().flatten() {
            if !s.index.contains_key(next.as_str()) {
                visit(s, next);
                let low = s.low[next.as_str()].min(s.low[node]);
                s.low.insert(node, low);
            } else if s.on_stack.contains(next.as_str()) {
                let low = s.index[next.as_str()].min(s.low[node]);
                s.low.insert(node, low);
            }
        }
        if s.low[node] == s.index[node] {
            let mut component = Vec::new();
            while let Some(top) = s.stack.pop() {
                s.on_stack.remove(top);
                component.push(top.to_owned());
                if top == node {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.found.push(component);
            }
        }
    }
    let mut state = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for node in edges.keys() {
        if !state.index.contains_key(node.as_str()) {
            visit(&mut state, node);
        }
    }
    state.found
}

#[test]
fn no_import_circle_between_the_files_of_src() {
    let (files, edges) = edges();
    let found = circles(&edges);
    let shown: Vec<String> = found
        .iter()
        .map(|component| {
            let names: Vec<String> = component
                .iter()
                .map(|m| {
                    files[m]
                        .strip_prefix(src())
                        .unwrap_or(&files[m])
                        .display()
                        .to_string()
                })
                .collect();
            names.join(" ⇄ ")
        })
        .collect();
    assert!(shown.is_empty(), "import circles:\n{}", shown.join("\n"));
    let total: usize = edges.values().map(BTreeSet::len).sum();
    assert!(total > 100, "only {total} edges found: the scan is broken");
}

#[test]
fn the_circle_check_finds_a_circle() {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    edges.entry("a".into()).or_default().insert("b".into());
    edges.entry("b".into()).or_default().insert("c".into());
    edges.entry("c".into()).or_default().insert("a".into());
    edges.entry("d".into()).or_default().insert("a".into());
    assert_eq!(circles(&edges), [vec!["a", "b", "c"]]);
    let mut paths = Vec::new();
    expand("crate::engine::{self, x::{Y, z}, W as V}", "", &mut paths);
    assert_eq!(
        paths,
        [
            "crate::engine",
            "crate::engine::x::Y",
            "crate::engine::x::z",
            "crate::engine::W"
        ]
    );
}

#[test]
fn main_only_dispatches() {
    let main = fs::read_to_string(src().join("main.rs")).expect("main.rs exists");
    let lines = main.lines().count();
    assert!(lines <= 80, "main.rs has {lines} lines");
}

#[test]
fn a_setting_is_named_where_it_is_declared_and_where_it_is_used() {
    let mut found = BTreeMap::new();
    modules(&src(), "crate", &mut found);
    let naming: Vec<String> = found
        .values()
        .filter(|path| {
            let code = code_only(&fs::read_to_string(path).expect("readable"));
            code.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .any(|word| word == "jobs")
        })
        .map(|p| p.strip_prefix(src()).unwrap_or(p).display().to_string())
        .collect();
    assert!(
        naming.len() <= 4,
        "`jobs` is named in {} files: {naming:?}",
        naming.len()
    );
    assert!(
        naming.contains(&"settings/table.rs".to_owned()),
        "{naming:?}"
    );
}

/// The lines of `list` (a `formats!` or `kinds!` invocation in `file`) of the form
/// `Variant => module::Type,`, as `(module, line)`.
fn listed(file: &Path, list: &str) -> Vec<(String, String)> {
    let text = fs::read_to_string(file).expect("the list exists");
    let start = text
        .rfind(&format!("{list}! {{"))
        .expect("the list is there");
    text[start..]
        .lines()
        .skip(1)
        .take_while(|l| l.trim() != "}")
        .filter(|l| l.contains("=>"))
        .map(|l| {
            let module = l
                .split("=>")
                .nth(1)
                .and_then(|r| r.trim().split("::").next())
                .unwrap_or_default()
                .to_owned();
            (module, l.trim().to_owned())
        })
        .collect()
}

/// Whether `line` names module `module` of the folder `parent`: `parent::module`, or
/// `super::module` in a file of the same folder (`sibling`), or `module::` in the parent's own
/// file (`in_parent`).
fn names_module(line: &str, parent: &str, module: &str, sibling: bool, in_parent: bool) -> bool {
    let words = |pattern: &str| {
        line.match_indices(pattern).any(|(i, _)| {
            line[..i]
                .chars()
                .last()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
        })
    };
    words(&format!("{parent}::{module}"))
        || (sibling && words(&format!("super::{module}")))
        || (in_parent && words(&format!("{module}::")) && !line.contains(&format!(":{module}::")))
}

/// Checks that each listed module is one file (or folder) of `dir`, and that outside its own
/// files, `src/` names it only on its line of the list.
fn each_is_one_module_and_one_line(dir: &str, list: &str) {
    let folder = src().join(dir);
    let list_file = folder.join("mod.rs");
    let parent = dir.rsplit('/').next().unwrap_or(dir);
    let entries = listed(&list_file, list);
    assert!(entries.len() >= 3, "{entries:?}");
    let mut found = BTreeMap::new();
    modules(&src(), "crate", &mut found);
    for (module, line) in &entries {
        let file = folder.join(format!("{module}.rs"));
        let own = folder.join(module);
        assert!(file.is_file() || own.join("mod.rs").is_file(), "{module}");
        let elsewhere: Vec<String> = found
            .values()
            .filter(|p| **p != file && !p.starts_with(&own))
            .flat_map(|p| {
                let code = code_only(&fs::read_to_string(p).expect("readable"));
                let shown = p.strip_prefix(src()).unwrap_or(p).display().to_string();
                let in_parent = *p == list_file;
                let sibling = p.parent() == Some(folder.as_path());
                code.lines()
                    .filter(|l| names_module(l, parent, module, sibling, in_parent))
                    .map(|l| format!("{shown}: {}", l.trim()))
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(
            elsewhere,
            [format!("{dir}/mod.rs: {line}")],
            "`{module}` is named outside its file and its line"
        );
    }
}

#[test]
fn a_format_is_one_file_and_one_line_of_the_list() {
    each_is_one_module_and_one_line("report/formats", "formats");
}

#[test]
fn a_rule_kind_is_one_module_and_one_line_of_the_list() {
    each_is_one_module_and_one_line("kinds", "kinds");
}
