//! "Did you mean …?" for misspelt names (config keys, suppression ids, directives): the closest
//! candidate by Damerau–Levenshtein distance, when it is close enough to be a likely typo.

/// The candidate nearest to `word`, if it is within a third of the longer name's length (and at
/// least one edit away from being empty).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::damerau_levenshtein(word, candidate), candidate))
        .filter(|(distance, candidate)| {
            *distance > 0 && *distance <= (word.len().max(candidate.len()) / 3).max(1)
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// ` (did you mean `X`?)` for the closest candidate, or nothing.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(word, candidates)
        .map(|c| format!("did you mean `{c}`?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transposition_finds_the_intended_name() {
        assert_eq!(closest("fial-on", ["format", "fail-on"]), Some("fail-on"));
    }

    #[test]
    fn an_unrelated_name_finds_nothing() {
        assert_eq!(closest("colour", ["pack", "root"]), None);
        assert_eq!(did_you_mean("colour", ["pack"]), "");
    }
}
