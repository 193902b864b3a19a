//! Which calls of a file belong to a pack's `[[calls]]` set (read by the evidence phase):
//! callee comparison (as written, or through an import alias), the set's exclusions, its
//! import condition, and the calls that reach the set through in-file wrapper functions.

use crate::pack::{CallSet, CalleeMatch};
use crate::python::{Call, ImportKind, SourceModel};

/// Whether `call` is one of the set's callees and none of its exclusions (ignoring the import
/// condition). The callee is compared as written and, after `import x as y`, as what the alias
/// names.
pub fn callee_matches(set: &CallSet, call: &Call) -> bool {
    matches_any(set, &set.callees, call) && !matches_any(set, &set.exclude, call)
}

/// Whether `call` matches the set's callees but is excluded by its `exclude` list.
pub fn excluded(set: &CallSet, call: &Call) -> bool {
    matches_any(set, &set.callees, call) && matches_any(set, &set.exclude, call)
}

/// Whether `call` counts for the set by data flow: an in-file wrapper forwards its arguments to
/// a call of the set, or, when the callee is not a function of the file (whose own code says
/// what it does with them), it is one of the set's calls. The import condition is the caller's.
pub fn reaches(set: &CallSet, model: &SourceModel, call: &Call) -> bool {
    (!call.flow.in_file && callee_matches(set, call))
        || call
            .flow
            .forwards
            .iter()
            .any(|&i| model.calls().get(i).is_some_and(|c| callee_matches(set, c)))
}

fn matches_any(set: &CallSet, entries: &[String], call: &Call) -> bool {
    let dotted = call.dotted_name().is_some();
    let written = (call.callee.as_str(), call.dotted_name(), call.method_name());
    let unaliased = call.unaliased.as_deref().map(|u| {
        let last = u.rsplit('.').next();
        (u, dotted.then_some(u), call.method_name().and(last))
    });
    [Some(written), unaliased]
        .into_iter()
        .flatten()
        .any(|(callee, dotted, method)| {
            entries.iter().any(|entry| match set.mode {
                CalleeMatch::Substring => in_last_name_ignore_ascii_case(callee, entry),
                CalleeMatch::Name => method == Some(entry.as_str()),
                CalleeMatch::Exact => dotted == Some(entry.as_str()),
            })
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

/// Whether `needle` occurs in `callee`, ignoring ASCII case, in an occurrence that reaches its
/// last name: `codecs.lookup` and `lookup` are in `codecs.lookup`, but `data_set` is not in
/// `DataSet().load` (the call is a `load`, made on a data set).
fn in_last_name_ignore_ascii_case(callee: &str, needle: &str) -> bool {
    let (haystack, needle) = (callee.as_bytes(), needle.as_bytes());
    let last = callee.rfind('.').map_or(0, |dot| dot + 1);
    needle.is_empty()
        || haystack
            .windows(needle.len())
            .enumerate()
            .any(|(start, w)| start + needle.len() > last && w.eq_ignore_ascii_case(needle))
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
            exclude: Vec::new(),
            extends: None,
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
    fn substring_mode_needs_the_occurrence_to_reach_the_last_name() {
        let code = "DataSet(uri=u).load(1)\nclient.create_data_set()\ncodecs.lookup(f)\n\
                    data_set.delete()\n";
        let s = set(CalleeMatch::Substring, &["data_set", "s.loo"], &[]);
        assert_eq!(
            callees(&s, code),
            ["client.create_data_set", "codecs.lookup"]
        );
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

    #[test]
    fn an_aliased_callee_matches_what_the_alias_names() {
        let s = set(CalleeMatch::Name, &["Pipeline"], &["sklearn"]);
        let code = "def f():\n    from sklearn.pipeline import Pipeline as P\n    P(steps=[])\n";
        assert_eq!(callees(&s, code), ["P"]);
    }

    #[test]
    fn excluded_callees_are_not_in_the_set() {
        let mut s = set(CalleeMatch::Substring, &["fit"], &[]);
        s.exclude = vec!["fit_transform".into()];
        let code = "m.fit(x)\nm.fit_transform(x)\n";
        assert_eq!(callees(&s, code), ["m.fit"]);
        let model = SourceModel::parse(code.as_bytes());
        assert!(excluded(&s, &model.calls()[1]));
    }

    #[test]
    fn a_call_of_an_in_file_function_reaches_the_set_only_through_what_it_forwards() {
        let s = set(CalleeMatch::Substring, &["fit"], &[]);
        let code = "def fit_all(**kw):\n    log(**kw)\n\ndef train(**kw):\n    m.fit(**kw)\n\nfit_all(a=1)\ntrain(b=2)\n";
        let model = SourceModel::parse(code.as_bytes());
        let reaching: Vec<&str> = model
            .calls()
            .iter()
            .filter(|c| reaches(&s, &model, c))
            .map(|c| c.callee.as_str())
            .collect();
        assert_eq!(reaching, ["m.fit", "train"]);
    }
}
