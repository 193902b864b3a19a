//! The deep-stack guard: the visitor, the data flow and the drop of Ruff's syntax tree both recurse, so a
//! tree nested deeper than an ordinary thread's stack allows is analysed, and dropped, on a
//! thread with a large stack, and a tree deeper still is cut off rather than risk an overflow.

use std::mem::ManuallyDrop;

use ruff_python_ast::visitor::source_order::SourceOrderVisitor;
use ruff_python_ast::{Mod, PythonVersion};
use ruff_python_parser::{Mode, ParseOptions, Parsed};

use super::collect::{Collected, Collector};
use super::regions::build_regions;
use super::{SourceModel, SyntaxError, Wants, range_of};

/// Maximum nesting depth (statements, expressions and patterns combined) analysed
/// on the calling thread. Deeper files are re-analysed on a dedicated thread with a
/// large stack (see [`DEEP_STACK_SIZE`]).
const SHALLOW_DEPTH_LIMIT: usize = 400;

/// Stack size of the thread used for deeply nested files.
const DEEP_STACK_SIZE: usize = 512 * 1024 * 1024;

/// Maximum nesting depth analysed on the deep-stack thread; deeper subtrees are
/// skipped (and the tree is leaked rather than dropped).
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
pub(super) const GROWN_STACK_LIMIT: usize = 64 << 20;

/// The largest stack a parse may use. A file that would need more (over 11 MiB in a release
/// build, 4.7 MiB in a debug build) is not parsed: its model has one syntax error saying so.
const MAX_PARSE_STACK: usize = 1 << 30;

/// Parses `text` and analyses the tree on a stack large enough for the worst case.
///
/// Ruff's parser grows its stack while it recurses, but not while it drops a subtree it
/// discarded in error recovery or sets the context of an assignment target: those recurse once
/// per nesting level on the caller's stack, and an input nested deeply enough would abort the
/// process. So the parse runs here only if this stack has room for [`parse_stack_size`] bytes;
/// otherwise on a stack segment of that size, or a thread of its own; beyond
/// [`MAX_PARSE_STACK`], not at all.
pub(super) fn parse(text: &str, wants: Wants) -> SourceModel {
    let needed = parse_stack_size(text.len());
    if stacker::remaining_stack().is_some_and(|left| left >= needed) {
        return parse_and_analyze(text, wants);
    }
    if needed > MAX_PARSE_STACK {
        let reason = format!(
            "{} bytes need more stack than the {} MiB a parse may use",
            text.len(),
            MAX_PARSE_STACK >> 20
        );
        return SourceModel::unparsed(reason);
    }
    if needed <= GROWN_STACK_LIMIT {
        // A stack segment on this thread: cheaper than a thread, and the tree is allocated
        // and freed in this thread's allocator arena.
        return stacker::grow(needed, || parse_and_analyze(text, wants));
    }
    let model = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(needed)
            .spawn_scoped(scope, || parse_and_analyze(text, wants))
            .map(|handle| {
                // A panic in the parser is a bug: it goes on as one.
                handle
                    .join()
                    .unwrap_or_else(|payload| std::panic::resume_unwind(payload))
            })
    });
    model.unwrap_or_else(|error| {
        SourceModel::unparsed(format!(
            "no thread with a {} MiB stack could be started: {error}",
            needed >> 20
        ))
    })
}

/// The stack a parse of `len` bytes may need: [`PARSE_STACK_BASE`] plus
/// [`PARSE_STACK_PER_BYTE`] per byte.
fn parse_stack_size(len: usize) -> usize {
    len.saturating_mul(PARSE_STACK_PER_BYTE)
        .saturating_add(PARSE_STACK_BASE)
}

/// Parses `text` and analyses the tree. Needs [`parse_stack_size`] bytes of stack.
fn parse_and_analyze(text: &str, wants: Wants) -> SourceModel {
    let options = ParseOptions::from(Mode::Module).with_target_version(PythonVersion::latest());
    let parsed = ruff_python_parser::parse_unchecked(text, options);
    analyze(text, parsed, wants)
}

/// Runs the visitor over the parsed module, and builds the regions from the
/// tokens. Deeply nested trees are analysed, and dropped, on a thread with a large
/// stack.
fn analyze(text: &str, parsed: Parsed<Mod>, wants: Wants) -> SourceModel {
    let syntax_errors = parsed
        .errors()
        .iter()
        .map(|error| SyntaxError {
            offset: range_of(error.location).start,
            message: error.error.to_string(),
        })
        .collect();

    let mut collected = collect(text, &parsed, SHALLOW_DEPTH_LIMIT, wants);
    if !collected.truncated {
        let regions = build_regions(parsed.tokens(), &collected.docstrings);
        return collected.into_model(syntax_errors, regions);
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
            .spawn_scoped(scope, || collect(text, parsed_ref, DEEP_DEPTH_LIMIT, wants))
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
    collected.into_model(syntax_errors, regions)
}

/// Runs one visitor pass over the module, descending at most `depth_limit` levels, then what
/// `wants` asks for: the data flow, the script facts.
fn collect(text: &str, parsed: &Parsed<Mod>, depth_limit: usize, wants: Wants) -> Collected {
    let mut collector = Collector::new(text, depth_limit);
    if let Mod::Module(module) = parsed.syntax() {
        collector.docstring_of(&module.body);
        collector.visit_body(&module.body);
        let out = &mut collector.out;
        super::flow::unalias(&mut out.calls, &out.imports);
        if wants.flow {
            super::flow::analyze(text, &module.body, &mut out.calls, depth_limit);
        }
        if wants.facts {
            let facts = super::facts::collect(&module.body, &out.imports, depth_limit);
            out.facts = Some(Box::new(facts));
        }
    }
    collector.out
}
