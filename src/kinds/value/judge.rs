//! A value rule's evidence: find the literals a file binds to some names — as keyword
//! arguments, dict entries, assignments or declared parameters — and judge them against the
//! rule's constraints.
//! Only literals are judged: a variable or an expression the file cannot know is skipped.
//!
//! A rule restricted to a call set judges only what reaches an argument of one of the set's
//! calls through the file's data flow: a literal bound to the name there (directly, or through
//! a variable, a dict built elsewhere, a helper's return), or the value of a `[[binding]]` call
//! (a pipeline parameter) whose result reaches one. A literal out of an `allowed` list carries
//! the nearest allowed value as a suggestion ([`crate::suggest`]).

use std::collections::HashMap;
use std::ops::Range;

use super::structure::Reader;
use super::{Constraints, ValueCheck};
use crate::engine::calls;
use crate::pack::model::Binding;
use crate::pack::types::{BindingSpec, CallSet};
use crate::python::{Call, Literal, LiteralValue, SourceModel};
use crate::suggest;

/// One literal that breaks a constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The name the literal is bound to (`Tags[].Key` for a field of list items).
    pub key: String,
    /// The literal as judged: the string, or the item count for `max_items`.
    pub value: String,
    /// Where the literal is, in bytes.
    pub range: Range<usize>,
    /// The allowed value the literal was probably meant to be.
    pub suggestion: Option<String>,
    /// The required items the value lacks (`required_items`), comma-separated.
    pub missing: Option<String>,
}

/// What a value rule found in one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValueOutcome {
    /// How many literals were judged.
    pub checked: usize,
    /// The ones that broke a constraint, in source order.
    pub violations: Vec<Violation>,
}

/// Judges every literal the file binds to the rule's names.
pub fn evaluate(
    call_sets: &[CallSet],
    bindings: &[BindingSpec],
    check: &ValueCheck,
    model: &SourceModel,
) -> ValueOutcome {
    let pack = Declared {
        call_sets,
        bindings,
    };
    let mut outcome = ValueOutcome::default();
    // `part` and `required_items` read the structure of what reaches the rule's call set.
    let reader = match check.search.calls {
        Some(set) if check.reads_structure() => Some(Reader {
            model,
            constructors: check.constructors.map(|c| &call_sets[c]),
            reaching: reaching_calls(&call_sets[set], model),
        }),
        _ => None,
    };
    for bound in bound_literals(&pack, check, model) {
        match &reader {
            Some(reader) => judge_structure(reader, check, bound, &mut outcome),
            None => judge_field(check, bound.key, bound.literal, &mut outcome),
        }
    }
    outcome.violations.sort_by_key(|v| v.range.start);
    outcome
}

/// A literal bound to one of a rule's names.
struct Bound<'m> {
    /// The name (or dict key) it is bound to.
    key: String,
    /// The literal.
    literal: &'m LiteralValue,
    /// Whether the value may be changed through its name after it is written.
    altered: bool,
}

impl<'m> Bound<'m> {
    fn new(key: String, literal: &'m LiteralValue) -> Self {
        Bound {
            key,
            literal,
            altered: false,
        }
    }
}

/// Judges a literal, or with `field` that key of each dict of a list literal.
fn judge_field(check: &ValueCheck, key: String, literal: &LiteralValue, outcome: &mut ValueOutcome) {
    match &check.field {
        None => judge(&check.constraints, key, literal, outcome),
        Some(field) => {
            let key = format!("{key}[].{field}");
            for item in literal.value.elements().unwrap_or_default() {
                if let Some(value) = item.value.dict_get(field) {
                    judge(&check.constraints, key.clone(), value, outcome);
                }
            }
        }
    }
}

