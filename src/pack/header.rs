//! What a routed run reads of a pack before deciding to load it: its `[pack]` table and the
//! globs of its `[[index]]` tables, taken out of the text line by line and parsed alone (a pack's
//! rules are most of its text). A pack whose text this cannot read with certainty — a table
//! header written any other way than `[pack]`, `[[index]]` or `[name]`/`[[name]]`, a key before
//! the first table, a `[pack]` given twice, a slice that does not parse — has no header: the
//! run then loads it whole, as it does a pack that may check a file ([`could_match`]).

use memchr::memchr;
use memchr::memmem::Finder;
use serde::Deserialize;

use super::model::{IndexDef, PackMeta};

/// A pack's `[pack]` table and its `[[index]]` globs.
#[derive(Debug)]
pub struct Header {
    /// `[pack].name`.
    pub name: String,
    /// `[pack].files`, as written (`!` entries included).
    pub files: Vec<String>,
    /// Whether `[pack].route_calls` names a call set (the pack routes by content).
    pub routes_by_content: bool,
    /// The `files` globs of every `[[index]]` table.
    pub index_globs: Vec<String>,
}

/// The tables a header is read from.
#[derive(Deserialize)]
struct Tables {
    pack: PackMeta,
    #[serde(default)]
    index: Vec<IndexDef>,
}

/// The header of the pack file `text`, or `None` when it cannot be read with certainty (see
/// the module docs).
pub fn header(text: &str) -> Option<Header> {
    let tables: Tables = toml::from_str(&slices(text)?).ok()?;
    let pack = tables.pack;
    Some(Header {
        name: pack.name.into_inner(),
        files: pack.files.into_iter().map(|g| g.into_inner()).collect(),
        routes_by_content: !pack.route_calls.is_empty(),
        index_globs: tables
            .index
            .into_iter()
            .flat_map(|index| index.files.into_inner())
            .map(|g| g.into_inner())
            .collect(),
    })
}

/// The `[pack]` table and the `[[index]]` tables of `text`, each with its header line.
fn slices(text: &str) -> Option<String> {
    let mut kept = String::new();
    let (mut keep, mut tables, mut packs) = (false, 0, 0);
    // Where each `"""` and `'''` is (by which of the two), found once over the whole text.
    let mut triples: Vec<(usize, usize)> = ["\"\"\"", "'''"]
        .iter()
        .enumerate()
        .flat_map(|(which, triple)| {
            Finder::new(triple)
                .find_iter(text.as_bytes())
                .map(move |at| (at, which))
                .collect::<Vec<_>>()
        })
        .collect();
    triples.sort_unstable();
    let mut triples = triples.into_iter().peekable();
    // Which kind of triple quote opened the multi-line string a line is in, if any.
    let mut string: Option<usize> = None;
    let mut start = 0;
    while start < text.len() {
        let end = memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i + 1);
        let line = &text[start..end];
        start = end;
        let first = line.bytes().find(|b| !b.is_ascii_whitespace());
        let name = (first == Some(b'[')).then(|| table_name(line.trim()));
        if string.is_some() {
            // A header of the tables read, in what looks like a string: a quote was misread.
            if let Some(Some((name, _))) = name
                && (name.split('.').next() == Some("pack")
                    || name.split('.').next() == Some("index"))
            {
                return None;
            }
        } else if let Some(name) = name {
            tables += 1;
            keep = match name? {
                ("pack", false) => {
                    packs += 1;
                    true
                }
                ("index", true) => true,
                (name, _) if name == "pack" || name == "index" => return None,
                (name, _) if name.starts_with("pack.") || name.starts_with("index.") => {
                    return None;
                }
                _ => false,
            };
        } else if tables == 0 && first.is_some_and(|b| b != b'#') {
            return None;
        }
        // Each triple quote of the line opens a string, or closes the one it opened.
        while let Some((_, which)) = triples.next_if(|&(at, _)| at < end) {
            match string {
                None => string = Some(which),
                Some(open) if open == which => string = None,
                Some(_) => {}
            }
        }
        if keep {
            kept.push_str(line);
        }
    }
    (packs == 1 && string.is_none()).then_some(kept)
}

/// The name of the table header `line` and whether it is an array's (`[[name]]`); `None` for a
/// header of another form (quoted or spaced names, text after it but a comment).
fn table_name(line: &str) -> Option<(&str, bool)> {
    let (inner, rest, array) = match line.strip_prefix("[[") {
        Some(after) => {
            let (inner, rest) = after.split_once("]]")?;
            (inner, rest, true)
        }
        None => {
            let (inner, rest) = line.strip_prefix('[')?.split_once(']')?;
            (inner, rest, false)
        }
    };
    let rest = rest.trim_start();
    let simple = !inner.is_empty()
        && inner
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
    (simple && (rest.is_empty() || rest.starts_with('#'))).then_some((inner, array))
}

