//! A lightweight model of one Python source file, built from a single
//! error-recovering parse.
//!
//! [`SourceModel::parse`] takes the raw bytes of a file and never fails: invalid
//! UTF-8 is replaced byte-for-byte with [`PLACEHOLDER_BYTE`], and syntax errors are
//! recorded while everything the parser could recover is still modelled. Every
//! offset in the model is a byte offset into the *original* bytes.
//!
//! The model provides:
//! - [`regions`](SourceModel::regions): string, docstring and comment byte ranges
//!   (everything else is code), with [`region_at`](SourceModel::region_at);
//! - [`identifiers`](SourceModel::identifiers): every identifier occurrence;
//! - [`definitions`](SourceModel::definitions): functions and classes;
//! - [`imports`](SourceModel::imports);
//! - [`calls`](SourceModel::calls): callee, positional and keyword arguments with
//!   their literal values, and the dict literals inside the arguments;
//! - [`assignments`](SourceModel::assignments) to simple names.
//!
//! This file is the only place that uses Ruff's parser crates; none of their types
//! appear in its public API.

use std::mem::ManuallyDrop;
use std::ops::Range;

use ruff_python_ast::token::{Token, TokenKind};
use ruff_python_ast::visitor::source_order::{self, SourceOrderVisitor};
use ruff_python_ast::{
    Alias, Expr, ExprCall, ExprDict, FStringPart, Identifier as RuffIdentifier,
    InterpolatedStringElement, Keyword, Mod, Number, Parameter, Pattern, PythonVersion, Stmt,
    UnaryOp,
};
use ruff_python_parser::{Mode, ParseOptions, Parsed};
use ruff_text_size::{Ranged, TextRange};

/// The ASCII byte that replaces each byte of an invalid UTF-8 sequence before
/// parsing (`?`).
///
/// It is replaced one-for-one so offsets are unchanged, and it cannot end a string
/// or a comment, open or close an f-string replacement field, or start a comment.
pub const PLACEHOLDER_BYTE: u8 = b'?';

/// Maximum nesting depth (statements, expressions and patterns combined) analysed
/// on the calling thread. Deeper files are re-analysed on a dedicated thread with a
/// large stack (see [`DEEP_STACK_SIZE`]).
const SHALLOW_DEPTH_LIMIT: usize = 400;

/// Stack size of the thread used for deeply nested files.
const DEEP_STACK_SIZE: usize = 512 * 1024 * 1024;

/// Maximum nesting depth analysed on the deep-stack thread; deeper subtrees are
/// skipped and [`SourceModel::is_truncated`] is set.
const DEEP_DEPTH_LIMIT: usize = 50_000;

/// Stack that parsing may use per byte of input, beyond [`PARSE_STACK_BASE`].
///
/// Ruff's parser does not grow its stack in two recursions that go one frame per nesting
/// level: dropping an expression it discarded in error recovery (`f(a+a+…+a=1)`: the keyword
/// name is not a name) and setting the context of a nested assignment target (`[[[…a]]] = 1`).
/// Measured per byte of the deepest such inputs (`f(------x=1)`, `f(a[a[a[x=1`, `[[[a]]]=1`):
/// at most 65 bytes of stack in a release build and 145 in a debug build; this is about 1.5
/// times that.
const PARSE_STACK_PER_BYTE: usize = if cfg!(debug_assertions) { 224 } else { 96 };

/// Stack that parsing and analysing a file needs whatever its size: the parser's frames
/// before it grows its own stack, the visitor down to [`SHALLOW_DEPTH_LIMIT`] levels, and the
/// drop of a tree that shallow.
const PARSE_STACK_BASE: usize = 1 << 20;

/// The largest stack segment a parse gets on the calling thread (files up to 680 KiB in a
/// release build, 290 KiB in a debug build); larger files get a thread of their own, whose
/// creation can fail without a panic.
const GROWN_STACK_LIMIT: usize = 64 << 20;

/// The largest stack a parse may use. A file that would need more (over 11 MiB in a release
/// build, 4.7 MiB in a debug build) is not parsed: its model has one syntax error saying so.
const MAX_PARSE_STACK: usize = 1 << 30;

/// Maximum number of segments rendered in [`Call::callee`]; a longer chain is
/// rendered from `?` (keeping the last segments).
const CALLEE_SEGMENT_LIMIT: usize = 64;

/// Maximum nesting depth of a literal value (lists in lists, ...); deeper values are
/// not converted.
const LITERAL_DEPTH_LIMIT: usize = 64;

/// The kind of a [`Region`] of source text.
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
    /// Byte range the parser attributed to the error (possibly empty).
    pub range: Range<usize>,
    /// Human-readable description of the error.
    pub message: String,
}

/// Where an identifier occurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdentifierKind {
    /// A name expression (`x` in `x + 1`, `x = 1`, `del x`, `type X = int`).
    Name,
    /// An attribute name (`b` in `a.b`).
    Attribute,
    /// The name of a function or class definition.
    Definition,
    /// A parameter name of a function or lambda.
    Parameter,
    /// The name of a keyword argument (`k` in `f(k=1)` or `class C(metaclass=M)`).
    KeywordArgument,
    /// A component of an imported module name, an imported name, or an `as` name.
    /// Dotted names (`a.b`) are split into one identifier per component.
    Import,
    /// Any other identifier: `global`/`nonlocal` names, `except ... as e`, capture
    /// patterns and keyword patterns in `match`, type parameter names.
    Other,
}

/// One identifier occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identifier<'a> {
    /// The identifier as written in the source.
    pub text: &'a str,
    /// Byte range in the original input.
    pub range: Range<usize>,
    /// Where it occurs.
    pub kind: IdentifierKind,
}

