//! A value rule's regexes: compiled with a size limit, and a syntax error pointed at the place
//! inside the pattern the regex crate names, when the pattern is written in the pack as is.

use std::ops::Range;

use regex::{Regex, RegexBuilder};
use toml::Spanned;

use super::context::Ctx;
use crate::error::Result;

/// The most memory a pack regex may compile to.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// Compiles the regex of `key` of rule `id`, or fails at its place in the pack.
pub(crate) fn regex(ctx: &Ctx, source: &Spanned<String>, id: &str, key: &str) -> Result<Regex> {
    RegexBuilder::new(source.get_ref())
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| {
            let text = e.to_string();
            let last = text.lines().last().unwrap_or_default().trim();
            let detail = last.strip_prefix("error: ").unwrap_or(last).to_owned();
            let span = inside(ctx.text, source, &text).unwrap_or_else(|| source.span());
            ctx.err(
                span,
                format!("rule `{id}`: `{key}` is not a valid regex: {detail}"),
                "fix the regex (Rust regex syntax: no look-around or backreferences; in TOML, use \
                 '...' literal strings to avoid doubling backslashes)",
            )
            .into()
        })
}

/// The span in the pack file of the place a regex syntax error marks. The regex crate prints
/// the pattern on one line, indented by four spaces, and carets under the place on the next;
/// the place is mapped into the file only when the pattern is written there unchanged between
/// its quotes (no escapes), so the offsets agree.
fn inside(file: &str, source: &Spanned<String>, error: &str) -> Option<Range<usize>> {
    let pattern = source.get_ref();
    let span = source.span();
    let written = file.get(span.start + 1..span.end.checked_sub(1)?)?;
    if written != pattern.as_str() || pattern.contains('\n') {
        return None;
    }
    let lines: Vec<&str> = error.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.strip_prefix("    ") == Some(pattern))?;
    let carets = lines.get(at + 1)?.strip_prefix("    ")?;
    let first = carets.find('^')?;
    let last = carets.rfind('^')?;
    // Carets count characters; the file counts bytes.
    let byte = |chars: usize| pattern.char_indices().nth(chars).map(|(i, _)| i);
    let start = byte(first)?;
    let end = byte(last + 1).unwrap_or(pattern.len()).max(start + 1);
    let base = span.start + 1;
    Some(base + start..base + end.min(pattern.len()))
}
