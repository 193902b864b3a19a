//! The pack format's `fix` key: how a rule's findings may be repaired. Part of the serde model
//! ([`super`]), from which the JSON Schema is generated.

use schemars::JsonSchema;
use serde::Deserialize;

/// A rule's `fix` table: how a finding's fix is applied.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FixDef {
    /// `safe`: `check --fix` applies it; `unsafe`: only with `--unsafe-fixes` as well.
    pub applicability: Applicability,
}

/// Whether a fix may be applied without review (Ruff's applicability).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Keeps what the code means and intends: `--fix` applies it.
    Safe,
    /// May change what the code does: applied only with `--unsafe-fixes`.
    Unsafe,
}

impl Applicability {
    /// The name used in the pack format and the reports.
    pub fn name(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}