/// The kind of a [`Definition`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DefinitionKind {
    /// `def name(...)`.
    Function,
    /// `async def name(...)`.
    AsyncFunction,
    /// `class Name(...)`.
    Class,
}

impl DefinitionKind {
    /// Returns `true` for [`Function`](Self::Function) and
    /// [`AsyncFunction`](Self::AsyncFunction).
    pub fn is_function(self) -> bool {
        matches!(self, Self::Function | Self::AsyncFunction)
    }
}

/// A function or class definition.
#[derive(Debug, Clone, PartialEq)]
pub struct Definition {
    /// The defined name.
    pub name: String,
    /// Function, async function or class.
    pub kind: DefinitionKind,
    /// Byte range of the name.
    pub name_range: Range<usize>,
    /// Byte range of the whole definition, from the first decorator's `@` (or the
    /// `def`/`async`/`class` keyword) to the end of the body's last statement.
    pub range: Range<usize>,
    /// Index in [`SourceModel::definitions`] of the innermost enclosing
    /// definition, if any.
    pub parent: Option<usize>,
}

/// The form of an [`Import`] statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImportKind {
    /// `import a.b as c`.
    Import,
    /// `from x.y import z`.
    From,
}

/// One name imported by an [`Import`] statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedName {
    /// The (possibly dotted) name: `a.b` in `import a.b as c`, `z` in
    /// `from x import z`, `*` for a star import.
    pub name: String,
    /// Byte range of the name.
    pub range: Range<usize>,
    /// The `as` name, if any.
    pub asname: Option<String>,
    /// Byte range of the `as` name, if any.
    pub asname_range: Option<Range<usize>>,
}

/// An `import` or `from ... import` statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    /// `import` or `from ... import`.
    pub kind: ImportKind,
    /// For `from x.y import z`, the module `x.y` (without leading dots); `None` for
    /// `import ...` and for `from . import z`.
    pub module: Option<String>,
    /// Byte range of [`module`](Self::module), if any.
    pub module_range: Option<Range<usize>>,
    /// Number of leading dots of a relative import (`from ..x import y` is 2).
    pub level: u32,
    /// The imported names, in source order.
    pub names: Vec<ImportedName>,
    /// Byte range of the whole statement.
    pub range: Range<usize>,
}

/// A literal value: a constant, or a container display whose elements are
/// converted recursively.
///
/// Only syntax is considered, nothing is evaluated: a name, call, attribute,
/// operator expression or f-string with replacement fields is not a literal.
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
    /// An element of a container that is not a literal (a name, a call, ...).
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

    /// The value, if this is a [`Literal::Bool`].
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Self::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The value, if this is a [`Literal::Int`].
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Self::Int(i) => Some(*i),
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

    /// The entries, if this is a dict.
    pub fn entries(&self) -> Option<&[(LiteralValue, LiteralValue)]> {
        match self {
            Self::Dict(entries) => Some(entries),
            _ => None,
        }
    }

    /// For a dict, the value of the last entry whose key is the string `key`
    /// (Python keeps the last duplicate).
    pub fn dict_get(&self, key: &str) -> Option<&LiteralValue> {
        self.entries()?
            .iter()
            .rev()
            .find(|(k, _)| k.value.as_str() == Some(key))
            .map(|(_, v)| v)
    }

    /// Returns `true` if no [`Literal::Unknown`] occurs anywhere in the value.
    pub fn is_fully_known(&self) -> bool {
        match self {
            Self::Unknown => false,
            Self::List(items) | Self::Tuple(items) | Self::Set(items) => {
                items.iter().all(|item| item.value.is_fully_known())
            }
            Self::Dict(entries) => entries
                .iter()
                .all(|(k, v)| k.value.is_fully_known() && v.value.is_fully_known()),
            _ => true,
        }
    }
}

/// A positional argument of a [`Call`].
#[derive(Debug, Clone, PartialEq)]
pub struct PositionalArg {
    /// The literal value, if the argument is a literal.
    pub value: Option<LiteralValue>,
    /// Byte range of the argument (including `*` for a starred argument).
    pub range: Range<usize>,
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
    /// Byte range of the value expression.
    pub value_range: Range<usize>,
    /// `true` if the keyword comes from a `**{...}` dict display.
    pub from_dict_unpacking: bool,
}

/// A dict display found inside a call's arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct DictLiteral {
    /// Byte range of the dict display.
    pub range: Range<usize>,
    /// Number of dict displays enclosing this one in the file. The nesting depth
    /// relative to a call is given by [`Call::relative_depth`].
    pub depth: usize,
    /// The entries whose key is a string literal, in source order.
    pub entries: Vec<DictEntry>,
    /// `true` if the dict also has entries not listed in
    /// [`entries`](Self::entries): a non-string key or a `**x` unpacking.
    pub has_other_entries: bool,
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
    /// Byte range of the value expression.
    pub value_range: Range<usize>,
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
    /// Byte range of the callee expression.
    pub callee_range: Range<usize>,
    /// Byte range of the whole call, callee and parentheses included.
    pub range: Range<usize>,
    /// Positional arguments, in source order.
    pub args: Vec<PositionalArg>,
    /// Keyword arguments (`k=v`, and entries of `**{...}` displays), in source
    /// order.
    pub keywords: Vec<KeywordArg>,
    /// `true` if some keyword arguments cannot be known: `**x` with `x` not a dict
    /// display, or a `**{...}` display with a non-string key or nested `**`.
    pub has_opaque_kwargs: bool,
    /// Number of dict displays enclosing the call in the file.
    pub enclosing_dicts: usize,
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

    /// Nesting depth of `dict` relative to this call: 0 for a dict display not
    /// enclosed in another dict display inside the call's arguments.
    pub fn relative_depth(&self, dict: &DictLiteral) -> usize {
        dict.depth.saturating_sub(self.enclosing_dicts)
    }
}

