//! Why a structured file could not be read: a message at a byte offset.

/// A structured file that could not be parsed: what went wrong, and the byte where it did.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (at byte {offset})")]
pub struct ParseError {
    /// The byte offset into the file's bytes where the problem is (at most the file's length).
    pub offset: usize,
    /// What is wrong, in words.
    pub message: String,
}

impl ParseError {
    /// An error at byte `offset`.
    pub fn new(offset: usize, message: impl Into<String>) -> ParseError {
        ParseError {
            offset,
            message: message.into(),
        }
    }
}

/// The text of `bytes`, or an error at the first byte that is not UTF-8.
pub fn utf8(bytes: &[u8]) -> Result<&str, ParseError> {
    std::str::from_utf8(bytes).map_err(|e| {
        ParseError::new(
            e.valid_up_to(),
            "the file is not UTF-8: this byte starts no valid character",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_an_error_at_the_first_bad_byte() {
        let err = utf8(b"ok: \xc3\xa9 then \xff here").unwrap_err();
        assert_eq!(err.offset, 12);
    }

    #[test]
    fn a_truncated_sequence_at_the_end_is_an_error_where_it_starts() {
        assert_eq!(utf8(b"ab\xe2\x82").unwrap_err().offset, 2);
    }

    #[test]
    fn utf8_text_is_given_back() {
        assert_eq!(utf8("é".as_bytes()), Ok("é"));
    }
}
