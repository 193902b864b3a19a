//! Script facts: what a script defines and reads, for rules that compare a script with what
//! declares it — its functions with their parameters and the keys and attributes read from each,
//! the environment variables it reads, and the command-line arguments it declares with argparse.
//!
//! One source-order pass over the module, computed only when asked for
//! ([`Wants::facts`](super::Wants::facts)). Only syntax is read: keys, attribute names and
//! environment variable names count when written as string literals (a module-level string
//! constant used as a key is not followed), and names are not tracked through assignments (a
//! parameter rebound in its function's body is still read as the parameter).

use std::ops::Range;

use ruff_python_ast::visitor::source_order::{self, SourceOrderVisitor};
use ruff_python_ast::{
    CmpOp, Expr, ExprCall, ExprCompare, ExprContext, ExprLambda, ExprStringLiteral, ExprSubscript,
    Pattern, Stmt, StmtClassDef, StmtFunctionDef,
};
use ruff_text_size::TextRange;

use super::names::argparse_dest;
use super::{Import, ImportKind, range_of};

/// A name or string found in the script, with the byte range to report it at.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Item {
    /// The name, or the string's value (escape sequences decoded, implicitly concatenated
    /// parts joined).
    pub text: String,
    /// Byte range of the name, or of the string literal with its quotes.
    pub range: Range<usize>,
}

/// The script facts of a file ([`SourceModel::facts`](super::SourceModel::facts)).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// Every function definition (module level, class methods, nested), in source order.
    pub functions: Vec<Function>,
    /// Environment variables the file reads, each at the key's string literal, in source order:
    /// `os.environ["X"]` (not as an assignment or `del` target), `os.environ.get("X")` (also
    /// with a default, and `.pop`, `.setdefault`), `os.getenv("X")` (also with a default, or
    /// `key="X"`), `"X" in os.environ` (and `not in`). `os` is the module under whatever name
    /// `import os` or `import os as o` binds; `environ` and `getenv` also as imported from it
    /// (`from os import environ as env`, `from os import *`).
    pub env_reads: Vec<Item>,
    /// argparse arguments: one per call with at least one string-literal positional argument
    /// whose callee's last name is `add_argument` (a parser or an argument group of any
    /// name), in source order.
    pub arguments: Vec<Argument>,
}

/// A function definition, with what its own body reads from its parameters.
///
/// A use belongs to the innermost `def` around it: the body of a nested function is that
/// function's (even where it reads a parameter of the outer one by closure), while lambdas,
/// comprehensions and class bodies belong to the function around them (a lambda's or a
/// comprehension's own names hide the parameters they share a name with). Decorators, default
/// values and annotations belong to the enclosing function, where Python evaluates them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Function {
    /// The name, at the name of the `def`.
    pub name: Item,
    /// The enclosing classes' and functions' names and its own, joined with dots: `main`,
    /// `Class.method`, `outer.inner`. (A `def` the parser recovered without a name is not
    /// listed, and stands as `?` in the names of what it encloses.)
    pub qualified: String,
    /// All parameter names (positional-only, ordinary, `*args`, keyword-only, `**kwargs`), in
    /// source order.
    pub parameters: Vec<Item>,
    /// Keys used on a parameter, in source order, each at its string literal: `p["k"]` read,
    /// assigned, augmented or deleted; `p.get("k")` (also with a default, and `.pop`,
    /// `.setdefault`); `"k" in p` (and `not in`). Only string-literal keys count.
    pub keys: Vec<ParamUse>,
    /// Attributes used on a parameter, in source order: `p.x` read, assigned or deleted (at
    /// the name `x`), and `getattr(p, "x")` (also with a default), `hasattr(p, "x")`,
    /// `setattr(p, "x", v)`, `delattr(p, "x")` (at the string literal). A method call
    /// (`p.items()`, `p.get("k")`) is not an attribute use.
    pub attributes: Vec<ParamUse>,
}

