//! The run's index of structured files: for each pack's `[[index]]`, the files under the root
//! its globs match, parsed once per run, each filed under the name of the script it describes
//! (the file name its `script` selector selects). A check looks a script's file up by the
//! script's file name, wherever the script lives; a routed run checks the scripts an index
//! names ([`Index::routes`]).

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

use globset::{GlobSet, GlobSetBuilder};

use super::companions::{Companions, Contents};
use crate::engine::{CompiledPack, Document, SourceText};
use crate::error::Result;
use crate::pack::types::IndexSpec;
use crate::pack::validate::tables::file_glob;
use crate::position;
use crate::structured::{self, Format};

/// One pack's `[[index]]` over the tree: the files it holds, by the script each names.
#[derive(Debug, Default)]
struct Table {
    /// Script file name → indices of the files naming it, in path order.
    by_script: HashMap<String, Vec<usize>>,
    /// Whether the index routes.
    routes: bool,
    /// The files its globs matched (some of which its `where` may leave out), relative to the
    /// root: where they are, the tree has the layout the index describes.
    found: Vec<String>,
}

/// The files of every pack's `[[index]]` tables, parsed, and notices about files that did not
/// parse. Built once per run; read by every worker.
#[derive(Debug, Default)]
pub struct Index {
    files: Vec<Arc<Document>>,
    /// By pack, by `[[index]]`.
    tables: Vec<Vec<Table>>,
    notices: Vec<String>,
    /// By pack, by `[[layout]]`, whether the tree under the root has it: answered once per
    /// run, by the first check that asks.
    layouts: OnceLock<Vec<Vec<bool>>>,
    /// The other structured files read so far (found upward from scripts), by path and format:
    /// each is read once per run, whichever script needs it first.
    read: Mutex<HashMap<(String, Format), ReadOnce>>,
}

/// A structured file read once per run: parsed, or `None` (not found, unread or not valid).
type ReadOnce = Option<Arc<Document>>;

