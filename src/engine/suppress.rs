//! The suppression stage, after findings and before the report: `# rulecheck: ignore[ID,…] --
//! REASON` comments in the script, and the `per-file-ignores` of the project configuration.
//!
//! - `ignore[…]` at the end of the line a finding points at, or alone on the line above it,
//!   suppresses the findings of that line whose rule id or category is listed;
//!   `ignore-file[…]` anywhere suppresses them in the whole result (the only way to silence a
//!   finding without a line, such as a keyword that never occurs).
//! - The reason after ` -- ` is required: a directive without one suppresses nothing and is
//!   reported as `rulecheck::invalid_suppression`.
//! - A listed id that suppressed nothing although a rule it names ran, or that names no rule or
//!   category of the pack, is reported as `rulecheck::unused_suppression`.
//!
//! Directives are found by a byte scan for `#` confirmed by the prefilter's light tokenizer
//! ([`Layout`]): a `# rulecheck:` inside a string does not count. Python is not parsed.

use std::mem;
use std::sync::Arc;

use super::outcome::{
    Evidence, Location, Outcome, SourceText, Suppressed, SuppressedBy, SuppressionIssue,
    SuppressionProblem,
};
use super::prefilter::layout::{Layout, Opaque};
use crate::config::ignores::FileIgnore;
use crate::pack::Pack;
use crate::suggest;

/// A well-formed directive.
#[derive(Debug)]
struct Directive {
    line: usize,
    location: Location,
    /// Alone on its line, so it also covers the next line.
    alone: bool,
    file_wide: bool,
    ids: Vec<String>,
    reason: String,
    text: String,
}

impl Directive {
    fn covers(&self, line: Option<usize>) -> bool {
        self.file_wide || line.is_some_and(|l| l == self.line || (self.alone && l == self.line + 1))
    }
}

/// Applies the suppression comments of the script of `outcome` to its findings: suppressed
/// ones move to `outcome.suppressed`, problems with the comments are added to
/// `outcome.suppression_issues`.
pub fn apply(pack: &Pack, outcome: &mut Outcome) {
    let mut directives = Vec::new();
    for parsed in scan(&outcome.text) {
        match parsed {
            Ok(directive) => directives.push(directive),
            Err(issue) => outcome.suppression_issues.push(issue),
        }
    }
    if directives.is_empty() {
        return;
    }
    // Line directives take a finding before file-wide ones.
    directives.sort_by_key(|d| (d.file_wide, d.line));
    let mut used: Vec<Vec<bool>> = directives
        .iter()
        .map(|d| vec![false; d.ids.len()])
        .collect();
    for finding in mem::take(&mut outcome.findings) {
        let rule = &pack.rules[finding.rule];
        let line = finding
            .location
            .start()
            .filter(|_| finding.location.path() == outcome.path())
            .map(|p| p.line);
        let names = |id: &String| *id == rule.id || *id == rule.category;
        let hit = directives
            .iter()
            .position(|d| d.covers(line) && d.ids.iter().any(names));
        match hit {
            Some(index) => {
                let directive = &directives[index];
                for (flag, id) in used[index].iter_mut().zip(&directive.ids) {
                    *flag |= names(id);
                }
                outcome.suppressed.push(Suppressed {
                    finding,
                    reason: directive.reason.clone(),
                    by: SuppressedBy::Comment {
                        line: directive.line,
                        file_wide: directive.file_wide,
                    },
                });
            }
            None => outcome.findings.push(finding),
        }
    }
    for (directive, used) in directives.iter().zip(used) {
        for (id, _) in directive.ids.iter().zip(used).filter(|(_, used)| !used) {
            if let Some(issue) = unused(pack, outcome, directive, id) {
                outcome.suppression_issues.push(issue);
            }
        }
    }
    outcome
        .suppression_issues
        .sort_by_key(|issue| issue.location.range.as_ref().map(|r| r.start));
}

