//! `compare` rules: a set taken from the script (keys it reads from a parameter, attributes,
//! argparse arguments, environment variables, imports, a function's parameters, the functions
//! it defines) against a set taken from structured companion files (the file an `[[index]]`
//! has for the script, or files found upward) and fixed `expected` items. Each item on the
//! reported side only is its own finding: at its place in the script (`script_only`), or at
//! its place in the companion file (`companion_only`), with the other file as a related place.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::sync::Arc;

use super::{ExplainContext, Kind, quoted, reject_foreign_keys, without_errors};
use crate::engine::evidence::{Evaluation, Fired};
use crate::engine::outcome::{Evidence, Location, Related};
use crate::engine::plan::{Document, DocumentQuery, DocumentSource};
use crate::pack::model::{CompareReport, FactDef, FactKind, Normalize, RuleDef, SourceDef};
use crate::pack::validate::context::{Ctx, Names};
use toml::Spanned;
use crate::pack::validate::tables::{data_format, selector};
use crate::python::{
    Facts, SourceModel, argparse_dest, distribution_name, top_level_modules,
};

/// One source of the script side.
#[derive(Debug)]
pub struct Fact {
    /// What is taken.
    pub kind: FactKind,
    /// The function it is taken from, by qualified name.
    pub function: Option<String>,
    /// The parameter it is read from.
    pub parameter: Option<String>,
}

/// A compare rule's two sides and what is reported.
#[derive(Debug)]
pub struct Compare {
    /// The script side: the union of these facts.
    pub script: Vec<Fact>,
    /// The companion side: the union of what these select, and `expected`.
    pub sources: Vec<DocumentQuery>,
    /// Fixed items of the companion side.
    pub expected: Vec<String>,
    /// The side whose extra items are findings.
    pub report: CompareReport,
    /// How items are made comparable.
    pub normalize: Normalize,
    /// Script items renamed before comparing.
    pub rename: BTreeMap<String, String>,
    /// When set, only these script items count (before renaming).
    pub only: Option<Vec<String>>,
}

/// One item of a side: as normalised, as written, and where.
struct Item {
    key: String,
    text: String,
    place: Place,
}

/// Where an item is.
enum Place {
    /// Bytes of the script.
    Script(Range<usize>),
    /// Bytes of a companion file.
    Document(Arc<Document>, Range<usize>),
    /// The rule's own `expected` list.
    Expected,
}

