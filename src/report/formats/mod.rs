//! The output formats: each is one file of this folder implementing [`Printer`], and one line
//! of the list below, naming the variant of `--format` (its name in kebab-case, its doc comment
//! the help), the file (module) and the printer. The line is all there is to add besides the
//! file: it declares the module too.

use super::Printer;

/// Declares the format modules, [`Format`] and its printers from the list.
macro_rules! formats {
    ($($(#[doc = $doc:literal])* $variant:ident => $module:ident::$printer:ident,)*) => {
        $(pub mod $module;)*

        /// Output formats (`--format`, the configuration's `format`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
        pub enum Format {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Format {
            /// The printer that writes this format.
            pub fn printer(self) -> &'static dyn Printer {
                match self {
                    $(Format::$variant => &$module::$printer,)*
                }
            }
        }
    };
}

formats! {
    /// rustc/Ruff-style diagnostics.
    Text => text::Text,
    /// The cursus-compatible JSON document.
    Json => json::Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif => sarif::Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github => github::Github,
    /// GitLab Code Quality JSON (the merge request widget).
    Gitlab => gitlab::Gitlab,
    /// JUnit XML (a test case per file and rule), for CI test reports.
    Junit => junit::Junit,
    /// One self-contained HTML page: totals, packs by levels, rules, files, suppressions.
    Html => html::Html,
}
