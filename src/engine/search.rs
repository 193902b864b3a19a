//! What the evidence phase looks for in a file on behalf of rule kinds: keywords one of which
//! must occur in some scopes ([`KeywordSearch`]), and names whose bound literals a rule judges
//! ([`ValueSearch`]). The automaton ([`super::compile`]), the [`super::prefilter`] and the source
//! model serve these requests; a kind asks for one through its
//! `Kind` trait ([`crate::kinds`]).

use crate::pack::{MatchMode, Per, Scope};

/// Keywords one of which must occur, counted only in some scopes.
#[derive(Debug)]
pub struct KeywordSearch {
    /// The keywords.
    pub keywords: Vec<String>,
    /// Substring or whole word.
    pub mode: MatchMode,
    /// Whether case must match exactly.
    pub case_sensitive: bool,
    /// Where occurrences count (never empty).
    pub scopes: Vec<Scope>,
    /// The call set of the `call_arguments` and `reaching_arguments` scopes.
    pub calls: Option<usize>,
    /// Whether the keywords are counted in the whole file, or in each call of `calls`.
    pub per: Per,
}

impl KeywordSearch {
    /// The call set whose calls are judged one by one, for a `per = "call"` search.
    pub fn per_call_set(&self) -> Option<usize> {
        self.calls.filter(|_| self.per == Per::Call)
    }
}

impl KeywordSearch {
    /// Whether occurrences anywhere count, so no Python parse is needed.
    pub fn is_textual(&self) -> bool {
        self.scopes.contains(&Scope::Text)
    }
}

/// Names whose bound literals are judged.
#[derive(Debug)]
pub struct ValueSearch {
    /// The names.
    pub names: Vec<String>,
    /// The call set the literals must reach, if any.
    pub calls: Option<usize>,
}
