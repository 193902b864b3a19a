//! The route command: which pack checks each file, and why — the runner's plan, without
//! checking anything. Also the notice both `route` and `check` give when no file is checked, so
//! a forgotten `--pack-dir` in CI does not pass unnoticed.

use std::path::PathBuf;

use clap::Args;

use super::{ConfigChoice, Done, Printed, load_packs};
use crate::config;
use crate::engine::CompiledPack;
use crate::run;
use crate::run::read::Disk;
use crate::run::walk::{self, Selection};
use crate::settings::{Layer, Settings};

/// `rulecheck route [OPTIONS] PATH...`.
#[derive(Debug, Args)]
pub struct RouteArgs {
    /// Route to this pack only (otherwise every available pack routes by its `files` globs).
    #[arg(long, value_name = "NAME|FILE.toml")]
    pack: Option<String>,
    /// A folder to look for packs in before ./rules; repeatable.
    #[arg(long = "pack-dir", value_name = "DIR")]
    pack_dirs: Option<Vec<PathBuf>>,
    /// With --pack: route every walked file with one of the pack's extensions, not only files
    /// matching its `files` globs.
    #[arg(long, num_args = 0, default_missing_value = "true")]
    all_files: Option<bool>,
    /// Skip walked files whose name or relative path matches this glob; repeatable.
    #[arg(long, value_name = "GLOB")]
    exclude: Option<Vec<String>>,
    /// Follow symbolic links while walking (loops are reported and skipped).
    #[arg(long, num_args = 0, default_missing_value = "true")]
    follow: Option<bool>,
    #[command(flatten)]
    config: ConfigChoice,
    /// Files and folders.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

/// `rulecheck route`: which pack checks each file, and why (the runner's routing, without
/// checking), with the configuration's `pack`, `pack-dirs` and walk settings under the flags
/// given; when no file would be checked, a note saying so on stderr.
pub fn run(args: RouteArgs) -> Done {
    let given = Layer {
        pack: args.pack,
        pack_dirs: args.pack_dirs,
        exclude: args.exclude,
        all_files: args.all_files,
        follow: args.follow,
        ..Layer::default()
    };
    let settings = config::resolve(given, &args.config.choice())?;
    let packs = load_packs(settings.pack.as_deref(), &settings.pack_dirs)?;
    let disk = Disk::new(&settings.root, settings.max_file_size);
    let index = run::index(&packs, &settings.root, settings.follow, &disk, &args.paths)?;
    let selection = Selection::new(&packs, &settings, &index)?;
    let routing = walk::route_all(&args.paths, &selection);
    let mut out = String::new();
    let mut routed = 0;
    let mut unrouted = Vec::new();
    for file in &routing.files {
        let mut reasons = file.packs.clone();
        reasons.extend(run::content_reasons(&packs, file, settings.max_file_size));
        reasons.sort_by_key(|(pack, _)| *pack);
        routed += usize::from(!reasons.is_empty());
        if reasons.is_empty() && !file.walked {
            unrouted.push(run::unrouted_by_content(&file.path.display().to_string()));
        }
        for (pack, reason) in &reasons {
            out.push_str(&format!(
                "{}: {} ({reason})\n",
                file.path.display(),
                packs[*pack].pack.name
            ));
        }
    }
    let names: Vec<&str> = packs.iter().map(|c| c.pack.name.as_str()).collect();
    let configured = unknown_configured_packs(&settings, &names);
    let notices = configured.iter().chain(index.notices());
    for notice in notices.chain(&routing.notices).chain(&unrouted) {
        out.push_str(&format!("note: {notice}\n"));
    }
    let stderr = if routed == 0 {
        nothing_checked(&args.paths, &packs, &settings)
    } else {
        String::new()
    };
    Ok(Printed {
        stdout: out,
        stderr,
        code: 0,
    })
}

/// The notices about the configuration's `[packs.NAME]` tables that name no available pack, in
/// a run with every pack in play (with `--pack`, the other packs' tables do not apply).
pub fn unknown_configured_packs(settings: &Settings, names: &[&str]) -> Vec<String> {
    if settings.pack.is_some() {
        return Vec::new();
    }
    settings.packs.unknown_packs(names)
}

/// The note for a run that checks no file: what was walked, and what routes files to the packs
/// that were tried (`files` globs, the configuration's `extend-include`, `route_calls`,
/// indexes), with what to do. The run still passes: pre-commit hands over files no pack wants.
pub fn nothing_checked(paths: &[PathBuf], packs: &[CompiledPack], settings: &Settings) -> String {
    let walked: Vec<String> = paths.iter().map(|p| format!("`{}`", p.display())).collect();
    let mut out = format!(
        "note: no file was checked: nothing in {} matches the `files` globs of the packs tried, \
         makes the calls they route by, nor is named by the files of their indexes\n",
        walked.join(", ")
    );
    for compiled in packs {
        let pack = &compiled.pack;
        let mut routes: Vec<String> = pack.files.iter().map(|g| g.text.clone()).collect();
        if let Some(table) = settings.packs.of(&pack.name) {
            routes.extend(
                table
                    .include
                    .iter()
                    .map(|g| format!("{} (extend-include)", g.glob)),
            );
        }
        routes.extend(
            pack.route_calls
                .iter()
                .map(|&set| format!("files making a `{}` call", pack.call_sets[set].id)),
        );
        routes.extend(
            pack.indexes
                .iter()
                .filter(|index| index.routes)
                .map(|index| {
                    format!(
                        "scripts named by {} ({})",
                        index.files.join(", "),
                        index.script
                    )
                }),
        );
        let routes = if routes.is_empty() {
            "(no `files`, no `route_calls` and no routing index: it checks only files named on \
             the command line)"
                .to_owned()
        } else {
            routes.join(", ")
        };
        out.push_str(&format!("  {}: {routes}\n", pack.name));
    }
    out.push_str(
        "  = help: check the paths; add your own packs with --pack-dir DIR, or name one with \
         --pack (and --all-files to check every file with its extensions)\n",
    );
    out
}
