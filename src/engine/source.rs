//! One file under check, and where a keyword occurrence counts in it. A [`SourceFile`] holds
//! the file's bytes, parses them into a [`SourceModel`] only when a scoped rule first asks (a
//! prefilter "maybe"), and builds each index (identifiers, dict keys, call arguments and
//! reaching arguments per call set) only when first needed; it also says why a key did not
//! count for a reaching scope.

use std::cell::OnceCell;
use std::ops::Range;
use std::sync::Arc;

use super::calls;
use super::outcome::SourceText;
use crate::pack::{CallSet, Scope};
use crate::python::{Literal, RegionKind, SourceModel, Wants};

/// A file's source model, parsed at most once, on first use, with what every check of the file
/// wants: the checks of one script by several packs share one.
#[derive(Debug)]
pub struct ModelCell {
    wants: Wants,
    model: OnceCell<SourceModel>,
}

impl ModelCell {
    /// A model not parsed yet, to be parsed with `wants`.
    pub fn new(wants: Wants) -> ModelCell {
        ModelCell {
            wants,
            model: OnceCell::new(),
        }
    }

    /// The model of `bytes` (which must be the same on every call), parsed on first use.
    pub fn get(&self, bytes: &[u8]) -> &SourceModel {
        self.model
            .get_or_init(|| SourceModel::parse_with(bytes, self.wants))
    }
}

/// A file's model: its own, or one shared with the other checks of the file.
#[derive(Debug)]
enum Model<'a> {
    Own(ModelCell),
    Shared(&'a ModelCell),
}

/// One file being checked.
#[derive(Debug)]
pub struct SourceFile<'a> {
    /// The file: its path as shown and its bytes (locations point into it).
    pub text: &'a Arc<SourceText>,
    /// Its bytes.
    pub bytes: &'a [u8],
    model: Model<'a>,
    identifiers: OnceCell<Vec<Range<usize>>>,
    dict_keys: OnceCell<Vec<Range<usize>>>,
    /// Every keyword name and dict key of the file, for explaining what did not count.
    all_keys: OnceCell<Vec<Range<usize>>>,
    call_arguments: Vec<OnceCell<Vec<Range<usize>>>>,
    reaching: Vec<OnceCell<Vec<Range<usize>>>>,
}

impl<'a> SourceFile<'a> {
    /// A file of a pack with `call_sets` call sets; `wants`: what its checks read of the model
    /// beyond the basics (the data flow for the `reaching_arguments` scope and value rules with
    /// `calls`, the script facts for compare rules), which the parse then
    /// computes.
    pub fn new(text: &'a Arc<SourceText>, call_sets: usize, wants: Wants) -> Self {
        Self::with_model(text, call_sets, Model::Own(ModelCell::new(wants)))
    }

    /// A file of a pack with `call_sets` call sets whose model is `model`, shared with the
    /// other checks of the file.
    pub fn sharing(text: &'a Arc<SourceText>, call_sets: usize, model: &'a ModelCell) -> Self {
        Self::with_model(text, call_sets, Model::Shared(model))
    }

    fn with_model(text: &'a Arc<SourceText>, call_sets: usize, model: Model<'a>) -> Self {
        SourceFile {
            text,
            bytes: &text.bytes,
            model,
            identifiers: OnceCell::new(),
            dict_keys: OnceCell::new(),
            all_keys: OnceCell::new(),
            call_arguments: (0..call_sets).map(|_| OnceCell::new()).collect(),
            reaching: (0..call_sets).map(|_| OnceCell::new()).collect(),
        }
    }

    /// The model's cell.
    fn cell(&self) -> &ModelCell {
        match &self.model {
            Model::Own(cell) => cell,
            Model::Shared(cell) => cell,
        }
    }

    /// The source model, parsed on first use.
    pub fn model(&self) -> &SourceModel {
        self.cell().get(self.bytes)
    }

    /// The source model if it has been parsed.
    pub fn parsed(&self) -> Option<&SourceModel> {
        self.cell().model.get()
    }

    /// Whether the source model was needed and the file could not be parsed at all.
    pub fn unparsed(&self) -> bool {
        self.parsed()
            .is_some_and(|model| model.not_parsed().is_some())
    }

