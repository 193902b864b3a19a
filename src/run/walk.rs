//! Planning the files (the runner's first step): directory arguments are walked (respecting
//! `.gitignore`, skipping hidden files, `--exclude` globs and other extensions), and each file is
//! routed to the packs whose `files` globs (or the configuration's `extend-include` globs for
//! them) match it — or, with `--pack`, to that pack when it matches, when `--all-files` is
//! given, or when the file was named explicitly. A file no glob routes to a pack with
//! `route_calls` is handed over as a candidate of that pack ([`Routed::by_content`]) unless it
//! is installed third-party code ([`vendored`](super::vendored)): its check keeps the pack only
//! if the file makes such a call ([`crate::engine::trigger`]).

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering as AtomicOrdering};

use globset::{GlobSet, GlobSetBuilder};
use ignore::{WalkBuilder, WalkState};

use super::read;
use super::routes::PackRoute;
pub use super::routes::Reason;
use super::vendored::Installed;
use crate::checker::index::Index;
use crate::config::packs::PackRouting;
use crate::engine::CompiledPack;
use crate::error::{Error, Result};
use crate::pack;
use crate::settings::Settings;

/// How files are chosen and routed.
#[derive(Debug)]
pub struct Selection<'a> {
    /// The packs in play: the `--pack`, or every available pack.
    pub packs: &'a [CompiledPack],
    /// Each pack's routing globs, by pack index.
    routes: Vec<PackRoute>,
    /// Whether the pack was chosen with `--pack` (then `packs` has one entry).
    pub chosen: bool,
    /// `--all-files`: the chosen pack checks every walked file with one of its extensions.
    pub all_files: bool,
    /// `--exclude` globs, matched against the names and relative paths of walked files and
    /// folders (an excluded folder is not walked).
    pub exclude: GlobSet,
    /// Follow symbolic links while walking.
    pub follow: bool,
    /// The run's index of structured files: a pack that routes by an index and has files in
    /// it checks the scripts they name, not the files its globs match.
    pub index: &'a Index,
    /// The root the index was built under.
    pub root: PathBuf,
    /// The configuration's `[packs.NAME]` routing globs.
    config: PackRouting,
    /// The packages installed in the folders looked at, which content does not route.
    installed: Installed,
}

impl<'a> Selection<'a> {
    /// How `walk` chooses files for `packs` (the `--pack`, when `settings` name one) with the
    /// walk settings `--all-files`, `--exclude` and `--follow`, and the run's `index`.
    pub fn new(
        packs: &'a [CompiledPack],
        settings: &Settings,
        index: &'a Index,
    ) -> Result<Selection<'a>> {
        Ok(Selection {
            packs,
            index,
            root: settings.root.clone(),
            routes: packs
                .iter()
                .map(|pack| PackRoute::new(pack, &settings.packs))
                .collect(),
            config: settings.packs.clone(),
            installed: Installed::default(),
            chosen: settings.pack.is_some(),
            all_files: settings.all_files,
            exclude: exclude_globs(&settings.exclude)?,
            follow: settings.follow,
        })
    }
}

fn exclude_globs(globs: &[String]) -> Result<GlobSet> {
    let mut set = GlobSetBuilder::new();
    for glob in globs {
        set.add(pack::file_glob(glob).map_err(|e| Error::Usage {
            message: format!("--exclude `{glob}` is not a valid glob: {}", e.kind()),
            help: "write a glob such as \"tests/**\" or \"*_old.py\"".into(),
        })?);
    }
    set.build().map_err(|e| Error::Usage {
        message: format!("the --exclude globs do not compile: {e}"),
        help: "simplify the globs".into(),
    })
}

/// One file to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routed {
    /// The file.
    pub path: PathBuf,
    /// Whether it was found by walking a directory (rather than named).
    pub walked: bool,
    /// The packs that check it (indices into [`Selection::packs`]), with the reason.
    pub packs: Vec<(usize, Reason)>,
    /// The packs that check it if it makes a call of their `route_calls` sets (indices into
    /// [`Selection::packs`], none of `packs`).
    pub by_content: Vec<usize>,
}

impl Routed {
    /// Whether some pack checks the file, or may by its content.
    pub fn has_packs(&self) -> bool {
        !(self.packs.is_empty() && self.by_content.is_empty())
    }
}

/// The files to check, sorted by path, and remarks about what was skipped.
#[derive(Debug, Default)]
pub struct Routing {
    /// Files with at least one pack, sorted by path.
    pub files: Vec<Routed>,
    /// Walk errors (unreadable folders, symlink loops) and named files no pack applies to.
    pub notices: Vec<String>,
}