/// Whether the `files` glob `glob` may match `candidate` (a path as named, or a file name): the
/// answer of the pack's compiled globs for globs of literal bytes, `*` and `?` (which do not
/// match `/`), and `true` for any other (`**`, classes, alternatives, escapes), which only
/// the compiled glob can tell.
pub fn could_match(glob: &str, candidate: &str) -> bool {
    if glob.contains(['[', ']', '{', '}', '\\']) || glob.contains("**") {
        return true;
    }
    wildcard(glob.as_bytes(), candidate.as_bytes())
}

/// `*` (any run of bytes but `/`) and `?` (one byte but `/`, as the compiled globs match bytes)
/// matching, iteratively with one backtrack point (the last `*`), as a shell does.
fn wildcard(glob: &[u8], text: &[u8]) -> bool {
    let (mut g, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match glob.get(g) {
            Some(b'*') => {
                star = Some((g, t));
                g += 1;
            }
            Some(b'?') if text[t] != b'/' => {
                g += 1;
                t += 1;
            }
            Some(&c) if c != b'*' && c != b'?' && c == text[t] => {
                g += 1;
                t += 1;
            }
            _ => match star {
                // The last `*` takes one more character, unless that is a `/`.
                Some((star_g, star_t)) if text[star_t] != b'/' => {
                    star = Some((star_g, star_t + 1));
                    g = star_g + 1;
                    t = star_t + 1;
                }
                _ => return false,
            },
        }
    }
    glob[g..].iter().all(|&c| c == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::file_glob;

    #[test]
    fn simple_globs_match_as_the_compiled_ones_and_others_may_match_anything() {
        let globs = [
            "*_job.py",
            "job.py",
            "prepare_*.py",
            "?_x.py",
            "scripts/*.py",
            "*",
            "a*b*c",
            "**/x.py",
            "[ab].py",
            "*.{py,pyi}",
        ];
        let candidates = [
            "churn_job.py",
            "scripts/churn_job.py",
            "job.py",
            "prepare_data.py",
            "a_x.py",
            "é_x.py",
            "/_x.py",
            "scripts/a.py",
            "scripts/sub/a.py",
            "abc",
            "aXbYc",
            "a/b/c",
            "ab",
            "",
            "x.py",
            "a.py",
            "a.pyi",
        ];
        for glob in globs {
            let compiled = file_glob(glob)
                .unwrap_or_else(|e| panic!("{e}"))
                .compile_matcher();
            for candidate in candidates {
                if compiled.is_match(candidate) {
                    assert!(could_match(glob, candidate), "{glob} on {candidate}");
                }
                let simple = !glob.contains(['[', '{']) && !glob.contains("**");
                if simple {
                    assert_eq!(
                        could_match(glob, candidate),
                        compiled.is_match(candidate),
                        "{glob} on {candidate}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_header_of_each_built_in_pack_is_what_loading_it_gives() {
        for (name, origin) in crate::pack::locate::available(&[]) {
            let source =
                crate::pack::locate::load_source(&name, &origin).unwrap_or_else(|e| panic!("{e}"));
            let pack = crate::pack::load(&source).unwrap_or_else(|e| panic!("{e}"));
            let header = header(&source.text).unwrap_or_else(|| panic!("{name}: no header"));
            assert_eq!(header.name, pack.name);
            let files: Vec<&str> = pack.files.iter().map(|g| g.text.as_str()).collect();
            assert_eq!(header.files, files);
            assert_eq!(header.routes_by_content, !pack.route_calls.is_empty());
            let index_globs: Vec<&String> = pack.indexes.iter().flat_map(|i| &i.files).collect();
            assert_eq!(header.index_globs.iter().collect::<Vec<_>>(), index_globs);
        }
    }

    #[test]
    fn a_pack_written_otherwise_has_no_header() {
        let pack = "[pack]\nname = \"t\"\nstep_type = \"T\"\nsource = \"S\"\nversion = \"1\"\n\
                    levels = [\"one\"]\n";
        assert!(header(pack).is_some());
        for text in [
            format!("pack.name = \"t\"\n{pack}"),
            format!("{pack}[pack.extra]\n"),
            format!("{pack}[ pack ]\n"),
            format!("{pack}[\"index\"]\n"),
            format!("{pack}[[rule]]\nx = [\n  [1],\n]\n"),
            format!("{pack}[pack]\n"),
            format!("{pack}description = \"\"\"\n"),
            "[rule]\n".to_owned(),
        ] {
            assert!(header(&text).is_none(), "{text}");
        }
        // A table header inside a multi-line string is text; one of the tables read there
        // may be a misread quote.
        let text = format!("{pack}[[rule]]\ncode = '''\n[x]\n'''\n");
        assert!(header(&text).is_some());
        let text = format!("{pack}[[rule]]\ncode = \"'''\"\n[[index]]\nx = \"'''\"\n");
        assert!(header(&text).is_none());
    }
}
