//! No input makes a parser panic: a few hundred pseudo-random inputs per format, from a fixed
//! seed, built from each format's own punctuation (so they reach deep into the parsers), and
//! mutations of valid documents.

use super::*;

/// A linear congruential generator (Knuth's MMIX constants): deterministic, no dependency.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Pieces inputs are made of: every format's punctuation, words, odd bytes.
const PIECES: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"-",
    b" ",
    b"\n",
    b"\r\n",
    b"\t",
    b"\"",
    b"'",
    b"#",
    b"&a",
    b"*a",
    b"!",
    b"!!str",
    b"|",
    b">",
    b"?",
    b"---",
    b"...",
    b"%YAML 1.2",
    b"=",
    b"[[",
    b"]]",
    b".",
    b"\\",
    b"\\u",
    b"d83d",
    b"\\ud83d",
    b"key",
    b"a.b",
    b"1",
    b"-0",
    b"1e5",
    b"0x1F",
    b"true",
    b"null",
    b"inf",
    b"nan",
    b"1979-05-27",
    b"T07:32:00Z",
    b"'''",
    b"\"\"\"",
    b"pkg",
    b"[x]",
    b">=1",
    b";",
    b"@",
    b"-r",
    b"--",
    b"https://",
    b"\xc3\xa9",
    b"\xf0\x9f\x98\x80",
    b"\xff",
    b"\xc3",
    b"\x00",
    b"\xef\xbb\xbf",
];

const SAMPLES: &[&str] = &[
    "a:\n  b: [1, 2]\n  c: {d: e}\nl:\n- x\n",
    "{\"a\": [1, {\"b\": null}], \"c\": \"\\u00e9\"}",
    "[t]\na = 1\n[[u]]\nb = [1, 2]\nc = { d = 'e' }\n",
    "pkg[x]>=1 ; python_version < '3'\n-r other.txt\n# c\n",
];

fn formats() -> [Format; 4] {
    [
        Format::Yaml,
        Format::Json,
        Format::Toml,
        Format::Requirements,
    ]
}

/// Parses `bytes` in every format, selects with a few selectors, and checks every range lies
/// within the input.
fn check(bytes: &[u8]) {
    let selectors: Vec<Selector> = ["*", "*.*[*]", "keys(*)", "a[0].b"]
        .iter()
        .filter_map(|s| Selector::parse(s).ok())
        .collect();
    for format in formats() {
        match parse(format, bytes) {
            Ok(root) => {
                for selector in &selectors {
                    for node in selector.select(&root) {
                        assert!(
                            node.range.start <= node.range.end && node.range.end <= bytes.len(),
                            "{format:?}: {:?} out of {} bytes for {bytes:?}",
                            node.range,
                            bytes.len()
                        );
                    }
                }
            }
            Err(err) => assert!(err.offset <= bytes.len(), "{format:?}: {err:?}"),
        }
    }
}

#[test]
fn random_inputs_of_punctuation_never_panic() {
    let mut rng = Lcg(0x5eed);
    for _ in 0..400 {
        let mut input = Vec::new();
        for _ in 0..rng.below(60) {
            input.extend_from_slice(PIECES[rng.below(PIECES.len())]);
        }
        check(&input);
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Lcg(42);
    for _ in 0..300 {
        let len = rng.below(80);
        let input: Vec<u8> = (0..len).map(|_| rng.below(128) as u8).collect();
        check(&input);
    }
}

#[test]
fn mutated_documents_never_panic() {
    let mut rng = Lcg(7);
    for _ in 0..300 {
        let mut input = SAMPLES[rng.below(SAMPLES.len())].as_bytes().to_vec();
        for _ in 0..=rng.below(4) {
            let at = rng.below(input.len() + 1);
            match rng.below(3) {
                0 if at < input.len() => {
                    input.remove(at);
                }
                1 => {
                    let piece = PIECES[rng.below(PIECES.len())];
                    input.splice(at..at, piece.iter().copied());
                }
                _ => input.truncate(at),
            }
        }
        check(&input);
    }
}

#[test]
fn random_selectors_never_panic() {
    let pieces = [
        "a", ".", "*", "[", "]", "[*]", "[0]", "\"", "\\", "keys(", ")", "é", " ",
    ];
    let root = match parse(Format::Yaml, SAMPLES[0].as_bytes()) {
        Ok(root) => root,
        Err(err) => panic!("the sample parses: {err}"),
    };
    let mut rng = Lcg(99);
    for _ in 0..500 {
        let source: String = (0..rng.below(12))
            .map(|_| pieces[rng.below(pieces.len())])
            .collect();
        match Selector::parse(&source) {
            Ok(selector) => {
                let _ = selector.select(&root);
            }
            Err(err) => assert!(err.column <= source.chars().count(), "{source:?}: {err:?}"),
        }
    }
}
