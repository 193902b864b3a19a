//! The report of `check --diff`: what `--fix` would change, as a unified diff per file, and
//! nothing else on standard output (the findings are not listed; the count of fixes goes to
//! standard error, as Ruff's `--diff` does).

use std::io::{self, Write};

use similar::TextDiff;

use super::{Printer, Report, Summary};
use crate::engine::Outcome;

/// The printer of `--diff`: each file's diff is its result (the runner puts it there); the
/// findings themselves are not shown.
pub struct DiffOnly;

impl Printer for DiffOnly {
    fn outcome(&self, _report: &Report, _pack: usize, _outcome: &Outcome) -> Vec<u8> {
        Vec::new()
    }

    fn end(&self, _out: &mut dyn Write, _report: &Report, _summary: &Summary) -> io::Result<()> {
        Ok(())
    }
}

/// The unified diff from `before` to `after` of the file shown as `path`, with three lines of
/// context. Lines keep their endings (a CRLF file's lines end in CRLF); bytes that are not
/// UTF-8 are shown as U+FFFD.
pub fn unified(path: &str, before: &[u8], after: &[u8]) -> String {
    let before = String::from_utf8_lossy(before);
    let after = String::from_utf8_lossy(after);
    TextDiff::from_lines(before.as_ref(), after.as_ref())
        .unified_diff()
        .context_radius(3)
        .header(path, path)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::unified;

    #[test]
    fn shows_the_changed_line_with_its_context() {
        let diff = unified(
            "a.py",
            b"x = 1\ny = 'Aproved'\n",
            b"x = 1\ny = 'Approved'\n",
        );
        assert_eq!(
            diff,
            "--- a.py\n+++ a.py\n@@ -1,2 +1,2 @@\n x = 1\n-y = 'Aproved'\n+y = 'Approved'\n"
        );
    }
}
