//! Byte-offset helpers shared by pack diagnostics and script evidence: line/column positions and
//! caret snippets. Offsets are byte offsets into the original bytes; lines end at `\n`; columns
//! count characters by default ([`Columns`]: or UTF-8 bytes, or UTF-16 code units), with each
//! byte of an invalid UTF-8 sequence counting as one. A [`LineIndex`] answers many positions in
//! one text without scanning it again.

use std::ops::Range;

/// A 1-based line and column in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// What a column counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Columns {
    /// Characters (Unicode code points): reports for people, JSON, SARIF.
    #[default]
    Chars,
    /// UTF-8 bytes.
    Utf8,
    /// UTF-16 code units: the Language Server Protocol's default.
    Utf16,
}

/// The position of byte `offset` in `bytes` (clamped to the end of the text).
pub fn position(bytes: &[u8], offset: usize) -> Position {
    let offset = offset.min(bytes.len());
    let line_start = line_start(bytes, offset);
    let line = 1 + bytes[..line_start].iter().filter(|&&b| b == b'\n').count();
    Position {
        line,
        column: 1 + Columns::Chars.count(&bytes[line_start..offset]),
    }
}

/// Where each line of a text starts, for positions of many offsets in it.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// The offset of each line's first byte, ascending; the first is 0.
    starts: Vec<usize>,
}

impl LineIndex {
    /// The lines of `bytes`.
    pub fn new(bytes: &[u8]) -> LineIndex {
        let mut starts = Vec::with_capacity(bytes.len() / 32 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
        LineIndex { starts }
    }

    /// The position of byte `offset` in `bytes` (the text indexed; `offset` clamped to its end),
    /// its column counted in `columns`. As [`position`] for [`Columns::Chars`].
    pub fn position(&self, bytes: &[u8], offset: usize, columns: Columns) -> Position {
        let offset = offset.min(bytes.len());
        let line = self.starts.partition_point(|&start| start <= offset).max(1);
        let start = self.starts[line - 1];
        Position {
            line,
            column: 1 + columns.count(&bytes[start..offset]),
        }
    }
}

impl Columns {
    /// How many columns `bytes` span.
    pub fn count(self, bytes: &[u8]) -> usize {
        let chunks = bytes.utf8_chunks();
        match self {
            Columns::Utf8 => bytes.len(),
            Columns::Chars => chunks
                .map(|chunk| chunk.valid().chars().count() + chunk.invalid().len())
                .sum(),
            Columns::Utf16 => chunks
                .map(|chunk| {
                    chunk.valid().chars().map(char::len_utf16).sum::<usize>()
                        + chunk.invalid().len()
                })
                .sum(),
        }
    }
}

/// The bytes of the line that holds byte `offset` (clamped to the end), without its line break.
pub fn line_of(bytes: &[u8], offset: usize) -> &[u8] {
    let offset = offset.min(bytes.len());
    &bytes[line_start(bytes, offset)..line_end(bytes, offset)]
}

fn line_start(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1)
}

