//! `explain` describes a value rule with what the pack declares: the `parameters` binding is
//! listed only when the pack has `[[binding]]` tables, since without them it binds nothing.

mod common;

use std::fs;

use common::{rulecheck, rulecheck_in, scratch};

const PACK: &str = r#"[pack]
name = "owners"
step_type = "Demo"
source = "DemoEnhancer"
version = "1"
levels = ["script"]

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
"#;

#[test]
fn explain_lists_no_parameters_binding_for_a_pack_without_binding_tables() {
    let dir = scratch("explain-bindings");
    fs::write(dir.join("owners.toml"), PACK).expect("scratch is writable");
    let run = rulecheck_in(&dir, &["explain", "owners.toml:owner_value"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("as: keyword arguments, dict entries, assignments\n"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("declared parameters"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_pack_with_binding_tables_still_lists_the_parameters_binding() {
    let run = rulecheck(&["explain", "registermodel:approval_status_value"]);
    assert!(run.stdout.contains("declared parameters"), "{}", run.stdout);
}
