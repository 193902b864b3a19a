//! Existing validation results (`--existing`): loading them, and merging new issues into them the
//! way cursus's `enhance_validation` does (for the JSON report).

use std::fs;
use std::path::Path;

use serde_json::{Map, Value, json};

use crate::error::{Error, Result};

/// Reads and checks an existing-results file: a JSON object (or `null`) whose `issues`, when
/// present, is a list and whose `summary`, when present, is an object with integer counts.
pub fn load(path: &Path) -> Result<Option<Map<String, Value>>> {
    let text = fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
        help: "check the path given to --existing",
    })?;
    let bad = |message: String| Error::Existing {
        path: path.to_owned(),
        message,
    };
    let value: Value =
        serde_json::from_str(&text).map_err(|e| bad(format!("invalid JSON: {e}")))?;
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

/// The enhanced results: `existing` with `issues` appended and the summary counters raised
/// (`total_issues` by the number of issues, `<severity>_count` once per issue), or a fresh
/// `{issues, success, summary: {total_issues}}` when there are no existing results.
pub fn merge(existing: Option<&Map<String, Value>>, issues: &[Value]) -> Value {
    let Some(existing) = existing else {
        return json!({
            "issues": issues,
            "success": issues.is_empty(),
            "summary": { "total_issues": issues.len() },
        });
    };
    let mut merged = existing.clone();
    if let Value::Array(list) = merged
        .entry("issues")
        .or_insert_with(|| Value::Array(Vec::new()))
    {
        list.extend(issues.iter().cloned());
    }
    if let Some(Value::Object(summary)) = merged.get_mut("summary") {
        bump(summary, "total_issues", issues.len() as i64);
        for issue in issues {
            if let Some(severity) = issue.get("severity").and_then(Value::as_str) {
                bump(summary, &format!("{}_count", severity.to_lowercase()), 1);
            }
        }
    }
    Value::Object(merged)
}

fn bump(summary: &mut Map<String, Value>, key: &str, by: i64) {
    let current = summary.get(key).and_then(Value::as_i64).unwrap_or(0);
    summary.insert(key.to_owned(), Value::from(current.saturating_add(by)));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issue(severity: &str) -> Value {
        json!({ "severity": severity, "category": "c" })
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
}
