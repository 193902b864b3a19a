//! What the language server checks with: the workspace's settings (its configuration file, read
//! as the command line reads it), the packs, their levels and the index of structured files —
//! loaded once, and again when a pack or the configuration changes — and the check of one
//! buffer into diagnostics.

use std::path::{Path, PathBuf};

use lsp_types::{Diagnostic, DiagnosticSeverity, NumberOrString, Range};

use super::overlay::Overlay;
use super::positions;
use crate::checker::Checker;
use crate::checker::index::Index;
use crate::cli::check::select_levels;
use crate::cli::load_packs;
use crate::config::{self, Choice};
use crate::engine::fix::Fix;
use crate::engine::{CompiledPack, Location, Options, Target};
use crate::error::Result;
use crate::pack::Severity;
use crate::pack::model::Applicability;
use crate::position::Columns;
use crate::report::issue::{Issue, own_details, reported};
use crate::run;
use crate::run::read::Disk;
use crate::run::walk::{self, Selection};
use crate::settings::{Layer, Settings};

/// The settings, packs and index the workspace's buffers are checked with.
pub struct Workspace {
    /// The resolved settings (root: the workspace folder).
    pub settings: Settings,
    packs: Vec<CompiledPack>,
    options: Vec<Options>,
    index: Index,
}

impl Workspace {
    /// Loads the workspace at `root`: its configuration file (`choice`), under the server's
    /// own flags `given`, the packs and the index of structured files under the root.
    pub fn load(root: &Path, given: &Layer, choice: &Choice) -> Result<Workspace> {
        let mut layer = given.clone();
        layer.root.get_or_insert_with(|| root.to_owned());
        let settings = config::resolve(layer, choice)?;
        let packs = load_packs(settings.pack.as_deref(), &settings.pack_dirs)?;
        let (packs, levels) = select_levels(packs, &settings)?;
        let disk = Disk::new(&settings.root, settings.max_file_size);
        let index = run::index(
            &packs,
            &settings.root,
            settings.follow,
            &disk,
            std::slice::from_ref(&settings.root),
        )?;
        let options = levels
            .into_iter()
            .map(|levels| Options {
                levels,
                rules: None,
            })
            .collect();
        Ok(Workspace {
            settings,
            packs,
            options,
            index,
        })
    }

    /// The `rulecheck explain PACK:RULE` page of a rule of a loaded pack, if there is one.
    pub fn explain(&self, pack: &str, rule: &str) -> Option<String> {
        let compiled = self.packs.iter().find(|c| c.pack.name == pack)?;
        crate::pack::explain::explain(&compiled.pack, Some(rule)).ok()
    }

    /// Whether some pack may check files named like `path` (by its extension).
    pub fn checks_extension(&self, path: &Path) -> bool {
        let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        self.packs
            .iter()
            .any(|c| c.pack.extensions.iter().any(|x| x == extension))
    }

    /// The diagnostics of the buffer `text` of the file at `path` (absolute), with the other
    /// open buffers `open` as companion files: the findings of the packs that route it, as the
    /// command line would route the file named on it, suppressions applied.
    pub fn diagnostics<'a>(
        &self,
        path: &Path,
        text: &str,
        open: impl Iterator<Item = (&'a Path, &'a str)>,
    ) -> Result<Vec<Diagnostic>> {
        let selection = Selection::new(&self.packs, &self.settings, &self.index)?;
        let (reasons, by_content) = walk::plan_named(path, &selection);
        let packs: Vec<usize> = reasons.iter().map(|(pack, _)| *pack).collect();
        if packs.is_empty() && by_content.is_empty() {
            return Ok(Vec::new());
        }
        let companions = Overlay::new(&self.settings.root, self.settings.max_file_size, open);
        let checker = Checker {
            packs: &self.packs,
            options: &self.options,
            settings: &self.settings,
            companions: &companions,
            index: &self.index,
        };
        let shown = path.display().to_string();
        let target = Target::new(shown.clone(), text.as_bytes().to_vec());
        let report = checker.check_routed(&target, &packs, &by_content)?;
        let mut diagnostics = Vec::new();
        for (pack, outcome) in &report.outcomes {
            let details = own_details(outcome);
            let compiled = &self.packs[*pack];
            diagnostics.extend(
                reported(compiled, outcome, &details)
                    .map(|issue| diagnostic(&compiled.pack.name, &issue, &shown)),
            );
        }
        Ok(diagnostics)
    }
}

/// The diagnostic of `issue` of pack `pack` in the buffer shown as `shown`: at its range when it
/// points into the buffer, else at the buffer's start (a finding about the file as a whole, or
/// about a companion file).
fn diagnostic(pack: &str, issue: &Issue, shown: &str) -> Diagnostic {
    let range = if issue.location.path() == shown {
        range_of(issue.location)
    } else {
        None
    };
    let mut message = issue.message.to_owned();
    if !issue.recommendation.is_empty() {
        message.push('\n');
        message.push_str(issue.recommendation);
    }
    if issue.location.path() != shown {
        message.push_str(&format!("\n(in {})", issue.location.path()));
    }
    Diagnostic {
        range: range.unwrap_or_default(),
        severity: Some(match issue.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(issue.rule.to_owned())),
        source: Some(format!("rulecheck ({pack})")),
        message,
        data: Some(serde_json::json!({
            "pack": pack,
            "category": issue.category,
            "whole_file": range.is_none(),
            "fix": issue.fix.filter(|_| issue.location.path() == shown).map(|fix| fix_data(issue.location, fix)),
        })),
        ..Diagnostic::default()
    }
}

/// A finding's fix as a diagnostic carries it for code actions: its title, whether it is safe,
/// and its edits as protocol ranges of the buffer `location` is in.
fn fix_data(location: &Location, fix: &Fix) -> serde_json::Value {
    let at = |offset: usize| positions::of(location.text.position(offset, Columns::Utf16));
    let edits: Vec<serde_json::Value> = fix
        .edits
        .iter()
        .map(|edit| {
            serde_json::json!({
                "range": { "start": at(edit.range.start), "end": at(edit.range.end) },
                "newText": edit.content,
            })
        })
        .collect();
    serde_json::json!({
        "title": fix.title,
        "safe": fix.applicability == Applicability::Safe,
        "edits": edits,
    })
}

/// `location`'s range in UTF-16 code units (the protocol's default), 0-based.
fn range_of(location: &Location) -> Option<Range> {
    Some(Range {
        start: positions::of(location.start_in(Columns::Utf16)?),
        end: positions::of(location.end_in(Columns::Utf16)?),
    })
}

/// The folder a workspace is rooted at: the client's root, else the working directory.
pub fn root_of(root: Option<PathBuf>) -> PathBuf {
    root.or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."))
}
