//! The serde model of a rule-pack file, exactly as written in TOML. Every table rejects unknown
//! keys, and values that later checks must point at are [`Spanned`].
//!
//! The meaning of each key is documented in the pack guide, rules/README.md.

use std::collections::BTreeMap;
use std::ops::Range;

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

mod companions;
mod fix;

pub use companions::{
    CompareReport, DataFormat, FactDef, FactKind, IndexDef, Normalize, SourceDef,
};
pub use fix::{Applicability, FixDef};

/// A whole pack file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PackFile {
    /// The `[pack]` table.
    pub pack: PackMeta,
    /// `[[variable]]` tables: values derived from the checked file's name, in order.
    #[serde(default, rename = "variable")]
    pub variables: Vec<VariableDef>,
    /// `[[calls]]` tables: named sets of callees that rules restrict matching to.
    #[serde(default, rename = "calls")]
    pub call_sets: Vec<CallSetDef>,
    /// `[[binding]]` tables: calls that bind a value to a name (pipeline parameters).
    #[serde(default, rename = "binding")]
    pub bindings: Vec<BindingDef>,
    /// `[[detect]]` tables: variables detected from the script's content.
    #[serde(default, rename = "detect")]
    pub detectors: Vec<DetectDef>,
    /// `[[index]]` tables: structured files (YAML, JSON, TOML) found anywhere under the root,
    /// each naming the script it describes.
    #[serde(default, rename = "index")]
    pub indexes: Vec<IndexDef>,
    /// `[[layout]]` tables: how to recognise a tree of a layout, for the rules that run only
    /// there (`layout = "<id>"`).
    #[serde(default, rename = "layout")]
    pub layouts: Vec<LayoutDef>,
    /// `[[rule]]` tables, in order.
    #[serde(default, rename = "rule")]
    pub rules: Vec<RuleDef>,
}

/// A `[[layout]]` table: a tree under the root has the layout when one of its markers exists.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LayoutDef {
    /// The layout's name, used by rules' `layout`.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Paths relative to the root (folders or files, `app/steps`); the tree has the layout
    /// when one of them exists.
    #[schemars(with = "Vec<String>")]
    pub markers: Spanned<Vec<Spanned<String>>>,
}

/// Where a detector looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DetectFrom {
    /// The script's import lines (stripped lines starting with `import ` or `from `).
    Imports,
    /// The whole text.
    Text,
}

/// How a detector's keywords are compared with its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DetectMatch {
    /// Anywhere in the input, even inside a longer word (cursus's detection).
    #[default]
    Substring,
    /// A whole dotted module name the import lines import, or a package of one.
    Module,
}

/// A `[[detect]]` table: a variable whose value is the first option any of whose keywords
/// occurs (as a substring) in the detector's input, or empty when none does.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DetectDef {
    /// The variable's name, used as `{name}` in templates and in rules' `when`.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// `imports` or `text`.
    pub from: DetectFrom,
    /// Match case exactly (default false).
    #[serde(default)]
    pub case_sensitive: bool,
    /// `substring` (default): a keyword occurs anywhere in the input; `module` (with
    /// `from = "imports"`): a keyword is a whole dotted module name an import line imports, or
    /// a package of it (`json` matches `json` and `json.decoder`, not `jsonschema`).
    #[serde(rename = "match")]
    #[schemars(with = "Option<DetectMatch>")]
    pub match_mode: Option<Spanned<DetectMatch>>,
    /// The options, in priority order: the first that matches wins.
    #[serde(rename = "option")]
    #[schemars(with = "Vec<DetectOptionDef>")]
    pub options: Spanned<Vec<DetectOptionDef>>,
}

/// One `[[detect.option]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DetectOptionDef {
    /// The variable's value when this option matches.
    #[schemars(with = "String")]
    pub value: Spanned<String>,
    /// Substrings any one of which selects the option.
    #[schemars(with = "Vec<String>")]
    pub keywords: Spanned<Vec<Spanned<String>>>,
}

