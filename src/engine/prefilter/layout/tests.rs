//! Tests of the light tokenizer: logical lines and opaque spans of Python snippets, f-strings
//! and their fields, specs and escapes included.

use super::*;

/// The logical lines of `code`, as text.
fn lines(code: &str) -> Vec<&str> {
    let layout = Layout::new(code.as_bytes());
    let mut starts = layout.line_starts.clone();
    starts.push(code.len());
    starts
        .windows(2)
        .map(|w| &code[w[0]..w[1]])
        .filter(|line| !line.is_empty())
        .collect()
}

/// The opaque spans of `code`, as text.
fn opaque(code: &str) -> Vec<(&str, Opaque)> {
    Layout::new(code.as_bytes())
        .opaque
        .into_iter()
        .map(|(r, kind)| (&code[r], kind))
        .collect()
}

#[test]
fn newlines_inside_brackets_and_after_backslashes_do_not_end_a_line() {
    assert_eq!(
        lines("a = f(\n  x=1)\nb = 1 + \\\n 2\nc = [\n]\n"),
        ["a = f(\n  x=1)\n", "b = 1 + \\\n 2\n", "c = [\n]\n"]
    );
}

#[test]
fn semicolons_end_a_line_outside_brackets_only() {
    assert_eq!(lines("a = 1; f(x=[1; 2])"), ["a = 1;", " f(x=[1; 2])"]);
}

#[test]
fn strings_and_comments_are_opaque_and_hide_brackets_and_newlines() {
    use Opaque::*;
    let code = "f('(', \"\"\"a\n)\"\"\", rb'\\'') # c (\ng = 1\n";
    assert_eq!(
        opaque(code),
        [
            ("'('", String),
            ("\"\"\"a\n)\"\"\"", String),
            ("rb'\\''", String),
            ("# c (", Comment)
        ]
    );
    assert_eq!(lines(code).len(), 2, "{:?}", lines(code));
}

#[test]
fn an_unterminated_single_quoted_string_ends_at_its_line() {
    assert_eq!(lines("x = 'abc\ny = 1\n"), ["x = 'abc\n", "y = 1\n"]);
}

#[test]
fn a_name_that_is_not_a_prefix_does_not_change_the_string() {
    assert_eq!(
        opaque("x = bf'a'"),
        [("'a'", Opaque::String)],
        "bf is a name, then a plain string"
    );
    assert!(opaque("x = f'a'").is_empty(), "f-strings are not opaque");
}

#[test]
fn f_string_fields_hold_code_with_nested_quotes_brackets_and_specs() {
    let code = "x = f\"{d[\"k\"]:>{w}} {{lit}} {g(a=')')!r}\"\ny = 1\n";
    assert_eq!(
        lines(code),
        ["x = f\"{d[\"k\"]:>{w}} {{lit}} {g(a=')')!r}\"\n", "y = 1\n"]
    );
    assert_eq!(
        opaque(code),
        [("\"k\"", Opaque::String), ("')'", Opaque::String)]
    );
}

#[test]
fn a_newline_ends_a_single_quoted_f_string_but_not_a_triple_quoted_one() {
    assert_eq!(lines("x = f'{a\ny = 1\n"), ["x = f'{a\ny = 1\n"]);
    assert_eq!(lines("x = f'ab\ny = 1\n"), ["x = f'ab\n", "y = 1\n"]);
    assert_eq!(
        lines("x = f'''{a}\n(''' \ny = 1\n"),
        ["x = f'''{a}\n(''' \n", "y = 1\n"]
    );
}

#[test]
fn in_a_format_spec_the_enclosing_f_strings_quote_and_line_breaks_still_end_it() {
    // The single quote in the spec closes the f-string: what follows is a plain string.
    let code = "x = f'{a:x' + '('\ny = 1\n";
    assert_eq!(opaque(code), [("'('", Opaque::String)]);
    assert_eq!(lines(code), ["x = f'{a:x' + '('\n", "y = 1\n"]);
    // A line break ends a single-quoted f-string from its spec, not a triple-quoted one.
    assert_eq!(lines("x = f'{a:x\ny = 1\n"), ["x = f'{a:x\n", "y = 1\n"]);
    assert_eq!(
        lines("x = f'''{a:x\n}''' + (\n)\ny = 1\n"),
        ["x = f'''{a:x\n}''' + (\n)\n", "y = 1\n"]
    );
}

