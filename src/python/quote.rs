//! Writing a string literal anew: a string value in the quotes and prefix of an existing
//! literal, for a fix that replaces the literal.

/// `value` written as a Python string literal in the quotes and prefix of `literal` (the source
/// of one string literal: `"…"`, `r'…'`, `"""…"""`, `f"…"`), escaped as that literal needs it.
/// `None` when `literal` is not one plain string literal (implicitly concatenated parts, a bytes
/// literal, a t-string) or when `value` cannot be written in its quotes (a raw string holding
/// the quote or a backslash, a control character).
pub fn requote(literal: &str, value: &str) -> Option<String> {
    let prefix_len = literal
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(literal.len());
    let (prefix, rest) = literal.split_at(prefix_len);
    let lower = prefix.to_ascii_lowercase();
    if !matches!(lower.as_str(), "" | "r" | "u" | "f" | "rf" | "fr") {
        return None;
    }
    let quote = ["\"\"\"", "'''", "\"", "'"]
        .into_iter()
        .find(|q| rest.len() >= 2 * q.len() && rest.starts_with(q) && rest.ends_with(q))?;
    let inner = &rest[quote.len()..rest.len() - quote.len()];
    if !single_part(inner, quote) {
        return None;
    }
    let raw = lower.contains('r');
    let format = lower.contains('f');
    let mut body = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' | '\'' | '"' if raw && (c == '\\' || quote.starts_with(c)) => return None,
            '\\' => body.push_str("\\\\"),
            '\'' | '"' if quote.starts_with(c) => {
                body.push('\\');
                body.push(c);
            }
            '{' | '}' if format => {
                body.push(c);
                body.push(c);
            }
            '\n' if quote.len() == 3 => body.push('\n'),
            '\n' | '\r' if raw => return None,
            '\n' => body.push_str("\\n"),
            '\r' => body.push_str("\\r"),
            c if c.is_control() && c != '\t' => return None,
            c => body.push(c),
        }
    }
    Some(format!("{prefix}{quote}{body}{quote}"))
}

/// Whether `inner`, the text between a literal's opening and closing `quote`, holds no closing
/// quote of its own (which would make it several literals written side by side).
fn single_part(inner: &str, quote: &str) -> bool {
    let mut escaped = false;
    for (i, c) in inner.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if inner[i..].starts_with(quote) {
            return false;
        }
    }
    !escaped
}

#[cfg(test)]
mod tests {
    use super::requote;

    #[test]
    fn keeps_the_literals_quotes_and_prefix() {
        assert_eq!(
            requote("\"Aproved\"", "Approved").as_deref(),
            Some("\"Approved\"")
        );
        assert_eq!(
            requote("'Aproved'", "Approved").as_deref(),
            Some("'Approved'")
        );
        assert_eq!(
            requote("r'Aproved'", "Approved").as_deref(),
            Some("r'Approved'")
        );
        assert_eq!(
            requote("U\"\"\"x\"\"\"", "y").as_deref(),
            Some("U\"\"\"y\"\"\"")
        );
        assert_eq!(requote("f'x'", "{a}").as_deref(), Some("f'{{a}}'"));
    }

    #[test]
    fn escapes_what_the_quotes_need() {
        assert_eq!(requote("'x'", "it's").as_deref(), Some("'it\\'s'"));
        assert_eq!(requote("\"x\"", "a\\b\n").as_deref(), Some("\"a\\\\b\\n\""));
        assert_eq!(requote("r'x'", "it's"), None);
        assert_eq!(requote("'x'", "a\u{0}"), None);
    }

    #[test]
    fn refuses_what_is_not_one_plain_string_literal() {
        assert_eq!(requote("\"Pending\" \"Aproval\"", "x"), None);
        assert_eq!(requote("'a' \"b\"", "x"), None);
        assert_eq!(requote("b'x'", "y"), None);
        assert_eq!(requote("t'x'", "y"), None);
        assert_eq!(requote("name", "y"), None);
        assert_eq!(requote("'", "y"), None);
        assert_eq!(requote("'a\\'", "y"), None);
    }
}
