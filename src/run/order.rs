//! The scripts to check in the order the report shows them: by path as shown, a byte-wise string
//! order, which is not the order of a walk by name (`a.py` comes before `a/b.py`). Knowing the
//! order before a script is checked lets the report be written while the checks run.
//!
//! One folder is walked in that order ([`walk::walk_as_shown`]) while its files are checked.
//! Anything else — several paths, named files, standard input — is first listed (paths only,
//! small beside the report) and sorted: the [`CheckList`].

use std::path::{Path, PathBuf};

use super::read;
use super::walk::{self, Selection};
use crate::engine::Target;
use crate::error::Result;

/// Where a script's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Standard input (the script given as `-`), already read.
    Stdin,
    /// A file, read when it is checked.
    File(PathBuf),
}

/// One script to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Where its bytes come from.
    pub input: Input,
    /// Its path as the report shows it (the sort key).
    pub shown: String,
    /// Whether it was found by walking a folder (a problem with it is then a notice).
    pub walked: bool,
    /// The packs that check it, in pack order (indices into [`Selection::packs`]).
    pub packs: Vec<usize>,
    /// The packs that check it if it makes a call of their `route_calls` sets, in pack order
    /// ([`walk::Routed::by_content`]).
    pub by_content: Vec<usize>,
    /// Its place in a listed walk (standard input first; 0 in a folder walked in report order):
    /// notices about files keep the order of `found`, then of their paths, as in a walk by name.
    pub found: usize,
}

/// Where the scripts to check come from, in report order.
#[derive(Debug)]
pub enum Scripts {
    /// One folder, walked in report order as its files are checked.
    Walked(PathBuf),
    /// A list made and sorted first.
    Listed(CheckList),
}

impl Scripts {
    /// The scripts of the command line's `paths` (and of `stdin`, when a script is read from
    /// it). A file named on the command line that cannot be opened is an error here, before
    /// anything is printed.
    pub fn new(
        paths: &[PathBuf],
        selection: &Selection,
        stdin: Option<&Target>,
    ) -> Result<Scripts> {
        match paths {
            [dir] if stdin.is_none() && dir.is_dir() => Ok(Scripts::Walked(dir.clone())),
            _ => check_list(paths, selection, stdin).map(Scripts::Listed),
        }
    }

    /// Hands each script to `emit` with its place in the report, until `emit` returns false;
    /// returns the remarks of the walk.
    pub fn feed(
        self,
        selection: &Selection,
        emit: &mut dyn FnMut(usize, Item) -> bool,
    ) -> Vec<String> {
        match self {
            Scripts::Walked(dir) => {
                let mut index = 0;
                walk::walk_as_shown(&dir, selection, &mut |file| {
                    // Notices about files of one folder keep the walk-by-name order: their paths'.
                    let item = Item::file(file, 0);
                    index += 1;
                    emit(index - 1, item)
                })
            }
            Scripts::Listed(list) => {
                for (index, item) in list.items.into_iter().enumerate() {
                    if !emit(index, item) {
                        break;
                    }
                }
                list.notices
            }
        }
    }
}

impl Item {
    fn file(file: walk::Routed, found: usize) -> Item {
        Item {
            shown: file.path.display().to_string(),
            input: Input::File(file.path),
            walked: file.walked,
            packs: file.packs.into_iter().map(|(pack, _)| pack).collect(),
            by_content: file.by_content,
            found,
        }
    }
}

/// The scripts to check in report order, and the remarks of the walk.
#[derive(Debug, Default)]
pub struct CheckList {
    /// The scripts, sorted by [`Item::shown`] (scripts shown alike keep their walk order).
    pub items: Vec<Item>,
    /// Standard input without a pack, walk errors and named files no pack applies to.
    pub notices: Vec<String>,
}

/// Walks `paths` (and routes `stdin`, when a script is read from it) into the check list. A
/// file named on the command line that cannot be opened is an error here, before anything is
/// printed.
fn check_list(
    paths: &[PathBuf],
    selection: &Selection,
    stdin: Option<&Target>,
) -> Result<CheckList> {
    let mut items = Vec::new();
    let mut notices = Vec::new();
    if let Some(target) = stdin {
        let (packs, by_content) = walk::plan_named(Path::new(target.path()), selection);
        if packs.is_empty() && by_content.is_empty() {
            notices.push(format!(
                "{}: no pack applies to this file name (name a pack with --pack)",
                target.path()
            ));
        } else {
            items.push(Item {
                input: Input::Stdin,
                shown: target.path().to_owned(),
                walked: false,
                packs: packs.into_iter().map(|(pack, _)| pack).collect(),
                by_content,
                found: 0,
            });
        }
    }
    notices.extend(walk::walk(paths, selection, &mut |file| {
        items.push(Item::file(file, items.len()));
    }));
    // Stable: scripts shown alike stay in walk order, as the report always had them.
    items.sort_by(|a, b| a.shown.cmp(&b.shown));
    for item in &items {
        if let (Input::File(path), false) = (&item.input, item.walked) {
            read::openable(path)?;
        }
    }
    Ok(CheckList { items, notices })
}
