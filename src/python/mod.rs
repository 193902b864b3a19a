//! The Python source model: what the engine reads of one file, built from a single
//! error-recovering parse. In the flow it comes after the prefilter, and only for files the
//! prefilter could not settle (a "maybe").
//!
//! [`SourceModel::parse`] takes the raw bytes of a file and never fails: invalid
//! UTF-8 is replaced byte-for-byte with [`PLACEHOLDER_BYTE`], and syntax errors are
//! recorded while everything the parser could recover is still modelled. Every
//! offset in the model is a byte offset into the *original* bytes.
//!
//! The model provides:
//! - [`regions`](SourceModel::regions): string, docstring and comment byte ranges
//!   (everything else is code), with [`region_at`](SourceModel::region_at);
//! - [`identifier_ranges`](SourceModel::identifier_ranges): every identifier occurrence;
//! - [`imports`](SourceModel::imports);
//! - [`calls`](SourceModel::calls): callee, positional and keyword arguments with
//!   their literal values, and the dict literals inside the arguments;
//! - [`assignments`](SourceModel::assignments) to simple names;
//! - for each call, its in-file data flow ([`CallFlow`]): the dict keys and keyword names,
//!   with their literals, that reach its arguments, the calls whose results do, and the calls
//!   wrapper functions forward them to.
//!
//! Asked for ([`Wants::facts`], through [`SourceModel::parse_with`]), it also provides the
//! script [`facts`](SourceModel::facts) ([`Facts`]), for rules that compare a script with what
//! declares it:
//! - every function definition ([`Function`]): its name, qualified name and parameters, and
//!   the keys (`p["k"]`, `p.get("k")`, `"k" in p`) and attributes (`p.x`, `getattr(p, "x")`)
//!   its own body uses on each parameter;
//! - the environment variables the file reads (`os.environ["X"]`, `os.environ.get("X")`,
//!   `os.getenv("X")`, `"X" in os.environ`, under import aliases too);
//! - the argparse arguments it declares ([`Argument`]: each `add_argument` call's options and
//!   the destination argparse derives).
//!
//! Only string literals count as keys and names there. With them come the pure helpers that
//! comparing such sets needs: [`argparse_dest`], [`distribution_name`] (PEP 503) and
//! [`top_level_modules`].
//!
//! This folder is the only place that uses Ruff's parser crates; none of their types
//! appear in its public API. Its private parts: `collect` (the visitor), `flow` (the data flow),
//! `facts` (the script facts), `names` (their normalisation), `literal` (literal values),
//! `regions` (strings and comments from the tokens) and `deep` (deeply nested trees on a thread
//! with a known stack).

mod collect;
mod deep;
mod facts;
mod flow;
mod literal;
mod names;
pub mod quote;
mod regions;

pub use facts::{Argument, Facts, Function, Item, ParamUse};
pub use flow::{CallFlow, Fact};
pub use names::{argparse_dest, distribution_name, top_level_modules};

use std::ops::Range;

use ruff_text_size::TextRange;

/// The ASCII byte that replaces each byte of an invalid UTF-8 sequence before
/// parsing (`?`).
///
/// It is replaced one-for-one so offsets are unchanged, and it cannot end a string
/// or a comment, open or close an f-string replacement field, or start a comment.
pub const PLACEHOLDER_BYTE: u8 = b'?';

/// A thread stack on which a file of up to about 680 KiB parses in place, with no stack segment
/// of its own: threads that parse many files get this stack (its pages are taken only as deep as
/// a parse goes), and save a map and unmap per file.
pub const PARSE_IN_PLACE_STACK: usize = deep::GROWN_STACK_LIMIT;

/// The kind of region a byte of source text is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegionKind {
    /// Anything that is not a string, docstring or comment.
    Code,
    /// A string token, prefix and quotes included. An f-string (or t-string) is one
    /// region from its prefix to its closing quote, replacement fields included.
    String,
    /// A string token of a docstring: a string-literal expression statement that is
    /// the first statement of a module, class or function body (the rule of
    /// `ast.get_docstring`). Each part of an implicitly concatenated docstring is a
    /// separate region.
    Docstring,
    /// A comment, from `#` to the end of the line, the line break excluded.
    Comment,
}

