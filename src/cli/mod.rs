//! The command line: one file per command, each owning its arguments — [`check`] (the default),
//! [`route`], [`test`](mod@test) (packs' self-tests), [`validate`], [`explain`], [`packs`],
//! [`schema`] (also `guide`) and [`config`](mod@config) (the effective settings). `main.rs`
//! parses [`Cli`] and calls the command; what the commands share is here.

pub mod check;
pub mod config;
pub mod explain;
pub mod in_play;
pub mod packs;
pub mod route;
pub mod schema;
pub mod server;
pub mod test;
pub mod validate;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::config::Choice;
use crate::engine::CompiledPack;
use crate::error::{Error, Result};
use crate::pack::locate;

/// Check Python scripts against a declarative TOML rule pack.
///
/// Without a subcommand, checks PATHs (as `rulecheck check`).
#[derive(Debug, Parser)]
#[command(
    version,
    about,
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
pub struct Cli {
    /// The command; `check` when none is given.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// The arguments of `check` when no command is given.
    #[command(flatten)]
    pub check: check::CheckArgs,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check scripts (the default when no subcommand is given).
    Check(check::CheckArgs),
    /// Run packs' self-tests: inline examples and fixture trees.
    Test(test::TestArgs),
    /// Load packs and report all their errors and warnings, without running them.
    Validate(validate::ValidateArgs),
    /// Describe a pack, or one of its rules (PACK:RULE).
    Explain(explain::ExplainArgs),
    /// List the available packs and where each is loaded from.
    Packs(packs::PacksArgs),
    /// Print the JSON Schema of the pack format (committed as rules/rulepack.schema.json).
    Schema,
    /// Show which pack checks each file and why, without checking anything.
    Route(route::RouteArgs),
    /// Print the pack guide: every key of the pack format, scopes, templates, testing a pack.
    Guide,
    /// Print the effective settings of `check` and where each comes from (default, a
    /// configuration file, the command line).
    Config(config::ConfigArgs),
    /// Serve diagnostics to an editor: a Language Server Protocol server over stdio.
    Server(server::ServerArgs),
}

/// What a command prints, and its exit code.
#[derive(Debug, Default)]
pub struct Printed {
    /// For standard output.
    pub stdout: String,
    /// For standard error.
    pub stderr: String,
    /// The exit code: 0, or 1 for findings at or above `--fail-on` or failed pack tests.
    pub code: u8,
}

impl Printed {
    /// `stdout`, exiting 1 when `failed`.
    pub fn out(stdout: String, failed: bool) -> Printed {
        Printed {
            stdout,
            stderr: String::new(),
            code: u8::from(failed),
        }
    }
}

/// What a command gives: what it prints, or the error that stopped it (exit code 2).
pub type Done = Result<Printed>;

/// Which configuration file to read (`--config`, `--isolated`).
#[derive(Debug, Args)]
pub struct ConfigChoice {
    /// Read this configuration file (rulecheck.toml, or a pyproject.toml with [tool.rulecheck])
    /// instead of looking for one from the working directory up.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    config: Option<PathBuf>,

    /// Ignore every configuration file.
    #[arg(long)]
    isolated: bool,
}

impl ConfigChoice {
    /// The choice the flags make.
    pub fn choice(&self) -> Choice {
        match (&self.config, self.isolated) {
            (_, true) => Choice::Isolated,
            (Some(file), false) => Choice::File(file.clone()),
            (None, false) => Choice::Discover,
        }
    }
}

/// `--pack-dir`: a folder searched for packs by name; repeatable.
#[derive(Debug, Args)]
pub struct PackDirs {
    /// A folder to look for packs in before ./rules; repeatable.
    #[arg(long = "pack-dir", value_name = "DIR")]
    pub pack_dirs: Vec<PathBuf>,
}

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
