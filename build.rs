//! Builds every `rules/*.toml` pack into the binary, so `--pack NAME` works from any directory
//! without the repository's `rules/` folder. The engine itself names no pack.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    println!("cargo:rerun-if-changed=rules");
    // Read at run time, not baked in with env!(): cargo reuses one compiled build script for
    // every checkout that shares a target dir (pip's and pre-commit's builds do), so a baked path
    // can name another, since deleted, checkout and the binary would ship without packs.
    let manifest_dir = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let rules = Path::new(&manifest_dir).join("rules");
    let mut packs: Vec<(String, String)> = fs::read_dir(&rules)
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
                .filter_map(|path| {
                    let stem = path.file_stem()?.to_str()?.to_owned();
                    Some((stem, path.to_str()?.to_owned()))
                })
                .collect()
        })
        .unwrap_or_default();
    packs.sort();
    let mut code = String::from("/// The packs of `rules/`, by file stem.\n");
    code.push_str("pub static BUILT_IN: &[(&str, &str)] = &[\n");
    for (stem, path) in &packs {
        println!("cargo:rerun-if-changed={path}");
        let _ = writeln!(code, "    ({stem:?}, include_str!({path:?})),");
    }
    code.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("built_in.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}
