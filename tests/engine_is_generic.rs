//! The engine knows no pack: everything a pack checks lives in `rules/`. This scans `src/` (and
//! build.rs) for words of the registermodel pack. (The JSON report's shape is cursus's for every
//! step type, so the word `cursus` itself is allowed.)

use std::fs;
use std::path::Path;

const PACK_WORDS: &[&str] = &[
    "registermodel",
    "register",
    "registration",
    "approval",
    "model_package",
    "modelpackage",
    "model package",
    "metadata",
    "metrics",
    "sagemaker",
];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).expect("src/ is readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn src_names_nothing_of_the_registermodel_pack() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("build.rs")];
    rust_files(&root.join("src"), &mut files);
    assert!(files.len() > 5, "found the sources: {files:?}");
    let mut hits = Vec::new();
    for file in &files {
        // `fs::metadata` and `File::metadata` are the standard library's words, not the pack's.
        let text = fs::read_to_string(file)
            .expect("sources are UTF-8")
            .to_lowercase()
            .replace("fs::metadata(", "fs::(")
            .replace(".metadata()", ".()");
        for (n, line) in text.lines().enumerate() {
            for word in PACK_WORDS {
                if line.contains(word) {
                    let shown = file.strip_prefix(root).unwrap_or(file);
                    hits.push(format!("{}:{}: {word}", shown.display(), n + 1));
                }
            }
        }
    }
    assert!(
        hits.is_empty(),
        "pack knowledge in the engine:\n{}",
        hits.join("\n")
    );
}