/// A key or attribute used on a parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamUse {
    /// The parameter's name.
    pub parameter: String,
    /// The key or attribute.
    pub item: Item,
}

/// An argparse argument: one `add_argument` call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Argument {
    /// The attribute argparse stores the value in: `dest=` if given as a string literal (at
    /// that literal); else for an option the first long option string (`--a-b`), or the first
    /// option string if none is long, with leading dashes stripped and `-` made `_` (`a_b`);
    /// for a positional argument (`add_argument("name")`), its name as written. Ranges are the
    /// string literal's. (A `dest=` that is not a literal is ignored.)
    pub dest: Item,
    /// Every string-literal option string as written (`-f`, `--job-type`), in order.
    pub options: Vec<String>,
}

/// Methods of a mapping whose first argument is the key they use.
const KEY_METHODS: &[&str] = &["get", "pop", "setdefault"];

/// Builtins whose first argument is an object and second the name of an attribute they use.
const ATTRIBUTE_FUNCTIONS: &[&str] = &["getattr", "hasattr", "setattr", "delattr"];

/// Computes the facts of a module `body` whose import statements are `imports`, descending at
/// most `limit` levels (never deeper than the collector, which marks a tree cut off there).
pub(super) fn collect(body: &[Stmt], imports: &[Import], limit: usize) -> Facts {
    let mut visitor = FactsVisitor {
        os: OsNames::from_imports(imports),
        depth: 0,
        limit,
        path: Vec::new(),
        current: None,
        params: Vec::new(),
        hidden: Vec::new(),
        out: Facts::default(),
    };
    visitor.visit_body(body);
    visitor.out
}

/// The names under which a file reaches the `os` module, `os.environ` and `os.getenv`.
#[derive(Default)]
struct OsNames {
    modules: Vec<String>,
    environ: Vec<String>,
    getenv: Vec<String>,
}

impl OsNames {
    /// The names bound by `imports` anywhere in the file (flow-insensitive).
    fn from_imports(imports: &[Import]) -> Self {
        let mut names = OsNames::default();
        for import in imports.iter().filter(|import| import.level == 0) {
            for (name, alias) in import.names.iter().zip(&import.aliases) {
                match import.kind {
                    // `import os.path` binds `os`; `import os.path as p` binds `os.path`.
                    ImportKind::Import => match alias {
                        Some(alias) if name == "os" => names.modules.push(alias.clone()),
                        None if name == "os" || name.starts_with("os.") => {
                            names.modules.push("os".to_owned());
                        }
                        _ => {}
                    },
                    ImportKind::From if import.module.as_deref() == Some("os") => {
                        let bound = alias.as_ref().unwrap_or(name);
                        match name.as_str() {
                            "environ" => names.environ.push(bound.clone()),
                            "getenv" => names.getenv.push(bound.clone()),
                            "*" => {
                                names.environ.push("environ".to_owned());
                                names.getenv.push("getenv".to_owned());
                            }
                            _ => {}
                        }
                    }
                    ImportKind::From => {}
                }
            }
        }
        names
    }
}

/// The visitor (see the module docs).
struct FactsVisitor<'s> {
    os: OsNames,
    depth: usize,
    limit: usize,
    /// The names of the enclosing classes and functions.
    path: Vec<&'s str>,
    /// The index in `out.functions` of the innermost enclosing function.
    current: Option<usize>,
    /// That function's parameter names.
    params: Vec<&'s str>,
    /// The names bound, within that function, by the lambdas and comprehensions around the
    /// visited node: they hide parameters of the same name.
    hidden: Vec<&'s str>,
    out: Facts,
}

