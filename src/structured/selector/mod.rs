//! Selectors: a small language to take values out of a [`Node`] tree.
//!
//! - `a.b.c`: the value at key `c` of the map at `b` of the map at `a`;
//! - `"key.with dots"`: a key that is not a bare name (`[A-Za-z0-9_-]+`), double-quoted, with
//!   `\"` and `\\` escapes;
//! - `*`: every value of a map, or every item of a list;
//! - `name[*]`: every item of the list at `name`; `name[0]`: its first item (repeatable:
//!   `a[0][1]`, `a[*].b`);
//! - `keys(a.b)`: the key nodes of the map at `a.b`, with the keys' ranges.
//!
//! A step that finds no such key, no such item, or not a map or list, selects nothing: a
//! selection is never an error, only a selector's text can be.

mod select;
mod syntax;

use std::fmt;

use super::node::Node;

pub use self::syntax::SelectorError;

/// A parsed selector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector {
    source: String,
    syntax: syntax::Syntax,
}

impl Selector {
    /// Parses `source`; an error says at which character and what to write instead.
    pub fn parse(source: &str) -> Result<Selector, SelectorError> {
        Ok(Selector {
            source: source.to_owned(),
            syntax: syntax::parse(source)?,
        })
    }

    /// Every node this selector selects under `root`, in document order.
    pub fn select<'n>(&self, root: &'n Node) -> Vec<&'n Node> {
        select::select(root, &self.syntax.steps, self.syntax.keys)
    }

    /// The selector as written.
    pub fn source(&self) -> &str {
        &self.source
    }
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_selector_shows_as_written() {
        let selector = Selector::parse("keys(a.\"b c\"[0])").unwrap();
        assert_eq!(selector.source(), "keys(a.\"b c\"[0])");
        assert_eq!(selector.to_string(), "keys(a.\"b c\"[0])");
    }

    #[test]
    fn a_parse_error_reads_with_its_column_and_help() {
        let err = Selector::parse("a..b").unwrap_err();
        let shown = err.to_string();
        assert!(shown.contains("column 2"), "{shown}");
        assert!(shown.contains(&err.help), "{shown}");
    }
}
