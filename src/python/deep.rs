//! The deep-stack guard: the visitor, the data flow and the drop of Ruff's syntax tree both recurse, so a
//! tree nested deeper than an ordinary thread's stack allows is analysed, and dropped, on a
//! thread with a large stack, and a tree deeper still is cut off rather than risk an overflow.

use std::mem::ManuallyDrop;

use ruff_python_ast::Mod;
use ruff_python_ast::visitor::source_order::SourceOrderVisitor;
use ruff_python_parser::Parsed;

use super::collect::{Collected, Collector};
use super::regions::build_regions;
use super::{SourceModel, SyntaxError, range_of};

/// Maximum nesting depth (statements, expressions and patterns combined) analysed
/// on the calling thread. Deeper files are re-analysed on a dedicated thread with a
/// large stack (see [`DEEP_STACK_SIZE`]).
const SHALLOW_DEPTH_LIMIT: usize = 400;

/// Stack size of the thread used for deeply nested files.
const DEEP_STACK_SIZE: usize = 512 * 1024 * 1024;

/// Maximum nesting depth analysed on the deep-stack thread; deeper subtrees are
/// skipped (and the tree is leaked rather than dropped).
const DEEP_DEPTH_LIMIT: usize = 50_000;

/// Runs the visitor over the parsed module, and builds the regions from the
/// tokens. Deeply nested trees are analysed, and dropped, on a thread with a large
/// stack.
pub(super) fn analyze(text: &str, parsed: Parsed<Mod>, flow: bool) -> SourceModel {
    let syntax_errors = parsed
        .errors()
        .iter()
        .map(|error| SyntaxError {
            offset: range_of(error.location).start,
            message: error.error.to_string(),
        })
        .collect();

    let mut collected = collect(text, &parsed, SHALLOW_DEPTH_LIMIT, flow);
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
            .spawn_scoped(scope, || collect(text, parsed_ref, DEEP_DEPTH_LIMIT, flow))
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

/// Runs one visitor pass over the module, descending at most `depth_limit` levels, then (with
/// `flow`) the data flow.
fn collect(text: &str, parsed: &Parsed<Mod>, depth_limit: usize, flow: bool) -> Collected {
    let mut collector = Collector::new(text, depth_limit);
    if let Mod::Module(module) = parsed.syntax() {
        collector.docstring_of(&module.body);
        collector.visit_body(&module.body);
        let out = &mut collector.out;
        super::flow::unalias(&mut out.calls, &out.imports);
        if flow {
            super::flow::analyze(text, &module.body, &mut out.calls, depth_limit);
        }
    }
    collector.out
}