/// How a call set's callees are compared with a call's callee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CalleeMatch {
    /// The callee as written (`session.run`) contains the entry, ignoring ASCII case, in an
    /// occurrence that reaches its last name.
    #[default]
    Substring,
    /// The callee's last name (`run` in `session.run`) equals the entry exactly.
    Name,
    /// The whole dotted callee equals the entry exactly.
    Exact,
}

/// A `[[calls]]` table.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CallSetDef {
    /// The set's name, used by rules' and bindings' `calls`.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The id of a set defined above that this one starts from: its callees, `match` and
    /// `imports` unless given here, and its `exclude` followed by this table's.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub extends: Option<Spanned<String>>,
    /// The callees; a call matches when its callee matches any of them. Required unless the
    /// set `extends` another.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub callees: Option<Spanned<Vec<Spanned<String>>>>,
    /// `substring` (the default), `name` or `exact`.
    #[serde(rename = "match", default)]
    pub match_mode: Option<CalleeMatch>,
    /// When non-empty, calls count only in files importing one of these modules (or a
    /// submodule of one), anywhere in the file (inside functions too).
    #[serde(default)]
    pub imports: Option<Vec<String>>,
    /// Callees that are not in the set even though they match `callees`, compared the same
    /// way (`run_group` keeps `create_run_group` out of a set of `run` calls).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub exclude: Vec<Spanned<String>>,
}

/// A `[[binding]]` table: each call of the set binds the literal in argument `value` to the
/// name given as a string in argument `name` (`ParameterString(name="X", default_value="v")`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BindingDef {
    /// The call set whose calls bind values.
    #[schemars(with = "String")]
    pub calls: Spanned<String>,
    /// The keyword argument holding the bound name.
    pub name_argument: String,
    /// The position of the name when it is passed positionally.
    pub name_position: Option<usize>,
    /// The keyword argument holding the bound value.
    pub value_argument: String,
    /// The position of the value when it is passed positionally.
    pub value_position: Option<usize>,
}

/// The `[pack]` table.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PackMeta {
    /// The pack's name, used by `--pack NAME`.
    #[schemars(with = "String")]
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
    #[schemars(with = "Vec<String>")]
    pub levels: Spanned<Vec<Spanned<String>>>,
    /// Globs of the file names (or, with a `/`, relative paths) this pack applies to when it
    /// routes files of a walked directory.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub files: Vec<Spanned<String>>,
    /// File extensions considered when walking a directory (default `["py"]`).
    #[serde(default = "default_extensions")]
    pub extensions: Vec<String>,
    /// Ids of `[[calls]]` sets: a walked file that no `files` glob routes here is also checked
    /// when it makes a call of one of them (the set's `imports` and `exclude` apply).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub route_calls: Vec<Spanned<String>>,
}

fn default_extensions() -> Vec<String> {
    vec!["py".to_owned()]
}

/// A `[[variable]]` table: `name` is `from` with every occurrence of each `remove` string taken
/// out, one after the other.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VariableDef {
    /// The variable's name, used as `{name}` in templates.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// The variable it starts from (`script` or an earlier variable).
    #[schemars(with = "String")]
    pub from: Spanned<String>,
    /// Strings removed everywhere in the value, in order.
    #[serde(default)]
    pub remove: Vec<String>,
}

/// What a rule checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RuleKind {
    /// At least one keyword must occur.
    Require,
    /// A file must exist.
    Path,
    /// Literal values bound to some names must meet constraints.
    Value,
    /// A set taken from the script must match a set taken from companion files.
    Compare,
}