fn line_end(bytes: &[u8], offset: usize) -> usize {
    bytes[offset..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(bytes.len(), |i| offset + i)
}

/// A rustc-style snippet of the line holding `span.start`, with carets under the span (cut at the
/// end of that line; at least one caret).
///
/// ```text
///    |
/// 12 | keyword = ["a"]
///    | ^^^^^^^
/// ```
pub fn snippet(bytes: &[u8], span: Range<usize>) -> String {
    let start = span.start.min(bytes.len());
    let pos = position(bytes, start);
    let from = line_start(bytes, start);
    let to = line_end(bytes, start);
    let line_text = String::from_utf8_lossy(&bytes[from..to]).replace('\t', " ");
    let end = span.end.clamp(start, to);
    let width = Columns::Chars.count(&bytes[start..end]).max(1);
    let (line_text, pad, width) = clip(&line_text, pos.column - 1, width);
    let gutter = " ".repeat(pos.line.to_string().len());
    format!(
        "{gutter} |\n{line} | {line_text}\n{gutter} | {pad}{carets}",
        line = pos.line,
        pad = " ".repeat(pad),
        carets = "^".repeat(width),
    )
}

/// The widest line a snippet shows whole, in characters.
const SNIPPET_WIDTH: usize = 160;

/// A line over [`SNIPPET_WIDTH`] cut to a window around the span (`…` marking each cut), with
/// the span's column and width in the window: a pack of one 100,000-keyword line gets a short
/// snippet, not the whole line.
fn clip(line: &str, column: usize, width: usize) -> (String, usize, usize) {
    let count = line.chars().count();
    if count <= SNIPPET_WIDTH {
        return (line.to_owned(), column, width);
    }
    let start = column.saturating_sub(40);
    let end = count.min(start + SNIPPET_WIDTH);
    let mut shown: String = line.chars().skip(start).take(end - start).collect();
    let mut pad = column - start;
    if start > 0 {
        shown.insert(0, '…');
        pad += 1;
    }
    if end < count {
        shown.push('…');
    }
    let width = width.min(end.saturating_sub(column)).max(1);
    (shown, pad, width)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_cut_to_a_window_around_the_span() {
        let line = format!("{}target{}", "a".repeat(300), "b".repeat(300));
        let start = 300;
        let shown = snippet(line.as_bytes(), start..start + 6);
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(
            lines[1],
            format!("1 | …{}target{}…", "a".repeat(40), "b".repeat(114))
        );
        assert_eq!(lines[2], format!("  | {}^^^^^^", " ".repeat(41)));
        // A span wider than the window gets carets to the window's end only.
        let shown = snippet(line.as_bytes(), 0..line.len());
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines[1], format!("1 | {}…", "a".repeat(160)));
        assert_eq!(lines[2], format!("  | {}", "^".repeat(160)));
    }

    #[test]
    fn position_counts_lines_and_characters_from_one() {
        let text = "ab\ncdé f\n".as_bytes();
        assert_eq!(position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(position(text, 3), Position { line: 2, column: 1 });
        // 'é' is two bytes but one column.
        let f = text.iter().position(|&b| b == b'f').unwrap();
        assert_eq!(position(text, f), Position { line: 2, column: 5 });
    }

    #[test]
    fn position_counts_each_invalid_byte_as_one_column() {
        let text = b"x = '\xff\xfe' # tags";
        let tags = 11;
        assert_eq!(&text[tags..tags + 4], b"tags");
        assert_eq!(position(text, tags).column, 12);
    }

    #[test]
    fn a_line_index_gives_the_positions_position_gives() {
        let mut text = "ab\ncdé f\n\n\u{1F600}x".as_bytes().to_vec();
        text.extend_from_slice(b"\xff\n");
        let index = LineIndex::new(&text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(
                index.position(&text, offset, Columns::Chars),
                position(&text, offset),
                "{offset}"
            );
        }
    }

    #[test]
    fn columns_count_characters_bytes_or_utf16_units() {
        let text = "é\u{1F600}x".as_bytes();
        let x = text.len() - 1;
        let index = LineIndex::new(text);
        let column = |columns| index.position(text, x, columns).column;
        assert_eq!(
            (
                column(Columns::Chars),
                column(Columns::Utf8),
                column(Columns::Utf16)
            ),
            (3, 7, 4)
        );
    }

    #[test]
    fn position_past_the_end_is_clamped() {
        assert_eq!(position(b"a\nb", 99), Position { line: 2, column: 2 });
    }

    #[test]
    fn snippet_puts_carets_under_the_span() {
        let text = b"[pack]\nkeyword = 1\n";
        let s = snippet(text, 7..14);
        assert_eq!(s, "  |\n2 | keyword = 1\n  | ^^^^^^^");
    }

    #[test]
    fn snippet_of_an_empty_span_at_end_of_file_has_one_caret() {
        let s = snippet(b"a = [", 5..5);
        assert!(s.ends_with("|      ^"), "{s}");
    }
}
