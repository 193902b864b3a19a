//! The module's behaviour across formats: selections on YAML, JSON and TOML documents that say
//! the same, their ranges, and where parse errors are.

use super::*;
use crate::position::position;

const YAML: &str = "\
# Companion file — café ☕ (multi-byte text before the values)
contract:
  inputs:
    training_data: /data/train
    \"model.config\": /etc/app/config
  env_vars:
    required: [LEARNING_RATE, \"BATCH_SIZE\"]
    optional: {}
  job_arguments:
    - flag: --epochs
      type: int
    - flag: --région
registry:
  step_type: Processing
  retries: 3
  ratio: 0.5
  enabled: true
";

const JSON: &str = r#"{
  "contract": {
    "inputs": {
      "training_data": "/data/train",
      "model.config": "/etc/app/config"
    },
    "env_vars": {"required": ["LEARNING_RATE", "BATCH_SIZE"], "optional": {}},
    "job_arguments": [
      {"flag": "--epochs", "type": "int"},
      {"flag": "--région"}
    ]
  },
  "registry": {"step_type": "Processing", "retries": 3, "ratio": 0.5, "enabled": true}
}
"#;

const TOML: &str = r#"# café ☕
[contract.inputs]
training_data = "/data/train"
"model.config" = "/etc/app/config"

[contract.env_vars]
required = ["LEARNING_RATE", "BATCH_SIZE"]
optional = {}

[[contract.job_arguments]]
flag = "--epochs"
type = "int"

[[contract.job_arguments]]
flag = "--région"

[registry]
step_type = "Processing"
retries = 3
ratio = 0.5
enabled = true
"#;

/// The texts a selector selects, and the source text at each node's range.
fn run(format: Format, text: &str, selector: &str) -> Vec<(String, String)> {
    let root = parse(format, text.as_bytes()).unwrap();
    Selector::parse(selector)
        .unwrap()
        .select(&root)
        .into_iter()
        .map(|node| {
            let written = text
                .get(node.range.clone())
                .unwrap_or_else(|| panic!("{:?} is not a range of the text", node.range));
            let shown = node
                .scalar_text()
                .map(|t| t.into_owned())
                .unwrap_or_default();
            (shown, written.trim_matches('"').to_owned())
        })
        .collect()
}

/// The texts a selector selects, checking each range shows the same text.
fn texts(format: Format, text: &str, selector: &str) -> Vec<String> {
    run(format, text, selector)
        .into_iter()
        .map(|(shown, written)| {
            assert_eq!(shown, written, "{format:?} {selector}");
            shown
        })
        .collect()
}

#[test]
fn the_issue_examples_on_a_yaml_document() {
    assert_eq!(
        texts(Format::Yaml, YAML, "keys(contract.inputs)"),
        ["training_data", "model.config"]
    );
    assert_eq!(
        texts(Format::Yaml, YAML, "contract.env_vars.required[*]"),
        ["LEARNING_RATE", "BATCH_SIZE"]
    );
    assert_eq!(
        texts(Format::Yaml, YAML, "contract.job_arguments[*].flag"),
        ["--epochs", "--région"]
    );
    assert_eq!(
        texts(Format::Yaml, YAML, "registry.step_type"),
        ["Processing"]
    );
}

#[test]
fn json_and_toml_documents_give_the_same_selections() {
    let selectors = [
        "keys(contract.inputs)",
        "contract.inputs.\"model.config\"",
        "contract.env_vars.required[*]",
        "contract.env_vars.required[1]",
        "keys(contract.env_vars.optional)",
        "contract.job_arguments[*].flag",
        "contract.job_arguments[0].*",
        "registry.*",
        "registry.step_type",
        "keys(registry)",
        "contract.missing[*]",
        "registry.step_type.deeper",
    ];
    for selector in selectors {
        let yaml = texts(Format::Yaml, YAML, selector);
        assert_eq!(texts(Format::Json, JSON, selector), yaml, "JSON {selector}");
        assert_eq!(texts(Format::Toml, TOML, selector), yaml, "TOML {selector}");
    }
    assert_eq!(
        texts(Format::Yaml, YAML, "registry.*"),
        ["Processing", "3", "0.5", "true"]
    );
}

#[test]
fn ranges_point_at_the_text_after_multibyte_characters() {
    for (format, text) in [
        (Format::Yaml, YAML),
        (Format::Json, JSON),
        (Format::Toml, TOML),
    ] {
        let root = parse(format, text.as_bytes()).unwrap();
        let flag = &Selector::parse("contract.job_arguments[1].flag")
            .unwrap()
            .select(&root)[0];
        assert_eq!(
            text[flag.range.clone()].trim_matches('"'),
            "--région",
            "{format:?}"
        );
        let key = &Selector::parse("keys(registry)").unwrap().select(&root)[3];
        assert_eq!(text[key.range.clone()].trim_matches('"'), "enabled");
    }
}

