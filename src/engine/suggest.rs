//! Did-you-mean for value rules: the allowed value a rejected literal was probably meant to be.

/// The allowed value `text` was probably meant to be: one equal to it but for case, else the
/// nearest by edit distance when it is close (at most a third of the longer string, and at
/// least 2, edits away), else one containing it (ignoring case). `None` when nothing is close.
pub fn nearest(text: &str, allowed: &[String]) -> Option<String> {
    let lower = text.to_lowercase();
    if let Some(same) = allowed.iter().find(|a| a.to_lowercase() == lower) {
        return (same != text).then(|| same.clone());
    }
    let nearest = allowed
        .iter()
        .map(|a| (edit_distance(&lower, &a.to_lowercase()), a))
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

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed() -> Vec<String> {
        ["Accepted", "Refused", "WaitingForManualReview"]
            .map(String::from)
            .to_vec()
    }

    #[test]
    fn a_value_close_to_an_allowed_one_gets_it_as_a_suggestion() {
        let suggestion = |text: &str| nearest(text, &allowed());
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
        assert_eq!(nearest("Bogus", &allowed()), None);
        assert_eq!(nearest("", &allowed()), None);
    }

    #[test]
    fn edit_distance_counts_insertions_deletions_and_substitutions() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }
}
