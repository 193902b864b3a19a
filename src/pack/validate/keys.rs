//! The first check of a pack file, before serde reads it: every key every table does not take
//! and every value no enumeration has, reported all at once, each with the closest valid name
//! (serde itself stops at the first). The valid keys and values come from the pack format's
//! JSON Schema, which is generated from the serde model, so the two never disagree.

use std::borrow::Cow;
use std::sync::OnceLock;

use serde_json::{Map, Value};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use std::ops::Range;

use crate::error::{PackDiagnostic, PackDiagnostics};
use crate::pack::{PackSource, model};
use crate::suggest::{closest, did_you_mean_then};

/// The pack format's schema, once per run: the committed copy, which a test keeps the one the
/// model generates, is parsed in a fraction of the time the model's takes to generate; should it
/// not parse, the model's.
fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let committed = include_str!("../../../rules/rulepack.schema.json");
        match serde_json::from_str::<Value>(committed) {
            Ok(mut schema) => {
                // The printed schema's own title; the model's names the type.
                if let Some(root) = schema.as_object_mut() {
                    root.remove("title");
                }
                schema
            }
            Err(_) => generated(),
        }
    })
}

/// The schema the pack model generates.
fn generated() -> Value {
    schemars::schema_for!(model::PackFile).to_value()
}

/// Every unknown key and unknown enumeration value of a pack file, and the file's text repaired
/// (each misspelt name replaced by the closest valid one, each other unknown key removed) so the
/// later checks can run too and report their errors in the same run — or `None` when some name
/// cannot be repaired. `document` is the file's TOML document.
pub(super) fn unknown_names(
    source: &PackSource,
    document: &DeTable<'_>,
) -> (PackDiagnostics, Option<String>) {
    let mut walker = Walker {
        file: source.display_name(),
        text: &source.text,
        root: schema(),
        errors: PackDiagnostics::default(),
        repairs: Some(Vec::new()),
    };
    walker.table(walker.root, "", document);
    let repaired = walker.repairs.map(|mut repairs| {
        let mut text = source.text.clone();
        // From the end, so earlier offsets stay valid.
        repairs.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
        for (range, replacement) in repairs {
            if let Some(original) = text.get(range.clone()) {
                let replacement = replacement.unwrap_or_else(|| blank(original));
                text.replace_range(range, &replacement);
            }
        }
        text
    });
    (walker.errors, repaired)
}

/// `text` with every character but line breaks replaced by a space (so lines keep their numbers).
fn blank(text: &str) -> String {
    text.chars()
        .map(|c| if c == '\n' || c == '\r' { c } else { ' ' })
        .collect()
}

struct Walker<'a> {
    file: String,
    text: &'a str,
    root: &'static Value,
    errors: PackDiagnostics,
    /// Byte ranges to replace (`None`: blank out) to repair the file, or `None` when it cannot be.
    repairs: Option<Vec<(Range<usize>, Option<String>)>>,
}

