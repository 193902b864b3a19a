//! Validation of the tables rules refer to: `[pack]`'s levels and file globs, `[[variable]]`s
//! and `[[detect]]`s, `[[calls]]` sets and `[[binding]]`s. Each error is recorded in the
//! [`Ctx`] and validation goes on, so one run reports them all; what is returned keeps every
//! table's position (a broken one is kept as written), so later indices stay right.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;
use std::path::{Component, Path};

use toml::Spanned;

use super::context::{Ctx, call_set_index};
use crate::pack::model::{
    BindingDef, CallSetDef, DataFormat, DetectDef, DetectFrom, DetectMatch, IndexDef, LayoutDef,
    VariableDef,
};
use crate::pack::types::{
    BindingSpec, CallSet, Detector, FINDING_VARIABLES, FileGlob, IndexSpec, LayoutSpec, Variable,
    VariableTable,
};
use crate::structured::{Format, Selector};

/// Builds a `files` glob the way routing matches it.
pub fn file_glob(glob: &str) -> std::result::Result<globset::Glob, globset::Error> {
    globset::GlobBuilder::new(glob)
        .literal_separator(true)
        .build()
}

/// The `[[layout]]` tables, each kept (a broken one with the markers that are valid) so rules'
/// references keep their indices; each marker written with `/`, without `.` parts.
pub(super) fn layouts(ctx: &Ctx, defs: &[LayoutDef]) -> Vec<LayoutSpec> {
    let mut seen = HashSet::new();
    defs.iter()
        .map(|def| {
            let id = def.id.get_ref();
            if id.trim().is_empty() || !seen.insert(id.as_str()) {
                ctx.error(
                    def.id.span(),
                    format!("layout `{id}` is empty or defined twice"),
                    "give each [[layout]] a distinct, non-empty id",
                );
            }
            if def.markers.get_ref().is_empty() {
                ctx.error(
                    def.markers.span(),
                    format!("layout `{id}` has no markers, so no tree could have it"),
                    "list paths under the root that only a tree of this layout has, e.g. \
                     markers = [\"app/steps\"]",
                );
            }
            let markers = def
                .markers
                .get_ref()
                .iter()
                .filter_map(|marker| {
                    let text = marker.get_ref();
                    let parts: Option<Vec<&str>> = Path::new(text)
                        .components()
                        .filter(|c| *c != Component::CurDir)
                        .map(|c| match c {
                            Component::Normal(part) => part.to_str(),
                            _ => None,
                        })
                        .collect();
                    match parts.filter(|parts| !parts.is_empty()) {
                        Some(parts) => Some(parts.join("/")),
                        None => {
                            ctx.error(
                                marker.span(),
                                format!(
                                    "layout `{id}`: marker `{text}` is empty, absolute, the root \
                                     itself or climbs out of the root"
                                ),
                                "write a folder or file relative to --root, without `..`, \
                                 e.g. \"app/steps\"",
                            );
                            None
                        }
                    }
                })
                .collect();
            LayoutSpec {
                id: id.clone(),
                markers,
            }
        })
        .collect()
}

/// The valid `files` globs.
pub(super) fn file_globs(ctx: &Ctx, globs: &[Spanned<String>]) -> Vec<FileGlob> {
    globs
        .iter()
        .filter_map(|entry| {
            let text = entry.get_ref();
            let (pattern, excludes) = match text.strip_prefix('!') {
                Some(pattern) => (pattern, true),
                None => (text.as_str(), false),
            };
            match file_glob(pattern) {
                Ok(glob) => Some(FileGlob {
                    text: text.clone(),
                    glob,
                    excludes,
                }),
                Err(e) => {
                    ctx.error(
                        entry.span(),
                        format!("`{text}` is not a valid glob: {}", e.kind()),
                        "write a glob such as \"*_job.py\" (matched against file names), \
                         \"scripts/**/*.py\" (matched against paths) or \"!*_spec.py\" (excluded)",
                    );
                    None
                }
            }
        })
        .collect()
}

