//! The limits a pack must stay within, so that a hostile or runaway pack is refused quickly, at
//! its key, before it costs memory or time: the pack file's size (checked before parsing), the
//! keywords of one rule, the keywords of all rules together, and one keyword's length. A regex's
//! compiled size is limited where regexes are compiled ([`super::pattern`]). Each limit is far
//! above what a real pack needs: the shipped packs have at most a few dozen keywords per rule.

use toml::Spanned;

use super::context::Ctx;
use crate::error::{PackDiagnostic, Result};
use crate::pack::model::RuleDef;

/// The largest pack file, in bytes (1 MiB; the shipped packs are under 40 KiB).
pub const MAX_PACK_BYTES: usize = 1 << 20;
/// The most keywords one require rule may list.
pub const MAX_RULE_KEYWORDS: usize = 1_000;
/// The most keywords all require rules of a pack may list together.
pub const MAX_PACK_KEYWORDS: usize = 10_000;
/// The longest keyword, in bytes.
pub const MAX_KEYWORD_BYTES: usize = 256;

/// Refuses a pack text over [`MAX_PACK_BYTES`] before anything parses it, at 1:1.
pub fn pack_size(file: &str, text: &str) -> Result<()> {
    if text.len() <= MAX_PACK_BYTES {
        return Ok(());
    }
    Err(PackDiagnostic::at(
        file,
        text,
        0..0,
        format!(
            "the pack file is {} bytes, over the limit of {MAX_PACK_BYTES} bytes (1 MiB)",
            text.len()
        ),
        "split the pack into several packs, or shorten its keyword and value lists",
    )
    .into())
}

/// Records an error for a keyword list of rule `id` over [`MAX_RULE_KEYWORDS`] (at its `keywords` key)
/// and for each keyword over [`MAX_KEYWORD_BYTES`] (at the keyword). Returns whether the list is
/// within the limits, so that work quadratic in its length is done only then.
pub(super) fn rule_keywords(ctx: &Ctx, id: &str, list: &Spanned<Vec<Spanned<String>>>) -> bool {
    let count = list.get_ref().len();
    if count > MAX_RULE_KEYWORDS {
        ctx.error(
            ctx.key_span(list.span(), "keywords"),
            format!(
                "rule `{id}` lists {count} keywords, over the limit of {MAX_RULE_KEYWORDS} \
                 keywords per rule"
            ),
            "keep the keywords that mean the rule is satisfied; split the rest into other rules",
        );
        return false;
    }
    let mut within = true;
    for keyword in list.get_ref() {
        let bytes = keyword.get_ref().len();
        if bytes > MAX_KEYWORD_BYTES {
            ctx.error(
                keyword.span(),
                format!(
                    "rule `{id}` has a keyword of {bytes} bytes, over the limit of \
                     {MAX_KEYWORD_BYTES} bytes per keyword"
                ),
                "use a shorter keyword: any distinctive part of the text matches as a substring",
            );
            within = false;
        }
    }
    within
}

/// Records an error, at the `keywords` key of
/// the rule that crosses it, when the require rules of a pack list
/// more than [`MAX_PACK_KEYWORDS`] keywords together. Returns whether they are within it.
pub(super) fn pack_keywords(ctx: &Ctx, defs: &[RuleDef]) -> bool {
    let mut total = 0usize;
    for def in defs {
        let Some(list) = &def.keywords else { continue };
        total += list.get_ref().len();
        if total > MAX_PACK_KEYWORDS {
            let all: usize = defs
                .iter()
                .filter_map(|d| d.keywords.as_ref())
                .map(|l| l.get_ref().len())
                .sum();
            ctx.error(
                ctx.key_span(list.span(), "keywords"),
                format!(
                    "the pack's rules list {all} keywords together, over the limit of \
                     {MAX_PACK_KEYWORDS}; rule `{}` crosses it",
                    def.id.get_ref()
                ),
                "remove rules or keywords, or split the pack into several packs",
            );
            return false;
        }
    }
    true
}
