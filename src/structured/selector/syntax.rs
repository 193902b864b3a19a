//! The selector language's grammar: `keys(` path `)` or a path; a path is segments joined by
//! `.`; a segment is a bare name (`[A-Za-z0-9_-]+`), a double-quoted name (`\"` and `\\`
//! escapes) or `*`, each followed by any number of `[*]` and `[N]`.

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A map's value at this key.
    Key(String),
    /// `*`: every value of a map, every item of a list.
    Any,
    /// `[*]`: every item of a list.
    Each,
    /// `[N]`: the N-th item of a list, from 0.
    Index(usize),
}

/// A selector as written, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Syntax {
    /// `keys(…)`: the keys of the maps the path selects.
    pub keys: bool,
    /// The path's steps, in order; never empty.
    pub steps: Vec<Step>,
}

/// A selector that could not be parsed: where, what, and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (column {column}); {help}")]
pub struct SelectorError {
    /// The 0-based character offset of the problem in the selector's text.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// What to write instead.
    pub help: String,
}

const NAME_HELP: &str =
    "a bare name holds letters, digits, `_` and `-`; quote any other name: `\"my key\"`";
const INDEX_HELP: &str = "write `[N]` for the N-th item of a list (from 0) or `[*]` for every item";

/// Parses `source`.
pub fn parse(source: &str) -> Result<Syntax, SelectorError> {
    let chars: Vec<char> = source.chars().collect();
    let prefix: Vec<char> = "keys(".chars().collect();
    let keys = chars.starts_with(&prefix);
    let mut reader = Reader {
        chars: &chars,
        pos: if keys { prefix.len() } else { 0 },
        keys,
    };
    if chars.is_empty() {
        return Err(reader.error(
            "the selector is empty",
            "write a path of keys, as `a.b[0].c`, or `keys(a.b)` for the keys of a map",
        ));
    }
    if keys && reader.peek() == Some(')') {
        return Err(reader.error(
            "`keys()` names no map",
            "name the map whose keys to take: `keys(a.b)`",
        ));
    }
    let steps = reader.path()?;
    Ok(Syntax { keys, steps })
}

struct Reader<'c> {
    chars: &'c [char],
    pos: usize,
    /// Inside `keys(…)`: the path ends at `)`.
    keys: bool,
}