#[test]
fn the_values_are_typed_alike_in_every_format() {
    for (format, text) in [
        (Format::Yaml, YAML),
        (Format::Json, JSON),
        (Format::Toml, TOML),
    ] {
        let root = parse(format, text.as_bytes()).unwrap();
        let values: Vec<_> = Selector::parse("registry.*")
            .unwrap()
            .select(&root)
            .into_iter()
            .map(|n| n.value.clone())
            .collect();
        assert_eq!(
            values,
            [
                Value::Str("Processing".into()),
                Value::Int(3),
                Value::Float(0.5),
                Value::Bool(true)
            ],
            "{format:?}"
        );
    }
}

#[test]
fn requirements_select_as_a_list() {
    let text = "# pinned\nrequests==2.31\n-r other.txt\nnumpy[extra]>=1 ; python_version>'3'\n";
    assert_eq!(
        texts(Format::Requirements, text, "*"),
        ["requests", "numpy"]
    );
    assert_eq!(
        texts(Format::Requirements, text, "*[0]"),
        Vec::<String>::new()
    );
}

/// The 1-based line and column of a parse error of `text`.
fn error_at(format: Format, text: &str) -> (usize, usize) {
    let err = parse(format, text.as_bytes()).unwrap_err();
    assert!(err.offset <= text.len(), "{err:?}");
    assert!(!err.message.is_empty());
    let p = position(text.as_bytes(), err.offset);
    (p.line, p.column)
}

#[test]
fn broken_files_are_errors_at_their_line_and_column() {
    // YAML: the flow list is never closed; the parser notices at the next key, line 3.
    assert_eq!(error_at(Format::Yaml, "é: 1\nlist: [a, b\nnext: 2\n").0, 3);
    // YAML: a tab indents a block map; the parser reports it after the tab.
    assert_eq!(error_at(Format::Yaml, "a:\n\tb: 1\n"), (2, 2));
    // JSON: a trailing comma, at the `}` on line 3 (after a multi-byte character).
    assert_eq!(error_at(Format::Json, "{\n  \"é\": 1,\n}\n"), (3, 1));
    // JSON: a missing colon.
    assert_eq!(error_at(Format::Json, "{\"a\" 1}"), (1, 6));
    // TOML: a key defined twice is an error at the second definition.
    assert_eq!(error_at(Format::Toml, "# é\na = 1\na = 2\n"), (3, 1));
    // TOML: a value is missing.
    assert_eq!(error_at(Format::Toml, "ok = 1\nbad = \n").0, 2);
}

#[test]
fn invalid_utf8_is_an_error_at_the_first_bad_byte_in_every_format() {
    for format in [
        Format::Yaml,
        Format::Json,
        Format::Toml,
        Format::Requirements,
    ] {
        let err = parse(format, b"a: \"\xc3\xa9\"\nb: \xff\n").unwrap_err();
        assert_eq!(err.offset, 11, "{format:?}");
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = "[".repeat(100_000);
    for format in [Format::Yaml, Format::Json, Format::Toml] {
        let text = if format == Format::Toml {
            format!("a = {deep}")
        } else {
            deep.clone()
        };
        assert!(parse(format, text.as_bytes()).is_err(), "{format:?}");
    }
    let block = (0..100_000)
        .map(|depth| format!("{}- ", " ".repeat(depth.min(300) * 2)))
        .collect::<Vec<_>>()
        .join("\n");
    let _ = parse(Format::Yaml, block.as_bytes());
    let nested_block: String = (0..400)
        .map(|d| format!("{}k:\n", "  ".repeat(d)))
        .collect();
    let err = parse(Format::Yaml, nested_block.as_bytes()).unwrap_err();
    assert!(err.message.contains("deeper"), "{err}");
    let objects = "{\"a\":".repeat(100_000);
    let err = parse(Format::Json, objects.as_bytes()).unwrap_err();
    assert!(err.message.contains("deeper"), "{err}");
}

#[test]
fn an_alias_bomb_stays_small() {
    let mut text = String::from(
        "a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n",
    );
    let names: Vec<char> = ('b'..='j').collect();
    let mut previous = 'a';
    for &name in &names {
        let aliases = vec![format!("*{previous}"); 9].join(", ");
        text.push_str(&format!("{name}: &{name} [{aliases}]\n"));
        previous = name;
    }
    let root = parse(Format::Yaml, text.as_bytes()).unwrap();
    let last = Selector::parse("j[*]").unwrap().select(&root);
    assert_eq!(last.len(), 9);
    assert!(last.iter().all(|n| n.value == Value::Null));
    assert_eq!(&text[last[0].range.clone()], "*i");
}

#[test]
fn formats_by_path() {
    let path = |p: &str| Format::from_path(Path::new(p));
    assert_eq!(path("a/b.yaml"), Some(Format::Yaml));
    assert_eq!(path("b.YML"), Some(Format::Yaml));
    assert_eq!(path("b.json"), Some(Format::Json));
    assert_eq!(path("pyproject.toml"), Some(Format::Toml));
    assert_eq!(path("requirements.txt"), Some(Format::Requirements));
    assert_eq!(path("dir/requirements-dev.txt"), Some(Format::Requirements));
    assert_eq!(path("notes.txt"), None);
    assert_eq!(path("requirements"), None);
    assert_eq!(path("script.py"), None);
}