/// Routes one file: `name_path` is what globs are matched against (the path relative to the
/// walked directory `dir`, or the path as named, `dir` then being empty). Returns the packs
/// that check it, and those that check it if its content makes a call of their `route_calls`.
fn route(
    selection: &Selection,
    (dir, name_path): (&Path, &Path),
    walked: bool,
    by_index: &[bool],
) -> (Vec<(usize, Reason)>, Vec<usize>) {
    let name = name_path.file_name().map(Path::new).unwrap_or(name_path);
    let path = dir.join(name_path);
    let mut by_content = Vec::new();
    // Whether the file is installed third-party code, found out once, when a pack asks.
    let mut installed = None;
    let packs = selection
        .routes
        .iter()
        .enumerate()
        .filter_map(|(index, routes)| {
            let candidates = [name_path, name];
            let indexed = by_index.get(index).copied().unwrap_or(false);
            let left_out = routes.excludes(&selection.config, &candidates, &path);
            let glob = if indexed {
                indexed_reason(selection, index, name)
            } else {
                routes
                    .glob_reason(&candidates)
                    .or_else(|| routes.configured_reason(&selection.config, &path))
            }
            .filter(|_| !left_out);
            let reason = match (selection.chosen, walked, glob) {
                (_, _, Some(reason)) => Some(reason),
                (true, false, None) => Some(Reason::Explicit),
                (true, true, None) if selection.all_files => Some(Reason::AllFiles),
                _ => None,
            };
            if reason.is_none()
                && routes.by_content
                && !indexed
                && !left_out
                && routes.has_extension(name)
                && !*installed.get_or_insert_with(|| selection.installed.holds(dir, &path))
            {
                by_content.push(index);
            }
            reason.map(|r| (index, r))
        })
        .collect();
    (packs, by_content)
}

/// Why pack `index` checks the file named `name` by its index, if it does: the indexed file
/// that names it.
fn indexed_reason(selection: &Selection, index: usize, name: &Path) -> Option<Reason> {
    let name = name.to_string_lossy();
    selection
        .index
        .routes(index, &selection.packs[index], &name)
        .map(|(index, file)| Reason::Indexed {
            index: index.to_owned(),
            file: file.to_owned(),
        })
}

/// The packs that route by their index here (`by_index`) and so pass over a file their `files`
/// globs match: no indexed file names it.
fn passed_over(
    selection: &Selection,
    (dir, name_path): (&Path, &Path),
    by_index: &[bool],
) -> Vec<usize> {
    let name = name_path.file_name().map(Path::new).unwrap_or(name_path);
    let path = dir.join(name_path);
    selection
        .routes
        .iter()
        .enumerate()
        .filter(|(index, routes)| {
            let candidates = [name_path, name];
            by_index.get(*index).copied().unwrap_or(false)
                && routes.glob_reason(&candidates).is_some()
                && !routes.excludes(&selection.config, &candidates, &path)
                && indexed_reason(selection, *index, name).is_none()
        })
        .map(|(index, _)| index)
        .collect()
}

/// The notice about the files a pack passed over in `place` (see [`passed_over`]) that no
/// other pack checks: how many, and the first.
fn passed_over_notice(pack: &str, place: &Path, count: usize, first: &Path) -> String {
    format!(
        "pack `{pack}` routes by its index in {}: {count} file(s) its `files` globs match were \
         not checked, as no indexed file names them (the first: {}); check their folder on its \
         own, or name them with --pack, to check them",
        place.display(),
        first.display()
    )
}

/// The packs that check a file named on the command line (or given as `--stdin-filename`),
/// and those that check it if its content makes a call of their `route_calls` sets.
pub fn plan_named(path: &Path, selection: &Selection) -> (Vec<(usize, Reason)>, Vec<usize>) {
    route(
        selection,
        (Path::new(""), path),
        false,
        &by_index(selection, Some(PathBuf::new())),
    )
}

/// By pack, whether it routes the files of `folder` (relative to the root; `None` outside it)
/// by its index rather than by its `files` globs.
fn by_index(selection: &Selection, folder: Option<PathBuf>) -> Vec<bool> {
    (0..selection.packs.len())
        .map(|pack| {
            folder
                .as_deref()
                .is_some_and(|folder| selection.index.routing(pack, folder))
        })
        .collect()
}

