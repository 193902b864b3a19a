//! The pack format's tables and keys for structured companion files: `[[index]]` tables and
//! the two sides of `compare` rules. Part of the serde model ([`super`]), from which the JSON
//! Schema is generated.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

/// The format of a structured companion file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DataFormat {
    /// YAML.
    Yaml,
    /// JSON.
    Json,
    /// TOML.
    Toml,
    /// A pip requirements file: a list of the distribution names it requires.
    Requirements,
}

/// An `[[index]]` table: every file under the root that `files` matches is parsed once per run,
/// and the value `script` selects in it names (by file name) the script the file describes.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndexDef {
    /// The index's name, used by rules' `companion` sources and `unless_indexed`.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Globs of the indexed files' paths relative to the root (`**/interfaces/*.step.yaml`).
    #[schemars(with = "Vec<String>")]
    pub files: Spanned<Vec<Spanned<String>>>,
    /// The files' format (default: from the extension).
    #[schemars(with = "Option<DataFormat>")]
    pub format: Option<Spanned<DataFormat>>,
    /// The selector whose value is the file name of the script a file describes
    /// (`contract.entry_point`).
    #[schemars(with = "String")]
    pub script: Spanned<String>,
    /// Whether a routed run checks, with this pack, the scripts the index names — and, when the
    /// tree holds any, only those (the pack's `files` globs are then not used). Default false.
    #[serde(default)]
    pub routes: bool,
    /// Only the files where each selector (the key) selects one of the listed values count
    /// (`{ "registry.step_type" = ["Processing"] }`); an empty list: it selects anything.
    #[serde(default, rename = "where")]
    #[schemars(with = "BTreeMap<String, Vec<String>>")]
    pub filters: BTreeMap<String, Spanned<Vec<String>>>,
    /// The files where a selector (the key) selects one of the listed values are left out
    /// (`{ "registry.requires" = ["sdk"] }`); an empty list: where it selects anything.
    #[serde(default, rename = "except")]
    #[schemars(with = "BTreeMap<String, Vec<String>>")]
    pub exclusions: BTreeMap<String, Spanned<Vec<String>>>,
}

/// What a compare rule takes from the script's source model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FactKind {
    /// String keys read from `parameter` of `function` (`p["k"]`, `p.get("k")`).
    Keys,
    /// Attributes read from `parameter` of `function` (`args.k`, `getattr(args, "k")`).
    Attributes,
    /// The destinations of argparse arguments (`add_argument("--a-b")` gives `a_b`).
    Arguments,
    /// The option strings of argparse arguments, as written (`--a-b`, `-a`): what a command
    /// line must spell.
    Options,
    /// Environment variables read (`os.environ["X"]`, `os.environ.get`, `os.getenv`).
    Env,
    /// Top-level modules imported (`a` for `import a.b`; relative imports excluded).
    Imports,
    /// The parameter names of `function`.
    Parameters,
    /// The names of the functions defined (`f`, `Class.method`).
    Functions,
}

/// One source of a compare rule's script side.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FactDef {
    /// What is taken.
    #[schemars(with = "FactKind")]
    pub fact: Spanned<FactKind>,
    /// `keys`, `attributes`, `parameters`: the function, by qualified name (`main`,
    /// `Class.method`).
    pub function: Option<String>,
    /// `keys`, `attributes`: the parameter read from.
    pub parameter: Option<String>,
}

/// One source of a compare rule's companion side: an indexed file or files found upward, and
/// what is selected in it.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceDef {
    /// The `[[index]]` whose file for the script is read.
    #[schemars(with = "Option<String>")]
    pub index: Option<Spanned<String>>,
    /// A file-name glob (`requirements*.txt`): every matching file in the script's folder and
    /// each folder above it, up to the root.
    #[schemars(with = "Option<String>")]
    pub upward: Option<Spanned<String>>,
    /// `upward`: the files' format (default: from the extension).
    pub format: Option<DataFormat>,
    /// The selector taking the items out of each file (`keys(contract.inputs)`).
    #[schemars(with = "String")]
    pub select: Spanned<String>,
}

/// Which difference between the two sides of a compare rule is a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CompareReport {
    /// Items of the script not on the companion side, each at its place in the script.
    ScriptOnly,
    /// Items of the companion side not in the script, each at its place in the companion file.
    CompanionOnly,
}

/// How compare items are made comparable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Normalize {
    /// As written.
    #[default]
    Exact,
    /// Lower case.
    Lower,
    /// As argparse derives a destination: leading dashes removed, `-` as `_`.
    Flag,
    /// As pip compares distribution names: lower case, runs of `-`, `_`, `.` as one `-`.
    Distribution,
}