impl<'s> FactsVisitor<'s> {
    /// Enters one nesting level; `false` if the depth limit is reached (do not descend).
    fn enter(&mut self) -> bool {
        if self.depth >= self.limit {
            return false;
        }
        self.depth += 1;
        true
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// The parameter of the current function that `expr` names, if it is one.
    fn parameter(&self, expr: &Expr) -> Option<&'s str> {
        let Expr::Name(name) = expr else {
            return None;
        };
        let name = name.id.as_str();
        self.params
            .iter()
            .find(|p| **p == name)
            .copied()
            .filter(|p| !self.hidden.contains(p))
    }

    /// Whether `expr` is `os.environ` (under any of its names).
    fn is_environ(&self, expr: &Expr) -> bool {
        match expr {
            Expr::Name(name) => self.os.environ.iter().any(|n| n == name.id.as_str()),
            Expr::Attribute(attribute) => {
                attribute.attr.id.as_str() == "environ" && self.is_os(&attribute.value)
            }
            _ => false,
        }
    }

    /// Whether `expr` names the `os` module.
    fn is_os(&self, expr: &Expr) -> bool {
        matches!(expr, Expr::Name(name) if self.os.modules.iter().any(|n| n == name.id.as_str()))
    }

    /// Whether `func` is `os.getenv` (under any of its names).
    fn is_getenv(&self, func: &Expr) -> bool {
        match func {
            Expr::Name(name) => self.os.getenv.iter().any(|n| n == name.id.as_str()),
            Expr::Attribute(attribute) => {
                attribute.attr.id.as_str() == "getenv" && self.is_os(&attribute.value)
            }
            _ => false,
        }
    }

    fn key(&mut self, parameter: &str, key: &ExprStringLiteral) {
        if let Some(function) = self.current.and_then(|i| self.out.functions.get_mut(i)) {
            function.keys.push(ParamUse {
                parameter: parameter.to_owned(),
                item: string_item(key),
            });
        }
    }

    fn attribute(&mut self, parameter: &str, item: Item) {
        if let Some(function) = self.current.and_then(|i| self.out.functions.get_mut(i)) {
            function.attributes.push(ParamUse {
                parameter: parameter.to_owned(),
                item,
            });
        }
    }

    /// A key used on `container`, if it is a parameter or `os.environ` (`read`: whether the
    /// use reads the environment variable).
    fn keyed(&mut self, container: &Expr, key: &ExprStringLiteral, read: bool) {
        if let Some(parameter) = self.parameter(container) {
            self.key(parameter, key);
        } else if read && self.is_environ(container) {
            self.out.env_reads.push(string_item(key));
        }
    }

    fn function(&mut self, def: &'s StmtFunctionDef) {
        // Evaluated where the function is defined.
        for decorator in &def.decorator_list {
            self.visit_decorator(decorator);
        }
        if let Some(type_params) = &def.type_params {
            self.visit_type_params(type_params);
        }
        self.visit_parameters(&def.parameters);
        if let Some(returns) = &def.returns {
            self.visit_annotation(returns);
        }

        let name = def.name.id.as_str();
        let (index, params) = if name.is_empty() {
            // A `def` the parser recovered without a name: not listed.
            self.path.push("?");
            (None, Vec::new())
        } else {
            self.path.push(name);
            let parameters: Vec<_> = def
                .parameters
                .iter_source_order()
                .map(|p| p.name())
                .collect();
            let index = self.out.functions.len();
            self.out.functions.push(Function {
                name: item(name, def.name.range),
                qualified: self.path.join("."),
                parameters: parameters
                    .iter()
                    .map(|p| item(p.id.as_str(), p.range))
                    .collect(),
                keys: Vec::new(),
                attributes: Vec::new(),
            });
            let params = parameters.iter().map(|p| p.id.as_str()).collect();
            (Some(index), params)
        };
        let current = std::mem::replace(&mut self.current, index);
        let params = std::mem::replace(&mut self.params, params);
        let hidden = std::mem::take(&mut self.hidden);
        self.visit_body(&def.body);
        self.current = current;
        self.params = params;
        self.hidden = hidden;
        self.path.pop();
    }

