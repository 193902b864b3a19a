//! The visitor: one source-order pass over Ruff's syntax tree that collects identifiers,
//! imports, calls (with their literal arguments and the dict displays inside them),
//! assignments to names, and docstring ranges.

use std::ops::Range;

use ruff_python_ast::visitor::source_order::{self, SourceOrderVisitor};
use ruff_python_ast::{
    Alias, Expr, ExprCall, ExprDict, Identifier as RuffIdentifier, Keyword, Parameter, Pattern,
    Stmt,
};
use ruff_text_size::{Ranged, TextRange};

use super::literal::literal;
use super::{
    Assignment, Call, CallFlow, DictEntry, DictLiteral, Facts, Import, ImportKind, KeywordArg,
    PositionalArg, Region, SourceModel, SyntaxError, range_of,
};

/// Maximum number of segments rendered in [`Call::callee`]; a longer chain is
/// rendered from `?` (keeping the last segments).
const CALLEE_SEGMENT_LIMIT: usize = 64;

/// The raw results of the visitor pass.
#[derive(Default)]
pub(super) struct Collected {
    /// Whether the depth limit cut part of the tree off.
    pub truncated: bool,
    /// The docstring ranges, for [`super::regions`].
    pub docstrings: Vec<TextRange>,
    identifiers: Vec<Range<usize>>,
    pub imports: Vec<Import>,
    pub calls: Vec<Call>,
    dicts: Vec<DictLiteral>,
    assignments: Vec<Assignment>,
    /// The script facts, if asked for.
    pub facts: Option<Box<Facts>>,
}

impl Collected {
    /// The model made of what was collected, the parser's errors and the regions.
    pub fn into_model(self, syntax_errors: Vec<SyntaxError>, regions: Vec<Region>) -> SourceModel {
        SourceModel {
            not_parsed: None,
            syntax_errors,
            regions,
            identifiers: self.identifiers,
            imports: self.imports,
            calls: self.calls,
            dicts: self.dicts,
            assignments: self.assignments,
            facts: self.facts,
        }
    }
}

