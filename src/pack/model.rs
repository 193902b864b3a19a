//! The serde model of a rule-pack file, exactly as written in TOML. Every table rejects unknown
//! keys, and values that later checks must point at are [`Spanned`].
//!
//! The meaning of each key is documented in the README's rule-pack reference.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// A whole pack file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackFile {
    /// The `[pack]` table.
    pub pack: PackMeta,
    /// `[[variable]]` tables: values derived from the checked file's name, in order.
    #[serde(default, rename = "variable")]
    pub variables: Vec<VariableDef>,
    /// `[[rule]]` tables, in order.
    #[serde(default, rename = "rule")]
    pub rules: Vec<RuleDef>,
}

/// The `[pack]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackMeta {
    /// The pack's name, used by `--pack NAME`.
    pub name: Spanned<String>,
    /// The step type reported in every issue (`step_type`).
    pub step_type: String,
    /// The source label reported in every issue (`source`).
    pub source: String,
    /// The pack's own version.
    pub version: String,
    /// What the pack checks, for people.
    #[serde(default)]
    pub description: String,
    /// The validation levels, in run order.
    pub levels: Spanned<Vec<Spanned<String>>>,
}

/// A `[[variable]]` table: `name` is `from` with every occurrence of each `remove` string taken
/// out, one after the other.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariableDef {
    /// The variable's name, used as `{name}` in templates.
    pub name: Spanned<String>,
    /// The variable it starts from (`script` or an earlier variable).
    pub from: Spanned<String>,
    /// Strings removed everywhere in the value, in order.
    #[serde(default)]
    pub remove: Vec<String>,
}

/// What a rule checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleKind {
    /// At least one keyword must occur.
    Require,
    /// A file must exist.
    Path,
}

/// How severe an issue is; the order is from least to most severe.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "UPPERCASE")]
pub enum Severity {
    /// Informational.
    Info,
    /// Should be fixed.
    Warning,
    /// Must be fixed.
    Error,
}

impl Severity {
    /// The upper-case name used in results (`ERROR`, `WARNING`, `INFO`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "INFO",
            Severity::Warning => "WARNING",
            Severity::Error => "ERROR",
        }
    }
}

/// How a keyword must occur.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchMode {
    /// Anywhere, even inside a longer word (the seed's behaviour).
    #[default]
    Substring,
    /// Not preceded or followed by a letter, digit or underscore.
    Word,
}

/// A `[[rule]]` table. Keys that belong to the other kind are rejected during validation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    /// Unique id within the pack.
    pub id: Spanned<String>,
    /// `require` or `path`.
    pub kind: Spanned<RuleKind>,
    /// One of the pack's levels.
    pub level: Spanned<String>,
    /// The issue category reported when the rule fires.
    pub category: String,
    /// The issue severity.
    pub severity: Severity,
    /// What the rule looks for, for people.
    #[serde(default)]
    pub description: String,
    /// Issue message template.
    pub message: Spanned<String>,
    /// Issue recommendation template.
    pub recommendation: Spanned<String>,
    /// Extra `details` entries (templates), besides `script`.
    #[serde(default)]
    pub details: BTreeMap<String, Spanned<String>>,
    /// require: the keywords, any one of which satisfies the rule.
    pub keywords: Option<Spanned<Vec<Spanned<String>>>>,
    /// require: `substring` (default) or `word`.
    #[serde(rename = "match")]
    pub match_mode: Option<Spanned<MatchMode>>,
    /// require: match case exactly (default false).
    pub case_sensitive: Option<Spanned<bool>>,
    /// require: the id of a path rule whose file is searched instead of the script.
    pub target: Option<Spanned<String>>,
    /// path: templates of the expected file, any one of which satisfies the rule.
    pub paths: Option<Spanned<Vec<Spanned<String>>>>,
}
