//! `rulecheck packs`: every pack `--pack NAME` can find, with step type, version, levels, rule
//! count and where it is loaded from.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde_json::{Value, json};

use super::{PackDirs, Printed};
use crate::pack::explain::origin;
use crate::pack::{self, Origin, locate};

/// `rulecheck packs [--format text|json]`.
#[derive(Debug, Args)]
pub struct PacksArgs {
    #[command(flatten)]
    pack_dirs: PackDirs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    format: ListFormat,
}

/// How `rulecheck packs` prints its list.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum ListFormat {
    /// A table.
    Text,
    /// A JSON object.
    Json,
}

/// Lists the packs.
pub fn run(args: PacksArgs) -> Printed {
    let listings = list_packs(&args.pack_dirs.pack_dirs);
    Printed::out(
        match args.format {
            ListFormat::Text => render_packs_text(&listings),
            ListFormat::Json => render_packs_json(&listings),
        },
        false,
    )
}

/// One available pack, as `rulecheck packs` lists it.
#[derive(Debug, Clone)]
pub struct Listing {
    /// The name `--pack NAME` finds it by.
    pub name: String,
    /// Where it is loaded from.
    pub origin: Origin,
    /// Whether an earlier place in the search order has a pack of the same name.
    pub shadowed: bool,
    /// Its details, or why it does not load.
    pub loaded: std::result::Result<(String, String, Vec<String>, usize), String>,
}

/// Every pack `--pack NAME` can find, in search order per name.
pub fn list_packs(pack_dirs: &[PathBuf]) -> Vec<Listing> {
    let mut listings: Vec<Listing> = Vec::new();
    for (name, origin) in locate::available(pack_dirs) {
        let shadowed = listings.iter().any(|l| l.name == name);
        let loaded = locate::load_source(&name, &origin)
            .and_then(|source| pack::load(&source))
            .map(|p| (p.step_type, p.version, p.levels, p.rules.len()))
            .map_err(|e| e.to_string().lines().next().unwrap_or_default().to_owned());
        listings.push(Listing {
            name,
            origin,
            shadowed,
            loaded,
        });
    }
    listings
}

/// `rulecheck packs` as a table.
pub fn render_packs_text(listings: &[Listing]) -> String {
    let rows: Vec<[String; 6]> = listings
        .iter()
        .map(|l| {
            let source = match (&l.origin, l.shadowed) {
                (origin, true) => format!("{} (shadowed)", self::origin(origin)),
                (origin, false) => self::origin(origin),
            };
            match &l.loaded {
                Ok((step, version, levels, rules)) => [
                    l.name.clone(),
                    step.clone(),
                    version.clone(),
                    rules.to_string(),
                    levels.join(","),
                    source,
                ],
                Err(error) => [
                    l.name.clone(),
                    format!("does not load: {error}"),
                    String::new(),
                    String::new(),
                    String::new(),
                    source,
                ],
            }
        })
        .collect();
    let header = ["NAME", "STEP TYPE", "VERSION", "RULES", "LEVELS", "SOURCE"].map(str::to_owned);
    let mut widths = header.clone().map(|h| h.len());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        let _ = writeln!(out, "{}", cells.join("  ").trim_end());
    }
    out
}

/// `rulecheck packs --format json`.
pub fn render_packs_json(listings: &[Listing]) -> String {
    let packs: Vec<Value> = listings
        .iter()
        .map(|l| {
            let origin = match &l.origin {
                Origin::BuiltIn => json!({"kind": "built-in"}),
                Origin::File(path) => json!({"kind": "file", "path": path.display().to_string()}),
            };
            let mut entry = json!({"name": l.name, "origin": origin, "shadowed": l.shadowed});
            match &l.loaded {
                Ok((step, version, levels, rules)) => {
                    entry["step_type"] = json!(step);
                    entry["version"] = json!(version);
                    entry["levels"] = json!(levels);
                    entry["rules"] = json!(rules);
                }
                Err(error) => entry["error"] = json!(error),
            }
            entry
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&json!({ "packs": packs })).unwrap_or_default();
    out.push('\n');
    out
}
