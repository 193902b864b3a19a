//! TOML bytes → load, validate and compile a pack. Errors are fine; a panic is a bug.
#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use rulecheck::CompiledPack;
use rulecheck::pack::{Origin, PackSource};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source = PackSource {
        origin: Origin::File(PathBuf::from("fuzz.toml")),
        stem: "fuzz".to_owned(),
        text: text.to_owned(),
    };
    let _ = CompiledPack::load(&source);
});
