//! The limits of the README's "Limits" section: a script over `--max-file-size` is skipped with a
//! notice (walked or named), and a pack over a limit — file size, items in a list, tables of one
//! kind, strings searched for in all, keyword length, regexes in all, a regex's compiled size —
//! is refused (exit 2) at its key, naming the limit; past 100 errors, the others are counted.
//! Hostile packs print how long their refusal took; the time is reported, not asserted.

mod common;

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::time::Instant;

use common::{json, rulecheck_in, scratch};

const HEADER: &str = r#"[pack]
name = "demo"
step_type = "Demo"
source = "DemoEnhancer"
version = "1"
levels = ["script"]
"#;

/// A require rule `id` with the keywords written as `keywords`.
fn require_rule(id: &str, keywords: &str) -> String {
    format!(
        r#"
[[rule]]
id = "{id}"
kind = "require"
level = "script"
category = "missing_{id}"
severity = "INFO"
keywords = {keywords}
message = "{{script}} lacks it"
recommendation = "Add it."
"#
    )
}

/// A TOML list of `count` distinct keywords.
fn keyword_list(count: usize) -> String {
    let items: Vec<String> = (0..count).map(|i| format!("\"kw{i}\"")).collect();
    format!("[{}]", items.join(", "))
}

/// Runs `rulecheck validate` on `text` written to `demo.toml` in a scratch folder, and prints how
/// long it took (reported, not asserted).
fn validate(name: &str, text: &str) -> common::Run {
    let dir = scratch(name);
    fs::write(dir.join("demo.toml"), text).expect("scratch is writable");
    let start = Instant::now();
    let run = rulecheck_in(&dir, &["validate", "demo.toml"], None);
    println!(
        "{name}: {} bytes, validated in {:?}",
        text.len(),
        start.elapsed()
    );
    run
}

