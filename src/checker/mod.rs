//! The per-file check: the one path from a file's bytes to its report. Every consumer goes
//! through [`Checker::check`] — the command line's runner, `rulecheck test`, and through the
//! command line the Python package — with the packs that check the file, the resolved
//! [`Settings`], and a provider of [`companions`] (the disk, or files held in memory).
//!
//! Packs the runner routed the file to by its content are confirmed first, on the parse the
//! checks then share ([`engine::trigger`]). For each pack: plan (which rules run, which companion files they need) → the companion
//! files through the provider → the engine's check on the bytes → the script's suppression
//! comments → the configuration's `per-file-ignores`.

pub mod companions;
pub mod documents;
pub mod fix;
pub mod index;

use std::path::Path;

use crate::engine::source::ModelCell;
use crate::engine::{self, CompiledPack, Options, Outcome, Target, suppress};
use crate::error::Result;
use crate::python::Wants;
use crate::settings::Settings;
use companions::Companions;
use index::Index;

/// What checks files: the packs with the part of each that runs, the settings, and where
/// companion files come from. One serves a whole run, on every thread.
#[derive(Clone, Copy)]
pub struct Checker<'a> {
    /// The packs, by index.
    pub packs: &'a [CompiledPack],
    /// Which part of each pack runs, by the same index.
    pub options: &'a [Options],
    /// The resolved settings (the `per-file-ignores` apply here).
    pub settings: &'a Settings,
    /// Where companion files are found and read.
    pub companions: &'a dyn Companions,
    /// The run's index of structured files.
    pub index: &'a Index,
}

/// The report of one file: one outcome per pack that checked it, in the order asked for.
#[derive(Debug)]
pub struct FileReport {
    /// `(pack index, outcome)`, suppressions applied.
    pub outcomes: Vec<(usize, Outcome)>,
}

impl Checker<'_> {
    /// Checks `target` with the packs of index `packs`. Fails when a companion file exists but
    /// cannot be read.
    pub fn check(&self, target: &Target, packs: &[usize]) -> Result<FileReport> {
        self.check_routed(target, packs, &[])
    }

    /// Checks `target` with the packs of index `packs`, and with each of `by_content` (packs the
    /// script was routed to by its content) whose `route_calls` sets it makes a call of; a pack
    /// of `by_content` it makes no such call of gives no outcome, as if never routed. The
    /// packs are checked in index order when some of `by_content` are. Fails when a companion
    /// file exists but cannot be read.
    pub fn check_routed(
        &self,
        target: &Target,
        packs: &[usize],
        by_content: &[usize],
    ) -> Result<FileReport> {
        // One parse of the script serves every pack, with what each wants of it, and the test
        // of the content too.
        let model = ModelCell::new(
            packs
                .iter()
                .chain(by_content)
                .fold(Wants::default(), |wants, &index| {
                    wants.with(self.packs[index].wants)
                }),
        );
        let mut packs = packs.to_vec();
        let routed = by_content
            .iter()
            .filter(|&&index| self.packs[index].routes(target.bytes(), &model).is_some());
        let before = packs.len();
        packs.extend(routed);
        if packs.len() > before {
            packs.sort_unstable();
        }
        if packs.is_empty() {
            return Ok(FileReport {
                outcomes: Vec::new(),
            });
        }
        let ignores = self.settings.ignores.matching(target.path());
        let mut outcomes = Vec::with_capacity(packs.len());
        let script = Path::new(target.path());
        let name = script.file_name().map(|n| n.to_string_lossy());
        for &index in &packs {
            let compiled = &self.packs[index];
            let indexed = self
                .index
                .indexed(index, name.as_deref().unwrap_or_default());
            let layouts = self.index.layouts(self.packs, index, self.companions);
            let tree = engine::Tree {
                indexed: &indexed,
                layouts,
            };
            let plan = engine::plan(compiled, target, &self.options[index], &tree);
            let found = companions::answer(&plan, script, self.companions)?;
            let (documents, document_notices) =
                documents::answer(compiled, index, &plan, script, self.index, self.companions)?;
            let mut outcome =
                engine::check(compiled, target, &plan, &found.answers, &documents, &model);
            outcome.notices.extend(found.notices);
            outcome.notices.extend(document_notices);
            suppress::apply(&compiled.pack, &mut outcome);
            suppress::ignore(&compiled.pack, &ignores, &mut outcome);
            outcomes.push((index, outcome));
        }
        Ok(FileReport { outcomes })
    }
}

#[cfg(test)]
mod tests {
    use super::companions::InMemory;
    use super::*;
    use crate::engine::Evidence;
    use crate::engine::compile::test_packs;