/// A classified byte range of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// What the range contains; never [`RegionKind::Code`].
    pub kind: RegionKind,
    /// Byte range in the original input.
    pub range: Range<usize>,
}

/// A syntax error reported by the parser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Byte offset where the error starts.
    pub offset: usize,
    /// Human-readable description of the error.
    pub message: String,
}

/// The form of an [`Import`] statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImportKind {
    /// `import a.b as c`.
    Import,
    /// `from x.y import z`.
    From,
}

/// An `import` or `from ... import` statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    /// `import` or `from ... import`.
    pub kind: ImportKind,
    /// For `from x.y import z`, the module `x.y` (without leading dots); `None` for
    /// `import ...` and for `from . import z`.
    pub module: Option<String>,
    /// The imported (possibly dotted) names, in source order: `a.b` in
    /// `import a.b as c`, `z` in `from x import z`, `*` for a star import.
    pub names: Vec<String>,
    /// For each name, its `as` alias (`c` in `import a.b as c`), if any.
    pub aliases: Vec<Option<String>>,
    /// For `from ... import`, the number of leading dots of the module (`2` in
    /// `from ..x import y`): `0` for an absolute import and for `import ...`.
    pub level: u32,
    /// Byte range of the whole statement, for a finding about it.
    pub range: Range<usize>,
}

/// A literal value: a constant, or a container display whose elements are
/// converted recursively.
///
/// Only syntax is considered, nothing is evaluated: a name, attribute, operator
/// expression or f-string with replacement fields is not a literal, and a call is
/// only a reference to the call the model describes ([`Literal::Call`]).
/// Unary `-`/`+` applied to a number is folded (`-1` is `Int(-1)`).
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// A string; implicitly concatenated parts and f-strings without replacement
    /// fields are joined into one value. Escape sequences are decoded.
    Str(String),
    /// A bytes literal, escape sequences decoded.
    Bytes(Vec<u8>),
    /// An integer that fits in `i64`.
    Int(i64),
    /// A float.
    Float(f64),
    /// Any other number (an integer beyond `i64`, a complex number), as written in
    /// the source (with a leading `-` when negated).
    Number(String),
    /// `True` or `False`.
    Bool(bool),
    /// `None`.
    None,
    /// `...`.
    Ellipsis,
    /// A list display `[...]`.
    List(Vec<LiteralValue>),
    /// A tuple display `(...)` or `a, b`.
    Tuple(Vec<LiteralValue>),
    /// A set display `{a, b}`.
    Set(Vec<LiteralValue>),
    /// A dict display `{k: v}`, as (key, value) pairs in source order (duplicates
    /// kept).
    Dict(Vec<(LiteralValue, LiteralValue)>),
    /// A call whose callee is a name or attribute chain (`Config(...)`,
    /// `dict(...)`): the byte range of its callee, by which
    /// [`SourceModel::call_at`] finds the [`Call`] with its arguments. What the call
    /// returns is not known; a reader that knows the callee builds an object (a value
    /// rule's constructors) reads its keyword arguments as the object's parts.
    Call {
        /// Byte range of the callee expression.
        callee: Range<usize>,
    },
    /// An element of a container that is not a literal (a name, an operator
    /// expression, ...).
    /// Only appears inside containers: a top-level non-literal is represented by
    /// the absence of a value. A container with a `*x` element or a `**x` entry is
    /// not a literal at all, since its length or keys are unknown.
    Unknown,
}

/// A [`Literal`] with the byte range of the expression it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct LiteralValue {
    /// The value.
    pub value: Literal,
    /// Byte range of the expression.
    pub range: Range<usize>,
}

impl Literal {
    /// The string value, if this is a [`Literal::Str`].
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The elements, if this is a list, tuple or set.
    pub fn elements(&self) -> Option<&[LiteralValue]> {
        match self {
            Self::List(items) | Self::Tuple(items) | Self::Set(items) => Some(items),
            _ => None,
        }
    }