/// Asserts a refusal at `line:col` of demo.toml whose message contains `limit`.
fn assert_refused_at(run: &common::Run, at: &str, limit: &str) {
    assert_eq!(
        run.code, 2,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    assert!(
        run.stderr.contains(&format!("--> demo.toml:{at}\n")),
        "not at {at}: {}",
        run.stderr
    );
    assert!(run.stderr.contains(limit), "no `{limit}`: {}", run.stderr);
}

#[test]
fn a_pack_within_the_limits_loads() {
    let text = format!(
        "{HEADER}{}{}",
        require_rule("a", &keyword_list(1_000)),
        require_rule("b", &format!("[\"{}\"]", "k".repeat(256)))
    );
    let run = validate("limits-within", &text);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_pack_file_over_one_mib_is_refused_before_parsing_at_its_start() {
    // Not even valid TOML past the header: the size is checked before anything parses it.
    let text = format!("{HEADER}# {}\n[[[", "x".repeat(2 << 20));
    let run = validate("limits-pack-size", &text);
    assert_refused_at(&run, "1:1", "over the limit of 1048576 bytes (1 MiB)");
    assert!(
        run.stderr.contains("= help: split the pack"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("[[["), "{}", run.stderr);
}

#[test]
fn a_regex_over_the_compiled_size_limit_is_refused_at_its_key() {
    let text = format!(
        r#"{HEADER}
[[rule]]
id = "owner_value"
kind = "value"
level = "script"
category = "invalid_owner"
severity = "ERROR"
names = ["owner"]
pattern = '\w{{10000}}'
message = "{{key}} is {{value}}"
recommendation = "Fix it."
"#
    );
    let run = validate("limits-regex", &text);
    assert_refused_at(&run, "15:11", "size limit");
    assert!(
        run.stderr.contains("`pattern` is not a valid regex"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_list_over_one_thousand_items_is_refused_at_its_key() {
    let text = format!("{HEADER}{}", require_rule("many", &keyword_list(1_001)));
    let run = validate("limits-rule-keywords", &text);
    assert_refused_at(
        &run,
        "14:1",
        "`rule.keywords` lists 1001 items, over the limit of 1000 items per list",
    );

    // Any list: a value rule's allowed values, and the pack's file globs.
    let text = format!(
        r#"{}
[[rule]]
id = "owner_value"
kind = "value"
level = "script"
category = "invalid_owner"
severity = "ERROR"
names = ["owner"]
allowed = {}
message = "{{key}} is {{value}}"
recommendation = "Fix it."
"#,
        HEADER.replace(
            "levels = [\"script\"]",
            &format!("levels = [\"script\"]\nfiles = {}", keyword_list(1_500))
        ),
        keyword_list(1_001)
    );
    let run = validate("limits-any-list", &text);
    assert_refused_at(&run, "7:1", "`pack.files` lists 1500 items");
    assert!(
        run.stderr.contains("--> demo.toml:16:1\n")
            && run.stderr.contains("`rule.allowed` lists 1001 items"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("due to 2 errors"), "{}", run.stderr);
}

#[test]
fn more_than_one_thousand_tables_of_one_kind_are_refused_at_the_first_past_the_limit() {
    let mut text = HEADER.to_owned();
    for index in 0..1_001 {
        let _ = write!(
            text,
            "\n[[variable]]\nname = \"v{index}\"\nfrom = \"script\"\n"
        );
    }
    let run = validate("limits-tables", &text);
    // Each table takes four lines after the header's six; the 1,001st starts at line 4,008.
    assert_refused_at(
        &run,
        "4008:1",
        "the pack has 1001 [[variable]] tables, over the limit of 1000 tables of one kind",
    );
}
#[test]
fn a_keyword_over_256_bytes_is_refused_at_the_keyword() {
    let keywords = format!("[\"short\", \"{}\"]", "k".repeat(257));
    let text = format!("{HEADER}{}", require_rule("long", &keywords));
    let run = validate("limits-keyword-length", &text);
    assert_refused_at(
        &run,
        "14:22",
        "a keyword of 257 bytes, over the limit of 256 bytes",
    );
}

/// A value rule `id` judging the names written as `names`.
fn value_rule(id: &str, names: &str, constraint: &str) -> String {
    format!(
        r#"
[[rule]]
id = "{id}"
kind = "value"
level = "script"
category = "invalid_{id}"
severity = "INFO"
names = {names}
{constraint}
message = "{{key}} is {{value}}"
recommendation = "Fix it."
"#
    )
}

#[test]
fn a_pack_searching_for_over_ten_thousand_strings_is_refused_at_the_list_that_crosses_the_limit() {
    let mut text = HEADER.to_owned();
    for rule in 0..11 {
        text.push_str(&require_rule(&format!("r{rule}"), &keyword_list(1_000)));
    }
    let run = validate("limits-pack-keywords", &text);
    // Rule r10, the eleventh, crosses 10,000; each rule takes 10 lines.
    let line = 14 + 10 * 10;
    assert_refused_at(
        &run,
        &format!("{line}:1"),
        "the pack searches for 11000 keywords, value names and callees together, over the \
         limit of 10000; this list crosses it",
    );

    // Value names count too: 9,000 keywords and two lists of 1,000 names.
    let mut text = HEADER.to_owned();
    for rule in 0..9 {
        text.push_str(&require_rule(&format!("r{rule}"), &keyword_list(1_000)));
    }
    for rule in 0..2 {
        let names = keyword_list(1_000);
        text.push_str(&value_rule(&format!("v{rule}"), &names, "max_length = 3"));
    }
    let run = validate("limits-pack-names", &text);
    // The second value rule's names, after nine rules of 10 lines and one of 11.
    let line = 14 + 9 * 10 + 11;
    assert_refused_at(
        &run,
        &format!("{line}:1"),
        "the pack searches for 11000 keywords",
    );
}

/// A pack of `count` value rules, each with one regex.
fn regex_pack(count: usize) -> String {
    let mut text = HEADER.to_owned();
    for rule in 0..count {
        let id = format!("v{rule}");
        text.push_str(&value_rule(&id, "[\"owner\"]", "pattern = '^[a-z]+$'"));
    }
    text
}

#[test]
fn a_pack_over_sixty_four_regexes_is_refused_at_the_one_that_crosses_the_limit() {
    let run = validate("limits-regexes-within", &regex_pack(64));
    assert_eq!(run.code, 0, "{}", run.stderr);

    let run = validate("limits-regexes", &regex_pack(65));
    // The 65th rule's pattern; each rule takes 11 lines.
    let line = 15 + 64 * 11;
    assert_refused_at(
        &run,
        &format!("{line}:11"),
        "the pack has 65 regexes (`pattern`, `reject_pattern`), over the limit of 64",
    );
    // Refused without compiling any: no regex error besides the limit.
    assert!(!run.stderr.contains("not a valid regex"), "{}", run.stderr);
}

#[test]
fn hostile_packs_are_refused_at_their_keys() {
    // 3,000 rules of 10 keywords: 30,000 keywords, three times the pack's limit, under 1 MiB.
    let mut text = HEADER.to_owned();
    for rule in 0..3_000 {
        text.push_str(&require_rule(&format!("r{rule}"), &keyword_list(10)));
    }
    assert!(text.len() < 1 << 20, "{}", text.len());
    let run = validate("limits-hostile-rules", &text);
    // Rule r1000, the 1,001st, is past the limit; each rule takes 10 lines from line 8.
    assert_refused_at(
        &run,
        &format!("{}:1", 8 + 1000 * 10),
        "the pack has 3000 [[rule]] tables",
    );

    // 1,000 regexes that compile to about 1 MiB each: refused before any is compiled.
    let text = regex_pack(1_000).replace("^[a-z]+$", "\\w{20}");
    let run = validate("limits-hostile-regexes", &text);
    assert_refused_at(
        &run,
        &format!("{}:11", 15 + 64 * 11),
        "over the limit of 64",
    );

    // 80,000 unknown keys: the first 100 errors are shown, the others counted.
    let mut text = HEADER.to_owned();
    for key in 0..80_000 {
        let _ = writeln!(text, "x{key} = 1");
    }
    let run = validate("limits-hostile-unknown-keys", &text);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("unknown key").count(),
        100,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("due to 80000 errors (the first 100 are shown; fix them and validate again to see the others)"),
        "{}",
        run.stderr
    );

    // One rule of 100,000 keywords, also under 1 MiB.
    let mut keywords = String::from("[");
    for i in 0..100_000 {
        let _ = write!(keywords, "\"{i}\",");
    }
    keywords.push(']');
    let text = format!("{HEADER}{}", require_rule("huge", &keywords));
    let run = validate("limits-hostile-keywords", &text);
    assert_refused_at(&run, "14:1", "`rule.keywords` lists 100000 items");
    assert!(run.stderr.len() < 2_000, "{}", run.stderr);

    // A 2 MiB pack of rules.
    let mut text = HEADER.to_owned();
    while text.len() < 2 << 20 {
        text.push_str(&require_rule(&format!("r{}", text.len()), "[\"owner\"]"));
    }
    let run = validate("limits-hostile-size", &text);
    assert_refused_at(&run, "1:1", "over the limit of 1048576 bytes");
}

/// A folder with one script over 100 bytes and one under.
fn scripts_folder(name: &str) -> std::path::PathBuf {
    let dir = scratch(name);
    fs::write(dir.join("big_registration.py"), "x = 1\n".repeat(100)).expect("scratch is writable");
    fs::write(dir.join("small_registration.py"), "x = 1\n").expect("scratch is writable");
    dir
}

fn notices(report: &serde_json::Value) -> Vec<&str> {
    report["summary"]["notices"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|n| n.as_str())
        .collect()
}

fn scripts(report: &serde_json::Value) -> Vec<&str> {
    report["results"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["path"].as_str())
        .collect()
}

fn check(dir: &Path, paths: &[&str]) -> serde_json::Value {
    let mut args = vec![
        "--pack",
        "registermodel",
        "--format",
        "json",
        "--max-file-size",
        "100",
    ];
    args.extend(paths);
    let run = rulecheck_in(dir, &args, None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    json(&run)
}

#[test]
fn a_walked_file_over_max_file_size_is_skipped_with_a_notice() {
    let dir = scripts_folder("limits-walked");
    let report = check(&dir, &["."]);
    assert_eq!(scripts(&report), ["./small_registration.py"]);
    assert_eq!(
        notices(&report),
        ["./big_registration.py: skipped, 600 bytes is over --max-file-size 100"]
    );
}

#[test]
fn a_named_file_over_max_file_size_is_skipped_with_a_notice_not_an_error() {
    let dir = scripts_folder("limits-named");
    let report = check(&dir, &["big_registration.py", "small_registration.py"]);
    assert_eq!(scripts(&report), ["small_registration.py"]);
    assert_eq!(
        notices(&report),
        ["big_registration.py: skipped, 600 bytes is over --max-file-size 100"]
    );
}

#[test]
fn warnings_past_the_hundredth_are_counted_not_shown() {
    // The same keyword 151 times: 150 warnings that it adds nothing.
    let keywords = format!("[{}]", vec!["\"owner\""; 151].join(", "));
    let text = format!("{HEADER}{}", require_rule("dup", &keywords));
    let run = validate("limits-warnings", &text);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.matches("adds nothing").count(),
        100,
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("50 more warnings after the first 100 are not shown"),
        "{}",
        run.stdout
    );
}

#[test]
fn standard_input_over_max_file_size_is_refused_with_what_to_do() {
    let dir = scratch("limits-stdin");
    let script = "x = 1\n".repeat(100);
    let args = [
        "--pack",
        "registermodel",
        "--max-file-size",
        "100",
        "--stdin-filename",
        "churn_register.py",
        "-",
    ];
    let run = rulecheck_in(&dir, &args, Some(script.as_bytes()));
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("standard input holds more than --max-file-size 100 bytes"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("raise --max-file-size"),
        "{}",
        run.stderr
    );
}

/// Endless files (links to `/dev/zero`) named as a script, a pack and a configuration: each is
/// read only up to its limit, so the run ends at once instead of filling memory. (`--existing`
/// is read the same way, up to 1 GiB: too much memory for a test.)
#[cfg(unix)]
#[test]
fn endless_files_are_read_only_up_to_their_limits() {
    use std::os::unix::fs::symlink;
    let dir = scratch("limits-endless");
    for name in [
        "endless_registration.py",
        "endless.toml",
        "endless_config.toml",
    ] {
        symlink("/dev/zero", dir.join(name)).expect("scratch is writable");
    }
    fs::write(dir.join("small_registration.py"), "x = 1\n").expect("scratch is writable");

    let report = check(&dir, &["endless_registration.py", "small_registration.py"]);
    assert_eq!(scripts(&report), ["small_registration.py"]);
    assert_eq!(
        notices(&report),
        ["endless_registration.py: skipped, it holds more than --max-file-size 100 bytes"]
    );

    let run = rulecheck_in(&dir, &["validate", "endless.toml"], None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: the pack file holds more bytes than the limit of 1048576 bytes (1 MiB)\n \
             --> endless.toml:1:1\n"
        ),
        "{}",
        run.stderr
    );

    let args = [
        "--pack",
        "registermodel",
        "--config",
        "endless_config.toml",
        "small_registration.py",
    ];
    let run = rulecheck_in(&dir, &args, None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("holds more than 16777216 bytes (16 MiB)"),
        "{}",
        run.stderr
    );
}

/// A registration script padded to 13 MB: more than a parse may take (the stack it would need
/// is over the 1 GiB a parse may use in a release build, 4.7 MiB of input in a debug build).
fn too_large_to_parse() -> String {
    let head = r#"import sagemaker

step_args = model.register(
    model_package_group_name="churn-models",
    description="Churn classifier",
    approval_status="Rejectedd",
)
"#;
    format!("{head}{}", "# padding\n".repeat(1_300_000))
}

#[test]
fn a_file_too_large_to_parse_skips_the_rules_that_need_its_tree_and_says_so() {
    let dir = scratch("limits-unparsed");
    fs::write(dir.join("huge_register.py"), too_large_to_parse()).expect("scratch is writable");
    let args = [
        "--pack",
        "registermodel",
        "--format",
        "json",
        "--max-file-size",
        "20M",
        "huge_register.py",
    ];
    let run = rulecheck_in(&dir, &args, None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = json(&run);
    let result = &report["results"][0];
    let status = |rule: &str| {
        result["patterns"][rule]["status"]
            .as_str()
            .unwrap_or("none")
    };
    // Its keywords occur, but only the parse could tell whether they reach the registration.
    assert_eq!(status("model_metadata"), "skipped");
    assert_eq!(status("approval_status"), "skipped");
    // Its literals bound to judged names are unknown; no tag is named anywhere, parse or not.
    assert_eq!(status("approval_status_value"), "skipped");
    assert_eq!(status("tag_count"), "absent");
    // Judged per registration call: which calls the file makes is unknown without the parse.
    assert_eq!(status("model_metrics"), "skipped");
    let notices: Vec<&str> = result["notices"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|n| n.as_str())
        .collect();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(
        notices[0].starts_with("huge_register.py: not parsed (13000162 bytes need more stack than")
            && notices[0].ends_with(
                "the rules that needed its syntax tree were skipped, the others checked on its text"
            ),
        "{notices:?}"
    );
}