/// Expands the command line's paths into the files to check, handing each to `emit` as soon as
/// it is found (each command-line path in turn, a folder's files sorted by path; a file found
/// twice is handed over once). Returns the notices: walk errors and named files no pack applies
/// to.
pub fn walk(paths: &[PathBuf], selection: &Selection, emit: &mut dyn FnMut(Routed)) -> Vec<String> {
    let mut notices = Vec::new();
    // One path cannot give a file twice: a walk visits each path once.
    let mut seen = (paths.len() > 1).then(HashSet::new);
    let mut emit_once = |file: Routed| {
        if seen
            .as_mut()
            .is_none_or(|seen| seen.insert(file.path.clone()))
        {
            emit(file);
        }
        true
    };
    for path in paths {
        if path.is_dir() {
            walk_dir(
                path,
                selection,
                Siblings::ByName,
                &mut emit_once,
                &mut notices,
            );
        } else {
            let layout = by_index(selection, Some(PathBuf::new()));
            let (packs, by_content) = route(selection, (Path::new(""), path), false, &layout);
            if packs.is_empty() && by_content.is_empty() {
                let over = passed_over(selection, (Path::new(""), path), &layout);
                notices.push(match over.first() {
                    Some(&pack) => passed_over_notice(
                        &selection.packs[pack].pack.name,
                        &selection.root,
                        1,
                        path,
                    ),
                    None => format!(
                        "{}: no pack applies to this file name (name a pack with --pack)",
                        path.display()
                    ),
                });
            } else {
                emit_once(Routed {
                    path: path.clone(),
                    walked: false,
                    packs,
                    by_content,
                });
            }
        }
    }
    notices
}

/// Walks the folder `dir`, handing each file to check to `emit` in the order of the paths as
/// shown (as strings: `a.py` before `a/b.py`, the report's order) until `emit` returns false.
/// Returns the notices, as [`walk`] does.
pub fn walk_as_shown(
    dir: &Path,
    selection: &Selection,
    emit: &mut dyn FnMut(Routed) -> bool,
) -> Vec<String> {
    let mut notices = Vec::new();
    walk_dir(dir, selection, Siblings::AsShown, emit, &mut notices);
    notices
}

/// How the entries of a folder are ordered.
#[derive(Debug, Clone, Copy)]
enum Siblings {
    /// By name: the order of their paths compared component by component.
    ByName,
    /// As their paths compare as shown strings: a folder's name is followed by `/` in the
    /// paths under it, so `a.py` (`.` < `/`) comes before the folder `a`.
    AsShown,
}

/// The order of two entries of one folder, as their paths (and the paths under them) compare
/// as shown strings.
fn as_shown(a: &Path, b: &Path) -> Ordering {
    let (x, y) = (name_bytes(a), name_bytes(b));
    if x.is_ascii() && y.is_ascii() {
        // The common case: the names are shown as they are.
        return names_as_shown(a, x, b, y);
    }
    let (x, y) = (shown_name(a), shown_name(b));
    // Names shown alike (invalid UTF-8) keep the order of their bytes, as the walk by name.
    names_as_shown(a, x.as_bytes(), b, y.as_bytes()).then_with(|| a.as_os_str().cmp(b.as_os_str()))
}

/// The order of entries `a` and `b` of one folder, shown as `x` and `y`: by name, but a folder
/// goes after a sibling that continues its name with a byte below `/`.
fn names_as_shown(a: &Path, x: &[u8], b: &Path, y: &[u8]) -> Ordering {
    let before_slash = |folder: &Path, short: &[u8], longer: &[u8]| {
        longer
            .strip_prefix(short)
            .and_then(|rest| rest.first())
            .is_some_and(|&next| next < b'/')
            && folder.is_dir()
    };
    if before_slash(a, x, y) {
        Ordering::Greater
    } else if before_slash(b, y, x) {
        Ordering::Less
    } else {
        x.cmp(y)
    }
}

fn name_bytes(path: &Path) -> &[u8] {
    path.file_name()
        .unwrap_or(path.as_os_str())
        .as_encoded_bytes()
}

fn shown_name(path: &Path) -> Cow<'_, str> {
    path.file_name()
        .unwrap_or(path.as_os_str())
        .to_string_lossy()
}

/// Every file to check, sorted by path, and the notices (see [`walk`]).
pub fn route_all(paths: &[PathBuf], selection: &Selection) -> Routing {
    let mut files = Vec::new();
    let notices = walk(paths, selection, &mut |file| files.push(file));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Routing { files, notices }
}

