//! The packs a check loads. With `--pack`, that one; in a routed run, every available pack is
//! in play, but one that no named file could use is left unloaded: only its `[pack]` table and
//! its `[[index]]` globs are read ([`crate::pack::header`]), so it is neither validated nor
//! compiled. A routed run's cost then grows with the packs its files use, not with the packs
//! available (issue 24).
//!
//! A pack is loaded (parsed, validated, compiled) when its text has no header that can be read
//! with certainty, or when it may check a file: one of its `files` globs may match a named file,
//! it routes by content (`route_calls`), the configuration has a `[packs.NAME]` table for it,
//! or one of its `[[index]]` globs matches a file under the root. Every pack is loaded when a
//! folder or standard input is checked (the walk routes by the compiled globs), with
//! `--levels` (which reads every pack's levels and drops the packs without them) and with
//! `--format sarif` (a rule id is qualified by its pack when another pack in play has it).
//! What needs the packs left unloaded loads them then: an id of `per-file-ignores` that no
//! loaded pack knows (it may be one of theirs), and the note of a run that checked nothing.

use std::path::PathBuf;

use super::load_packs;
use crate::checker::index::Index;
use crate::engine::CompiledPack;
use crate::error::Result;
use crate::pack::header::{Header, could_match, header};
use crate::pack::{PackSource, locate};
use crate::report::Format;
use crate::run::{self, IndexCandidates};
use crate::settings::Settings;

/// The packs of a check, and the candidates of the run's index of structured files.
#[derive(Debug)]
pub struct InPlay {
    /// The packs loaded, in pack order: every pack in play, or those that may check a file.
    pub packs: Vec<CompiledPack>,
    /// The name of every pack in play, in pack order, when some is left unloaded.
    pub unloaded: Option<Vec<String>>,
    /// The files under the root that the `[[index]]` globs of every pack in play match, when
    /// they were walked to choose the packs (`Some(None)`: no walk was needed, the index is
    /// empty); `None` when the check walks them.
    pub index: Option<Option<IndexCandidates>>,
}

/// Every pack in play, loaded (to read what only the packs left unloaded know), when some was
/// left `unloaded`; else `None`.
pub fn all_packs(settings: &Settings, unloaded: bool) -> Result<Option<Vec<CompiledPack>>> {
    if unloaded {
        load_packs(None, &settings.pack_dirs).map(Some)
    } else {
        Ok(None)
    }
}

/// The packs a check of `paths` (`stdin`: one is `-`) with `settings` loads, and the index
/// candidates it walked to decide (`checked` are the paths the index is built for).
pub fn load(
    settings: &Settings,
    (paths, stdin): (&[PathBuf], bool),
    checked: &[PathBuf],
) -> Result<InPlay> {
    let every = settings.pack.is_some()
        || settings.levels.is_some()
        || settings.format == Format::Sarif
        || stdin
        || paths.iter().any(|path| path.is_dir());
    if every {
        return Ok(InPlay {
            packs: load_packs(settings.pack.as_deref(), &settings.pack_dirs)?,
            unloaded: None,
            index: None,
        });
    }
    let mut names: Vec<String> = Vec::new();
    // Each pack in play: loaded, or its header.
    let mut found: Vec<Result<CompiledPack, (PackSource, Header)>> = Vec::new();
    for (name, origin) in locate::available(&settings.pack_dirs) {
        if names.contains(&name) {
            continue;
        }
        names.push(name.clone());
        let source = locate::load_source(&name, &origin)?;
        match header(&source.text).filter(|h| !may_check(h, settings, paths)) {
            Some(header) => found.push(Err((source, header))),
            None => found.push(Ok(CompiledPack::load(&source)?)),
        }
    }
    if found.is_empty() {
        // The error of a run without packs.
        load_packs(None, &settings.pack_dirs)?;
    }
    // A pack whose index has a file under the root may check the scripts it names.
    let globs = found.iter().flat_map(|pack| match pack {
        Ok(compiled) => compiled
            .pack
            .indexes
            .iter()
            .flat_map(|i| &i.files)
            .collect(),
        Err((_, header)) => header.index_globs.iter().collect::<Vec<_>>(),
    });
    let candidates = run::index_candidates(globs, &settings.root, settings.follow, checked);
    let mut packs = Vec::new();
    let mut in_play = Vec::new();
    let mut unloaded = false;
    for pack in found {
        match pack {
            Ok(compiled) => {
                in_play.push(compiled.pack.name.clone());
                packs.push(compiled);
            }
            Err((source, header)) => {
                let files = candidates.iter().flat_map(|(files, _)| files);
                let indexed = files.clone().next().is_some()
                    && Index::globs(&header.index_globs)
                        .is_some_and(|globs| files.clone().any(|file| globs.is_match(file)));
                in_play.push(header.name);
                if indexed {
                    packs.push(CompiledPack::load(&source)?);
                } else {
                    unloaded = true;
                }
            }
        }
    }
    Ok(InPlay {
        packs,
        unloaded: unloaded.then_some(in_play),
        index: Some(candidates),
    })
}

/// Whether the pack of `header` may check one of `paths` by its name or content, or has a
/// table in the configuration (whose globs route files too).
fn may_check(header: &Header, settings: &Settings, paths: &[PathBuf]) -> bool {
    header.routes_by_content
        || settings.packs.of(&header.name).is_some()
        || paths.iter().any(|path| {
            let (Some(text), Some(name)) = (path.to_str(), path.file_name()) else {
                return true;
            };
            let name = name.to_str().unwrap_or(text);
            header
                .files
                .iter()
                .filter(|glob| !glob.starts_with('!'))
                .any(|glob| could_match(glob, text) || could_match(glob, name))
        })
}
