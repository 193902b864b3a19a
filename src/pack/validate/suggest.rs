//! Did-you-mean: the known name closest to a misspelt one, the way clap and rustc suggest.

/// How similar (Jaro, 0 to 1) a known name must be to a misspelt one to be suggested; clap's
/// threshold.
const THRESHOLD: f64 = 0.7;

/// The name of `known` most similar to `typed`, if any is similar enough.
pub(super) fn closest<'a>(
    typed: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    known
        .into_iter()
        .map(|name| (strsim::jaro(typed, name), name))
        .filter(|(score, _)| *score > THRESHOLD)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| name)
}

/// `did you mean `x`? ` when a name is close, else nothing.
pub(super) fn did_you_mean<'a>(typed: &str, known: impl IntoIterator<Item = &'a str>) -> String {
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
    }

    #[test]
    fn nothing_is_suggested_for_an_unrelated_name() {
        assert_eq!(closest("author", ["id", "kind", "level"]), None);
    }
}