/// Where an [`Assignment`] occurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScopeKind {
    /// At module level (including inside `if`, `for`, `try`, ... blocks).
    Module,
    /// Directly in a class body.
    Class,
    /// In a function body.
    Function,
}

/// An assignment statement to a simple name: `x = value`, `x: T = value`, or one
/// target of `x = y = value`. Tuple, attribute and subscript targets and
/// augmented assignments are not recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// The assigned name.
    pub target: String,
    /// Byte range of the target name.
    pub target_range: Range<usize>,
    /// The literal value, if the assigned value is a literal; `None` otherwise.
    pub value: Option<LiteralValue>,
    /// Byte range of the assigned expression.
    pub value_range: Range<usize>,
    /// `true` for an annotated assignment (`x: T = value`).
    pub annotated: bool,
    /// Byte range of the whole statement.
    pub range: Range<usize>,
    /// Module, class or function level.
    pub scope: ScopeKind,
}

/// The model of one Python source file. See the [module documentation](self).
#[derive(Debug, Clone)]
pub struct SourceModel {
    text: String,
    valid_utf8: bool,
    truncated: bool,
    syntax_errors: Vec<SyntaxError>,
    regions: Vec<Region>,
    identifiers: Vec<IdentRecord>,
    definitions: Vec<Definition>,
    imports: Vec<Import>,
    calls: Vec<Call>,
    dicts: Vec<DictLiteral>,
    assignments: Vec<Assignment>,
}

/// An identifier occurrence as stored; its text is a slice of the source.
#[derive(Debug, Clone)]
struct IdentRecord {
    range: Range<usize>,
    kind: IdentifierKind,
}

impl SourceModel {
    /// Builds the model of a file from its bytes. Never fails and never panics:
    /// invalid UTF-8 is replaced (see [`PLACEHOLDER_BYTE`]) and syntax errors are
    /// recorded in [`syntax_errors`](Self::syntax_errors).
    pub fn parse(bytes: &[u8]) -> SourceModel {
        let (text, valid_utf8) = sanitize(bytes);
        if u32::try_from(text.len()).is_err() {
            // Ruff's offsets are 32-bit: do not attempt to parse.
            let message = "file too large to parse (4 GiB or more)".to_owned();
            return SourceModel::unparsed(text, valid_utf8, message);
        }
        // Ruff's parser grows its stack while it recurses, but not while it drops a subtree it
        // discarded in error recovery or sets the context of an assignment target: those recurse
        // once per nesting level on the caller's stack, and an input nested deeply enough aborts
        // the process. Parse here only if this stack has room for the worst case.
        let needed = parse_stack_size(text.len());
        if stacker::remaining_stack().is_some_and(|left| left >= needed) {
            let analysis = parse_and_analyze(&text);
            return SourceModel::assemble(text, valid_utf8, analysis);
        }
        if needed > MAX_PARSE_STACK {
            let message = format!(
                "not parsed: {} bytes need more stack than the {} MiB a parse may use",
                text.len(),
                MAX_PARSE_STACK >> 20
            );
            return SourceModel::unparsed(text, valid_utf8, message);
        }
        if needed <= GROWN_STACK_LIMIT {
            // A stack segment on this thread: cheaper than a thread, and the tree is allocated
            // and freed in this thread's allocator arena.
            let analysis = stacker::grow(needed, || parse_and_analyze(&text));
            return SourceModel::assemble(text, valid_utf8, analysis);
        }
        let analysis = std::thread::scope(|scope| {
            std::thread::Builder::new()
                .stack_size(needed)
                .spawn_scoped(scope, || parse_and_analyze(&text))
                .map(|handle| {
                    // A panic in the parser is a bug: it goes on as one.
                    handle
                        .join()
                        .unwrap_or_else(|payload| std::panic::resume_unwind(payload))
                })
        });
        match analysis {
            Ok(analysis) => SourceModel::assemble(text, valid_utf8, analysis),
            Err(error) => {
                let message = format!(
                    "not parsed: no thread with a {} MiB stack could be started: {error}",
                    needed >> 20
                );
                SourceModel::unparsed(text, valid_utf8, message)
            }
        }
    }

    /// The model of a text the parser produced `analysis` for.
    fn assemble(text: String, valid_utf8: bool, analysis: Analysis) -> SourceModel {
        let c = analysis.collected;
        SourceModel {
            text,
            valid_utf8,
            truncated: c.truncated,
            syntax_errors: analysis.syntax_errors,
            regions: analysis.regions,
            identifiers: c.identifiers,
            definitions: c.definitions,
            imports: c.imports,
            calls: c.calls,
            dicts: c.dicts,
            assignments: c.assignments,
        }
    }

    /// The model of a text that was not parsed, with `message` as its only syntax error:
    /// truncated, with no regions, calls or other syntax.
    fn unparsed(text: String, valid_utf8: bool, message: String) -> SourceModel {
        SourceModel {
            text,
            valid_utf8,
            truncated: true,
            syntax_errors: vec![SyntaxError {
                offset: 0,
                range: 0..0,
                message,
            }],
            regions: Vec::new(),
            identifiers: Vec::new(),
            definitions: Vec::new(),
            imports: Vec::new(),
            calls: Vec::new(),
            dicts: Vec::new(),
            assignments: Vec::new(),
        }
    }

