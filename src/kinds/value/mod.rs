//! `value` rules: literals bound to some names — as keyword arguments, dict entries,
//! assignments or declared parameters, or only those reaching a call set — must meet the rule's
//! constraints; each literal that breaks one is a finding at the literal (`judge.rs`). Of a value
//! reaching a call set, a rule may judge a part (`part`) and require items in it
//! (`required_items`), reading only what the file shows whole (`structure.rs`).

mod judge;
mod structure;
mod validate;

use std::fmt::Write as _;

use regex::Regex;

use super::{ExplainContext, Kind, quoted};
use crate::engine::evidence::{Evaluation, Fired};
use crate::engine::fix::Fix;
use crate::engine::search::ValueSearch;
use crate::engine::outcome::{Evidence, Location};
use crate::pack::model::{Applicability, Binding, RuleDef};
use crate::pack::validate::context::{Ctx, Names};
use crate::python::quote;

/// A value rule's selection and constraints.
#[derive(Debug)]
pub struct ValueCheck {
    /// The names whose bound literals are judged, and the call set they must reach.
    pub search: ValueSearch,
    /// Where bindings are looked for.
    pub bindings: Vec<Binding>,
    /// Judge this key of each dict item of a list value.
    pub field: Option<String>,
    /// The steps to the part of each reaching value that is judged (empty: the value itself).
    pub part: Vec<String>,
    /// The call set whose calls build the values they return (`constructors`).
    pub constructors: Option<usize>,
    /// The constraints.
    pub constraints: Constraints,
    /// Whether a finding with a did-you-mean carries a fix, and how it may be applied.
    pub fix: Option<Applicability>,
}

impl ValueCheck {
    /// Whether the rule reads the structure of reaching values (`part`, `required_items`).
    fn reads_structure(&self) -> bool {
        !self.part.is_empty() || !self.constraints.required_items.is_empty()
    }
}

/// Constraints on a literal.
#[derive(Debug, Default)]
pub struct Constraints {
    /// The only allowed strings.
    pub allowed: Option<Vec<String>>,
    /// Whether `allowed` compares case exactly.
    pub case_sensitive: bool,
    /// A regex strings must match.
    pub pattern: Option<Regex>,
    /// A regex strings must not match.
    pub reject_pattern: Option<Regex>,
    /// Minimum string length in characters.
    pub min_length: Option<usize>,
    /// Maximum string length in characters.
    pub max_length: Option<usize>,
    /// Maximum number of items of a container.
    pub max_items: Option<usize>,
    /// Items each reaching value must hold (empty: none).
    pub required_items: Vec<String>,
}