    /// A pack whose rule `creates` searches the companion `builders/{stem}_builder.py` (the path
    /// rule `builder`) for `create_package`, and whose rule `owner` wants `maintainer` in the
    /// script.
    fn pack() -> CompiledPack {
        test_packs::with(
            r#"
[[variable]]
name = "stem"
from = "script"
remove = [".py"]

[[rule]]
id = "builder"
kind = "path"
level = "one"
category = "missing_builder"
severity = "WARNING"
paths = ["builders/{stem}_builder.py"]
message = "no builder"
recommendation = "add one"

[[rule]]
id = "creates"
kind = "require"
level = "one"
category = "missing_creation"
severity = "ERROR"
target = "builder"
scopes = ["code"]
keywords = ["create_package"]
message = "{path} creates nothing"
recommendation = "create"

[[rule]]
id = "owner"
kind = "require"
level = "one"
category = "missing_owner"
severity = "INFO"
keywords = ["maintainer"]
message = "no maintainer"
recommendation = "name one"
"#,
        )
    }

    /// The categories of what checking `script` with `companions` reports, and what is
    /// suppressed.
    fn check(script: &str, companions: &InMemory) -> (Vec<String>, Vec<String>, Vec<Evidence>) {
        let compiled = pack();
        let checker = Checker {
            packs: std::slice::from_ref(&compiled),
            options: &[Options::default()],
            settings: &Settings::default(),
            companions,
            index: &Index::default(),
        };
        let target = Target::new("scripts/etl.py".into(), script.into());
        let mut report = checker
            .check(&target, &[0])
            .unwrap_or_else(|e| panic!("{e}"));
        let (_, outcome) = report.outcomes.remove(0);
        let category = |rule: usize| compiled.pack.rules[rule].category.clone();
        (
            outcome.findings.iter().map(|f| category(f.rule)).collect(),
            outcome
                .suppressed
                .iter()
                .map(|s| category(s.finding.rule))
                .collect(),
            outcome
                .evidence
                .iter()
                .map(|e| e.evidence.clone())
                .collect(),
        )
    }

    #[test]
    fn a_rule_of_a_layout_runs_only_in_a_tree_that_holds_one_of_its_markers() {
        let compiled = test_packs::with(
            r#"
[[layout]]
id = "app"
markers = ["app/steps", "./app.toml"]

[[rule]]
id = "spec"
kind = "path"
layout = "app"
level = "one"
category = "missing_spec"
severity = "INFO"
paths = ["app/steps/specs/spec.py"]
message = "no spec"
recommendation = "add one"
"#,
        );
        let statuses = |files: &InMemory| {
            let index = Index::default();
            let checker = Checker {
                packs: std::slice::from_ref(&compiled),
                options: &[Options::default()],
                settings: &Settings::default(),
                companions: files,
                index: &index,
            };
            let target = Target::new("job.py".into(), b"x = 1\n".to_vec());
            let mut report = checker
                .check(&target, &[0])
                .unwrap_or_else(|e| panic!("{e}"));
            let (_, outcome) = report.outcomes.remove(0);
            (outcome.findings.len(), outcome.evidence[0].evidence.clone())
        };
        assert_eq!(
            statuses(&InMemory::new().with("other/steps/x.py", "")),
            (0, Evidence::Skipped),
            "no marker: the rule does not run, and says so"
        );
        for marked in [
            InMemory::new().with("app/steps/__init__.py", ""),
            InMemory::new().with("app.toml", ""),
        ] {
            assert_eq!(statuses(&marked), (1, Evidence::Missing), "{marked:?}");
        }
    }

    #[test]
    fn an_unsaved_script_is_checked_with_a_companion_file_that_exists_only_in_memory() {
        let script = "maintainer = 'data-team'\n";
        // No builder anywhere: the path rule fires, the rule that searches the builder is
        // skipped.
        let (found, _, _) = check(script, &InMemory::new());
        assert_eq!(found, ["missing_builder"]);
        // The builder held in memory, without creating anything: its rule fires, on the
        // builder.
        let idle = InMemory::new().with("builders/etl_builder.py", "class Builder: pass\n");
        let (found, _, evidence) = check(script, &idle);
        assert_eq!(found, ["missing_creation"]);
        assert_eq!(
            evidence[0],
            Evidence::File {
                path: "builders/etl_builder.py".into()
            }
        );
        // The builder creates a package, and a suppression comment of the unsaved script
        // silences its missing owner.
        let busy = InMemory::new().with(
            "builders/etl_builder.py",
            "def f():\n    create_package()\n",
        );
        let silenced = "x = 1  # rulecheck: ignore-file[owner] -- the team is named elsewhere\n";
        let (found, suppressed, _) = check(silenced, &busy);
        assert_eq!(
            (found, suppressed),
            (vec![], vec!["missing_owner".to_owned()])
        );
    }
}