    /// For a dict, the value of the last entry whose key is the string `key`
    /// (Python keeps the last duplicate).
    pub fn dict_get(&self, key: &str) -> Option<&LiteralValue> {
        let Self::Dict(entries) = self else {
            return None;
        };
        entries
            .iter()
            .rev()
            .find(|(k, _)| k.value.as_str() == Some(key))
            .map(|(_, v)| v)
    }
}

impl LiteralValue {
    /// Every `(key, value)` entry of every dict display in this value — itself, nested in
    /// other dicts' values, or in lists, tuples and sets — in source order (an entry before
    /// the entries nested in its value).
    pub fn nested_dict_entries(&self) -> Vec<(&LiteralValue, &LiteralValue)> {
        let mut entries = Vec::new();
        self.collect_dict_entries(&mut entries);
        entries
    }

    /// The walk of [`Self::nested_dict_entries`] (literals are at most 64 levels deep).
    fn collect_dict_entries<'v>(&'v self, out: &mut Vec<(&'v LiteralValue, &'v LiteralValue)>) {
        match &self.value {
            Literal::Dict(entries) => {
                for (key, item) in entries {
                    out.push((key, item));
                    item.collect_dict_entries(out);
                }
            }
            Literal::List(items) | Literal::Tuple(items) | Literal::Set(items) => {
                items.iter().for_each(|item| item.collect_dict_entries(out));
            }
            _ => {}
        }
    }
}

/// A positional argument of a [`Call`].
#[derive(Debug, Clone, PartialEq)]
pub struct PositionalArg {
    /// The literal value, if the argument is a literal.
    pub value: Option<LiteralValue>,
    /// `true` for `*args`.
    pub starred: bool,
}

/// A keyword argument of a [`Call`], written `name=value` or as an entry of a
/// `**{"name": value}` dict display.
#[derive(Debug, Clone, PartialEq)]
pub struct KeywordArg {
    /// The keyword name (for a `**{...}` entry, the string key's value).
    pub name: String,
    /// Byte range of the name (for a `**{...}` entry, of the key string literal,
    /// quotes included).
    pub name_range: Range<usize>,
    /// The literal value, if the value is a literal.
    pub value: Option<LiteralValue>,
}

/// A dict display found inside a call's arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct DictLiteral {
    /// The entries whose key is a string literal, in source order.
    pub entries: Vec<DictEntry>,
}

/// An entry of a [`DictLiteral`] with a string key.
#[derive(Debug, Clone, PartialEq)]
pub struct DictEntry {
    /// The key's string value.
    pub key: String,
    /// Byte range of the key string literal, quotes included.
    pub key_range: Range<usize>,
    /// The literal value, if the value is a literal.
    pub value: Option<LiteralValue>,
}

/// A call expression.
///
/// The callee is described by [`callee`](Self::callee), a best-effort dotted
/// rendering of the called expression:
/// - a name or attribute chain is rendered as written without whitespace:
///   `pandas.io.parsers.read_csv`, `model.fit`;
/// - a call in the chain is rendered as `()` without its arguments, a subscript as
///   `[]`: `boto3.client("s3").upload_file` is
///   `boto3.client().upload_file`, `steps[0].run` is `steps[].run`;
/// - any other base expression is rendered as `?`: `"-".join` is `?.join`;
/// - at most 64 segments are rendered; the beginning of a longer chain is
///   rendered as `?`.
///
/// [`dotted_name`](Self::dotted_name) is the rendering only when it is a pure
/// name/attribute chain, and [`method_name`](Self::method_name) the final
/// identifier (`upload_file`).
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// Best-effort dotted rendering of the callee (see the type's documentation).
    pub callee: String,
    /// Byte range of the callee expression (the prefilter's differential test places it).
    pub callee_range: Range<usize>,
    /// Byte range of the whole call, callee to closing parenthesis.
    pub range: Range<usize>,
    /// Positional arguments, in source order.
    pub args: Vec<PositionalArg>,
    /// Keyword arguments (`k=v`, and entries of `**{...}` displays), in source
    /// order.
    pub keywords: Vec<KeywordArg>,
    /// Whether the call also passes `**expr` where `expr` is not a dict display, so
    /// some of its keyword arguments are not in `keywords`.
    pub spread: bool,
    /// The callee with an import alias at its head replaced by what it names
    /// (`sklearn.pipeline.Pipeline.fit` for `P.fit` after
    /// `from sklearn.pipeline import Pipeline as P`).
    pub unaliased: Option<String>,
    /// What reaches the arguments through the file's data flow.
    pub flow: CallFlow,
    /// Whether `callee` is a pure name/attribute chain.
    dotted: bool,
    /// Byte offset in `callee` of the final identifier, if the callee is a name or
    /// an attribute.
    method_start: Option<usize>,
    /// Indices in `SourceModel::dicts` of the dict displays in the arguments.
    dicts: Range<usize>,
}