impl Reader<'_> {
    /// Segments joined by `.`, to the end (or to the closing `)` of `keys(`, which ends the text).
    fn path(&mut self) -> Result<Vec<Step>, SelectorError> {
        let mut steps = Vec::new();
        loop {
            self.segment(&mut steps)?;
            self.indices(&mut steps)?;
            match self.peek() {
                Some('.') => self.pos += 1,
                None if self.keys => {
                    return Err(self.error("`keys(` is not closed", "end it with `)`: `keys(a.b)`"));
                }
                None => return Ok(steps),
                Some(')') if self.keys => {
                    self.pos += 1;
                    if self.pos < self.chars.len() {
                        return Err(self.error(
                            "text after `keys(…)`",
                            "`keys(…)` is the whole selector: remove what follows its `)`",
                        ));
                    }
                    return Ok(steps);
                }
                Some(c) => {
                    return Err(self.error(
                        &format!("unexpected `{c}` after a segment"),
                        &format!("join segments with `.`; {NAME_HELP}"),
                    ));
                }
            }
        }
    }

    /// One segment's name or `*`.
    fn segment(&mut self, steps: &mut Vec<Step>) -> Result<(), SelectorError> {
        match self.peek() {
            None | Some(')') if self.pos > 0 && self.chars.get(self.pos - 1) == Some(&'.') => {
                Err(self.error(
                    "nothing after `.`",
                    "remove the trailing `.`, or name a key after it",
                ))
            }
            Some('.') => Err(self.error(
                "an empty segment",
                "remove the extra `.`; a key holding dots is written quoted: `\"a.b\"`",
            )),
            Some('*') => {
                self.pos += 1;
                steps.push(Step::Any);
                Ok(())
            }
            Some('"') => {
                let name = self.quoted()?;
                steps.push(Step::Key(name));
                Ok(())
            }
            Some('[') => Err(self.error(
                "an index needs a name or `*` before it",
                "write `a[0]`; for every item of a list at the top, write `*`",
            )),
            Some(c) if is_name_char(c) => {
                let start = self.pos;
                while self.peek().is_some_and(is_name_char) {
                    self.pos += 1;
                }
                steps.push(Step::Key(self.chars[start..self.pos].iter().collect()));
                Ok(())
            }
            Some(c) => Err(self.error(&format!("unexpected `{c}`"), NAME_HELP)),
            None => Err(self.error(
                "a name is missing here",
                "write a path of keys, as `a.b[0].c`",
            )),
        }
    }

    /// A double-quoted name at `pos`.
    fn quoted(&mut self) -> Result<String, SelectorError> {
        let open = self.pos;
        self.pos += 1;
        let mut name = String::new();
        loop {
            match self.peek() {
                None => {
                    self.pos = open;
                    return Err(self.error(
                        "the quoted name is not closed",
                        "end the name with `\"`; write `\\\"` for a quote inside it",
                    ));
                }
                Some('"') => {
                    self.pos += 1;
                    return Ok(name);
                }
                Some('\\') => match self.chars.get(self.pos + 1) {
                    Some(&c @ ('"' | '\\')) => {
                        name.push(c);
                        self.pos += 2;
                    }
                    _ => {
                        return Err(self.error(
                            "an unknown escape in a quoted name",
                            "inside quotes, write `\\\"` for a quote and `\\\\` for a backslash",
                        ));
                    }
                },
                Some(c) => {
                    name.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    /// Any `[*]` and `[N]` after a segment.
    fn indices(&mut self, steps: &mut Vec<Step>) -> Result<(), SelectorError> {
        while self.peek() == Some('[') {
            let open = self.pos;
            self.pos += 1;
            if self.peek() == Some('*') {
                self.pos += 1;
                steps.push(Step::Each);
            } else {
                let start = self.pos;
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.pos += 1;
                }
                if start == self.pos {
                    return Err(self.error("expected an index or `*` after `[`", INDEX_HELP));
                }
                let digits: String = self.chars[start..self.pos].iter().collect();
                let Ok(index) = digits.parse::<usize>() else {
                    self.pos = start;
                    return Err(self.error("the index is too large", INDEX_HELP));
                };
                steps.push(Step::Index(index));
            }
            if self.peek() != Some(']') {
                let message = if self.peek().is_none() {
                    self.pos = open;
                    "`[` is not closed"
                } else {
                    "expected `]`"
                };
                return Err(self.error(message, INDEX_HELP));
            }
            self.pos += 1;
        }
        Ok(())
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn error(&self, message: &str, help: &str) -> SelectorError {
        SelectorError {
            column: self.pos,
            message: message.to_owned(),
            help: help.to_owned(),
        }
    }
}

/// A character of a bare name.
fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps(source: &str) -> Vec<Step> {
        let syntax = parse(source).unwrap();
        assert!(!syntax.keys);
        syntax.steps
    }

    fn key(name: &str) -> Step {
        Step::Key(name.into())
    }

    /// The column of the error, and its help is not empty.
    fn column(source: &str) -> usize {
        let err = parse(source).unwrap_err();
        assert!(!err.help.is_empty() && !err.message.is_empty(), "{err:?}");
        err.column
    }

    #[test]
    fn bare_names_joined_by_dots() {
        assert_eq!(
            steps("contract.job-arguments.x_1"),
            [key("contract"), key("job-arguments"), key("x_1")]
        );
    }

    #[test]
    fn quoted_names_hold_dots_spaces_and_escaped_quotes() {
        assert_eq!(
            steps(r#"a."b.c d"."say \"hi\" \\""#),
            [key("a"), key("b.c d"), key("say \"hi\" \\")]
        );
        assert_eq!(steps(r#""""#), [key("")]);
    }

    #[test]
    fn a_star_segment_and_indices() {
        assert_eq!(
            steps("a.*.b[*].c[0][12]"),
            [
                key("a"),
                Step::Any,
                key("b"),
                Step::Each,
                key("c"),
                Step::Index(0),
                Step::Index(12)
            ]
        );
        assert_eq!(steps("*[1]"), [Step::Any, Step::Index(1)]);
    }

    #[test]
    fn keys_of_a_path() {
        let syntax = parse("keys(contract.inputs)").unwrap();
        assert!(syntax.keys);
        assert_eq!(syntax.steps, [key("contract"), key("inputs")]);
        assert_eq!(steps("keys"), [key("keys")], "a key named keys");
    }

    #[test]
    fn an_empty_selector_or_path_is_an_error_with_help() {
        assert_eq!(column(""), 0);
        assert_eq!(column("keys()"), 5);
    }

    #[test]
    fn misplaced_dots_are_errors_where_the_name_is_missing() {
        assert_eq!(column(".a"), 0);
        assert_eq!(column("a..b"), 2);
        assert_eq!(column("a."), 2);
        assert_eq!(column("keys(a.)"), 7);
    }

    #[test]
    fn bad_characters_are_errors_at_their_column() {
        assert_eq!(column("a b"), 1);
        assert_eq!(column("a/b"), 1);
        assert_eq!(column("é"), 0);
        assert_eq!(column("ab.é"), 3);
        assert_eq!(column("a*"), 1);
        assert_eq!(column("*a"), 1);
        assert_eq!(column("a)"), 1);
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        assert_eq!(column(r#""é".x y"#), 5);
    }

    #[test]
    fn quoted_name_errors() {
        assert_eq!(column(r#"a."open"#), 2);
        assert_eq!(column(r#""a\x""#), 2);
    }

    #[test]
    fn index_errors() {
        assert_eq!(column("a["), 2);
        assert_eq!(column("a[x]"), 2);
        assert_eq!(column("a[1"), 1);
        assert_eq!(column("a[1x]"), 3);
        assert_eq!(column("a[-1]"), 2);
        assert_eq!(column("a[99999999999999999999999]"), 2);
        assert_eq!(column("[0]"), 0);
    }

    #[test]
    fn keys_errors() {
        assert_eq!(column("keys(a"), 6);
        assert_eq!(column("keys(a).b"), 7);
        assert_eq!(column("keys(keys(a))"), 9);
    }
}
