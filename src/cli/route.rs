//! The route command: which pack checks each file, and why — the runner's plan, without
//! checking anything.

use std::path::PathBuf;

use super::load_packs;
use crate::error::Result;
use crate::run::walk::{self, Selection, Walk};

/// `rulecheck route`: which pack checks each file, and why (the plan, without checking).
pub fn route(
    pack: Option<&str>,
    pack_dirs: &[PathBuf],
    walk: &Walk,
    paths: &[PathBuf],
) -> Result<String> {
    let packs = load_packs(pack, pack_dirs)?;
    let selection = Selection::new(&packs, pack.is_some(), walk)?;
    let plan = walk::plan(paths, &selection);
    let mut out = String::new();
    for file in &plan.files {
        for (pack, reason) in &file.packs {
            out.push_str(&format!(
                "{}: {} ({reason})\n",
                file.path.display(),
                packs[*pack].pack.name
            ));
        }
    }
    for notice in &plan.notices {
        out.push_str(&format!("note: {notice}\n"));
    }
    Ok(out)
}
