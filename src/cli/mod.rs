//! The commands, one file each: [`check`] (the default), [`route`], [`test`](mod@test) (packs'
//! self-tests), [`describe`] (`explain`, `packs`, `validate`, `schema`, `guide`) and
//! [`config`](mod@config) (the effective settings). `main.rs` parses the arguments and calls
//! them; what they share is loading packs.

pub mod check;
pub mod config;
pub mod describe;
pub mod route;
pub mod test;

use std::path::PathBuf;

use crate::engine::CompiledPack;
use crate::error::{Error, Result};
use crate::pack::locate;

/// The `--pack`, or every available pack (the first of each name in search order).
pub fn load_packs(pack: Option<&str>, pack_dirs: &[PathBuf]) -> Result<Vec<CompiledPack>> {
    match pack {
        Some(spec) => Ok(vec![CompiledPack::load(&locate::resolve(
            spec, pack_dirs,
        )?)?]),
        None => {
            let mut names: Vec<String> = Vec::new();
            let mut packs = Vec::new();
            for (name, origin) in locate::available(pack_dirs) {
                if names.contains(&name) {
                    continue;
                }
                packs.push(CompiledPack::load(&locate::load_source(&name, &origin)?)?);
                names.push(name);
            }
            if packs.is_empty() {
                return Err(Error::Usage {
                    message: "no rule pack is available".into(),
                    help:
                        "name a pack file (a path ending in .toml), or add a folder of packs with \
                           --pack-dir DIR"
                            .into(),
                });
            }
            Ok(packs)
        }
    }
}
