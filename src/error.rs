//! The one error type of the crate. Every variant says what went wrong, where, and what to do.

use std::fmt;
use std::io;
use std::ops::Range;
use std::path::PathBuf;

use crate::position;

/// Everything that stops a run (exit code 2). Findings are not errors.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A rule pack failed to parse or validate.
    #[error(transparent)]
    Pack(#[from] Box<PackDiagnostic>),

    /// A rule pack with several errors, each at its key, in the order of the file.
    #[error(transparent)]
    PackErrors(PackErrors),

    /// A configuration file (`rulecheck.toml`, `[tool.rulecheck]`) has a bad key or value.
    #[error(transparent)]
    Config(Box<PackDiagnostic>),

    /// `--pack NAME` matched no pack.
    #[error(
        "no rule pack named `{name}` (looked in {searched})\n  = help: name a pack file \
         (a path ending in `.toml`), add a folder with `--pack-dir DIR`, or use one of: {available}"
    )]
    PackNotFound {
        /// The name that was asked for.
        name: String,
        /// The places looked in, in order.
        searched: String,
        /// The names that are available.
        available: String,
    },

    /// A file could not be read.
    #[error("cannot read `{path}`: {source}\n  = help: {help}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: io::Error,
        /// What the user can do about it.
        help: &'static str,
    },

    /// A fixed file could not be written back (`check --fix`).
    #[error(
        "cannot write the fixed `{path}`: {source}\n  = help: check that the file is writable, or see what would change with --diff instead of --fix"
    )]
    Fix {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: io::Error,
    },

    /// The report could not be written (a closed pipe, a full disk). When the output is a
    /// pipe that was closed, the run ends quietly instead (exit 2).
    #[error(
        "cannot write the report: {0}\n  = help: check where the output goes (free space, a closed pipe)"
    )]
    Write(#[source] io::Error),

    /// The report could not be written to `--output-file`.
    #[error(
        "cannot write `{path}`: {source}\n  = help: check that its folder exists and is writable"
    )]
    OutputFile {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: io::Error,
    },

    /// `--existing` did not hold a results object.
    #[error(
        "`{path}` does not hold existing validation results: {message}\n  = help: pass a JSON \
         object such as {{\"issues\": [], \"summary\": {{\"total_issues\": 0}}}}"
    )]
    Existing {
        /// The file given to `--existing`.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },

    /// `--baseline` did not hold a rulecheck JSON report.
    #[error(
        "`{path}` is not a rulecheck JSON report, as --baseline needs: {message}\n  = help: \
         write one with `rulecheck check --write-baseline {path} PATH...` (or --format json \
         --output-file)",
        path = path.display()
    )]
    Baseline {
        /// The file given to `--baseline`.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },

    /// The command line asks for something that cannot be done.
    #[error("{message}\n  = help: {help}")]
    Usage {
        /// What is wrong.
        message: String,
        /// What to do instead.
        help: String,
    },
}

/// A problem in a rule pack (an error, or a warning from validation) or a configuration file,
/// located at a key or value of the file.
#[derive(Debug)]
pub struct PackDiagnostic {
    /// What is wrong.
    pub message: String,
    /// The pack file, as the user named it (or `<built-in>/NAME.toml`).
    pub file: String,
    /// Where in the file.
    pub position: position::Position,
    /// The bytes of the file it is about (the offending key or value).
    pub span: Range<usize>,
    /// The offending line with carets under the offending key or value.
    pub snippet: String,
    /// What to do about it.
    pub help: String,
}

impl PackDiagnostic {
    /// An error at byte `span` of the pack `file` whose text is `source`.
    pub fn at(
        file: &str,
        source: &str,
        span: Range<usize>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Box<Self> {
        Box::new(PackDiagnostic {
            message: message.into(),
            file: file.to_owned(),
            position: position::position(source.as_bytes(), span.start),
            snippet: position::snippet(source.as_bytes(), span.clone()),
            span,
            help: help.into(),
        })
    }
}

impl fmt::Display for PackDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Indented like rustc: the arrow and the help line follow the snippet's gutter.
        let pad = " ".repeat(self.position.line.to_string().len());
        write!(
            f,
            "{}\n{pad}--> {}:{}:{}\n{}\n{pad} = help: {}",
            self.message,
            self.file,
            self.position.line,
            self.position.column,
            self.snippet,
            self.help
        )
    }
}

impl std::error::Error for PackDiagnostic {}

/// Every error found in one pack file, sorted by position (at least two), and how many more
/// were found but not located (past [`MAX_PACK_ERRORS`]).
#[derive(Debug)]
pub struct PackErrors(PackDiagnostics);

/// The most errors of one pack that are located and shown: locating one costs a pass over the
/// file, and a hostile pack of a hundred thousand misspelt keys would otherwise take a minute
/// to report. The others are counted.
pub const MAX_PACK_ERRORS: usize = 100;

/// The errors of one pack file as they are found: the first [`MAX_PACK_ERRORS`] located, the
/// others only counted.
#[derive(Debug, Default)]
pub struct PackDiagnostics {
    located: Vec<PackDiagnostic>,
    omitted: usize,
}

impl PackDiagnostics {
    /// Adds the error `locate` makes, or only counts it when enough are located.
    pub fn push(&mut self, locate: impl FnOnce() -> Box<PackDiagnostic>) {
        if self.located.len() < MAX_PACK_ERRORS {
            self.located.push(*locate());
        } else {
            self.omitted += 1;
        }
    }

    /// Adds the errors of `error`, a pack error (any other error is added as one error at the
    /// start of `file`, whose text is `text`).
    pub fn add(&mut self, error: Error, file: &str, text: &str) {
        match error {
            Error::Pack(diagnostic) => self.push(|| diagnostic),
            Error::PackErrors(PackErrors(errors)) => {
                for diagnostic in errors.located {
                    self.push(|| Box::new(diagnostic));
                }
                self.omitted += errors.omitted;
            }
            other => self
                .push(|| PackDiagnostic::at(file, text, 0..0, other.to_string(), "fix the pack")),
        }
    }

    /// How many errors were found, located or not.
    pub fn len(&self) -> usize {
        self.located.len() + self.omitted
    }

    /// Whether none was found.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The error of a pack file with these problems: one is [`Error::Pack`] (printed as it
    /// always was), several are [`Error::PackErrors`], sorted by line and column as rustc sorts
    /// them. None is no error.
    pub fn into_error(mut self) -> Option<Error> {
        self.located
            .sort_by_key(|d| (d.position.line, d.position.column));
        match (self.located.len(), self.omitted) {
            (0, _) => None,
            (1, 0) => self.located.pop().map(|d| Error::Pack(Box::new(d))),
            _ => Some(Error::PackErrors(PackErrors(self))),
        }
    }
}

impl PackErrors {
    /// The located errors, sorted by position.
    pub fn located(&self) -> &[PackDiagnostic] {
        &self.0.located
    }
}

impl fmt::Display for PackErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The caller writes the first `error: `; like rustc, a count closes the list.
        for (index, diagnostic) in self.0.located.iter().enumerate() {
            if index > 0 {
                write!(f, "\n\nerror: ")?;
            }
            write!(f, "{diagnostic}")?;
        }
        let file = self.0.located.first().map_or("", |d| d.file.as_str());
        let total = self.0.len();
        write!(
            f,
            "\n\nerror: could not load the pack `{file}` due to {total} errors"
        )?;
        if self.0.omitted > 0 {
            write!(
                f,
                " (the first {} are shown; fix them and validate again to see the others)",
                self.0.located.len()
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for PackErrors {}

/// Shorthand for results whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
