//! JSON (RFC 8259) into a [`Node`] tree: a small strict parser that keeps byte positions, with
//! the explicit stack of [`Builder`]. Numbers without fraction or exponent that fit in 64 bits
//! are [`Value::Int`], other numbers [`Value::Float`]; `\u` escapes may be surrogate pairs. A
//! leading byte order mark is skipped.

use super::build::Builder;
use super::error::ParseError;
use super::node::{Node, Value};

/// The JSON value that is `text`.
pub fn parse(text: &str) -> Result<Node, ParseError> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut parser = JsonParser {
        bytes: text.as_bytes(),
        text,
        pos: start,
        builder: Builder::new(),
        open: Vec::new(),
    };
    parser.run()?;
    parser
        .builder
        .finish()
        .ok_or_else(|| ParseError::new(text.len(), "the JSON value is not complete"))
}

/// What is open, innermost last (the builder holds the nodes, this the grammar's state).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    List,
    Map,
}

struct JsonParser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    builder: Builder,
    open: Vec<Open>,
}

impl JsonParser<'_> {
    /// Reads values until the top-level one is complete, then checks nothing follows.
    fn run(&mut self) -> Result<(), ParseError> {
        'value: loop {
            self.skip_ws();
            if !self.value()? {
                // An opened list or map: its first value (or its immediate close) comes next.
                continue 'value;
            }
            // A value is complete: close what it completes, then find where the next one goes.
            loop {
                self.skip_ws();
                let Some(&open) = self.open.last() else {
                    if self.pos < self.bytes.len() {
                        return Err(self.error("unexpected text after the JSON value"));
                    }
                    return Ok(());
                };
                let close = if open == Open::List { b']' } else { b'}' };
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        if open == Open::Map {
                            self.skip_ws();
                            self.key()?;
                        }
                        continue 'value;
                    }
                    Some(b) if b == close => {
                        self.pos += 1;
                        self.open.pop();
                        self.builder.close(self.pos);
                    }
                    _ => {
                        let what = if open == Open::List {
                            "expected `,` or `]` after a list item"
                        } else {
                            "expected `,` or `}` after a map value"
                        };
                        return Err(self.error(what));
                    }
                }
            }
        }
    }

    /// Reads one value at `pos`: a scalar (true), or the opening of a list or map (false; an
    /// empty one is closed at once and counts as a complete value).
    fn value(&mut self) -> Result<bool, ParseError> {
        let start = self.pos;
        match self.peek() {
            Some(b'[') => {
                self.builder.open_list(start)?;
                self.pos += 1;
                self.open.push(Open::List);
                self.skip_ws();
                if self.peek() == Some(b']') {
                    self.pos += 1;
                    self.open.pop();
                    self.builder.close(self.pos);
                    return Ok(true);
                }
                Ok(false)
            }
            Some(b'{') => {
                self.builder.open_map(start)?;
                self.pos += 1;
                self.open.push(Open::Map);
                self.skip_ws();
                if self.peek() == Some(b'}') {
                    self.pos += 1;
                    self.open.pop();
                    self.builder.close(self.pos);
                    return Ok(true);
                }
                self.key()?;
                Ok(false)
            }
            Some(b'"') => {
                let s = self.string()?;
                self.builder
                    .value(Node::new(Value::Str(s), start..self.pos));
                Ok(true)
            }
            Some(b'-' | b'0'..=b'9') => {
                let value = self.number()?;
                self.builder.value(Node::new(value, start..self.pos));
                Ok(true)
            }
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(_) => Err(self.error("expected a JSON value")),
            None => Err(self.error("unexpected end of the file: expected a JSON value")),
        }
    }

    /// Reads a map's key and its `:`, at `pos`.
    fn key(&mut self) -> Result<(), ParseError> {
        let start = self.pos;
        if self.peek() != Some(b'"') {
            return Err(self.error("expected a double-quoted key"));
        }
        let s = self.string()?;
        self.builder
            .value(Node::new(Value::Str(s), start..self.pos));
        self.skip_ws();
        if self.peek() != Some(b':') {
            return Err(self.error("expected `:` after the key"));
        }
        self.pos += 1;
        Ok(())
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<bool, ParseError> {
        let start = self.pos;
        if !self.bytes[start..].starts_with(word.as_bytes()) {
            return Err(self.error("expected a JSON value (`true`, `false` or `null`?)"));
        }
        self.pos += word.len();
        self.builder.value(Node::new(value, start..self.pos));
        Ok(true)
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`.
    fn number(&mut self) -> Result<Value, ParseError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error("expected a digit")),
        }
        let mut integer = true;
        if self.peek() == Some(b'.') {
            integer = false;
            self.pos += 1;
            self.need_digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            integer = false;
            self.pos += 1;
            if matches!(self.peek(), Some(b'-' | b'+')) {
                self.pos += 1;
            }
            self.need_digits()?;
        }
        let text = &self.text[start..self.pos];
        if integer && let Ok(i) = text.parse::<i64>() {
            return Ok(Value::Int(i));
        }
        text.parse::<f64>()
            .map(Value::Float)
            .map_err(|_| ParseError::new(start, "a number that cannot be read"))
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
    }

    fn need_digits(&mut self) -> Result<(), ParseError> {
        if !matches!(self.peek(), Some(b'0'..=b'9')) {
            return Err(self.error("expected a digit"));
        }
        self.digits();
        Ok(())
    }

    /// A string at `pos` (its opening quote), with its escapes resolved.
    fn string(&mut self) -> Result<String, ParseError> {
        self.pos += 1;
        let mut out = String::new();
        let mut run = self.pos;
        loop {
            match self.peek() {
                None => return Err(self.error("unexpected end of the file inside a string")),
                Some(b'"') => {
                    out.push_str(&self.text[run..self.pos]);
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push_str(&self.text[run..self.pos]);
                    self.escape(&mut out)?;
                    run = self.pos;
                }
                Some(0..=0x1f) => {
                    return Err(self.error("a control character in a string: write it escaped"));
                }
                Some(_) => self.pos += 1,
            }
        }
    }

    /// The escape at `pos` (its backslash) into `out`.
    fn escape(&mut self, out: &mut String) -> Result<(), ParseError> {
        let at = self.pos;
        self.pos += 1;
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let high = self.hex4()?;
                let c = if (0xD800..0xDC00).contains(&high) {
                    // A surrogate pair: the low half must follow as another `\u` escape.
                    if !self.bytes[self.pos..].starts_with(b"\\u") {
                        return Err(ParseError::new(at, "a lone surrogate in a `\\u` escape"));
                    }
                    self.pos += 2;
                    let low = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return Err(ParseError::new(at, "a lone surrogate in a `\\u` escape"));
                    }
                    char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                } else {
                    char::from_u32(high)
                };
                out.push(
                    c.ok_or_else(|| ParseError::new(at, "a lone surrogate in a `\\u` escape"))?,
                );
                return Ok(());
            }
            _ => return Err(ParseError::new(at, "an unknown escape in a string")),
        };
        self.pos += 1;
        out.push(c);
        Ok(())
    }

    /// Four hexadecimal digits at `pos`.
    fn hex4(&mut self) -> Result<u32, ParseError> {
        let digits = self.bytes.get(self.pos..self.pos + 4);
        let value = digits
            .filter(|d| d.iter().all(u8::is_ascii_hexdigit))
            .and_then(|d| std::str::from_utf8(d).ok())
            .and_then(|d| u32::from_str_radix(d, 16).ok())
            .ok_or_else(|| self.error("expected four hexadecimal digits after `\\u`"))?;
        self.pos += 4;
        Ok(value)
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// An error at `pos`.
    fn error(&self, message: &str) -> ParseError {
        ParseError::new(self.pos.min(self.bytes.len()), message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_arrays_and_scalars_with_their_ranges() {
        let text = r#"{"a": [1, -2.5e1, true, false, null], "b": {"c": "d"}, "e": {}, "f": []}"#;
        let root = parse(text).unwrap();
        let map = root.entries();
        assert_eq!(map.len(), 4);
        assert_eq!(&text[map[0].0.range.clone()], "\"a\"");
        assert_eq!(
            &text[map[0].1.range.clone()],
            "[1, -2.5e1, true, false, null]"
        );
        let Value::List(items) = &map[0].1.value else {
            panic!("a list");
        };
        let values: Vec<_> = items.iter().map(|n| n.value.clone()).collect();
        assert_eq!(
            values,
            [
                Value::Int(1),
                Value::Float(-25.0),
                Value::Bool(true),
                Value::Bool(false),
                Value::Null
            ]
        );
        assert_eq!(&text[map[1].1.range.clone()], r#"{"c": "d"}"#);
        assert_eq!(root.range, 0..text.len());
    }

    #[test]
    fn escapes_and_surrogate_pairs_are_resolved() {
        let text = r#"["\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00x"]"#;
        let root = parse(text).unwrap();
        let Value::List(items) = root.value else {
            panic!("a list");
        };
        assert_eq!(
            items[0].value,
            Value::Str("\"\\/\u{8}\u{c}\n\r\té😀x".into())
        );
    }

    #[test]
    fn a_lone_surrogate_is_an_error_at_its_escape() {
        let err = parse(r#"["ab\ud83d"]"#).unwrap_err();
        assert_eq!(err.offset, 4);
        assert_eq!(parse(r#"["\udc00"]"#).unwrap_err().offset, 2);
    }

    #[test]
    fn large_integers_are_floats() {
        let root = parse("123456789012345678901234567890").unwrap();
        assert_eq!(root.value, Value::Float(1.2345678901234568e29));
        assert_eq!(
            parse("-9223372036854775808").unwrap().value,
            Value::Int(i64::MIN)
        );
    }

    #[test]
    fn ranges_are_bytes_after_multibyte_characters() {
        let text = "{\"é😀\": \"ü\", \"k\": 1}";
        let root = parse(text).unwrap();
        let map = root.entries();
        assert_eq!(&text[map[0].1.range.clone()], "\"ü\"");
        assert_eq!(&text[map[1].0.range.clone()], "\"k\"");
    }

    #[test]
    fn what_is_not_json_is_an_error_where_it_is() {
        let cases: &[(&str, usize)] = &[
            ("", 0),
            ("{\"a\": 1,}", 8),
            ("[1, 2", 5),
            ("[1 2]", 3),
            ("{\"a\" 1}", 5),
            ("{a: 1}", 1),
            ("[01]", 2),
            ("[1.]", 3),
            ("[-]", 2),
            ("[tru]", 1),
            ("\"a\nb\"", 2),
            ("[\"\\x\"]", 2),
            ("[\"\\u12\"]", 4),
            ("{} x", 3),
            ("// c\n{}", 0),
            ("[1,]", 3),
        ];
        for &(text, offset) in cases {
            let err = parse(text).unwrap_err();
            assert_eq!(err.offset, offset, "{text:?}: {err}");
        }
    }

    #[test]
    fn whitespace_and_a_byte_order_mark_are_allowed_around_the_value() {
        let text = "\u{feff} \t\r\n {\n\t\"a\":1\n} \n";
        let root = parse(text).unwrap();
        assert_eq!(&text[root.entries()[0].1.range.clone()], "1");
    }

    #[test]
    fn a_duplicate_key_keeps_the_last_value() {
        let root = parse(r#"{"a": 1, "b": 2, "a": 3}"#).unwrap();
        let map = root.entries();
        assert_eq!(map.len(), 2);
        assert_eq!(map[0].1.value, Value::Int(3));
    }
}