/// The visitor (see the module docs).
pub(super) struct Collector<'s> {
    text: &'s str,
    depth: usize,
    depth_limit: usize,
    /// Number of enclosing call argument lists.
    call_args_depth: usize,
    /// Reusable buffer for rendering callees.
    segments: Vec<CalleeSegment<'s>>,
    /// What was collected.
    pub out: Collected,
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
    /// A visitor over `text` that descends at most `depth_limit` levels.
    pub fn new(text: &'s str, depth_limit: usize) -> Self {
        Self {
            text,
            depth: 0,
            depth_limit,
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

    fn identifier(&mut self, range: TextRange) {
        if !range.is_empty() {
            self.out.identifiers.push(range_of(range));
        }
    }

    /// Records each component of a possibly dotted name (`a.b.c`, possibly with
    /// whitespace or line continuations between components) as an identifier.
    fn dotted_identifier(&mut self, identifier: &RuffIdentifier) {
        let range = range_of(identifier.range);
        let Some(slice) = self.text.get(range.clone()) else {
            return;
        };
        if !slice.contains('.') {
            self.identifier(identifier.range);
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
            self.out
                .identifiers
                .push(range.start + start..range.start + i);
        }
    }

    /// Records the docstring of a body, if any (same rule as `ast.get_docstring`).
    pub fn docstring_of(&mut self, body: &[Stmt]) {
        let docstring = match body.first() {
            Some(Stmt::Expr(stmt)) => match stmt.value.as_ref() {
                Expr::StringLiteral(string) => Some(string.range),
                _ => None,
            },
            _ => None,
        };
        self.out.docstrings.extend(docstring);
    }

    fn assignment(&mut self, target: &Expr, value: &Expr) {
        if let Expr::Name(name) = target {
            if name.id.is_empty() {
                return;
            }
            self.out.assignments.push(Assignment {
                target: name.id.as_str().to_owned(),
                value: literal(self.text, value, 0),
            });
        }
    }

    fn import(
        &mut self,
        kind: ImportKind,
        module: Option<&RuffIdentifier>,
        names: &'s [Alias],
        level: u32,
        range: TextRange,
    ) {
        if let Some(module) = module {
            self.dotted_identifier(module);
        }
        let mut aliases = Vec::with_capacity(names.len());
        let names = names
            .iter()
            .map(|alias| {
                if alias.name.id.as_str() != "*" {
                    self.dotted_identifier(&alias.name);
                }
                if let Some(asname) = &alias.asname {
                    self.identifier(asname.range);
                }
                aliases.push(alias.asname.as_ref().map(|a| a.id.as_str().to_owned()));
                alias.name.id.as_str().to_owned()
            })
            .collect();
        self.out.imports.push(Import {
            kind,
            module: module.map(|m| m.id.as_str().to_owned()),
            names,
            aliases,
            level,
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
        let args = call
            .arguments
            .args
            .iter()
            .map(|arg| match arg {
                Expr::Starred(_) => PositionalArg {
                    value: None,
                    starred: true,
                },
                _ => PositionalArg {
                    value: literal(self.text, arg, 0),
                    starred: false,
                },
            })
            .collect();
        let mut keywords = Vec::with_capacity(call.arguments.keywords.len());
        for keyword in &call.arguments.keywords {
            keyword_args(self.text, keyword, &mut keywords);
        }
        let spread = call
            .arguments
            .keywords
            .iter()
            .any(|k| k.arg.is_none() && !matches!(k.value, Expr::Dict(_)));
        let index = self.out.calls.len();
        self.out.calls.push(Call {
            callee,
            callee_range: range_of(call.func.range()),
            range: range_of(call.range()),
            args,
            keywords,
            spread,
            unaliased: None,
            flow: CallFlow::default(),
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
            let entries = dict
                .items
                .iter()
                .filter_map(|item| match &item.key {
                    Some(Expr::StringLiteral(key)) => Some(DictEntry {
                        key: key.value.to_str().to_owned(),
                        key_range: range_of(key.range),
                        value: literal(self.text, &item.value, 0),
                    }),
                    _ => None,
                })
                .collect();
            self.out.dicts.push(DictLiteral { entries });
        }
        for item in &dict.items {
            if let Some(key) = &item.key {
                self.visit_expr(key);
            }
            self.visit_expr(&item.value);
        }
    }
}

/// Appends the keyword arguments given by `keyword`: one for `k=v`, one per
/// string-keyed entry for `**{...}`, none for any other `**x`.
fn keyword_args(text: &str, keyword: &Keyword, out: &mut Vec<KeywordArg>) {
    match (&keyword.arg, &keyword.value) {
        (Some(name), value) => out.push(KeywordArg {
            name: name.id.as_str().to_owned(),
            name_range: range_of(name.range),
            value: literal(text, value, 0),
        }),
        (None, Expr::Dict(dict)) => {
            for item in &dict.items {
                if let Some(Expr::StringLiteral(key)) = &item.key {
                    out.push(KeywordArg {
                        name: key.value.to_str().to_owned(),
                        name_range: range_of(key.range),
                        value: literal(text, &item.value, 0),
                    });
                }
            }
        }
        (None, _) => {}
    }
}

impl<'s> SourceOrderVisitor<'s> for Collector<'s> {
    fn visit_stmt(&mut self, stmt: &'s Stmt) {
        if !self.enter() {
            return;
        }
        match stmt {
            Stmt::FunctionDef(function) => {
                for decorator in &function.decorator_list {
                    self.visit_decorator(decorator);
                }
                self.identifier(function.name.range);
                if let Some(type_params) = &function.type_params {
                    self.visit_type_params(type_params);
                }
                self.visit_parameters(&function.parameters);
                if let Some(returns) = &function.returns {
                    self.visit_annotation(returns);
                }
                self.docstring_of(&function.body);
                self.visit_body(&function.body);
            }
            Stmt::ClassDef(class) => {
                for decorator in &class.decorator_list {
                    self.visit_decorator(decorator);
                }
                self.identifier(class.name.range);
                if let Some(type_params) = &class.type_params {
                    self.visit_type_params(type_params);
                }
                if let Some(arguments) = &class.arguments {
                    self.visit_arguments(arguments);
                }
                self.docstring_of(&class.body);
                self.visit_body(&class.body);
            }
            Stmt::Import(import) => {
                self.import(ImportKind::Import, None, &import.names, 0, import.range);
            }
            Stmt::ImportFrom(import) => self.import(
                ImportKind::From,
                import.module.as_ref(),
                &import.names,
                import.level,
                import.range,
            ),
            Stmt::Assign(assign) => {
                for target in &assign.targets {
                    self.assignment(target, &assign.value);
                }
                source_order::walk_stmt(self, stmt);
            }
            Stmt::AnnAssign(assign) => {
                if let Some(value) = &assign.value {
                    self.assignment(&assign.target, value);
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
            Expr::Name(name) => self.identifier(name.range),
            Expr::Attribute(attribute) => {
                self.visit_expr(&attribute.value);
                self.identifier(attribute.attr.range);
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
        self.identifier(parameter.name.range);
        if let Some(annotation) = &parameter.annotation {
            self.visit_annotation(annotation);
        }
    }

    fn visit_keyword(&mut self, keyword: &'s Keyword) {
        if let Some(arg) = &keyword.arg {
            self.identifier(arg.range);
        }
        self.visit_expr(&keyword.value);
    }

    fn visit_alias(&mut self, alias: &'s Alias) {
        // Only reached for aliases outside import statements (none today).
        self.dotted_identifier(&alias.name);
        if let Some(asname) = &alias.asname {
            self.identifier(asname.range);
        }
    }

    fn visit_identifier(&mut self, identifier: &'s RuffIdentifier) {
        self.identifier(identifier.range);
    }
}