impl Index {
    /// The `[[index]]` globs `globs` (every pack's, as written), each compiled once, or `None`
    /// when there are none (then no walk is needed).
    pub fn globs<'a>(globs: impl IntoIterator<Item = &'a String>) -> Option<GlobSet> {
        let mut builder = GlobSetBuilder::new();
        let mut seen = HashSet::new();
        let mut any = false;
        for glob in globs {
            if seen.insert(glob.as_str())
                && let Ok(glob) = file_glob(glob)
            {
                builder.add(glob);
                any = true;
            }
        }
        any.then(|| builder.build().ok()).flatten()
    }

    /// The index of the files `candidates` (paths relative to the root, with `/`, sorted),
    /// read through `files`. A file that does not parse, or is too large to read, is left out
    /// with a notice at its line and column. Fails when a file cannot be read.
    pub fn build(
        packs: &[CompiledPack],
        candidates: &[String],
        files: &dyn Companions,
    ) -> Result<Index> {
        let mut index = Index::default();
        // Each file is parsed once per format it is asked for in.
        let mut parsed: HashMap<(usize, Format), Option<usize>> = HashMap::new();
        for compiled in packs {
            let mut tables = Vec::new();
            for spec in &compiled.pack.indexes {
                let globs = globs_of(spec);
                let mut table = Table {
                    routes: spec.routes,
                    ..Table::default()
                };
                for (candidate, rel) in candidates.iter().enumerate() {
                    if !globs.is_match(rel) {
                        continue;
                    }
                    let Some(format) = spec.format.or_else(|| Format::from_path(Path::new(rel)))
                    else {
                        continue;
                    };
                    let file = match parsed.get(&(candidate, format)) {
                        Some(file) => *file,
                        None => {
                            let file = index.parse(rel, format, files, &spec.id)?;
                            parsed.insert((candidate, format), file);
                            file
                        }
                    };
                    let Some(file) = file else { continue };
                    table.found.push(rel.clone());
                    if let Some(name) = describes(spec, &index.files[file].root) {
                        table.by_script.entry(name).or_default().push(file);
                    }
                }
                tables.push(table);
            }
            index.tables.push(tables);
        }
        Ok(index)
    }

    /// Reads and parses `rel` as `format`; `None` (after a notice) when it is not found, too
    /// large, or does not parse.
    fn parse(
        &mut self,
        rel: &str,
        format: Format,
        files: &dyn Companions,
        index_id: &str,
    ) -> Result<Option<usize>> {
        let Some(shown) = files.find(rel, &mut self.notices) else {
            return Ok(None);
        };
        let bytes = match files.read(rel)? {
            Contents::Bytes(bytes) => bytes,
            Contents::Unread(notice) => {
                self.notices.push(notice);
                return Ok(None);
            }
        };
        match parse_document(rel, shown, bytes, format) {
            Ok(document) => {
                self.files.push(Arc::new(document));
                Ok(Some(self.files.len() - 1))
            }
            Err(notice) => {
                self.notices
                    .push(format!("{notice}; index `{index_id}` leaves it out"));
                Ok(None)
            }
        }
    }

    /// The file index `table` of pack `pack` has for the script named `script` (its file
    /// name), the first in path order.
    pub fn lookup(&self, pack: usize, table: usize, script: &str) -> Option<&Arc<Document>> {
        let files = self.tables.get(pack)?.get(table)?.by_script.get(script)?;
        files.first().map(|&file| &self.files[file])
    }

    /// By `[[layout]]` of pack `pack` (of `packs`, the run's), whether the tree under the root
    /// has it: whether one of its markers exists there, as `files` says. Every pack's layouts
    /// are answered at the first call; later calls read the answers.
    pub fn layouts(&self, packs: &[CompiledPack], pack: usize, files: &dyn Companions) -> &[bool] {
        let all = self.layouts.get_or_init(|| {
            packs
                .iter()
                .map(|compiled| {
                    let layouts = &compiled.pack.layouts;
                    layouts
                        .iter()
                        .map(|layout| layout.markers.iter().any(|marker| files.exists(marker)))
                        .collect()
                })
                .collect()
        });
        all.get(pack).map_or(&[], Vec::as_slice)
    }

    /// By `[[index]]` of pack `pack`, whether it has a file for the script named `script`.
    pub fn indexed(&self, pack: usize, script: &str) -> Vec<bool> {
        self.tables.get(pack).map_or_else(Vec::new, |tables| {
            tables
                .iter()
                .map(|table| table.by_script.contains_key(script))
                .collect()
        })
    }

    /// Whether pack `pack` routes by its index the files of the folder `under` (relative to
    /// the root; empty for the whole tree): the globs of one of its routing `[[index]]` tables
    /// matched files in that folder (even if its `where` left them all out: the folder has
    /// that layout). Its `files` globs are then not used there.
    pub fn routing(&self, pack: usize, under: &Path) -> bool {
        let inside = |rel: &String| Path::new(rel).starts_with(under);
        self.tables.get(pack).is_some_and(|tables| {
            tables
                .iter()
                .any(|t| t.routes && t.found.iter().any(inside))
        })
    }

    /// When pack `compiled` (of index `pack`) routes the script named `script` by an index:
    /// the index's id and the file (as shown) that names it.
    pub fn routes<'a>(
        &'a self,
        pack: usize,
        compiled: &'a CompiledPack,
        script: &str,
    ) -> Option<(&'a str, &'a str)> {
        let tables = self.tables.get(pack)?;
        tables
            .iter()
            .zip(&compiled.pack.indexes)
            .find_map(|(table, spec)| {
                let file = *table.by_script.get(script)?.first()?;
                table
                    .routes
                    .then(|| (spec.id.as_str(), self.files[file].text.path.as_str()))
            })
    }

    /// The structured file `rel` as `format`, read by `read` the first time a script asks for
    /// it in this run, and shared after that.
    pub fn read_once(
        &self,
        rel: &str,
        format: Format,
        read: impl FnOnce() -> Result<Option<Document>>,
    ) -> Result<Option<Arc<Document>>> {
        let key = (rel.to_owned(), format);
        if let Ok(known) = self.read.lock()
            && let Some(document) = known.get(&key)
        {
            return Ok(document.clone());
        }
        let document = read()?.map(Arc::new);
        if let Ok(mut known) = self.read.lock() {
            known.insert(key, document.clone());
        }
        Ok(document)
    }

    /// Notices about indexed files left out (not parsed, too large).
    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    /// Adds notices about how the index was built (first, in the order given).
    pub fn add_notices(&mut self, notices: impl IntoIterator<Item = String>) {
        let mut all: Vec<String> = notices.into_iter().collect();
        all.append(&mut self.notices);
        self.notices = all;
    }
}

