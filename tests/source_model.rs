//! The Python source model (`rulecheck::python`): regions, docstrings, f-strings, Python 3.12
//! syntax, recovery from syntax errors, non-UTF-8 offsets, calls and their literal arguments,
//! dicts, assignments, imports and identifiers — what the engine reads — on small sources, including realistic SageMaker
//! registration code (kept here rather than beside the module, whose sources name no pack's
//! domain).

mod source_model {
    use std::ops::Range;

    use rulecheck::python::*;

    fn model(source: &str) -> SourceModel {
        SourceModel::parse(source.as_bytes())
    }

    /// Byte range of the `nth` (0-based) occurrence of `needle` in `haystack`.
    fn find_nth(haystack: &str, needle: &str, nth: usize) -> Range<usize> {
        let start = haystack
            .match_indices(needle)
            .nth(nth)
            .map(|(i, _)| i)
            .unwrap_or_else(|| panic!("{needle:?} #{nth} not in source"));
        start..start + needle.len()
    }

    fn find(haystack: &str, needle: &str) -> Range<usize> {
        find_nth(haystack, needle, 0)
    }

    fn regions<'a>(m: &SourceModel, src: &'a str) -> Vec<(RegionKind, &'a str)> {
        m.regions()
            .iter()
            .map(|r| (r.kind, &src[r.range.clone()]))
            .collect()
    }

    /// The text of every identifier, in source order.
    fn names<'a>(m: &SourceModel, src: &'a str) -> Vec<&'a str> {
        m.identifier_ranges()
            .iter()
            .map(|r| &src[r.clone()])
            .collect()
    }

    fn call<'m>(m: &'m SourceModel, callee: &str) -> &'m Call {
        m.calls()
            .iter()
            .find(|c| c.callee == callee)
            .unwrap_or_else(|| panic!("no call to {callee}"))
    }

    fn str_kw<'c>(call: &'c Call, name: &str) -> Option<&'c str> {
        call.keyword(name)?.value.as_ref()?.value.as_str()
    }

    #[test]
    fn comment_excludes_line_break_and_region_boundaries_are_exact() {
        let src = "a = 1 # c\r\nb = 'x'\n#end";
        let m = model(src);
        assert_eq!(
            regions(&m, src),
            [
                (RegionKind::Comment, "# c"),
                (RegionKind::String, "'x'"),
                (RegionKind::Comment, "#end"),
            ]
        );
        let string = find(src, "'x'");
        assert_eq!(m.region_at(string.start - 1), RegionKind::Code);
        assert_eq!(m.region_at(string.start), RegionKind::String);
        assert_eq!(m.region_at(string.end - 1), RegionKind::String);
        assert_eq!(m.region_at(string.end), RegionKind::Code);
        assert_eq!(m.region_at(src.len()), RegionKind::Code);
        assert_eq!(m.region_at(usize::MAX), RegionKind::Code);
    }

    #[test]
    fn docstrings_follow_ast_get_docstring() {
        let src = r#""""Module doc."""
x = "not a doc"
"second statement"

class C:
    'class doc' "continued"

    def method(self):
        """method doc"""
        return "value"

def f():
    x = 1
    "not first"

def g():
    b"bytes are not docstrings"

def h():
    f"f-strings are not docstrings"

async def a():
    ("parenthesized doc")
"#;
        let m = model(src);
        assert_eq!(
            regions(&m, src),
            [
                (RegionKind::Docstring, r#""""Module doc.""""#),
                (RegionKind::String, r#""not a doc""#),
                (RegionKind::String, r#""second statement""#),
                (RegionKind::Docstring, "'class doc'"),
                (RegionKind::Docstring, r#""continued""#),
                (RegionKind::Docstring, r#""""method doc""""#),
                (RegionKind::String, r#""value""#),
                (RegionKind::String, r#""not first""#),
                (RegionKind::String, r#"b"bytes are not docstrings""#),
                (RegionKind::String, r#"f"f-strings are not docstrings""#),
                (RegionKind::Docstring, r#""parenthesized doc""#),
            ]
        );
    }

    #[test]
    fn fstrings_are_one_region_including_nested_pep701_fstrings() {
        let src = r#"a = f"{x!r:{w}}"
b = f"{f'{y}'}"
c = f"{f"{z}"}" "plain" f'{u}'
d = f"""multi
{v}
"""
"#;
        let m = model(src);
        assert!(m.syntax_errors().is_empty(), "{:?}", m.syntax_errors());
        assert_eq!(
            regions(&m, src),
            [
                (RegionKind::String, r#"f"{x!r:{w}}""#),
                (RegionKind::String, r#"f"{f'{y}'}""#),
                (RegionKind::String, r#"f"{f"{z}"}""#),
                (RegionKind::String, r#""plain""#),
                (RegionKind::String, "f'{u}'"),
                (RegionKind::String, "f\"\"\"multi\n{v}\n\"\"\""),
            ]
        );
        assert_eq!(
            names(&m, src),
            ["a", "x", "w", "b", "y", "c", "z", "u", "d", "v"]
        );
        let x = find(src, "x!r");
        assert_eq!(m.region_at(x.start), RegionKind::String);
    }

    #[test]
    fn fstring_without_replacement_fields_is_a_literal_and_with_them_is_not() {
        let m = model("a = f'abc' 'def'\nb = f'{x}'\nc = f'{{literal}}'\n");
        let values: Vec<Option<&str>> = m
            .assignments()
            .iter()
            .map(|a| a.value.as_ref().and_then(|v| v.value.as_str()))
            .collect();
        assert_eq!(values, [Some("abcdef"), None, Some("{literal}")]);
    }

    #[test]
    fn type_alias_statement_is_parsed() {
        let src = "type X = int\ntype Pair[T] = tuple[T, T]\n";
        let m = model(src);
        assert!(m.syntax_errors().is_empty(), "{:?}", m.syntax_errors());
        assert_eq!(names(&m, src), ["X", "int", "Pair", "T", "tuple", "T", "T"]);
    }

    #[test]
    fn match_statement_is_parsed_with_patterns_and_calls() {
        let src = r#"match command:
    case Point(x=0, y=yy):
        handle(yy, mode="point")
    case {"status": "Approved", **rest}:
        approve(rest)
    case [first, *others] if first:
        pass
    case _:
        fallback()
"#;
        let m = model(src);
        assert!(m.syntax_errors().is_empty(), "{:?}", m.syntax_errors());
        let callees: Vec<&str> = m.calls().iter().map(|c| c.callee.as_str()).collect();
        assert_eq!(callees, ["handle", "approve", "fallback"]);
        assert_eq!(str_kw(call(&m, "handle"), "mode"), Some("point"));
        let names = names(&m, src);
        for captured in ["x", "y", "yy", "rest", "first", "others"] {
            assert!(names.contains(&captured), "{captured} in {names:?}");
        }
        assert_eq!(
            regions(&m, src)
                .iter()
                .filter(|(k, _)| *k == RegionKind::String)
                .count(),
            3
        );
    }

    #[test]
    fn syntax_error_still_yields_the_calls_around_it() {
        let src = r#"def before():
    setup(1)

x = = 2
print("after error"

class After:
    def method(self):
        call_after(k="v")
"#;
        let m = model(src);
        assert!(!m.syntax_errors().is_empty());
        let error = &m.syntax_errors()[0];
        assert!(!error.message.is_empty());
        assert!(error.offset >= find(src, "= =").start);
        let callees: Vec<&str> = m.calls().iter().map(|c| c.callee.as_str()).collect();
        assert_eq!(callees, ["setup", "print", "call_after"]);
        assert_eq!(str_kw(call(&m, "call_after"), "k"), Some("v"));
    }

    #[test]
    fn unterminated_strings_and_fstrings_do_not_swallow_following_lines() {
        let src =
            "a = f\"abc {x\nb = 'unterminated\nc = 1  # comment\ng(f\"q, 1,\n  2)\nd = 'ok'\n";
        let m = model(src);
        assert!(!m.syntax_errors().is_empty());
        assert_eq!(
            m.region_at(find(src, "# comment").start),
            RegionKind::Comment
        );
        assert_eq!(m.region_at(find(src, "c = 1").start), RegionKind::Code);
        assert_eq!(m.region_at(find(src, "'ok'").start), RegionKind::String);
        assert_eq!(m.region_at(find(src, "d =").start), RegionKind::Code);
        assert_eq!(m.region_at(find(src, "abc").start), RegionKind::String);
        assert_eq!(
            m.region_at(find(src, "unterminated").start),
            RegionKind::String
        );
    }

    #[test]
    fn valid_utf8_and_bom_offsets_are_bytes() {
        let src = "\u{feff}# é comment\nx = 'ü'  # après\n";
        let m = model(src);
        assert_eq!(
            regions(&m, src),
            [
                (RegionKind::Comment, "# é comment"),
                (RegionKind::String, "'ü'"),
                (RegionKind::Comment, "# après"),
            ]
        );
        assert_eq!(m.regions()[0].range.start, 3);
    }

    #[test]
    fn empty_and_whitespace_inputs_yield_empty_models() {
        for src in ["", "\n", "\u{feff}", "   \n\t\n", "\\"] {
            let m = model(src);
            assert!(m.regions().is_empty(), "{src:?}");
            assert!(
                m.identifier_ranges().is_empty() && m.calls().is_empty(),
                "{src:?}"
            );
        }
    }

    #[test]
    fn nested_dicts_in_call_arguments_have_their_keys_and_literal_values() {
        let src = r#"x = {"outer": f(config={"a": {"b": [1, {"c": -2.5}]}, 3: "int key"}, extra=[{"d": None}])}
"#;
        let m = model(src);
        let f = call(&m, "f");
        let dicts: Vec<Vec<&str>> = m
            .call_dicts(f)
            .iter()
            .map(|d| d.entries.iter().map(|e| e.key.as_str()).collect())
            .collect();
        assert_eq!(dicts, [vec!["a"], vec!["b"], vec!["c"], vec!["d"]]);
        let c = &m.call_dicts(f)[2].entries[0];
        assert_eq!(
            c.value.as_ref().map(|v| &v.value),
            Some(&Literal::Float(-2.5))
        );
        let config = f
            .keyword("config")
            .and_then(|k| k.value.as_ref())
            .expect("dict");
        let keys: Vec<&Literal> = config
            .nested_dict_entries()
            .into_iter()
            .map(|(key, _)| &key.value)
            .collect();
        assert_eq!(
            keys,
            [
                &Literal::Str("a".into()),
                &Literal::Str("b".into()),
                &Literal::Str("c".into()),
                &Literal::Int(3)
            ]
        );
    }

    #[test]
    fn literal_conversion_covers_constants_and_never_guesses() {
        let src = r#"s = "a" 'b'
b = b"\x00\xff"
i = -42
big = 123456789012345678901234567890
neg_big = -9223372036854775808
fl = 1.5e3
cx = 2j
t = True
n = None
e = ...
tup = 1, "two"
st = {1}
lst = [1, name, call(), make()()]
star = [*items]
dstar = {**base}
name_value = other
attr = obj.attr
op = 1 + 2
x: str = "annotated"
y: int
a = b2 = "chained"
p, q = 1, 2
"#;
        let m = model(src);
        let value = |name: &str| {
            m.assignments()
                .iter()
                .find(|a| a.target == name)
                .unwrap_or_else(|| panic!("no assignment to {name}"))
                .value
                .as_ref()
                .map(|v| v.value.clone())
        };
        assert_eq!(value("s"), Some(Literal::Str("ab".into())));
        assert_eq!(value("b"), Some(Literal::Bytes(vec![0, 255])));
        assert_eq!(value("i"), Some(Literal::Int(-42)));
        assert_eq!(
            value("big"),
            Some(Literal::Number("123456789012345678901234567890".into()))
        );
        assert_eq!(
            value("neg_big"),
            Some(Literal::Number("-9223372036854775808".into()))
        );
        assert_eq!(value("fl"), Some(Literal::Float(1500.0)));
        assert_eq!(value("cx"), Some(Literal::Number("2j".into())));
        assert_eq!(value("t"), Some(Literal::Bool(true)));
        assert_eq!(value("n"), Some(Literal::None));
        assert_eq!(value("e"), Some(Literal::Ellipsis));
        let Some(Literal::Tuple(items)) = value("tup") else {
            panic!("tuple expected");
        };
        assert_eq!(items[1].value, Literal::Str("two".into()));
        assert!(matches!(value("st"), Some(Literal::Set(items)) if items.len() == 1));
        let Some(Literal::List(items)) = value("lst") else {
            panic!("list expected");
        };
        let kinds: Vec<&Literal> = items.iter().map(|i| &i.value).collect();
        // A call of a named callee is a reference to the model's call; a call of a call's
        // result is not a literal.
        let Literal::Call { callee } = kinds[2] else {
            panic!("a call of a named callee is a call literal: {:?}", kinds[2]);
        };
        assert_eq!(m.call_at(callee).map(|c| c.callee.as_str()), Some("call"));
        assert_eq!(
            [kinds[0], kinds[1], kinds[3]],
            [&Literal::Int(1), &Literal::Unknown, &Literal::Unknown]
        );
        for non_literal in ["star", "dstar", "name_value", "attr", "op"] {
            assert_eq!(value(non_literal), None, "{non_literal}");
        }
        assert_eq!(value("x"), Some(Literal::Str("annotated".into())));
        assert!(m.assignments().iter().all(|a| a.target != "y"));
        assert_eq!(value("a"), Some(Literal::Str("chained".into())));
        assert_eq!(value("b2"), Some(Literal::Str("chained".into())));
        assert!(
            m.assignments()
                .iter()
                .all(|a| a.target != "p" && a.target != "q")
        );
    }

    #[test]
    fn imports_record_modules_names_and_split_identifiers() {
        let src =
            "import a.b as c, d\nfrom ..x.y import z as w, v\nfrom . import q\nfrom m import *\n";
        let m = model(src);
        let imports = m.imports();
        assert_eq!(imports.len(), 4);
        assert_eq!(imports[0].kind, ImportKind::Import);
        assert_eq!(imports[0].module, None);
        assert_eq!(imports[0].names, ["a.b", "d"]);
        assert_eq!(imports[1].kind, ImportKind::From);
        assert_eq!(imports[1].module.as_deref(), Some("x.y"));
        assert_eq!(imports[1].names, ["z", "v"]);
        assert_eq!(imports[2].module, None);
        assert_eq!(imports[3].names, ["*"]);
        assert_eq!(
            names(&m, src),
            ["a", "b", "c", "d", "x", "y", "z", "w", "v", "q", "m"]
        );
    }

    #[test]
    fn imports_record_their_level_and_the_statement_range() {
        let src =
            "import a.b as c, d\nfrom ..x.y import (z,\n  v)\nfrom . import q\nfrom m import *\n";
        let m = model(src);
        let imports = m.imports();
        let levels: Vec<u32> = imports.iter().map(|i| i.level).collect();
        assert_eq!(levels, [0, 2, 1, 0]);
        let texts: Vec<&str> = imports.iter().map(|i| &src[i.range.clone()]).collect();
        assert_eq!(
            texts,
            [
                "import a.b as c, d",
                "from ..x.y import (z,\n  v)",
                "from . import q",
                "from m import *"
            ]
        );
    }

    #[test]
    fn identifiers_cover_names_attributes_and_keywords() {
        let src = "result = obj.attr.method(key=value)\nglobal g\ntry:\n    pass\nexcept E as err:\n    pass\nf = lambda p: p\n";
        let m = model(src);
        assert_eq!(
            names(&m, src),
            [
                "result", "obj", "attr", "method", "key", "value", "g", "E", "err", "f", "p", "p"
            ]
        );
    }

    #[test]
    fn callee_rendering_for_non_name_bases_and_long_chains() {
        let src = format!(
            "\"-\".join(x)\nsteps[0].run()\nf()()\n(a or b).c()\nx{}.last()\n",
            ".y".repeat(100)
        );
        let m = model(&src);
        let rendered: Vec<(&str, Option<&str>, Option<&str>)> = m
            .calls()
            .iter()
            .map(|c| (c.callee.as_str(), c.dotted_name(), c.method_name()))
            .collect();
        assert_eq!(rendered[0], ("?.join", None, Some("join")));
        assert_eq!(rendered[1], ("steps[].run", None, Some("run")));
        assert_eq!(rendered[2], ("f()", None, None));
        assert_eq!(rendered[3], ("f", Some("f"), Some("f")));
        assert_eq!(rendered[4], ("?.c", None, Some("c")));
        let long = rendered[5];
        assert!(
            long.0.starts_with("?.y.y") && long.0.ends_with(".y.last"),
            "{}",
            long.0
        );
        assert_eq!((long.1, long.2), (None, Some("last")));
    }

    #[test]
    fn deeply_nested_code_does_not_overflow_the_stack() {
        // Moderately deep: analysed completely (on a large-stack thread).
        let src = format!(
            "x = {}1{}\nf(k='v')\n",
            "-(".repeat(2_000),
            ")".repeat(2_000)
        );
        let m = model(&src);
        assert!(m.syntax_errors().is_empty());
        assert_eq!(str_kw(call(&m, "f"), "k"), Some("v"));
        // Absurdly deep: cut off, but no crash, and the rest of the file is modelled.
        let src = format!("a()\nx = {}1\nb()\n", "-".repeat(200_000));
        let m = model(&src);
        let callees: Vec<&str> = m.calls().iter().map(|c| c.callee.as_str()).collect();
        assert_eq!(callees, ["a", "b"]);
        let src = format!(
            "x = [{}]\ny()\n",
            "[".repeat(100_000) + &"]".repeat(100_000)
        );
        let m = model(&src);
        assert_eq!(m.calls().len(), 1);
    }

    #[test]
    fn keyword_only_in_comment_is_classified_as_comment() {
        let src = "x = 1  # metadata: approved\n# description\ny = 2\n";
        let m = model(src);
        assert_eq!(
            regions(&m, src),
            [
                (RegionKind::Comment, "# metadata: approved"),
                (RegionKind::Comment, "# description"),
            ]
        );
        assert_eq!(
            m.region_at(find(src, "metadata").start),
            RegionKind::Comment
        );
        assert_eq!(
            m.region_at(find(src, "description").start),
            RegionKind::Comment
        );
        assert_eq!(m.region_at(find(src, "y =").start), RegionKind::Code);
        assert_eq!(names(&m, src), ["x", "y"]);
    }

    #[test]
    fn invalid_utf8_keeps_exact_byte_offsets() {
        let src: &[u8] = b"# caf\xe9 metadata\ns = '\xe9t\xe9'\ndef f\xff(): pass\nname = 'ok'\n";
        let m = SourceModel::parse(src);
        let comment_end = src.iter().position(|&b| b == b'\n').unwrap_or_default();
        let spans: Vec<(RegionKind, Range<usize>)> = m
            .regions()
            .iter()
            .map(|r| (r.kind, r.range.clone()))
            .collect();
        assert_eq!(spans[0], (RegionKind::Comment, 0..comment_end));
        let quote = comment_end + 5;
        assert_eq!(spans[1], (RegionKind::String, quote..quote + 5));
        let ok = src
            .windows(4)
            .position(|w| w == b"'ok'")
            .unwrap_or_default();
        assert_eq!(spans.last(), Some(&(RegionKind::String, ok..ok + 4)));
        let assignment = m.assignments().last().expect("assignment to name");
        assert_eq!(assignment.target, "name");
        assert!(
            !m.syntax_errors().is_empty(),
            "the placeholder in `f\\xff` is not valid syntax"
        );
    }

    #[test]
    fn parameter_string_keyword_literals() {
        let src = r#"from sagemaker.workflow.parameters import ParameterString
model_approval_status = ParameterString(
    name="ModelApprovalStatus", default_value="PendingManualApproval"
)
"#;
        let m = model(src);
        let c = call(&m, "ParameterString");
        assert_eq!(c.dotted_name(), Some("ParameterString"));
        assert_eq!(c.method_name(), Some("ParameterString"));
        assert_eq!(str_kw(c, "name"), Some("ModelApprovalStatus"));
        assert_eq!(str_kw(c, "default_value"), Some("PendingManualApproval"));
        let kw = c.keyword("default_value").expect("keyword");
        assert_eq!(&src[kw.name_range.clone()], "default_value");
        let a = &m.assignments()[0];
        assert_eq!(a.target, "model_approval_status");
        // The assigned value is the call itself, by reference.
        let Some(Literal::Call { callee }) = a.value.as_ref().map(|v| &v.value) else {
            panic!("a call literal: {:?}", a.value);
        };
        assert_eq!(m.call_at(callee), Some(c));
    }

    #[test]
    fn register_model_keywords_and_metadata_dict() {
        let src = r#"import sagemaker
step = sagemaker.workflow.step_collections.RegisterModel(
    name="Register",
    estimator=estimator,
    approval_status="Approved",
    customer_metadata_properties={"a": "b"},
)
"#;
        let m = model(src);
        let c = call(&m, "sagemaker.workflow.step_collections.RegisterModel");
        assert_eq!(c.method_name(), Some("RegisterModel"));
        assert_eq!(str_kw(c, "approval_status"), Some("Approved"));
        assert_eq!(c.keyword("estimator").and_then(|k| k.value.as_ref()), None);
        let metadata = c
            .keyword("customer_metadata_properties")
            .and_then(|k| k.value.as_ref())
            .expect("literal dict");
        assert_eq!(
            metadata.value.dict_get("a").and_then(|v| v.value.as_str()),
            Some("b")
        );
        let dicts = m.call_dicts(c);
        assert_eq!(dicts.len(), 1);
        assert_eq!(dicts[0].entries[0].key, "a");
        assert_eq!(&src[dicts[0].entries[0].key_range.clone()], "\"a\"");
    }

    #[test]
    fn model_register_nested_in_model_step() {
        let src = r#"def build(model, approval_status):
    step_args = model.register(
        content_types=["text/csv"],
        approval_status=approval_status,
        customer_metadata_properties={"team": {"name": "ml"}},
    )
    step = ModelStep(
        name="RegisterModel",
        step_args=model.register(approval_status="PendingManualApproval", tags=[{"Key": "k"}]),
    )
    return step
"#;
        let m = model(src);
        let callees: Vec<&str> = m.calls().iter().map(|c| c.callee.as_str()).collect();
        assert_eq!(callees, ["model.register", "ModelStep", "model.register"]);
        let first = &m.calls()[0];
        assert_eq!(first.method_name(), Some("register"));
        let types = first
            .keyword("content_types")
            .and_then(|k| k.value.as_ref());
        assert_eq!(
            types.and_then(|v| v.value.elements()).map(|e| e.len()),
            Some(1)
        );
        let nested: Vec<&str> = m
            .call_dicts(first)
            .iter()
            .map(|d| d.entries[0].key.as_str())
            .collect();
        assert_eq!(nested, ["team", "name"]);

        let step = call(&m, "ModelStep");
        let inner = &m.calls()[2];
        assert_eq!(
            str_kw(inner, "approval_status"),
            Some("PendingManualApproval")
        );
        let step_args = step.keyword("step_args").and_then(|k| k.value.as_ref());
        let Some(Literal::Call { callee }) = step_args.map(|v| &v.value) else {
            panic!("the nested call, by reference: {step_args:?}");
        };
        assert_eq!(m.call_at(callee), Some(inner));
        // Dicts inside the nested call are also inside ModelStep's arguments.
        assert_eq!(m.call_dicts(step).len(), 1);
        assert_eq!(m.call_dicts(inner).len(), 1);

        let assignments: Vec<&str> = m.assignments().iter().map(|a| a.target.as_str()).collect();
        assert_eq!(assignments, ["step_args", "step"]);
    }

    #[test]
    fn boto3_create_model_package_with_tags() {
        let src = r#"import boto3
client = boto3.client("sagemaker")
client.create_model_package(
    ModelPackageGroupName="g",
    ModelApprovalStatus="Approved",
    Tags=[{"Key": "k", "Value": "v"}],
)
boto3.client("sagemaker").create_model_package(ModelApprovalStatus=status)
"#;
        let m = model(src);
        let c = call(&m, "client.create_model_package");
        assert_eq!(str_kw(c, "ModelPackageGroupName"), Some("g"));
        assert_eq!(str_kw(c, "ModelApprovalStatus"), Some("Approved"));
        let tags = c
            .keyword("Tags")
            .and_then(|k| k.value.as_ref())
            .expect("tags");
        let tags = tags.value.elements().expect("list");
        assert_eq!(tags.len(), 1);
        let key = tags[0].value.dict_get("Key").expect("Key");
        assert_eq!(key.value.as_str(), Some("k"));
        assert_eq!(&src[key.range.clone()], "\"k\"");
        assert_eq!(
            tags[0]
                .value
                .dict_get("Value")
                .and_then(|v| v.value.as_str()),
            Some("v")
        );
        let dicts = m.call_dicts(c);
        assert_eq!(dicts.len(), 1);
        let keys: Vec<&str> = dicts[0].entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["Key", "Value"]);

        let chained = call(&m, "boto3.client().create_model_package");
        assert_eq!(chained.dotted_name(), None);
        assert_eq!(chained.method_name(), Some("create_model_package"));
        assert_eq!(
            chained
                .keyword("ModelApprovalStatus")
                .map(|k| k.value.is_none()),
            Some(true)
        );
        let client = call(&m, "boto3.client");
        assert_eq!(
            client.args[0].value.as_ref().and_then(|v| v.value.as_str()),
            Some("sagemaker")
        );
    }

    #[test]
    fn dict_unpacking_entries_are_keyword_arguments() {
        let src = r#"f(a=1, **{"ModelApprovalStatus": "Approved", "n": 2})
g(**kwargs)
h(**{"ok": 1, key: 2})
"#;
        let m = model(src);
        let f = call(&m, "f");
        let kws: Vec<&str> = f.keywords.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(kws, ["a", "ModelApprovalStatus", "n"]);
        assert_eq!(str_kw(f, "ModelApprovalStatus"), Some("Approved"));
        let status = f.keyword("ModelApprovalStatus").expect("keyword");
        assert_eq!(&src[status.name_range.clone()], "\"ModelApprovalStatus\"");
        assert_eq!(m.call_dicts(f).len(), 1);
        assert!(call(&m, "g").keywords.is_empty());
        let h = call(&m, "h");
        assert_eq!(h.keywords.len(), 1);
        assert_eq!(m.call_dicts(h)[0].entries.len(), 1);
    }

    /// The keys that reach the arguments of the call to `callee`, in source order.
    fn reaching_keys(m: &SourceModel, callee: &str) -> Vec<String> {
        let mut facts: Vec<&Fact> = call(m, callee).flow.reach.iter().collect();
        facts.sort_by_key(|f| f.key_range.start);
        facts.iter().map(|f| f.key.clone()).collect()
    }

    #[test]
    fn keys_stored_into_a_dict_reach_the_call_that_unpacks_it() {
        let src = "req = {'A': 1}\nreq['B'] = 2\nreq.update(C=3)\nreq.setdefault('D', {})['E'] = 4\nclient.create(**req)\n";
        let m = model(src);
        assert_eq!(
            reaching_keys(&m, "client.create"),
            ["A", "B", "C", "D", "E"]
        );
    }

    #[test]
    fn a_dict_passed_to_another_call_does_not_reach_the_one_that_follows() {
        let src = "audit = {'A': 1}\nlog.info(audit)\nclient.create(B=2)\n";
        let m = model(src);
        assert_eq!(reaching_keys(&m, "client.create"), ["B"]);
        assert_eq!(reaching_keys(&m, "log.info"), ["A"]);
    }

    #[test]
    fn a_helper_s_returned_dict_reaches_through_a_name_and_through_unpacking() {
        let src = "def make(x):\n    r = dict(A=x)\n    return {**r, 'B': 'lit'}\n\nreq = make(1)\nfirst(**req)\nsecond(**make(2))\n";
        let m = model(src);
        assert_eq!(reaching_keys(&m, "first"), ["A", "B"]);
        assert_eq!(reaching_keys(&m, "second"), ["A", "B"]);
        let b = call(&m, "first").flow.reach.iter().find(|f| f.key == "B");
        let values: Vec<_> = b
            .map(|f| f.values.iter().map(|v| v.value.clone()).collect())
            .unwrap_or_default();
        assert_eq!(values, [Literal::Str("lit".into())]);
    }

    #[test]
    fn a_wrapper_forwards_its_parameters_to_the_calls_they_reach() {
        let src = "def inner(**kw):\n    client.create(**kw)\n\ndef outer(**kw):\n    inner(**kw)\n\nouter(A=1)\n";
        let m = model(src);
        let create = m.calls().iter().position(|c| c.callee == "client.create");
        let outer = call(&m, "outer");
        assert!(outer.flow.in_file);
        // Through `inner(**kw)` (itself forwarded to) to `client.create(**kw)`.
        let forwards: Vec<_> = outer.flow.forwards.iter().copied().map(Some).collect();
        assert!(forwards.contains(&create), "{forwards:?}");
        assert!(!call(&m, "client.create").flow.in_file);
    }

    #[test]
    fn self_attributes_flow_between_the_methods_of_a_class() {
        let src = "class R:\n    def __init__(self):\n        self.extra = {'A': 1}\n\n    def go(self):\n        client.create(**self.extra)\n";
        let m = model(src);
        assert_eq!(reaching_keys(&m, "client.create"), ["A"]);
    }

    #[test]
    fn a_literal_bound_to_a_name_and_a_call_result_reach_as_sources_and_values() {
        let src = "STATUS = 'Ok'\np = Param(name='S', default='x')\nclient.create(S=STATUS, P=p)\n";
        let m = model(src);
        let create = call(&m, "client.create");
        let s = create.flow.reach.iter().find(|f| f.key == "S");
        assert_eq!(s.map(|f| f.values.len()), Some(1));
        let param = m.calls().iter().position(|c| c.callee == "Param");
        assert_eq!(
            create
                .flow
                .sources
                .iter()
                .copied()
                .map(Some)
                .collect::<Vec<_>>(),
            [param]
        );
    }

    #[test]
    fn a_value_changed_through_its_name_after_it_is_written_is_marked_altered() {
        let src = "whole = [1]\nappended = [1]\nappended.append(2)\nadded = [1]\nadded += [2]\nkeyed = {'A': 1}\nkeyed['B'] = 2\nupdated = {}\nupdated.update(C=3)\nobj = Make(a=1)\nobj.b = 2\nclient.create(W=whole, P=appended, G=added, K=keyed, U=updated, O=obj, I=[1])\n";
        let m = model(src);
        let create = call(&m, "client.create");
        let altered = |key: &str| {
            let fact = create.flow.reach.iter().find(|f| f.key == key);
            fact.map(|f| f.altered)
        };
        for key in ["W", "I"] {
            assert_eq!(altered(key), Some(false), "{key}");
        }
        for key in ["P", "G", "K", "U", "O"] {
            assert_eq!(altered(key), Some(true), "{key}");
        }
    }

    #[test]
    fn recursive_helpers_end_at_the_bound() {
        let src = "def a(d, n):\n    return b(d, n)\n\ndef b(d, n):\n    d['K'] = 1\n    if n:\n        return a(d, n - 1)\n    return d\n\nsend(**a({}, 3))\n";
        let m = model(src);
        assert_eq!(reaching_keys(&m, "send"), ["K"]);
    }

    #[test]
    fn import_aliases_are_resolved_for_callees() {
        let src = "def f():\n    from pkg.mod import Thing as T\n    import numpy as np\n    T(a=1)\n    np.mean(x)\n";
        let m = model(src);
        assert_eq!(call(&m, "T").unaliased.as_deref(), Some("pkg.mod.Thing"));
        assert_eq!(call(&m, "np.mean").unaliased.as_deref(), Some("numpy.mean"));
        assert_eq!(m.imports()[0].aliases, [Some("T".to_owned())]);
    }

    #[test]
    fn thousands_of_nested_calls_are_analysed_in_bounded_time() {
        let src = format!(
            "x = {}{{'K': 1}}{}\n",
            "f(".repeat(3_000),
            ")".repeat(3_000)
        );
        let m = model(&src);
        assert_eq!(m.calls().len(), 3_000);
        assert_eq!(reaching_keys(&m, "f"), ["K"]);
    }
}