impl Kind for Compare {
    const KEYS: &'static [&'static str] = &[
        "script",
        "companion",
        "expected",
        "report",
        "normalize",
        "rename",
        "only",
    ];
    const VARIABLES: &'static [&'static str] = &["item"];

    fn validate(ctx: &Ctx, def: &RuleDef, _defs: &[RuleDef], names: &Names) -> Option<Self> {
        without_errors(ctx, || {
            reject_foreign_keys::<Compare>(ctx, def);
            validate(ctx, def, names)
        })
    }

    fn reads_facts(&self) -> bool {
        true
    }

    fn documents(&self) -> &[DocumentQuery] {
        &self.sources
    }

    fn examples_allowed(&self) -> bool {
        self.sources.is_empty()
    }

    fn evaluate(&self, rule: usize, run: &mut Evaluation) -> (Evidence, Vec<Fired>) {
        let model = run.script.model();
        let Some((script, anchor)) = model
            .facts()
            .and_then(|facts| self.script_items(model, facts))
        else {
            return (Evidence::Skipped, Vec::new());
        };
        let files = run.documents.get(rule).copied().unwrap_or(&[]);
        let companion = self.companion_items(files);
        let first_file = files.iter().flatten().next();
        let target = run.target;
        let (reported, other) = match self.report {
            CompareReport::ScriptOnly => (&script, &companion),
            CompareReport::CompanionOnly => (&companion, &script),
        };
        let fired: Vec<Fired> = reported
            .iter()
            .filter(|item| !other.iter().any(|o| o.key == item.key))
            .map(|item| {
                let (path, location, related) = match &item.place {
                    Place::Script(range) => (
                        first_file.map_or_else(|| target.path().to_owned(), |f| f.rel.clone()),
                        Location::at(&target.text, range.clone()),
                        first_file.map(|f| Location::file(&f.text)),
                    ),
                    Place::Document(file, range) => (
                        file.rel.clone(),
                        Location::at(&file.text, range.clone()),
                        Some(Location::file(&target.text)),
                    ),
                    // At the function the script side is about, if any.
                    Place::Expected => (
                        target.path().to_owned(),
                        anchor.clone().map_or_else(
                            || Location::file(&target.text),
                            |range| Location::at(&target.text, range),
                        ),
                        None,
                    ),
                };
                Fired {
                    item: Some(item.text.clone()),
                    related: related
                        .into_iter()
                        .map(|location| Related {
                            location,
                            note: None,
                        })
                        .collect(),
                    ..Fired::at(path, location)
                }
            })
            .collect();
        let found = Evidence::Compared {
            script: script.len(),
            companion: companion.len(),
            differences: fired.len(),
        };
        (found, fired)
    }

    fn explain(&self, pack: &ExplainContext, out: &mut String) {
        let script: Vec<String> = self.script.iter().map(describe_fact).collect();
        let mut companion: Vec<String> = self
            .sources
            .iter()
            .map(|query| match &query.from {
                DocumentSource::Index(index) => format!(
                    "`{}` of the file index `{}` has for the script",
                    query.select,
                    pack.index_ids.get(*index).copied().unwrap_or("?")
                ),
                DocumentSource::Upward { pattern, .. } => format!(
                    "`{}` of every `{pattern}` in the script's folder and the folders above",
                    query.select
                ),
            })
            .collect();
        if !self.expected.is_empty() {
            companion.push(quoted(&self.expected));
        }
        let _ = writeln!(out, "    script side: {}", script.join("; "));
        if let Some(only) = &self.only {
            let _ = writeln!(out, "      (only {})", quoted(only));
        }
        if !self.rename.is_empty() {
            let renames: Vec<String> = self
                .rename
                .iter()
                .map(|(from, to)| format!("`{from}` as `{to}`"))
                .collect();
            let _ = writeln!(out, "      (renamed: {})", renames.join(", "));
        }
        let _ = writeln!(out, "    companion side: {}", companion.join("; "));
        let normalize = match self.normalize {
            Normalize::Exact => "as written",
            Normalize::Lower => "ignoring case",
            Normalize::Flag => "as argparse destinations (`--a-b` is `a_b`)",
            Normalize::Distribution => "as pip compares distribution names",
        };
        let reported = match self.report {
            CompareReport::ScriptOnly => "each script item the companion side lacks",
            CompareReport::CompanionOnly => "each companion item the script lacks",
        };
        let _ = writeln!(
            out,
            "    compared {normalize}; fires once for {reported}"
        );
    }
}

impl Compare {
    /// The script side's distinct items and the name of the first function a fact names (where
    /// a missing expected item is reported), or `None` when a function a fact names is not
    /// defined (the comparison does not apply).
    fn script_items(
        &self,
        model: &SourceModel,
        facts: &Facts,
    ) -> Option<(Vec<Item>, Option<Range<usize>>)> {
        let mut items = Vec::new();
        let mut anchor = None;
        for fact in &self.script {
            let function = match &fact.function {
                Some(name) => Some(facts.functions.iter().find(|f| &f.qualified == name)?),
                None => None,
            };
            if anchor.is_none() {
                anchor = function.map(|f| f.name.range.clone());
            }
            let parameter = fact.parameter.as_deref();
            let mut add = |text: &str, range: Range<usize>| {
                if self.only.as_ref().is_some_and(|only| !only.iter().any(|o| o == text)) {
                    return;
                }
                let text = self.rename.get(text).map_or(text, String::as_str);
                push(&mut items, self.key(text), text, Place::Script(range));
            };
            match (fact.kind, function) {
                (FactKind::Keys, Some(f)) => f
                    .keys
                    .iter()
                    .filter(|u| Some(u.parameter.as_str()) == parameter)
                    .for_each(|u| add(&u.item.text, u.item.range.clone())),
                (FactKind::Attributes, Some(f)) => f
                    .attributes
                    .iter()
                    .filter(|u| Some(u.parameter.as_str()) == parameter)
                    .for_each(|u| add(&u.item.text, u.item.range.clone())),
                (FactKind::Parameters, Some(f)) => f
                    .parameters
                    .iter()
                    .for_each(|p| add(&p.text, p.range.clone())),
                (FactKind::Functions, _) => facts
                    .functions
                    .iter()
                    .for_each(|f| add(&f.qualified, f.name.range.clone())),
                (FactKind::Arguments, _) => facts
                    .arguments
                    .iter()
                    .for_each(|a| add(&a.dest.text, a.dest.range.clone())),
                (FactKind::Options, _) => facts.arguments.iter().for_each(|a| {
                    a.options
                        .iter()
                        .for_each(|option| add(option, a.dest.range.clone()))
                }),
                (FactKind::Env, _) => facts
                    .env_reads
                    .iter()
                    .for_each(|e| add(&e.text, e.range.clone())),
                (FactKind::Imports, _) => {
                    for import in model.imports() {
                        for module in top_level_modules(std::slice::from_ref(import)) {
                            add(&module, import.range.clone());
                        }
                    }
                }
                // Validation gives these facts a function.
                (FactKind::Keys | FactKind::Attributes | FactKind::Parameters, None) => {}
            }
        }
        Some((items, anchor))
    }