impl Call {
    /// The callee as a dotted name, if it is a pure name/attribute chain
    /// (`a.b.c`).
    pub fn dotted_name(&self) -> Option<&str> {
        self.dotted.then_some(self.callee.as_str())
    }

    /// The final identifier of the callee, if the callee is a name or an attribute
    /// (`upload_file` for `boto3.client("s3").upload_file(...)`).
    pub fn method_name(&self) -> Option<&str> {
        self.method_start.and_then(|start| self.callee.get(start..))
    }

    /// The value of the last keyword argument named `name` (including `**{...}`
    /// entries), if any.
    pub fn keyword(&self, name: &str) -> Option<&KeywordArg> {
        self.keywords.iter().rev().find(|k| k.name == name)
    }
}

/// An assignment statement to a simple name: `x = value`, `x: T = value`, or one
/// target of `x = y = value`. Tuple, attribute and subscript targets and
/// augmented assignments are not recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// The assigned name.
    pub target: String,
    /// The literal value, if the assigned value is a literal; `None` otherwise.
    pub value: Option<LiteralValue>,
}

/// The optional parts of a [`SourceModel`] a parse computes ([`SourceModel::parse_with`]).
/// The default computes none of them, like [`SourceModel::parse_without_flow`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Wants {
    /// The in-file data flow of each call ([`Call::flow`]).
    pub flow: bool,
    /// The script facts ([`SourceModel::facts`]).
    pub facts: bool,
}

impl Wants {
    /// What this and `other` want together.
    pub fn with(self, other: Wants) -> Wants {
        Wants {
            flow: self.flow || other.flow,
            facts: self.facts || other.facts,
        }
    }
}

/// The model of one Python source file. See the [module documentation](self).
#[derive(Debug, Clone, Default)]
pub struct SourceModel {
    /// Why the file was not parsed at all, if it was not (the model is then empty).
    not_parsed: Option<String>,
    syntax_errors: Vec<SyntaxError>,
    regions: Vec<Region>,
    identifiers: Vec<Range<usize>>,
    imports: Vec<Import>,
    calls: Vec<Call>,
    dicts: Vec<DictLiteral>,
    assignments: Vec<Assignment>,
    /// The script facts, if they were asked for.
    facts: Option<Box<Facts>>,
}

impl SourceModel {
    /// Builds the model of a file from its bytes. Never fails and never panics:
    /// invalid UTF-8 is replaced (see [`PLACEHOLDER_BYTE`]) and syntax errors are
    /// recorded in [`syntax_errors`](Self::syntax_errors).
    ///
    /// Computes the data flow, not the script facts: `parse_with(bytes, Wants { flow: true,
    /// facts: false })`.
    pub fn parse(bytes: &[u8]) -> SourceModel {
        Self::parse_with(
            bytes,
            Wants {
                flow: true,
                facts: false,
            },
        )
    }

    /// Builds the model like [`parse`](Self::parse) but without the data flow: every
    /// [`Call::flow`] stays empty. Cheaper, for checks that read no data flow.
    pub fn parse_without_flow(bytes: &[u8]) -> SourceModel {
        Self::parse_with(bytes, Wants::default())
    }

