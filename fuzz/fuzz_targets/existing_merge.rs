//! JSON bytes → parse and check them as `--existing` results, then merge two new issues in (what the JSON report writes).
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use rulecheck::report::existing;
use rulecheck::report::pretty::Writer;
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
    let enhanced = existing::Enhanced::new(parsed.as_ref(), &issues, ["ERROR", "INFO"].into_iter());
    let mut written = Vec::new();
    Writer::at(&mut written, 0).write(&enhanced);
    let merged: serde_json::Value = serde_json::from_slice(&written).expect("the merge is JSON");
    assert!(merged.is_object(), "the merge is an object");
});