/// The issue for an id of `directive` that suppressed nothing: unknown to the pack, or naming a
/// rule that ran. An id whose rules did not run (another level, a missing companion) is quiet.
fn unused(
    pack: &Pack,
    outcome: &Outcome,
    directive: &Directive,
    id: &str,
) -> Option<SuppressionIssue> {
    let names = |index: usize| pack.rules[index].id == id || pack.rules[index].category == id;
    let (message, recommendation) = if !(0..pack.rules.len()).any(names) {
        let known = pack
            .rules
            .iter()
            .flat_map(|r| [r.id.as_str(), r.category.as_str()]);
        let hint = suggest::did_you_mean(id, known);
        (
            format!(
                "`{}` names `{id}`, which is no rule id or category of pack `{}`{}",
                directive.text,
                pack.name,
                if hint.is_empty() {
                    String::new()
                } else {
                    format!("; {hint}")
                }
            ),
            format!(
                "Use a rule id or category of pack `{}` (`rulecheck explain {}` lists them), or remove `{id}`.",
                pack.name, pack.name
            ),
        )
    } else {
        let ran = outcome
            .evidence
            .iter()
            .any(|e| names(e.rule) && e.evidence != Evidence::Skipped);
        if !ran {
            return None;
        }
        let place = if directive.file_wide {
            "in this file"
        } else if directive.alone {
            "on this line or the next"
        } else {
            "on this line"
        };
        (
            format!(
                "`{}` suppresses nothing: no `{id}` finding {place}",
                directive.text
            ),
            format!("Remove `{id}` from the suppression (or the whole comment)."),
        )
    };
    Some(SuppressionIssue {
        kind: SuppressionProblem::Unused,
        message,
        recommendation,
        location: directive.location.clone(),
    })
}

/// Applies `per-file-ignores` entries that match the script of `outcome`: matching findings move
/// to `outcome.suppressed`, and matching suppression issues are dropped. Entries that match
/// nothing are not reported (the same table usually covers several packs and files).
pub fn ignore(pack: &Pack, entries: &[FileIgnore], outcome: &mut Outcome) {
    if entries.is_empty() {
        return;
    }
    for finding in mem::take(&mut outcome.findings) {
        let rule = &pack.rules[finding.rule];
        let entry = entries.iter().find(|e| {
            e.ids
                .iter()
                .any(|id| *id == rule.id || *id == rule.category)
        });
        match entry {
            Some(entry) => outcome.suppressed.push(Suppressed {
                finding,
                reason: format!("per-file-ignores `{}` in {}", entry.glob, entry.file),
                by: SuppressedBy::Config {
                    file: entry.file.clone(),
                    line: entry.line,
                },
            }),
            None => outcome.findings.push(finding),
        }
    }
    outcome.suppression_issues.retain(|issue| {
        !entries.iter().any(|e| {
            e.ids
                .iter()
                .any(|id| id == issue.kind.rule() || id == issue.kind.category())
        })
    });
}

/// Every `# rulecheck:` directive in the comments of `bytes`, parsed, or the issue that makes
/// it invalid.
fn scan(text: &Arc<SourceText>) -> Vec<Result<Directive, SuppressionIssue>> {
    let bytes = &text.bytes[..];
    let mut found = Vec::new();
    let mut layout = None;
    // Where the last directive's line ends: a second one in the same comment is its text.
    let mut at = 0;
    // `rulecheck:` is rare and `#` is not, so the search is for the word, then back to its `#`.
    for start in memchr::memmem::find_iter(bytes, b"rulecheck:") {
        let mut hash = start;
        while hash > 0 && matches!(bytes[hash - 1], b' ' | b'\t') {
            hash -= 1;
        }
        if hash == 0 || bytes[hash - 1] != b'#' || hash <= at {
            continue;
        }
        let hash = hash - 1;
        let layout = layout.get_or_insert_with(|| Layout::new(bytes));
        if layout.opaque_at(hash) != Some(Opaque::Comment) {
            continue;
        }
        let end = bytes[hash..]
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .map_or(bytes.len(), |i| hash + i);
        let line_start = bytes[..hash]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let alone = bytes[line_start..hash]
            .iter()
            .all(|b| matches!(b, b' ' | b'\t' | b'\x0c'));
        let comment_end = hash
            + bytes[hash..end]
                .iter()
                .rposition(|b| !matches!(b, b' ' | b'\t' | b'\x0c'))
                .map_or(1, |i| i + 1);
        let location = Location::at(text, hash..comment_end);
        let body = String::from_utf8_lossy(&bytes[start + "rulecheck:".len()..end]);
        found.push(parse(&body, location, alone));
        at = end;
    }
    found
}

