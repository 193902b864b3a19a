//! Existing validation results (`--existing`): loading them, and merging new issues into them the
//! way cursus's `enhance_validation` does (for the JSON report).

use std::io;
use std::path::Path;

use serde_json::{Map, Value};

use crate::bounded::{self, Bounded};
use crate::error::{Error, Result};
use crate::report::pretty::{WriteJson, Writer};

/// Reads and checks an existing-results file: a JSON object (or `null`) whose `issues`, when
/// present, is a list and whose `summary`, when present, is an object with integer counts.
pub fn load(path: &Path) -> Result<Option<Map<String, Value>>> {
    let io_error = |source: io::Error| Error::Io {
        path: path.to_owned(),
        source,
        help: "check the path given to --existing",
    };
    match bounded::read_file(path, MAX_EXISTING_BYTES).map_err(io_error)? {
        Bounded::Read(bytes) => parse(&bounded::utf8(bytes).map_err(io_error)?, path),
        Bounded::Over(_) => Err(Error::Existing {
            path: path.to_owned(),
            message: format!("it holds more than {MAX_EXISTING_BYTES} bytes (1 GiB)"),
        }),
    }
}

/// The largest `--existing` file read (1 GiB; a JSON report of 1,800 scripts is about 2 MB).
pub const MAX_EXISTING_BYTES: u64 = 1 << 30;

/// Parses and checks the text of an existing-results file (see [`load`]); `path` names it in
/// errors.
pub fn parse(text: &str, path: &Path) -> Result<Option<Map<String, Value>>> {
    let bad = |message: String| Error::Existing {
        path: path.to_owned(),
        message,
    };
    let value: Value = serde_json::from_str(text).map_err(|e| bad(format!("invalid JSON: {e}")))?;
    let object = match value {
        Value::Null => return Ok(None),
        Value::Object(object) => object,
        other => {
            return Err(bad(format!(
                "the top level is {}, not an object",
                kind(&other)
            )));
        }
    };
    if let Some(issues) = object.get("issues").filter(|v| !v.is_array()) {
        return Err(bad(format!("`issues` is {}, not a list", kind(issues))));
    }
    match object.get("summary") {
        None | Some(Value::Null) => {}
        Some(Value::Object(summary)) => {
            for (key, value) in summary {
                if is_counter(key) && !(value.is_i64() || value.is_u64()) {
                    return Err(bad(format!(
                        "`summary.{key}` is {}, not an integer",
                        kind(value)
                    )));
                }
            }
        }
        Some(other) => return Err(bad(format!("`summary` is {}, not an object", kind(other)))),
    }
    Ok(Some(object))
}

fn is_counter(key: &str) -> bool {
    key == "total_issues" || key.ends_with("_count")
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// One script's enhanced results, written as cursus's `enhance_validation` makes them:
/// `existing` with `issues` appended and the summary counters raised (`total_issues` by the
/// number of issues, `<severity>_count` once per issue), or a fresh
/// `{issues, success, summary: {total_issues}}` when there are no existing results. Only the
/// summary is copied; the existing issues are written from where they are.
#[derive(Debug)]
pub struct Enhanced<'a, I> {
    existing: Option<&'a Map<String, Value>>,
    issues: &'a [I],
    /// The existing summary with its counters raised, when it is an object.
    summary: Option<Map<String, Value>>,
}

impl<'a, I: WriteJson> Enhanced<'a, I> {
    /// The enhanced results for `issues`, whose severities (`ERROR`…) are `severities`.
    pub fn new<'s>(
        existing: Option<&'a Map<String, Value>>,
        issues: &'a [I],
        severities: impl Iterator<Item = &'s str>,
    ) -> Enhanced<'a, I> {
        let summary = match existing.and_then(|e| e.get("summary")) {
            Some(Value::Object(summary)) => {
                let mut summary = summary.clone();
                bump(&mut summary, "total_issues", issues.len() as i64);
                for severity in severities {
                    bump(
                        &mut summary,
                        &format!("{}_count", severity.to_lowercase()),
                        1,
                    );
                }
                Some(summary)
            }
            _ => None,
        };
        Enhanced {
            existing,
            issues,
            summary,
        }
    }
}

impl<I: WriteJson> WriteJson for Enhanced<'_, I> {
    fn write_json(&self, w: &mut Writer) {
        let Some(existing) = self.existing else {
            return w.object(|w| {
                w.key("issues").array_of(self.issues);
                w.key("success").boolean(self.issues.is_empty());
                w.key("summary")
                    .object(|w| w.key("total_issues").number(self.issues.len()));
            });
        };
        w.object(|w| {
            for (key, value) in existing {
                match (key.as_str(), value, &self.summary) {
                    // The existing issues followed by the new ones.
                    ("issues", Value::Array(old), _) => w.key(key).array(|w| {
                        for issue in old {
                            w.item().write(issue);
                        }
                        for issue in self.issues {
                            w.item().write(issue);
                        }
                    }),
                    ("summary", _, Some(summary)) => w.key(key).serialized(summary),
                    _ => w.key(key).write(value),
                }
            }
            if !existing.contains_key("issues") {
                w.key("issues").array_of(self.issues);
            }
        });
    }
}