    /// Builds the model like [`parse`](Self::parse), computing the optional parts that
    /// `wants` asks for and only those.
    pub fn parse_with(bytes: &[u8], wants: Wants) -> SourceModel {
        let text = sanitize(bytes);
        if u32::try_from(text.len()).is_err() {
            // Ruff's offsets are 32-bit: do not attempt to parse.
            return SourceModel::unparsed("4 GiB or more cannot be parsed".to_owned());
        }
        deep::parse(&text, wants)
    }

    /// The model of a file that could not be parsed at all, for `reason`: empty.
    fn unparsed(reason: String) -> SourceModel {
        SourceModel {
            not_parsed: Some(reason),
            ..SourceModel::default()
        }
    }

    /// Why the file could not be parsed at all (too large for the stack a parse may use, or no
    /// thread to parse it on), if so: the model is then empty, and knows nothing of the file.
    pub fn not_parsed(&self) -> Option<&str> {
        self.not_parsed.as_deref()
    }

    /// Syntax errors, in the order reported by the parser.
    pub fn syntax_errors(&self) -> &[SyntaxError] {
        &self.syntax_errors
    }

    /// String, docstring and comment regions: sorted, non-overlapping, and never
    /// of kind [`RegionKind::Code`] ([`region_at`](Self::region_at) reads them).
    pub fn regions(&self) -> &[Region] {
        &self.regions
    }

    /// The kind of the region containing byte `offset` ([`RegionKind::Code`] if
    /// it is in no string, docstring or comment, or out of bounds).
    pub fn region_at(&self, offset: usize) -> RegionKind {
        let idx = self.regions.partition_point(|r| r.range.start <= offset);
        match idx.checked_sub(1).and_then(|i| self.regions.get(i)) {
            Some(region) if offset < region.range.end => region.kind,
            _ => RegionKind::Code,
        }
    }

    /// The byte range of every identifier occurrence (names, attributes, definition
    /// and parameter names, keyword-argument names, imported names split at dots, …),
    /// in source order.
    pub fn identifier_ranges(&self) -> &[Range<usize>] {
        &self.identifiers
    }

    /// Import statements, in source order.
    pub fn imports(&self) -> &[Import] {
        &self.imports
    }

    /// Call expressions, in source order of their start (an outer call comes
    /// before the calls nested in it).
    pub fn calls(&self) -> &[Call] {
        &self.calls
    }

    /// The call whose callee has exactly the byte range `callee` (what a
    /// [`Literal::Call`] holds), if the model has it.
    pub fn call_at(&self, callee: &Range<usize>) -> Option<&Call> {
        let first = self
            .calls
            .partition_point(|c| c.callee_range.start < callee.start);
        self.calls[first..]
            .iter()
            .take_while(|c| c.callee_range.start == callee.start)
            .find(|c| c.callee_range == *callee)
    }

    /// The dict displays anywhere inside `call`'s arguments (inside nested calls,
    /// lists, other dicts, ...), in source order. `call` must come from this
    /// model; otherwise the result is unspecified (but no panic).
    pub fn call_dicts(&self, call: &Call) -> &[DictLiteral] {
        self.dicts.get(call.dicts.clone()).unwrap_or(&[])
    }

    /// Assignments to simple names, in source order.
    pub fn assignments(&self) -> &[Assignment] {
        &self.assignments
    }

    /// The script facts (see the [module documentation](self)), if the parse was asked for
    /// them ([`Wants::facts`]); `None` otherwise. Of a file with syntax errors, the facts of
    /// what the parser recovered.
    pub fn facts(&self) -> Option<&Facts> {
        self.facts.as_deref()
    }
}

/// Converts bytes to a string of the same length, replacing each byte of each
/// invalid UTF-8 sequence with [`PLACEHOLDER_BYTE`].
fn sanitize(bytes: &[u8]) -> String {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_owned();
    }
    let mut text = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        for _ in chunk.invalid() {
            text.push(char::from(PLACEHOLDER_BYTE));
        }
    }
    text
}

/// Converts a Ruff range to a byte range.
fn range_of(range: TextRange) -> Range<usize> {
    range.start().to_usize()..range.end().to_usize()
}