    fn class(&mut self, class: &'s StmtClassDef) {
        for decorator in &class.decorator_list {
            self.visit_decorator(decorator);
        }
        if let Some(type_params) = &class.type_params {
            self.visit_type_params(type_params);
        }
        if let Some(arguments) = &class.arguments {
            self.visit_arguments(arguments);
        }
        let name = class.name.id.as_str();
        self.path.push(if name.is_empty() { "?" } else { name });
        self.visit_body(&class.body);
        self.path.pop();
    }

    fn subscript(&mut self, subscript: &ExprSubscript) {
        if let Expr::StringLiteral(key) = subscript.slice.as_ref() {
            let read = matches!(subscript.ctx, ExprContext::Load);
            self.keyed(&subscript.value, key, read);
        }
    }

    /// `"k" in p`, `"X" not in os.environ`, also within a chain of comparisons.
    fn membership(&mut self, compare: &ExprCompare) {
        let mut left = compare.left.as_ref();
        for (op, right) in compare.ops.iter().zip(&compare.comparators) {
            if let (CmpOp::In | CmpOp::NotIn, Expr::StringLiteral(key)) = (op, left) {
                self.keyed(right, key, true);
            }
            left = right;
        }
    }

    fn call(&mut self, call: &'s ExprCall) {
        let arguments = &call.arguments;
        let first_string = match arguments.args.first() {
            Some(Expr::StringLiteral(string)) => Some(string),
            _ => None,
        };
        match call.func.as_ref() {
            Expr::Attribute(attribute) => match attribute.attr.id.as_str() {
                "add_argument" => self.argument(call),
                method if KEY_METHODS.contains(&method) => {
                    if let Some(key) = first_string {
                        self.keyed(&attribute.value, key, true);
                    }
                }
                _ => {}
            },
            Expr::Name(name) => match name.id.as_str() {
                "add_argument" => self.argument(call),
                function if ATTRIBUTE_FUNCTIONS.contains(&function) => {
                    let object = arguments.args.first().and_then(|o| self.parameter(o));
                    if let (Some(parameter), Some(Expr::StringLiteral(attribute))) =
                        (object, arguments.args.get(1))
                    {
                        self.attribute(parameter, string_item(attribute));
                    }
                }
                _ => {}
            },
            _ => {}
        }
        if self.is_getenv(&call.func) {
            let key = first_string.or_else(|| match arguments.find_keyword("key") {
                Some(keyword) => match &keyword.value {
                    Expr::StringLiteral(string) => Some(string),
                    _ => None,
                },
                None => None,
            });
            if let Some(key) = key {
                self.out.env_reads.push(string_item(key));
            }
        }
    }

    fn argument(&mut self, call: &ExprCall) {
        let options: Vec<&ExprStringLiteral> = call
            .arguments
            .args
            .iter()
            .filter_map(|arg| match arg {
                Expr::StringLiteral(string) => Some(string),
                _ => None,
            })
            .collect();
        let Some(first) = options.first() else {
            return;
        };
        let given = call
            .arguments
            .find_keyword("dest")
            .and_then(|keyword| match &keyword.value {
                Expr::StringLiteral(dest) => Some(string_item(dest)),
                _ => None,
            });
        let dest = given.unwrap_or_else(|| {
            let first_text = first.value.to_str();
            if !first_text.starts_with('-') {
                return string_item(first);
            }
            let chosen = options
                .iter()
                .find(|o| o.value.to_str().starts_with("--"))
                .unwrap_or(first);
            Item {
                text: argparse_dest(chosen.value.to_str()),
                range: range_of(chosen.range),
            }
        });
        self.out.arguments.push(Argument {
            dest,
            options: options
                .iter()
                .map(|o| o.value.to_str().to_owned())
                .collect(),
        });
    }

