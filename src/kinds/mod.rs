//! Rule kinds. Each kind of `[[rule]]` is one module here that owns all of it behind the
//! `Kind` trait: which keys it takes and their validation, what the evidence phase searches
//! for on its behalf (compiled into the pack's automaton), which companion files it asks for,
//! how its evidence becomes findings, and how `rulecheck explain` describes it. [`Check`] only
//! dispatches; it is declared from the list at the end of this file, one line per kind.
//!
//! To add a kind: write its module, add its line to the list, and add its `kind = "…"` value and
//! any keys of its own to the pack format ([`crate::pack::model`], which the JSON Schema is
//! generated from).

use toml::Spanned;

use crate::engine::evidence::{Evaluation, Fired};
use crate::engine::outcome::Evidence;
use crate::engine::plan::DocumentQuery;
use crate::engine::search::{KeywordSearch, ValueSearch};
use crate::error::Result;
use crate::pack::model::{PathSearch, RuleDef, RuleKind};
use crate::pack::template::Template;
use crate::pack::types::CallSet;
use crate::pack::validate::context::{Ctx, Names};

/// What a rule's explanation may name of its pack.
#[derive(Debug)]
pub struct ExplainContext<'a> {
    /// The pack's call sets.
    pub call_sets: &'a [CallSet],
    /// Its rules' ids, by rule index.
    pub rule_ids: Vec<&'a str>,
    /// Its `[[index]]` ids, by index.
    pub index_ids: Vec<&'a str>,
    /// Its variables' names, by index (templates are shown with them).
    pub variables: &'a [String],
}

/// One kind of rule.
pub(crate) trait Kind: Sized {
    /// The keys of a `[[rule]]` table that belong to this kind; a key of another kind is an
    /// error at the key.
    const KEYS: &'static [&'static str];

    /// The per-finding template variables its findings fill besides `path` (`keywords`, or
    /// `value` and `key`).
    const VARIABLES: &'static [&'static str];

    /// The kind's check of the rule `def` (one of `defs`), or `None` after recording each of
    /// its errors in `ctx`.
    fn validate(ctx: &Ctx, def: &RuleDef, defs: &[RuleDef], names: &Names) -> Option<Self>;

    /// Keywords the evidence phase must look for on the rule's behalf.
    fn keyword_search(&self) -> Option<&KeywordSearch> {
        None
    }

    /// Names whose bound literals the evidence phase must find for the rule.
    fn value_search(&self) -> Option<&ValueSearch> {
        None
    }

    /// The path rule whose file the rule searches instead of the script.
    fn target(&self) -> Option<usize> {
        None
    }

    /// The companion file the rule asks for: its path templates, in order of preference, and
    /// where they are looked for.
    fn companion(&self) -> Option<(&[Template], PathSearch)> {
        None
    }

    /// Whether the rule reads the file's data flow, which the parse then computes.
    fn reads_flow(&self) -> bool {
        false
    }

    /// Whether the rule reads the script's facts (functions, keys read, arguments, ...), which
    /// the parse then computes.
    fn reads_facts(&self) -> bool {
        false
    }

    /// The structured files the rule reads, and what it selects in them.
    fn documents(&self) -> &[DocumentQuery] {
        &[]
    }

    /// Whether inline examples (a script alone) can test the rule.
    fn examples_allowed(&self) -> bool {
        self.target().is_none()
    }

    /// The rule's evidence and what fired, from the evidence phase's results in `run`; `rule`
    /// is the rule's index in the pack.
    fn evaluate(&self, rule: usize, run: &mut Evaluation) -> (Evidence, Vec<Fired>);

    /// The lines of `rulecheck explain` that say what the rule checks (of `pack`).
    fn explain(&self, pack: &ExplainContext, out: &mut String);
}

