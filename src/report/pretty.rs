//! Pretty-printing JSON as it reads inside a larger document: serde_json's `PrettyFormatter`
//! (two spaces per level) started at a given depth, so a result can be written on its own,
//! straight into bytes, and still sit at its place in the report. [`write_at`] does it for any
//! `Serialize` value; [`Writer`] writes the same bytes member by member, without serde's
//! machinery, for the reports whose every result is large (the JSON report's `patterns`).

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{Formatter, Serializer};

/// `PrettyFormatter` with two-space indents, starting `depth` levels deep.
struct Nested {
    depth: usize,
    has_value: bool,
}

impl Nested {
    fn newline_indent<W: ?Sized + Write>(&self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b"\n")?;
        for _ in 0..self.depth {
            writer.write_all(b"  ")?;
        }
        Ok(())
    }

    fn begin<W: ?Sized + Write>(&mut self, writer: &mut W, open: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        writer.write_all(open)
    }

    fn end<W: ?Sized + Write>(&mut self, writer: &mut W, close: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.newline_indent(writer)?;
        }
        writer.write_all(close)
    }

    fn item<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        if !first {
            writer.write_all(b",")?;
        }
        self.newline_indent(writer)
    }
}

impl Formatter for Nested {
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.begin(writer, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.end(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.item(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.begin(writer, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.end(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.item(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Appends `value` to `out`, pretty-printed as it reads `depth` levels deep in a document (its
/// first line is not indented).
pub fn write_at<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T, depth: usize) {
    let formatter = Nested {
        depth,
        has_value: false,
    };
    // Writing into a `Vec` cannot fail, and our values serialize without error (string keys).
    let _ = value.serialize(&mut Serializer::with_formatter(out, formatter));
}

/// Writes JSON as [`write_at`] would, a piece at a time: objects and arrays are written by a
/// closure given their members ([`Writer::key`] then a value) or items ([`Writer::item`] then
/// a value).
pub struct Writer<'a> {
    out: &'a mut Vec<u8>,
    /// The depth of the value written next.
    depth: usize,
    /// Whether the object or array being written has no member yet.
    empty: bool,
}

/// A newline, then the indents of the depths reports use, one slice of it away.
const INDENTS: &[u8; 33] = b"\n                                ";

/// Whether `bytes` can be written as a JSON string as they are: no control character, `"` or
/// `\`. Checked 16 bytes at a time, in a loop the compiler vectorizes (the last 16 overlapping
/// the ones before; a shorter string padded with spaces), as most strings need no escape.
#[inline(always)]
fn plain(bytes: &[u8]) -> bool {
    #[inline(always)]
    fn clean(chunk: &[u8; 16]) -> bool {
        !chunk.iter().fold(false, |escape, &b| {
            escape | (b < 0x20) | (b == b'"') | (b == b'\\')
        })
    }
    let (chunks, _) = bytes.as_chunks::<16>();
    match bytes.last_chunk::<16>() {
        Some(last) => chunks.iter().all(clean) && clean(last),
        None => {
            let mut padded = [b' '; 16];
            padded[..bytes.len()].copy_from_slice(bytes);
            clean(&padded)
        }
    }
}

/// A value the [`Writer`] writes.
pub trait WriteJson {
    /// Writes `self` as the writer's next value.
    fn write_json(&self, w: &mut Writer);
}

impl WriteJson for serde_json::Value {
    fn write_json(&self, w: &mut Writer) {
        w.serialized(self);
    }
}

impl<'a> Writer<'a> {
    /// A writer appending to `out` a value that reads `depth` levels deep in a document (its
    /// first line is not indented).
    pub fn at(out: &'a mut Vec<u8>, depth: usize) -> Writer<'a> {
        Writer {
            out,
            depth,
            empty: true,
        }
    }

    /// An object, whose members `members` writes.
    pub fn object(&mut self, members: impl FnOnce(&mut Self)) {
        self.container(b'{', b'}', members);
    }

    /// An array, whose items `items` writes.
    pub fn array(&mut self, items: impl FnOnce(&mut Self)) {
        self.container(b'[', b']', items);
    }

    /// An array of `values`.
    pub fn array_of<T: WriteJson>(&mut self, values: &[T]) {
        self.array(|w| {
            for value in values {
                w.item().write(value);
            }
        });
    }

    /// An array of strings.
    pub fn strings<S: AsRef<str>>(&mut self, strings: &[S]) {
        self.array(|w| {
            for string in strings {
                w.item().string(string.as_ref());
            }
        });
    }

    fn container(&mut self, open: u8, close: u8, body: impl FnOnce(&mut Self)) {
        self.out.push(open);
        self.depth += 1;
        self.empty = true;
        body(self);
        self.depth -= 1;
        if !self.empty {
            self.newline();
        }
        self.out.push(close);
        self.empty = false;
    }

    #[inline(always)]
    fn newline(&mut self) {
        let width = 1 + 2 * self.depth;
        if width <= INDENTS.len() {
            // All of `INDENTS`, then cut: a copy of a known length is a few moves, not a call.
            let end = self.out.len() + width;
            self.out.extend_from_slice(INDENTS);
            self.out.truncate(end);
        } else {
            self.out.push(b'\n');
            for _ in 0..self.depth {
                self.out.extend_from_slice(b"  ");
            }
        }
    }

    /// Starts the next item of an array; a value follows.
    #[inline(always)]
    pub fn item(&mut self) -> &mut Self {
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
        self.newline();
        self
    }

    /// Starts the next member of an object, `key`; its value follows.
    #[inline(always)]
    pub fn key(&mut self, key: &str) -> &mut Self {
        self.item().string(key);
        self.out.extend_from_slice(b": ");
        self
    }

    /// A string, escaped as serde_json escapes it.
    #[inline(always)]
    pub fn string(&mut self, string: &str) {
        if plain(string.as_bytes()) {
            self.out.reserve(string.len() + 2);
            self.out.push(b'"');
            self.out.extend_from_slice(string.as_bytes());
            self.out.push(b'"');
        } else {
            self.serialized(string);
        }
    }

    /// A number.
    pub fn number(&mut self, mut number: usize) {
        let mut digits = [0u8; 20];
        let mut start = digits.len();
        loop {
            start -= 1;
            // A digit: the remainder is below 10.
            digits[start] = b'0' + (number % 10) as u8;
            number /= 10;
            if number == 0 {
                break;
            }
        }
        self.out.extend_from_slice(&digits[start..]);
    }

    /// A boolean.
    pub fn boolean(&mut self, value: bool) {
        self.out
            .extend_from_slice(if value { b"true" } else { b"false" });
    }

    /// A number, or `null`.
    pub fn optional_number(&mut self, number: Option<usize>) {
        match number {
            Some(number) => self.number(number),
            None => self.out.extend_from_slice(b"null"),
        }
    }

    /// A value that writes itself.
    pub fn write<T: WriteJson + ?Sized>(&mut self, value: &T) {
        value.write_json(self);
    }

    /// A value serde serializes, pretty-printed by [`write_at`] at this depth.
    pub fn serialized<T: Serialize + ?Sized>(&mut self, value: &T) {
        write_at(self.out, value, self.depth);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn at_depth_zero_it_is_serde_jsons_pretty_output() {
        let value = json!({"a": [1, {"b": []}, {}], "c": {"d": "e"}, "f": []});
        let mut out = Vec::new();
        write_at(&mut out, &value, 0);
        assert_eq!(
            String::from_utf8_lossy(&out),
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
    }

    /// `value` written by a [`Writer`] at `depth`, member by member.
    fn written(value: &serde_json::Value, depth: usize) -> String {
        fn write(w: &mut Writer, value: &serde_json::Value) {
            match value {
                serde_json::Value::Object(members) => w.object(|w| {
                    for (key, value) in members {
                        write(w.key(key), value);
                    }
                }),
                serde_json::Value::Array(items) => w.array(|w| {
                    for item in items {
                        write(w.item(), item);
                    }
                }),
                serde_json::Value::String(string) => w.string(string),
                serde_json::Value::Bool(value) => w.boolean(*value),
                serde_json::Value::Number(n) => match n.as_u64() {
                    Some(n) => w.number(n as usize),
                    None => w.serialized(n),
                },
                serde_json::Value::Null => w.optional_number(None),
            }
        }
        let mut out = Vec::new();
        write(&mut Writer::at(&mut out, depth), value);
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn the_writer_writes_what_serde_json_writes() {
        let long = "a plain string longer than sixteen bytes, then \"quoted\"".to_owned();
        let value = json!({
            "a": [0, 7, 1234567890, u64::from(u32::MAX), {"b": [], "c": {}}, [[]], null, true],
            "escapes": ["tab\there", "\u{1}\u{1f}", "back\\slash", long, "é ü \u{7f} /"],
            "": {"nested": {"deeper": [false, "x"]}},
        });
        // 15: deeper than `INDENTS` reaches.
        for depth in [0, 1, 4, 15] {
            let mut expected = Vec::new();
            write_at(&mut expected, &value, depth);
            assert_eq!(written(&value, depth), String::from_utf8_lossy(&expected));
        }
    }

    #[test]
    fn an_escape_is_found_at_every_place_of_strings_of_every_length() {
        for len in 0..40 {
            assert!(plain(&vec![b'a'; len]), "{len}");
            for at in 0..len {
                for escaped in [b'"', b'\\', b'\n', 0, 0x1f] {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = escaped;
                    assert!(!plain(&bytes), "{len} {at} {escaped}");
                }
            }
        }
        assert!(plain("é ü \u{7f} / ~ !".as_bytes()));
    }

    #[test]
    fn deeper_values_indent_every_line_but_the_first() {
        let mut out = Vec::new();
        write_at(&mut out, &json!({"a": [1]}), 2);
        assert_eq!(
            String::from_utf8_lossy(&out),
            "{\n      \"a\": [\n        1\n      ]\n    }"
        );
    }
}
