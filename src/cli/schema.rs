//! `rulecheck schema` (the JSON Schema of the pack format, committed as
//! `rules/rulepack.schema.json`) and `rulecheck guide` (the pack guide, `rules/README.md`, built
//! into the binary so someone with only the binary can read it).

use super::Printed;
use crate::pack;

/// The pack guide (the repository's `rules/README.md`).
pub const GUIDE: &str = include_str!("../../rules/README.md");

/// `rulecheck schema`.
pub fn schema() -> Printed {
    Printed::out(pack::schema(), false)
}

/// `rulecheck guide`.
pub fn guide() -> Printed {
    Printed::out(GUIDE.to_owned(), false)
}
