//! The second step of the data flow: abstract values. Each name of a scope, each `self.attr` of a
//! class and each function's `return` gets a [`Value`]: the dict keys and keyword names it may
//! carry (with the literals bound to them), the literals it may be, the calls whose results flow
//! into it, whether a parameter of its function does, and whether it may have been changed after
//! its literals were written. The analysis ignores the order of
//! statements (a value that reaches on some path counts) and is repeated over all scopes until
//! nothing changes, at most [`MAX_ROUNDS`] times: that bound stops cycles of in-file calls.

use rustc_hash::FxHashMap as HashMap;
use std::cell::{Cell, RefCell};

use ruff_python_ast::{Expr, ExprCall};
use ruff_text_size::Ranged;

use super::Fact;
use super::gather::{Effect, Gathered};
use super::value::{MAX_SOURCES, Value, push_literal};
use crate::python::literal::literal;
use crate::python::range_of;

/// Rounds of the fixpoint: how many in-file steps (a return, a wrapper, a name) a value can take.
const MAX_ROUNDS: usize = 8;
/// Caps that keep a pathological file linear.
/// How deep in an expression literals are looked for (as deep as a literal can nest).
const LITERAL_DEPTH: usize = 64;
/// Expressions evaluated per file, over all rounds: past it, what is left evaluates to nothing,
/// so a pathological file (thousands of nested calls) costs bounded time.
const BUDGET: usize = 4_000_000;

/// Whether an expression is made of literals only, so its value never changes.
fn constant(expr: &Expr, depth: usize) -> bool {
    if depth > LITERAL_DEPTH {
        return false;
    }
    let all = |items: &[Expr]| items.iter().all(|item| constant(item, depth + 1));
    match expr {
        Expr::StringLiteral(_)
        | Expr::BytesLiteral(_)
        | Expr::NumberLiteral(_)
        | Expr::BooleanLiteral(_)
        | Expr::NoneLiteral(_)
        | Expr::EllipsisLiteral(_) => true,
        Expr::List(list) => all(&list.elts),
        Expr::Tuple(tuple) => all(&tuple.elts),
        Expr::Set(set) => all(&set.elts),
        Expr::Dict(dict) => dict.items.iter().all(|item| {
            item.key.as_ref().is_some_and(|k| constant(k, depth + 1))
                && constant(&item.value, depth + 1)
        }),
        _ => false,
    }
}

