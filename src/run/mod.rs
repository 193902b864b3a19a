//! The runner: every file a check reads and the threads that check them. It plans the files
//! ([`walk`]), reads each script and the companion files its plan asks for ([`read`]), hands
//! the bytes to the engine, and renders each outcome on the thread that checked it.

pub mod read;
pub mod walk;

use std::panic;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;

use crate::engine::{self, CompiledPack, Options, Outcome, Target};
use crate::error::{Error, Result};
use crate::report::{Piece, Report};
use read::Loaded;
use walk::{Routed, Selection};

/// Checks one script with one pack: plans it, reads the companion files under `root`, checks.
pub fn check_target(
    compiled: &CompiledPack,
    target: &Target,
    options: &Options,
    root: &Path,
) -> Result<Outcome> {
    let plan = engine::plan(compiled, target, options);
    let companions = read::companions(&plan, root, Path::new(&target.path))?;
    let mut outcome = engine::check(compiled, target, &plan, &companions.answers);
    outcome.notices.extend(companions.notices);
    Ok(outcome)
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

/// Walks the paths on one thread while `settings.jobs` threads check and render the files it
/// finds. Returns each file's result in walk order, and the walk's notices. (The report sorts
/// its pieces by path, so the output is the same whatever the number of threads.)
pub fn check_all(
    report: &Report,
    selection: &Selection,
    paths: &[PathBuf],
    settings: &Settings,
) -> Result<(Vec<FileResult>, Vec<String>)> {
    let (sender, receiver) = mpsc::sync_channel::<(usize, Routed)>(1024);
    // Each worker owns a handle: were they all gone, the walker's sends would fail, not block.
    let receiver = Arc::new(Mutex::new(receiver));
    let (walk_notices, mut results) = thread::scope(|scope| {
        let walker = scope.spawn(move || {
            let mut found = 0;
            walk::walk(paths, selection, &mut |file| {
                // Only fails when every worker is gone, and then nothing is left to do.
                let _ = sender.send((found, file));
                found += 1;
            })
        });
        let workers: Vec<_> = (0..settings.jobs.max(1))
            .map(|_| {
                let receiver = Arc::clone(&receiver);
                scope.spawn(move || {
                    let mut done = Vec::new();
                    while let Ok(Ok((index, file))) = receiver.lock().map(|r| r.recv()) {
                        done.push((index, check_file(report, &file, settings)));
                    }
                    done
                })
            })
            .collect();
        drop(receiver);
        // A panic is a bug: it goes on as one rather than as a report with files missing.
        let results: Vec<(usize, Result<FileResult>)> = workers
            .into_iter()
            .flat_map(|worker| worker.join().unwrap_or_else(|p| panic::resume_unwind(p)))
            .collect();
        let walk_notices = walker.join().unwrap_or_else(|p| panic::resume_unwind(p));
        (walk_notices, results)
    });
    results.sort_by_key(|(index, _)| *index);
    let results = results
        .into_iter()
        .map(|(_, result)| result)
        .collect::<Result<Vec<_>>>()?;
    Ok((results, walk_notices))
}

/// Reads, checks and renders one file with its packs. A problem with a walked file is a
/// notice; with a file named on the command line, an error.
fn check_file(report: &Report, file: &Routed, settings: &Settings) -> Result<FileResult> {
    let skip = |notice: String, error: Error| {
        if file.walked {
            Ok((Vec::new(), vec![notice]))
        } else {
            Err(error)
        }
    };
    let shown = file.path.display().to_string();
    let max_size = settings.max_file_size;
    let target = match read::script(&file.path, max_size) {
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
    let mut pieces = Vec::new();
    for (pack, _) in &file.packs {
        match check_target(
            &report.packs[*pack],
            &target,
            settings.options,
            settings.root,
        ) {
            Ok(outcome) => pieces.push(report.piece(*pack, &outcome)),
            Err(error) => return skip(format!("{shown}: skipped: {error}"), error),
        }
    }
    Ok((pieces, Vec::new()))
}
