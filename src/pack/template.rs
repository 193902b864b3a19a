//! `{name}` templates used in messages, recommendations, details and path templates. `{{` and `}}`
//! stand for literal braces. Templates are parsed once, when a pack is compiled, against the names
//! the pack defines; rendering is then a plain walk over the pieces.

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    source: String,
    pieces: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Var(usize),
}

/// Why a template does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    /// `{name}` where `name` is not defined.
    UnknownVariable(String),
    /// A `{` with no matching `}`, or a `}` with no `{`.
    UnbalancedBrace,
}

impl Template {
    /// Parses `source`, turning each `{name}` into the index `lookup` gives for it.
    pub fn parse(
        source: &str,
        lookup: impl Fn(&str) -> Option<usize>,
    ) -> Result<Template, TemplateError> {
        let mut pieces = Vec::new();
        let mut text = String::new();
        let mut rest = source;
        while let Some(i) = rest.find(['{', '}']) {
            text.push_str(&rest[..i]);
            let tail = &rest[i..];
            if tail.starts_with("{{") || tail.starts_with("}}") {
                text.push_str(&tail[..1]);
                rest = &tail[2..];
                continue;
            }
            if tail.starts_with('}') {
                return Err(TemplateError::UnbalancedBrace);
            }
            let close = tail.find('}').ok_or(TemplateError::UnbalancedBrace)?;
            let name = tail[1..close].trim();
            if name.contains('{') {
                return Err(TemplateError::UnbalancedBrace);
            }
            let index =
                lookup(name).ok_or_else(|| TemplateError::UnknownVariable(name.to_owned()))?;
            if !text.is_empty() {
                pieces.push(Part::Text(std::mem::take(&mut text)));
            }
            pieces.push(Part::Var(index));
            rest = &tail[close + 1..];
        }
        text.push_str(rest);
        if !text.is_empty() {
            pieces.push(Part::Text(text));
        }
        Ok(Template {
            source: source.to_owned(),
            pieces,
        })
    }

    /// The template with each variable replaced by `values[index]` (empty when out of range).
    pub fn render(&self, values: &[&str]) -> String {
        let value = |index: usize| values.get(index).copied().unwrap_or("");
        let length = self
            .pieces
            .iter()
            .map(|piece| match piece {
                Part::Text(text) => text.len(),
                Part::Var(index) => value(*index).len(),
            })
            .sum();
        let mut out = String::with_capacity(length);
        for piece in &self.pieces {
            match piece {
                Part::Text(text) => out.push_str(text),
                Part::Var(index) => out.push_str(value(*index)),
            }
        }
        out
    }

    /// The template as written in the pack.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether the template uses variable `index`.
    pub fn uses(&self, index: usize) -> bool {
        self.pieces.contains(&Part::Var(index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(name: &str) -> Option<usize> {
        ["script", "base_name"].iter().position(|n| *n == name)
    }

    #[test]
    fn variables_are_replaced_and_text_kept() {
        let t = Template::parse("specs/{base_name}_spec.py for {script}", lookup).unwrap();
        assert_eq!(t.render(&["a_job.py", "a"]), "specs/a_spec.py for a_job.py");
        assert!(t.uses(1));
    }

    #[test]
    fn doubled_braces_are_literal() {
        let t = Template::parse("{{not}} {script}}}", lookup).unwrap();
        assert_eq!(t.render(&["x"]), "{not} x}");
    }

    #[test]
    fn unknown_variable_is_named() {
        assert_eq!(
            Template::parse("{base}", lookup),
            Err(TemplateError::UnknownVariable("base".into()))
        );
    }

    #[test]
    fn unbalanced_braces_are_rejected() {
        for bad in ["{script", "script}", "{sc{ript}"] {
            assert_eq!(
                Template::parse(bad, lookup),
                Err(TemplateError::UnbalancedBrace),
                "{bad}"
            );
        }
    }
}
