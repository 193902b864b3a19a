//! What every validation step shares: the pack file for locating errors ([`Ctx`]), the names
//! rules may refer to ([`Names`]), and template parsing with its errors.

use std::cell::{Cell, OnceCell, RefCell};
use std::ops::Range;

use toml::Spanned;

use crate::error::{PackDiagnostic, PackDiagnostics, Result};
use crate::pack::template::{Template, TemplateError};
use crate::pack::types::{CallSet, VariableTable};
use crate::position::{Columns, LineIndex};

/// The pack file's name and text, for locating errors, and the errors and warnings found so far.
pub(crate) struct Ctx<'a> {
    /// The pack file, as errors name it.
    pub file: String,
    /// Its text.
    pub text: &'a str,
    /// The errors so far: validation goes on after an error to report every one at once.
    pub errors: RefCell<PackDiagnostics>,
    /// The warnings so far, at most [`MAX_WARNINGS`].
    pub warnings: RefCell<Vec<PackDiagnostic>>,
    /// How many warnings were past [`MAX_WARNINGS`], so not recorded.
    warnings_dropped: Cell<usize>,
    /// Where the text's lines start, found the first time a line is asked for.
    lines: OnceCell<LineIndex>,
}

/// The most warnings a pack reports: each costs a pass over the pack to locate, and a pack of
/// thousands of keywords each inside another would otherwise take seconds to warn about.
const MAX_WARNINGS: usize = 100;

impl<'a> Ctx<'a> {
    /// A context for the pack file `file` whose text is `text`.
    pub fn new(file: String, text: &'a str) -> Self {
        Ctx {
            file,
            text,
            errors: RefCell::new(PackDiagnostics::default()),
            warnings: RefCell::new(Vec::new()),
            warnings_dropped: Cell::new(0),
            lines: OnceCell::new(),
        }
    }

    /// The line (from 1) of byte `offset` of the text: each line is found in one pass over
    /// the text, however many are asked for.
    pub fn line(&self, offset: usize) -> usize {
        let bytes = self.text.as_bytes();
        self.lines
            .get_or_init(|| LineIndex::new(bytes))
            .position(bytes, offset, Columns::Utf8)
            .line
    }

    /// Records an error at `span` and goes on.
    pub fn error(&self, span: Range<usize>, message: String, help: impl Into<String>) {
        self.errors
            .borrow_mut()
            .push(|| PackDiagnostic::at(&self.file, self.text, span, message, help));
    }

    /// The value of `result`, or `None` after recording its error, so validation goes on.
    pub fn keep<T>(&self, result: Result<T>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.errors.borrow_mut().add(error, &self.file, self.text);
                None
            }
        }
    }

    /// The pack's errors as one error, or the value when there are none.
    pub fn finish<T>(&self, value: T) -> Result<T> {
        match self.errors.take().into_error() {
            Some(error) => Err(error),
            None => Ok(value),
        }
    }

    /// An error at `span`.
    pub fn err(
        &self,
        span: Range<usize>,
        message: String,
        help: impl Into<String>,
    ) -> Box<PackDiagnostic> {
        PackDiagnostic::at(&self.file, self.text, span, message, help)
    }

    /// Records a warning at `span`: something that loads but looks wrong.
    pub fn warn(&self, span: Range<usize>, message: String, help: impl Into<String>) {
        if self.warnings.borrow().len() >= MAX_WARNINGS {
            self.warnings_dropped.set(self.warnings_dropped.get() + 1);
            return;
        }
        let warning = PackDiagnostic::at(&self.file, self.text, span, message, help);
        self.warnings.borrow_mut().push(*warning);
    }

    /// The warnings, with a last one saying how many more were not recorded, if any.
    pub fn take_warnings(&self) -> Vec<PackDiagnostic> {
        let mut warnings = self.warnings.take();
        let dropped = self.warnings_dropped.take();
        if dropped > 0 {
            warnings.push(*self.err(
                0..0,
                format!("{dropped} more warnings after the first {MAX_WARNINGS} are not shown"),
                "fix the warnings above and validate again",
            ));
        }
        warnings
    }

    /// The span of `key` written before the value at `value` on the same line, or the value's.
    pub fn key_span(&self, value: Range<usize>, key: &str) -> Range<usize> {
        let line_start = self.text[..value.start].rfind('\n').map_or(0, |i| i + 1);
        match self.text[line_start..value.start].find(key) {
            Some(i) => line_start + i..line_start + i + key.len(),
            None => value,
        }
    }
}