/// The call sets of `[pack].route_calls`, by index, each once; an id no `[[calls]]` table
/// defines is an error at it.
pub(super) fn route_calls(ctx: &Ctx, ids: &[Spanned<String>], call_sets: &[CallSet]) -> Vec<usize> {
    let mut sets = Vec::new();
    for id in ids {
        let found = call_set_index(ctx, call_sets, id, "[pack].route_calls");
        if let Some(set) = ctx.keep(found).filter(|set| !sets.contains(set)) {
            sets.push(set);
        }
    }
    sets
}

/// The level names, as written.
pub(super) fn levels(ctx: &Ctx, levels: &Spanned<Vec<Spanned<String>>>) -> Vec<String> {
    if levels.get_ref().is_empty() {
        ctx.error(
            levels.span(),
            "the pack declares no levels".into(),
            "list the validation levels in run order, e.g. levels = [\"script\", \"layout\"]",
        );
    }
    let mut seen = HashSet::new();
    for level in levels.get_ref() {
        if level.get_ref().is_empty() || !seen.insert(level.get_ref().as_str()) {
            ctx.error(
                level.span(),
                format!("level `{}` is empty or listed twice", level.get_ref()),
                "give each level a distinct, non-empty name",
            );
        }
    }
    levels
        .get_ref()
        .iter()
        .map(|l| l.get_ref().clone())
        .collect()
}

fn check_variable_name(ctx: &Ctx, name: &Spanned<String>, names: &[String]) {
    let text = name.get_ref();
    let valid = !text.is_empty()
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !text.starts_with(|c: char| c.is_ascii_digit());
    if !valid || FINDING_VARIABLES.contains(&text.as_str()) || names.contains(text) {
        ctx.error(
            name.span(),
            format!("variable name `{text}` is invalid, built in, or defined twice"),
            format!(
                "use a new name of letters, digits and underscores; `script`, `{}` are \
                 built in",
                FINDING_VARIABLES.join("`, `")
            ),
        );
    }
}

/// The variable table: `script`, the derived and the detected variables, the finding variables.
pub(super) fn variables(ctx: &Ctx, defs: &[VariableDef], detects: &[DetectDef]) -> VariableTable {
    let mut names = vec!["script".to_owned()];
    let mut derived = Vec::new();
    for def in defs {
        let name = def.name.get_ref();
        check_variable_name(ctx, &def.name, &names);
        let from = names
            .iter()
            .position(|n| n == def.from.get_ref())
            .unwrap_or_else(|| {
                ctx.error(
                    def.from.span(),
                    format!(
                        "variable `{name}` starts from `{}`, which is not defined before it",
                        def.from.get_ref()
                    ),
                    format!("start from one of: {}", names.join(", ")),
                );
                VariableTable::SCRIPT
            });
        derived.push(Variable {
            from,
            remove: def.remove.clone(),
        });
        names.push(name.clone());
    }
    let mut detected = Vec::new();
    for def in detects {
        check_variable_name(ctx, &def.name, &names);
        detected.push(detector(ctx, def));
        names.push(def.name.get_ref().clone());
    }
    names.extend(FINDING_VARIABLES.map(str::to_owned));
    VariableTable {
        names,
        derived,
        detected,
    }
}