impl Walker<'_> {
    /// Follows `$ref`s and takes the non-null branch of an optional value.
    fn resolve(&self, mut node: &'static Value) -> &'static Value {
        loop {
            if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
                let name = reference.rsplit('/').next().unwrap_or_default();
                match self.root.get("$defs").and_then(|defs| defs.get(name)) {
                    Some(def) => node = def,
                    None => return node,
                }
            } else if let Some(branch) = node
                .get("anyOf")
                .and_then(Value::as_array)
                .and_then(|branches| branches.iter().find(|b| b["type"] != "null"))
            {
                node = branch;
            } else {
                return node;
            }
        }
    }

    /// The entries of a table at `place` (`[pack]`, `[[rule]]`, or "" at the top).
    fn table(&mut self, schema: &'static Value, place: &str, table: &DeTable<'_>) {
        let schema = self.resolve(schema);
        let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
            return;
        };
        for (key, value) in table {
            self.entry(properties, place, key, value, table);
        }
    }

    fn repair(&mut self, range: Range<usize>, replacement: Option<String>) {
        if let Some(repairs) = &mut self.repairs {
            repairs.push((range, replacement));
        }
    }

    /// The key `key` of the table `table` (`[pack]`, `[[rule]]`, or "" at the top), whose
    /// keys are `siblings` and whose schema's are `properties`.
    fn entry(
        &mut self,
        properties: &'static Map<String, Value>,
        table: &str,
        key: &Spanned<Cow<'_, str>>,
        value: &Spanned<DeValue<'_>>,
        siblings: &DeTable<'_>,
    ) {
        let name = key.get_ref().as_ref();
        let Some(child) = properties.get(name) else {
            let known: Vec<&str> = properties.keys().map(String::as_str).collect();
            // A table or array of tables cannot be taken out of the text without moving its
            // keys into the table before it; a misspelt scalar key is renamed, another removed.
            match (value.get_ref(), closest(name, known.iter().copied())) {
                (DeValue::Table(_), _) => self.repairs = None,
                (DeValue::Array(items), _)
                    if items
                        .iter()
                        .any(|i| matches!(i.get_ref(), DeValue::Table(_))) =>
                {
                    self.repairs = None;
                }
                (_, Some(suggestion))
                    if !siblings.keys().any(|k| k.get_ref().as_ref() == suggestion) =>
                {
                    self.repair(key.span(), Some(suggestion.to_owned()));
                }
                _ => self.repair(key.span().start..value.span().end, None),
            }
            let place = if table.is_empty() {
                "at the top level of the pack".to_owned()
            } else {
                format!("in {table}")
            };
            self.error(key.span(), || {
                (
                    format!("unknown key `{name}` {place}"),
                    format!(
                        "{}the keys {place} are: {}; `rulecheck guide` describes each",
                        did_you_mean_then(name, known.iter().copied()),
                        known.join(", ")
                    ),
                )
            });
            return;
        };
        // Only a table or an array names the place of what it holds.
        let nests = matches!(value.get_ref(), DeValue::Table(_) | DeValue::Array(_));
        let path = if table.is_empty() || !nests {
            Cow::Borrowed(name)
        } else {
            Cow::Owned(format!("{}.{name}", table.trim_matches(['[', ']'])))
        };
        self.value(child, &path, name, value);
    }

    /// A value at `path` (dotted) whose key is `key`.
    fn value(
        &mut self,
        schema: &'static Value,
        path: &str,
        key: &str,
        value: &Spanned<DeValue<'_>>,
    ) {
        let schema = self.resolve(schema);
        match value.get_ref() {
            DeValue::Table(table) => self.table(schema, &format!("[{path}]"), table),
            DeValue::Array(items) => {
                let Some(item_schema) = schema.get("items") else {
                    return;
                };
                for item in items {
                    if let DeValue::Table(table) = item.get_ref() {
                        self.table(item_schema, &format!("[[{path}]]"), table);
                    } else {
                        self.value(item_schema, path, key, item);
                    }
                }
            }
            DeValue::String(text) => {
                let allowed = enum_values(schema);
                if !allowed.is_empty() && !allowed.contains(&text.as_ref()) {
                    match closest(text, allowed.iter().copied()) {
                        Some(suggestion) => {
                            self.repair(value.span(), Some(format!("\"{suggestion}\"")));
                        }
                        None => self.repairs = None,
                    }
                    self.error(value.span(), || {
                        (
                            format!("`{text}` is not a valid value of `{key}`"),
                            format!(
                                "{}use one of: {}",
                                did_you_mean_then(text, allowed.iter().copied()),
                                allowed.join(", ")
                            ),
                        )
                    });
                }
            }
            _ => {}
        }
    }

    /// Records the error `describe` writes (message, help) at `span`; it is written only when
    /// the error will be shown.
    fn error(&mut self, span: Range<usize>, describe: impl FnOnce() -> (String, String)) {
        self.errors.push(|| {
            let (message, help) = describe();
            PackDiagnostic::at(&self.file, self.text, span, message, help)
        });
    }
}

/// The strings an enumeration schema allows (`oneOf` of constants, or `enum`); empty otherwise.
fn enum_values(schema: &'static Value) -> Vec<&'static str> {
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return values.iter().filter_map(Value::as_str).collect();
    }
    schema
        .get("oneOf")
        .and_then(Value::as_array)
        .map(|branches| {
            branches
                .iter()
                .filter_map(|b| b.get("const").and_then(Value::as_str))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_keys_are_checked_against_is_the_one_the_model_generates() {
        // Titles name the schema, they constrain nothing.
        let mut expected = generated();
        if let Some(root) = expected.as_object_mut() {
            root.remove("title");
        }
        assert_eq!(schema(), &expected);
    }

    /// What lets `pack::load` run this check only when serde refuses a file: a table of the
    /// model that took unknown keys would let serde read a file this check refuses.
    #[test]
    fn every_table_of_the_schema_refuses_unknown_keys() {
        fn tables(node: &Value, found: &mut Vec<String>) {
            match node {
                Value::Object(map) => {
                    if let Some(Value::Object(properties)) = map.get("properties") {
                        let keys: Vec<&str> = properties.keys().map(String::as_str).collect();
                        found.push(format!(
                            "{} {:?}",
                            keys.join(","),
                            map.get("additionalProperties")
                        ));
                    }
                    map.values().for_each(|child| tables(child, found));
                }
                Value::Array(items) => items.iter().for_each(|child| tables(child, found)),
                _ => {}
            }
        }
        let mut found = Vec::new();
        tables(schema(), &mut found);
        assert!(found.len() > 10, "too few tables: {found:?}");
        let open: Vec<&String> = found
            .iter()
            .filter(|table| !table.ends_with("Some(Bool(false))"))
            .collect();
        assert!(open.is_empty(), "tables taking unknown keys: {open:?}");
    }
}