fn bump(summary: &mut Map<String, Value>, key: &str, by: i64) {
    let current = summary.get(key).and_then(Value::as_i64).unwrap_or(0);
    summary.insert(key.to_owned(), Value::from(current.saturating_add(by)));
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn issue(severity: &str) -> Value {
        json!({ "severity": severity, "category": "c" })
    }

    /// The enhanced results of `issues` merged into `existing`, written and read back.
    fn merge(existing: Option<&Map<String, Value>>, issues: &[Value]) -> Value {
        let severities = issues
            .iter()
            .filter_map(|i| i.get("severity").and_then(Value::as_str));
        let mut out = Vec::new();
        Writer::at(&mut out, 0).write(&Enhanced::new(existing, issues, severities));
        serde_json::from_slice(&out).unwrap_or_default()
    }

    #[test]
    fn without_existing_results_a_fresh_object_is_made() {
        let merged = merge(None, &[issue("INFO")]);
        assert_eq!(
            merged,
            json!({"issues": [issue("INFO")], "success": false, "summary": {"total_issues": 1}})
        );
        assert_eq!(merge(None, &[])["success"], json!(true));
    }

    #[test]
    fn issues_are_appended_and_counters_raised_per_severity() {
        let existing = json!({
            "issues": [issue("ERROR")],
            "success": false,
            "summary": {"total_issues": 1, "error_count": 1},
            "other": "kept"
        });
        let merged = merge(
            existing.as_object(),
            &[issue("WARNING"), issue("WARNING"), issue("ERROR")],
        );
        assert_eq!(merged["issues"].as_array().map(Vec::len), Some(4));
        assert_eq!(
            merged["summary"],
            json!({"total_issues": 4, "error_count": 2, "warning_count": 2})
        );
        assert_eq!(merged["other"], json!("kept"));
        assert_eq!(merged["success"], json!(false));
    }

    #[test]
    fn results_without_a_summary_get_none_added() {
        let existing = json!({"issues": []});
        let merged = merge(existing.as_object(), &[issue("INFO")]);
        assert_eq!(merged, json!({"issues": [issue("INFO")]}));
    }

    #[test]
    fn results_without_issues_get_them_last_and_keep_their_key_order() {
        let existing = json!({"summary": {"warning_count": 2}, "success": true});
        let merged = merge(existing.as_object(), &[issue("INFO")]);
        let keys: Vec<&String> = merged
            .as_object()
            .map(|m| m.keys().collect())
            .unwrap_or_default();
        assert_eq!(keys, ["summary", "success", "issues"]);
        assert_eq!(
            serde_json::to_string(&merged["summary"]).unwrap_or_default(),
            r#"{"warning_count":2,"total_issues":1,"info_count":1}"#
        );
    }

    fn parsed(text: &str) -> Result<Option<Map<String, Value>>> {
        parse(text, Path::new("existing.json"))
    }

    #[test]
    fn summary_keys_that_are_not_counters_may_hold_anything_and_are_kept() {
        let text =
            r#"{"summary": {"status": "partial", "count_of_steps": "3", "total_issues": 1}}"#;
        let existing = parsed(text).ok().flatten();
        assert!(existing.is_some(), "{:?}", parsed(text).err());
        let merged = merge(existing.as_ref(), &[issue("INFO")]);
        assert_eq!(
            merged["summary"],
            json!({"status": "partial", "count_of_steps": "3", "total_issues": 2, "info_count": 1})
        );
        // The same values under counter names are refused.
        for counter in ["total_issues", "error_count"] {
            let text = format!(r#"{{"summary": {{"{counter}": "3"}}}}"#);
            let error = parsed(&text)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(
                error.contains(&format!("`summary.{counter}` is a string, not an integer")),
                "{error}"
            );
        }
    }

    #[test]
    fn negative_counters_are_integers_and_are_raised_from_where_they_are() {
        let existing = parsed(r#"{"summary": {"total_issues": -3, "error_count": -1}}"#)
            .ok()
            .flatten();
        assert!(existing.is_some());
        let merged = merge(existing.as_ref(), &[issue("ERROR")]);
        assert_eq!(
            merged["summary"],
            json!({"total_issues": -2, "error_count": 0})
        );
    }
}
