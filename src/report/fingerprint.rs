//! Fingerprints that identify an issue across commits, shared by GitLab Code Quality's
//! `fingerprint`, the JSON report's `fingerprint` and `--baseline`: a hash of the check
//! (`PACK:RULE`), the file, and what the issue is about — the text of its first line
//! (whitespace trimmed) and the bytes it points at on that line, not the line number, so it survives lines moving; or the
//! message for an issue about a whole file — and, for issues alike in all of that, their order
//! in the outcome, so that two identical findings on identical lines stay two fingerprints.

use crate::engine::CompiledPack;
use crate::position;
use crate::report::issue::{self, Issue};

/// Gives the fingerprints of one outcome's issues, in the order they are reported.
#[derive(Debug, Default)]
pub struct Fingerprints {
    /// The keys (check, file, what) of the issues fingerprinted so far.
    seen: Vec<u128>,
}

impl Fingerprints {
    /// The fingerprint of the next issue of the outcome: 32 hex digits.
    pub fn next(&mut self, check_name: &str, issue: &Issue) -> String {
        let path = issue::relative_path(issue.location.path());
        let key = hash_parts(&[check_name.as_bytes(), path.as_bytes(), &about(issue)]);
        let repeat = self.seen.iter().filter(|&&k| k == key).count();
        self.seen.push(key);
        let fingerprint = hash_parts(&[&key.to_le_bytes(), &repeat.to_le_bytes()]);
        format!("{fingerprint:032x}")
    }
}

/// An issue's check: `PACK:RULE` for a pack's rule, the rule itself for rulecheck's own
/// (`rulecheck::…`).
pub fn check_name(compiled: &CompiledPack, issue: &Issue) -> String {
    if issue.source == issue::OWN_SOURCE {
        issue.rule.to_owned()
    } else {
        format!("{}:{}", compiled.pack.name, issue.rule)
    }
}

/// What an issue is about, for its fingerprint: its first line's text (trimmed) and the bytes
/// it points at on that line, or its message when it is about the whole file. Only the first
/// line: a finding at a call spanning lines keeps its fingerprint when another argument of the
/// call is edited (fixing one finding there leaves the others unchanged).
fn about(issue: &Issue) -> Vec<u8> {
    let Some(range) = issue.location.range.clone() else {
        return issue.message.as_bytes().to_vec();
    };
    let bytes = &issue.location.text.bytes;
    let (start, end) = (range.start.min(bytes.len()), range.end.min(bytes.len()));
    let line = position::line_of(bytes, start);
    let mut about = line.trim_ascii().to_vec();
    about.push(0);
    let on_line = bytes[start..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(bytes.len(), |i| start + i);
    about.extend_from_slice(&bytes[start..end.min(on_line).max(start)]);
    about
}

/// The hash of `parts`, each followed by a 0xff byte (which UTF-8 text never holds).
fn hash_parts(parts: &[&[u8]]) -> u128 {
    fnv1a(
        parts
            .iter()
            .flat_map(|part| part.iter().copied().chain([0xff])),
    )
}

/// The 128-bit FNV-1a hash of `bytes`: stable across platforms and versions, unlike the
/// standard library's hasher.
fn fnv1a(bytes: impl IntoIterator<Item = u8>) -> u128 {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    bytes.into_iter().fold(OFFSET, |hash, byte| {
        (hash ^ u128::from(byte)).wrapping_mul(PRIME)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Location, SourceText};
    use crate::pack::Severity;

    #[test]
    fn fnv1a_gives_the_reference_values() {
        assert_eq!(fnv1a(*b""), 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d);
        assert_eq!(fnv1a(*b"a"), 0xd228_cb69_6f1a_8caf_7891_2b70_4e4a_8964);
    }

    #[test]
    fn what_an_issue_is_about_ignores_its_line_number() {
        let early = SourceText::new("s.py".into(), b"f(x='Pending')\n".to_vec());
        let late = SourceText::new("s.py".into(), b"\n\n  f(x='Pending')\n".to_vec());
        let at = |text: &std::sync::Arc<SourceText>| {
            let start = text.bytes.iter().position(|&b| b == b'\'').unwrap_or(0);
            Location::at(text, start..start + 9)
        };
        let (early, late) = (at(&early), at(&late));
        assert_eq!(about_at(&early), about_at(&late));
        assert_ne!(early.start(), late.start());
    }

    #[test]
    fn what_an_issue_is_about_is_its_first_line_only() {
        let call = |rest: &str| {
            let text = format!("r = make(\n    x='{rest}',\n)\n");
            SourceText::new("s.py".into(), text.into_bytes())
        };
        let (before, after) = (call("old"), call("new value"));
        let whole = |text: &std::sync::Arc<SourceText>| Location::at(text, 4..text.bytes.len() - 1);
        assert_eq!(about_at(&whole(&before)), about_at(&whole(&after)));
        assert_eq!(about_at(&whole(&before)), b"r = make(\0make(".to_vec());
    }

    /// [`about`] for a location, with a fixed message.
    fn about_at(location: &Location) -> Vec<u8> {
        let details = Vec::new();
        let issue = Issue {
            severity: Severity::Error,
            category: "c",
            rule: "r",
            level: "l",
            step_type: "s",
            source: "x",
            message: "m",
            recommendation: "r",
            details: &details,
            location,
            related: &[],
            fix: None,
        };
        about(&issue)
    }
}
