//! The positioned tree every format parses into: a [`Node`] is a [`Value`] and the byte range
//! of the text it came from.

use std::borrow::Cow;
use std::ops::Range;

/// One value of a structured file, with where it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// What the text says.
    pub value: Value,
    /// The byte range in the original text: for a scalar, the scalar as written (quotes
    /// included); for a map key, the key; for a map or a list, a range that starts where it
    /// starts (its end may be the start itself when the format marks no end, as YAML's block
    /// collections).
    pub range: Range<usize>,
}

/// What a [`Node`] holds.
///
/// A map keeps its entries in the order they are written. When a key is written twice, the
/// **last** entry wins, as Python's `json.load` and `yaml.safe_load` read it; the entry keeps the
/// place of the first (as a Python `dict` does), with the last key node and value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// No value: YAML `null`, `~` or nothing, JSON `null`; also a YAML alias (see the module
    /// documentation).
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer that fits in 64 bits.
    Int(i64),
    /// A floating-point number (also an integer too large for [`Value::Int`]).
    Float(f64),
    /// A string (also a TOML date or time, as written).
    Str(String),
    /// A list of values.
    List(Vec<Node>),
    /// A map of key nodes to value nodes, in written order.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// A node holding `value`, written at `range`.
    pub fn new(value: Value, range: Range<usize>) -> Node {
        Node { value, range }
    }

    /// The node as text when it is a scalar: a string as it is, a boolean or a number as text
    /// (`true`, `42`, `2.5`); `None` for null, lists and maps.
    pub fn scalar_text(&self) -> Option<Cow<'_, str>> {
        match &self.value {
            Value::Str(s) => Some(Cow::Borrowed(s)),
            Value::Bool(b) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
            Value::Int(i) => Some(Cow::Owned(i.to_string())),
            Value::Float(f) => Some(Cow::Owned(f.to_string())),
            Value::Null | Value::List(_) | Value::Map(_) => None,
        }
    }
}

#[cfg(test)]
impl Node {
    /// The entries of a map node (a test fails on any other node).
    pub(crate) fn entries(&self) -> &[(Node, Node)] {
        match &self.value {
            Value::Map(entries) => entries,
            other => panic!("not a map: {other:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(value: Value) -> Node {
        Node::new(value, 0..1)
    }

    #[test]
    fn strings_are_their_own_text() {
        assert_eq!(
            node(Value::Str("a b".into())).scalar_text().as_deref(),
            Some("a b")
        );
    }

    #[test]
    fn booleans_and_numbers_read_as_text() {
        assert_eq!(
            node(Value::Bool(true)).scalar_text().as_deref(),
            Some("true")
        );
        assert_eq!(
            node(Value::Bool(false)).scalar_text().as_deref(),
            Some("false")
        );
        assert_eq!(node(Value::Int(-42)).scalar_text().as_deref(), Some("-42"));
        assert_eq!(
            node(Value::Float(2.5)).scalar_text().as_deref(),
            Some("2.5")
        );
    }

    #[test]
    fn null_lists_and_maps_have_no_scalar_text() {
        assert_eq!(node(Value::Null).scalar_text(), None);
        assert_eq!(node(Value::List(vec![])).scalar_text(), None);
        assert_eq!(node(Value::Map(vec![])).scalar_text(), None);
    }
}