    /// The companion side's distinct items: what each query selects in each of its files, then
    /// `expected`.
    fn companion_items(&self, files: &[Vec<Arc<Document>>]) -> Vec<Item> {
        let mut items = Vec::new();
        for (query, files) in self.sources.iter().zip(files) {
            for file in files {
                for node in query.select.select(&file.root) {
                    if let Some(text) = node.scalar_text() {
                        let place = Place::Document(Arc::clone(file), node.range.clone());
                        push(&mut items, self.key(&text), &text, place);
                    }
                }
            }
        }
        for text in &self.expected {
            push(&mut items, self.key(text), text, Place::Expected);
        }
        items
    }

    /// `text` made comparable.
    fn key(&self, text: &str) -> String {
        match self.normalize {
            Normalize::Exact => text.to_owned(),
            Normalize::Lower => text.to_lowercase(),
            Normalize::Flag => argparse_dest(text),
            Normalize::Distribution => distribution_name(text),
        }
    }
}

/// Adds an item unless one with the same key is there already (the first place is kept).
fn push(items: &mut Vec<Item>, key: String, text: &str, place: Place) {
    if !items.iter().any(|item| item.key == key) {
        items.push(Item {
            key,
            text: text.to_owned(),
            place,
        });
    }
}

/// A fact, for explanations.
fn describe_fact(fact: &Fact) -> String {
    let function = fact.function.as_deref().unwrap_or("?");
    let parameter = fact.parameter.as_deref().unwrap_or("?");
    match fact.kind {
        FactKind::Keys => format!("keys read from `{parameter}` in `{function}`"),
        FactKind::Attributes => format!("attributes of `{parameter}` read in `{function}`"),
        FactKind::Parameters => format!("the parameters of `{function}`"),
        FactKind::Functions => "the functions defined".to_owned(),
        FactKind::Arguments => "the argparse destinations".to_owned(),
        FactKind::Options => "the argparse option strings, as written".to_owned(),
        FactKind::Env => "the environment variables read".to_owned(),
        FactKind::Imports => "the top-level modules imported".to_owned(),
    }
}

/// Validates a compare rule.
fn validate(ctx: &Ctx, def: &RuleDef, names: &Names) -> Option<Compare> {
    let id = def.id.get_ref();
    let Some(script) = &def.script else {
        ctx.error(
            def.kind.span(),
            format!("compare rule `{id}` has no `script`"),
            "add script = [{ fact = \"keys\", function = \"main\", parameter = \"paths\" }]",
        );
        return None;
    };
    if script.get_ref().is_empty() {
        ctx.error(
            script.span(),
            format!("compare rule `{id}` has an empty `script` list, so it has nothing to compare"),
            "list at least one fact, e.g. { fact = \"env\" }",
        );
    }
    let facts: Vec<Fact> = script
        .get_ref()
        .iter()
        .filter_map(|fact| validate_fact(ctx, def, fact))
        .collect();
    let sources: Vec<DocumentQuery> = def
        .companion
        .iter()
        .flat_map(|list| list.get_ref().iter())
        .filter_map(|source| validate_source(ctx, def, source, names))
        .collect();
    let expected = def
        .expected
        .as_ref()
        .map(|e| e.get_ref().clone())
        .unwrap_or_default();
    if def.companion.as_ref().is_none_or(|c| c.get_ref().is_empty()) && expected.is_empty() {
        ctx.error(
            def.kind.span(),
            format!("compare rule `{id}` has no companion side"),
            "add companion = [{ index = \"…\", select = \"…\" }] or expected = [\"…\"]",
        );
    }
    let Some(report) = &def.report else {
        ctx.error(
            def.kind.span(),
            format!("compare rule `{id}` has no `report`"),
            "add report = \"script_only\" (items of the script the companion side lacks) or \
             \"companion_only\" (the reverse)",
        );
        return None;
    };
    Some(Compare {
        script: facts,
        sources,
        expected,
        report: *report.get_ref(),
        normalize: def.normalize.as_ref().map_or(Normalize::Exact, |n| *n.get_ref()),
        rename: def.rename.as_ref().map(|r| r.get_ref().clone()).unwrap_or_default(),
        only: def.only.as_ref().map(|o| o.get_ref().clone()),
    })
}