    /// Whether the occurrence at `range` lies in `scope`; `set` is the rule's call set (with its
    /// index) for [`Scope::CallArguments`].
    pub fn in_scope(
        &self,
        scope: Scope,
        range: Range<usize>,
        set: Option<(usize, &CallSet)>,
    ) -> bool {
        let region = |kind: RegionKind| {
            let model = self.model();
            model.region_at(range.start) == kind
                && model.region_at(range.end.saturating_sub(1)) == kind
        };
        match scope {
            Scope::Text => true,
            Scope::Code => region(RegionKind::Code),
            Scope::Strings => region(RegionKind::String),
            Scope::Comments => region(RegionKind::Comment),
            Scope::Docstrings => region(RegionKind::Docstring),
            Scope::Identifiers => covered(
                self.identifiers.get_or_init(|| self.identifier_ranges()),
                &range,
            ),
            Scope::DictKeys => covered(
                self.dict_keys.get_or_init(|| self.dict_key_ranges()),
                &range,
            ),
            Scope::CallArguments => set.is_some_and(|(index, set)| {
                self.call_arguments.get(index).is_some_and(|cell| {
                    covered(cell.get_or_init(|| self.call_argument_ranges(set)), &range)
                })
            }),
            Scope::ReachingArguments => set.is_some_and(|(index, set)| {
                self.reaching.get(index).is_some_and(|cell| {
                    covered(cell.get_or_init(|| self.reaching_ranges(set)), &range)
                })
            }),
        }
    }

    /// Why a keyword occurrence at `range` that is a keyword name or a dict key did not count
    /// for the `reaching_arguments` scope of `set`; `None` when it is neither (an occurrence
    /// in a comment, a name…), which is not worth explaining.
    pub fn not_counted_reason(&self, range: Range<usize>, set: &CallSet) -> Option<String> {
        let model = self.model();
        let key_ranges = self.all_keys.get_or_init(|| {
            sorted(
                model
                    .calls()
                    .iter()
                    .flat_map(|c| c.flow.reach.iter().map(|f| f.key_range.clone()))
                    .chain(self.dict_key_ranges())
                    .collect(),
            )
        });
        if !covered(key_ranges, &range) {
            return None;
        }
        if !calls::imports_satisfied(set, model) {
            return Some(format!("file imports none of {}", set.imports.join(", ")));
        }
        let inside = |call: &crate::python::Call| {
            call.flow
                .reach
                .iter()
                .any(|f| f.key_range.start <= range.start && range.end <= f.key_range.end)
        };
        if let Some(call) = model
            .calls()
            .iter()
            .find(|c| inside(c) && calls::excluded(set, c))
        {
            return Some(format!("callee excluded: `{}`", call.callee));
        }
        if let Some(call) = model
            .calls()
            .iter()
            .find(|c| inside(c) && c.flow.in_file && calls::callee_matches(set, c))
        {
            return Some(format!(
                "`{}` is a function of this file that passes it to no `{}` call",
                call.callee, set.id
            ));
        }
        Some(format!("never reaches a `{}` call", set.id))
    }

    /// Keyword names and dict keys that reach a call of `set` (when the file meets the set's
    /// import condition).
    fn reaching_ranges(&self, set: &CallSet) -> Vec<Range<usize>> {
        let model = self.model();
        if !calls::imports_satisfied(set, model) {
            return Vec::new();
        }
        sorted(
            model
                .calls()
                .iter()
                .filter(|call| calls::reaches(set, model, call))
                .flat_map(|call| call.flow.reach.iter().map(|f| f.key_range.clone()))
                .collect(),
        )
    }

    fn identifier_ranges(&self) -> Vec<Range<usize>> {
        sorted(self.model().identifier_ranges().to_vec())
    }

    /// String keys of dict displays in calls and in assigned literals (quotes included).
    fn dict_key_ranges(&self) -> Vec<Range<usize>> {
        let model = self.model();
        let mut ranges: Vec<Range<usize>> = model
            .calls()
            .iter()
            .flat_map(|call| model.call_dicts(call))
            .flat_map(|dict| dict.entries.iter().map(|e| e.key_range.clone()))
            .collect();
        for value in model.assignments().iter().filter_map(|a| a.value.as_ref()) {
            ranges.extend(
                value
                    .nested_dict_entries()
                    .into_iter()
                    .filter(|(key, _)| matches!(key.value, Literal::Str(_)))
                    .map(|(key, _)| key.range.clone()),
            );
        }
        sorted(ranges)
    }

