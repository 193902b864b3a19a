//! The last phase of a check: a rule's evidence turned into findings, with the pack's templates
//! rendered for each.

use super::evidence::Fired;
use super::outcome::Finding;
use crate::pack::Rule;

/// The finding of rule `index` for one firing, its templates rendered with the file's variables
/// and the finding's own.
pub(super) fn finding(
    file_vars: &[String],
    index: usize,
    rule: &Rule,
    script: &str,
    fired: Fired,
) -> Finding {
    let values = finding_vars(file_vars, &fired, rule);
    let values: Vec<&str> = values.iter().map(String::as_str).collect();
    let mut details = vec![("script".to_owned(), script.to_owned())];
    details.extend(
        rule.details
            .iter()
            .map(|(key, template)| (key.clone(), template.render(&values))),
    );
    // A rule judging calls that judged the whole file (it makes none) says so.
    let message = match (&fired.call, &rule.file_message) {
        (None, Some(whole_file)) => whole_file,
        _ => &rule.message,
    };
    let mut message = message.render(&values);
    if let Some(suggestion) = fired.suggestion {
        message.push_str(&format!(" (did you mean `{suggestion}`?)"));
        details.push(("suggestion".to_owned(), suggestion));
    }
    Finding {
        rule: index,
        severity: rule.severity,
        message,
        recommendation: rule.recommendation.render(&values),
        details,
        location: fired.location,
        related: fired.related,
        fix: fired.fix,
    }
}

/// The file variables followed by `path`, `keywords`, `value`, `key`, `item`, `call` and
/// `line` for one finding.
fn finding_vars(file_vars: &[String], fired: &Fired, rule: &Rule) -> Vec<String> {
    let keywords = rule
        .check
        .keyword_search()
        .map(|search| search.keywords.join(", "))
        .unwrap_or_default();
    let (value, key) = fired.value.clone().unwrap_or_default();
    let mut values = file_vars.to_vec();
    values.extend([
        fired.path.clone(),
        keywords,
        value,
        key,
        fired.item.clone().unwrap_or_default(),
        fired.call.clone().unwrap_or_default(),
        fired
            .call
            .as_ref()
            .and(fired.location.start())
            .map(|p| p.line.to_string())
            .unwrap_or_default(),
    ]);
    values
}
