//! `rulecheck validate PACK…`: loads packs without running them; every error of a pack is
//! reported (stderr), its warnings shown (stdout).

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;

use super::{PackDirs, Printed};
use crate::error::Result;
use crate::pack::{self, locate};

/// `rulecheck validate PACK|FILE.toml…`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Pack files, or names looked up like --pack NAME.
    #[arg(required = true, value_name = "PACK|FILE.toml")]
    packs: Vec<String>,
    #[command(flatten)]
    pack_dirs: PackDirs,
}

/// Validates each pack in turn; exits 2 when one does not load.
pub fn run(args: ValidateArgs) -> Printed {
    let mut printed = Printed::out(String::new(), false);
    for spec in &args.packs {
        match validate(spec, &args.pack_dirs.pack_dirs) {
            Ok(page) => printed.stdout.push_str(&page),
            Err(error) => {
                printed.stderr.push_str(&format!("error: {error}\n"));
                printed.code = 2;
            }
        }
    }
    printed
}

/// `rulecheck validate` for one pack: its warnings and a summary line, or the load error.
pub fn validate(spec: &str, pack_dirs: &[PathBuf]) -> Result<String> {
    let source = locate::resolve(spec, pack_dirs)?;
    let pack = pack::load(&source)?;
    let mut out = String::new();
    for warning in &pack.warnings {
        let _ = writeln!(out, "warning: {warning}\n");
    }
    let count = pack.warnings.len();
    let _ = writeln!(
        out,
        "{}: pack `{}` loads: {} rules in {} levels, {count} warning{}",
        source.display_name(),
        pack.name,
        pack.rules.len(),
        pack.levels.len(),
        if count == 1 { "" } else { "s" }
    );
    Ok(out)
}
