//! Which calls of a file belong to a pack's `[[calls]]` set (read by the evidence phase):
//! callee comparison and the set's import condition.

use crate::pack::{CallSet, CalleeMatch};
use crate::python::{Call, ImportKind, SourceModel};

/// Whether `call` is one of the set's callees (ignoring the import condition).
pub fn callee_matches(set: &CallSet, call: &Call) -> bool {
    set.callees.iter().any(|entry| match set.mode {
        CalleeMatch::Substring => contains_ignore_ascii_case(&call.callee, entry),
        CalleeMatch::Name => call.method_name() == Some(entry.as_str()),
        CalleeMatch::Exact => call.dotted_name() == Some(entry.as_str()),
    })
}

/// Whether the file meets the set's import condition: no condition, or it imports one of the
/// modules (or a submodule of one).
pub fn imports_satisfied(set: &CallSet, model: &SourceModel) -> bool {
    if set.imports.is_empty() {
        return true;
    }
    let within = |module: &str, wanted: &str| {
        module == wanted
            || module
                .strip_prefix(wanted)
                .is_some_and(|rest| rest.starts_with('.'))
    };
    model.imports().iter().any(|import| {
        set.imports.iter().any(|wanted| match import.kind {
            ImportKind::Import => import.names.iter().any(|n| within(n, wanted)),
            ImportKind::From => import.module.as_deref().is_some_and(|m| within(m, wanted)),
        })
    })
}

/// The calls of the file that belong to the set, honouring its import condition.
pub fn matching<'m>(
    set: &'m CallSet,
    model: &'m SourceModel,
) -> impl Iterator<Item = &'m Call> + 'm {
    let allowed = imports_satisfied(set, model);
    model
        .calls()
        .iter()
        .filter(move |call| allowed && callee_matches(set, call))
}

fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    let (haystack, needle) = (haystack.as_bytes(), needle.as_bytes());
    needle.is_empty()
        || haystack
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(mode: CalleeMatch, callees: &[&str], imports: &[&str]) -> CallSet {
        CallSet {
            id: "s".into(),
            callees: callees.iter().map(|c| (*c).to_owned()).collect(),
            mode,
            imports: imports.iter().map(|c| (*c).to_owned()).collect(),
        }
    }

    fn callees(set: &CallSet, code: &str) -> Vec<String> {
        let model = SourceModel::parse(code.as_bytes());
        matching(set, &model).map(|c| c.callee.clone()).collect()
    }

    const CODE: &str = "import boto3\nm.Fit(a=1)\nfit(b=2)\nx.y.fit(c=3)\nrefit()\n";

    #[test]
    fn substring_mode_ignores_ascii_case_anywhere_in_the_callee() {
        let s = set(CalleeMatch::Substring, &["fit"], &[]);
        assert_eq!(callees(&s, CODE), ["m.Fit", "fit", "x.y.fit", "refit"]);
    }

    #[test]
    fn name_mode_compares_the_last_name_exactly() {
        let s = set(CalleeMatch::Name, &["fit"], &[]);
        assert_eq!(callees(&s, CODE), ["fit", "x.y.fit"]);
    }

    #[test]
    fn exact_mode_compares_the_whole_dotted_callee() {
        let s = set(CalleeMatch::Exact, &["x.y.fit"], &[]);
        assert_eq!(callees(&s, CODE), ["x.y.fit"]);
    }

    #[test]
    fn an_import_condition_needs_the_module_or_a_submodule() {
        let fit = |imports: &[&str], code: &str| {
            callees(&set(CalleeMatch::Name, &["fit"], imports), code)
        };
        assert_eq!(fit(&["boto3"], CODE).len(), 2);
        assert!(fit(&["numpy"], CODE).is_empty());
        assert_eq!(
            fit(&["numpy"], "from numpy.linalg import x\nfit()\n").len(),
            1
        );
        assert!(
            fit(&["num"], "import numpy\nfit()\n").is_empty(),
            "a prefix is not a module"
        );
    }
}
