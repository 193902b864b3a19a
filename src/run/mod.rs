//! The runner: every file a check reads and the threads that check them. It lists the scripts
//! in report order ([`order`], walking folders with [`walk`]), reads each script and the
//! companion files its plan asks for ([`read`]), hands the bytes to the engine, renders each
//! outcome on the thread that checked it, and passes the results to the report's stream in
//! order through a bounded [`window`].

pub mod order;
pub mod read;
pub mod walk;
pub mod window;

use std::panic;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use crate::engine::{self, CompiledPack, Options, Outcome, Target};
use crate::error::{Error, Result};
use crate::report::{Piece, Report, Stream};
use order::{CheckList, Item, Source};
use read::Loaded;
use window::{CancelOnDrop, Window};

/// How many results each worker may be ahead of the writer.
const WINDOW_PER_JOB: usize = 16;

/// Checks one script with one pack: plans it, reads the companion files under `root`, checks.
pub fn check_target(
    compiled: &CompiledPack,
    target: &Target,
    options: &Options,
    root: &Path,
) -> Result<Outcome> {
    let plan = engine::plan(compiled, target, options);
    let companions = read::companions(&plan, root)?;
    Ok(engine::check(compiled, target, &plan, &companions))
}

/// Where and how files are checked.
#[derive(Debug, Clone)]
pub struct Settings<'a> {
    /// Which part of the packs runs.
    pub options: &'a Options,
    /// `--root`: where companion files are looked for.
    pub root: &'a Path,
    /// `--max-file-size` in bytes: larger files are skipped with a notice.
    pub max_file_size: u64,
    /// `-j`: how many files are checked at once.
    pub jobs: usize,
}

/// What checking one file gave: its rendered outcomes and notices.
pub type FileResult = (Vec<Piece>, Vec<String>);

/// Checks the scripts of `list` on `settings.jobs` threads and writes each result to `stream`
/// as soon as the results before it are written, so the output is the same whatever the
/// number of threads. `stdin` is the script read from standard input, if the list has it.
/// Returns the notices: the list's, then those about files in walk order.
///
/// A problem with a named file is an error that stops the run; the report is then cut where
/// that file would have been. A failed write (a closed pipe) stops the run as
/// [`Error::Write`].
pub fn check_all(
    report: &Report,
    list: &CheckList,
    stdin: Option<&Target>,
    settings: &Settings,
    stream: &mut Stream,
) -> Result<Vec<String>> {
    let jobs = settings.jobs.max(1);
    let window = Window::new(jobs * WINDOW_PER_JOB, jobs);
    let next = AtomicUsize::new(0);
    let mut file_notices: Vec<(usize, String)> = Vec::new();
    let written = thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs)
            .map(|_| {
                scope.spawn(|| {
                    let _leaving = window.worker();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = list.items.get(index) else {
                            break;
                        };
                        if !window.wait_for_room(index) {
                            break;
                        }
                        window.put(index, check_item(report, item, stdin, settings));
                    }
                })
            })
            .collect();
        let written = {
            // However the writer stops, no worker is left waiting for it.
            let _cancel = CancelOnDrop(&window);
            write_in_order(&window, list, stream, &mut file_notices)
        };
        // A panic is a bug: it goes on as one rather than as a report with files missing.
        for worker in workers {
            worker.join().unwrap_or_else(|p| panic::resume_unwind(p));
        }
        written
    });
    written?;
    file_notices.sort_by_key(|(found, _)| *found);
    let mut notices = list.notices.clone();
    notices.extend(file_notices.into_iter().map(|(_, notice)| notice));
    Ok(notices)
}

/// Takes the results from `window` in list order and writes their pieces to `stream`, keeping
/// their notices (with each file's place in the walk).
fn write_in_order(
    window: &Window<Result<FileResult>>,
    list: &CheckList,
    stream: &mut Stream,
    notices: &mut Vec<(usize, String)>,
) -> Result<()> {
    for item in &list.items {
        let Some(result) = window.take() else {
            break;
        };
        let (pieces, file_notices) = result?;
        for piece in pieces {
            stream.push(piece).map_err(Error::Write)?;
        }
        notices.extend(file_notices.into_iter().map(|n| (item.found, n)));
    }
    Ok(())
}

/// Checks one item of the list: standard input, or a file (see [`check_file`]).
fn check_item(
    report: &Report,
    item: &Item,
    stdin: Option<&Target>,
    settings: &Settings,
) -> Result<FileResult> {
    match (&item.source, stdin) {
        (Source::File(path), _) => check_file(report, path, item, settings),
        (Source::Stdin, Some(target)) => check_packs(report, target, &item.packs, settings),
        (Source::Stdin, None) => Ok((Vec::new(), Vec::new())),
    }
}

/// Checks `target` with each of `packs` and renders the outcomes.
fn check_packs(
    report: &Report,
    target: &Target,
    packs: &[usize],
    settings: &Settings,
) -> Result<FileResult> {
    let mut pieces = Vec::with_capacity(packs.len());
    for &pack in packs {
        let outcome = check_target(&report.packs[pack], target, settings.options, settings.root)?;
        pieces.push(report.piece(pack, &outcome));
    }
    Ok((pieces, Vec::new()))
}

/// Reads, checks and renders one file with its packs. A problem with a walked file is a
/// notice; with a file named on the command line, an error.
fn check_file(
    report: &Report,
    path: &Path,
    file: &Item,
    settings: &Settings,
) -> Result<FileResult> {
    let skip = |notice: String, error: Error| {
        if file.walked {
            Ok((Vec::new(), vec![notice]))
        } else {
            Err(error)
        }
    };
    let shown = &file.shown;
    let max_size = settings.max_file_size;
    let target = match read::script(path, max_size) {
        Ok(Loaded::Target(target)) => target,
        Ok(Loaded::TooLarge(size)) => {
            return Ok((
                Vec::new(),
                vec![format!(
                    "{shown}: skipped, {size} bytes is over --max-file-size {max_size}"
                )],
            ));
        }
        Err(error) => return skip(format!("{shown}: skipped: {error}"), error),
    };
    if file.walked && target.bytes[..target.bytes.len().min(8192)].contains(&0) {
        return Ok((
            Vec::new(),
            vec![format!("{shown}: skipped, it looks binary (a NUL byte)")],
        ));
    }
    check_packs(report, &target, &file.packs, settings)
        .or_else(|error| skip(format!("{shown}: skipped: {error}"), error))
}
