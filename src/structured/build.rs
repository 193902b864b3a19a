//! Builds a [`Node`] tree from a stream of "open a list / open a map / a value / close" steps
//! with an explicit stack, so no input can overflow the call stack: nesting deeper than
//! [`MAX_DEPTH`] is a [`ParseError`]. Map keys written twice follow [`Value`]'s rule.

use rustc_hash::FxHashMap;

use super::error::ParseError;
use super::node::{Node, Value};

/// How deep lists and maps may nest in a structured file; deeper is a [`ParseError`].
pub const MAX_DEPTH: usize = 256;

/// A map key as compared for duplicates: scalars only (a list or map key is never a duplicate).
#[derive(Debug, PartialEq, Eq, Hash)]
enum KeyId {
    Null,
    Bool(bool),
    Int(i64),
    Float(u64),
    Str(String),
}

impl KeyId {
    fn of(value: &Value) -> Option<KeyId> {
        Some(match value {
            Value::Null => KeyId::Null,
            Value::Bool(b) => KeyId::Bool(*b),
            Value::Int(i) => KeyId::Int(*i),
            Value::Float(f) => KeyId::Float(f.to_bits()),
            Value::Str(s) => KeyId::Str(s.clone()),
            Value::List(_) | Value::Map(_) => return None,
        })
    }
}

/// A list or map still open.
enum Frame {
    List {
        start: usize,
        items: Vec<Node>,
    },
    Map {
        start: usize,
        entries: Vec<(Node, Node)>,
        /// The key read, waiting for its value.
        key: Option<Node>,
        /// Where each scalar key already is in `entries`.
        seen: FxHashMap<KeyId, usize>,
    },
}

/// The tree under construction.
#[derive(Default)]
pub struct Builder {
    stack: Vec<Frame>,
    root: Option<Node>,
}

impl Builder {
    /// An empty builder.
    pub fn new() -> Builder {
        Builder::default()
    }

    /// Opens a list that starts at byte `start`.
    pub fn open_list(&mut self, start: usize) -> Result<(), ParseError> {
        self.check_depth(start)?;
        self.stack.push(Frame::List {
            start,
            items: Vec::new(),
        });
        Ok(())
    }

    /// Opens a map that starts at byte `start`.
    pub fn open_map(&mut self, start: usize) -> Result<(), ParseError> {
        self.check_depth(start)?;
        self.stack.push(Frame::Map {
            start,
            entries: Vec::new(),
            key: None,
            seen: FxHashMap::default(),
        });
        Ok(())
    }

    /// Closes the innermost open list or map, which ends at byte `end` (its range ends there,
    /// or at its start when `end` is before it). Does nothing when none is open.
    pub fn close(&mut self, end: usize) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let node = match frame {
            Frame::List { start, items } => Node::new(Value::List(items), start..end.max(start)),
            Frame::Map {
                start,
                mut entries,
                key,
                ..
            } => {
                // A key without its value (only an unfinished input has one) maps to null.
                if let Some(key) = key {
                    let at = key.range.end;
                    entries.push((key, Node::new(Value::Null, at..at)));
                }
                Node::new(Value::Map(entries), start..end.max(start))
            }
        };
        self.value(node);
    }

    /// Adds a finished node: an item of the open list, a key or a value of the open map, or the
    /// root when nothing is open (only the first root is kept).
    pub fn value(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Frame::List { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries, key, seen, ..
            }) => match key.take() {
                None => *key = Some(node),
                Some(k) => match KeyId::of(&k.value) {
                    Some(id) => match seen.get(&id) {
                        Some(&at) => {
                            if let Some(entry) = entries.get_mut(at) {
                                *entry = (k, node);
                            }
                        }
                        None => {
                            seen.insert(id, entries.len());
                            entries.push((k, node));
                        }
                    },
                    None => entries.push((k, node)),
                },
            },
        }
    }

    /// The root, once complete.
    pub fn finish(self) -> Option<Node> {
        if self.stack.is_empty() {
            self.root
        } else {
            None
        }
    }

    fn check_depth(&self, at: usize) -> Result<(), ParseError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(ParseError::new(
                at,
                format!("lists and maps nest deeper than {MAX_DEPTH} levels here"),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str, at: usize) -> Node {
        Node::new(Value::Str(s.into()), at..at + s.len())
    }

    #[test]
    fn a_map_keeps_its_entries_in_written_order() {
        let mut b = Builder::new();
        b.open_map(0).unwrap();
        for (i, k) in ["z", "a", "m"].into_iter().enumerate() {
            b.value(text(k, i * 10));
            b.value(text("v", i * 10 + 3));
        }
        b.close(30);
        let root = b.finish().unwrap();
        let Value::Map(entries) = root.value else {
            panic!("a map");
        };
        let keys: Vec<_> = entries.iter().map(|(k, _)| k.range.start).collect();
        assert_eq!(keys, [0, 10, 20]);
        assert_eq!(root.range, 0..30);
    }

    #[test]
    fn a_key_written_twice_keeps_the_first_place_and_the_last_value() {
        let mut b = Builder::new();
        b.open_map(0).unwrap();
        b.value(text("a", 0));
        b.value(text("first", 3));
        b.value(text("b", 10));
        b.value(text("other", 13));
        b.value(text("a", 20));
        b.value(text("last", 23));
        b.close(30);
        let Some(Node {
            value: Value::Map(entries),
            ..
        }) = b.finish()
        else {
            panic!("a map");
        };
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].0.range, 20..21, "the last key node");
        assert_eq!(entries[0].1.value, Value::Str("last".into()));
        assert_eq!(entries[1].1.value, Value::Str("other".into()));
    }

    #[test]
    fn a_string_key_and_a_number_key_are_different_keys() {
        let mut b = Builder::new();
        b.open_map(0).unwrap();
        b.value(text("1", 0));
        b.value(text("x", 2));
        b.value(Node::new(Value::Int(1), 4..5));
        b.value(text("y", 6));
        b.close(8);
        let Some(Node {
            value: Value::Map(entries),
            ..
        }) = b.finish()
        else {
            panic!("a map");
        };
        assert_eq!(entries.len(), 2);
    }

    #[test]
    fn nesting_past_the_limit_is_an_error_at_the_opening() {
        let mut b = Builder::new();
        for i in 0..MAX_DEPTH {
            b.open_list(i).unwrap();
        }
        let err = b.open_map(MAX_DEPTH).unwrap_err();
        assert_eq!(err.offset, MAX_DEPTH);
    }

    #[test]
    fn an_unclosed_tree_has_no_root() {
        let mut b = Builder::new();
        b.open_list(0).unwrap();
        assert_eq!(b.finish(), None);
    }

    #[test]
    fn a_key_left_without_value_maps_to_null() {
        let mut b = Builder::new();
        b.open_map(0).unwrap();
        b.value(text("k", 0));
        b.close(1);
        let Some(Node {
            value: Value::Map(entries),
            ..
        }) = b.finish()
        else {
            panic!("a map");
        };
        assert_eq!(entries[0].1.value, Value::Null);
    }
}