#[test]
fn crlf_and_lf_line_breaks_end_lines_once_each() {
    assert_eq!(
        lines("a = 1\r\nb = 2\r\n\r\nc = 3\n\nd = 4\re = 5"),
        [
            "a = 1\r\n",
            "b = 2\r\n",
            "\r\n",
            "c = 3\n",
            "\n",
            "d = 4\r",
            "e = 5"
        ]
    );
    // A backslash continues a line across either kind of break.
    assert_eq!(
        lines("a = 1 + \\\r\n 2\r\nb = 1 + \\\n 2\nc = 3\n"),
        ["a = 1 + \\\r\n 2\r\n", "b = 1 + \\\n 2\n", "c = 3\n"]
    );
}

#[test]
fn braces_at_the_top_level_nest_like_brackets() {
    assert_eq!(
        lines("x = {1: {2: 3}}\ny = {\n}\nz = 1\n"),
        ["x = {1: {2: 3}}\n", "y = {\n}\n", "z = 1\n"]
    );
}

#[test]
fn a_colon_at_a_fields_top_level_starts_its_spec_where_quotes_are_text() {
    // In the spec, `'` is text; the plain string after the f-string is opaque.
    let code = "x = f\"{a:'}\" + '('\ny = 1\n";
    assert_eq!(opaque(code), [("'('", Opaque::String)]);
    assert_eq!(lines(code), ["x = f\"{a:'}\" + '('\n", "y = 1\n"]);
    // Inside a bracket of the field, a colon is code (a slice, a lambda, a dict).
    let code = "x = f\"{d[1:2]}{ {'k': 1}['k'] }\" + '('\ny = 1\n";
    assert_eq!(
        opaque(code),
        [
            ("'k'", Opaque::String),
            ("'k'", Opaque::String),
            ("'('", Opaque::String)
        ]
    );
}

#[test]
fn a_fields_closing_brace_returns_to_the_f_strings_text() {
    // After `{a}`, `'` is the f-string's text, and `"` ends it.
    let code = "x = f\"{a}'(\" + '['\ny = 1\n";
    assert_eq!(opaque(code), [("'['", Opaque::String)]);
    assert_eq!(lines(code), ["x = f\"{a}'(\" + '['\n", "y = 1\n"]);
}

#[test]
fn plain_strings_end_only_at_their_own_closing_quotes() {
    use Opaque::String;
    // An escaped CRLF continues a single-quoted string; a lone or doubled quote does not end
    // a triple-quoted one.
    let code = "x = 'a\\\r\nb(' + f(\r\n)\r\nz = '''a'b''c(''' + 1\ny = 1\n";
    assert_eq!(
        opaque(code),
        [("'a\\\r\nb('", String), ("'''a'b''c('''", String)]
    );
    assert_eq!(
        lines(code),
        [
            "x = 'a\\\r\nb(' + f(\r\n)\r\n",
            "z = '''a'b''c(''' + 1\n",
            "y = 1\n"
        ]
    );
}

#[test]
fn an_escaped_quote_does_not_end_an_f_string() {
    assert_eq!(
        lines("x = f'\\'(' + g(\n)\ny = 1\n"),
        ["x = f'\\'(' + g(\n)\n", "y = 1\n"]
    );
}

#[test]
fn doubled_braces_in_f_string_text_are_text() {
    // `{{(` is text: no field opens, so the f-string still ends at its quote.
    let code = "x = f'{{(}}' + '('\ny = 1\n";
    assert_eq!(opaque(code), [("'('", Opaque::String)]);
    assert_eq!(lines(code), ["x = f'{{(}}' + '('\n", "y = 1\n"]);
}

#[test]
fn a_named_escape_ends_at_its_brace_or_where_the_f_string_or_its_line_does() {
    use Opaque::String;
    // Whole: the braces are the escape's, not a field.
    let code = "x = f'\\N{LEFT PARENTHESIS}(' + '('\ny = 1\n";
    assert_eq!(opaque(code), [("'('", String)]);
    // Whatever the escape's name holds, up to its brace: `{(` there opens nothing.
    let code = "x = f'\\N{a{(}' + '('\ny = 1\n";
    assert_eq!(opaque(code), [("'('", String)]);
    // Unterminated, at the f-string's quote, or at a line break (CRLF too).
    let code = "x = f'\\N{abc' + g(\n)\ny = 1\n";
    assert_eq!(lines(code), ["x = f'\\N{abc' + g(\n)\n", "y = 1\n"]);
    assert_eq!(
        lines("x = f'\\N{abc\ny = (\n)\n"),
        ["x = f'\\N{abc\n", "y = (\n)\n"]
    );
    assert_eq!(
        lines("x = f'\\N{abc\r\ny = (\r\n)\r\n"),
        ["x = f'\\N{abc\r\n", "y = (\r\n)\r\n"]
    );
    // In a raw f-string, `\N` is text and the braces hold a field, with its own strings.
    let code = "x = rf'\\N{d['(']}' + g(\n)\ny = 1\n";
    assert_eq!(opaque(code), [("'('", String)]);
    assert_eq!(lines(code), ["x = rf'\\N{d['(']}' + g(\n)\n", "y = 1\n"]);
    // So in an `fr` or `Rf` one.
    for prefix in ["fr", "Rf"] {
        let code = format!("x = {prefix}'\\N{{d['(']}}' + g(\n)\ny = 1\n");
        assert_eq!(opaque(&code), [("'('", String)], "{prefix}");
    }
}