/// What rules may refer to.
pub(crate) struct Names<'a> {
    /// The pack's levels.
    pub levels: &'a [String],
    /// The variables.
    pub vars: &'a VariableTable,
    /// The call sets.
    pub call_sets: &'a [CallSet],
    /// The ids of the `[[index]]` tables, by index (broken ones too).
    pub index_ids: &'a [&'a str],
    /// The ids of the `[[layout]]` tables, by index.
    pub layout_ids: &'a [&'a str],
    /// Whether the pack declares `[[binding]]`s.
    pub has_bindings: bool,
    /// Whether the strings the pack searches for are within the pack-wide limit; a pack over
    /// it does not load, so its keywords are not worth warning about.
    pub needles_within_limit: bool,
    /// Whether the pack's regexes are within the pack-wide limit; a pack over it does not load,
    /// so its regexes are not worth compiling.
    pub regexes_within_limit: bool,
}

impl Names<'_> {
    /// Resolves a reference to an `[[index]]` by its id, written at `span`.
    pub fn index(&self, ctx: &Ctx, id: &str, span: Range<usize>, who: &str) -> Result<usize> {
        table_index(ctx, self.index_ids, "index", (id, span), who)
    }

    /// Resolves a rule's `layout`: the id of a `[[layout]]`.
    pub fn layout(&self, ctx: &Ctx, reference: &Spanned<String>, who: &str) -> Result<usize> {
        let at = (reference.get_ref().as_str(), reference.span());
        table_index(ctx, self.layout_ids, "layout", at, who)
    }

    /// Resolves a `calls` reference.
    pub fn call_set(&self, ctx: &Ctx, reference: &Spanned<String>, who: &str) -> Result<usize> {
        call_set_index(ctx, self.call_sets, reference, who)
    }
}

/// The index of the `[[table]]` whose id is `id` (written at `span`) among `ids`, or an error
/// there with the closest id.
fn table_index(
    ctx: &Ctx,
    ids: &[&str],
    table: &str,
    (id, span): (&str, Range<usize>),
    who: &str,
) -> Result<usize> {
    ids.iter().position(|known| *known == id).ok_or_else(|| {
        ctx.err(
            span,
            format!("{who} names {table} `{id}`, which the pack does not define"),
            if ids.is_empty() {
                format!("define it with a [[{table}]] table")
            } else {
                format!(
                    "{}use one of: {}",
                    crate::suggest::did_you_mean_then(id, ids.iter().copied()),
                    ids.join(", ")
                )
            },
        )
        .into()
    })
}

pub(crate) fn call_set_index(
    ctx: &Ctx,
    call_sets: &[CallSet],
    reference: &Spanned<String>,
    who: &str,
) -> Result<usize> {
    let name = reference.get_ref();
    call_sets.iter().position(|c| c.id == *name).ok_or_else(|| {
        let ids: Vec<&str> = call_sets.iter().map(|c| c.id.as_str()).collect();
        ctx.err(
            reference.span(),
            format!("{who} uses the call set `{name}`, which the pack does not define"),
            if ids.is_empty() {
                "define it in a [[calls]] table with id, callees and match".to_owned()
            } else {
                format!(
                    "{}use one of the [[calls]] ids: {}",
                    crate::suggest::did_you_mean_then(name, ids.iter().copied()),
                    ids.join(", ")
                )
            },
        )
        .into()
    })
}

/// Parses a template whose variables must satisfy `allowed`.
pub(crate) fn parse_template(
    ctx: &Ctx,
    value: &Spanned<String>,
    allowed: &dyn Fn(&str) -> Option<usize>,
    id: &str,
    key: &str,
    vars: &VariableTable,
) -> Result<Template> {
    Template::parse(value.get_ref(), allowed).map_err(|e| {
        let usable: Vec<&str> = vars
            .names()
            .iter()
            .map(String::as_str)
            .filter(|n| allowed(n).is_some())
            .collect();
        let message = match e {
            TemplateError::UnknownVariable(name) if vars.lookup(&name).is_some() => {
                format!(
                    "rule `{id}`: `{key}` uses {{{name}}}, which this kind of rule does not have"
                )
            }
            TemplateError::UnknownVariable(name) => {
                format!("rule `{id}`: `{key}` uses the unknown variable {{{name}}}")
            }
            TemplateError::UnbalancedBrace => {
                format!("rule `{id}`: `{key}` has an unmatched brace")
            }
        };
        ctx.err(
            value.span(),
            message,
            format!(
                "use one of {{{}}}; write {{{{ and }}}} for literal braces",
                usable.join("}, {")
            ),
        )
        .into()
    })
}
