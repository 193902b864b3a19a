//! String, docstring and comment regions, from the parser's token stream.

use std::ops::Range;

use ruff_python_ast::token::{Token, TokenKind};
use ruff_text_size::{Ranged, TextRange};

use super::{Region, RegionKind, range_of};

/// Builds the comment and string regions from the token stream.
///
/// An f-string or t-string is one region from its start token to its matching end
/// token. If the end token is missing (unterminated f-string in a file with syntax
/// errors), the region ends at the last token before the end of the logical line.
pub(super) fn build_regions(tokens: &[Token], docstrings: &[TextRange]) -> Vec<Region> {
    let mut regions: Vec<Region> = Vec::new();
    let mut doc_idx = 0;
    let mut fstring_depth = 0usize;
    let mut fstring_range = 0..0;
    let push = |regions: &mut Vec<Region>, kind: RegionKind, range: Range<usize>| {
        // Defensive: keep the list sorted and non-overlapping whatever the tokens.
        let min_start = regions.last().map_or(0, |r| r.range.end);
        if range.start >= min_start && range.start < range.end {
            regions.push(Region { kind, range });
        }
    };
    for token in tokens {
        let kind = token.kind();
        let range = range_of(token.range());
        if fstring_depth > 0 {
            match kind {
                TokenKind::FStringStart | TokenKind::TStringStart => fstring_depth += 1,
                TokenKind::FStringEnd | TokenKind::TStringEnd => fstring_depth -= 1,
                TokenKind::Newline
                | TokenKind::Indent
                | TokenKind::Dedent
                | TokenKind::EndOfFile => {
                    // Unterminated: close at the last token inside.
                    fstring_depth = 0;
                    push(&mut regions, RegionKind::String, fstring_range.clone());
                    continue;
                }
                _ => {}
            }
            fstring_range.end = fstring_range.end.max(range.end);
            if fstring_depth == 0 {
                push(&mut regions, RegionKind::String, fstring_range.clone());
            }
            continue;
        }
        match kind {
            TokenKind::Comment => push(&mut regions, RegionKind::Comment, range),
            TokenKind::String => {
                while docstrings
                    .get(doc_idx)
                    .is_some_and(|doc| doc.end().to_usize() <= range.start)
                {
                    doc_idx += 1;
                }
                let is_doc = docstrings.get(doc_idx).is_some_and(|doc| {
                    doc.start().to_usize() <= range.start && range.end <= doc.end().to_usize()
                });
                let kind = if is_doc {
                    RegionKind::Docstring
                } else {
                    RegionKind::String
                };
                push(&mut regions, kind, range);
            }
            TokenKind::FStringStart | TokenKind::TStringStart => {
                fstring_depth = 1;
                fstring_range = range;
            }
            _ => {}
        }
    }
    if fstring_depth > 0 {
        push(&mut regions, RegionKind::String, fstring_range);
    }
    regions
}