    /// The parsed text: the input with invalid UTF-8 bytes replaced by
    /// [`PLACEHOLDER_BYTE`]. It has the same length as the input, so byte offsets
    /// are interchangeable.
    pub fn source(&self) -> &str {
        &self.text
    }

    /// The text of `range`, or `""` if it is out of bounds or not on character
    /// boundaries.
    pub fn text(&self, range: Range<usize>) -> &str {
        self.text.get(range).unwrap_or("")
    }

    /// Returns `true` if the input was valid UTF-8.
    pub fn is_valid_utf8(&self) -> bool {
        self.valid_utf8
    }

    /// Syntax errors, in the order reported by the parser.
    pub fn syntax_errors(&self) -> &[SyntaxError] {
        &self.syntax_errors
    }

    /// Returns `true` if the file has syntax errors.
    pub fn has_syntax_errors(&self) -> bool {
        !self.syntax_errors.is_empty()
    }

    /// Returns `true` if part of the syntax tree was nested too deeply (tens of
    /// thousands of levels) to be analysed, or the file was not parsed at all (4 GiB or
    /// more, or more than a parse may safely take; [`syntax_errors`](Self::syntax_errors)
    /// then says why); the model is then incomplete. Regions come from the token
    /// stream and are complete, except for a docstring inside a skipped subtree,
    /// which is classified as a [`RegionKind::String`].
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }

    /// String, docstring and comment regions: sorted, non-overlapping, and never
    /// of kind [`RegionKind::Code`].
    pub fn regions(&self) -> &[Region] {
        &self.regions
    }

    /// The kind of the region containing byte `offset` ([`RegionKind::Code`] if
    /// it is in no region or out of bounds).
    pub fn region_at(&self, offset: usize) -> RegionKind {
        let idx = self.regions.partition_point(|r| r.range.start <= offset);
        match idx.checked_sub(1).and_then(|i| self.regions.get(i)) {
            Some(region) if offset < region.range.end => region.kind,
            _ => RegionKind::Code,
        }
    }

    /// Every identifier occurrence, in source order.
    pub fn identifiers(&self) -> impl ExactSizeIterator<Item = Identifier<'_>> + '_ {
        self.identifiers.iter().map(|record| Identifier {
            text: self.text(record.range.clone()),
            range: record.range.clone(),
            kind: record.kind,
        })
    }

    /// Function and class definitions, nested ones included, in source order.
    pub fn definitions(&self) -> &[Definition] {
        &self.definitions
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
}

/// Converts bytes to a string of the same length, replacing each byte of each
/// invalid UTF-8 sequence with [`PLACEHOLDER_BYTE`].
fn sanitize(bytes: &[u8]) -> (String, bool) {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_owned(), true);
    }
    let mut text = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        for _ in chunk.invalid() {
            text.push(char::from(PLACEHOLDER_BYTE));
        }
    }
    (text, false)
}

/// Converts a Ruff range to a byte range.
fn range_of(range: TextRange) -> Range<usize> {
    range.start().to_usize()..range.end().to_usize()
}

/// The stack a parse of `len` bytes may need: [`PARSE_STACK_BASE`] plus
/// [`PARSE_STACK_PER_BYTE`] per byte.
fn parse_stack_size(len: usize) -> usize {
    len.saturating_mul(PARSE_STACK_PER_BYTE)
        .saturating_add(PARSE_STACK_BASE)
}

/// Parses `text` and analyses the tree. Needs [`parse_stack_size`] bytes of stack.
fn parse_and_analyze(text: &str) -> Analysis {
    let options = ParseOptions::from(Mode::Module).with_target_version(PythonVersion::latest());
    let parsed = ruff_python_parser::parse_unchecked(text, options);
    analyze(text, parsed)
}

/// Everything [`analyze`] extracts from one parse.
struct Analysis {
    syntax_errors: Vec<SyntaxError>,
    regions: Vec<Region>,
    collected: Collected,
}

/// Runs the visitor over the parsed module, and builds the regions from the
/// tokens. Deeply nested trees are analysed, and dropped, on a thread with a large
/// stack.
fn analyze(text: &str, parsed: Parsed<Mod>) -> Analysis {
    let syntax_errors = parsed
        .errors()
        .iter()
        .map(|error| {
            let range = range_of(error.location);
            SyntaxError {
                offset: range.start,
                range,
                message: error.error.to_string(),
            }
        })
        .collect();

    let mut collected = collect(text, &parsed, SHALLOW_DEPTH_LIMIT);
    if !collected.truncated {
        let regions = build_regions(parsed.tokens(), &collected.docstrings);
        return Analysis {
            syntax_errors,
            regions,
            collected,
        };
    }

    // The tree is deeper than what is safe on an ordinary stack: analyse it, and
    // drop it (Ruff's AST drops recursively), on a thread with a large stack. If
    // that is impossible, keep the truncated analysis and leak the tree rather
    // than risk a stack overflow.
    let parsed = ManuallyDrop::new(parsed);
    let parsed_ref: &Parsed<Mod> = &parsed;
    let deep = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(DEEP_STACK_SIZE)
            .spawn_scoped(scope, || collect(text, parsed_ref, DEEP_DEPTH_LIMIT))
            .ok()
            .and_then(|handle| handle.join().ok())
    });
    if let Some(deep) = deep {
        collected = deep;
    }
    let regions = build_regions(parsed.tokens(), &collected.docstrings);
    if !collected.truncated {
        // Depth is below `DEEP_DEPTH_LIMIT`: dropping on the large stack is safe.
        let dropper = std::thread::Builder::new()
            .stack_size(DEEP_STACK_SIZE)
            .spawn(move || drop(ManuallyDrop::into_inner(parsed)));
        if let Ok(handle) = dropper {
            // A failed join only means the drop panicked, which leaks nothing more.
            let _ = handle.join();
        }
    }
    Analysis {
        syntax_errors,
        regions,
        collected,
    }
}

