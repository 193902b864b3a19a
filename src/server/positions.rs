//! Positions as the protocol counts them: 0-based lines and UTF-16 columns, from the 1-based
//! [`crate::position`] ones the reports use.

use lsp_types::Position;

use crate::position::{self, Columns, LineIndex};

/// The protocol position of `p`, a 1-based position whose column counts UTF-16 units.
pub fn of(p: position::Position) -> Position {
    let count = |n: usize| u32::try_from(n.saturating_sub(1)).unwrap_or(u32::MAX);
    Position {
        line: count(p.line),
        character: count(p.column),
    }
}

/// The protocol position of byte `offset` of `text`.
pub fn at(text: &str, offset: usize) -> Position {
    let bytes = text.as_bytes();
    of(LineIndex::new(bytes).position(bytes, offset, Columns::Utf16))
}

/// The length of `text` in UTF-16 code units (the protocol's columns).
pub fn utf16_len(text: &str) -> u32 {
    u32::try_from(Columns::Utf16.count(text.as_bytes())).unwrap_or(u32::MAX)
}
