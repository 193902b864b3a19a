//! Code actions on rulecheck's diagnostics: in a pack, replace a misspelt name with the one
//! its did-you-mean suggests; in a script, apply a finding's fix (and every safe fix of the
//! file at once, `source.fixAll.rulecheck`), or suppress a finding with a comment on the line it
//! points at (`# rulecheck: ignore[RULE] -- `, the reason to be written after `--`), or in the
//! whole file for a finding about the file as a whole.

use std::collections::HashMap;

use super::positions;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Diagnostic, NumberOrString, Position, Range,
    TextEdit, Uri, WorkspaceEdit,
};

/// The kind of the action that applies every safe fix of a document.
pub const FIX_ALL: &str = "source.fixAll.rulecheck";

/// The command (`workspace/executeCommand`, with the document's URI as its argument) that
/// applies every safe fix of a document.
pub const FIX_ALL_COMMAND: &str = "rulecheck.applyAllFixes";

/// The actions for those of `diagnostics` that rulecheck published, in the document `uri`
/// whose text is `text`: a finding's fix (preferred when safe) and its suppression; a pack's
/// did-you-mean.
pub fn for_diagnostics(
    uri: &Uri,
    text: &str,
    diagnostics: &[Diagnostic],
) -> Vec<CodeActionOrCommand> {
    diagnostics
        .iter()
        .filter(|d| ours(d))
        .flat_map(|diagnostic| {
            let data = diagnostic.data.as_ref();
            if let Some(replacement) = data
                .and_then(|d| d.get("replacement"))
                .and_then(serde_json::Value::as_str)
            {
                let edit = TextEdit {
                    range: diagnostic.range,
                    new_text: replacement.to_owned(),
                };
                let title = format!("Replace with {replacement} (rulecheck)");
                return vec![action(title, uri, vec![edit], diagnostic, true)];
            }
            let mut actions = Vec::new();
            if let Some((title, safe, edits)) = data.and_then(fix_of) {
                actions.push(action(
                    format!("{title} (rulecheck)"),
                    uri,
                    edits,
                    diagnostic,
                    safe,
                ));
            }
            actions.extend(suppression(uri, text, diagnostic));
            actions
        })
        .collect()
}

/// The action applying every safe fix among `diagnostics` (those published for the document
/// `uri`), leaving out one whose edits overlap an earlier one's; `None` when there is none.
pub fn fix_all(uri: &Uri, diagnostics: &[Diagnostic]) -> Option<CodeActionOrCommand> {
    let mut fixes: Vec<Vec<TextEdit>> = diagnostics
        .iter()
        .filter(|d| ours(d))
        .filter_map(|d| fix_of(d.data.as_ref()?))
        .filter(|(_, safe, edits)| *safe && !edits.is_empty())
        .map(|(_, _, edits)| edits)
        .collect();
    fixes.sort_by_key(|edits| key(edits[0].range.start));
    let mut chosen: Vec<TextEdit> = Vec::new();
    for edits in fixes {
        let clear = chosen
            .last()
            .is_none_or(|last| key(last.range.end) <= key(edits[0].range.start));
        if clear {
            chosen.extend(edits);
        }
    }
    if chosen.is_empty() {
        return None;
    }
    #[allow(clippy::mutable_key_type)] // see `action`
    let changes = HashMap::from([(uri.clone(), chosen)]);
    Some(CodeActionOrCommand::CodeAction(CodeAction {
        title: "Apply every safe fix (rulecheck)".into(),
        kind: Some(CodeActionKind::new(FIX_ALL)),
        edit: Some(WorkspaceEdit {
            changes: Some(changes),
            ..WorkspaceEdit::default()
        }),
        ..CodeAction::default()
    }))
}

/// Whether rulecheck published `diagnostic`.
fn ours(diagnostic: &Diagnostic) -> bool {
    diagnostic
        .source
        .as_deref()
        .is_some_and(|s| s.starts_with("rulecheck"))
}

/// A position as a sortable key.
fn key(p: Position) -> (u32, u32) {
    (p.line, p.character)
}

/// The fix a diagnostic's data carries: its title, whether it is safe, and its edits.
fn fix_of(data: &serde_json::Value) -> Option<(String, bool, Vec<TextEdit>)> {
    let fix = data.get("fix").filter(|f| !f.is_null())?;
    let title = fix.get("title")?.as_str()?.to_owned();
    let safe = fix.get("safe")?.as_bool()?;
    let edits = serde_json::from_value(fix.get("edits")?.clone()).ok()?;
    Some((title, safe, edits))
}

