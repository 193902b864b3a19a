//! The structure of a value that reaches a call set, for `part` and `required_items`: the part a
//! rule addresses (dotted steps into a dict's keys and the keyword arguments of a constructor
//! call) and the items present in it (the values of `field` across a list of dicts, a dict's
//! keys, a constructor call's keyword arguments, a list's strings).
//!
//! Only what the file shows whole is read, never guessed: a value built by an expression, a
//! comprehension, `**expr`, `*args`, a key or an element that is not a literal, a call that is
//! not a constructor (its result is unknown) or has positional arguments, or a name whose
//! literal the data flow cannot give (or gives several of, for a nested value) is not read, and
//! whatever depends on it is not judged.

use std::ops::Range;

use crate::engine::calls;
use crate::pack::types::CallSet;
use crate::python::{Call, Fact, Literal, LiteralValue, SourceModel};

/// Reads the structure of the values that reach `reaching` calls.
pub struct Reader<'m> {
    /// The file's model, whose calls describe call literals.
    pub model: &'m SourceModel,
    /// The calls that build the values they return (with `dict(...)`), if the rule names them.
    pub constructors: Option<&'m CallSet>,
    /// The calls of the rule's set the values reach: their data flow says what a name inside a
    /// value is bound to.
    pub reaching: Vec<&'m Call>,
}

/// A value inside a reaching value, with the constructor call it is an argument of (whose data
/// flow resolves names inside it), or `None` for the reaching calls'.
#[derive(Clone, Copy)]
pub struct Part<'m> {
    /// The value.
    pub value: &'m LiteralValue,
    within: Option<&'m Call>,
}

/// One entry of a dict or a constructor call: its key, the key's byte range, and its value
/// (`None` when not a literal: a name the data flow may resolve).
type Entry<'m> = (&'m str, &'m Range<usize>, Option<&'m LiteralValue>);

