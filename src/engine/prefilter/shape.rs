//! The shapes of the prefilter: cheap lexical tests that decide, without parsing, that a keyword occurrence cannot count in a
//! structural scope. They are necessary conditions only: when one says "maybe", the file is
//! parsed and the source model decides. They look at the bytes right after an occurrence:
//!
//! - a keyword-argument name (or an assignment target) is followed by `=` (not `==`);
//! - a string dict key is followed by its closing quote and `:`;
//! - a value rule judges literals only, so what follows the `=` or `:` must be able to start one.
//!
//! White space, line continuations and comments may stand in between. Known blind spots, where a
//! real occurrence would be passed over: a dict key written as a string spanning several lines,
//! and a keyword in the first part of an implicitly concatenated key (`"status" "x": 1`).

use super::needle::is_identifier_byte;

/// The offset of the first byte at or after `from` that is not white space, a line
/// continuation or a comment.
fn skip_space(bytes: &[u8], mut from: usize) -> usize {
    while let Some(&b) = bytes.get(from) {
        match b {
            b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' => from += 1,
            b'\\' if matches!(bytes.get(from + 1), Some(b'\n' | b'\r')) => from += 2,
            b'#' => {
                from = bytes[from..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(bytes.len(), |i| from + i)
            }
            _ => break,
        }
    }
    from
}

/// Whether the identifier that continues at `end` is followed by `=` (and not `==`): the shape
/// of `name=value` in a call and of `name = value` as a statement.
pub fn before_equals(bytes: &[u8], end: usize) -> bool {
    after_equals(bytes, end).is_some()
}

/// Where the value starts after the `=` that follows the identifier continuing at `end` (see
/// [`before_equals`]).
fn after_equals(bytes: &[u8], mut end: usize) -> Option<usize> {
    while bytes.get(end).copied().is_some_and(is_identifier_byte) {
        end += 1;
    }
    let at = skip_space(bytes, end);
    (bytes.get(at) == Some(&b'=') && bytes.get(at + 1) != Some(&b'='))
        .then(|| skip_space(bytes, at + 1))
}

/// Whether the name ending exactly at `end` is followed by `:` (an annotated assignment).
pub fn before_colon(bytes: &[u8], end: usize) -> bool {
    bytes.get(skip_space(bytes, end)) == Some(&b':')
}

/// Whether the text from `end` on closes a one-line string literal that is followed by `:`: the
/// shape of a string dict key.
pub fn in_dict_key(bytes: &[u8], end: usize) -> bool {
    after_dict_key(bytes, end).is_some()
}

/// Where the value starts after the `:` of the string dict key that `end` is in (see
/// [`in_dict_key`]).
fn after_dict_key(bytes: &[u8], mut end: usize) -> Option<usize> {
    while let Some(&b) = bytes.get(end) {
        match b {
            b'\\' => end += 2,
            b'\n' => return None,
            b'"' | b'\'' => {
                let at = skip_space(bytes, end + 1);
                return (bytes.get(at) == Some(&b':')).then(|| skip_space(bytes, at + 1));
            }
            _ => end += 1,
        }
    }
    None
}

/// Whether the name ending at `end` is bound, by `=` or as a string dict key, to something that
/// may be a literal value: a string, a bracketed display, a number, or `None`, `True` or
/// `False` starting an unbracketed tuple. A name, a call or any other expression is not one.
pub fn binds_literal(bytes: &[u8], end: usize) -> bool {
    let Some(at) = after_equals(bytes, end).or_else(|| after_dict_key(bytes, end)) else {
        return false;
    };
    match bytes.get(at) {
        Some(b'\'' | b'"' | b'(' | b'[' | b'{' | b'-' | b'+' | b'.' | b'0'..=b'9') => true,
        Some(&b) if is_identifier_byte(b) => {
            let run = bytes[at..]
                .iter()
                .position(|&b| !is_identifier_byte(b))
                .map_or(bytes.len(), |i| at + i);
            // A string prefix (`f"..."`), or a constant that starts a tuple (`None, 1`).
            matches!(bytes.get(run), Some(b'\'' | b'"'))
                || (matches!(&bytes[at..run], b"None" | b"True" | b"False")
                    && bytes.get(skip_space(bytes, run)) == Some(&b','))
        }
        _ => false,
    }
}

/// Whether the name ending exactly at `end` stands alone (no identifier byte follows, none
/// precedes `start`).
pub fn whole_name(bytes: &[u8], start: usize, end: usize) -> bool {
    let before = start.checked_sub(1).and_then(|i| bytes.get(i)).copied();
    !before.is_some_and(is_identifier_byte)
        && !bytes.get(end).copied().is_some_and(is_identifier_byte)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The end offset of `word` in `text`.
    fn end_of(text: &str, word: &str) -> usize {
        text.find(word)
            .map(|i| i + word.len())
            .unwrap_or_else(|| panic!("{word} not in {text}"))
    }

    /// Asserts that `test`, applied where `word` ends, holds in each of `yes` and in none of
    /// `no`.
    fn assert_shape(test: fn(&[u8], usize) -> bool, word: &str, yes: &[&str], no: &[&str]) {
        for text in yes {
            assert!(test(text.as_bytes(), end_of(text, word)), "{text}");
        }
        for text in no {
            assert!(!test(text.as_bytes(), end_of(text, word)), "{text}");
        }
    }

    #[test]
    fn keyword_argument_and_assignment_shapes_are_followed_by_a_single_equals() {
        assert_shape(
            before_equals,
            "status",
            &[
                "f(status # why\n = x)",
                "f(owner_status=x)",
                "f(owner_status =\n x)",
                "owner_status = 1",
                "f(a_status\\\n= 1)",
            ],
            &[
                "if status == 1:",
                "print(status)",
                "x = status",
                "status_of(y)",
            ],
        );
    }

    #[test]
    fn dict_key_shape_closes_the_string_then_has_a_colon() {
        assert_shape(
            in_dict_key,
            "tatus",
            &[
                "{'status' # why\n : 1}",
                r#"{"OwnerStatus": 1}"#,
                "{'owner_status' :\n 1}",
                r#"{"a\"status": 1}"#,
            ],
            &[
                r#"log("status: pending")"#,
                "x = 'status'",
                "# status:\n'a': 1",
            ],
        );
    }

    #[test]
    fn an_escaped_quote_after_the_keyword_does_not_close_the_dict_key() {
        // The key goes on past `\"`: `sta\"tus` is one key, followed by `:`.
        assert_shape(
            in_dict_key,
            "sta",
            &[r#"{"sta\"tus": 1}"#, r#"x = {"key", "sta\"tus": 1}"#],
            &[],
        );
        // A key ends on its line: a name at the end of one is no key of the next.
        assert_shape(
            in_dict_key,
            "status",
            &[],
            &["x = status\n{'a': 1}", "x = \"\"\"status\n\": 1\"\"\""],
        );
        // A string that contains `status": 1` is no dict key: its quote is escaped.
        assert_shape(
            in_dict_key,
            "status",
            &[],
            &[r#"log("status\": 1")"#, r#"log('status\': 1')"#],
        );
    }

    #[test]
    fn literal_bindings_are_strings_displays_numbers_and_constant_tuples() {
        assert_shape(
            binds_literal,
            "tags",
            &[
                "f(tags=[])",
                "tags = (\n 1,)",
                "f(tags = 'a')",
                "{'tags': {'k': 1}}",
                "tags = f'x'",
                "tags = -1",
                "tags = None, 1",
                "tags=rb'x'",
            ],
            &[
                "def f(tags=None):",
                "self.tags = tags",
                "f(tags=make())",
                "{'tags': value}",
                "tags = None",
                "tags == []",
                "print(tags)",
            ],
        );
    }

    #[test]
    fn annotations_and_whole_names() {
        let text = "tags: list = []";
        assert!(before_colon(text.as_bytes(), 4));
        assert!(whole_name(text.as_bytes(), 0, 4));
        assert!(!whole_name(b"model_tags = 1", 6, 10));
    }
}