/// Validates one fact of a compare rule's `script`.
fn validate_fact(ctx: &Ctx, def: &RuleDef, fact: &FactDef) -> Option<Fact> {
    let id = def.id.get_ref();
    let kind = *fact.fact.get_ref();
    let span = fact.fact.span();
    let (needs_function, needs_parameter) = match kind {
        FactKind::Keys | FactKind::Attributes => (true, true),
        FactKind::Parameters => (true, false),
        _ => (false, false),
    };
    let name = format!("{kind:?}").to_lowercase();
    let mut ok = true;
    for (key, needed, given) in [
        ("function", needs_function, fact.function.is_some()),
        ("parameter", needs_parameter, fact.parameter.is_some()),
    ] {
        if needed != given {
            ok = false;
            let (message, help) = if needed {
                (
                    format!("compare rule `{id}`: fact `{name}` needs `{key}`"),
                    format!("add {key} = \"…\" to the fact"),
                )
            } else {
                (
                    format!("compare rule `{id}`: fact `{name}` takes no `{key}`"),
                    format!("remove `{key}` from the fact"),
                )
            };
            ctx.error(span.clone(), message, help);
        }
    }
    ok.then(|| Fact {
        kind,
        function: fact.function.clone(),
        parameter: fact.parameter.clone(),
    })
}

/// Validates one source of a compare rule's `companion`.
fn validate_source(
    ctx: &Ctx,
    def: &RuleDef,
    source: &SourceDef,
    names: &Names,
) -> Option<DocumentQuery> {
    let id = def.id.get_ref();
    let who = format!("compare rule `{id}`");
    let span = source.select.span();
    let select = selector(
        ctx,
        source.select.get_ref(),
        span.clone(),
        &format!("{who}: `select`"),
    );
    let from = match (&source.index, &source.upward) {
        (Some(index), None) => {
            if source.format.is_some() {
                ctx.error(
                    index.span(),
                    format!("{who}: a source with `index` takes the index's format"),
                    "remove `format`, or set it on the [[index]]",
                );
            }
            let found = names.index(ctx, index.get_ref(), index.span(), &who);
            DocumentSource::Index(ctx.keep(found)?)
        }
        (None, Some(upward)) => {
            let (pattern, span) = (upward.get_ref(), upward.span());
            let glob = crate::pack::validate::tables::file_glob(pattern)
                .ok()
                .filter(|_| !pattern.contains('/'));
            let Some(glob) = glob else {
                ctx.error(
                    span,
                    format!("{who}: `upward = \"{pattern}\"` is not a file-name glob"),
                    "write a glob of file names without `/`, e.g. \"requirements*.txt\"",
                );
                return None;
            };
            DocumentSource::Upward {
                pattern: pattern.clone(),
                glob: glob.compile_matcher(),
                format: source.format.map(data_format),
            }
        }
        (index, _) => {
            ctx.error(
                index.as_ref().map_or(span, Spanned::span),
                format!("{who}: each companion source needs exactly one of `index` and `upward`"),
                "write { index = \"…\", select = \"…\" } or { upward = \"…\", select = \"…\" }",
            );
            return None;
        }
    };
    Some(DocumentQuery {
        from,
        select: select?,
    })
}

#[cfg(test)]
mod tests;
