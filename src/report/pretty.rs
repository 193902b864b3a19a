//! Pretty-printing a JSON value as it reads inside a larger document: serde_json's
//! `PrettyFormatter` (two spaces per level) started at a given depth, so a result can be
//! serialized on its own, straight into bytes, and still sit at its place in the report.

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