/// Where a mutation (`d[k] = v`, `d.update(…)`) stores.
enum Place<'s> {
    Local(&'s str),
    SelfAttr(usize, &'s str),
}

/// The evaluation over the gathered scopes.
pub(super) struct Evaluator<'s, 'g> {
    text: &'s str,
    g: &'g Gathered<'s>,
    /// Call index in the model by the byte range of the callee.
    index: &'g HashMap<(usize, usize), usize>,
    limit: usize,
    envs: Vec<HashMap<&'s str, Value>>,
    class_envs: Vec<HashMap<&'s str, Value>>,
    returns: Vec<Value>,
    /// Evaluations left (see [`BUDGET`]).
    budget: Cell<usize>,
    /// Once the fixpoint is reached, the values of calls already evaluated, by the call's
    /// address in the tree: nested calls are then evaluated once, not once per enclosing call.
    settled: Option<RefCell<HashMap<usize, Value>>>,
}

impl<'s, 'g> Evaluator<'s, 'g> {
    pub fn new(
        text: &'s str,
        g: &'g Gathered<'s>,
        index: &'g HashMap<(usize, usize), usize>,
        limit: usize,
    ) -> Self {
        let envs = g
            .scopes
            .iter()
            .map(|scope| {
                scope
                    .params
                    .iter()
                    .map(|&(name, default)| {
                        let literals = default
                            .and_then(|d| literal(text, d, 0))
                            .into_iter()
                            .collect();
                        let value = Value {
                            literals,
                            param: true,
                            ..Value::default()
                        };
                        (name, value)
                    })
                    .collect()
            })
            .collect();
        Evaluator {
            text,
            g,
            index,
            limit,
            envs,
            class_envs: vec![HashMap::default(); g.classes.len()],
            returns: vec![Value::default(); g.scopes.len()],
            budget: Cell::new(BUDGET),
            settled: None,
        }
    }

    /// Runs the fixpoint (see the module docs).
    pub fn run(&mut self) {
        for round in 0..MAX_ROUNDS {
            let mut changed = false;
            for scope in 0..self.g.scopes.len() {
                changed |= self.apply(scope, round == 0);
            }
            if !changed {
                break;
            }
        }
        self.settled = Some(RefCell::new(HashMap::default()));
    }

    /// The model index of a call.
    pub fn call_index(&self, call: &ExprCall) -> Option<usize> {
        let range = range_of(call.func.range());
        self.index.get(&(range.start, range.end)).copied()
    }

    /// The in-file functions a callee may be: a function defined in the scope or an enclosing
    /// one, or a method of the class (`self.m`).
    pub fn targets(&self, scope: usize, func: &Expr) -> Vec<usize> {
        let mut found = Vec::new();
        match func {
            Expr::Name(name) => {
                let mut at = Some(scope);
                while let Some(s) = at {
                    let defs = &self.g.scopes[s].defs;
                    found.extend(
                        defs.iter()
                            .filter(|(n, _)| *n == name.id.as_str())
                            .map(|&(_, id)| id),
                    );
                    if !found.is_empty() {
                        break;
                    }
                    at = self.g.scopes[s].parent;
                }
            }
            Expr::Attribute(attribute) => {
                if let Some(class) = self.self_class(scope, &attribute.value) {
                    found.extend(
                        self.g.classes[class]
                            .iter()
                            .filter(|(n, _)| *n == attribute.attr.id.as_str())
                            .map(|&(_, id)| id),
                    );
                }
            }
            _ => {}
        }
        found
    }

    /// The class of `self` (or `cls`) when `expr` is that name inside a method.
    fn self_class(&self, scope: usize, expr: &Expr) -> Option<usize> {
        let Expr::Name(name) = expr else {
            return None;
        };
        if !matches!(name.id.as_str(), "self" | "cls") {
            return None;
        }
        let mut at = Some(scope);
        while let Some(s) = at {
            if let Some(class) = self.g.scopes[s].class {
                return Some(class);
            }
            at = self.g.scopes[s].parent;
        }
        None
    }

    /// Everything a call's arguments carry: keyword names as facts (with the literals bound to
    /// them), and the facts, sources and parameter flag of every argument, `*a` and `**d`
    /// included.
    pub fn arguments(&self, scope: usize, call: &ExprCall, depth: usize) -> Value {
        let mut value = Value::default();
        for arg in &call.arguments.args {
            value.absorb(&self.carried(scope, arg, depth + 1));
        }
        for keyword in &call.arguments.keywords {
            let argument = self.eval(scope, &keyword.value, depth + 1);
            if let Some(name) = &keyword.arg {
                value.add_fact(Fact {
                    key: name.id.as_str().to_owned(),
                    key_range: range_of(name.range),
                    values: argument.literals.clone(),
                    altered: argument.altered,
                });
            }
            value.absorb(&argument);
        }
        value
    }

    /// The abstract value of an expression.
    fn eval(&self, scope: usize, expr: &Expr, depth: usize) -> Value {
        self.eval_with(scope, expr, depth, true)
    }

    /// What an expression carries into a container or a call (facts, sources, the parameter
    /// flag), without its own literals, which no one reads there.
    fn carried(&self, scope: usize, expr: &Expr, depth: usize) -> Value {
        self.eval_with(scope, expr, depth, false)
    }

    /// The abstract value of an expression; its literals only when `want`.
    fn eval_with(&self, scope: usize, expr: &Expr, depth: usize, want: bool) -> Value {
        let mut value = Value::default();
        let budget = self.budget.get();
        if depth >= self.limit || budget == 0 {
            return value;
        }
        self.budget.set(budget - 1);
        let depth = depth + 1;
        match expr {
            Expr::Dict(dict) => {
                for item in &dict.items {
                    let entry = self.eval(scope, &item.value, depth);
                    if let Some(Expr::StringLiteral(key)) = &item.key {
                        value.add_fact(Fact {
                            key: key.value.to_str().to_owned(),
                            key_range: range_of(key.range),
                            values: entry.literals.clone(),
                            altered: entry.altered,
                        });
                    }
                    value.absorb(&entry);
                }
            }
            Expr::Call(call) => {
                let key = std::ptr::from_ref(call) as usize;
                let known = self
                    .settled
                    .as_ref()
                    .and_then(|cache| cache.borrow().get(&key).cloned());
                value = known.unwrap_or_else(|| {
                    let value = self.eval_call(scope, call, depth);
                    if let Some(cache) = &self.settled {
                        cache.borrow_mut().insert(key, value.clone());
                    }
                    value
                });
            }
            Expr::Name(name) => {
                if let Some(known) = self.lookup(scope, name.id.as_str()) {
                    value = known.clone();
                }
            }
            Expr::Attribute(attribute) => {
                if let Some(class) = self.self_class(scope, &attribute.value)
                    && let Some(known) = self.class_envs[class].get(attribute.attr.id.as_str())
                {
                    value = known.clone();
                }
            }
            Expr::BoolOp(op) => {
                for operand in &op.values {
                    value.merge(&self.eval_with(scope, operand, depth, want));
                }
            }
            Expr::If(op) => {
                value.merge(&self.eval_with(scope, &op.body, depth, want));
                value.merge(&self.eval_with(scope, &op.orelse, depth, want));
            }
            Expr::BinOp(op) => {
                value.absorb(&self.carried(scope, &op.left, depth));
                value.absorb(&self.carried(scope, &op.right, depth));
            }
            Expr::Named(named) => value = self.eval_with(scope, &named.value, depth, want),
            Expr::Await(inner) => value = self.eval_with(scope, &inner.value, depth, want),
            Expr::Starred(inner) => value = self.eval_with(scope, &inner.value, depth, want),
            Expr::List(list) => {
                for item in &list.elts {
                    value.absorb(&self.carried(scope, item, depth));
                }
            }
            Expr::Tuple(tuple) => {
                for item in &tuple.elts {
                    value.absorb(&self.carried(scope, item, depth));
                }
            }
            _ => {}
        }
        // Literals nest at most 64 deep, so deeper in an expression nothing is one.
        if want
            && depth <= LITERAL_DEPTH
            && let Some(own) = literal(self.text, expr, 0)
        {
            push_literal(&mut value.literals, own);
        }
        value
    }

    fn eval_call(&self, scope: usize, call: &ExprCall, depth: usize) -> Value {
        let mut value = Value::default();
        let targets = self.targets(scope, &call.func);
        let is_dict = matches!(&*call.func, Expr::Name(n) if n.id.as_str() == "dict");
        if !targets.is_empty() {
            let mut forwarded = None;
            for target in targets {
                let returned = &self.returns[target];
                value.merge(&Value {
                    param: false,
                    ..returned.clone()
                });
                if returned.param {
                    forwarded.get_or_insert_with(|| self.arguments(scope, call, depth));
                }
            }
            if let Some(arguments) = forwarded {
                // A parameter is returned: the result may be any argument, literals included.
                value.absorb(&arguments);
                for arg in &call.arguments.args {
                    value.merge(&self.eval(scope, arg, depth));
                }
                for keyword in &call.arguments.keywords {
                    value.merge(&self.eval(scope, &keyword.value, depth));
                }
            }
        } else if is_dict {
            value = self.arguments(scope, call, depth);
        } else {
            // Any other call: its result may carry what its arguments carry, not their names.
            for arg in &call.arguments.args {
                value.absorb(&self.carried(scope, arg, depth));
            }
            for keyword in &call.arguments.keywords {
                value.absorb(&self.carried(scope, &keyword.value, depth));
            }
            if let Expr::Attribute(attribute) = &*call.func
                && attribute.attr.id.as_str() == "copy"
            {
                value.absorb(&self.carried(scope, &attribute.value, depth));
            }
        }
        if let Some(index) = self.call_index(call)
            && value.sources.len() < MAX_SOURCES
            && !value.sources.contains(&index)
        {
            value.sources.push(index);
        }
        value
    }

    fn lookup(&self, scope: usize, name: &str) -> Option<&Value> {
        let mut at = Some(scope);
        while let Some(s) = at {
            if let Some(value) = self.envs[s].get(name) {
                return Some(value);
            }
            at = self.g.scopes[s].parent;
        }
        None
    }

    /// One pass over a scope's bindings and mutating calls; whether anything changed. After the
    /// `first` pass, a binding of a constant (a literal display) cannot change and is skipped.
    fn apply(&mut self, scope: usize, first: bool) -> bool {
        let g = self.g;
        let mut changed = false;
        for effect in &g.scopes[scope].effects {
            let value = match effect {
                Effect::Assign { value, .. } | Effect::Return(value) => value,
            };
            if !first && constant(value, 0) {
                continue;
            }
            match effect {
                Effect::Assign {
                    target,
                    value,
                    augmented,
                } => {
                    let mut value = self.eval(scope, value, 0);
                    value.altered |= *augmented;
                    changed |= self.assign(scope, target, &value);
                }
                Effect::Return(expr) => {
                    let value = self.eval(scope, expr, 0);
                    changed |= self.returns[scope].merge(&value);
                }
            }
        }
        for call in &g.scopes[scope].calls {
            let Expr::Attribute(attribute) = &*call.func else {
                continue;
            };
            let added = match attribute.attr.id.as_str() {
                "update" => self.arguments(scope, call, 0),
                "setdefault" => {
                    let args = &call.arguments.args;
                    let Some(Expr::StringLiteral(key)) = args.first() else {
                        continue;
                    };
                    let entry = args
                        .get(1)
                        .map(|v| self.eval(scope, v, 0))
                        .unwrap_or_default();
                    let mut added = Value::default();
                    added.add_fact(Fact {
                        key: key.value.to_str().to_owned(),
                        key_range: range_of(key.range),
                        values: entry.literals.clone(),
                        altered: entry.altered,
                    });
                    added.absorb(&entry);
                    added
                }
                // Mutations the flow does not follow, which still change the value.
                "append" | "extend" | "insert" | "remove" | "pop" | "clear" | "add" | "discard"
                | "popitem" => Value::default(),
                _ => continue,
            };
            let added = Value {
                altered: true,
                ..added
            };
            if let Some(place) = self.place(scope, &attribute.value) {
                changed |= self.store(scope, place, &added);
            }
        }
        changed
    }

    fn assign(&mut self, scope: usize, target: &'s Expr, value: &Value) -> bool {
        match target {
            Expr::Name(name) => self.envs[scope]
                .entry(name.id.as_str())
                .or_default()
                .merge(value),
            Expr::Attribute(attribute) => match self.self_class(scope, &attribute.value) {
                Some(class) => self.store(
                    scope,
                    Place::SelfAttr(class, attribute.attr.id.as_str()),
                    value,
                ),
                // `x.attr = v` changes the object `x` names.
                None => match self.place(scope, &attribute.value) {
                    Some(place) => self.store(
                        scope,
                        place,
                        &Value {
                            altered: true,
                            ..Value::default()
                        },
                    ),
                    None => false,
                },
            },
            Expr::Subscript(subscript) => {
                let mut added = Value::default();
                if let Expr::StringLiteral(key) = &*subscript.slice {
                    added.add_fact(Fact {
                        key: key.value.to_str().to_owned(),
                        key_range: range_of(key.range),
                        values: value.literals.clone(),
                        altered: value.altered,
                    });
                }
                added.absorb(value);
                added.altered = true;
                match self.place(scope, &subscript.value) {
                    Some(place) => self.store(scope, place, &added),
                    None => false,
                }
            }
            _ => false,
        }
    }

    /// The name or `self` attribute a mutation of `expr` changes: `d`, `d["k"]`,
    /// `d.setdefault("k", {})`, `self.d`.
    fn place(&self, scope: usize, mut expr: &'s Expr) -> Option<Place<'s>> {
        for _ in 0..self.limit {
            match expr {
                Expr::Name(name) => return Some(Place::Local(name.id.as_str())),
                Expr::Attribute(attribute) => {
                    let class = self.self_class(scope, &attribute.value)?;
                    return Some(Place::SelfAttr(class, attribute.attr.id.as_str()));
                }
                Expr::Subscript(subscript) => expr = &subscript.value,
                Expr::Call(call) => match &*call.func {
                    Expr::Attribute(attribute)
                        if matches!(attribute.attr.id.as_str(), "setdefault" | "get") =>
                    {
                        expr = &attribute.value;
                    }
                    _ => return None,
                },
                _ => return None,
            }
        }
        None
    }

    /// Merges `value` into a place: a name where it is bound (this scope or an enclosing one),
    /// or an attribute of the class (without the parameter flag, which is per function).
    fn store(&mut self, scope: usize, place: Place<'s>, value: &Value) -> bool {
        match place {
            Place::Local(name) => {
                let mut at = Some(scope);
                let mut owner = scope;
                while let Some(s) = at {
                    if self.envs[s].contains_key(name) {
                        owner = s;
                        break;
                    }
                    at = self.g.scopes[s].parent;
                }
                self.envs[owner].entry(name).or_default().merge(value)
            }
            Place::SelfAttr(class, attr) => {
                self.class_envs[class]
                    .entry(attr)
                    .or_default()
                    .merge(&Value {
                        param: false,
                        ..value.clone()
                    })
            }
        }
    }
}