    /// Visits a lambda: its defaults where it is defined, its body with its parameters hiding
    /// the function's.
    fn lambda(&mut self, lambda: &'s ExprLambda) {
        let hidden = self.hidden.len();
        if let Some(parameters) = &lambda.parameters {
            for parameter in parameters.iter_non_variadic_params() {
                if let Some(default) = &parameter.default {
                    self.visit_expr(default);
                }
            }
            self.hidden
                .extend(parameters.iter().map(|p| p.name().id.as_str()));
        }
        self.visit_expr(&lambda.body);
        self.hidden.truncate(hidden);
    }

    /// Visits a comprehension with its targets' names hiding the function's parameters.
    fn comprehension(&mut self, expr: &'s Expr) {
        let generators = match expr {
            Expr::ListComp(comp) => &comp.generators,
            Expr::SetComp(comp) => &comp.generators,
            Expr::DictComp(comp) => &comp.generators,
            Expr::Generator(comp) => &comp.generators,
            _ => return source_order::walk_expr(self, expr),
        };
        let hidden = self.hidden.len();
        for generator in generators {
            bound_names(&generator.target, &mut self.hidden);
        }
        source_order::walk_expr(self, expr);
        self.hidden.truncate(hidden);
    }
}

/// Appends the names an assignment target binds (`a`, `(a, *b)`), without recursion.
fn bound_names<'s>(target: &'s Expr, out: &mut Vec<&'s str>) {
    let mut stack = vec![target];
    while let Some(expr) = stack.pop() {
        match expr {
            Expr::Name(name) => out.push(name.id.as_str()),
            Expr::Tuple(tuple) => stack.extend(tuple.elts.iter()),
            Expr::List(list) => stack.extend(list.elts.iter()),
            Expr::Starred(starred) => stack.push(&starred.value),
            _ => {}
        }
    }
}

fn item(text: &str, range: TextRange) -> Item {
    Item {
        text: text.to_owned(),
        range: range_of(range),
    }
}

fn string_item(string: &ExprStringLiteral) -> Item {
    item(string.value.to_str(), string.range)
}

impl<'s> SourceOrderVisitor<'s> for FactsVisitor<'s> {
    fn visit_stmt(&mut self, stmt: &'s Stmt) {
        if !self.enter() {
            return;
        }
        match stmt {
            Stmt::FunctionDef(def) => self.function(def),
            Stmt::ClassDef(class) => self.class(class),
            _ => source_order::walk_stmt(self, stmt),
        }
        self.leave();
    }

    fn visit_expr(&mut self, expr: &'s Expr) {
        if !self.enter() {
            return;
        }
        match expr {
            Expr::Subscript(subscript) => {
                self.subscript(subscript);
                source_order::walk_expr(self, expr);
            }
            Expr::Attribute(attribute) => {
                if let Some(parameter) = self.parameter(&attribute.value) {
                    let attr = item(attribute.attr.id.as_str(), attribute.attr.range);
                    self.attribute(parameter, attr);
                }
                self.visit_expr(&attribute.value);
            }
            Expr::Call(call) => {
                self.call(call);
                match call.func.as_ref() {
                    // A method call: the method is no attribute use.
                    Expr::Attribute(attribute) => self.visit_expr(&attribute.value),
                    func => self.visit_expr(func),
                }
                self.visit_arguments(&call.arguments);
            }
            Expr::Compare(compare) => {
                self.membership(compare);
                source_order::walk_expr(self, expr);
            }
            Expr::Lambda(lambda) => self.lambda(lambda),
            Expr::ListComp(_) | Expr::SetComp(_) | Expr::DictComp(_) | Expr::Generator(_) => {
                self.comprehension(expr);
            }
            _ => source_order::walk_expr(self, expr),
        }
        self.leave();
    }

    fn visit_pattern(&mut self, _pattern: &'s Pattern) {
        // Patterns hold no keys, attributes or calls.
    }
}

#[cfg(test)]
mod tests;
