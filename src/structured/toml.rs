//! TOML into a [`Node`] tree, from the spanned document of `toml::de::DeTable::parse`. The
//! crate keeps a table's keys sorted; they are put back in written order by their positions.
//! Dates and times are strings, as written. The walk uses an explicit stack.

use std::ops::Range;

use ::toml::Spanned;
use ::toml::de::{DeString, DeTable, DeValue};

use super::build::Builder;
use super::error::ParseError;
use super::node::{Node, Value};

type Entry<'a, 'i> = (&'a Spanned<DeString<'i>>, &'a Spanned<DeValue<'i>>);

/// A table or array being walked: what is left of it, and where it ends.
enum Walk<'a, 'i> {
    Table(std::vec::IntoIter<Entry<'a, 'i>>, usize),
    Array(std::slice::Iter<'a, Spanned<DeValue<'i>>>, usize),
}

/// The TOML document `text` as a map.
pub fn parse(text: &str) -> Result<Node, ParseError> {
    let document = DeTable::parse(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start).min(text.len());
        ParseError::new(offset, e.message().trim_end().to_owned())
    })?;
    let mut builder = Builder::new();
    let mut stack = vec![open_table(
        &mut builder,
        document.get_ref(),
        document.span(),
    )?];
    while let Some(top) = stack.last_mut() {
        let (value, end) = match top {
            Walk::Table(entries, end) => match entries.next() {
                Some((key, value)) => {
                    builder.value(Node::new(Value::Str(key.get_ref().to_string()), key.span()));
                    (Some(value), *end)
                }
                None => (None, *end),
            },
            Walk::Array(items, end) => (items.next(), *end),
        };
        let Some(value) = value else {
            stack.pop();
            builder.close(end);
            continue;
        };
        let span = value.span();
        match value.get_ref() {
            DeValue::Table(table) => stack.push(open_table(&mut builder, table, span)?),
            DeValue::Array(items) => {
                builder.open_list(span.start)?;
                stack.push(Walk::Array(items.iter(), span.end));
            }
            scalar => builder.value(Node::new(self::scalar(text, scalar, span.clone())?, span)),
        }
    }
    builder
        .finish()
        .ok_or_else(|| ParseError::new(text.len(), "the TOML document is not complete"))
}

/// Opens a table in `builder`, its entries in written order.
fn open_table<'a, 'i>(
    builder: &mut Builder,
    table: &'a DeTable<'i>,
    span: Range<usize>,
) -> Result<Walk<'a, 'i>, ParseError> {
    builder.open_map(span.start)?;
    let mut entries: Vec<Entry<'a, 'i>> = table.iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    Ok(Walk::Table(entries.into_iter(), span.end))
}

/// A scalar's value; `span` is where it is written in `text`.
fn scalar(text: &str, value: &DeValue<'_>, span: Range<usize>) -> Result<Value, ParseError> {
    Ok(match value {
        DeValue::String(s) => Value::Str(s.to_string()),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
            .map(Value::Int)
            .map_err(|_| ParseError::new(span.start, "an integer out of the 64-bit range"))?,
        DeValue::Float(f) => f
            .as_str()
            .parse::<f64>()
            .map(Value::Float)
            .map_err(|_| ParseError::new(span.start, "a float that cannot be read"))?,
        DeValue::Datetime(d) => {
            Value::Str(text.get(span).map_or_else(|| d.to_string(), str::to_owned))
        }
        // Tables and arrays are walked by the caller.
        DeValue::Table(_) | DeValue::Array(_) => Value::Null,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_come_in_written_order_with_their_ranges() {
        let text = "zeta = 1\nalpha = \"a\"\n\"quoted.key\" = true\n[mid]\nx = 2.5\n";
        let root = parse(text).unwrap();
        let map = root.entries();
        let keys: Vec<_> = map.iter().map(|(k, _)| &text[k.range.clone()]).collect();
        assert_eq!(keys, ["zeta", "alpha", "\"quoted.key\"", "mid"]);
        assert_eq!(map[2].0.value, Value::Str("quoted.key".into()));
        assert_eq!(&text[map[1].1.range.clone()], "\"a\"");
        assert_eq!(map[3].1.entries()[0].1.value, Value::Float(2.5));
    }

    #[test]
    fn numbers_booleans_and_dates() {
        let text = "a = 0x1F\nb = -1_000\nc = inf\nd = 1979-05-27 07:32:00Z\ne = false\nf = -nan\n";
        let root = parse(text).unwrap();
        let values: Vec<_> = root.entries().iter().map(|(_, v)| &v.value).collect();
        assert_eq!(values[0], &Value::Int(31));
        assert_eq!(values[1], &Value::Int(-1000));
        assert_eq!(values[2], &Value::Float(f64::INFINITY));
        assert_eq!(values[3], &Value::Str("1979-05-27 07:32:00Z".into()));
        assert_eq!(values[4], &Value::Bool(false));
        assert!(matches!(values[5], Value::Float(f) if f.is_nan()));
    }

    #[test]
    fn arrays_and_arrays_of_tables() {
        let text = "list = [1, [2, 3]]\n[[item]]\nname = \"a\"\n[[item]]\nname = \"b\"\n";
        let root = parse(text).unwrap();
        let map = root.entries();
        assert_eq!(&text[map[0].1.range.clone()], "[1, [2, 3]]");
        let Value::List(items) = &map[1].1.value else {
            panic!("a list");
        };
        assert_eq!(items.len(), 2);
        assert_eq!(&text[items[1].entries()[0].1.range.clone()], "\"b\"");
    }

    #[test]
    fn errors_are_at_the_offending_byte() {
        let err = parse("a = 1\na = 2\n").unwrap_err();
        assert_eq!(err.offset, 6, "{err}");
        let err = parse("a = \nb = 1\n").unwrap_err();
        assert!(err.offset >= 4 && err.offset <= 5, "{err}");
    }
}
