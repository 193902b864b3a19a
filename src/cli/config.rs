//! `rulecheck config`: the effective settings of `check` and where each comes from — the
//! default, the configuration file, or the command line — one `key = value  # source` line each
//! (a setting that is not set is a comment), then the `per-file-ignores`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::config::{Effective, Source, Sourced};

/// The page.
pub fn render(settings: &Effective) -> String {
    let file = settings.file.as_deref();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# configuration file: {}",
        file.map_or_else(|| "none".to_owned(), |f| f.display().to_string())
    );
    let source = |source: Source| match (source, file) {
        (Source::Default, _) => "default".to_owned(),
        (Source::CommandLine, _) => "command line".to_owned(),
        (Source::File, Some(file)) => file.display().to_string(),
        (Source::File, None) => "configuration".to_owned(),
    };
    let mut line = |key: &str, value: Option<String>, unset: &str, from: Source| {
        let _ = match value {
            Some(value) => writeln!(out, "{:<40} # {}", format!("{key} = {value}"), source(from)),
            None => writeln!(out, "# {key}: {unset} ({})", source(from)),
        };
    };
    let s = settings;
    line(
        "pack",
        s.pack.value.as_deref().map(quote),
        "not set, every pack checks the files its globs match",
        s.pack.source,
    );
    line(
        "pack-dirs",
        Some(paths(&s.pack_dirs.value)),
        "",
        s.pack_dirs.source,
    );
    line("root", Some(path(&s.root.value)), "", s.root.source);
    line(
        "exclude",
        Some(list(&s.exclude.value)),
        "",
        s.exclude.source,
    );
    line(
        "fail-on",
        Some(quote(s.fail_on.value.name())),
        "",
        s.fail_on.source,
    );
    line(
        "levels",
        s.levels.value.as_deref().map(list),
        "not set, every level runs",
        s.levels.source,
    );
    line(
        "format",
        Some(quote(s.format.value.name())),
        "",
        s.format.source,
    );
    line(
        "max-file-size",
        Some(s.max_file_size.value.to_string()),
        "",
        s.max_file_size.source,
    );
    line(
        "all-files",
        Some(flag(&s.all_files)),
        "",
        s.all_files.source,
    );
    line("follow", Some(flag(&s.follow)), "", s.follow.source);
    line(
        "jobs",
        s.jobs.value.map(|n| n.to_string()),
        "not set, the number of cores",
        s.jobs.source,
    );
    let entries = settings.ignores.entries();
    if !entries.is_empty() {
        let _ = writeln!(out, "\n[per-file-ignores]");
        let shown = file.map_or_else(String::new, |f| f.display().to_string());
        for entry in entries {
            let _ = writeln!(
                out,
                "{:<40} # {shown}:{}",
                format!("{} = {}", quote(&entry.glob), list(&entry.ids)),
                entry.line
            );
        }
    }
    out
}

fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| quote(i)).collect();
    format!("[{}]", quoted.join(", "))
}

fn path(path: &Path) -> String {
    quote(&path.display().to_string())
}

fn paths(paths: &[PathBuf]) -> String {
    let shown: Vec<String> = paths.iter().map(|p| path(p)).collect();
    format!("[{}]", shown.join(", "))
}

fn flag(value: &Sourced<bool>) -> String {
    value.value.to_string()
}
