//! The runner: every file a check reads and the threads that check them. It lists the scripts
//! in report order ([`order`], walking folders with [`walk`]), reads each script ([`read`]),
//! hands its bytes to the per-file check ([`Checker`], which finds companion files through the
//! runner's [`read::Disk`]), renders each outcome on the thread that checked it, and passes the
//! results to the report's stream in order through a bounded [`window`].

pub mod fix;
pub mod order;
pub mod read;
mod routes;
pub mod vendored;
pub mod walk;
pub mod window;

use std::panic;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;

use crate::checker::Checker;
use crate::checker::index::Index;
use crate::engine::Target;
use crate::engine::source::ModelCell;
use crate::error::{Error, Result};
use crate::report::{Piece, Report, Stream};
use fix::Fixing;
use order::{Input, Item, Scripts};
use read::ScriptRead;
use walk::Selection;
use window::{CancelOnDrop, Window};

/// How many results each worker may be ahead of the writer.
const WINDOW_PER_JOB: usize = 128;

/// What checking one file gave: its rendered outcomes and notices.
pub type FileResult = (Vec<Piece>, Vec<String>);

/// What a worker hands the writer: the script, and what checking it gave.
type Checked = (Item, Result<FileResult>);

/// The run's index of structured files: every pack's `[[index]]` files under `root`, read
/// through `files` — when one of the `checked` paths lies under the root (otherwise the root
/// is not the checked files' project, and is not walked).
pub fn index(
    packs: &[crate::engine::CompiledPack],
    root: &Path,
    follow: bool,
    files: &dyn crate::checker::companions::Companions,
    checked: &[PathBuf],
) -> Result<Index> {
    let globs = packs
        .iter()
        .flat_map(|p| &p.pack.indexes)
        .flat_map(|i| &i.files);
    match index_candidates(globs, root, follow, checked) {
        Some(candidates) => index_of(packs, candidates, files),
        None => Ok(Index::default()),
    }
}

/// The files under `root` that the `[[index]]` globs `globs` match, and the walk's notice (see
/// [`walk::matching_files`]); `None` when no glob is given or none of the `checked` paths lies
/// under the root (then nothing is walked, and the index is empty).
pub fn index_candidates<'a>(
    globs: impl IntoIterator<Item = &'a String>,
    root: &Path,
    follow: bool,
    checked: &[PathBuf],
) -> Option<IndexCandidates> {
    let globs = Index::globs(globs)?;
    if !checked
        .iter()
        .any(|path| read::relative_to(root, path).is_some())
    {
        return None;
    }
    Some(walk::matching_files(
        root,
        &globs,
        follow,
        walk::MAX_INDEX_ENTRIES,
    ))
}

/// What [`index_candidates`] found: the files, relative to the root, and the walk's notice.
pub type IndexCandidates = (Vec<String>, Option<String>);

/// The index of `packs` over the `candidates` walked for them (or for more packs).
pub fn index_of(
    packs: &[crate::engine::CompiledPack],
    (candidates, cut): IndexCandidates,
    files: &dyn crate::checker::companions::Companions,
) -> Result<Index> {
    let mut index = Index::build(packs, &candidates, files)?;
    index.add_notices(cut);
    Ok(index)
}

