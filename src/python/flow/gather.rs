//! The first step of the data flow: one walk of the syntax tree that sorts what the evaluation
//! needs by scope — the module and each function — without judging anything: the bindings
//! (assignments, returns), the calls, the parameters, and the functions and methods defined.

use ruff_python_ast::visitor::source_order::{self, SourceOrderVisitor};
use ruff_python_ast::{Expr, ExprCall, Parameters, Stmt};

/// A binding statement of a scope.
pub(super) enum Effect<'s> {
    /// `target = value`, `target: T = value` or (`augmented`) `target op= value`.
    Assign {
        target: &'s Expr,
        value: &'s Expr,
        augmented: bool,
    },
    /// `return value`.
    Return(&'s Expr),
}

/// The module, or one function (its nested functions are scopes of their own).
#[derive(Default)]
pub(super) struct LexicalScope<'s> {
    /// The enclosing scope (`None` for the module).
    pub parent: Option<usize>,
    /// The class whose method this is.
    pub class: Option<usize>,
    /// The parameters, with their defaults.
    pub params: Vec<(&'s str, Option<&'s Expr>)>,
    /// The binding statements, in source order.
    pub effects: Vec<Effect<'s>>,
    /// The calls, in source order (those of nested functions excluded).
    pub calls: Vec<&'s ExprCall>,
    /// The functions defined directly in it: name and scope.
    pub defs: Vec<(&'s str, usize)>,
}

/// What the walk found: the scopes (the module first) and, per class, its methods.
pub(super) struct Gathered<'s> {
    pub scopes: Vec<LexicalScope<'s>>,
    pub classes: Vec<Vec<(&'s str, usize)>>,
}

/// The walk (see the module docs), descending at most `limit` levels (the collector marks a
/// tree cut off there).
pub(super) struct Gatherer<'s> {
    pub out: Gathered<'s>,
    current: usize,
    /// The class whose body the walk is in (not inside one of its methods).
    class_body: Option<usize>,
    depth: usize,
    limit: usize,
}

impl<'s> Gatherer<'s> {
    pub fn new(limit: usize) -> Self {
        Gatherer {
            out: Gathered {
                scopes: vec![LexicalScope::default()],
                classes: Vec::new(),
            },
            current: 0,
            class_body: None,
            depth: 0,
            limit,
        }
    }

    fn enter(&mut self) -> bool {
        if self.depth >= self.limit {
            return false;
        }
        self.depth += 1;
        true
    }

    fn scope(&mut self) -> &mut LexicalScope<'s> {
        let current = self.current;
        &mut self.out.scopes[current]
    }

    fn function(&mut self, name: &'s str, parameters: &'s Parameters, body: &'s [Stmt]) {
        let mut params = Vec::new();
        for p in parameters
            .posonlyargs
            .iter()
            .chain(&parameters.args)
            .chain(&parameters.kwonlyargs)
        {
            if let Some(default) = p.default.as_deref() {
                self.visit_expr(default);
            }
            params.push((p.parameter.name.id.as_str(), p.default.as_deref()));
        }
        for p in parameters.vararg.iter().chain(&parameters.kwarg) {
            params.push((p.name.id.as_str(), None));
        }
        let id = self.out.scopes.len();
        self.out.scopes.push(LexicalScope {
            parent: Some(self.current),
            class: self.class_body,
            params,
            ..LexicalScope::default()
        });
        match self.class_body {
            Some(class) => self.out.classes[class].push((name, id)),
            None => self.scope().defs.push((name, id)),
        }
        let saved = (self.current, self.class_body.take());
        self.current = id;
        self.visit_body(body);
        (self.current, self.class_body) = saved;
    }
}

impl<'s> SourceOrderVisitor<'s> for Gatherer<'s> {
    fn visit_stmt(&mut self, stmt: &'s Stmt) {
        if !self.enter() {
            return;
        }
        match stmt {
            Stmt::FunctionDef(function) => {
                for decorator in &function.decorator_list {
                    self.visit_decorator(decorator);
                }
                self.function(
                    function.name.id.as_str(),
                    &function.parameters,
                    &function.body,
                );
            }
            Stmt::ClassDef(class) => {
                if let Some(arguments) = &class.arguments {
                    self.visit_arguments(arguments);
                }
                let id = self.out.classes.len();
                self.out.classes.push(Vec::new());
                let saved = self.class_body.replace(id);
                self.visit_body(&class.body);
                self.class_body = saved;
            }
            _ => {
                let effect = match stmt {
                    Stmt::Assign(assign) => {
                        for target in &assign.targets {
                            self.scope().effects.push(Effect::Assign {
                                target,
                                value: &assign.value,
                                augmented: false,
                            });
                        }
                        None
                    }
                    Stmt::AnnAssign(assign) => {
                        assign.value.as_deref().map(|value| Effect::Assign {
                            target: &assign.target,
                            value,
                            augmented: false,
                        })
                    }
                    Stmt::AugAssign(assign) => Some(Effect::Assign {
                        target: &assign.target,
                        value: &assign.value,
                        augmented: true,
                    }),
                    Stmt::Return(ret) => ret.value.as_deref().map(Effect::Return),
                    _ => None,
                };
                self.scope().effects.extend(effect);
                source_order::walk_stmt(self, stmt);
            }
        }
        self.depth -= 1;
    }

    fn visit_expr(&mut self, expr: &'s Expr) {
        if !self.enter() {
            return;
        }
        if let Expr::Call(call) = expr {
            self.scope().calls.push(call);
        }
        source_order::walk_expr(self, expr);
        self.depth -= 1;
    }

    fn visit_pattern(&mut self, pattern: &'s ruff_python_ast::Pattern) {
        if !self.enter() {
            return;
        }
        source_order::walk_pattern(self, pattern);
        self.depth -= 1;
    }
}
