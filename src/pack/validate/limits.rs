//! The limits a pack must stay within, so that a hostile or runaway pack is refused quickly, at
//! its key, before it costs memory or time: the pack file's size (checked before parsing), the
//! items of any one list and the tables of any one kind (checked before the pack is read into
//! rules), the strings all rules search for together, one keyword's length, and the regexes of a
//! pack. A regex's compiled size is limited where regexes are compiled ([`super::pattern`]).
//! Each limit is far above what a real pack needs: the shipped packs have at most a few dozen
//! keywords per rule and three regexes.

use std::borrow::Cow;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::context::Ctx;
use crate::error::{Error, PackDiagnostic, PackDiagnostics, Result};
use crate::pack::model::{CallSetDef, RuleDef};

/// The largest pack file, in bytes (1 MiB; the shipped packs are under 40 KiB).
pub const MAX_PACK_BYTES: usize = 1 << 20;
/// The most items one list may hold, and the most tables of one kind (`[[rule]]`,
/// `[[detect.option]]`, …) a pack may have.
pub const MAX_LIST_ITEMS: usize = 1_000;
/// The most strings all rules of a pack search for together: require rules' keywords, value
/// rules' names and call sets' callees (they make up one automaton).
pub const MAX_PACK_NEEDLES: usize = 10_000;
/// The most regexes (`pattern`, `reject_pattern`) a pack may have: each may compile to up to
/// 1 MiB and takes milliseconds to compile.
pub const MAX_PACK_REGEXES: usize = 64;
/// The longest keyword, in bytes.
pub const MAX_KEYWORD_BYTES: usize = 256;

/// Refuses a pack text over [`MAX_PACK_BYTES`] before anything parses it, at 1:1.
pub fn pack_size(file: &str, text: &str) -> Result<()> {
    if text.len() <= MAX_PACK_BYTES {
        return Ok(());
    }
    Err(pack_too_large(file, text, Some(text.len() as u64)))
}

/// The error of a pack file over [`MAX_PACK_BYTES`], at 1:1 of `text` (as much of the file as
/// was read): `size` is its size, or `None` when only reading found it over (a device, a pipe).
pub fn pack_too_large(file: &str, text: &str, size: Option<u64>) -> Error {
    let message = match size {
        Some(size) => format!(
            "the pack file is {size} bytes, over the limit of {MAX_PACK_BYTES} bytes (1 MiB)"
        ),
        None => format!(
            "the pack file holds more bytes than the limit of {MAX_PACK_BYTES} bytes (1 MiB)"
        ),
    };
    let help = "split the pack into several packs, or shorten its keyword and value lists";
    PackDiagnostic::at(file, text, 0..0, message, help).into()
}

/// An error for every list of `document` (the pack file `file`, whose text is `text`) over
/// [`MAX_LIST_ITEMS`] items, at its key, and for every kind of table with more tables than
/// that, at the first table past the limit. Run before the pack is read into rules, so that no
/// later step is handed a list that would make it slow.
pub(super) fn list_lengths(file: &str, text: &str, document: &DeTable<'_>) -> PackDiagnostics {
    let mut errors = PackDiagnostics::default();
    lists_of_table(document, "", &mut |span, message, help| {
        errors.push(|| PackDiagnostic::at(file, text, span, message, help));
    });
    errors
}

/// Reports, through `report`, each over-long list in `table`, whose dotted place is `place`.
fn lists_of_table(
    table: &DeTable<'_>,
    place: &str,
    report: &mut dyn FnMut(std::ops::Range<usize>, String, &str),
) {
    for (key, value) in table {
        let name: &Cow<'_, str> = key.get_ref();
        let place = if place.is_empty() {
            name.to_string()
        } else {
            format!("{place}.{name}")
        };
        lists_of_value(value, key.span(), &place, report);
    }
}

