//! What a YAML scalar's text means, by the YAML 1.2 core schema: `null`/`~`/nothing, `true` and
//! `false` (also capitalised or upper case), decimal, `0o` octal and `0x` hexadecimal integers,
//! floats with `.inf` and `.nan`. (YAML 1.1's `yes`, `on`, `1_000` are strings.) Quoted and block
//! scalars are strings; a `!!str` tag makes a plain scalar a string, other core tags resolve it
//! as plain, and any other tag is ignored.

use std::borrow::Cow;

use saphyr_parser::{ScalarStyle, Tag};

use super::super::node::Value;

/// The value of a scalar written `text` in `style`, tagged `tag`.
pub fn scalar(text: &str, style: ScalarStyle, tag: Option<&Cow<'_, Tag>>) -> Value {
    if let Some(tag) = tag {
        let core = tag.is_yaml_core_schema();
        if (core && tag.suffix == "str") || (tag.handle == "!" && tag.suffix.is_empty()) {
            return Value::Str(text.to_owned());
        }
        if core {
            return plain(text);
        }
    }
    match style {
        ScalarStyle::Plain => plain(text),
        _ => Value::Str(text.to_owned()),
    }
}

/// The value of an untagged plain scalar.
pub fn plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        ".nan" | ".NaN" | ".NAN" => return Value::Float(f64::NAN),
        _ => {}
    }
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") {
        return Value::Float(if negative {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        });
    }
    if let Some(value) = radix_int(text) {
        return value;
    }
    if is_decimal_int(unsigned) {
        return match text.parse::<i64>() {
            Ok(i) => Value::Int(i),
            // Too large for 64 bits: still a number.
            Err(_) => text
                .parse::<f64>()
                .map_or_else(|_| Value::Str(text.to_owned()), Value::Float),
        };
    }
    if is_float(unsigned)
        && let Ok(f) = text.parse::<f64>()
    {
        return Value::Float(f);
    }
    Value::Str(text.to_owned())
}

/// `0o17` and `0x1F` (unsigned, as the core schema has them); too large for 64 bits is a string.
fn radix_int(text: &str) -> Option<Value> {
    let (digits, radix) = if let Some(d) = text.strip_prefix("0o") {
        (d, 8)
    } else if let Some(d) = text.strip_prefix("0x") {
        (d, 16)
    } else {
        return None;
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    Some(
        i64::from_str_radix(digits, radix).map_or_else(|_| Value::Str(text.to_owned()), Value::Int),
    )
}

/// `[0-9]+`.
fn is_decimal_int(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, unsigned.
fn is_float(s: &str) -> bool {
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(at) => (&s[..at], Some(&s[at + 1..])),
        None => (s, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", frac)) => is_decimal_int(frac),
        Some((int, frac)) => is_decimal_int(int) && frac.bytes().all(|b| b.is_ascii_digit()),
        None => is_decimal_int(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let digits = e.strip_prefix(['-', '+']).unwrap_or(e);
        is_decimal_int(digits)
    });
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nulls_and_booleans_of_the_core_schema() {
        for null in ["", "~", "null", "Null", "NULL"] {
            assert_eq!(plain(null), Value::Null, "{null:?}");
        }
        assert_eq!(plain("True"), Value::Bool(true));
        assert_eq!(plain("FALSE"), Value::Bool(false));
    }

    #[test]
    fn yaml_1_1_words_are_strings() {
        for word in ["yes", "no", "on", "off", "nULL", "tRUE"] {
            assert_eq!(plain(word), Value::Str(word.into()), "{word}");
        }
    }

    #[test]
    fn integers_in_three_bases() {
        assert_eq!(plain("42"), Value::Int(42));
        assert_eq!(plain("-7"), Value::Int(-7));
        assert_eq!(plain("+7"), Value::Int(7));
        assert_eq!(plain("0o17"), Value::Int(15));
        assert_eq!(plain("0x1F"), Value::Int(31));
        assert_eq!(plain("0x"), Value::Str("0x".into()));
        assert_eq!(plain("1_000"), Value::Str("1_000".into()));
    }

    #[test]
    fn an_integer_too_large_for_64_bits_is_a_float() {
        assert_eq!(
            plain("123456789012345678901234567890"),
            Value::Float(1.2345678901234568e29)
        );
    }

    #[test]
    fn floats_with_exponents_infinities_and_nan() {
        assert_eq!(plain("2.5"), Value::Float(2.5));
        assert_eq!(plain(".5"), Value::Float(0.5));
        assert_eq!(plain("1."), Value::Float(1.0));
        assert_eq!(plain("1e3"), Value::Float(1000.0));
        assert_eq!(plain("-1.5E-3"), Value::Float(-0.0015));
        assert_eq!(plain("-.inf"), Value::Float(f64::NEG_INFINITY));
        assert!(matches!(plain(".NaN"), Value::Float(f) if f.is_nan()));
        for text in ["1e", "e3", ".", "1.2.3", "inf", "nan", "1e+"] {
            assert_eq!(plain(text), Value::Str(text.into()), "{text}");
        }
    }

    #[test]
    fn quoted_scalars_are_strings() {
        assert_eq!(
            scalar("42", ScalarStyle::DoubleQuoted, None),
            Value::Str("42".into())
        );
        assert_eq!(
            scalar("true", ScalarStyle::SingleQuoted, None),
            Value::Str("true".into())
        );
    }

    #[test]
    fn tags_of_the_core_schema_and_others() {
        let tag = |handle: &str, suffix: &str| {
            Cow::Owned(Tag {
                handle: handle.into(),
                suffix: suffix.into(),
            })
        };
        let core = "tag:yaml.org,2002:";
        assert_eq!(
            scalar("42", ScalarStyle::Plain, Some(&tag(core, "str"))),
            Value::Str("42".into())
        );
        assert_eq!(
            scalar("42", ScalarStyle::DoubleQuoted, Some(&tag(core, "int"))),
            Value::Int(42)
        );
        assert_eq!(
            scalar("42", ScalarStyle::Plain, Some(&tag("!", "Ref"))),
            Value::Int(42)
        );
        assert_eq!(
            scalar("42", ScalarStyle::Plain, Some(&tag("!", ""))),
            Value::Str("42".into())
        );
    }
}
