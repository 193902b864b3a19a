//! The prefilter's light Python tokenizer, run before (and instead of) a parse: where
//! each logical line starts, and which bytes are plain string literals or comments.
//!
//! It follows the lexer of the parser (Ruff's, Python 3.12 rules): a newline ends a logical line
//! only outside brackets, strings and f-string replacement fields, and not after a `\`
//! continuation; `;` outside brackets ends one too. f-strings (and t-strings) are followed
//! through their replacement fields and format specs, whatever quotes those nest, and are not
//! opaque: code runs inside them. On a file with syntax errors the parser may end a logical
//! line earlier than this tokenizer does (it re-lexes after an unclosed bracket), never later,
//! so a call the parser finds always lies within one logical line here.

use std::ops::Range;

use super::needle::is_identifier_byte;

/// The logical lines and opaque spans of one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    /// Offsets where logical lines start, ascending; the first is 0.
    line_starts: Vec<usize>,
    /// Plain string literals (prefix and quotes included) and comments, ascending, disjoint.
    opaque: Vec<(Range<usize>, Opaque)>,
}

/// What an opaque span is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opaque {
    /// A string or bytes literal that is not an f-string or t-string.
    String,
    /// A `#` comment, up to the end of its line.
    Comment,
}

/// One level of f-string nesting.
#[derive(Debug, Clone, Copy)]
enum Frame {
    /// The literal text of an f-string.
    Literal { quote: u8, triple: bool, raw: bool },
    /// A replacement field's code, with its own bracket depth.
    Field { depth: usize },
    /// A format spec (after `:` in a field), up to the field's `}`.
    Spec,
}

impl Layout {
    /// Tokenizes `bytes` (which need not be UTF-8).
    pub fn new(bytes: &[u8]) -> Layout {
        let mut lexer = Lexer {
            bytes,
            at: 0,
            depth: 0,
            stack: Vec::new(),
            layout: Layout {
                line_starts: vec![0],
                opaque: Vec::new(),
            },
        };
        lexer.run();
        lexer.layout
    }

    /// The offset where the logical line holding `offset` starts.
    pub fn line_start(&self, offset: usize) -> usize {
        let after = self.line_starts.partition_point(|&start| start <= offset);
        self.line_starts[after.saturating_sub(1)]
    }

    /// The opaque span holding `offset`, if any.
    pub fn opaque_at(&self, offset: usize) -> Option<Opaque> {
        let after = self.opaque.partition_point(|(r, _)| r.start <= offset);
        let (range, kind) = self.opaque.get(after.checked_sub(1)?)?;
        range.contains(&offset).then_some(*kind)
    }
}

struct Lexer<'a> {
    bytes: &'a [u8],
    at: usize,
    /// Bracket depth outside f-strings.
    depth: usize,
    stack: Vec<Frame>,
    layout: Layout,
}

