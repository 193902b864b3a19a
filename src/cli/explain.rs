//! `rulecheck explain PACK[:RULE]`: a page on a pack or one of its rules, for people — levels,
//! variables, call sets, and each rule's check (as its kind explains it), templates, examples.

use clap::Args;

use super::{Done, PackDirs, Printed};
use crate::engine::CompiledPack;
use crate::pack::explain::explain;
use crate::pack::locate;

/// `rulecheck explain PACK[:RULE]`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A pack name or file, optionally followed by `:RULE` (a rule id, or a category: every rule
    /// that reports it).
    #[arg(value_name = "PACK[:RULE]")]
    target: String,
    #[command(flatten)]
    pack_dirs: PackDirs,
}

/// Loads the pack and prints its page, or its rule's.
pub fn run(args: ExplainArgs) -> Done {
    // A `:` after `.toml` or in a name separates the rule; Windows drive letters are not a concern
    // for pack names.
    let target = args.target.as_str();
    let (spec, rule) = match target.rsplit_once(':') {
        Some((spec, rule)) if !spec.is_empty() => (spec, Some(rule)),
        _ => (target, None),
    };
    let compiled = CompiledPack::load(&locate::resolve(spec, &args.pack_dirs.pack_dirs)?)?;
    Ok(Printed::out(explain(&compiled.pack, rule)?, false))
}
