use super::*;
use crate::python::{SourceModel, Wants};

const FACTS: Wants = Wants {
    flow: false,
    facts: true,
};

fn facts(src: &str) -> Facts {
    SourceModel::parse_with(src.as_bytes(), FACTS)
        .facts()
        .cloned()
        .unwrap_or_default()
}

fn function<'f>(facts: &'f Facts, qualified: &str) -> &'f Function {
    let found = facts.functions.iter().find(|f| f.qualified == qualified);
    found.unwrap_or_else(|| panic!("no function {qualified} in {facts:#?}"))
}

/// `(parameter, key)` pairs, checking each key's range points at its literal in `src`.
fn uses(src: &str, uses: &[ParamUse]) -> Vec<(String, String)> {
    uses.iter()
        .map(|u| {
            let at = &src[u.item.range.clone()];
            assert!(
                at.trim_matches(['"', '\'']) == u.item.text,
                "{at} for {}",
                u.item.text
            );
            (u.parameter.clone(), u.item.text.clone())
        })
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

fn env(src: &str) -> Vec<String> {
    let facts = facts(src);
    for read in &facts.env_reads {
        assert_eq!(&src[read.range.clone()][1..read.text.len() + 1], read.text);
    }
    facts.env_reads.into_iter().map(|i| i.text).collect()
}

#[test]
fn an_entry_point_reads_keys_and_attributes_from_its_parameters() {
    let src = r#"
def main(input_paths, output_paths, environ_vars, job_args):
    data = input_paths["data"]
    out = output_paths.get("model")
    label = environ_vars.get("LABEL", "y")
    kind = job_args.job_type
"#;
    let facts = facts(src);
    let main = function(&facts, "main");
    assert_eq!(main.name.text, "main");
    assert_eq!(&src[main.name.range.clone()], "main");
    let names: Vec<&str> = main.parameters.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(
        names,
        ["input_paths", "output_paths", "environ_vars", "job_args"]
    );
    assert_eq!(&src[main.parameters[3].range.clone()], "job_args");
    assert_eq!(
        uses(src, &main.keys),
        pairs(&[
            ("input_paths", "data"),
            ("output_paths", "model"),
            ("environ_vars", "LABEL")
        ])
    );
    assert_eq!(
        uses(src, &main.attributes),
        pairs(&[("job_args", "job_type")])
    );
}

#[test]
fn key_stores_deletes_pops_and_membership_tests_are_uses() {
    let src = r#"
def main(p):
    p["a"] = 1
    p["b"] += 1
    del p["c"]
    p.pop("d")
    p.setdefault("e", 0)
    if "f" in p and "g" not in p:
        pass
    p[name] = 2
    p.get(key)
    "h" == p
"#;
    let facts = facts(src);
    let keys: Vec<String> = function(&facts, "main")
        .keys
        .iter()
        .map(|k| k.item.text.clone())
        .collect();
    assert_eq!(keys, ["a", "b", "c", "d", "e", "f", "g"]);
}

#[test]
fn attribute_uses_include_getattr_hasattr_and_stores_but_not_method_calls() {
    let src = r#"
def main(args):
    a = getattr(args, "a")
    b = getattr(args, "b", None)
    if hasattr(args, "c"):
        pass
    args.d = 1
    setattr(args, "e", 1)
    for k, v in vars(args).items(): pass
    args.items()
    args.f.g()
    getattr(other, "x")
"#;
    let facts = facts(src);
    assert_eq!(
        uses(src, &function(&facts, "main").attributes),
        pairs(&[
            ("args", "a"),
            ("args", "b"),
            ("args", "c"),
            ("args", "d"),
            ("args", "e"),
            ("args", "f"),
        ])
    );
}

#[test]
fn a_nested_function_reading_the_same_parameter_name_is_not_attributed_to_the_outer() {
    let src = r#"
def main(input_paths):
    def helper(input_paths):
        return input_paths["inner"]
    def closure():
        return input_paths["closed"]
    return input_paths["outer"]
"#;
    let facts = facts(src);
    let keys =
        |f: &Function| -> Vec<String> { f.keys.iter().map(|k| k.item.text.clone()).collect() };
    assert_eq!(keys(function(&facts, "main")), ["outer"]);
    assert_eq!(keys(function(&facts, "main.helper")), ["inner"]);
    assert!(keys(function(&facts, "main.closure")).is_empty());
}

#[test]
fn lambdas_and_comprehensions_hide_parameters_they_rebind() {
    let src = r#"
def main(p, q):
    f = lambda p: p["lambda"]
    g = lambda: q["closure"]
    xs = [p["comp"] for p in items]
    ys = {k: q["value"] for k in p["iter"]}
"#;
    let facts = facts(src);
    assert_eq!(
        uses(src, &function(&facts, "main").keys),
        pairs(&[("q", "closure"), ("q", "value"), ("p", "iter")])
    );
}

#[test]
fn functions_are_listed_in_source_order_with_qualified_names_and_all_parameters() {
    let src = r#"
def main(a, /, b=1, *args, c, d=2, **kwargs):
    def inner(): pass
class Job:
    def run(self, x): pass
    class Step:
        async def go(self): pass
"#;
    let facts = facts(src);
    let qualified: Vec<&str> = facts
        .functions
        .iter()
        .map(|f| f.qualified.as_str())
        .collect();
    assert_eq!(qualified, ["main", "main.inner", "Job.run", "Job.Step.go"]);
    let params: Vec<&str> = facts.functions[0]
        .parameters
        .iter()
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(params, ["a", "b", "args", "c", "d", "kwargs"]);
    assert_eq!(facts.functions[3].name.text, "go");
}

#[test]
fn defaults_and_decorators_belong_to_the_enclosing_function() {
    let src = r#"
def main(p):
    @p.wrap
    def inner(x=p["default"]):
        pass
"#;
    let facts = facts(src);
    let main = function(&facts, "main");
    assert_eq!(uses(src, &main.keys), pairs(&[("p", "default")]));
    assert_eq!(uses(src, &main.attributes), pairs(&[("p", "wrap")]));
    assert!(function(&facts, "main.inner").keys.is_empty());
}

#[test]
fn environment_reads_through_os_in_every_form() {
    let src = r#"
import os
a = os.environ["A"]
b = os.environ.get("B")
c = os.environ.get("C", "d")
d = os.getenv("D")
e = os.getenv("E", "x")
if "F" in os.environ: pass
g = os.getenv(key="G")
os.environ["SET"] = "1"
h = os.environ[name]
"#;
    assert_eq!(env(src), ["A", "B", "C", "D", "E", "F", "G"]);
}

#[test]
fn environment_reads_through_imported_names_and_aliases() {
    let src = r#"
import os as o
from os import environ, getenv
from os import environ as env
from os import getenv as g
a = o.environ["A"]
b = o.getenv("B")
c = environ["C"]
d = environ.get("D")
e = getenv("E")
f = env["F"]
h = g("H")
"#;
    assert_eq!(env(src), ["A", "B", "C", "D", "E", "F", "H"]);
}

#[test]
fn environment_names_need_their_import() {
    let src = "a = environ['A']\nb = getenv('B')\nc = os.environ['C']\n";
    assert!(env(src).is_empty());
    let star = "from os import *\na = environ['A']\nb = getenv('B')\n";
    assert_eq!(env(star), ["A", "B"]);
    let dotted = "import os.path\na = os.environ['A']\n";
    assert_eq!(env(dotted), ["A"]);
}

#[test]
fn environment_reads_inside_functions_count() {
    let src = "import os\ndef main():\n    return os.environ.get('INNER')\n";
    assert_eq!(env(src), ["INNER"]);
}

#[test]
fn add_argument_derives_the_destination_argparse_uses() {
    let src = r#"
parser = argparse.ArgumentParser()
parser.add_argument("--job-type", dest="kind")
parser.add_argument("-f", "--input-file", type=str)
group = parser.add_argument_group("g")
group.add_argument("-v")
parser.add_argument("count")
p.add_argument(*names)
add_argument("--bare_one")
"#;
    let facts = facts(src);
    let found: Vec<(&str, &str, Vec<&str>)> = facts
        .arguments
        .iter()
        .map(|a| {
            (
                a.dest.text.as_str(),
                &src[a.dest.range.clone()],
                a.options.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("kind", "\"kind\"", vec!["--job-type"]),
            ("input_file", "\"--input-file\"", vec!["-f", "--input-file"]),
            ("v", "\"-v\"", vec!["-v"]),
            ("count", "\"count\"", vec!["count"]),
            ("bare_one", "\"--bare_one\"", vec!["--bare_one"]),
        ]
    );
}

#[test]
fn a_file_with_syntax_errors_gives_the_facts_of_what_parsed() {
    let src = r#"
import os
def main(job_args):
    x = job_args.job_type
    y = os.environ["A"]

def broken(:
    pass

parser.add_argument("--after")
"#;
    let model = SourceModel::parse_with(src.as_bytes(), FACTS);
    assert!(!model.syntax_errors().is_empty());
    let Some(facts) = model.facts() else {
        panic!("facts were asked for");
    };
    let main = function(facts, "main");
    assert_eq!(
        uses(src, &main.attributes),
        pairs(&[("job_args", "job_type")])
    );
    let env: Vec<&str> = facts.env_reads.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(env, ["A"]);
    let dests: Vec<&str> = facts
        .arguments
        .iter()
        .map(|a| a.dest.text.as_str())
        .collect();
    assert_eq!(dests, ["after"]);
}

#[test]
fn without_facts_asked_there_are_none_and_the_rest_is_unchanged() {
    let src = "import os\ndef main(p):\n    f(p['k'], os.environ.get('X'))\n";
    let plain = SourceModel::parse(src.as_bytes());
    assert!(plain.facts().is_none());
    assert!(
        SourceModel::parse_without_flow(src.as_bytes())
            .facts()
            .is_none()
    );
    let with = SourceModel::parse_with(
        src.as_bytes(),
        Wants {
            flow: true,
            facts: true,
        },
    );
    assert!(with.facts().is_some());
    assert_eq!(plain.calls(), with.calls());
    assert_eq!(plain.imports(), with.imports());
    assert_eq!(plain.assignments(), with.assignments());
    assert_eq!(plain.identifier_ranges(), with.identifier_ranges());
    assert_eq!(plain.regions(), with.regions());
}

#[test]
fn a_def_without_a_name_is_not_listed_and_names_its_nested_functions_with_a_question_mark() {
    let facts = facts("def (x):\n    x['k']\n    def inner(y): pass\ndef g(:\n  pass\n");
    let qualified: Vec<&str> = facts
        .functions
        .iter()
        .map(|f| f.qualified.as_str())
        .collect();
    assert_eq!(qualified, ["?.inner", "g"]);
}

#[test]
fn deeply_nested_expressions_do_not_overflow() {
    let depth = 5_000;
    let src = format!(
        "def main(p):\n    x = {}p['k']{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let model = SourceModel::parse_with(src.as_bytes(), FACTS);
    let keys: Vec<&str> = model
        .facts()
        .and_then(|f| f.functions.first())
        .map(|f| f.keys.iter().map(|k| k.item.text.as_str()).collect())
        .unwrap_or_default();
    assert_eq!(keys, ["k"]);
    let src = format!("import os\nx = {}os.environ['A']\n", "-".repeat(depth));
    let model = SourceModel::parse_with(src.as_bytes(), FACTS);
    let env: Vec<&str> = model
        .facts()
        .map(|f| f.env_reads.iter().map(|e| e.text.as_str()).collect())
        .unwrap_or_default();
    assert_eq!(env, ["A"]);
}