/// The globs of one `[[index]]` (validated, so they compile).
fn globs_of(spec: &IndexSpec) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for glob in spec.files.iter().filter_map(|g| file_glob(g).ok()) {
        builder.add(glob);
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

/// The file name of the script `root` describes under `spec`, when it passes the `where`
/// conditions and no `except` condition (a condition with no values holds when its selector
/// selects anything).
fn describes(spec: &IndexSpec, root: &structured::Node) -> Option<String> {
    // An empty list of values: the selector selects anything at all.
    let holds = |(selector, values): &(structured::Selector, Vec<String>)| {
        let selected = selector.select(root);
        if values.is_empty() {
            return !selected.is_empty();
        }
        selected
            .iter()
            .filter_map(|node| node.scalar_text())
            .any(|text| values.iter().any(|v| *v == text))
    };
    if !spec.filters.iter().all(holds) || spec.exclusions.iter().any(holds) {
        return None;
    }
    let named = spec.script.select(root).first()?.scalar_text()?;
    let name = named.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    (!name.is_empty()).then(|| name.to_owned())
}

/// Parses the bytes of `rel` (shown as `shown`) as `format`, or says where and why it does not
/// parse.
pub fn parse_document(
    rel: &str,
    shown: String,
    bytes: Vec<u8>,
    format: Format,
) -> std::result::Result<Document, String> {
    match structured::parse(format, &bytes) {
        Ok(root) => Ok(Document {
            rel: rel.to_owned(),
            text: SourceText::new(shown, bytes),
            root,
        }),
        Err(error) => {
            let at = position::position(&bytes, error.offset);
            let what = match format {
                Format::Yaml => "not valid YAML",
                Format::Json => "not valid JSON",
                Format::Toml => "not valid TOML",
                Format::Requirements => "not a valid requirements file",
            };
            Err(format!(
                "{shown}:{}:{}: {what}: {}",
                at.line, at.column, error.message
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::Index;
    use crate::checker::companions::InMemory;
    use crate::engine::CompiledPack;
    use crate::engine::compile::test_packs;

    /// A pack routing by the step files under any `steps` folder, of kind `etl` only, except
    /// the drafts.
    fn pack() -> CompiledPack {
        test_packs::with(
            r#"
[[index]]
id = "step"
files = ["**/steps/*.yaml", "**/steps/*.json"]
script = "run.script"
routes = true
where = { kind = ["etl"] }
except = { "status" = ["draft"], "run.delegate" = [] }
"#,
        )
    }

    fn index(files: &InMemory) -> Index {
        Index::build(std::slice::from_ref(&pack()), &files.paths(), files)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_file_names_its_script_by_file_name_when_its_conditions_hold() {
        let files = InMemory::new()
            .with(
                "a/steps/load.yaml",
                "kind: etl\nrun:\n  script: code/load_job.py\n",
            )
            .with(
                "a/steps/train.yaml",
                "kind: training\nrun: {script: train_job.py}\n",
            )
            .with(
                "b/steps/wip.json",
                r#"{"kind": "etl", "status": "draft", "run": {"script": "wip.py"}}"#,
            )
            .with(
                "b/steps/clean.json",
                r#"{"kind": "etl", "run": {"script": "clean.py"}}"#,
            );
        let index = index(&files);
        let names = |name: &str| index.lookup(0, 0, name).map(|f| f.rel.clone());
        assert_eq!(names("load_job.py").as_deref(), Some("a/steps/load.yaml"));
        assert_eq!(names("clean.py").as_deref(), Some("b/steps/clean.json"));
        assert_eq!(names("train_job.py"), None, "where kind = etl");
        assert_eq!(names("wip.py"), None, "except status = draft");
        assert_eq!(
            names("stub.py"),
            None,
            "except when run.delegate is there at all"
        );
        assert_eq!(index.indexed(0, "clean.py"), [true]);
        assert!(index.notices().is_empty());
    }

    #[test]
    fn a_file_that_does_not_parse_is_a_notice_at_its_line_and_column() {
        let files = InMemory::new()
            .with("steps/ok.yaml", "kind: etl\nrun:\n  script: ok.py\n")
            .with(
                "steps/broken.json",
                "{\n  \"kind\": \"etl\",\n  \"run\": [1,, 2]\n}\n",
            );
        let index = index(&files);
        assert!(index.lookup(0, 0, "ok.py").is_some(), "the run goes on");
        let [notice] = index.notices() else {
            panic!("{:?}", index.notices());
        };
        assert!(
            notice.starts_with("steps/broken.json:3:13: not valid JSON"),
            "{notice}"
        );
        assert!(notice.ends_with("index `step` leaves it out"), "{notice}");
    }

    #[test]
    fn a_folder_routes_by_the_index_when_it_holds_indexed_files_even_ones_left_out() {
        let files = InMemory::new()
            .with(
                "new/steps/train.yaml",
                "kind: training\nrun: {script: t.py}\n",
            )
            .with("old/jobs/readme.txt", "no steps here\n");
        let index = index(&files);
        assert!(index.routing(0, Path::new("")));
        assert!(index.routing(0, Path::new("new")));
        assert!(!index.routing(0, Path::new("old")));
        assert_eq!(
            index.routes(0, &pack(), "t.py"),
            None,
            "where leaves it out"
        );
    }
}
