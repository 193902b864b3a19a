//! TOML bytes → the configuration loader, as a `rulecheck.toml` and as a `pyproject.toml`: keys,
//! types, sizes, globs of `per-file-ignores`, errors at the key. Errors are fine; a panic is a bug.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use rulecheck::config::file;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = file::parse(text, Path::new("project/rulecheck.toml"));
    let _ = file::parse_pyproject(text, Path::new("project/pyproject.toml"));
});
