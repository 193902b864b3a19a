//! A pip requirements file into a [`Value::List`] of the distribution names it requires, each a
//! [`Value::Str`] exactly as written, at its range. Skipped: blank lines, comments (`#` at the
//! start of a line or after whitespace), option lines (`-r other.txt`, `--index-url …`, `-e …`),
//! lines that continue the one before (after a trailing `\`), and lines that name a URL, a path
//! or an archive instead of a name. What follows a name (extras, versions, markers) is ignored.

use super::node::{Node, Value};

/// The requirements of `text`; the list's range is the whole text.
pub fn parse(text: &str) -> Node {
    let mut names = Vec::new();
    let mut continued = false;
    let mut line_start = 0;
    for raw in text.split_inclusive('\n') {
        let start = line_start;
        line_start += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let is_continuation = continued;
        let comment_only = line.trim_start().starts_with('#');
        continued = !comment_only && line.ends_with('\\');
        if is_continuation {
            continue;
        }
        // The continuation's backslash is not part of the line's text.
        let line = if continued {
            &line[..line.len() - 1]
        } else {
            line
        };
        if let Some(name) = name_of(line) {
            let at = start + name.start;
            names.push(Node::new(
                Value::Str(line[name.clone()].to_owned()),
                at..at + name.len(),
            ));
        }
    }
    Node::new(Value::List(names), 0..text.len())
}

/// Where the distribution name of one line is, if the line names one.
fn name_of(line: &str) -> Option<std::ops::Range<usize>> {
    // A byte order mark may open the file.
    let body = line.trim_start_matches('\u{feff}');
    let indent = line.len() - body.trim_start().len();
    let body = &line[indent..];
    let first = body.chars().next()?;
    if !first.is_ascii_alphanumeric() {
        // Blank, a comment, an option, a path (`./pkg`, `/abs`, `~/x`).
        return None;
    }
    let name_len = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
        .unwrap_or(body.len());
    // A PEP 508 name ends with a letter or digit.
    let name_len = body[..name_len].trim_end_matches(['.', '_', '-']).len();
    // The requirement's first word, up to where a version, extras, a marker or a URL begins:
    // with a `/`, `\` or `:` in it, it is a path or URL (`https://…`, `git+https://…`,
    // `dir/pkg`, `C:\…`); ending as an archive, it is a file.
    let word_len = body
        .find(|c: char| c.is_whitespace() || "[<>=!~;@(,".contains(c))
        .unwrap_or(body.len());
    let word = &body[..word_len];
    if word.contains(['/', '\\', ':']) || is_archive(word) {
        return None;
    }
    Some(indent..indent + name_len)
}

/// Whether `word` names a distribution archive rather than a distribution.
fn is_archive(word: &str) -> bool {
    let word = word.to_ascii_lowercase();
    [
        ".whl", ".zip", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tar.xz", ".txz", ".tar",
    ]
    .iter()
    .any(|ext| word.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names and the text at their ranges.
    fn names(text: &str) -> Vec<(String, &str)> {
        let root = parse(text);
        assert_eq!(root.range, 0..text.len());
        let Value::List(items) = root.value else {
            panic!("a list");
        };
        items
            .into_iter()
            .map(|n| {
                let Value::Str(s) = n.value else {
                    panic!("a string");
                };
                (s, &text[n.range])
            })
            .collect()
    }

    fn plain(text: &str) -> Vec<String> {
        names(text).into_iter().map(|(n, _)| n).collect()
    }

    #[test]
    fn one_name_per_requirement_line_as_written() {
        let text = "requests\nNumPy==1.26\n  scikit_learn >= 1.0\nzope.interface\n";
        let found = names(text);
        assert_eq!(
            found.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
            ["requests", "NumPy", "scikit_learn", "zope.interface"]
        );
        assert!(found.iter().all(|(n, at)| n == at), "{found:?}");
    }

    #[test]
    fn extras_versions_and_markers_are_not_part_of_the_name() {
        let text = "pkg[x,y]>=1\nother ; python_version < \"3.9\"\nthird~=2.0;sys_platform=='linux'\nat @ https://example.org/at.zip\n";
        assert_eq!(plain(text), ["pkg", "other", "third", "at"]);
    }

    #[test]
    fn comments_blank_lines_and_options_are_skipped() {
        let text = "# a comment\n\n   \nfirst # trailing comment\n-r other.txt\n--index-url https://example.org/simple\n-e .\n  --hash=sha256:abc\nsecond\n";
        assert_eq!(plain(text), ["first", "second"]);
    }

    #[test]
    fn urls_paths_and_archives_are_skipped() {
        let text = "https://example.org/pkg.tar.gz\ngit+https://example.org/repo.git\n./local\n/abs/path\n~/home/pkg\nsub/dir\nC:\\pkgs\\x\nfoo-1.0-py3-none-any.whl\nbar-2.0.tar.gz\nkept\n";
        assert_eq!(plain(text), ["kept"]);
    }

    #[test]
    fn crlf_line_ends_and_ranges_after_multibyte_characters() {
        let text = "# café ☕\r\nalpha==1\r\n\r\nbeta\r\n";
        let found = names(text);
        assert_eq!(found, [("alpha".into(), "alpha"), ("beta".into(), "beta")]);
    }

    #[test]
    fn a_continued_line_is_one_requirement() {
        let text = "pkg==1.0 \\\n    --hash=sha256:abc \\\n    --hash=sha256:def\nnext\\\nnot-a-name\n# comment \\\nafter-comment\n";
        assert_eq!(plain(text), ["pkg", "next", "after-comment"]);
    }

    #[test]
    fn a_name_ends_with_a_letter_or_digit() {
        assert_eq!(plain("pkg-\nx_.y_\n"), ["pkg", "x_.y"]);
    }

    #[test]
    fn a_byte_order_mark_before_the_first_name_is_skipped() {
        let text = "\u{feff}first\n";
        assert_eq!(names(text), [("first".into(), "first")]);
    }

    #[test]
    fn the_last_line_needs_no_line_end() {
        assert_eq!(plain("a\nb"), ["a", "b"]);
        assert_eq!(plain(""), Vec::<String>::new());
    }
}