/// Runs one visitor pass over the module, descending at most `depth_limit` levels.
fn collect(text: &str, parsed: &Parsed<Mod>, depth_limit: usize) -> Collected {
    let mut collector = Collector::new(text, depth_limit);
    if let Mod::Module(module) = parsed.syntax() {
        collector.docstring_of(&module.body);
        collector.visit_body(&module.body);
    }
    collector.out
}

/// Builds the comment and string regions from the token stream.
///
/// An f-string or t-string is one region from its start token to its matching end
/// token. If the end token is missing (unterminated f-string in a file with syntax
/// errors), the region ends at the last token before the end of the logical line.
fn build_regions(tokens: &[Token], docstrings: &[TextRange]) -> Vec<Region> {
    let mut regions: Vec<Region> = Vec::new();
    let mut doc_idx = 0;
    let mut fstring_depth = 0usize;
    let mut fstring_range = 0..0;
    let push = |regions: &mut Vec<Region>, kind: RegionKind, range: Range<usize>| {
        // Defensive: keep the list sorted and non-overlapping whatever the tokens.
        let min_start = regions.last().map_or(0, |r| r.range.end);
        if range.start >= min_start && range.start < range.end {
            regions.push(Region { kind, range });
        }
    };
    for token in tokens {
        let kind = token.kind();
        let range = range_of(token.range());
        if fstring_depth > 0 {
            match kind {
                TokenKind::FStringStart | TokenKind::TStringStart => fstring_depth += 1,
                TokenKind::FStringEnd | TokenKind::TStringEnd => fstring_depth -= 1,
                TokenKind::Newline
                | TokenKind::Indent
                | TokenKind::Dedent
                | TokenKind::EndOfFile => {
                    // Unterminated: close at the last token inside.
                    fstring_depth = 0;
                    push(&mut regions, RegionKind::String, fstring_range.clone());
                    continue;
                }
                _ => {}
            }
            fstring_range.end = fstring_range.end.max(range.end);
            if fstring_depth == 0 {
                push(&mut regions, RegionKind::String, fstring_range.clone());
            }
            continue;
        }
        match kind {
            TokenKind::Comment => push(&mut regions, RegionKind::Comment, range),
            TokenKind::String => {
                while docstrings
                    .get(doc_idx)
                    .is_some_and(|doc| doc.end().to_usize() <= range.start)
                {
                    doc_idx += 1;
                }
                let is_doc = docstrings.get(doc_idx).is_some_and(|doc| {
                    doc.start().to_usize() <= range.start && range.end <= doc.end().to_usize()
                });
                let kind = if is_doc {
                    RegionKind::Docstring
                } else {
                    RegionKind::String
                };
                push(&mut regions, kind, range);
            }
            TokenKind::FStringStart | TokenKind::TStringStart => {
                fstring_depth = 1;
                fstring_range = range;
            }
            _ => {}
        }
    }
    if fstring_depth > 0 {
        push(&mut regions, RegionKind::String, fstring_range);
    }
    regions
}

/// The raw results of the visitor pass.
#[derive(Default)]
struct Collected {
    truncated: bool,
    docstrings: Vec<TextRange>,
    identifiers: Vec<IdentRecord>,
    definitions: Vec<Definition>,
    imports: Vec<Import>,
    calls: Vec<Call>,
    dicts: Vec<DictLiteral>,
    assignments: Vec<Assignment>,
}

/// The visitor collecting identifiers, definitions, imports, calls, dicts,
/// assignments and docstring ranges in one source-order pass.
struct Collector<'s> {
    text: &'s str,
    depth: usize,
    depth_limit: usize,
    scope: ScopeKind,
    current_definition: Option<usize>,
    /// Number of enclosing dict displays.
    dict_depth: usize,
    /// Number of enclosing call argument lists.
    call_args_depth: usize,
    /// Reusable buffer for rendering callees.
    segments: Vec<CalleeSegment<'s>>,
    out: Collected,
}

/// One segment of a rendered callee, innermost (leftmost) last.
#[derive(Clone, Copy)]
enum CalleeSegment<'a> {
    Name(&'a str),
    Call,
    Subscript,
    Other,
}

impl<'s> Collector<'s> {
    fn new(text: &'s str, depth_limit: usize) -> Self {
        Self {
            text,
            depth: 0,
            depth_limit,
            scope: ScopeKind::Module,
            current_definition: None,
            dict_depth: 0,
            call_args_depth: 0,
            segments: Vec::new(),
            out: Collected::default(),
        }
    }