/// Where a require rule's keyword occurrences count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Anywhere in the file.
    Text,
    /// Outside strings, docstrings and comments.
    Code,
    /// Inside string literals (not docstrings).
    Strings,
    /// Inside comments.
    Comments,
    /// Inside docstrings.
    Docstrings,
    /// Inside identifiers (names, attributes, definitions, parameters, imports).
    Identifiers,
    /// Keyword-argument names, and string keys of dict displays, in calls of the rule's
    /// `calls` set.
    CallArguments,
    /// String keys of dict displays in calls and in assignments of literals.
    DictKeys,
    /// Keyword-argument names and string dict keys that reach an argument of a call of the
    /// rule's `calls` set through the file's data flow (names, `d[k] = v`, `d.update(…)`,
    /// `**d`, returns of in-file functions, `self.attr`, wrapper functions' parameters).
    ReachingArguments,
}

/// Where a value rule looks for bound values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Binding {
    /// `name=value` keyword arguments (and `**{"name": value}` entries).
    KeywordArguments,
    /// `{"name": value}` entries of dict displays inside calls and assigned literals.
    DictEntries,
    /// `name = value` assignments.
    Assignments,
    /// Calls declared by `[[binding]]` tables.
    Parameters,
}

/// How severe an issue is; the order is from least to most severe.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    serde::Serialize,
    JsonSchema,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum MatchMode {
    /// Anywhere, even inside a longer word (the seed's behaviour).
    #[default]
    Substring,
    /// Not preceded or followed by a letter, digit or underscore.
    Word,
}

/// What a require rule's keywords are counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Per {
    /// The whole file: one keyword occurrence in scope satisfies the rule.
    #[default]
    File,
    /// Each call of the rule's call set: every call must pass one of the keywords as an
    /// argument name (or dict key in its arguments); each call that does not is a finding.
    Call,
}

/// Where a path rule looks for its templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PathSearch {
    /// Under the root only.
    #[default]
    Root,
    /// In the script's folder, then each folder above it, up to and including the root (never
    /// above it): the nearest wins, as for a project's `requirements.txt`.
    Upward,
}

