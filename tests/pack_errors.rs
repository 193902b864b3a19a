//! Broken packs: each variant of a valid pack exits 2, prints nothing on stdout, and names the
//! file, line and column of the offending key with a caret snippet (pinned as snapshots).

mod common;

use std::fs;

use common::{rulecheck_in, scratch};

const VALID: &str = r#"[pack]
name = "demo"
step_type = "Demo"
source = "DemoEnhancer"
version = "1"
levels = ["script", "layout"]

[[variable]]
name = "stem"
from = "script"
remove = [".py"]

[[rule]]
id = "has_owner"
kind = "require"
level = "script"
category = "missing_owner"
severity = "WARNING"
keywords = ["owner"]
message = "{script} names no owner"
recommendation = "Add an owner."

[[rule]]
id = "spec"
kind = "path"
level = "layout"
category = "missing_spec"
severity = "INFO"
paths = ["specs/{stem}_spec.py"]
details = { expected_spec_path = "{path}" }
message = "no spec at {path}"
recommendation = "Create {path}."

[[rule]]
id = "spec_mentions_owner"
kind = "require"
level = "layout"
target = "spec"
category = "spec_without_owner"
severity = "ERROR"
keywords = ["owner"]
message = "{path} names no owner"
recommendation = "Add an owner to {path}."

[[calls]]
id = "fits"
callees = ["fit"]
match = "name"

[[binding]]
calls = "fits"
name_argument = "name"
value_argument = "default"

[[rule]]
id = "owner_in_calls"
kind = "require"
level = "script"
category = "missing_owner_argument"
severity = "INFO"
keywords = ["owner"]
scopes = ["call_arguments", "comments"]
calls = "fits"
message = "{script}: no owner argument"
recommendation = "Pass owner=..."

[[rule]]
id = "owner_value"
kind = "value"
level = "script"
category = "invalid_owner"
severity = "ERROR"
names = ["owner"]
pattern = '^[a-z]+$'
message = "{key} is {value}"
recommendation = "Use lower-case letters."

[[detect]]
name = "framework"
from = "imports"

[[detect.option]]
value = "pandas"
keywords = ["pandas"]

[[rule]]
id = "pandas_reads"
kind = "require"
level = "script"
when = { framework = ["pandas"] }
category = "missing_read"
severity = "INFO"
keywords = ["read_csv"]
message = "{script} uses {framework} but reads nothing"
recommendation = "Read the input."
"#;