impl Kind for ValueCheck {
    const KEYS: &'static [&'static str] = &[
        "case_sensitive",
        "calls",
        "names",
        "bindings",
        "field",
        "allowed",
        "pattern",
        "reject_pattern",
        "min_length",
        "max_length",
        "max_items",
        "required_items",
        "part",
        "constructors",
        "fix",
    ];
    const VARIABLES: &'static [&'static str] = &["value", "key", "item"];

    fn validate(ctx: &Ctx, def: &RuleDef, defs: &[RuleDef], names: &Names) -> Option<Self> {
        let check = validate::validate(ctx, def, names)?;
        validate::warn_strings_of_containers(ctx, def, defs);
        Some(check)
    }

    fn value_search(&self) -> Option<&ValueSearch> {
        Some(&self.search)
    }

    fn reads_flow(&self) -> bool {
        self.search.calls.is_some()
    }

    fn evaluate(&self, rule: usize, run: &mut Evaluation) -> (Evidence, Vec<Fired>) {
        let outcome = if run.scan.names_seen[rule] {
            judge::evaluate(run.call_sets, run.bindings, self, run.script.model())
        } else {
            judge::ValueOutcome::default()
        };
        let target = run.target;
        let fired = outcome
            .violations
            .into_iter()
            .map(|v| Fired {
                fix: self.fix.and_then(|applicability| {
                    fix(&target.text.bytes, &v, applicability)
                }),
                value: Some((v.value, v.key)),
                suggestion: v.suggestion,
                item: v.missing,
                ..Fired::at(target.path().to_owned(), Location::at(&target.text, v.range))
            })
            .collect::<Vec<_>>();
        let found = Evidence::Values {
            checked: outcome.checked,
            violations: fired.len(),
        };
        (found, fired)
    }

    fn explain(&self, pack: &ExplainContext, out: &mut String) {
        let field = self
            .field
            .as_ref()
            .map(|f| format!(" (field `{f}` of each item)"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "    judges literals bound to {}{field}",
            quoted(&self.search.names)
        );
        let bindings: Vec<&str> = self.bindings.iter().map(|b| binding_name(*b)).collect();
        let calls = self
            .search
            .calls
            .map(|i| format!(" reaching `{}` calls", pack.call_sets[i].id))
            .unwrap_or_default();
        let _ = writeln!(out, "    as: {}{calls}", bindings.join(", "));
        let builders = match self.constructors {
            Some(i) => format!("dict(...) or `{}` calls", pack.call_sets[i].id),
            None => "dict(...)".to_owned(),
        };
        if !self.part.is_empty() {
            let _ = writeln!(
                out,
                "    judges the part `{}` of each value (each step a dict key, or a keyword \
                 argument of {builders}); a value without that part is not judged",
                self.part.join(".")
            );
        }
        let c = &self.constraints;
        if !c.required_items.is_empty() {
            let among = match &self.field {
                Some(f) => format!("the values of `{f}` across the list's dicts"),
                None => format!(
                    "a dict's keys, the keyword arguments of {builders}, or a list's strings"
                ),
            };
            let case = if c.case_sensitive {
                ""
            } else {
                ", ignoring case"
            };
            let _ = writeln!(
                out,
                "    fires for each value that lacks any of {} (among {among}{case}), naming the \
                 missing ones as {{item}}",
                quoted(&c.required_items)
            );
        }
        if self.reads_structure() {
            let _ = writeln!(
                out,
                "    not judged: a value the file does not show whole (built by an expression or \
                 a comprehension, with **expr or *args, a call other than {builders} or one \
                 with positional arguments, a name the data flow does not resolve, or changed \
                 through its name after it is written: x.append(...), x[k] = v, x += ...)"
            );
        }
        let mut rules = Vec::new();
        if let Some(allowed) = &c.allowed {
            let case = if c.case_sensitive {
                ""
            } else {
                ", ignoring case"
            };
            rules.push(format!("one of {}{case}", quoted(allowed)));
        }
        if let Some(p) = &c.pattern {
            rules.push(format!("matches /{}/", p.as_str()));
        }
        if let Some(p) = &c.reject_pattern {
            rules.push(format!("does not match /{}/", p.as_str()));
        }
        let plural = |n: usize, noun: &str| {
            if n == 1 {
                format!("1 {noun}")
            } else {
                format!("{n} {noun}s")
            }
        };
        if let Some(n) = c.min_length {
            rules.push(format!("at least {}", plural(n, "character")));
        }
        if let Some(n) = c.max_length {
            rules.push(format!("at most {}", plural(n, "character")));
        }
        if let Some(n) = c.max_items {
            rules.push(format!("at most {}", plural(n, "item")));
        }
        if !rules.is_empty() {
            let _ = writeln!(
                out,
                "    fires for each literal that is not: {}",
                rules.join("; ")
            );
            if let Some(applicability) = self.fix {
                let _ = writeln!(
                    out,
                    "    fix ({}): a literal with a did-you-mean is replaced by it, in the \
                     literal's quotes",
                    applicability.name()
                );
            }
            if c.max_items.is_none() && self.field.is_none() {
                let _ = writeln!(
                    out,
                    "    judges strings only: a list, tuple, set or dict bound to these names is \
                     not judged (add `field` to judge one key of each item of a list)"
                );
            }
        }
    }
}

/// The fix of violation `v` in a file of `bytes`: its literal replaced by its suggestion, in
/// the literal's quotes and prefix (none without a suggestion, or when the literal cannot be
/// written anew: see [`quote::requote`]).
fn fix(bytes: &[u8], v: &judge::Violation, applicability: Applicability) -> Option<Fix> {
    let suggestion = v.suggestion.as_deref()?;
    let literal = std::str::from_utf8(bytes.get(v.range.clone())?).ok()?;
    let content = quote::requote(literal, suggestion)?;
    let title = format!("Replace `{}` with `{suggestion}`", v.value);
    Some(Fix::replace(title, applicability, v.range.clone(), content))
}

fn binding_name(binding: Binding) -> &'static str {
    match binding {
        Binding::KeywordArguments => "keyword arguments",
        Binding::DictEntries => "dict entries",
        Binding::Assignments => "assignments",
        Binding::Parameters => "declared parameters",
    }
}
