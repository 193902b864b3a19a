//! Edges of value rules that nothing else pins (each a survivor of a mutation run): `allowed`
//! with `case_sensitive = false`, `max_items` on a dict literal, the exact bounds 1 and 128 of a
//! tag key, a `[[binding]]` call set's `imports` gating the values it binds, and dicts inside an
//! assigned list, judged as dict entries; collections judged only by a rule with `max_items`.

mod common;

use std::fs;

use common::{json, registermodel, rulecheck_in, scratch};
use serde_json::Value;

const HEADER: &str = r#"[pack]
name = "demo"
step_type = "Demo"
source = "DemoEnhancer"
version = "1"
levels = ["script"]
"#;

/// A value rule `check` judging the names `names` with the extra keys `keys`.
fn value_rule(names: &str, keys: &str) -> String {
    format!(
        r#"
[[rule]]
id = "check"
kind = "value"
level = "script"
category = "invalid"
severity = "ERROR"
names = {names}
{keys}
message = "{{key}}={{value}}"
recommendation = "Fix it."
"#
    )
}

/// Checks `script` (as `demo.py`) with `pack` (after the header); the result's JSON.
fn check(name: &str, pack: &str, script: &str) -> Value {
    let dir = scratch(name);
    fs::write(dir.join("demo.toml"), format!("{HEADER}{pack}")).expect("scratch is writable");
    fs::write(dir.join("demo.py"), script).expect("scratch is writable");
    let run = rulecheck_in(
        &dir,
        &["--pack", "demo.toml", "--format", "json", "demo.py"],
        None,
    );
    assert_ne!(run.code, 2, "{}", run.stderr);
    json(&run)["results"][0].clone()
}

/// The messages (`key=value`) of the result's issues of rule `rule`, in order.
fn violations(result: &Value, rule: &str) -> Vec<String> {
    result["additional_issues"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|issue| issue["rule"] == rule)
        .filter_map(|issue| issue["message"].as_str().map(str::to_owned))
        .collect()
}

fn checked(result: &Value, rule: &str) -> u64 {
    result["patterns"][rule]["checked"].as_u64().unwrap_or(0)
}

const STATUSES: &str = "status = \"APPROVED\"\nstatus = \"rejected\"\nstatus = \"Pending\"\n";

#[test]
fn case_insensitive_allowed_values_accept_any_case_but_not_other_values() {
    let rule = value_rule(
        r#"["status"]"#,
        "bindings = [\"assignments\"]\nallowed = [\"Approved\", \"Rejected\"]\ncase_sensitive = false",
    );
    let result = check("values-case-insensitive", &rule, STATUSES);
    assert_eq!(violations(&result, "check"), ["status=Pending"]);
    assert_eq!(checked(&result, "check"), 3);
}

#[test]
fn allowed_values_compare_case_exactly_by_default() {
    let rule = value_rule(
        r#"["status"]"#,
        "bindings = [\"assignments\"]\nallowed = [\"Approved\", \"Rejected\"]",
    );
    let result = check("values-case-sensitive", &rule, STATUSES);
    assert_eq!(
        violations(&result, "check"),
        [
            "status=APPROVED (did you mean `Approved`?)",
            "status=rejected (did you mean `Rejected`?)",
            "status=Pending"
        ]
    );
}

