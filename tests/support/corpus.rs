//! Finding the Python corpus shared by the corpus tests and the benchmarks: the standard library
//! of the `python3` on PATH, or `$RULECHECK_CORPUS`.
#![allow(dead_code)] // each user takes what it needs

use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs `python3` with `args`, failing the test clearly if it cannot be run.
pub fn python3(args: &[&str]) -> String {
    let output = Command::new("python3")
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "python3 is required on PATH for the differential test but could not be run: {e}"
            )
        });
    assert!(
        output.status.success(),
        "python3 {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("python3 output is UTF-8")
}

/// The corpus: `$RULECHECK_CORPUS` if set, else the standard library directory of
/// `python3`.
pub fn stdlib_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("RULECHECK_CORPUS") {
        return PathBuf::from(dir);
    }
    let out = python3(&[
        "-c",
        "import sysconfig; print(sysconfig.get_paths()['stdlib'])",
    ]);
    let dir = PathBuf::from(out.trim());
    assert!(dir.is_dir(), "stdlib directory {dir:?} does not exist");
    dir
}

/// Every `.py` file under `dir`, skipping `site-packages`, sorted.
pub fn py_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {dir:?}: {e}"))
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() {
            if entry.file_name() != "site-packages" {
                py_files(&path, out);
            }
        } else if file_type.is_file() && path.extension().is_some_and(|ext| ext == "py") {
            out.push(path);
        }
    }
}