/// Reports each over-long list in `value`, whose key is at `key` and whose dotted place is
/// `place`.
fn lists_of_value(
    value: &Spanned<DeValue<'_>>,
    key: std::ops::Range<usize>,
    place: &str,
    report: &mut dyn FnMut(std::ops::Range<usize>, String, &str),
) {
    match value.get_ref() {
        DeValue::Table(table) => lists_of_table(table, place, report),
        DeValue::Array(items) => {
            let tables = items
                .iter()
                .filter(|item| matches!(item.get_ref(), DeValue::Table(_)))
                .count();
            if tables > MAX_LIST_ITEMS {
                report(
                    items[MAX_LIST_ITEMS].span(),
                    format!(
                        "the pack has {tables} [[{place}]] tables, over the limit of \
                         {MAX_LIST_ITEMS} tables of one kind"
                    ),
                    "split the pack into several packs",
                );
            } else if items.len() > MAX_LIST_ITEMS {
                report(
                    key,
                    format!(
                        "`{place}` lists {} items, over the limit of {MAX_LIST_ITEMS} items per list",
                        items.len()
                    ),
                    "keep the items that matter and split the rest into other rules or packs",
                );
            } else {
                for item in items {
                    lists_of_value(item, key.clone(), place, report);
                }
            }
        }
        _ => {}
    }
}

/// Records an error for each keyword of rule `id` over [`MAX_KEYWORD_BYTES`] (at the keyword).
/// Returns whether every keyword is within the limit, so that work quadratic in the keywords'
/// lengths is done only then.
pub(crate) fn keyword_lengths(ctx: &Ctx, id: &str, list: &Spanned<Vec<Spanned<String>>>) -> bool {
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

/// Records an error, at the key of the list that crosses it, when the pack's rules and call
/// sets search for more than [`MAX_PACK_NEEDLES`] strings together (keywords, value names,
/// callees). Returns whether they are within it.
pub(super) fn pack_needles(ctx: &Ctx, rules: &[RuleDef], call_sets: &[CallSetDef]) -> bool {
    let lists = rules
        .iter()
        .flat_map(|rule| {
            [
                rule.keywords.as_ref().map(|l| (l, "keywords")),
                rule.names.as_ref().map(|l| (l, "names")),
            ]
        })
        .flatten()
        .chain(
            call_sets
                .iter()
                .filter_map(|set| set.callees.as_ref().map(|l| (l, "callees"))),
        );
    let total: usize = lists.clone().map(|(list, _)| list.get_ref().len()).sum();
    if total <= MAX_PACK_NEEDLES {
        return true;
    }
    let mut running = 0usize;
    for (list, key) in lists {
        running += list.get_ref().len();
        if running > MAX_PACK_NEEDLES {
            ctx.error(
                ctx.key_span(list.span(), key),
                format!(
                    "the pack searches for {total} keywords, value names and callees together, \
                     over the limit of {MAX_PACK_NEEDLES}; this list crosses it"
                ),
                "remove rules or keywords, or split the pack into several packs",
            );
            break;
        }
    }
    false
}

/// Records an error at the regex that crosses [`MAX_PACK_REGEXES`], if the pack's value rules
/// have more. Returns whether they are within it, so that none is compiled otherwise.
pub(super) fn pack_regexes(ctx: &Ctx, rules: &[RuleDef]) -> bool {
    let regexes = rules
        .iter()
        .flat_map(|rule| [rule.pattern.as_ref(), rule.reject_pattern.as_ref()])
        .flatten();
    let total = regexes.clone().count();
    if total <= MAX_PACK_REGEXES {
        return true;
    }
    if let Some(crossing) = regexes.clone().nth(MAX_PACK_REGEXES) {
        ctx.error(
            crossing.span(),
            format!(
                "the pack has {total} regexes (`pattern`, `reject_pattern`), over the limit of \
                 {MAX_PACK_REGEXES}; this one crosses it"
            ),
            "merge patterns into one regex with `|`, or split the pack into several packs",
        );
    }
    false
}