impl Lexer<'_> {
    fn peek(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.at + ahead).copied()
    }

    fn run(&mut self) {
        while let Some(byte) = self.peek(0) {
            match self.stack.last().copied() {
                None | Some(Frame::Field { .. }) => {
                    let skip = self.bytes[self.at..]
                        .iter()
                        .position(|&b| SPECIAL_IN_CODE[usize::from(b)]);
                    match skip {
                        Some(skip) => {
                            self.at += skip;
                            self.code(self.bytes[self.at]);
                        }
                        None => self.at = self.bytes.len(),
                    }
                }
                Some(Frame::Literal { quote, triple, raw }) => {
                    self.literal(byte, quote, triple, raw, false);
                }
                Some(Frame::Spec) => {
                    let (quote, triple, raw) = self.enclosing_literal();
                    self.literal(byte, quote, triple, raw, true);
                }
            }
        }
    }

    /// The quote, triple-ness and raw-ness of the innermost f-string.
    fn enclosing_literal(&self) -> (u8, bool, bool) {
        self.stack
            .iter()
            .rev()
            .find_map(|frame| match *frame {
                Frame::Literal { quote, triple, raw } => Some((quote, triple, raw)),
                _ => None,
            })
            .unwrap_or((b'"', false, false))
    }

    /// Leaves the innermost f-string, from inside its text, a field or a spec.
    fn close_fstring(&mut self) {
        while let Some(frame) = self.stack.pop() {
            if matches!(frame, Frame::Literal { .. }) {
                break;
            }
        }
    }

    fn line_break(&mut self, next: usize) {
        if self.stack.is_empty() && self.depth == 0 {
            self.layout.line_starts.push(next);
        }
    }

    /// One step in code: at top level or in a replacement field.
    fn code(&mut self, byte: u8) {
        let field = match self.stack.last() {
            Some(Frame::Field { depth }) => Some(*depth),
            _ => None,
        };
        match byte {
            b'#' => {
                let end = self.line_end(self.at);
                self.layout.opaque.push((self.at..end, Opaque::Comment));
                self.at = end;
            }
            b'\\' => {
                self.at += 1;
                match (self.peek(0), self.peek(1)) {
                    (Some(b'\r'), Some(b'\n')) => self.at += 2,
                    (Some(b'\r' | b'\n'), _) => self.at += 1,
                    _ => {}
                }
            }
            b'\n' | b'\r' => {
                self.at += 1;
                if byte == b'\r' && self.peek(0) == Some(b'\n') {
                    self.at += 1;
                }
                self.line_break(self.at);
            }
            b';' => {
                self.at += 1;
                self.line_break(self.at);
            }
            b'(' | b'[' | b'{' => {
                self.at += 1;
                self.set_depth(field, field.map_or(self.depth, |d| d) + 1);
            }
            b')' | b']' => {
                self.at += 1;
                self.set_depth(field, field.map_or(self.depth, |d| d).saturating_sub(1));
            }
            b'}' if field == Some(0) => {
                self.at += 1;
                self.stack.pop();
            }
            b'}' => {
                self.at += 1;
                self.set_depth(field, field.map_or(self.depth, |d| d).saturating_sub(1));
            }
            b':' if field == Some(0) => {
                self.at += 1;
                self.stack.pop();
                self.stack.push(Frame::Spec);
            }
            b'\'' | b'"' => {
                // A prefix is the run of name characters right before the quote, if it is one.
                let quote = self.at;
                let run = (1..=3)
                    .take_while(|&back| {
                        quote
                            .checked_sub(back)
                            .is_some_and(|i| is_identifier_byte(self.bytes[i]))
                    })
                    .count();
                match prefix(&self.bytes[quote - run..quote]) {
                    Some((raw, interpolated)) => self.string(quote - run, raw, interpolated),
                    None => self.string(quote, false, false),
                }
            }
            _ => self.at += 1,
        }
    }

    /// Sets the bracket depth of the current field (`field` is its depth), or of the top level.
    fn set_depth(&mut self, field: Option<usize>, to: usize) {
        match (field, self.stack.last_mut()) {
            (Some(_), Some(Frame::Field { depth })) => *depth = to,
            _ => self.depth = to,
        }
    }

    /// A string literal whose quote is at `self.at`, starting (with its prefix) at `start`;
    /// `interpolated` for an f-string or t-string.
    fn string(&mut self, start: usize, raw: bool, interpolated: bool) {
        let quote = self.bytes[self.at];
        let triple = self.peek(1) == Some(quote) && self.peek(2) == Some(quote);
        self.at += if triple { 3 } else { 1 };
        if interpolated {
            self.stack.push(Frame::Literal { quote, triple, raw });
            return;
        }
        while let Some(byte) = self.peek(0) {
            match byte {
                b'\\' => {
                    self.at += 1;
                    match (self.peek(0), self.peek(1)) {
                        (Some(b'\r'), Some(b'\n')) => self.at += 2,
                        (Some(_), _) => self.at += 1,
                        (None, _) => {}
                    }
                }
                b'\n' | b'\r' if !triple => break,
                b if b == quote => {
                    if !triple {
                        self.at += 1;
                        break;
                    }
                    if self.peek(1) == Some(quote) && self.peek(2) == Some(quote) {
                        self.at += 3;
                        break;
                    }
                    self.at += 1;
                }
                _ => self.at += 1,
            }
        }
        self.layout.opaque.push((start..self.at, Opaque::String));
    }

    /// One step in an f-string's text (`spec`: in a format spec, where `{{` and `}}` are not
    /// escapes and `}` ends the field).
    fn literal(&mut self, byte: u8, quote: u8, triple: bool, raw: bool, spec: bool) {
        match byte {
            b'\\' => {
                self.at += 1;
                match (self.peek(0), self.peek(1)) {
                    (Some(b'{' | b'}'), _) => {}
                    (Some(b'N'), Some(b'{')) if !raw => {
                        // A named escape, `\N{DIGIT ONE}`: its braces are not a field.
                        let name = self.at + 2;
                        self.at = self.bytes[name..]
                            .iter()
                            .position(|&b| b == b'}' || b == quote || b == b'\n' || b == b'\r')
                            .map_or(self.bytes.len(), |i| {
                                name + i + usize::from(self.bytes[name + i] == b'}')
                            });
                    }
                    (Some(b'\r'), Some(b'\n')) => self.at += 2,
                    (Some(_), _) => self.at += 1,
                    (None, _) => {}
                }
            }
            b'\n' | b'\r' if !triple => self.close_fstring(),
            b if b == quote => {
                if !triple {
                    self.at += 1;
                    self.close_fstring();
                } else if self.peek(1) == Some(quote) && self.peek(2) == Some(quote) {
                    self.at += 3;
                    self.close_fstring();
                } else {
                    self.at += 1;
                }
            }
            b'{' if !spec && self.peek(1) == Some(b'{') => self.at += 2,
            b'{' => {
                self.at += 1;
                self.stack.push(Frame::Field { depth: 0 });
            }
            b'}' if !spec && self.peek(1) == Some(b'}') => self.at += 2,
            b'}' => {
                self.at += 1;
                if spec {
                    self.stack.pop();
                }
            }
            _ => self.at += 1,
        }
    }

    /// The offset of the first line break at or after `from` (or the end).
    fn line_end(&self, from: usize) -> usize {
        self.bytes[from..]
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .map_or(self.bytes.len(), |i| from + i)
    }
}