/// Declares the kind modules and [`Check`], which dispatches to them, from the list.
macro_rules! kinds {
    ($($variant:ident => $module:ident::$check:ident,)*) => {
        $(pub mod $module;)*

        /// What a rule checks: the check of its kind.
        #[derive(Debug)]
        pub enum Check {
            $(
                #[doc = concat!("A `", stringify!($module), "` rule.")]
                $variant($module::$check),
            )*
        }

        impl Check {
            /// The check of kind `kind` of the rule `def`, or `None` after recording its errors.
            pub(crate) fn validate(
                kind: RuleKind,
                ctx: &Ctx,
                def: &RuleDef,
                defs: &[RuleDef],
                names: &Names,
            ) -> Option<Check> {
                match kind {
                    $(RuleKind::$variant => {
                        <$module::$check as Kind>::validate(ctx, def, defs, names)
                            .map(Check::$variant)
                    })*
                }
            }

            /// The name of a kind, as `kind = "…"` writes it.
            pub fn name(kind: RuleKind) -> &'static str {
                match kind {
                    $(RuleKind::$variant => stringify!($module),)*
                }
            }

            /// The keys of a `[[rule]]` table that belong to kind `kind`.
            pub fn keys(kind: RuleKind) -> &'static [&'static str] {
                match kind {
                    $(RuleKind::$variant => <$module::$check as Kind>::KEYS,)*
                }
            }

            /// The per-finding template variables kind `kind` fills besides `path`.
            pub fn variables(kind: RuleKind) -> &'static [&'static str] {
                match kind {
                    $(RuleKind::$variant => <$module::$check as Kind>::VARIABLES,)*
                }
            }

            /// Keywords the evidence phase looks for on the rule's behalf.
            pub fn keyword_search(&self) -> Option<&KeywordSearch> {
                match self {
                    $(Check::$variant(check) => check.keyword_search(),)*
                }
            }

            /// Names whose bound literals the evidence phase finds for the rule.
            pub fn value_search(&self) -> Option<&ValueSearch> {
                match self {
                    $(Check::$variant(check) => check.value_search(),)*
                }
            }

            /// The path rule whose file the rule searches instead of the script.
            pub fn target(&self) -> Option<usize> {
                match self {
                    $(Check::$variant(check) => check.target(),)*
                }
            }

            /// The companion file the rule asks for: its path templates and where they are
            /// looked for.
            pub fn companion(&self) -> Option<(&[Template], PathSearch)> {
                match self {
                    $(Check::$variant(check) => check.companion(),)*
                }
            }

            /// Whether the rule reads the file's data flow.
            pub fn reads_flow(&self) -> bool {
                match self {
                    $(Check::$variant(check) => check.reads_flow(),)*
                }
            }

            /// Whether the rule reads the script's facts.
            pub fn reads_facts(&self) -> bool {
                match self {
                    $(Check::$variant(check) => check.reads_facts(),)*
                }
            }

            /// The structured files the rule reads, and what it selects in them.
            pub fn documents(&self) -> &[DocumentQuery] {
                match self {
                    $(Check::$variant(check) => check.documents(),)*
                }
            }

            /// Whether inline examples (a script alone) can test the rule.
            pub fn examples_allowed(&self) -> bool {
                match self {
                    $(Check::$variant(check) => check.examples_allowed(),)*
                }
            }

            /// The rule's evidence and what fired, from the evidence phase's results.
            pub fn evaluate(&self, rule: usize, run: &mut Evaluation) -> (Evidence, Vec<Fired>) {
                match self {
                    $(Check::$variant(check) => check.evaluate(rule, run),)*
                }
            }

            /// The lines of `rulecheck explain` that say what the rule checks.
            pub fn explain(&self, pack: &ExplainContext, out: &mut String) {
                match self {
                    $(Check::$variant(check) => check.explain(pack, out),)*
                }
            }
        }
    };
}

impl Check {
    /// Whether the rule names call set `index`: the set its searches are restricted to, or a
    /// value rule's `constructors`.
    pub fn uses_call_set(&self, index: usize) -> bool {
        let keywords = self.keyword_search().and_then(|k| k.calls);
        let values = self.value_search().and_then(|v| v.calls);
        let constructors = match self {
            Check::Value(value) => value.constructors,
            _ => None,
        };
        [keywords, values, constructors].contains(&Some(index))
    }
}

/// Records an error at each key of `def` that belongs to another kind than `K`. Each kind's
/// validation starts with it, so a misplaced key never silently does nothing.
pub(crate) fn reject_foreign_keys<K: Kind>(ctx: &Ctx, def: &RuleDef) {
    let kind = *def.kind.get_ref();
    for (key, span) in def.kind_keys() {
        if K::KEYS.contains(&key) {
            continue;
        }
        ctx.error(
            ctx.key_span(span, key),
            format!(
                "rule `{}` is a {} rule and cannot have `{key}`",
                def.id.get_ref(),
                Check::name(kind)
            ),
            "remove the key, or change `kind`; `rulecheck guide` lists the keys of each kind",
        );
    }
}

/// The list of strings at `key` of `def`, which must be there, not empty, with no empty
/// string.
pub(crate) fn string_list(
    ctx: &Ctx,
    def: &RuleDef,
    list: Option<&Spanned<Vec<Spanned<String>>>>,
    key: &str,
    advice: &str,
) -> Result<Vec<String>> {
    let id = def.id.get_ref();
    let kind = Check::name(*def.kind.get_ref());
    let list = list.ok_or_else(|| {
        ctx.err(
            def.kind.span(),
            format!("{kind} rule `{id}` has no `{key}`"),
            format!("add {key} = {advice}"),
        )
    })?;
    if list.get_ref().is_empty() {
        return Err(ctx
            .err(
                list.span(),
                format!("{kind} rule `{id}` has an empty `{key}` list, so it could never work"),
                format!("list at least one entry: {key} = {advice}"),
            )
            .into());
    }
    if let Some(empty) = list.get_ref().iter().find(|k| k.get_ref().is_empty()) {
        return Err(ctx
            .err(
                empty.span(),
                format!("{kind} rule `{id}` has an empty string in `{key}`"),
                "remove the empty string",
            )
            .into());
    }
    Ok(list.get_ref().iter().map(|k| k.get_ref().clone()).collect())
}

/// What `build` gives, unless it — or anything else since the call — recorded an error in
/// `ctx`: a check is built only from a rule without errors.
pub(crate) fn without_errors<T>(ctx: &Ctx, build: impl FnOnce() -> Option<T>) -> Option<T> {
    let before = ctx.errors.borrow().len();
    let built = build();
    (ctx.errors.borrow().len() == before)
        .then_some(built)
        .flatten()
}

/// `items` as `` `a`, `b` ``, for explanations.
pub fn quoted(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

kinds! {
    Require => require::Require,
    Path => path::PathCheck,
    Value => value::ValueCheck,
    Compare => compare::Compare,
}
