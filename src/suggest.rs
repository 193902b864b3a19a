//! "Did you mean …?": for misspelt names (pack keys and values, config keys, suppression ids and
//! directives), the known name most similar to the typed one, the way clap and rustc suggest;
//! for a literal a value rule rejects, the allowed value it was probably meant to be.

/// How similar (Jaro, 0 to 1) a known name must be to a misspelt one to be suggested; clap's
/// threshold.
const THRESHOLD: f64 = 0.7;

/// The name of `known` most similar to `typed`, if any is similar enough (and not `typed`
/// itself).
pub fn closest<'a>(typed: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .filter(|name| *name != typed)
        .map(|name| (strsim::jaro(typed, name), name))
        .filter(|(score, _)| *score > THRESHOLD)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| name)
}

/// `did you mean `X`?` for the closest name, or nothing.
pub fn did_you_mean<'a>(typed: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    closest(typed, known)
        .map(|name| format!("did you mean `{name}`?"))
        .unwrap_or_default()
}

/// `listed` (a help naming the valid names), led by a did-you-mean when `typed` is close to one
/// of `known`: ``did you mean `x`? (LISTED)``.
pub fn did_you_mean_or<'a>(
    typed: &str,
    known: impl IntoIterator<Item = &'a str>,
    listed: String,
) -> String {
    match closest(typed, known) {
        Some(name) => format!("did you mean `{name}`? ({listed})"),
        None => listed,
    }
}

/// The name a help text made by [`did_you_mean`], [`did_you_mean_or`] or [`did_you_mean_then`]
/// suggests, read back from it (an editor offers it as a quick fix).
pub fn suggested(help: &str) -> Option<&str> {
    let rest = help.strip_prefix("did you mean `")?;
    let end = rest.find("`?")?;
    Some(&rest[..end])
}

/// [`did_you_mean`] followed by a space, to lead a longer help text, or nothing.
pub fn did_you_mean_then<'a>(typed: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    closest(typed, known)
        .map(|name| format!("did you mean `{name}`? "))
        .unwrap_or_default()
}

/// The allowed value `text` was probably meant to be: one equal to it but for case, else the
/// nearest by edit distance when it is close (at most a third of the longer string, and at
/// least 2, edits away), else one containing it (ignoring case). `None` when nothing is close.
pub fn nearest_value(text: &str, allowed: &[String]) -> Option<String> {
    let lower = text.to_lowercase();
    if let Some(same) = allowed.iter().find(|a| a.to_lowercase() == lower) {
        return (same != text).then(|| same.clone());
    }
    let nearest = allowed
        .iter()
        .map(|a| (strsim::levenshtein(&lower, &a.to_lowercase()), a))
        .filter(|(distance, a)| {
            let longer = a.chars().count().max(text.chars().count());
            *distance <= (longer / 3).max(2)
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, a)| a.clone());
    nearest.or_else(|| {
        (lower.chars().count() >= 4)
            .then(|| allowed.iter().find(|a| a.to_lowercase().contains(&lower)))
            .flatten()
            .cloned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_did_you_mean_help_gives_its_name_back() {
        let help = did_you_mean_or("keywrods", ["keywords", "names"], "the keys are …".into());
        assert_eq!(suggested(&help), Some("keywords"));
        assert_eq!(
            suggested(&did_you_mean_then("fitz", ["fits"])),
            Some("fits")
        );
        assert_eq!(suggested("the keys are: a, b"), None);
    }

    fn allowed() -> Vec<String> {
        ["Accepted", "Refused", "WaitingForManualReview"]
            .map(String::from)
            .to_vec()
    }

    #[test]
    fn a_value_close_to_an_allowed_one_gets_it_as_a_suggestion() {
        let suggestion = |text: &str| nearest_value(text, &allowed());
        assert_eq!(
            suggestion("WaitingForReview").as_deref(),
            Some("WaitingForManualReview")
        );
        assert_eq!(suggestion("accepted").as_deref(), Some("Accepted"));
        assert_eq!(
            suggestion("WaitingForManualReviews").as_deref(),
            Some("WaitingForManualReview")
        );
        assert_eq!(suggestion("Refusd").as_deref(), Some("Refused"));
        assert_eq!(
            suggestion("Waiting").as_deref(),
            Some("WaitingForManualReview")
        );
    }

    #[test]
    fn a_value_far_from_every_allowed_one_gets_no_suggestion() {
        assert_eq!(nearest_value("Bogus", &allowed()), None);
        assert_eq!(nearest_value("", &allowed()), None);
    }

    #[test]
    fn a_misspelt_key_or_value_gets_the_closest_known_one() {
        let keys = ["category", "recommendation", "message"];
        assert_eq!(closest("recomendation", keys), Some("recommendation"));
        assert_eq!(closest("categroy", keys), Some("category"));
        let scopes = ["text", "code", "call_arguments", "dict_keys"];
        assert_eq!(closest("call_args", scopes), Some("call_arguments"));
        assert_eq!(closest("fial-on", ["format", "fail-on"]), Some("fail-on"));
    }

    #[test]
    fn nothing_is_suggested_for_an_unrelated_name() {
        assert_eq!(closest("author", ["id", "kind", "level"]), None);
        assert_eq!(closest("colour", ["pack", "root"]), None);
        assert_eq!(did_you_mean("colour", ["pack"]), "");
        assert_eq!(did_you_mean_then("colour", ["pack"]), "");
    }
}