#[test]
fn max_items_counts_the_entries_of_a_dict_literal() {
    let rule = value_rule(r#"["cfg"]"#, "bindings = [\"assignments\"]\nmax_items = 2");
    let script = "cfg = {\"a\": 1, \"b\": 2, \"c\": 3}\ncfg = {\"a\": 1, \"b\": 2}\n";
    let result = check("values-max-items-dict", &rule, script);
    assert_eq!(violations(&result, "check"), ["cfg=3 items"]);
    assert_eq!(checked(&result, "check"), 2);
}

#[test]
fn dicts_inside_an_assigned_list_are_judged_as_dict_entries() {
    let rule = value_rule(
        r#"["approval_status"]"#,
        "bindings = [\"dict_entries\"]\nallowed = [\"Approved\"]",
    );
    let script = "cfg = [{\"approval_status\": \"X\"}, ({\"approval_status\": \"Approved\"},)]\n";
    let result = check("values-dicts-in-lists", &rule, script);
    assert_eq!(violations(&result, "check"), ["approval_status=X"]);
    assert_eq!(checked(&result, "check"), 2);
}

/// A value rule on `[[binding]]` calls of `Param`, whose call set imports `workflow`; with
/// `reaching`, only a parameter that reaches `register(…)` is judged.
fn gated_pack(reaching: bool) -> String {
    let calls = if reaching { "calls = \"reg\"\n" } else { "" };
    format!(
        r#"
[[calls]]
id = "reg"
callees = ["register"]
match = "name"

[[calls]]
id = "params"
callees = ["Param"]
match = "name"
imports = ["workflow"]

[[binding]]
calls = "params"
name_argument = "name"
name_position = 0
value_argument = "default"
value_position = 1
{}"#,
        value_rule(
            r#"["status"]"#,
            &format!("{calls}bindings = [\"parameters\"]\nallowed = [\"ok\"]")
        )
    )
}

const PARAM: &str = "p = Param(\"status\", \"bad\")\nregister(status=p)\n";

#[test]
fn a_binding_call_sets_imports_gate_the_values_it_binds() {
    for reaching in [false, true] {
        let pack = gated_pack(reaching);
        let imported = check(
            "values-gated-imported",
            &pack,
            &format!("import workflow\n{PARAM}"),
        );
        assert_eq!(
            violations(&imported, "check"),
            ["status=bad"],
            "reaching: {reaching}"
        );
        let not_imported = check("values-gated-not-imported", &pack, PARAM);
        assert_eq!(
            violations(&not_imported, "check"),
            Vec::<String>::new(),
            "reaching: {reaching}"
        );
        assert_eq!(checked(&not_imported, "check"), 0, "reaching: {reaching}");
    }
}

#[test]
fn tag_keys_of_exactly_1_and_128_characters_are_valid_and_0_and_129_are_not() {
    let dir = scratch("values-tag-keys");
    let key = |n: usize| format!("{{\"Key\": \"{}\", \"Value\": \"v\"}}", "k".repeat(n));
    let tags: Vec<String> = [0, 1, 128, 129].into_iter().map(key).collect();
    let script = format!(
        "import sagemaker\n\nstep_args = model.register(tags=[{}])\n",
        tags.join(", ")
    );
    let path = dir.join("demo_registration.py");
    fs::write(&path, script).expect("scratch is writable");
    let shown = path.display().to_string();
    let run = registermodel(&["--format", "json", "--levels", "metadata", &shown]);
    assert_ne!(run.code, 2, "{}", run.stderr);
    let result = json(&run)["results"][0].clone();
    let lengths: Vec<usize> = result["additional_issues"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|issue| issue["rule"] == "tag_key_length")
        .filter_map(|issue| issue["details"]["value"].as_str().map(str::len))
        .collect();
    assert_eq!(lengths, [0, 129]);
    assert_eq!(checked(&result, "tag_key_length"), 4);
}

#[test]
fn collections_are_judged_only_by_a_rule_with_max_items() {
    // Strings only: a list, a tuple, a set or a dict bound to the name is not judged at all.
    let script = "status = [\"x\"]\nstatus = (\"x\",)\nstatus = {\"x\"}\nstatus = {\"x\": 1}\nstatus = \"Approved\"\n";
    let strings = value_rule(
        r#"["status"]"#,
        "bindings = [\"assignments\"]\nallowed = [\"Approved\"]",
    );
    let result = check("values-collections-unjudged", &strings, script);
    assert_eq!(checked(&result, "check"), 1);
    assert!(violations(&result, "check").is_empty());

    // With max_items, each collection is judged too.
    let items = value_rule(
        r#"["status"]"#,
        "bindings = [\"assignments\"]\nallowed = [\"Approved\"]\nmax_items = 0",
    );
    let result = check("values-collections-judged", &items, script);
    assert_eq!(checked(&result, "check"), 5);
    assert_eq!(violations(&result, "check").len(), 4);
}

#[test]
fn a_pattern_on_names_the_pack_judges_as_lists_is_a_warning_at_the_key_and_explain_says_so() {
    let dir = scratch("value-pattern-on-lists");
    let pack = format!(
        "{HEADER}{}\n[[rule]]\nid = \"tag_keys\"\nkind = \"value\"\nlevel = \"script\"\n\
         category = \"invalid_tag\"\nseverity = \"ERROR\"\nnames = [\"tags\"]\nfield = \"Key\"\n\
         min_length = 1\nmessage = \"m\"\nrecommendation = \"r\"\n",
        value_rule(r#"["tags"]"#, r#"pattern = "^team-""#)
    );
    fs::write(dir.join("demo.toml"), &pack).expect("scratch is writable");
    let run = rulecheck_in(&dir, &["validate", "demo.toml"], None);
    assert_eq!(
        run.code, 0,
        "a warning does not fail validate: {}",
        run.stderr
    );
    snapshot!("value_pattern_on_lists_warning", run.stdout);
    // Without the other rule the pack cannot know: no warning, and explain says what is judged.
    fs::write(
        dir.join("alone.toml"),
        format!(
            "{HEADER}{}",
            value_rule(r#"["tags"]"#, r#"pattern = "^team-""#)
        ),
    )
    .expect("scratch is writable");
    let alone = rulecheck_in(&dir, &["validate", "alone.toml"], None);
    assert!(alone.stdout.ends_with("0 warnings\n"), "{}", alone.stdout);
    let explained = rulecheck_in(&dir, &["explain", "alone.toml:check"], None);
    assert!(
        explained
            .stdout
            .contains("judges strings only: a list, tuple, set or dict bound to these names"),
        "{}",
        explained.stdout
    );
}