/// The bytes [`Lexer::code`] acts on; code skips every other byte (names, numbers, operators,
/// white space) one by one.
static SPECIAL_IN_CODE: [bool; 256] = {
    let mut table = [false; 256];
    let special = b"#\\\n\r;()[]{}:'\"";
    let mut i = 0;
    while i < special.len() {
        table[special[i] as usize] = true;
        i += 1;
    }
    table
};

/// If `word` is a string prefix (`r`, `u`, `b`, `f`, `t`, or `r` with one of `b`, `f`, `t`, in
/// any case and order): whether it makes the string raw, and whether an f-string or t-string.
fn prefix(word: &[u8]) -> Option<(bool, bool)> {
    let [first, rest @ ..] = word else {
        return None;
    };
    let (first, second) = (
        first.to_ascii_lowercase(),
        rest.first().map(u8::to_ascii_lowercase),
    );
    let raw = first == b'r' || second == Some(b'r');
    let interpolated = matches!(first, b'f' | b't') || matches!(second, Some(b'f' | b't'));
    let valid = matches!(
        (first, second, rest.len()),
        (b'r' | b'u' | b'b' | b'f' | b't', None, 0)
            | (b'r', Some(b'b' | b'f' | b't'), 1)
            | (b'b' | b'f' | b't', Some(b'r'), 1)
    );
    valid.then_some((raw, interpolated))
}

#[cfg(test)]
mod tests;
