//! In-file data flow: for each call, what reaches its arguments. Computed while Ruff's tree is
//! alive (it is dropped after collection) and kept as plain facts on each [`Call`]:
//!
//! - the dict keys and keyword names that reach its arguments ([`CallFlow::reach`]), with the
//!   literals bound to them — through names, annotated and augmented assignments, `d[k] = v`,
//!   `d.update(…)`, `d.setdefault(…)`, `dict(…)`, `{**a}`, `**d`, `self.attr` within a class,
//!   and the `return` of functions of the same file, and whether a value bound to one may have
//!   been changed after it was written ([`Fact::altered`]);
//! - the calls whose results reach its arguments ([`CallFlow::sources`]);
//! - the calls its arguments are forwarded to through the parameters of in-file wrapper
//!   functions ([`CallFlow::forwards`]: `def submit(**kw): client.create(**kw)`).
//!
//! Steps: `gather` sorts the tree by scope, `eval` computes abstract values to a bounded
//! fixpoint. What a call *means* (which calls count for a rule) is the engine's business.

mod eval;
mod gather;
mod value;

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

use ruff_python_ast::Stmt;
use ruff_python_ast::visitor::source_order::SourceOrderVisitor;

use super::{Call, Import, ImportKind, LiteralValue};
use eval::Evaluator;
use gather::Gatherer;

/// A dict key or keyword name that reaches somewhere, with the literals bound to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// The key (or keyword name).
    pub key: String,
    /// Byte range of the key: the keyword name, or the string literal with its quotes.
    pub key_range: Range<usize>,
    /// The literals the key may be bound to (through names too), in no particular order.
    pub values: Vec<LiteralValue>,
    /// Whether a value bound to the key may have been changed through its name after it was
    /// written (`d[k] = v`, `d.update(…)`, `x.append(…)`, `x += …`, `x.attr = v`): its literals
    /// may then not show it whole. A change through another name or inside a function the value
    /// is passed to is not seen.
    pub altered: bool,
}

/// What reaches one call's arguments (see the module docs).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CallFlow {
    /// Dict keys and keyword names reaching the arguments, the call's own keyword names and
    /// the keys of dict displays in its arguments included.
    pub reach: Vec<Fact>,
    /// Indices (in [`super::SourceModel::calls`]) of the calls whose results reach the
    /// arguments.
    pub sources: Vec<usize>,
    /// Indices of the calls the arguments are forwarded to by in-file wrapper functions,
    /// through any depth of wrappers.
    pub forwards: Vec<usize>,
    /// Whether the callee is a function (or a method, through `self`) defined in the file.
    pub in_file: bool,
}

/// Fills in the flow of each call of `calls` (collected from `body`).
pub(super) fn analyze(text: &str, body: &[Stmt], calls: &mut [Call], limit: usize) {
    let mut gatherer = Gatherer::new(limit);
    gatherer.visit_body(body);
    let gathered = gatherer.out;
    let index: HashMap<(usize, usize), usize> = calls
        .iter()
        .enumerate()
        .map(|(i, call)| ((call.callee_range.start, call.callee_range.end), i))
        .collect();
    let mut evaluator = Evaluator::new(text, &gathered, &index, limit);
    evaluator.run();

    // Each call's reach; the calls each function forwards its parameters to; each call's
    // in-file targets.
    let mut forwarding: Vec<Vec<usize>> = vec![Vec::new(); gathered.scopes.len()];
    let mut targets: HashMap<usize, Vec<usize>> = HashMap::default();
    for (scope, gathered_scope) in gathered.scopes.iter().enumerate() {
        for call in &gathered_scope.calls {
            let Some(i) = evaluator.call_index(call) else {
                continue;
            };
            let reached = evaluator.arguments(scope, call, 0);
            if reached.param && scope > 0 {
                forwarding[scope].push(i);
            }
            let called = evaluator.targets(scope, &call.func);
            if let Some(flow) = calls.get_mut(i).map(|c| &mut c.flow) {
                flow.reach = reached.facts;
                flow.sources = reached.sources;
                flow.in_file = !called.is_empty();
            }
            if !called.is_empty() {
                targets.insert(i, called);
            }
        }
    }
    for (&call, functions) in &targets {
        let mut seen = vec![false; gathered.scopes.len()];
        let mut stack = functions.clone();
        let mut forwards = Vec::new();
        while let Some(function) = stack.pop() {
            if std::mem::replace(&mut seen[function], true) {
                continue;
            }
            for &inner in &forwarding[function] {
                if !forwards.contains(&inner) {
                    forwards.push(inner);
                }
                stack.extend(targets.get(&inner).into_iter().flatten().copied());
            }
        }
        forwards.sort_unstable();
        if let Some(c) = calls.get_mut(call) {
            c.flow.forwards = forwards;
        }
    }
}

/// Sets [`Call::unaliased`] where the callee starts with an import alias (`import numpy as np`,
/// `from m import Pipeline as P`): the callee with the alias replaced by what it names.
pub(super) fn unalias(calls: &mut [Call], imports: &[Import]) {
    let mut aliases: HashMap<&str, String> = HashMap::default();
    for import in imports {
        for (name, alias) in import.names.iter().zip(&import.aliases) {
            let Some(alias) = alias else { continue };
            let original = match (import.kind, &import.module) {
                (ImportKind::From, Some(module)) => format!("{module}.{name}"),
                _ => name.clone(),
            };
            aliases.insert(alias.as_str(), original);
        }
    }
    if aliases.is_empty() {
        return;
    }
    for call in calls {
        let head = call.callee.split('.').next().unwrap_or_default();
        if let Some(original) = aliases.get(head) {
            call.unaliased = Some(format!("{original}{}", &call.callee[head.len()..]));
        }
    }
}
