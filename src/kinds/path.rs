//! `path` rules: one of the rule's path templates must name a file — under the root, or
//! (`search = "upward"`) in the script's folder or a folder above it within the root. The rule
//! asks the runner for the file (a companion request); `require` rules with `target` search it.

use std::fmt::Write as _;
use std::path::{Component, Path};

use super::{ExplainContext, Kind, reject_foreign_keys, string_list, without_errors};
use crate::engine::evidence::{self, Evaluation, Fired};
use crate::engine::outcome::{Evidence, Location};
use crate::engine::plan::Companion;
use crate::error::Result;
use crate::pack::types::VariableTable;
use crate::pack::model::{PathSearch, RuleDef};
use crate::pack::template::Template;
use crate::pack::validate::context::{Ctx, Names, parse_template};

/// A path rule's templates and where they are looked for.
#[derive(Debug)]
pub struct PathCheck {
    /// The accepted paths, in order of preference; the first is the one reported.
    pub templates: Vec<Template>,
    /// Whether the templates are relative to the root only, or to the script's folders too.
    pub search: PathSearch,
}

impl Kind for PathCheck {
    const KEYS: &'static [&'static str] = &["paths", "search"];
    const VARIABLES: &'static [&'static str] = &[];

    fn validate(ctx: &Ctx, def: &RuleDef, _defs: &[RuleDef], names: &Names) -> Option<Self> {
        validate(ctx, def, names.vars)
    }

    fn companion(&self) -> Option<(&[Template], PathSearch)> {
        Some((&self.templates, self.search))
    }

    fn examples_allowed(&self) -> bool {
        false
    }

    fn evaluate(&self, rule: usize, run: &mut Evaluation) -> (Evidence, Vec<Fired>) {
        match run.companions[rule] {
            Some((_, Companion::Found { rel, .. })) => {
                (Evidence::File { path: rel.clone() }, Vec::new())
            }
            Some((request, Companion::Missing)) => evidence::missing(
                request.candidates.first().map_or("", String::as_str),
                Location::file(&run.target.text),
            ),
            None => (Evidence::Skipped, Vec::new()),
        }
    }

    fn explain(&self, pack: &ExplainContext, out: &mut String) {
        let list: Vec<String> = self
            .templates
            .iter()
            .map(|t| format!("`{}`", t.shown(pack.variables)))
            .collect();
        let place = match self.search {
            PathSearch::Root => "under --root",
            PathSearch::Upward => {
                "in the script's folder or a folder above it (up to --root, nearest first)"
            }
        };
        let _ = writeln!(
            out,
            "    fires when none of {} exists {place}",
            list.join(", ")
        );
    }
}

/// Validates a path rule: its templates and where they are looked for.
fn validate(ctx: &Ctx, def: &RuleDef, vars: &VariableTable) -> Option<PathCheck> {
    without_errors(ctx, || {
        reject_foreign_keys::<PathCheck>(ctx, def);
        ctx.keep(path_check(ctx, def, vars))
    })
}

fn path_check(ctx: &Ctx, def: &RuleDef, vars: &VariableTable) -> Result<PathCheck> {
    let id = def.id.get_ref();
    string_list(
        ctx,
        def,
        def.paths.as_ref(),
        "paths",
        "[\"dir/{base_name}_file.py\"]: the rule fires when none exists",
    )?;
    let file_vars = |name: &str| vars.lookup(name).filter(|&i| i < vars.file_count());
    def.paths
        .iter()
        .flat_map(|paths| paths.get_ref())
        .map(|path| {
            let text = path.get_ref();
            let climbs = Path::new(text)
                .components()
                .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
            if climbs {
                return Err(ctx
                    .err(
                        path.span(),
                        format!("path rule `{id}`: `{text}` is absolute or climbs out of the root"),
                        "write a relative path below --root, without `..`",
                    )
                    .into());
            }
            parse_template(ctx, path, &file_vars, id, "paths", vars)
        })
        .collect::<Result<Vec<Template>>>()
        .map(|templates| PathCheck {
            templates,
            search: def
                .search
                .as_ref()
                .map_or(PathSearch::Root, |s| *s.get_ref()),
        })
}