/// Parses what follows `rulecheck:` in a comment.
fn parse(body: &str, location: Location, alone: bool) -> Result<Directive, SuppressionIssue> {
    let text = format!("# rulecheck:{}", body.trim_end());
    let invalid = |message: String, recommendation: &str| SuppressionIssue {
        kind: SuppressionProblem::Invalid,
        message,
        recommendation: recommendation.to_owned(),
        location: location.clone(),
    };
    let rest = body.trim_start();
    let word_end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    let (word, rest) = rest.split_at(word_end);
    let file_wide = match word {
        "ignore" => false,
        "ignore-file" => true,
        _ => {
            let hint = suggest::did_you_mean(word, ["ignore", "ignore-file"]);
            return Err(invalid(
                format!(
                    "`{text}` is not a suppression: unknown directive `{word}`{}",
                    if hint.is_empty() {
                        String::new()
                    } else {
                        format!("; {hint}")
                    }
                ),
                "Write `# rulecheck: ignore[ID,...] -- REASON` or `# rulecheck: ignore-file[ID,...] -- REASON`.",
            ));
        }
    };
    let Some((ids, after)) = rest
        .trim_start()
        .strip_prefix('[')
        .and_then(|r| r.split_once(']'))
    else {
        return Err(invalid(
            format!("`{text}` does not suppress anything: it lists no ids in `[...]`"),
            "List the rule ids or categories to suppress: `ignore[ID,...] -- REASON`.",
        ));
    };
    let ids: Vec<String> = ids
        .split(',')
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .collect();
    if ids.is_empty() {
        return Err(invalid(
            format!("`{text}` does not suppress anything: its `[]` is empty"),
            "List the rule ids or categories to suppress: `ignore[ID,...] -- REASON`.",
        ));
    }
    let reason = after
        .trim_start()
        .strip_prefix("--")
        .map(str::trim)
        .unwrap_or_default();
    if reason.is_empty() {
        return Err(invalid(
            format!("`{text}` does not suppress anything: it gives no reason"),
            "Say why after ` -- `: `# rulecheck: ignore[ID] -- REASON`; a suppression without a reason is ignored.",
        ));
    }
    Ok(Directive {
        line: location.start().map_or(1, |p| p.line),
        location,
        alone,
        file_wide,
        ids,
        reason: reason.to_owned(),
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn directives(code: &str) -> Vec<Result<Directive, SuppressionIssue>> {
        scan(&SourceText::new("s.py".into(), code.into()))
    }

    #[test]
    fn a_trailing_directive_covers_its_line_only() {
        let found = directives("x = 1  # rulecheck: ignore[a, b] -- known\n");
        let Ok(d) = &found[0] else {
            panic!("{found:?}")
        };
        assert_eq!(
            (d.ids.clone(), d.reason.as_str()),
            (vec!["a".into(), "b".into()], "known")
        );
        assert!(d.covers(Some(1)) && !d.covers(Some(2)) && !d.covers(None));
    }

    #[test]
    fn a_directive_alone_on_its_line_also_covers_the_next() {
        let found = directives("x = 1\n    # rulecheck: ignore[a] -- why\ny = 2\n");
        let Ok(d) = &found[0] else {
            panic!("{found:?}")
        };
        assert!(d.covers(Some(2)) && d.covers(Some(3)) && !d.covers(Some(4)));
    }

    #[test]
    fn a_directive_inside_a_string_is_not_one() {
        assert!(directives("s = '# rulecheck: ignore[a] -- no'\n").is_empty());
    }

    #[test]
    fn a_directive_after_another_comment_counts() {
        let found = directives("x = 1  # type: ignore # rulecheck: ignore-file[a] -- ok\n");
        assert!(matches!(&found[0], Ok(d) if d.file_wide));
    }

    #[test]
    fn missing_reason_empty_ids_and_typos_are_invalid() {
        for code in [
            "# rulecheck: ignore[a]\n",
            "# rulecheck: ignore[a] --   \n",
            "# rulecheck: ignore[] -- why\n",
            "# rulecheck: ignore -- why\n",
            "# rulecheck: ignroe[a] -- why\n",
        ] {
            let found = directives(code);
            assert!(
                matches!(&found[..], [Err(i)] if i.kind == SuppressionProblem::Invalid),
                "{code}: {found:?}"
            );
        }
        let found = directives("# rulecheck: ignroe[a] -- why\n");
        assert!(matches!(&found[0], Err(i) if i.message.contains("did you mean `ignore`")));
    }
}