fn walk_dir(
    dir: &Path,
    selection: &Selection,
    siblings: Siblings,
    emit: &mut dyn FnMut(Routed) -> bool,
    notices: &mut Vec<String>,
) {
    let extensions: Vec<&str> = selection
        .packs
        .iter()
        .flat_map(|p| p.pack.extensions.iter().map(String::as_str))
        .collect();
    let exclude = selection.exclude.clone();
    let root = dir.to_owned();
    let layout = by_index(selection, read::relative_to(&selection.root, dir));
    // By pack routing by its index here, the files it passed over: how many, and the first.
    let mut over: BTreeMap<usize, (usize, PathBuf)> = BTreeMap::new();
    let mut builder = WalkBuilder::new(dir);
    builder
        .hidden(true)
        .require_git(false)
        .follow_links(selection.follow);
    match siblings {
        // The order of their paths, without comparing whole paths.
        Siblings::ByName => builder.sort_by_file_name(|a, b| a.cmp(b)),
        Siblings::AsShown => builder.sort_by_file_path(as_shown),
    };
    let walker = builder
        // An excluded folder is pruned, not walked.
        .filter_entry(move |entry| {
            let path = entry.path();
            let relative = path.strip_prefix(&root).unwrap_or(path);
            let name = path.file_name().map(Path::new).unwrap_or(path);
            entry.depth() == 0 || !(exclude.is_match(relative) || exclude.is_match(name))
        })
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                notices.push(format!("skipped: {error}"));
                continue;
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        let has_extension = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.contains(&e));
        if !has_extension {
            continue;
        }
        let relative = path.strip_prefix(dir).unwrap_or(path);
        let (packs, by_content) = route(selection, (dir, relative), true, &layout);
        if packs.is_empty() && layout.contains(&true) {
            for pack in passed_over(selection, (dir, relative), &layout) {
                over.entry(pack).or_insert((0, path.to_owned())).0 += 1;
            }
        }
        let file = Routed {
            path: path.to_owned(),
            walked: true,
            packs,
            by_content,
        };
        if file.has_packs() && !emit(file) {
            return;
        }
    }
    for (pack, (count, first)) in over {
        let name = &selection.packs[pack].pack.name;
        notices.push(passed_over_notice(name, dir, count, &first));
    }
}

/// The most entries the index's walk of the root visits: a root far larger than a project
/// (a home folder) is not walked to its end.
pub const MAX_INDEX_ENTRIES: usize = 200_000;

/// How many entries the index's walk visits on one thread before it starts over in parallel: a
/// project's tree is walked on one thread sooner than the parallel walker has started its
/// threads (and an idle one sleeps a millisecond at a time), a large repository sooner in
/// parallel.
const SEQUENTIAL_INDEX_ENTRIES: usize = 4_096;

/// The files under `root` (relative to it, with `/`, sorted) that `globs` match: the candidates
/// of the run's index; and a notice when the walk stopped after visiting `limit` entries
/// ([`MAX_INDEX_ENTRIES`] in a run). The walk respects `.gitignore` and skips hidden files, as
/// the check's walk does.
pub fn matching_files(
    root: &Path,
    globs: &GlobSet,
    follow: bool,
    limit: usize,
) -> (Vec<String>, Option<String>) {
    let mut builder = WalkBuilder::new(root);
    builder.hidden(true).require_git(false).follow_links(follow);
    let mut found = Vec::new();
    let mut visited = 0;
    for entry in builder.build() {
        visited += 1;
        if visited > SEQUENTIAL_INDEX_ENTRIES.min(limit) {
            break;
        }
        found.extend(entry.ok().and_then(|e| index_candidate(root, globs, &e)));
    }
    if visited > SEQUENTIAL_INDEX_ENTRIES && limit > SEQUENTIAL_INDEX_ENTRIES {
        (found, visited) = matching_in_parallel(&builder, root, globs, limit);
    }
    found.sort();
    let cut = (visited > limit).then(|| {
        format!(
            "the root {} holds more than {limit} files and folders: the packs' indexes were \
             built from the first ones only; set --root to the project's top",
            root.display()
        )
    });
    (found, cut)
}

/// The path of `entry` (relative to `root`, with `/`) when it is a file `globs` match.
fn index_candidate(root: &Path, globs: &GlobSet, entry: &ignore::DirEntry) -> Option<String> {
    if !entry.file_type().is_some_and(|t| t.is_file()) {
        return None;
    }
    let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
    globs.is_match(relative).then(|| {
        let parts: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        parts.join("/")
    })
}

/// [`matching_files`]'s walk on every core, unsorted, with how many entries it visited (past
/// `limit`, it stops).
fn matching_in_parallel(
    builder: &WalkBuilder,
    root: &Path,
    globs: &GlobSet,
    limit: usize,
) -> (Vec<String>, usize) {
    let found = Mutex::new(Vec::new());
    let visited = AtomicUsize::new(0);
    builder.build_parallel().run(|| {
        Box::new(|entry| {
            if visited.fetch_add(1, AtomicOrdering::Relaxed) >= limit {
                return WalkState::Quit;
            }
            if let Some(path) = entry.ok().and_then(|e| index_candidate(root, globs, &e))
                && let Ok(mut found) = found.lock()
            {
                found.push(path);
            }
            WalkState::Continue
        })
    });
    (found.into_inner().unwrap_or_default(), visited.into_inner())
}