/// Checks `scripts` with `checker` on `-j` threads (while they are walked, for a folder) and
/// writes each result to `stream` as soon as the results before it are written, so the output
/// is the same whatever the number of threads. `stdin` is the script read from standard input,
/// if the list has it. Returns the notices: the walk's, then those about files in walk order.
///
/// With `fixing` (`--fix`, `--diff`), each file is fixed before its report is rendered: the
/// report is that of the file as fixed.
///
/// A problem with a named file is an error that stops the run; the report is then cut where
/// that file would have been. A failed write (a closed pipe) stops the run as
/// [`Error::Write`].
pub fn check_all(
    checker: &Checker,
    (report, fixing): (&Report, Option<&Fixing>),
    selection: &Selection,
    scripts: Scripts,
    stdin: Option<&Target>,
    stream: &mut Stream,
) -> Result<Vec<String>> {
    let jobs = checker
        .settings
        .jobs
        .unwrap_or_else(|| thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let window = Window::new(jobs * WINDOW_PER_JOB, jobs);
    let (sender, receiver) = mpsc::sync_channel::<(usize, Item)>(1024);
    // Each worker owns a handle: were they all gone, the feeder's sends would fail, not block.
    let receiver = Arc::new(Mutex::new(receiver));
    let mut file_notices: Vec<(usize, PathBuf, String)> = Vec::new();
    let (written, walk_notices) = thread::scope(|scope| {
        let feeder = scope.spawn(move || {
            scripts.feed(selection, &mut |index, item| {
                sender.send((index, item)).is_ok()
            })
        });
        let worker = || {
            let receiver = Arc::clone(&receiver);
            let window = &window;
            move || {
                let _leaving = window.worker();
                while let Ok(Ok((index, item))) = receiver.lock().map(|r| r.recv()) {
                    if !window.wait_for_room(index) {
                        break;
                    }
                    let result = check_item(checker, (report, fixing), &item, stdin);
                    window.put(index, (item, result));
                }
            }
        };
        // On a stack where ordinary files parse in place; where the system refuses one that
        // large, on the default stack (a parse then grows its own, as on any thread).
        let workers: Vec<_> = (0..jobs)
            .map(|_| {
                thread::Builder::new()
                    .stack_size(crate::python::PARSE_IN_PLACE_STACK)
                    .spawn_scoped(scope, worker())
                    .unwrap_or_else(|_| scope.spawn(worker()))
            })
            .collect();
        drop(receiver);
        let written = {
            // However the writer stops, no worker is left waiting for it.
            let _cancel = CancelOnDrop(&window);
            write_in_order(&window, stream, &mut file_notices)
        };
        // A panic is a bug: it goes on as one rather than as a report with files missing.
        for worker in workers {
            worker.join().unwrap_or_else(|p| panic::resume_unwind(p));
        }
        let walk_notices = feeder.join().unwrap_or_else(|p| panic::resume_unwind(p));
        (written, walk_notices)
    });
    written?;
    file_notices.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let mut notices = walk_notices;
    notices.extend(file_notices.into_iter().map(|(_, _, notice)| notice));
    Ok(notices)
}

/// Takes the results from `window` in report order and writes their pieces to `stream`,
/// keeping their notices (with each file's place in the walk and its path, to sort them by).
fn write_in_order(
    window: &Window<Checked>,
    stream: &mut Stream,
    notices: &mut Vec<(usize, PathBuf, String)>,
) -> Result<()> {
    while let Some((item, result)) = window.take() {
        let (pieces, file_notices) = result?;
        for piece in pieces {
            stream.push(piece).map_err(Error::Write)?;
        }
        if let Input::File(path) = &item.input {
            notices.extend(
                file_notices
                    .into_iter()
                    .map(|n| (item.found, path.clone(), n)),
            );
        }
    }
    Ok(())
}

/// Checks one item of the list: standard input, or a file (see [`check_file`]).
fn check_item(
    checker: &Checker,
    (report, fixing): (&Report, Option<&Fixing>),
    item: &Item,
    stdin: Option<&Target>,
) -> Result<FileResult> {
    match (&item.input, stdin) {
        (Input::File(path), _) => check_file(checker, (report, fixing), path, item),
        (Input::Stdin, Some(target)) => check_packs(checker, (report, None), target, item),
        (Input::Stdin, None) => Ok((Vec::new(), Vec::new())),
    }
}

/// Checks `target` with each pack of `item` (those it was routed to by content only if it makes
/// their calls) and renders the outcomes; with `fixing`, fixes the file at `target`'s path
/// first (with `--diff`, its diff goes before its first result).
fn check_packs(
    checker: &Checker,
    (report, fixing): (&Report, Option<&Fixing>),
    target: &Target,
    item: &Item,
) -> Result<FileResult> {
    let routed = (item.packs.as_slice(), item.by_content.as_slice());
    let (checked, diff, mut notices) = match (fixing, &item.input) {
        (Some(fixing), Input::File(path)) => {
            let fixed = fixing.file(checker, target, path, routed)?;
            (fixed.report, fixed.diff, Vec::from_iter(fixed.notice))
        }
        _ => (
            checker.check_routed(target, routed.0, routed.1)?,
            String::new(),
            Vec::new(),
        ),
    };
    let mut pieces: Vec<Piece> = checked
        .outcomes
        .iter()
        .map(|(pack, outcome)| report.piece(*pack, outcome))
        .collect();
    if let Some(first) = pieces.first_mut() {
        first.bytes.splice(0..0, diff.into_bytes());
    }
    // A named script that no glob routes and whose content routes it to no pack either.
    if pieces.is_empty() && !item.walked {
        notices.push(unrouted_by_content(&item.shown));
    }
    Ok((pieces, notices))
}

/// Reads, checks and renders one file with its packs. A problem with a walked file is a
/// notice; with a file named on the command line, an error. A file only routed by its content
/// that cannot be read as a script (too large, binary, unreadable) is passed over quietly: no
/// pack was found to check it.
fn check_file(
    checker: &Checker,
    report: (&Report, Option<&Fixing>),
    path: &Path,
    file: &Item,
) -> Result<FileResult> {
    let skip = |notice: String, error: Error| {
        if file.packs.is_empty() {
            Ok((Vec::new(), Vec::new()))
        } else if file.walked {
            Ok((Vec::new(), vec![notice]))
        } else {
            Err(error)
        }
    };
    let shown = &file.shown;
    // Whether a notice about the file is worth giving: some pack was routed to it.
    let worth_a_notice = !file.packs.is_empty();
    let max_size = checker.settings.max_file_size;
    let target = match read::script(path, max_size) {
        Ok(ScriptRead::Target(target)) => target,
        Ok(ScriptRead::TooLarge(size)) => {
            let notice = format!("{shown}: skipped, {}", read::over_max_size(size, max_size));
            return Ok((Vec::new(), Vec::from_iter(worth_a_notice.then_some(notice))));
        }
        Err(error) => return skip(format!("{shown}: skipped: {error}"), error),
    };
    let bytes = target.bytes();
    if file.walked && read::looks_binary(bytes) {
        let notice = format!("{shown}: skipped, it looks binary (a NUL byte)");
        return Ok((Vec::new(), Vec::from_iter(worth_a_notice.then_some(notice))));
    }
    check_packs(checker, report, &target, file)
        .or_else(|error| skip(format!("{shown}: skipped: {error}"), error))
}

/// The notice about a named script that only content could have routed, and did not.
pub fn unrouted_by_content(shown: &str) -> String {
    format!(
        "{shown}: no pack applies to this file: its name matches no pack's `files` and it makes \
         none of the calls packs route by (name a pack with --pack)"
    )
}

/// Why each pack of `file.by_content` checks it, for those whose `route_calls` sets the file
/// makes a call of: what [`Checker::check_routed`] decides, for `rulecheck route`, which does not
/// check. A file that cannot be read as a script (over `max_size`, binary, unreadable) gives
/// none, as the run passes it over.
pub fn content_reasons(
    packs: &[crate::engine::CompiledPack],
    file: &walk::Routed,
    max_size: u64,
) -> Vec<(usize, walk::Reason)> {
    if file.by_content.is_empty() {
        return Vec::new();
    }
    let Ok(ScriptRead::Target(target)) = read::script(&file.path, max_size) else {
        return Vec::new();
    };
    if file.walked && read::looks_binary(target.bytes()) {
        return Vec::new();
    }
    let wants = file
        .by_content
        .iter()
        .fold(Default::default(), |wants, &pack| {
            packs[pack].wants.with(wants)
        });
    let model = ModelCell::new(wants);
    file.by_content
        .iter()
        .filter_map(|&pack| {
            let set = packs[pack].routes(target.bytes(), &model)?;
            Some((pack, walk::Reason::Calls(set.to_owned())))
        })
        .collect()
}