/// A `[[rule]]` table. Keys that belong to the other kind are rejected during validation.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    /// Unique id within the pack.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// `require`, `path`, `value` or `compare`.
    #[schemars(with = "RuleKind")]
    pub kind: Spanned<RuleKind>,
    /// One of the pack's levels.
    #[schemars(with = "String")]
    pub level: Spanned<String>,
    /// The issue category reported when the rule fires.
    pub category: String,
    /// The issue severity.
    pub severity: Severity,
    /// What the rule looks for, for people.
    #[serde(default)]
    pub description: String,
    /// Issue message template.
    #[schemars(with = "String")]
    pub message: Spanned<String>,
    /// Issue recommendation template.
    #[schemars(with = "String")]
    pub recommendation: Spanned<String>,
    /// Extra `details` entries (templates), besides `script`.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    pub details: BTreeMap<String, Spanned<String>>,
    /// require: the keywords, any one of which satisfies the rule.
    #[schemars(with = "Option<Vec<String>>")]
    pub keywords: Option<Spanned<Vec<Spanned<String>>>>,
    /// require: `substring` (default) or `word`.
    #[serde(rename = "match")]
    #[schemars(with = "Option<MatchMode>")]
    pub match_mode: Option<Spanned<MatchMode>>,
    /// require: match case exactly (default false); value: compare `allowed` and
    /// `required_items` exactly (default true).
    #[schemars(with = "Option<bool>")]
    pub case_sensitive: Option<Spanned<bool>>,
    /// require: where occurrences count (default `["text"]`).
    #[schemars(with = "Option<Vec<Scope>>")]
    pub scopes: Option<Spanned<Vec<Spanned<Scope>>>>,
    /// require and value: the `[[calls]]` set that `call_arguments` (or a value rule's
    /// keyword arguments and dict entries) are restricted to.
    #[schemars(with = "Option<String>")]
    pub calls: Option<Spanned<String>>,
    /// value: the names whose bound literals are judged.
    #[schemars(with = "Option<Vec<String>>")]
    pub names: Option<Spanned<Vec<Spanned<String>>>>,
    /// value: where bindings are looked for (default: all).
    #[schemars(with = "Option<Vec<Binding>>")]
    pub bindings: Option<Spanned<Vec<Spanned<Binding>>>>,
    /// value: judge this key of each dict in a list value instead of the value itself.
    #[schemars(with = "Option<String>")]
    pub field: Option<Spanned<String>>,
    /// value: the only allowed strings.
    #[schemars(with = "Option<Vec<String>>")]
    pub allowed: Option<Spanned<Vec<String>>>,
    /// value: a regex that strings must match.
    #[schemars(with = "Option<String>")]
    pub pattern: Option<Spanned<String>>,
    /// value: a regex that strings must not match.
    #[schemars(with = "Option<String>")]
    pub reject_pattern: Option<Spanned<String>>,
    /// value: minimum string length in characters.
    #[schemars(with = "Option<usize>")]
    pub min_length: Option<Spanned<usize>>,
    /// value: maximum string length in characters.
    #[schemars(with = "Option<usize>")]
    pub max_length: Option<Spanned<usize>>,
    /// value: maximum number of items of a list, tuple or dict.
    #[schemars(with = "Option<usize>")]
    pub max_items: Option<Spanned<usize>>,
    /// value: items each value reaching the rule's `calls` must hold: among the values of
    /// `field` (of a list of dicts), or the keys of a dict, the keyword arguments of a
    /// `constructors` call or `dict(...)`, the strings of a list.
    #[schemars(with = "Option<Vec<String>>")]
    pub required_items: Option<Spanned<Vec<Spanned<String>>>>,
    /// value: the part of each value reaching the rule's `calls` that is judged, as dotted steps
    /// into a dict's key or a `constructors` call's keyword argument (`model_statistics`).
    #[schemars(with = "Option<String>")]
    pub part: Option<Spanned<String>>,
    /// value: the `[[calls]]` set whose calls build the values they return
    /// (a class: `Config(...)`): `part` and `required_items` read their keyword arguments.
    #[schemars(with = "Option<String>")]
    pub constructors: Option<Spanned<String>>,
    /// value, with `allowed`: the fix a finding with a did-you-mean carries — the literal
    /// replaced by the suggestion, in the literal's own quotes and prefix.
    #[schemars(with = "Option<FixDef>")]
    pub fix: Option<Spanned<FixDef>>,
    /// require: `file` (default: one occurrence anywhere in scope satisfies the rule) or `call`
    /// (every call of the rule's `calls` set must pass one of the keywords; each call that does
    /// not is a finding at the call).
    #[schemars(with = "Option<Per>")]
    pub per: Option<Spanned<Per>>,
    /// require, with `per = "call"`: a script the pack claims by name (its `files` globs, or an
    /// `[[index]]` that routes it) that makes no call of the rule's set is judged as a whole, as
    /// a `per = "file"` rule, and its finding has this message (a template) instead of
    /// `message`. Without it, such a script gets no finding.
    #[schemars(with = "Option<String>")]
    pub file_message: Option<Spanned<String>>,
    /// require: the id of a path rule whose file is searched instead of the script.
    #[schemars(with = "Option<String>")]
    pub target: Option<Spanned<String>>,
    /// path: templates of the expected file, any one of which satisfies the rule.
    #[schemars(with = "Option<Vec<String>>")]
    pub paths: Option<Spanned<Vec<Spanned<String>>>>,
    /// path: `root` (default: the templates are relative to the root) or `upward` (relative to
    /// the script's folder or any folder above it within the root, nearest first).
    #[schemars(with = "Option<PathSearch>")]
    pub search: Option<Spanned<PathSearch>>,
    /// compare: where the script side's items come from (their union).
    #[schemars(with = "Option<Vec<FactDef>>")]
    pub script: Option<Spanned<Vec<FactDef>>>,
    /// compare: where the companion side's items come from (their union).
    #[schemars(with = "Option<Vec<SourceDef>>")]
    pub companion: Option<Spanned<Vec<SourceDef>>>,
    /// compare: fixed items added to the companion side.
    #[schemars(with = "Option<Vec<String>>")]
    pub expected: Option<Spanned<Vec<String>>>,
    /// compare: `script_only` or `companion_only`, the difference reported.
    #[schemars(with = "Option<CompareReport>")]
    pub report: Option<Spanned<CompareReport>>,
    /// compare: `exact` (default), `lower`, `flag` or `distribution`.
    #[schemars(with = "Option<Normalize>")]
    pub normalize: Option<Spanned<Normalize>>,
    /// compare: script items renamed before comparing (`{ sklearn = "scikit-learn" }`).
    #[schemars(with = "Option<BTreeMap<String, String>>")]
    pub rename: Option<Spanned<BTreeMap<String, String>>>,
    /// compare: only these script items count (before `rename`).
    #[schemars(with = "Option<Vec<String>>")]
    pub only: Option<Spanned<Vec<String>>>,
    /// Do not run the rule on a script that the named `[[index]]` has a file for (a rule of the
    /// layout that the indexed files replace).
    #[schemars(with = "Option<String>")]
    pub unless_indexed: Option<Spanned<String>>,
    /// Run the rule only in a tree of the named `[[layout]]` (one of its markers exists under
    /// the root); elsewhere it does not run (`skipped`).
    #[schemars(with = "Option<String>")]
    pub layout: Option<Spanned<String>>,
    /// Run the rule only when each named detected variable has one of the listed values.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Vec<String>>")]
    pub when: BTreeMap<String, Spanned<Vec<Spanned<String>>>>,
    /// require (on the script) and value: `[[rule.examples]]`, code the rule must fire on or
    /// stay quiet on (`rulecheck test`).
    #[serde(default)]
    #[schemars(with = "Vec<ExampleDef>")]
    pub examples: Vec<Spanned<ExampleDef>>,
}