    /// Keyword-argument names and dict keys inside the calls of `set`.
    fn call_argument_ranges(&self, set: &CallSet) -> Vec<Range<usize>> {
        let model = self.model();
        let mut ranges = Vec::new();
        for call in calls::matching(set, model) {
            ranges.extend(call.keywords.iter().map(|k| k.name_range.clone()));
            ranges.extend(
                model
                    .call_dicts(call)
                    .iter()
                    .flat_map(|dict| dict.entries.iter().map(|e| e.key_range.clone())),
            );
        }
        sorted(ranges)
    }
}

fn sorted(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    ranges.dedup();
    ranges
}

/// Whether some range of `sorted` contains `range`. The ranges are tokens (names, string
/// literals), so they never overlap and only the last one starting at or before `range` can.
fn covered(sorted: &[Range<usize>], range: &Range<usize>) -> bool {
    let after = sorted.partition_point(|r| r.start <= range.start);
    after > 0 && sorted[after - 1].end >= range.end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::CalleeMatch;

    const CODE: &str = r#""""Module docstring: alpha."""
import os  # comment: beta
gamma = "string: delta"
os.run(epsilon=1, opts={"zeta": 2})
other(omega=3, opts={"theta": 4})
config = {"iota": {"kappa": 5}}
listed = [{"sigma": 6}]
"#;

    /// The scopes in which the word's first occurrence counts.
    fn scopes_of(word: &str) -> Vec<Scope> {
        let set = CallSet {
            id: "runs".into(),
            callees: vec!["run".into()],
            mode: CalleeMatch::Name,
            imports: Vec::new(),
            exclude: Vec::new(),
            extends: None,
        };
        let text = SourceText::new("t.py".into(), CODE.into());
        let file = SourceFile::new(
            &text,
            1,
            crate::python::Wants {
                flow: true,
                facts: false,
            },
        );
        let start = CODE
            .find(word)
            .unwrap_or_else(|| panic!("{word} not in the code"));
        let range = start..start + word.len();
        [
            Scope::Text,
            Scope::Code,
            Scope::Strings,
            Scope::Comments,
            Scope::Docstrings,
            Scope::Identifiers,
            Scope::CallArguments,
            Scope::DictKeys,
        ]
        .into_iter()
        .filter(|&scope| file.in_scope(scope, range.clone(), Some((0, &set))))
        .collect()
    }

    #[test]
    fn each_region_scope_holds_its_own_occurrences() {
        use Scope::*;
        assert_eq!(scopes_of("alpha"), [Text, Docstrings]);
        assert_eq!(scopes_of("beta"), [Text, Comments]);
        assert_eq!(scopes_of("delta"), [Text, Strings]);
        assert_eq!(scopes_of("gamma"), [Text, Code, Identifiers]);
    }

    #[test]
    fn call_arguments_are_keyword_names_and_dict_keys_of_the_sets_calls_only() {
        use Scope::*;
        assert_eq!(
            scopes_of("epsilon"),
            [Text, Code, Identifiers, CallArguments]
        );
        assert_eq!(scopes_of("zeta"), [Text, Strings, CallArguments, DictKeys]);
        assert_eq!(scopes_of("omega"), [Text, Code, Identifiers]);
        assert_eq!(scopes_of("theta"), [Text, Strings, DictKeys]);
    }

    #[test]
    fn dict_keys_include_nested_keys_of_assigned_literals() {
        use Scope::*;
        assert_eq!(scopes_of("iota"), [Text, Strings, DictKeys]);
        assert_eq!(scopes_of("kappa"), [Text, Strings, DictKeys]);
    }

    #[test]
    fn dict_keys_include_keys_of_dicts_inside_assigned_lists() {
        use Scope::*;
        assert_eq!(scopes_of("sigma"), [Text, Strings, DictKeys]);
    }

    #[test]
    fn an_occurrence_across_a_region_boundary_is_in_neither_region() {
        let text = SourceText::new("t.py".into(), b"x = 'ab' # cd\n".to_vec());
        let file = SourceFile::new(&text, 0, Wants::default());
        // `' #` spans the end of the string and the start of the comment.
        assert!(!file.in_scope(Scope::Strings, 7..10, None));
        assert!(!file.in_scope(Scope::Comments, 7..10, None));
        assert!(!file.in_scope(Scope::Code, 7..10, None));
    }
}
