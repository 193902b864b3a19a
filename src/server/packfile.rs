//! Diagnostics of a rule pack or a configuration file being edited: every error and warning
//! `rulecheck validate` gives for a pack buffer's text, or the error reading a `rulecheck.toml`
//! or `pyproject.toml` buffer gives, each at the range of its key or value, with a
//! did-you-mean as a quick fix.

use std::path::Path;

use lsp_types::{Diagnostic, DiagnosticSeverity, NumberOrString, Range};

use super::positions;
use crate::error::{Error, PackDiagnostic};
use crate::pack::{self, Origin, PackSource};

/// Whether `text` is a rule pack: a TOML document with a `[pack]` table.
pub fn is_pack(text: &str) -> bool {
    text.parse::<toml::Table>()
        .map(|table| table.get("pack").is_some_and(toml::Value::is_table))
        .unwrap_or_else(|_| text.lines().any(|line| line.trim() == "[pack]"))
}

/// The diagnostics of the configuration file at `path` (`rulecheck.toml`, or a
/// `pyproject.toml`'s `[tool.rulecheck]`) whose text is `text`, or `None` for another file.
pub fn config_diagnostics(path: &Path, text: &str) -> Option<Vec<Diagnostic>> {
    let read = match path.file_name()?.to_str()? {
        "rulecheck.toml" => crate::config::file::parse(text, path).map(|_| ()),
        "pyproject.toml" => crate::config::file::parse_pyproject(text, path).map(|_| ()),
        _ => return None,
    };
    Some(match read {
        Ok(()) => Vec::new(),
        Err(Error::Config(error)) => vec![diagnostic(text, &error, DiagnosticSeverity::ERROR)],
        Err(other) => vec![whole(&other)],
    })
}

/// A diagnostic of `error` at the file's start.
fn whole(error: &Error) -> Diagnostic {
    Diagnostic {
        severity: Some(DiagnosticSeverity::ERROR),
        source: Some("rulecheck".into()),
        message: error.to_string(),
        ..Diagnostic::default()
    }
}

/// The diagnostics of the pack at `path` whose text is `text`: its errors, or its warnings
/// when it loads.
pub fn diagnostics(path: &Path, text: &str) -> Vec<Diagnostic> {
    let source = PackSource {
        origin: Origin::File(path.to_owned()),
        stem: path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        text: text.to_owned(),
    };
    match pack::load(&source) {
        Ok(pack) => pack
            .warnings
            .iter()
            .map(|w| diagnostic(text, w, DiagnosticSeverity::WARNING))
            .collect(),
        Err(Error::Pack(error)) => vec![diagnostic(text, &error, DiagnosticSeverity::ERROR)],
        Err(Error::PackErrors(errors)) => errors
            .located()
            .iter()
            .map(|e| diagnostic(text, e, DiagnosticSeverity::ERROR))
            .collect(),
        Err(other) => vec![whole(&other)],
    }
}

/// The diagnostic of `problem` in the pack text `text`; a did-you-mean goes in `data` as the
/// replacement of its range.
fn diagnostic(text: &str, problem: &PackDiagnostic, severity: DiagnosticSeverity) -> Diagnostic {
    let span = span_in(text, problem);
    let replacement = crate::suggest::suggested(&problem.help).map(|name| {
        let written = text.get(span.clone()).unwrap_or("");
        let quoted = written.len() >= 2
            && (written.starts_with('"') && written.ends_with('"')
                || written.starts_with('\'') && written.ends_with('\''));
        if quoted {
            format!("{}{name}{}", &written[..1], &written[written.len() - 1..])
        } else {
            name.to_owned()
        }
    });
    Diagnostic {
        range: Range {
            start: positions::at(text, span.start),
            end: positions::at(text, span.end),
        },
        severity: Some(severity),
        code: Some(NumberOrString::String("pack".into())),
        source: Some("rulecheck".into()),
        message: format!("{}\nhelp: {}", problem.message, problem.help),
        data: replacement.map(|r| serde_json::json!({ "replacement": r })),
        ..Diagnostic::default()
    }
}

/// The bytes of `text` that `problem` is about. Its line and column are the text's, but its
/// byte span may be that of a copy with misspelt names repaired (so that one run reports every
/// error), shifted by the repairs of earlier lines: the span starts at the line and column, and
/// keeps its length.
fn span_in(text: &str, problem: &PackDiagnostic) -> std::ops::Range<usize> {
    let line_start = text
        .split_inclusive('\n')
        .take(problem.position.line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let line = text[line_start..].split('\n').next().unwrap_or("");
    let column = problem.position.column.saturating_sub(1);
    let start = line_start
        + line
            .char_indices()
            .nth(column)
            .map_or(line.len(), |(offset, _)| offset);
    let end = (start + problem.span.len()).min(text.len());
    let end = (end..=text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len());
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::Position;

    const PACK: &str = "[pack]\nname = \"t\"\nstep_type = \"T\"\nsource = \"S\"\nversion = \"1\"\n\
        levels = [\"one\"]\n\n[[rule]]\nid = \"r\"\nkind = \"require\"\nlevel = \"one\"\n\
        category = \"c\"\nseverity = \"WARNING\"\nkeywrods = [\"k\"]\nmessage = \"m\"\n\
        recommendation = \"r\"\n";

    #[test]
    fn a_misspelt_key_is_a_diagnostic_at_the_key_with_its_replacement() {
        assert!(is_pack(PACK));
        let found = diagnostics(Path::new("t.toml"), PACK);
        let key = found
            .iter()
            .find(|d| d.message.contains("keywrods"))
            .unwrap_or_else(|| panic!("{found:#?}"));
        assert_eq!(
            key.range.start,
            Position {
                line: 13,
                character: 0
            }
        );
        assert_eq!(
            key.range.end,
            Position {
                line: 13,
                character: 8
            }
        );
        assert_eq!(
            key.data,
            Some(serde_json::json!({ "replacement": "keywords" }))
        );
    }

    #[test]
    fn a_misspelt_configuration_key_is_a_diagnostic_at_the_key() {
        let text = "pack = \"jobs\"\nfail_onn = \"error\"\n";
        let found = config_diagnostics(Path::new("rulecheck.toml"), text).unwrap_or_default();
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(
            found[0].range.start,
            Position {
                line: 1,
                character: 0
            }
        );
        assert!(config_diagnostics(Path::new("other.toml"), text).is_none());
    }

    #[test]
    fn a_configuration_file_is_no_pack() {
        assert!(!is_pack("pack = \"jobs\"\n"));
        assert!(!is_pack("[tool.rulecheck]\npack = \"x\"\n"));
    }
}
