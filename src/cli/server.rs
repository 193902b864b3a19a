//! The server command: `rulecheck server`, a Language Server Protocol server over stdio for
//! editors (see [`crate::server`]).

use std::path::PathBuf;

use clap::Args;

use super::{ConfigChoice, Done, Printed};
use crate::settings::Layer;

/// `rulecheck server [OPTIONS]`.
#[derive(Debug, Args)]
pub struct ServerArgs {
    /// Check with this pack only (otherwise every available pack checks the buffers it routes).
    #[arg(long, value_name = "NAME|FILE.toml")]
    pack: Option<String>,
    /// A folder to look for packs in before ./rules; repeatable.
    #[arg(long = "pack-dir", value_name = "DIR")]
    pack_dirs: Option<Vec<PathBuf>>,
    #[command(flatten)]
    config: ConfigChoice,
}

/// Serves the editor that started it until it asks to exit; the workspace's configuration file
/// (found from the workspace folder the editor names) is read as `check` reads it.
pub fn run(args: ServerArgs) -> Done {
    let given = Layer {
        pack: args.pack,
        pack_dirs: args.pack_dirs,
        ..Layer::default()
    };
    crate::server::serve(given, args.config.choice())?;
    Ok(Printed::default())
}