/// Judges the `part` of a reaching value (each literal it may be): against `required_items`,
/// or the other constraints. A value the file changes after writing it is not judged.
fn judge_structure(reader: &Reader, check: &ValueCheck, bound: Bound, outcome: &mut ValueOutcome) {
    if bound.altered {
        return;
    }
    let mut key = bound.key;
    if !check.part.is_empty() {
        key = format!("{key}.{}", check.part.join("."));
    }
    let required = &check.constraints.required_items;
    for part in reader.part(bound.literal, &check.part) {
        if required.is_empty() {
            judge_field(check, key.clone(), part.value, outcome);
            continue;
        }
        let Some(items) = reader.items(part, check.field.as_deref()) else {
            continue;
        };
        outcome.checked += 1;
        let case = check.constraints.case_sensitive;
        let present = |wanted: &str| {
            items.iter().any(|item| {
                *item == wanted || (!case && item.to_lowercase() == wanted.to_lowercase())
            })
        };
        let missing: Vec<&str> = required
            .iter()
            .map(String::as_str)
            .filter(|wanted| !present(wanted))
            .collect();
        if !missing.is_empty() {
            let key = match &check.field {
                Some(field) => format!("{key}[].{field}"),
                None => key.clone(),
            };
            outcome.violations.push(Violation {
                key,
                value: String::new(),
                range: part.value.range.clone(),
                suggestion: None,
                missing: Some(missing.join(", ")),
            });
        }
    }
}

/// What a pack declares that value rules use: its call sets and `[[binding]]`s.
struct Declared<'p> {
    call_sets: &'p [CallSet],
    bindings: &'p [BindingSpec],
}

/// Every literal bound to one of the names, each once (for a rule restricted to a call set,
/// [`reaching_literals`]).
fn bound_literals<'m>(
    pack: &Declared<'m>,
    check: &ValueCheck,
    model: &'m SourceModel,
) -> Vec<Bound<'m>> {
    let wanted = |name: &str| check.search.names.iter().any(|n| n == name);
    if let Some(set) = check.search.calls {
        return reaching_literals(pack, check, &pack.call_sets[set], model);
    }
    let mut found: Vec<Bound> = Vec::new();
    for binding in &check.bindings {
        match binding {
            Binding::KeywordArguments => {
                for call in model.calls() {
                    for kw in call.keywords.iter().filter(|k| wanted(&k.name)) {
                        found.extend(kw.value.as_ref().map(|v| Bound::new(kw.name.clone(), v)));
                    }
                }
            }
            Binding::DictEntries => {
                for call in model.calls() {
                    for entry in model.call_dicts(call).iter().flat_map(|d| &d.entries) {
                        if wanted(&entry.key) {
                            found.extend(
                                entry.value.as_ref().map(|v| Bound::new(entry.key.clone(), v)),
                            );
                        }
                    }
                }
                for value in model.assignments().iter().filter_map(|a| a.value.as_ref()) {
                    found.extend(value.nested_dict_entries().into_iter().filter_map(
                        |(key, item)| {
                            let name = key.value.as_str().filter(|k| wanted(k))?;
                            Some(Bound::new(name.to_owned(), item))
                        },
                    ));
                }
            }
            Binding::Assignments => {
                for assignment in model.assignments().iter().filter(|a| wanted(&a.target)) {
                    found.extend(
                        assignment
                            .value
                            .as_ref()
                            .map(|v| Bound::new(assignment.target.clone(), v)),
                    );
                }
            }
            Binding::Parameters => {
                for spec in pack.bindings {
                    for call in calls::matching(&pack.call_sets[spec.calls], model) {
                        found.extend(bound_parameter(spec, call, &wanted));
                    }
                }
            }
        }
    }
    once_each(found)
}

/// The calls of the file that count for `set` by data flow (none if the file does not meet the
/// set's import condition).
fn reaching_calls<'m>(set: &CallSet, model: &'m SourceModel) -> Vec<&'m Call> {
    if !calls::imports_satisfied(set, model) {
        return Vec::new();
    }
    model
        .calls()
        .iter()
        .filter(|call| calls::reaches(set, model, call))
        .collect()
}