impl RuleDef {
    /// The keys present that belong to one kind of rule or another (not to every rule), with
    /// their spans, in the order the format lists them.
    pub fn kind_keys(&self) -> Vec<(&'static str, Range<usize>)> {
        fn span<T>(value: &Option<Spanned<T>>) -> Option<Range<usize>> {
            value.as_ref().map(Spanned::span)
        }
        [
            ("keywords", span(&self.keywords)),
            ("match", span(&self.match_mode)),
            ("target", span(&self.target)),
            ("per", span(&self.per)),
            ("file_message", span(&self.file_message)),
            ("scopes", span(&self.scopes)),
            ("case_sensitive", span(&self.case_sensitive)),
            ("calls", span(&self.calls)),
            ("paths", span(&self.paths)),
            ("search", span(&self.search)),
            ("names", span(&self.names)),
            ("bindings", span(&self.bindings)),
            ("field", span(&self.field)),
            ("allowed", span(&self.allowed)),
            ("pattern", span(&self.pattern)),
            ("reject_pattern", span(&self.reject_pattern)),
            ("min_length", span(&self.min_length)),
            ("max_length", span(&self.max_length)),
            ("max_items", span(&self.max_items)),
            ("required_items", span(&self.required_items)),
            ("part", span(&self.part)),
            ("constructors", span(&self.constructors)),
            ("fix", span(&self.fix)),
            ("script", span(&self.script)),
            ("companion", span(&self.companion)),
            ("expected", span(&self.expected)),
            ("report", span(&self.report)),
            ("normalize", span(&self.normalize)),
            ("rename", span(&self.rename)),
            ("only", span(&self.only)),
        ]
        .into_iter()
        .filter_map(|(key, span)| Some((key, span?)))
        .collect()
    }
}

/// A `[[rule.examples]]` table: a script the rule must fire on (`fires = true`) or stay quiet on.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExampleDef {
    /// Whether the rule must fire.
    pub fires: bool,
    /// The script's file name, from which the pack's variables derive.
    #[serde(default = "default_example_script")]
    pub script: String,
    /// The script's source.
    pub code: String,
}

fn default_example_script() -> String {
    "example.py".to_owned()
}