/// The action suppressing the finding of `diagnostic` with a comment, on its line or, for a
/// finding about the whole file, in the file.
fn suppression(uri: &Uri, text: &str, diagnostic: &Diagnostic) -> Option<CodeActionOrCommand> {
    let Some(NumberOrString::String(rule)) = &diagnostic.code else {
        return None;
    };
    let whole_file = diagnostic
        .data
        .as_ref()
        .and_then(|d| d.get("whole_file"))
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(false);
    let (title, edit) = if whole_file {
        (
            format!("Suppress `{rule}` in this file (rulecheck)"),
            file_comment(text, rule),
        )
    } else {
        (
            format!("Suppress `{rule}` on this line (rulecheck)"),
            line_comment(text, diagnostic.range.start.line, rule),
        )
    };
    Some(action(title, uri, vec![edit], diagnostic, false))
}

/// The quick fix titled `title` that makes `edits` in `uri`, for `diagnostic`; `preferred` for
/// a correction that is safe (an editor may apply it on its own), not for a suppression.
// lsp-types keys `WorkspaceEdit::changes` by `Uri`, whose cached parts are cells; the key is
// never changed after it is inserted.
#[allow(clippy::mutable_key_type)]
fn action(
    title: String,
    uri: &Uri,
    edits: Vec<TextEdit>,
    diagnostic: &Diagnostic,
    preferred: bool,
) -> CodeActionOrCommand {
    let changes = HashMap::from([(uri.clone(), edits)]);
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic.clone()]),
        edit: Some(WorkspaceEdit {
            changes: Some(changes),
            ..WorkspaceEdit::default()
        }),
        is_preferred: Some(preferred),
        ..CodeAction::default()
    })
}

/// The edit that suppresses `rule` on line `line` (0-based): the rule added to the line's
/// suppression comment, or a comment appended to the line.
fn line_comment(text: &str, line: u32, rule: &str) -> TextEdit {
    let content = text
        .split('\n')
        .nth(line as usize)
        .unwrap_or("")
        .trim_end_matches('\r');
    const MARK: &str = "# rulecheck: ignore[";
    if let Some(start) = content.find(MARK) {
        let list = start + MARK.len();
        if let Some(close) = content[list..].find(']') {
            let at = positions::utf16_len(&content[..list + close]);
            return insert(line, at, format!(",{rule}"));
        }
    }
    insert(
        line,
        positions::utf16_len(content),
        format!("  # rulecheck: ignore[{rule}] -- "),
    )
}

/// The edit that suppresses `rule` in the whole file: a comment at its top (after a `#!` line).
fn file_comment(text: &str, rule: &str) -> TextEdit {
    let line = u32::from(text.starts_with("#!"));
    insert(line, 0, format!("# rulecheck: ignore-file[{rule}] -- \n"))
}

fn insert(line: u32, character: u32, new_text: String) -> TextEdit {
    let at = Position { line, character };
    TextEdit {
        range: Range { start: at, end: at },
        new_text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_gets_a_suppression_comment_at_its_end_in_utf16_columns() {
        let edit = line_comment("x = 1\nname = \"é𝄞\"\r\n", 1, "rule_a");
        assert_eq!(
            edit.range.start,
            Position {
                line: 1,
                character: 12
            }
        );
        assert_eq!(edit.new_text, "  # rulecheck: ignore[rule_a] -- ");
    }

    #[test]
    fn a_line_with_a_suppression_comment_gets_the_rule_added_to_its_list() {
        let edit = line_comment("x = f()  # rulecheck: ignore[a] -- why\n", 0, "b");
        assert_eq!(
            edit.range.start,
            Position {
                line: 0,
                character: 30
            }
        );
        assert_eq!(edit.new_text, ",b");
    }

    #[test]
    fn a_whole_file_finding_is_suppressed_below_the_shebang() {
        assert_eq!(
            file_comment("#!/usr/bin/env python\nx = 1\n", "r")
                .range
                .start
                .line,
            1
        );
        assert_eq!(file_comment("x = 1\n", "r").range.start.line, 0);
    }
}
