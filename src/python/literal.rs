//! Literal values: the expressions that are constants or displays of constants, converted
//! without evaluating anything, and calls of named callees, by reference to the model's call.

use ruff_python_ast::{Expr, FStringPart, InterpolatedStringElement, Number, UnaryOp};
use ruff_text_size::{Ranged, TextRange};

use super::{Literal, LiteralValue, range_of};

/// Maximum nesting depth of a literal value (lists in lists, ...); deeper values are
/// not converted.
const LITERAL_DEPTH_LIMIT: usize = 64;

/// Converts an expression to a literal value, if it is one (see [`Literal`]).
pub(super) fn literal(text: &str, expr: &Expr, depth: usize) -> Option<LiteralValue> {
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
        Expr::Call(call) if dotted(&call.func) => Literal::Call {
            callee: range_of(call.func.range()),
        },
        _ => return None,
    };
    Some(LiteralValue {
        value,
        range: range_of(expr.range()),
    })
}

/// Whether a callee is a name or an attribute chain of names (`a.b.c`).
fn dotted(mut callee: &Expr) -> bool {
    loop {
        match callee {
            Expr::Name(_) => return true,
            Expr::Attribute(attribute) => callee = &attribute.value,
            _ => return false,
        }
    }
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
