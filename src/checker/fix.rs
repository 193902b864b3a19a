//! Fixing one file: check it, apply the fixes its findings carry, check the fixed bytes again,
//! and repeat while fixes apply (a fix may uncover another). Pure: the bytes go in, the fixed
//! bytes and the last check's report come out; the runner writes them or shows their diff.

use super::{Checker, FileReport};
use crate::engine::Target;
use crate::engine::fix::{self, Fix};
use crate::error::Result;
use crate::python::SourceModel;

/// The most rounds of fixing one file: each round's fixes may make new ones possible, and a
/// pack whose fixes undo each other must not loop for ever.
const MAX_ROUNDS: usize = 10;

/// What fixing one file gave.
#[derive(Debug)]
pub struct Fixed {
    /// The check of the file as it is left: the fixed bytes, or the original ones.
    pub report: FileReport,
    /// The fixed bytes, when some fix was applied.
    pub bytes: Option<Vec<u8>>,
    /// How many fixes were applied.
    pub applied: usize,
    /// Why the file's last fixes were not applied (they would have left a file that does not
    /// parse).
    pub notice: Option<String>,
}

impl Checker<'_> {
    /// Checks `target` as [`Checker::check_routed`] does and applies the fixes of its findings
    /// (unsafe ones too with `unsafe_fixes`), round after round, never keeping bytes that do not
    /// parse. The report is that of the bytes it leaves.
    pub fn check_fixing(
        &self,
        target: &Target,
        packs: &[usize],
        by_content: &[usize],
        unsafe_fixes: bool,
    ) -> Result<Fixed> {
        let mut current = target.clone();
        let mut report = self.check_routed(&current, packs, by_content)?;
        let mut applied = 0;
        let mut notice = None;
        for _ in 0..MAX_ROUNDS {
            let fixes: Vec<&Fix> = report
                .outcomes
                .iter()
                .flat_map(|(_, outcome)| &outcome.findings)
                .filter_map(|finding| finding.fix.as_ref())
                .filter(|fix| fix.allowed(unsafe_fixes))
                .collect();
            let (bytes, count) = fix::apply(current.bytes(), &fixes);
            if count == 0 || bytes == current.bytes() {
                break;
            }
            if let Some(problem) = parse_problem(&bytes) {
                notice = Some(format!(
                    "{}: not fixed: with its fixes applied it would not parse ({problem}); it was \
                     left as it was: fix the syntax error, or the findings by hand",
                    current.path()
                ));
                break;
            }
            applied += count;
            current = Target::new(target.path().to_owned(), bytes);
            report = self.check_routed(&current, packs, by_content)?;
        }
        let bytes = (applied > 0).then(|| current.bytes().to_vec());
        Ok(Fixed {
            report,
            bytes,
            applied,
            notice,
        })
    }
}

/// Why `bytes` do not parse as Python, if they do not: the first syntax error, at its line and
/// column.
fn parse_problem(bytes: &[u8]) -> Option<String> {
    let model = SourceModel::parse_without_flow(bytes);
    if let Some(reason) = model.not_parsed() {
        return Some(reason.to_owned());
    }
    let error = model.syntax_errors().first()?;
    let text = crate::engine::SourceText::new(String::new(), bytes.to_vec());
    let at = text.position(error.offset, crate::position::Columns::Chars);
    Some(format!("{}:{}: {}", at.line, at.column, error.message))
}

#[cfg(test)]
mod tests {
    use super::parse_problem;

    #[test]
    fn a_syntax_error_is_a_parse_problem_at_its_place() {
        assert_eq!(parse_problem(b"x = 'a'\r\n"), None);
        let problem = parse_problem(b"x = 'a'\nif ready\n    pass\n").unwrap_or_default();
        assert!(problem.starts_with("2:"), "{problem}");
    }
}
