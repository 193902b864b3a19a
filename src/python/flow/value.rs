//! The abstract value of the data flow ([`Value`]): what an expression may evaluate to, and how
//! values combine, within the caps that keep a pathological file linear.

use super::Fact;
use crate::python::LiteralValue;

/// Caps on one value's facts, literals and sources.
const MAX_FACTS: usize = 256;
const MAX_LITERALS: usize = 32;
pub(super) const MAX_SOURCES: usize = 64;

/// What an expression may evaluate to, as far as the flow can tell.
#[derive(Debug, Clone, Default)]
pub(super) struct Value {
    /// Dict keys and keyword names it carries (nested ones included).
    pub facts: Vec<Fact>,
    /// Literals it may be.
    pub literals: Vec<LiteralValue>,
    /// Calls (indices in the model) whose results flow into it.
    pub sources: Vec<usize>,
    /// Whether a parameter of the enclosing function flows into it.
    pub param: bool,
    /// Whether it may have been changed after its literals were written ([`Fact::altered`]).
    pub altered: bool,
}

impl Value {
    fn weight(&self) -> usize {
        self.facts.iter().map(|f| f.values.len() + 1).sum::<usize>()
            + self.literals.len()
            + self.sources.len()
            + usize::from(self.param)
            + usize::from(self.altered)
    }

    pub(super) fn add_fact(&mut self, fact: Fact) {
        let room = self.facts.len() < MAX_FACTS;
        match self
            .facts
            .iter_mut()
            .find(|f| f.key_range == fact.key_range)
        {
            Some(known) => {
                known.altered |= fact.altered;
                fact.values
                    .into_iter()
                    .for_each(|v| push_literal(&mut known.values, v));
            }
            None if room => self.facts.push(fact),
            None => {}
        }
    }

    /// Takes in `other`'s facts, sources and parameter flag (not its literals: a container of
    /// a value is not that value).
    pub(super) fn absorb(&mut self, other: &Value) {
        other.facts.iter().for_each(|f| self.add_fact(f.clone()));
        for &source in &other.sources {
            if !self.sources.contains(&source) && self.sources.len() < MAX_SOURCES {
                self.sources.push(source);
            }
        }
        self.param |= other.param;
    }

    /// Takes in all of `other`; whether anything changed.
    pub(super) fn merge(&mut self, other: &Value) -> bool {
        let before = self.weight();
        self.absorb(other);
        self.altered |= other.altered;
        other
            .literals
            .iter()
            .for_each(|l| push_literal(&mut self.literals, l.clone()));
        self.weight() != before
    }
}

/// Adds a literal unless it is known already or the list is full.
pub(super) fn push_literal(list: &mut Vec<LiteralValue>, value: LiteralValue) {
    if list.len() < MAX_LITERALS && !list.iter().any(|l| l.range == value.range) {
        list.push(value);
    }
}
