//! JSON bytes → parse and check them as `--existing` results, then merge two new issues in.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use rulecheck::existing;
use serde_json::json;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(parsed) = existing::parse(text, Path::new("fuzz.json")) else {
        return;
    };
    let issues = [
        json!({"severity": "ERROR", "category": "c", "message": "m"}),
        json!({"severity": "INFO", "category": "d", "message": "n"}),
    ];
    let merged = existing::merge(parsed.as_ref(), &issues);
    assert!(merged.is_object(), "the merge is an object");
});