fn detector(ctx: &Ctx, def: &DetectDef) -> Detector {
    let name = def.name.get_ref();
    if def.options.get_ref().is_empty() {
        ctx.error(
            def.options.span(),
            format!("detector `{name}` has no options"),
            "add [[detect.option]] tables with value and keywords",
        );
    }
    let mut options: Vec<(String, Vec<String>)> = Vec::new();
    for option in def.options.get_ref() {
        let keywords = option.keywords.get_ref();
        if keywords.is_empty() || keywords.iter().any(|k| k.get_ref().is_empty()) {
            ctx.error(
                option.keywords.span(),
                format!(
                    "detector `{name}`: option `{}` has no keywords, or an empty one",
                    option.value.get_ref()
                ),
                "list non-empty keywords that select this option",
            );
        }
        if option.value.get_ref().is_empty()
            || options.iter().any(|(v, _)| v == option.value.get_ref())
        {
            ctx.error(
                option.value.span(),
                format!(
                    "detector `{name}`: value `{}` is empty or listed twice",
                    option.value.get_ref()
                ),
                "give each option a distinct, non-empty value (no match leaves the variable empty)",
            );
        }
        options.push((
            option.value.get_ref().clone(),
            keywords.iter().map(|k| k.get_ref().clone()).collect(),
        ));
    }
    let mode = def
        .match_mode
        .as_ref()
        .map_or(DetectMatch::Substring, |m| *m.get_ref());
    if let (Some(span), true) = (
        def.match_mode.as_ref().map(Spanned::span),
        mode == DetectMatch::Module && def.from != DetectFrom::Imports,
    ) {
        ctx.error(
            ctx.key_span(span, "match"),
            format!("detector `{name}` matches module names, which only import lines have"),
            "set from = \"imports\", or match = \"substring\"",
        );
    }
    Detector {
        from: def.from,
        case_sensitive: def.case_sensitive,
        mode,
        options,
    }
}

/// The call sets, one per `[[calls]]` table (a set that `extends` another starts from it).
pub(super) fn call_sets(ctx: &Ctx, defs: &[CallSetDef]) -> Vec<CallSet> {
    let mut seen = HashSet::new();
    let mut sets: Vec<CallSet> = Vec::with_capacity(defs.len());
    for def in defs {
        let id = def.id.get_ref();
        if id.trim().is_empty() || !seen.insert(id.as_str()) {
            ctx.error(
                def.id.span(),
                format!("call set id `{id}` is empty or used twice"),
                "give every [[calls]] table a distinct id",
            );
        }
        let base = def.extends.as_ref().and_then(|name| {
            let later = defs.iter().any(|d| d.id.get_ref() == name.get_ref());
            if later && !sets.iter().any(|set| set.id == *name.get_ref()) {
                ctx.error(
                    name.span(),
                    format!(
                        "call set `{id}` extends `{}`, which is defined after it (or is itself)",
                        name.get_ref()
                    ),
                    "a set extends only a set defined above it: move that [[calls]] table up",
                );
                return None;
            }
            let who = format!("`extends` of call set `{id}`");
            ctx.keep(call_set_index(ctx, &sets, name, &who))
                .map(|i| sets[i].clone())
        });
        if let Some(bad) = def
            .callees
            .iter()
            .flat_map(|c| c.get_ref())
            .chain(&def.exclude)
            .find(|c| c.get_ref().trim().is_empty())
        {
            ctx.error(
                bad.span(),
                format!("call set `{id}` has an empty callee"),
                "remove the empty string",
            );
        }
        let callees = match (&def.callees, &base) {
            (Some(given), _) => {
                if given.get_ref().is_empty() {
                    ctx.error(
                        given.span(),
                        format!("call set `{id}` lists no callees, so no call could match"),
                        "list callee names, e.g. callees = [\"Session.run\"]",
                    );
                }
                given
                    .get_ref()
                    .iter()
                    .map(|c| c.get_ref().clone())
                    .collect()
            }
            (None, Some(base)) => base.callees.clone(),
            (None, None) => {
                if def.extends.is_none() {
                    ctx.error(
                        def.id.span(),
                        format!("call set `{id}` has no `callees`"),
                        "list callee names, e.g. callees = [\"Session.run\"], or start from \
                         another set with extends = \"<id>\"",
                    );
                }
                Vec::new()
            }
        };
        let mut exclude = base.as_ref().map(|b| b.exclude.clone()).unwrap_or_default();
        exclude.extend(def.exclude.iter().map(|c| c.get_ref().clone()));
        sets.push(CallSet {
            id: id.clone(),
            callees,
            mode: def
                .match_mode
                .or(base.as_ref().map(|b| b.mode))
                .unwrap_or_default(),
            imports: def
                .imports
                .clone()
                .or(base.as_ref().map(|b| b.imports.clone()))
                .unwrap_or_default(),
            exclude,
            extends: base.map(|b| b.id),
        });
    }
    sets
}

