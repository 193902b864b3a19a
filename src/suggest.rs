//! "Did you mean …?" for misspelt names (pack keys and values, config keys, suppression ids and
//! directives): the known name most similar to the typed one, the way clap and rustc suggest.

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

/// [`did_you_mean`] followed by a space, to lead a longer help text, or nothing.
pub fn did_you_mean_then<'a>(typed: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    closest(typed, known)
        .map(|name| format!("did you mean `{name}`? "))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

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
