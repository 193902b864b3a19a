//! From the YAML parser's positions, which count characters, to byte offsets.

/// Byte offsets of character indices in one text. An ASCII text needs no table; otherwise the
/// byte offset of every [`STEP`]-th character is kept (an eighth of a word per character), and a
/// lookup walks at most `STEP - 1` characters from there, in any order of lookups.
pub struct CharOffsets<'t> {
    text: &'t str,
    /// The byte offset of character `k * STEP`, for every `k`; empty for ASCII text.
    checkpoints: Vec<usize>,
}

/// Characters between two kept offsets.
const STEP: usize = 64;

impl<'t> CharOffsets<'t> {
    /// The table for `text`.
    pub fn new(text: &'t str) -> CharOffsets<'t> {
        let checkpoints = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices()
                .step_by(STEP)
                .map(|(at, _)| at)
                .collect()
        };
        CharOffsets { text, checkpoints }
    }

    /// The byte offset where character `index` starts (the text's length at or past its end).
    pub fn byte(&self, index: usize) -> usize {
        if self.checkpoints.is_empty() {
            return index.min(self.text.len());
        }
        let Some(&base) = self.checkpoints.get(index / STEP) else {
            return self.text.len();
        };
        let rest = self.text.get(base..).unwrap_or_default();
        rest.char_indices()
            .nth(index % STEP)
            .map_or(self.text.len(), |(at, _)| base + at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_indices_are_byte_offsets() {
        let offsets = CharOffsets::new("abc");
        assert_eq!(offsets.byte(2), 2);
        assert_eq!(offsets.byte(3), 3);
        assert_eq!(offsets.byte(99), 3, "clamped to the end");
    }

    #[test]
    fn every_character_index_maps_to_its_byte_offset_in_any_order() {
        let text = "é€😀a".repeat(50);
        let offsets = CharOffsets::new(&text);
        let expected: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
        for (index, &at) in expected.iter().enumerate().rev() {
            assert_eq!(offsets.byte(index), at, "char {index}");
        }
        assert_eq!(offsets.byte(expected.len()), text.len());
        assert_eq!(offsets.byte(expected.len() + 500), text.len());
    }
}