/// The bindings whose call set exists.
pub(super) fn bindings(ctx: &Ctx, defs: &[BindingDef], call_sets: &[CallSet]) -> Vec<BindingSpec> {
    defs.iter()
        .filter_map(|def| {
            Some(BindingSpec {
                calls: ctx.keep(call_set_index(ctx, call_sets, &def.calls, "a [[binding]]"))?,
                name_argument: def.name_argument.clone(),
                name_position: def.name_position,
                value_argument: def.value_argument.clone(),
                value_position: def.value_position,
            })
        })
        .collect()
}

/// The structured-file format a pack names.
pub(crate) fn data_format(format: DataFormat) -> Format {
    match format {
        DataFormat::Yaml => Format::Yaml,
        DataFormat::Json => Format::Json,
        DataFormat::Toml => Format::Toml,
        DataFormat::Requirements => Format::Requirements,
    }
}

/// The selector written at `span` (the span of a TOML string), or `None` after recording
/// its error at the character it is about.
pub(crate) fn selector(ctx: &Ctx, text: &str, span: Range<usize>, what: &str) -> Option<Selector> {
    match Selector::parse(text) {
        Ok(selector) => Some(selector),
        Err(error) => {
            // Past the opening quote, when the value is written as a one-line string.
            let start = span.start + 1;
            let at = text
                .char_indices()
                .nth(error.column)
                .map_or(text.len(), |(i, _)| i);
            let exact = ctx.text.get(start..start + text.len()) == Some(text);
            let span = if exact {
                start + at..(start + at + 1).min(start + text.len().max(1))
            } else {
                span
            };
            ctx.error(
                span,
                format!(
                    "{what}: `{text}` is not a valid selector: {}",
                    error.message
                ),
                error.help,
            );
            None
        }
    }
}

/// The `[[index]]` tables, in order; `None` for a broken one (after its errors).
pub(super) fn indexes(ctx: &Ctx, defs: &[IndexDef]) -> Vec<Option<IndexSpec>> {
    let mut seen = HashSet::new();
    defs.iter()
        .map(|def| {
            let id = def.id.get_ref();
            if id.is_empty() || !seen.insert(id.as_str()) {
                ctx.error(
                    def.id.span(),
                    format!("index `{id}` is empty or defined twice"),
                    "give each [[index]] a distinct, non-empty id",
                );
            }
            if def.files.get_ref().is_empty() {
                ctx.error(
                    def.files.span(),
                    format!("index `{id}` has no `files` globs, so it could never find a file"),
                    "list globs of paths under the root, e.g. files = [\"**/config/*.yaml\"]",
                );
            }
            let globs_valid = def.files.get_ref().iter().all(|glob| {
                let valid = file_glob(glob.get_ref()).is_ok();
                if !valid {
                    ctx.error(
                        glob.span(),
                        format!("index `{id}`: `{}` is not a valid glob", glob.get_ref()),
                        "write a glob of paths under the root, such as \"**/interfaces/*.yaml\"",
                    );
                }
                valid
            });
            let what = format!("index `{id}`: `script`");
            let script = selector(ctx, def.script.get_ref(), def.script.span(), &what);
            let conditions = |table: &BTreeMap<String, Spanned<Vec<String>>>, key: &str| {
                table
                    .iter()
                    .map(|(selected, values)| {
                        let span = ctx.key_span(values.span(), selected);
                        let what = format!("index `{id}`: `{key}`");
                        Some((
                            selector(ctx, selected, span, &what)?,
                            values.get_ref().clone(),
                        ))
                    })
                    .collect::<Option<Vec<_>>>()
            };
            let filters = conditions(&def.filters, "where");
            let exclusions = conditions(&def.exclusions, "except");
            Some(IndexSpec {
                id: id.clone(),
                files: def
                    .files
                    .get_ref()
                    .iter()
                    .map(|g| g.get_ref().clone())
                    .collect(),
                format: def.format.as_ref().map(|f| data_format(*f.get_ref())),
                script: script?,
                routes: def.routes,
                filters: filters?,
                exclusions: exclusions?,
            })
            .filter(|_| globs_valid)
        })
        .collect()
}
