//! YAML into a [`Node`] tree, from the events of `saphyr-parser` (see the parent module for why
//! that crate). Only the first document is read; an alias (`*name`) is a [`Value::Null`] at the
//! alias, never the anchored node again, so an alias bomb costs one node per alias written.

mod offsets;
mod resolve;

use saphyr_parser::{Event, Parser};

use self::offsets::CharOffsets;
use super::build::Builder;
use super::error::ParseError;
use super::node::{Node, Value};

/// The first document of `text` as a tree; an empty stream (or only comments) is a null.
pub fn parse(text: &str) -> Result<Node, ParseError> {
    let offsets = CharOffsets::new(text);
    let mut builder = Builder::new();
    let mut parser = Parser::new_from_str(text);
    while let Some(next) = parser.next_event() {
        let (event, span) = next
            .map_err(|e| ParseError::new(offsets.byte(e.marker().index()), e.info().to_owned()))?;
        let start = offsets.byte(span.start.index());
        let end = offsets.byte(span.end.index()).max(start);
        match event {
            Event::Scalar(text, style, _anchor, tag) => builder.value(Node::new(
                resolve::scalar(&text, style, tag.as_ref()),
                start..end,
            )),
            Event::Alias(_) => builder.value(Node::new(Value::Null, start..end)),
            Event::SequenceStart(..) => builder.open_list(start)?,
            Event::MappingStart(..) => builder.open_map(start)?,
            Event::SequenceEnd | Event::MappingEnd => builder.close(end),
            Event::DocumentEnd => break,
            Event::StreamStart | Event::StreamEnd | Event::DocumentStart(_) | Event::Nothing => {}
        }
    }
    Ok(builder
        .finish()
        .unwrap_or_else(|| Node::new(Value::Null, 0..0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_keep_their_written_range_quotes_included() {
        let text = "a: 'x'\nb: \"y\"\nc: plain text\n";
        let root = parse(text).unwrap();
        let shown: Vec<_> = root
            .entries()
            .iter()
            .map(|(k, v)| (&text[k.range.clone()], &text[v.range.clone()]))
            .collect();
        assert_eq!(shown, [("a", "'x'"), ("b", "\"y\""), ("c", "plain text")]);
    }

    #[test]
    fn ranges_are_bytes_after_multibyte_characters_and_block_scalars() {
        let text = "# café ☕ 😀\nd: |\n  héllo\n  wörld\nname: é😀x\nlast: ok\n";
        let root = parse(text).unwrap();
        let entries = root.entries();
        assert_eq!(&text[entries[1].0.range.clone()], "name");
        assert_eq!(&text[entries[1].1.range.clone()], "é😀x");
        assert_eq!(&text[entries[2].1.range.clone()], "ok");
    }

    #[test]
    fn only_the_first_document_is_read() {
        let root = parse("---\na: 1\n---\nb: [unclosed\n").unwrap();
        assert_eq!(root.entries().len(), 1);
        assert_eq!(root.entries()[0].1.value, Value::Int(1));
    }

    #[test]
    fn a_key_written_twice_keeps_its_first_place_and_last_value() {
        let text = "a: 1\nb: 2\na: 3\n";
        let root = parse(text).unwrap();
        let entries = root.entries();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].1.value, Value::Int(3));
        assert_eq!(entries[0].0.range, 10..11);
    }

    #[test]
    fn an_empty_stream_is_null() {
        assert_eq!(parse("").unwrap().value, Value::Null);
        assert_eq!(parse("# only a comment\n").unwrap().value, Value::Null);
    }

    #[test]
    fn a_bare_scalar_document_is_that_scalar() {
        let root = parse("  hello\n").unwrap();
        assert_eq!(root.value, Value::Str("hello".into()));
        assert_eq!(root.range, 2..7);
    }

    #[test]
    fn an_alias_is_null_at_the_alias_and_the_anchored_node_stays() {
        let text = "a: &x [1, 2]\nb: *x\n";
        let root = parse(text).unwrap();
        let entries = root.entries();
        assert!(matches!(&entries[0].1.value, Value::List(items) if items.len() == 2));
        assert_eq!(entries[1].1.value, Value::Null);
        assert_eq!(&text[entries[1].1.range.clone()], "*x");
    }

    #[test]
    fn a_flow_collection_ends_after_its_bracket() {
        let text = "k: [1, 2]\n";
        let root = parse(text).unwrap();
        assert_eq!(&text[root.entries()[0].1.range.clone()], "[1, 2]");
    }

    #[test]
    fn errors_are_at_byte_offsets_after_multibyte_characters() {
        // The stray `]` is at byte 11 (the `é` takes two bytes): the parser reports it there.
        let text = "k: é\nv: x\n]";
        let err = parse(text).unwrap_err();
        assert!(err.offset >= 10 && err.offset <= text.len(), "{err:?}");
        assert!(text.is_char_boundary(err.offset));
    }
}