impl<'m> Reader<'m> {
    /// The parts of `value` at `steps` (each a dict key or a keyword argument), one per literal
    /// the steps may lead to; none where a step is absent or the file does not show it.
    pub fn part(&self, value: &'m LiteralValue, steps: &[String]) -> Vec<Part<'m>> {
        let mut parts = vec![Part {
            value,
            within: None,
        }];
        for step in steps {
            parts = parts
                .into_iter()
                .filter_map(|part| {
                    let (entries, within) = self.entries(part)?;
                    let (_, key, value) = entries.into_iter().rev().find(|(k, ..)| k == step)?;
                    self.resolve(key, value, within)
                })
                .flatten()
                .collect();
        }
        parts
    }

    /// The items of a part (with `field`, the string values of that key of each dict of a
    /// list), or `None` if the file does not show them all.
    pub fn items(&self, part: Part<'m>, field: Option<&str>) -> Option<Vec<&'m str>> {
        let Some(field) = field else {
            if let Some((entries, _)) = self.entries(part) {
                return Some(entries.into_iter().map(|(key, ..)| key).collect());
            }
            return strings(part.value.value.elements()?);
        };
        let mut items = Vec::new();
        for element in part.value.value.elements()? {
            let item = Part {
                value: element,
                within: part.within,
            };
            let (entries, within) = self.entries(item)?;
            let Some((_, key, value)) = entries.into_iter().rev().find(|(k, ..)| *k == field)
            else {
                continue;
            };
            match self.resolve(key, value, within)?.as_slice() {
                [one] => match &one.value.value {
                    Literal::Str(text) => items.push(text.as_str()),
                    Literal::Call { .. } => return None,
                    _ => {}
                },
                _ => return None,
            }
        }
        Some(items)
    }

    /// The entries of a dict display, or of a `dict(...)` or constructor call, with the call
    /// whose flow resolves their values; `None` if the part is neither or not shown whole.
    fn entries(&self, part: Part<'m>) -> Option<(Vec<Entry<'m>>, Option<&'m Call>)> {
        match &part.value.value {
            Literal::Dict(pairs) => {
                let mut entries = Vec::with_capacity(pairs.len());
                for (key, value) in pairs {
                    match &key.value {
                        Literal::Str(name) => entries.push((name.as_str(), &key.range, Some(value))),
                        Literal::Unknown | Literal::Call { .. } => return None,
                        _ => {}
                    }
                }
                Some((entries, part.within))
            }
            Literal::Call { callee } => {
                let call = self.model.call_at(callee)?;
                if !self.builds_object(call) || call.spread || !call.args.is_empty() {
                    return None;
                }
                let entries = call
                    .keywords
                    .iter()
                    .map(|k| (k.name.as_str(), &k.name_range, k.value.as_ref()))
                    .collect();
                Some((entries, Some(call)))
            }
            _ => None,
        }
    }

    /// Whether a call builds the object it returns from its keyword arguments: `dict(...)`, or
    /// one of the rule's constructors.
    fn builds_object(&self, call: &Call) -> bool {
        call.dotted_name() == Some("dict")
            || self.constructors.is_some_and(|set| {
                calls::imports_satisfied(set, self.model) && calls::callee_matches(set, call)
            })
    }

    /// The literals an entry's value may be: itself, or what the data flow binds the name it is
    /// to (`None` if the flow knows no literal or the value is changed after it is written).
    fn resolve(
        &self,
        key: &Range<usize>,
        value: Option<&'m LiteralValue>,
        within: Option<&'m Call>,
    ) -> Option<Vec<Part<'m>>> {
        let part = |value| Part { value, within };
        if let Some(value) = value.filter(|v| v.value != Literal::Unknown) {
            return Some(vec![part(value)]);
        }
        let same = |fact: &&Fact| fact.key_range == *key;
        let fact = match within {
            Some(call) => call.flow.reach.iter().find(same),
            None => self
                .reaching
                .iter()
                .flat_map(|call| &call.flow.reach)
                .find(same),
        }?;
        if fact.altered || fact.values.is_empty() {
            return None;
        }
        Some(fact.values.iter().map(part).collect())
    }
}

/// The strings of a list, tuple or set; `None` if an element is not a literal (or a call).
fn strings(elements: &[LiteralValue]) -> Option<Vec<&str>> {
    let mut items = Vec::with_capacity(elements.len());
    for element in elements {
        match &element.value {
            Literal::Str(text) => items.push(text.as_str()),
            Literal::Unknown | Literal::Call { .. } => return None,
            _ => {}
        }
    }
    Some(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::CalleeMatch;

    /// The items (`None`: not shown whole) of each part at `steps` of each literal bound to `x`
    /// where it reaches `send(...)`, with `Report` and `Origin` as constructors.
    fn items(code: &str, steps: &[&str], field: Option<&str>) -> Vec<Option<Vec<String>>> {
        let model = SourceModel::parse(code.as_bytes());
        let set = CallSet {
            id: "objects".into(),
            callees: vec!["Report".into(), "Origin".into()],
            mode: CalleeMatch::Name,
            imports: Vec::new(),
            exclude: Vec::new(),
            extends: None,
        };
        let reaching: Vec<&Call> = model
            .calls()
            .iter()
            .filter(|c| c.callee == "send")
            .collect();
        let reader = Reader {
            model: &model,
            constructors: Some(&set),
            reaching: reaching.clone(),
        };
        let steps: Vec<String> = steps.iter().map(|s| (*s).to_owned()).collect();
        let fact = reaching
            .iter()
            .flat_map(|c| &c.flow.reach)
            .find(|f| f.key == "x")
            .expect("x reaches send");
        let mut found: Vec<_> = fact
            .values
            .iter()
            .flat_map(|value| reader.part(value, &steps))
            .map(|part| {
                let items = reader.items(part, field);
                items.map(|list| list.into_iter().map(str::to_owned).collect())
            })
            .collect();
        found.sort();
        found
    }

    fn shown(items: &[&str]) -> Option<Vec<String>> {
        Some(items.iter().map(|s| (*s).to_owned()).collect())
    }

    #[test]
    fn the_items_of_a_dict_a_constructor_call_dict_call_and_list_are_read() {
        assert_eq!(items("send(x={'a': 1, 'b': n})", &[], None), [shown(&["a", "b"])]);
        assert_eq!(items("send(x=Report(a=1, **{'b': 2}))", &[], None), [shown(&["a", "b"])]);
        assert_eq!(items("send(x=dict(a=1))", &[], None), [shown(&["a"])]);
        assert_eq!(items("send(x=['a', 1, 'b'])", &[], None), [shown(&["a", "b"])]);
    }

    #[test]
    fn the_values_of_a_field_across_a_list_of_dicts_are_its_items_through_names_too() {
        let code = "K = 'owner'\nsend(x=[{'Key': K}, {'Value': 1}, {'Key': 'cc'}])";
        assert_eq!(items(code, &[], Some("Key")), [shown(&["owner", "cc"])]);
    }

    #[test]
    fn what_the_file_does_not_show_whole_is_not_read() {
        for code in [
            "send(x={k: 1})",
            "send(x=[name, 'a'])",
            "send(x=[f(), 'a'])",
            "send(x=Report(base, a=1))",
            "send(x=Report(a=1, **more))",
            "send(x=build(a=1))",
            "send(x=dict(base, a=1))",
        ] {
            assert_eq!(items(code, &[], None), [None], "{code}");
        }
        for code in [
            "send(x=[{'Key': f()}])",
            "send(x=[{'Key': unknown}])",
            "send(x=[{k: 'owner'}])",
            "send(x=[tag])",
        ] {
            assert_eq!(items(code, &[], Some("Key")), [None], "{code}");
        }
    }

    #[test]
    fn a_part_is_reached_through_keyword_arguments_dict_keys_and_names() {
        let code = "s = Origin(uri=u, kind='json')\nsend(x=Report(stats=s, other={'deep': {'k': 1}}))";
        assert_eq!(items(code, &["stats"], None), [shown(&["uri", "kind"])]);
        assert_eq!(items(code, &["other", "deep"], None), [shown(&["k"])]);
        // An absent step leaves nothing to judge; a step into what is not shown, nothing either.
        assert_eq!(items(code, &["missing"], None), []);
        assert_eq!(items("send(x=Report(stats=load()))", &["stats"], None), [None]);
        assert_eq!(items("send(x=Report(stats=unknown))", &["stats"], None), []);
    }

    #[test]
    fn a_part_changed_through_its_name_is_not_read() {
        let code = "s = Origin(uri=u)\ns.kind = 'json'\nsend(x=Report(stats=s))";
        assert_eq!(items(code, &["stats"], None), []);
    }
}
