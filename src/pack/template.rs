//! `{name}` templates used in messages, recommendations, details and path templates. `{{` and `}}`
//! stand for literal braces. Templates are parsed once, when a pack is compiled, against the names
//! the pack defines; rendering is then a plain walk over the pieces.

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
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
        Ok(Template { pieces })
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

    /// The template as people read it: its text as findings show it (`{{` and `}}` as one
    /// brace) with each variable as `{name}`, `names` being the variables by index.
    pub fn shown(&self, names: &[String]) -> String {
        let placeholders: Vec<String> = names.iter().map(|name| format!("{{{name}}}")).collect();
        let values: Vec<&str> = placeholders.iter().map(String::as_str).collect();
        self.render(&values)
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
    fn a_template_is_shown_with_its_variables_named_and_its_braces_single() {
        let t = Template::parse("{{\"job\": \"{script}\"}} in specs/{base_name}", lookup).unwrap();
        let names = ["script".to_owned(), "base_name".to_owned()];
        assert_eq!(
            t.shown(&names),
            "{\"job\": \"{script}\"} in specs/{base_name}"
        );
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