    /// Enters one nesting level; returns `false` (and marks the result truncated)
    /// if the depth limit is reached, in which case the caller must not descend.
    fn enter(&mut self) -> bool {
        if self.depth >= self.depth_limit {
            self.out.truncated = true;
            return false;
        }
        self.depth += 1;
        true
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn identifier(&mut self, range: TextRange, kind: IdentifierKind) {
        if !range.is_empty() {
            self.out.identifiers.push(IdentRecord {
                range: range_of(range),
                kind,
            });
        }
    }

    /// Records each component of a possibly dotted name (`a.b.c`, possibly with
    /// whitespace or line continuations between components) as an identifier.
    fn dotted_identifier(&mut self, identifier: &RuffIdentifier, kind: IdentifierKind) {
        let range = range_of(identifier.range);
        let Some(slice) = self.text.get(range.clone()) else {
            return;
        };
        if !slice.contains('.') {
            self.identifier(identifier.range, kind);
            return;
        }
        let is_separator =
            |b: u8| matches!(b, b'.' | b' ' | b'\t' | b'\x0c' | b'\\' | b'\r' | b'\n');
        let bytes = slice.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if is_separator(bytes[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && !is_separator(bytes[i]) {
                i += 1;
            }
            self.out.identifiers.push(IdentRecord {
                range: range.start + start..range.start + i,
                kind,
            });
        }
    }

    /// Records the docstring of a body, if any (same rule as `ast.get_docstring`).
    fn docstring_of(&mut self, body: &[Stmt]) {
        let docstring = match body.first() {
            Some(Stmt::Expr(stmt)) => match stmt.value.as_ref() {
                Expr::StringLiteral(string) => Some(string.range),
                _ => None,
            },
            _ => None,
        };
        self.out.docstrings.extend(docstring);
    }

    fn definition(
        &mut self,
        name: &RuffIdentifier,
        kind: DefinitionKind,
        range: TextRange,
    ) -> usize {
        let index = self.out.definitions.len();
        let mut range = range_of(range);
        range.end = self.extend_over_semicolon(range.end);
        self.out.definitions.push(Definition {
            name: name.id.as_str().to_owned(),
            kind,
            name_range: range_of(name.range),
            range,
            parent: self.current_definition,
        });
        index
    }

    /// Like CPython, a compound statement whose last simple statement is followed
    /// by `;` ends after the `;`.
    fn extend_over_semicolon(&self, end: usize) -> usize {
        let rest = self.text.as_bytes().get(end..).unwrap_or_default();
        let spaces = rest
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t' | b'\x0c'))
            .count();
        if rest.get(spaces) == Some(&b';') {
            end + spaces + 1
        } else {
            end
        }
    }

    fn assignment(&mut self, target: &Expr, value: &Expr, annotated: bool, range: TextRange) {
        if let Expr::Name(name) = target {
            if name.id.is_empty() {
                return;
            }
            self.out.assignments.push(Assignment {
                target: name.id.as_str().to_owned(),
                target_range: range_of(name.range),
                value: literal(self.text, value, 0),
                value_range: range_of(value.range()),
                annotated,
                range: range_of(range),
                scope: self.scope,
            });
        }
    }

    fn import(
        &mut self,
        kind: ImportKind,
        module: Option<&RuffIdentifier>,
        level: u32,
        names: &'s [Alias],
        range: TextRange,
    ) {
        if let Some(module) = module {
            self.dotted_identifier(module, IdentifierKind::Import);
        }
        let names = names
            .iter()
            .map(|alias| {
                if alias.name.id.as_str() != "*" {
                    self.dotted_identifier(&alias.name, IdentifierKind::Import);
                }
                if let Some(asname) = &alias.asname {
                    self.identifier(asname.range, IdentifierKind::Import);
                }
                ImportedName {
                    name: alias.name.id.as_str().to_owned(),
                    range: range_of(alias.name.range),
                    asname: alias.asname.as_ref().map(|a| a.id.as_str().to_owned()),
                    asname_range: alias.asname.as_ref().map(|a| range_of(a.range)),
                }
            })
            .collect();
        self.out.imports.push(Import {
            kind,
            module: module.map(|m| m.id.as_str().to_owned()),
            module_range: module.map(|m| range_of(m.range)),
            level,
            names,
            range: range_of(range),
        });
    }

    /// Renders a callee expression (see [`Call`]) without recursion.
    fn render_callee(&mut self, func: &'s Expr) -> (String, bool, Option<usize>) {
        self.segments.clear();
        let mut expr = func;
        loop {
            if self.segments.len() >= CALLEE_SEGMENT_LIMIT {
                self.segments.push(CalleeSegment::Other);
                break;
            }
            match expr {
                Expr::Name(name) => {
                    self.segments.push(CalleeSegment::Name(name.id.as_str()));
                    break;
                }
                Expr::Attribute(attribute) => {
                    self.segments
                        .push(CalleeSegment::Name(attribute.attr.id.as_str()));
                    expr = &attribute.value;
                }
                Expr::Call(call) => {
                    self.segments.push(CalleeSegment::Call);
                    expr = &call.func;
                }
                Expr::Subscript(subscript) => {
                    self.segments.push(CalleeSegment::Subscript);
                    expr = &subscript.value;
                }
                _ => {
                    self.segments.push(CalleeSegment::Other);
                    break;
                }
            }
        }
        let mut rendered = String::new();
        let mut dotted = true;
        let mut method_start = None;
        let last = self.segments.len().saturating_sub(1);
        for (i, segment) in self.segments.iter().rev().enumerate() {
            match segment {
                CalleeSegment::Name(name) => {
                    if i > 0 {
                        rendered.push('.');
                    }
                    if i == last {
                        method_start = Some(rendered.len());
                    }
                    rendered.push_str(name);
                }
                CalleeSegment::Call => {
                    dotted = false;
                    rendered.push_str("()");
                }
                CalleeSegment::Subscript => {
                    dotted = false;
                    rendered.push_str("[]");
                }
                CalleeSegment::Other => {
                    dotted = false;
                    rendered.push('?');
                }
            }
        }
        (rendered, dotted, method_start)
    }

    fn call(&mut self, call: &'s ExprCall) {
        let (callee, dotted, method_start) = self.render_callee(&call.func);
        let mut args = Vec::with_capacity(call.arguments.args.len());
        for arg in &call.arguments.args {
            match arg {
                Expr::Starred(_) => args.push(PositionalArg {
                    value: None,
                    range: range_of(arg.range()),
                    starred: true,
                }),
                _ => args.push(PositionalArg {
                    value: literal(self.text, arg, 0),
                    range: range_of(arg.range()),
                    starred: false,
                }),
            }
        }
        let mut keywords = Vec::with_capacity(call.arguments.keywords.len());
        let mut has_opaque_kwargs = false;
        for keyword in &call.arguments.keywords {
            has_opaque_kwargs |= !keyword_args(self.text, keyword, &mut keywords);
        }
        let index = self.out.calls.len();
        self.out.calls.push(Call {
            callee,
            callee_range: range_of(call.func.range()),
            range: range_of(call.range()),
            args,
            keywords,
            has_opaque_kwargs,
            enclosing_dicts: self.dict_depth,
            dotted,
            method_start,
            dicts: 0..0,
        });

        self.visit_expr(&call.func);
        let dicts_start = self.out.dicts.len();
        self.call_args_depth += 1;
        self.visit_arguments(&call.arguments);
        self.call_args_depth -= 1;
        let dicts_end = self.out.dicts.len();
        if let Some(recorded) = self.out.calls.get_mut(index) {
            recorded.dicts = dicts_start..dicts_end;
        }
    }

    fn dict(&mut self, dict: &'s ExprDict) {
        if self.call_args_depth > 0 {
            let mut entries = Vec::new();
            let mut has_other_entries = false;
            for item in &dict.items {
                match &item.key {
                    Some(Expr::StringLiteral(key)) => entries.push(DictEntry {
                        key: key.value.to_str().to_owned(),
                        key_range: range_of(key.range),
                        value: literal(self.text, &item.value, 0),
                        value_range: range_of(item.value.range()),
                    }),
                    _ => has_other_entries = true,
                }
            }
            self.out.dicts.push(DictLiteral {
                range: range_of(dict.range),
                depth: self.dict_depth,
                entries,
                has_other_entries,
            });
        }
        self.dict_depth += 1;
        for item in &dict.items {
            if let Some(key) = &item.key {
                self.visit_expr(key);
            }
            self.visit_expr(&item.value);
        }
        self.dict_depth -= 1;
    }

    fn with_definition(&mut self, index: usize, scope: ScopeKind, body: &'s [Stmt]) {
        let saved_definition = self.current_definition.replace(index);
        let saved_scope = std::mem::replace(&mut self.scope, scope);
        self.docstring_of(body);
        self.visit_body(body);
        self.current_definition = saved_definition;
        self.scope = saved_scope;
    }
}

/// Appends the keyword arguments given by `keyword` (one for `k=v`, one per
/// string-keyed entry for `**{...}`). Returns `false` if some keyword arguments
/// cannot be known.
fn keyword_args(text: &str, keyword: &Keyword, out: &mut Vec<KeywordArg>) -> bool {
    match (&keyword.arg, &keyword.value) {
        (Some(name), value) => {
            out.push(KeywordArg {
                name: name.id.as_str().to_owned(),
                name_range: range_of(name.range),
                value: literal(text, value, 0),
                value_range: range_of(value.range()),
                from_dict_unpacking: false,
            });
            true
        }
        (None, Expr::Dict(dict)) => {
            let mut known = true;
            for item in &dict.items {
                match &item.key {
                    Some(Expr::StringLiteral(key)) => out.push(KeywordArg {
                        name: key.value.to_str().to_owned(),
                        name_range: range_of(key.range),
                        value: literal(text, &item.value, 0),
                        value_range: range_of(item.value.range()),
                        from_dict_unpacking: true,
                    }),
                    _ => known = false,
                }
            }
            known
        }
        (None, _) => false,
    }
}

/// Converts an expression to a literal value, if it is one (see [`Literal`]).
fn literal(text: &str, expr: &Expr, depth: usize) -> Option<LiteralValue> {
    if depth >= LITERAL_DEPTH_LIMIT {
        return None;
    }
    let value = match expr {
        Expr::StringLiteral(string) => Literal::Str(string.value.to_str().to_owned()),
        Expr::BytesLiteral(bytes) => Literal::Bytes(bytes.value.bytes().collect()),
        Expr::FString(fstring) => {
            let mut value = String::new();
            for part in fstring.value.iter() {
                match part {
                    FStringPart::Literal(string) => value.push_str(&string.value),
                    FStringPart::FString(fstring) => {
                        for element in fstring.elements.iter() {
                            match element {
                                InterpolatedStringElement::Literal(text) => {
                                    value.push_str(&text.value);
                                }
                                InterpolatedStringElement::Interpolation(_) => return None,
                            }
                        }
                    }
                }
            }
            Literal::Str(value)
        }
        Expr::NumberLiteral(number) => number_literal(text, &number.value, number.range, None),
        Expr::UnaryOp(unary) => match (unary.op, unary.operand.as_ref()) {
            (UnaryOp::USub | UnaryOp::UAdd, Expr::NumberLiteral(number)) => {
                number_literal(text, &number.value, number.range, Some(unary.op))
            }
            _ => return None,
        },
        Expr::BooleanLiteral(boolean) => Literal::Bool(boolean.value),
        Expr::NoneLiteral(_) => Literal::None,
        Expr::EllipsisLiteral(_) => Literal::Ellipsis,
        Expr::List(list) => Literal::List(elements(text, &list.elts, depth)?),
        Expr::Tuple(tuple) => Literal::Tuple(elements(text, &tuple.elts, depth)?),
        Expr::Set(set) => Literal::Set(elements(text, &set.elts, depth)?),
        Expr::Dict(dict) => {
            let mut entries = Vec::with_capacity(dict.items.len());
            for item in &dict.items {
                let key = element(text, item.key.as_ref()?, depth)?;
                let value = element(text, &item.value, depth)?;
                entries.push((key, value));
            }
            Literal::Dict(entries)
        }
        _ => return None,
    };
    Some(LiteralValue {
        value,
        range: range_of(expr.range()),
    })
}

fn elements(text: &str, exprs: &[Expr], depth: usize) -> Option<Vec<LiteralValue>> {
    exprs
        .iter()
        .map(|expr| element(text, expr, depth))
        .collect()
}

/// A container element: `None` for a starred element (the container is then not a
/// literal), [`Literal::Unknown`] for any other non-literal.
fn element(text: &str, expr: &Expr, depth: usize) -> Option<LiteralValue> {
    if matches!(expr, Expr::Starred(_)) {
        return None;
    }
    Some(
        literal(text, expr, depth + 1).unwrap_or_else(|| LiteralValue {
            value: Literal::Unknown,
            range: range_of(expr.range()),
        }),
    )
}

/// Converts a number, negated if `op` is unary `-`. Integers beyond `i64` and
/// complex numbers keep their source text.
fn number_literal(text: &str, number: &Number, range: TextRange, op: Option<UnaryOp>) -> Literal {
    let negate = op == Some(UnaryOp::USub);
    let as_text = || {
        let written = text.get(range_of(range)).unwrap_or_default();
        if negate {
            Literal::Number(format!("-{written}"))
        } else {
            Literal::Number(written.to_owned())
        }
    };
    match number {
        Number::Int(int) => match int.as_i64() {
            Some(value) if negate => value.checked_neg().map_or_else(as_text, Literal::Int),
            Some(value) => Literal::Int(value),
            None => as_text(),
        },
        Number::Float(value) => Literal::Float(if negate { -*value } else { *value }),
        Number::Complex { .. } => as_text(),
    }
}

impl<'s> SourceOrderVisitor<'s> for Collector<'s> {
    fn visit_stmt(&mut self, stmt: &'s Stmt) {
        if !self.enter() {
            return;
        }
        match stmt {
            Stmt::FunctionDef(function) => {
                let kind = if function.is_async {
                    DefinitionKind::AsyncFunction
                } else {
                    DefinitionKind::Function
                };
                let index = self.definition(&function.name, kind, function.range);
                for decorator in &function.decorator_list {
                    self.visit_decorator(decorator);
                }
                self.identifier(function.name.range, IdentifierKind::Definition);
                if let Some(type_params) = &function.type_params {
                    self.visit_type_params(type_params);
                }
                self.visit_parameters(&function.parameters);
                if let Some(returns) = &function.returns {
                    self.visit_annotation(returns);
                }
                self.with_definition(index, ScopeKind::Function, &function.body);
            }
            Stmt::ClassDef(class) => {
                let index = self.definition(&class.name, DefinitionKind::Class, class.range);
                for decorator in &class.decorator_list {
                    self.visit_decorator(decorator);
                }
                self.identifier(class.name.range, IdentifierKind::Definition);
                if let Some(type_params) = &class.type_params {
                    self.visit_type_params(type_params);
                }
                if let Some(arguments) = &class.arguments {
                    self.visit_arguments(arguments);
                }
                self.with_definition(index, ScopeKind::Class, &class.body);
            }
            Stmt::Import(import) => {
                self.import(ImportKind::Import, None, 0, &import.names, import.range);
            }
            Stmt::ImportFrom(import) => {
                self.import(
                    ImportKind::From,
                    import.module.as_ref(),
                    import.level,
                    &import.names,
                    import.range,
                );
            }
            Stmt::Assign(assign) => {
                for target in &assign.targets {
                    self.assignment(target, &assign.value, false, assign.range);
                }
                source_order::walk_stmt(self, stmt);
            }
            Stmt::AnnAssign(assign) => {
                if let Some(value) = &assign.value {
                    self.assignment(&assign.target, value, true, assign.range);
                }
                source_order::walk_stmt(self, stmt);
            }
            _ => source_order::walk_stmt(self, stmt),
        }
        self.leave();
    }

    fn visit_expr(&mut self, expr: &'s Expr) {
        if !self.enter() {
            return;
        }
        match expr {
            Expr::Name(name) => self.identifier(name.range, IdentifierKind::Name),
            Expr::Attribute(attribute) => {
                self.visit_expr(&attribute.value);
                self.identifier(attribute.attr.range, IdentifierKind::Attribute);
            }
            Expr::Call(call) => self.call(call),
            Expr::Dict(dict) => self.dict(dict),
            _ => source_order::walk_expr(self, expr),
        }
        self.leave();
    }

    fn visit_pattern(&mut self, pattern: &'s Pattern) {
        if !self.enter() {
            return;
        }
        source_order::walk_pattern(self, pattern);
        self.leave();
    }

    fn visit_parameter(&mut self, parameter: &'s Parameter) {
        self.identifier(parameter.name.range, IdentifierKind::Parameter);
        if let Some(annotation) = &parameter.annotation {
            self.visit_annotation(annotation);
        }
    }

    fn visit_keyword(&mut self, keyword: &'s Keyword) {
        if let Some(arg) = &keyword.arg {
            self.identifier(arg.range, IdentifierKind::KeywordArgument);
        }
        self.visit_expr(&keyword.value);
    }

    fn visit_alias(&mut self, alias: &'s Alias) {
        // Only reached for aliases outside import statements (none today).
        self.dotted_identifier(&alias.name, IdentifierKind::Import);
        if let Some(asname) = &alias.asname {
            self.identifier(asname.range, IdentifierKind::Import);
        }
    }

    fn visit_identifier(&mut self, identifier: &'s RuffIdentifier) {
        self.identifier(identifier.range, IdentifierKind::Other);
    }
}
