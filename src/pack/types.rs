//! The parts of a validated pack that rules refer to — call sets, bindings, variables, file
//! globs, examples — with every name resolved to an index. The pack itself, whose rules hold
//! their kinds' checks, is [`crate::pack::Pack`].

use super::model::CalleeMatch;

/// One `files` entry.
#[derive(Debug, Clone)]
pub struct FileGlob {
    /// As written in the pack (with its `!` if any).
    pub text: String,
    /// The glob, without the `!`.
    pub glob: globset::Glob,
    /// Whether it excludes (`!glob`) rather than includes.
    pub excludes: bool,
}

/// The names templates can use, by index: `script`, the pack's derived variables in order, its
/// detected variables in order, then the per-finding `path`, `keywords`, `value`, `key`,
/// `item`, `call` and `line`.
#[derive(Debug)]
pub struct VariableTable {
    pub(super) names: Vec<String>,
    /// The pack's derived variables (indices `1..=derived.len()`).
    pub derived: Vec<Variable>,
    /// The pack's detected variables (the indices after the derived ones).
    pub detected: Vec<Detector>,
}

/// A variable detected from the script's content: the first option that matches.
#[derive(Debug)]
pub struct Detector {
    /// Where it looks.
    pub from: super::model::DetectFrom,
    /// Whether case must match.
    pub case_sensitive: bool,
    /// Substrings of the input, or whole module names of import lines.
    pub mode: super::model::DetectMatch,
    /// `(value, keywords)` in priority order.
    pub options: Vec<(String, Vec<String>)>,
}

/// A variable derived from an earlier one.
#[derive(Debug)]
pub struct Variable {
    /// Index of the variable it starts from.
    pub from: usize,
    /// Strings removed everywhere, in order.
    pub remove: Vec<String>,
}

/// The per-finding variables, after the file-name variables, in index order.
pub(super) const FINDING_VARIABLES: [&str; 7] =
    ["path", "keywords", "value", "key", "item", "call", "line"];

impl VariableTable {
    /// Index of `script`, the checked file's name.
    pub const SCRIPT: usize = 0;

    /// How many variables are known per file (`script`, the derived and the detected ones).
    pub fn file_count(&self) -> usize {
        self.derived.len() + self.detected.len() + 1
    }

    /// Index of `path`: the file a finding is about.
    pub fn path(&self) -> usize {
        self.file_count()
    }

    /// Index of `keywords`: a require rule's keywords, comma-separated.
    pub fn keywords(&self) -> usize {
        self.file_count() + 1
    }

    /// Index of `value`: the literal a value rule judged.
    pub fn value(&self) -> usize {
        self.file_count() + 2
    }

    /// Index of `key`: the name a value rule's literal is bound to.
    pub fn key(&self) -> usize {
        self.file_count() + 3
    }

    /// Index of `item`: the item a compare rule found on one side only.
    pub fn item(&self) -> usize {
        self.file_count() + 4
    }

    /// Index of `call`: the callee, as written, of the call a finding is about.
    pub fn call(&self) -> usize {
        self.file_count() + 5
    }

    /// Index of `line`: the 1-based line of that call.
    pub fn line(&self) -> usize {
        self.file_count() + 6
    }

    /// The index of `name`.
    pub fn lookup(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// All names, by index.
    pub fn names(&self) -> &[String] {
        &self.names
    }
}

/// A named set of callees.
#[derive(Debug, Clone)]
pub struct CallSet {
    /// The set's id.
    pub id: String,
    /// The callees.
    pub callees: Vec<String>,
    /// How they are compared.
    pub mode: CalleeMatch,
    /// Modules one of which the file must import (empty: no condition).
    pub imports: Vec<String>,
    /// Callees excluded from the set, compared like `callees` (the base set's first).
    pub exclude: Vec<String>,
    /// The set it `extends`, if any.
    pub extends: Option<String>,
}

/// A call that binds a value to a name, e.g. a pipeline parameter declaration.
#[derive(Debug)]
pub struct BindingSpec {
    /// Index of the call set.
    pub calls: usize,
    /// Keyword argument holding the name.
    pub name_argument: String,
    /// Position of the name when passed positionally.
    pub name_position: Option<usize>,
    /// Keyword argument holding the value.
    pub value_argument: String,
    /// Position of the value when passed positionally.
    pub value_position: Option<usize>,
}

/// An inline example of a rule.
#[derive(Debug, Clone)]
pub struct Example {
    /// Whether the rule must fire on it.
    pub fires: bool,
    /// The script's file name.
    pub script: String,
    /// The script's source.
    pub code: String,
    /// Where the example starts in the pack file (1-based line).
    pub line: usize,
}

/// An `[[index]]`: structured files under the root, each naming the script it describes.
#[derive(Debug)]
pub struct IndexSpec {
    /// The index's name.
    pub id: String,
    /// The globs of the indexed files' paths relative to the root, as written.
    pub files: Vec<String>,
    /// The files' format, or `None` to take it from each file's extension.
    pub format: Option<crate::structured::Format>,
    /// Selects the file name of the script a file describes.
    pub script: crate::structured::Selector,
    /// Whether a routed run checks the scripts the index names with the pack (and only those,
    /// when there are any).
    pub routes: bool,
    /// `(selector, values)`: a file counts only when each selector selects one of its values.
    pub filters: Vec<(crate::structured::Selector, Vec<String>)>,
    /// `(selector, values)`: a file where a selector selects one of its values is left out.
    pub exclusions: Vec<(crate::structured::Selector, Vec<String>)>,
}

/// A `[[layout]]`: the tree under the root has it when one of its markers exists there.
#[derive(Debug)]
pub struct LayoutSpec {
    /// The layout's name.
    pub id: String,
    /// Paths relative to the root, with `/`, any one of which marks the layout.
    pub markers: Vec<String>,
}