/// `(case name, text replaced, replacement)`: the first occurrence is replaced.
const CASES: &[(&str, &str, &str)] = &[
    (
        "per_call_without_call_arguments",
        "keywords = [\"owner\"]\nmessage = \"{script} names no owner\"",
        "keywords = [\"owner\"]\nper = \"call\"\nmessage = \"{script} names no owner\"",
    ),
    (
        "file_message_without_per_call",
        "keywords = [\"owner\"]\nmessage = \"{script} names no owner\"",
        "keywords = [\"owner\"]\nfile_message = \"{script} makes no call\"\nmessage = \"{script} names no owner\"",
    ),
    (
        "call_variable_in_a_per_file_message",
        "keywords = [\"owner\"]\nmessage = \"{script} names no owner\"",
        "keywords = [\"owner\"]\nmessage = \"`{call}` (line {line}) names no owner\"",
    ),
    (
        "per_call_in_path_rule",
        "paths = [\"specs/{stem}_spec.py\"]",
        "paths = [\"specs/{stem}_spec.py\"]\nper = \"call\"",
    ),
    (
        "upward_search_in_require_rule",
        "keywords = [\"owner\"]\nmessage = \"{script} names no owner\"",
        "keywords = [\"owner\"]\nsearch = \"upward\"\nmessage = \"{script} names no owner\"",
    ),
    (
        "malformed_toml",
        r#"levels = ["script", "layout"]"#,
        r#"levels = ["script", "layout""#,
    ),
    (
        "unknown_key_in_rule",
        r#"category = "missing_owner""#,
        r#"categroy = "missing_owner""#,
    ),
    (
        "unknown_key_in_pack",
        "version = \"1\"",
        "version = \"1\"\nauthor = \"me\"",
    ),
    (
        "unknown_table_in_rule",
        "details = { expected_spec_path",
        "details = { expected_spec_path = \"x\" }\nextra = { expected_spec_path",
    ),
    (
        "unknown_level",
        r#"level = "script""#,
        r#"level = "scripts""#,
    ),
    (
        "unknown_template_variable",
        "\"{script} names no owner\"",
        "\"{scrip} names no owner\"",
    ),
    (
        "unbalanced_brace",
        "\"Add an owner.\"",
        "\"Add an {owner.\"",
    ),
    (
        "keywords_variable_in_path_rule",
        "\"no spec at {path}\"",
        "\"no spec at {path}: {keywords}\"",
    ),
    (
        "path_variable_in_path_template",
        "\"specs/{stem}_spec.py\"",
        "\"specs/{path}_spec.py\"",
    ),
    (
        "empty_keyword_list",
        r#"keywords = ["owner"]"#,
        "keywords = []",
    ),
    (
        "empty_keyword",
        r#"keywords = ["owner"]"#,
        r#"keywords = ["owner", ""]"#,
    ),
    ("require_without_keywords", "keywords = [\"owner\"]\n", ""),
    (
        "duplicate_rule_id",
        r#"id = "spec_mentions_owner""#,
        r#"id = "has_owner""#,
    ),
    (
        "target_undefined",
        r#"target = "spec""#,
        r#"target = "specs""#,
    ),
    (
        "target_is_a_require_rule",
        r#"target = "spec""#,
        r#"target = "has_owner""#,
    ),
    (
        "path_rule_with_keywords",
        "paths = [",
        "keywords = [\"x\"]\npaths = [",
    ),
    (
        "path_rule_without_paths",
        "paths = [\"specs/{stem}_spec.py\"]\n",
        "",
    ),
    (
        "absolute_path_template",
        "\"specs/{stem}_spec.py\"",
        "\"/specs/{stem}_spec.py\"",
    ),
    (
        "climbing_path_template",
        "\"specs/{stem}_spec.py\"",
        "\"specs/../../{stem}_spec.py\"",
    ),
    (
        "variable_from_unknown",
        r#"from = "script""#,
        r#"from = "stem2""#,
    ),
    (
        "variable_shadows_built_in",
        r#"name = "stem""#,
        r#"name = "path""#,
    ),
    (
        "details_overrides_script",
        "details = { expected_spec_path",
        "details = { script",
    ),
    (
        "bad_severity",
        r#"severity = "WARNING""#,
        r#"severity = "warn""#,
    ),
    ("bad_kind", r#"kind = "path""#, r#"kind = "file""#),
    (
        "bad_match_mode",
        "keywords = [\"owner\"]\n",
        "keywords = [\"owner\"]\nmatch = \"regex\"\n",
    ),
    (
        "missing_message",
        "message = \"{script} names no owner\"\n",
        "",
    ),
    (
        "empty_levels",
        r#"levels = ["script", "layout"]"#,
        "levels = []",
    ),
    (
        "duplicate_level",
        r#"levels = ["script", "layout"]"#,
        r#"levels = ["script", "script"]"#,
    ),
    ("empty_pack_name", r#"name = "demo""#, r#"name = """#),
    (
        "keywords_not_a_list",
        r#"keywords = ["owner"]"#,
        r#"keywords = "owner""#,
    ),
    (
        "unknown_scope",
        r#"scopes = ["call_arguments", "comments"]"#,
        r#"scopes = ["call_arguments", "everywhere"]"#,
    ),
    (
        "empty_scopes",
        r#"scopes = ["call_arguments", "comments"]"#,
        "scopes = []",
    ),
    (
        "call_arguments_without_calls",
        "calls = \"fits\"\nmessage",
        "message",
    ),
    (
        "calls_without_call_arguments",
        r#"scopes = ["call_arguments", "comments"]"#,
        r#"scopes = ["comments"]"#,
    ),
    (
        "unknown_call_set",
        "calls = \"fits\"\nmessage",
        "calls = \"fit\"\nmessage",
    ),
    (
        "binding_unknown_call_set",
        "calls = \"fits\"\nname_argument",
        "calls = \"fitz\"\nname_argument",
    ),
    (
        "route_calls_unknown_call_set",
        "levels = [\"script\", \"layout\"]\n",
        "levels = [\"script\", \"layout\"]\nroute_calls = [\"fit\"]\n",
    ),
    ("empty_callees", r#"callees = ["fit"]"#, "callees = []"),
    (
        "call_set_without_callees",
        "callees = [\"fit\"]\nmatch = \"name\"",
        "match = \"name\"",
    ),
    (
        "call_set_extends_an_unknown_set",
        "callees = [\"fit\"]\nmatch = \"name\"",
        "extends = \"fitz\"\nmatch = \"name\"",
    ),
    (
        "call_set_extends_itself",
        "callees = [\"fit\"]\nmatch = \"name\"",
        "extends = \"fits\"\nmatch = \"name\"",
    ),
    (
        "bad_callee_match",
        r#"match = "name""#,
        r#"match = "regex""#,
    ),
    (
        "value_rule_without_constraint",
        "pattern = '^[a-z]+$'\n",
        "",
    ),
    (
        "value_rule_bad_regex",
        "pattern = '^[a-z]+$'",
        "pattern = '^[a-z+$'",
    ),
    (
        "value_rule_lookahead_regex",
        "pattern = '^[a-z]+$'",
        "pattern = '^(?!aws:)'",
    ),
    (
        "value_rule_field_and_max_items",
        "pattern = '^[a-z]+$'",
        "field = \"Key\"\nmax_items = 3",
    ),
    (
        "value_rule_min_above_max",
        "pattern = '^[a-z]+$'",
        "min_length = 5\nmax_length = 2",
    ),
    (
        "value_rule_empty_allowed",
        "pattern = '^[a-z]+$'",
        "allowed = []",
    ),
    ("value_rule_without_names", "names = [\"owner\"]\n", ""),
    (
        "value_rule_with_keywords",
        "names = [\"owner\"]\n",
        "names = [\"owner\"]\nkeywords = [\"x\"]\n",
    ),
    (
        "value_rule_with_target",
        "names = [\"owner\"]\n",
        "names = [\"owner\"]\ntarget = \"spec\"\n",
    ),
    (
        "require_rule_with_names",
        "scopes = [\"call_arguments\", \"comments\"]\n",
        "scopes = [\"call_arguments\", \"comments\"]\nnames = [\"x\"]\n",
    ),
    (
        "require_rule_with_allowed",
        r#"keywords = ["owner"]"#,
        "keywords = [\"owner\"]\nallowed = [\"x\"]",
    ),
    (
        "path_rule_with_scopes",
        "paths = [",
        "scopes = [\"code\"]\npaths = [",
    ),
    (
        "value_variable_in_require_rule",
        "\"{script}: no owner argument\"",
        "\"{script}: no owner argument {value}\"",
    ),
    (
        "keywords_variable_in_value_rule",
        "\"{key} is {value}\"",
        "\"{key} is {value}, not {keywords}\"",
    ),
    (
        "bad_files_glob",
        "version = \"1\"",
        "version = \"1\"\nfiles = [\"*_job.py\", \"![x\"]",
    ),
    (
        "when_unknown_variable",
        r#"when = { framework = ["pandas"] }"#,
        r#"when = { frame = ["pandas"] }"#,
    ),
    (
        "when_unknown_value",
        r#"when = { framework = ["pandas"] }"#,
        r#"when = { framework = ["polars"] }"#,
    ),
    (
        "when_no_value",
        r#"when = { framework = ["pandas"] }"#,
        r#"when = { framework = [] }"#,
    ),
    (
        "when_on_derived_variable",
        r#"when = { framework = ["pandas"] }"#,
        r#"when = { stem = ["x"] }"#,
    ),
    (
        "detect_empty_keywords",
        r#"keywords = ["pandas"]"#,
        "keywords = []",
    ),
    (
        "detect_bad_source",
        r#"from = "imports""#,
        r#"from = "calls""#,
    ),
    (
        "detect_shadows_variable",
        "name = \"framework\"",
        "name = \"stem\"",
    ),
    (
        "empty_bindings",
        "names = [\"owner\"]\n",
        "names = [\"owner\"]\nbindings = []\n",
    ),
    (
        "layout_unknown_and_marker_climbing",
        "recommendation = \"Create {path}.\"\n",
        "recommendation = \"Create {path}.\"\nlayout = \"ap\"\n\n[[layout]]\nid = \"app\"\nmarkers = [\"app/steps\", \"../steps\"]\n",
    ),
    (
        "layout_rule_with_inline_examples",
        "keywords = [\"owner\"]\nmessage = \"{script} names no owner\"\nrecommendation = \"Add an owner.\"\n",
        "keywords = [\"owner\"]\nmessage = \"{script} names no owner\"\nrecommendation = \"Add an owner.\"\nlayout = \"app\"\n\n[[rule.examples]]\nfires = true\ncode = \"x = 1\"\n\n[[layout]]\nid = \"app\"\nmarkers = [\"app/steps\"]\n",
    ),
    (
        "unknown_binding",
        "names = [\"owner\"]\n",
        "names = [\"owner\"]\nbindings = [\"returns\"]\n",
    ),
    (
        "required_items_empty",
        "pattern = '^[a-z]+$'\nmessage = \"{key} is {value}\"",
        "calls = \"fits\"\nrequired_items = []\nmessage = \"{key} lacks {item}\"",
    ),
    (
        "required_items_without_calls",
        "pattern = '^[a-z]+$'\nmessage = \"{key} is {value}\"",
        "required_items = [\"a\"]\nmessage = \"{key} lacks {item}\"",
    ),
    (
        "required_items_with_pattern",
        "pattern = '^[a-z]+$'\nmessage = \"{key} is {value}\"",
        "pattern = '^[a-z]+$'\ncalls = \"fits\"\nrequired_items = [\"a\"]\nmessage = \"{key} lacks {item}\"",
    ),
    (
        "required_items_twice",
        "pattern = '^[a-z]+$'\nmessage = \"{key} is {value}\"",
        "calls = \"fits\"\nrequired_items = [\"a\", \"b\", \"a\"]\nmessage = \"{key} lacks {item}\"",
    ),
    (
        "value_variable_in_required_items_rule",
        "pattern = '^[a-z]+$'\nmessage = \"{key} is {value}\"",
        "calls = \"fits\"\nrequired_items = [\"a\"]\nmessage = \"{key} is {value}\"",
    ),
    (
        "item_variable_without_required_items",
        "pattern = '^[a-z]+$'\nmessage = \"{key} is {value}\"",
        "pattern = '^[a-z]+$'\nmessage = \"{key} is {value}, not {item}\"",
    ),
    (
        "part_with_empty_step",
        "pattern = '^[a-z]+$'\nmessage = \"{key} is {value}\"",
        "calls = \"fits\"\npart = \"a..b\"\nrequired_items = [\"x\"]\nmessage = \"{key} lacks {item}\"",
    ),
    (
        "part_without_calls",
        "pattern = '^[a-z]+$'\nmessage = \"{key} is {value}\"",
        "part = \"a\"\npattern = '^[a-z]+$'\nmessage = \"{key} is {value}\"",
    ),
    (
        "constructors_without_part_or_required_items",
        "pattern = '^[a-z]+$'\nmessage = \"{key} is {value}\"",
        "calls = \"fits\"\nconstructors = \"fits\"\npattern = '^[a-z]+$'\nmessage = \"{key} is {value}\"",
    ),
    (
        "constructors_unknown_call_set",
        "pattern = '^[a-z]+$'\nmessage = \"{key} is {value}\"",
        "calls = \"fits\"\nrequired_items = [\"a\"]\nconstructors = \"fit\"\nmessage = \"{key} lacks {item}\"",
    ),
];

#[test]
fn the_valid_pack_loads_and_runs() {
    let dir = scratch("valid-pack");
    fs::write(dir.join("demo.toml"), VALID).expect("scratch is writable");
    fs::write(dir.join("job.py"), "owner = 'me'\n").expect("scratch is writable");
    let run = rulecheck_in(&dir, &["--pack", "demo.toml", "job.py"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("info[missing_spec]: no spec at specs/job_spec.py"),
        "{}",
        run.stdout
    );
    // Detection: the pandas rule runs only where pandas is imported, and names it.
    assert!(!run.stdout.contains("missing_read"), "{}", run.stdout);
    fs::write(dir.join("frame.py"), "import pandas as pd\nowner = 'me'\n")
        .expect("scratch is writable");
    let run = rulecheck_in(&dir, &["--pack", "demo.toml", "frame.py"], None);
    assert!(
        run.stdout
            .contains("info[missing_read]: frame.py uses pandas but reads nothing"),
        "{}",
        run.stdout
    );
}

/// The valid pack with an `[[index]]` and a compare rule before its call sets.
const COMPARE_RULE: &str = r#"[[index]]
id = "step"
files = ["**/steps/*.yaml"]
script = "run.entry"

[[rule]]
id = "inputs_declared"
kind = "compare"
level = "layout"
category = "undeclared_input"
severity = "ERROR"
script = [{ fact = "keys", function = "main", parameter = "inputs" }]
companion = [{ index = "step", select = "keys(inputs)" }]
report = "script_only"
message = "{item} is not declared in {path}"
recommendation = "Declare it."

[[calls]]
id = "fits""#;

/// Variants of the valid pack with [`COMPARE_RULE`], as `(name, from, to)`.
const COMPARE_CASES: &[(&str, &str, &str)] = &[
    (
        "index_selector_syntax",
        r#"script = "run.entry""#,
        r#"script = "run..entry""#,
    ),
    (
        "compare_unknown_index",
        r#"{ index = "step", select"#,
        r#"{ index = "steps", select"#,
    ),
    ("compare_without_report", "report = \"script_only\"\n", ""),
    (
        "compare_fact_without_function",
        r#"{ fact = "keys", function = "main", parameter"#,
        r#"{ fact = "keys", parameter"#,
    ),
    (
        "compare_source_index_and_upward",
        r#"{ index = "step", select"#,
        r#"{ index = "step", upward = "*.yaml", select"#,
    ),
    (
        "compare_select_syntax",
        r#"select = "keys(inputs)""#,
        r#"select = "keys(inputs""#,
    ),
];

#[test]
fn every_broken_pack_is_rejected_at_the_offending_key() {
    let dir = scratch("broken-packs");
    fs::write(dir.join("job.py"), "owner = 'me'\n").expect("scratch is writable");
    let with_compare = VALID.replacen("[[calls]]\nid = \"fits\"", COMPARE_RULE, 1);
    let cases = CASES.iter().map(|case| (VALID, case)).chain(
        COMPARE_CASES
            .iter()
            .map(|case| (with_compare.as_str(), case)),
    );
    for (valid, (name, from, to)) in cases {
        assert!(
            valid.contains(from),
            "case {name}: `{from}` is not in the valid pack"
        );
        let file = format!("{name}.toml");
        fs::write(dir.join(&file), valid.replacen(from, to, 1)).expect("scratch is writable");
        let run = rulecheck_in(&dir, &["--pack", &file, "job.py"], None);
        assert_eq!(run.code, 2, "case {name}: {}", run.stderr);
        assert_eq!(run.stdout, "", "case {name}");
        assert!(
            run.stderr.contains(&format!("--> {file}:")),
            "case {name} names no file:line:col: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "case {name}");
        snapshot!(format!("pack_error_{name}"), run.stderr);
    }
}

/// Variants that load but look wrong: `rulecheck validate` warns at the key.
const WARNING_CASES: &[(&str, &str, &str)] = &[
    (
        "covered_keyword",
        r#"keywords = ["owner"]"#,
        r#"keywords = ["owner", "owners"]"#,
    ),
    (
        "duplicate_keyword",
        r#"keywords = ["owner"]"#,
        r#"keywords = ["owner", "Owner"]"#,
    ),
    (
        "keyword_impossible_in_identifiers",
        "keywords = [\"owner\"]\nmessage = \"{script} names no owner\"",
        "keywords = [\"owner\", \"owner name\"]\nscopes = [\"identifiers\"]\nmessage = \"{script} names no owner\"",
    ),
    (
        "level_without_rules",
        r#"levels = ["script", "layout"]"#,
        r#"levels = ["script", "layout", "extra"]"#,
    ),
    (
        "unused_variable",
        "[[variable]]\n",
        "[[variable]]\nname = \"unused\"\nfrom = \"script\"\n\n[[variable]]\n",
    ),
    (
        "unused_call_set",
        "[[calls]]\n",
        "[[calls]]\nid = \"spare\"\ncallees = [\"x\"]\n\n[[calls]]\n",
    ),
];

#[test]
fn suspicious_packs_load_with_a_warning_at_the_key() {
    let dir = scratch("suspicious-packs");
    let clean = dir.join("clean.toml");
    fs::write(&clean, VALID).expect("scratch is writable");
    let run = rulecheck_in(&dir, &["validate", "clean.toml"], None);
    assert_eq!(
        run.stdout,
        "clean.toml: pack `demo` loads: 6 rules in 2 levels, 0 warnings\n"
    );
    for (name, from, to) in WARNING_CASES {
        assert!(
            VALID.contains(from),
            "case {name}: `{from}` is not in the valid pack"
        );
        let file = format!("{name}.toml");
        fs::write(dir.join(&file), VALID.replacen(from, to, 1)).expect("scratch is writable");
        let run = rulecheck_in(&dir, &["validate", &file], None);
        assert_eq!(run.code, 0, "case {name}: {}", run.stderr);
        assert!(
            run.stdout.starts_with("warning: "),
            "case {name}: {}",
            run.stdout
        );
        assert!(
            run.stdout.contains(&format!("--> {file}:")),
            "case {name}: {}",
            run.stdout
        );
        snapshot!(format!("pack_warning_{name}"), run.stdout);
    }
}

#[test]
fn validate_exits_two_on_a_broken_pack_and_reports_every_file() {
    let dir = scratch("validate-several");
    fs::write(dir.join("good.toml"), VALID).expect("scratch is writable");
    fs::write(
        dir.join("bad.toml"),
        VALID.replacen("level = \"script\"", "level = \"nope\"", 1),
    )
    .expect("scratch is writable");
    let run = rulecheck_in(&dir, &["validate", "bad.toml", "good.toml"], None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--> bad.toml:16:9"), "{}", run.stderr);
    assert!(
        run.stdout.contains("good.toml: pack `demo` loads"),
        "{}",
        run.stdout
    );
}

/// Several mistakes in one pack: every one is reported in one run, sorted by position.
const MULTI_CASES: &[(&str, &[(&str, &str)])] = &[
    (
        "misspelt_keys_and_values",
        &[
            (
                "recommendation = \"Add an owner.\"",
                "recomendation = \"Add an owner.\"",
            ),
            (
                "scopes = [\"call_arguments\", \"comments\"]",
                "scopes = [\"call_args\", \"comments\"]",
            ),
            ("match = \"name\"", "match = \"names\""),
        ],
    ),
    (
        "misspelt_names_and_broken_references",
        &[
            (
                "recommendation = \"Add an owner.\"",
                "recomendation = \"Add an owner.\"",
            ),
            ("level = \"layout\"", "level = \"layuot\""),
            (
                "scopes = [\"call_arguments\", \"comments\"]",
                "scopes = [\"call_args\", \"comments\"]",
            ),
            ("calls = \"fits\"\nmessage", "calls = \"fit\"\nmessage"),
            ("version = \"1\"", "version = \"1\"\nauthor = \"me\""),
        ],
    ),
    (
        "broken_references",
        &[
            ("level = \"script\"", "level = \"scripts\""),
            ("calls = \"fits\"\nmessage", "calls = \"fit\"\nmessage"),
            ("pattern = '^[a-z]+$'", "pattern = '^[a-z+$'"),
        ],
    ),
];

#[test]
fn every_error_of_a_pack_is_reported_at_once_sorted_by_position() {
    let dir = scratch("multi-error-packs");
    fs::write(dir.join("job.py"), "owner = 'me'\n").expect("scratch is writable");
    for (name, edits) in MULTI_CASES {
        let mut text = VALID.to_owned();
        for (from, to) in *edits {
            assert!(
                text.contains(from),
                "case {name}: `{from}` is not in the pack"
            );
            text = text.replacen(from, to, 1);
        }
        let file = format!("{name}.toml");
        fs::write(dir.join(&file), text).expect("scratch is writable");
        let run = rulecheck_in(&dir, &["validate", &file], None);
        assert_eq!(run.code, 2, "case {name}: {}", run.stderr);
        let lines: Vec<usize> = run
            .stderr
            .lines()
            .filter_map(|l| l.trim().strip_prefix(&format!("--> {file}:")))
            .filter_map(|at| at.split(':').next()?.parse().ok())
            .collect();
        assert_eq!(lines.len(), edits.len(), "case {name}: {}", run.stderr);
        assert!(lines.is_sorted(), "case {name}: {lines:?}");
        assert!(
            run.stderr.ends_with(&format!(
                "error: could not load the pack `{file}` due to {} errors\n",
                edits.len()
            )),
            "case {name}: {}",
            run.stderr
        );
        snapshot!(format!("pack_errors_{name}"), run.stderr);
    }
}
