//! Finding packs: `--pack FILE.toml` loads that file; `--pack NAME` looks for `NAME.toml` in each
//! `--pack-dir` folder in order, then in `./rules`, then among the packs built into the binary.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::{Origin, PackSource, validate};
use crate::bounded::{self, Bounded};
use crate::error::{Error, Result};

mod built_in {
    include!(concat!(env!("OUT_DIR"), "/built_in.rs"));
}

/// The folder searched after the `--pack-dir` folders, relative to the working directory.
pub const LOCAL_RULES_DIR: &str = "rules";

/// The folders searched for `--pack NAME`, in order.
pub fn search_dirs(pack_dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut dirs = pack_dirs.to_vec();
    dirs.push(PathBuf::from(LOCAL_RULES_DIR));
    dirs
}

/// Finds and reads the pack `spec` names: a `.toml` path, or a pack name.
pub fn resolve(spec: &str, pack_dirs: &[PathBuf]) -> Result<PackSource> {
    if spec.ends_with(".toml") {
        return read_pack_file(Path::new(spec));
    }
    let file_name = format!("{spec}.toml");
    for dir in search_dirs(pack_dirs) {
        let path = dir.join(&file_name);
        if path.is_file() {
            return read_pack_file(&path);
        }
    }
    if let Some(source) = built_in_source(spec) {
        return Ok(source);
    }
    let searched: Vec<String> = search_dirs(pack_dirs)
        .iter()
        .map(|d| format!("{}/", d.display()))
        .chain(["the built-in packs".to_owned()])
        .collect();
    let mut names: Vec<String> = available(pack_dirs).into_iter().map(|(n, _)| n).collect();
    names.dedup();
    Err(Error::PackNotFound {
        name: spec.to_owned(),
        searched: searched.join(", "),
        available: if names.is_empty() {
            "(none)".to_owned()
        } else {
            names.join(", ")
        },
    })
}

/// Every pack that `--pack NAME` can find, sorted by name, each with where it would be loaded
/// from; a name found in several places is listed once per place, in search order.
pub fn available(pack_dirs: &[PathBuf]) -> Vec<(String, Origin)> {
    let mut found = Vec::new();
    for dir in search_dirs(pack_dirs) {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        let mut in_dir: Vec<(String, Origin)> = entries
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "toml") && path.is_file())
            .filter_map(|path| {
                let stem = path.file_stem()?.to_str()?.to_owned();
                Some((stem, Origin::File(path)))
            })
            .collect();
        in_dir.sort_by(|a, b| a.0.cmp(&b.0));
        found.extend(in_dir);
    }
    found.extend(
        built_in::BUILT_IN
            .iter()
            .map(|(stem, _)| ((*stem).to_owned(), Origin::BuiltIn)),
    );
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

/// Reads the pack `name` from where [`available`] found it.
pub fn load_source(name: &str, origin: &Origin) -> Result<PackSource> {
    match origin {
        Origin::File(path) => read_pack_file(path),
        Origin::BuiltIn => built_in_source(name).ok_or_else(|| Error::PackNotFound {
            name: name.to_owned(),
            searched: "the built-in packs".to_owned(),
            available: built_in::BUILT_IN
                .iter()
                .map(|(stem, _)| *stem)
                .collect::<Vec<_>>()
                .join(", "),
        }),
    }
}

fn built_in_source(name: &str) -> Option<PackSource> {
    built_in::BUILT_IN
        .iter()
        .find(|(stem, _)| *stem == name)
        .map(|(stem, text)| PackSource {
            origin: Origin::BuiltIn,
            stem: (*stem).to_owned(),
            text: (*text).to_owned(),
        })
}

fn read_pack_file(path: &Path) -> Result<PackSource> {
    let io_error = |source: io::Error| Error::Io {
        path: path.to_owned(),
        help: match source.kind() {
            io::ErrorKind::NotFound => "check the path; a name without .toml finds a pack by name",
            io::ErrorKind::InvalidData => "save the pack file as UTF-8",
            _ => "check that the pack file is readable",
        },
        source,
    };
    let limit = validate::MAX_PACK_BYTES as u64;
    let text = match bounded::read_file(path, limit).map_err(io_error)? {
        Bounded::Read(bytes) => bounded::utf8(bytes).map_err(io_error)?,
        Bounded::Over(size) => {
            let file = path.display().to_string();
            return Err(validate::pack_too_large(&file, "", size));
        }
    };
    Ok(PackSource {
        origin: Origin::File(path.to_owned()),
        stem: path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        text,
    })
}
