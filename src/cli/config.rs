//! `rulecheck config`: the effective settings of `check` and where each comes from — the
//! default, the configuration file, or the command line — one `key = value  # origin` line each
//! (a setting that is not set is a comment), then the `per-file-ignores` and the `[packs.NAME]`
//! routing globs.

use std::fmt::Write as _;

use clap::Args;

use super::check::CheckOptions;
use super::{Done, Printed};
use crate::config;
use crate::settings::value::Show;
use crate::settings::{SetBy, Settings};

/// `rulecheck config [OPTIONS]`: the options of `check`, without paths.
#[derive(Debug, Args)]
pub struct ConfigArgs {
    #[command(flatten)]
    options: CheckOptions,
}

/// Resolves the settings as `check` would and prints them.
pub fn run(args: ConfigArgs) -> Done {
    let options = args.options;
    let settings = config::resolve(options.layer, &options.config.choice())?;
    Ok(Printed::out(render(&settings), false))
}

/// The page.
pub fn render(settings: &Settings) -> String {
    let file = settings.file.as_deref();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# configuration file: {}",
        file.map_or_else(|| "none".to_owned(), |f| f.display().to_string())
    );
    let origin = |origin: SetBy| match (origin, file) {
        (SetBy::Default, _) => "default".to_owned(),
        (SetBy::CommandLine, _) => "command line".to_owned(),
        (SetBy::File, Some(file)) => file.display().to_string(),
        (SetBy::File, None) => "configuration".to_owned(),
    };
    for entry in settings.entries() {
        let _ = match entry.value {
            Some(value) => writeln!(
                out,
                "{:<40} # {}",
                format!("{} = {value}", entry.key),
                origin(entry.origin)
            ),
            None => writeln!(
                out,
                "# {}: {} ({})",
                entry.key,
                entry.unset,
                origin(entry.origin)
            ),
        };
    }
    let entries = settings.ignores.entries();
    if !entries.is_empty() {
        let _ = writeln!(out, "\n[per-file-ignores]");
        let shown = file.map_or_else(String::new, |f| f.display().to_string());
        for entry in entries {
            let _ = writeln!(
                out,
                "{:<40} # {shown}:{}",
                format!("{} = {}", entry.glob.show(), entry.ids.show()),
                entry.line
            );
        }
    }
    for table in settings.packs.tables() {
        let _ = writeln!(out, "\n[packs.{}]", table.name);
        for (key, globs) in [
            ("extend-include", &table.include),
            ("extend-exclude", &table.exclude),
        ] {
            let Some(first) = globs.first() else {
                continue;
            };
            let texts: Vec<String> = globs.iter().map(|g| g.glob.clone()).collect();
            let _ = writeln!(
                out,
                "{:<40} # {}:{}",
                format!("{key} = {}", texts.show()),
                settings.packs.file(),
                first.line
            );
        }
    }
    out
}
