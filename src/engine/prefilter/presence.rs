//! Which call sets a file may call: whether it holds each set's callee needles (searched in the
//! lowercased file) and the first names of its import modules (searched in the file as it is).
//! Each distinct needle's searcher is built once per pack, and searched at most once per file
//! (`Prefilter::may_call` used to build a searcher and a lowercased copy of the needle for each
//! callee of each set, in every file). One automaton of all the needles was tried instead: its
//! overlapping search costs more than these few SIMD scans.

use memchr::memmem::Finder;

use super::needle::{callee_needle, module_needle};
use crate::pack::Pack;

/// The needles of a pack's call sets, compiled.
#[derive(Debug)]
pub struct CallPresence {
    /// Each set's callee side: `None` when some callee of the set has no needle (only a parse
    /// can tell), else the indices of its needles in `callees`.
    callee_needles: Vec<Option<Vec<usize>>>,
    /// Each set's import side: `None` when the set has no import condition, else the indices of
    /// its modules' needles in `modules`.
    module_needles: Vec<Option<Vec<usize>>>,
    /// The searchers of the lowercased callee needles.
    callees: Vec<Finder<'static>>,
    /// The searchers of the module needles, in their exact case.
    modules: Vec<Finder<'static>>,
}

impl CallPresence {
    /// The needles of `pack`'s call sets.
    pub fn new(pack: &Pack) -> CallPresence {
        let mut callee_texts: Vec<String> = Vec::new();
        let mut module_texts: Vec<String> = Vec::new();
        let index = |texts: &mut Vec<String>, text: String| {
            texts.iter().position(|t| *t == text).unwrap_or_else(|| {
                texts.push(text);
                texts.len() - 1
            })
        };
        let mut callee_needles = Vec::new();
        let mut module_needles = Vec::new();
        for set in &pack.call_sets {
            let needles: Option<Vec<usize>> = (0..set.callees.len())
                .map(|c| {
                    callee_needle(set, c).map(|n| index(&mut callee_texts, n.to_ascii_lowercase()))
                })
                .collect();
            callee_needles.push(needles);
            module_needles.push((!set.imports.is_empty()).then(|| {
                set.imports
                    .iter()
                    .map(|m| index(&mut module_texts, module_needle(m).to_owned()))
                    .collect()
            }));
        }
        let finders = |texts: Vec<String>| {
            texts
                .iter()
                .map(|t| Finder::new(t.as_bytes()).into_owned())
                .collect()
        };
        CallPresence {
            callees: finders(callee_texts),
            modules: finders(module_texts),
            callee_needles,
            module_needles,
        }
    }

    /// By call set: whether the file (`bytes`, and `lowered`, its ASCII-lowercased copy) holds
    /// one of the set's callee needles (or the set has a callee without one), and whether it
    /// holds the first name of one of the set's modules (or the set has no import condition).
    pub fn of(&self, bytes: &[u8], lowered: &[u8]) -> Vec<(bool, bool)> {
        let mut callees = Found::new(&self.callees, lowered);
        let mut modules = Found::new(&self.modules, bytes);
        self.callee_needles
            .iter()
            .zip(&self.module_needles)
            .map(|(callee, module)| {
                (
                    callee.as_ref().is_none_or(|n| callees.any(n)),
                    module.as_ref().is_none_or(|n| modules.any(n)),
                )
            })
            .collect()
    }
}

/// Which needles occur in a haystack, each searched the first time it is asked about.
struct Found<'a> {
    finders: &'a [Finder<'static>],
    haystack: &'a [u8],
    known: Vec<Option<bool>>,
}

impl<'a> Found<'a> {
    fn new(finders: &'a [Finder<'static>], haystack: &'a [u8]) -> Found<'a> {
        Found {
            finders,
            haystack,
            known: vec![None; finders.len()],
        }
    }

    /// Whether one of the needles `needles` (indices into the finders) occurs.
    fn any(&mut self, needles: &[usize]) -> bool {
        needles.iter().any(|&n| {
            *self.known[n].get_or_insert_with(|| self.finders[n].find(self.haystack).is_some())
        })
    }
}
