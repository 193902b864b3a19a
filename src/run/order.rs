//! The check list: every script to check — standard input and the files of the walk — in the
//! order the report shows them (by path as shown, a byte-wise string order, which is not the
//! walk's order: `a.py` comes before `a/b.py`). It holds paths only, so it is small beside the
//! report, and knowing the order before any check lets the report be written while the checks
//! run.

use std::path::{Path, PathBuf};

use super::read;
use super::walk::{self, Selection};
use crate::engine::Target;
use crate::error::Result;

/// Where a script's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Standard input (the script given as `-`), already read.
    Stdin,
    /// A file, read when it is checked.
    File(PathBuf),
}

/// One script to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Where its bytes come from.
    pub source: Source,
    /// Its path as the report shows it (the sort key).
    pub shown: String,
    /// Whether it was found by walking a folder (a problem with it is then a notice).
    pub walked: bool,
    /// The packs that check it, in pack order (indices into [`Selection::packs`]).
    pub packs: Vec<usize>,
    /// Its place in the walk (standard input first): notices about files keep this order.
    pub found: usize,
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
pub fn check_list(
    paths: &[PathBuf],
    selection: &Selection,
    stdin: Option<&Target>,
) -> Result<CheckList> {
    let mut items = Vec::new();
    let mut notices = Vec::new();
    if let Some(target) = stdin {
        let packs = walk::plan_named(Path::new(&target.path), selection);
        if packs.is_empty() {
            notices.push(format!(
                "{}: no pack applies to this file name (name a pack with --pack)",
                target.path
            ));
        } else {
            items.push(Item {
                source: Source::Stdin,
                shown: target.path.clone(),
                walked: false,
                packs: packs.into_iter().map(|(pack, _)| pack).collect(),
                found: 0,
            });
        }
    }
    notices.extend(walk::walk(paths, selection, &mut |file| {
        items.push(Item {
            shown: file.path.display().to_string(),
            source: Source::File(file.path),
            walked: file.walked,
            packs: file.packs.into_iter().map(|(pack, _)| pack).collect(),
            found: items.len(),
        });
    }));
    // Stable: scripts shown alike stay in walk order, as the report always had them.
    items.sort_by(|a, b| a.shown.cmp(&b.shown));
    for item in &items {
        if let (Source::File(path), false) = (&item.source, item.walked) {
            read::openable(path)?;
        }
    }
    Ok(CheckList { items, notices })
}