/// Every literal bound to one of the names where it reaches an argument of a call of `set`, and
/// the value of every `[[binding]]` call whose result reaches one; each once.
fn reaching_literals<'m>(
    pack: &Declared<'m>,
    check: &ValueCheck,
    set: &CallSet,
    model: &'m SourceModel,
) -> Vec<Bound<'m>> {
    let mut found: Vec<Bound> = Vec::new();
    if !calls::imports_satisfied(set, model) {
        return found;
    }
    let wanted = |name: &str| check.search.names.iter().any(|n| n == name);
    let reaching = reaching_calls(set, model);
    let by_name = check.bindings.iter().any(|b| *b != Binding::Parameters);
    for call in reaching.iter().filter(|_| by_name) {
        for fact in call.flow.reach.iter().filter(|f| wanted(&f.key)) {
            found.extend(fact.values.iter().map(|v| Bound {
                key: fact.key.clone(),
                literal: v,
                altered: fact.altered,
            }));
        }
    }
    if check.bindings.contains(&Binding::Parameters) {
        for spec in pack.bindings {
            let binder = &pack.call_sets[spec.calls];
            if !calls::imports_satisfied(binder, model) {
                continue;
            }
            for (index, call) in model.calls().iter().enumerate() {
                if !calls::callee_matches(binder, call)
                    || !reaching.iter().any(|r| r.flow.sources.contains(&index))
                {
                    continue;
                }
                found.extend(bound_parameter(spec, call, &wanted));
            }
        }
    }
    once_each(found)
}

/// The literal a `[[binding]]` call binds, when its name is one of the wanted ones.
fn bound_parameter<'c>(
    spec: &BindingSpec,
    call: &'c Call,
    wanted: &dyn Fn(&str) -> bool,
) -> Option<Bound<'c>> {
    let name = argument(call, &spec.name_argument, spec.name_position)
        .and_then(|v| v.value.as_str())
        .filter(|n| wanted(n))?;
    let value = argument(call, &spec.value_argument, spec.value_position)?;
    Some(Bound::new(name.to_owned(), value))
}

/// The bindings with each literal once (one literal can be bound several ways), altered if it
/// is through any of them.
fn once_each(found: Vec<Bound>) -> Vec<Bound> {
    let mut first: HashMap<usize, usize> = HashMap::new();
    let mut kept: Vec<Bound> = Vec::with_capacity(found.len());
    for bound in found {
        match first.get(&bound.literal.range.start) {
            Some(&i) => {
                if let Some(known) = kept.get_mut(i) {
                    known.altered |= bound.altered;
                }
            }
            None => {
                first.insert(bound.literal.range.start, kept.len());
                kept.push(bound);
            }
        }
    }
    kept
}

/// A call's argument by keyword, or else by position.
fn argument<'c>(
    call: &'c Call,
    keyword: &str,
    position: Option<usize>,
) -> Option<&'c LiteralValue> {
    match call.keyword(keyword) {
        Some(kw) => kw.value.as_ref(),
        None => {
            let positional = call.args.iter().take_while(|a| !a.starred);
            positional.clone().nth(position?)?.value.as_ref()
        }
    }
}

fn judge(
    constraints: &Constraints,
    key: String,
    literal: &LiteralValue,
    outcome: &mut ValueOutcome,
) {
    let mut suggestion = None;
    let violation = match &literal.value {
        Literal::Str(text) => {
            outcome.checked += 1;
            let broken = breaks(constraints, text);
            if broken && let Some(allowed) = &constraints.allowed {
                suggestion = suggest::nearest_value(text, allowed);
            }
            broken.then(|| text.clone())
        }
        Literal::List(items) | Literal::Tuple(items) | Literal::Set(items)
            if constraints.max_items.is_some() =>
        {
            outcome.checked += 1;
            too_many(constraints, items.len())
        }
        Literal::Dict(entries) if constraints.max_items.is_some() => {
            outcome.checked += 1;
            too_many(constraints, entries.len())
        }
        _ => None,
    };
    if let Some(value) = violation {
        outcome.violations.push(Violation {
            key,
            value,
            range: literal.range.clone(),
            suggestion,
            missing: None,
        });
    }
}

fn too_many(constraints: &Constraints, count: usize) -> Option<String> {
    constraints
        .max_items
        .filter(|&max| count > max)
        .map(|_| format!("{count} items"))
}

/// Whether a string breaks any string constraint.
fn breaks(c: &Constraints, text: &str) -> bool {
    let length = text.chars().count();
    let not_allowed = c.allowed.as_ref().is_some_and(|allowed| {
        !allowed.iter().any(|a| {
            if c.case_sensitive {
                a == text
            } else {
                a.to_lowercase() == text.to_lowercase()
            }
        })
    });
    not_allowed
        || c.pattern.as_ref().is_some_and(|p| !p.is_match(text))
        || c.reject_pattern.as_ref().is_some_and(|p| p.is_match(text))
        || c.min_length.is_some_and(|min| length < min)
        || c.max_length.is_some_and(|max| length > max)
}