#[test]
fn escapes_in_f_string_text_skip_one_character_or_a_crlf() {
    // `\{` is a backslash, then a field; `\\` is one escaped backslash, so the quote after
    // it ends the f-string.
    let code = "x = f'\\{a}\\\\' + '('\ny = 1\n";
    assert_eq!(opaque(code), [("'('", Opaque::String)]);
    // An escaped line break continues a single-quoted f-string, LF or CRLF.
    assert_eq!(
        lines("x = f'a\\\r\nb(' + g(\r\n)\r\ny = 1\r\n"),
        ["x = f'a\\\r\nb(' + g(\r\n)\r\n", "y = 1\r\n"]
    );
    assert_eq!(
        lines("x = f'a\\\nb(' + g(\n)\ny = 1\n"),
        ["x = f'a\\\nb(' + g(\n)\n", "y = 1\n"]
    );
}

#[test]
fn a_triple_quoted_f_string_ends_only_at_three_quotes() {
    let code = "x = f'''a'b''{c}(''' + '('\ny = 1\n";
    assert_eq!(opaque(code), [("'('", Opaque::String)]);
    assert_eq!(lines(code), ["x = f'''a'b''{c}(''' + '('\n", "y = 1\n"]);
}

#[test]
fn a_spec_ends_at_its_closing_brace_and_may_hold_fields() {
    // `{w}` in the spec is a field; the spec's `}` closes the outer field.
    let code = "x = f'{a:>{w}}(' + '('\ny = 1\n";
    assert_eq!(opaque(code), [("'('", Opaque::String)]);
    assert_eq!(lines(code), ["x = f'{a:>{w}}(' + '('\n", "y = 1\n"]);
    // A second field after a spec opens and closes as the first did.
    let code = "x = f'{a:x}{b}(' + '('\ny = 1\n";
    assert_eq!(opaque(code), [("'('", Opaque::String)]);
}

#[test]
fn a_field_holds_strings_in_the_f_strings_own_quotes() {
    // Python 3.12: a field may reuse the f-string's quote; the strings are opaque, and the
    // field's `}` and the spec's `:` leave them behind.
    let code = "x = f'{'x'}{'y':>3}(' + g(\n)\ny = 1\n";
    assert_eq!(
        opaque(code),
        [("'x'", Opaque::String), ("'y'", Opaque::String)]
    );
    assert_eq!(lines(code), ["x = f'{'x'}{'y':>3}(' + g(\n)\n", "y = 1\n"]);
}

#[test]
fn after_a_spec_doubled_braces_are_text_again() {
    assert_eq!(
        lines("x = f'{a:x}{{(' + g(\n)\ny = 1\n"),
        ["x = f'{a:x}{{(' + g(\n)\n", "y = 1\n"]
    );
    // The spec ends at its first `}`, even one a `}` follows (a lone `}` is then text).
    assert_eq!(
        lines("x = f'{a:x}}{{(' + g(\n)\ny = 1\n"),
        ["x = f'{a:x}}{{(' + g(\n)\n", "y = 1\n"]
    );
}

#[test]
fn named_escapes_and_escaped_quotes_stay_inside_the_f_string() {
    assert_eq!(
        lines("x = f'\\N{DIGIT ONE}\\' {a}'\ny = (\n)\n"),
        ["x = f'\\N{DIGIT ONE}\\' {a}'\n", "y = (\n)\n"]
    );
    assert_eq!(
        lines("x = rf'\\N{a}'\ny = 1\n"),
        ["x = rf'\\N{a}'\n", "y = 1\n"],
        "in a raw f-string, {{a}} is a field"
    );
}

#[test]
fn queries_find_the_line_start_and_the_opaque_span() {
    let code = "a = 1\nf(x, # note\n  'y')\n";
    let layout = Layout::new(code.as_bytes());
    let at = |s: &str| code.find(s).unwrap_or_else(|| panic!("{s} not in code"));
    assert_eq!(layout.line_start(at("'y'")), at("f("));
    assert_eq!(layout.line_start(0), 0);
    assert_eq!(layout.opaque_at(at("note")), Some(Opaque::Comment));
    assert_eq!(layout.opaque_at(at("'y'") + 1), Some(Opaque::String));
    assert_eq!(layout.opaque_at(at("x,")), None);
    assert_eq!(layout.opaque_at(code.len()), None);
}
