//! Every code block of the pack guide (`rules/README.md`) is checked: ```` ```toml pack ```` blocks
//! are whole packs that must validate without warnings; other ```` ```toml ```` blocks must parse;
//! the walk-through's ```` ```toml append ````/```` ```toml replace ```` blocks edit a copy of the
//! registermodel pack and its ```` ```console ```` blocks must print what they show (as a
//! subsequence of the output, with pack line numbers written as `N`).

mod common;

use std::fs;
use std::path::Path;

use common::{pack_copy, repo, rulecheck_in, scratch};

/// The fenced code blocks of a markdown text: `(info string, body)`.
fn code_blocks(markdown: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    // (info string, body, indentation of the opening fence)
    let mut current: Option<(String, String, usize)> = None;
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        match (&mut current, trimmed.strip_prefix("```")) {
            (None, Some(info)) => current = Some((info.trim().to_owned(), String::new(), indent)),
            (Some(_), Some("")) => {
                blocks.extend(current.take().map(|(info, body, _)| (info, body)))
            }
            (Some((_, body, fence)), _) => {
                // A block inside a list item is indented like its fence.
                body.push_str(line.get(indent.min(*fence)..).unwrap_or_default());
                body.push('\n');
            }
            (None, None) => {}
        }
    }
    blocks
}

/// Pack line numbers (`registermodel.toml:123)`) written as `N`.
fn normalize(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(i) = rest.find(".toml:") {
        out.push_str(&rest[..i + 6]);
        rest = &rest[i + 6..];
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 {
            out.push('N');
            rest = &rest[digits..];
        }
    }
    out.push_str(rest);
    out.trim_end().to_owned()
}

/// Runs a console block in `dir`: each `$ rulecheck …` command must print the lines that follow
/// it, in order (other lines may come between them).
fn run_console(dir: &Path, block: &str) {
    let mut commands: Vec<(String, Vec<String>)> = Vec::new();
    for line in block.lines() {
        match line.strip_prefix("$ ") {
            Some(command) => commands.push((command.to_owned(), Vec::new())),
            None => commands
                .last_mut()
                .expect("a console block starts with a command")
                .1
                .push(normalize(line)),
        }
    }
    for (command, expected) in commands {
        let words: Vec<&str> = command.split_whitespace().collect();
        assert_eq!(words.first(), Some(&"rulecheck"), "{command}");
        let run = rulecheck_in(dir, &words[1..], None);
        let actual: Vec<String> = run.stdout.lines().map(normalize).collect();
        let mut from = 0;
        for line in &expected {
            match actual[from..].iter().position(|a| a == line) {
                Some(i) => from += i + 1,
                None => panic!(
                    "`{command}` did not print (in order) the guide's line\n{line}\nactual output:\n{}{}",
                    run.stdout, run.stderr
                ),
            }
        }
    }
}

#[test]
fn every_example_of_the_pack_guide_holds() {
    let guide = fs::read_to_string(repo().join("rules/README.md")).expect("the guide exists");
    let blocks = code_blocks(&guide);
    let walk = pack_copy("pack-guide", |pack| pack);
    let mut appended: Option<String> = None;
    let mut counts = [0; 4];
    for (info, body) in &blocks {
        match info.as_str() {
            "toml pack" => {
                counts[0] += 1;
                let dir = scratch("pack-guide-pack");
                fs::write(dir.join("guide.toml"), body).expect("scratch is writable");
                let run = rulecheck_in(&dir, &["validate", "guide.toml"], None);
                assert_eq!(run.code, 0, "{}", run.stderr);
                assert!(run.stdout.ends_with(", 0 warnings\n"), "{}", run.stdout);
            }
            "toml" => {
                counts[1] += 1;
                body.parse::<toml::Table>()
                    .unwrap_or_else(|e| panic!("{e}\n{body}"));
            }
            "toml append" | "toml replace" => {
                counts[2] += 1;
                let base =
                    fs::read_to_string(walk.join("registermodel.toml")).expect("copy exists");
                let base = match (&appended, info.as_str()) {
                    (Some(previous), "toml replace") => base.replace(previous.as_str(), ""),
                    _ => base,
                };
                let fragment = format!("\n{body}");
                fs::write(walk.join("registermodel.toml"), format!("{base}{fragment}"))
                    .expect("scratch is writable");
                appended = Some(fragment);
            }
            "console" => {
                counts[3] += 1;
                run_console(&walk, body);
            }
            _ => {}
        }
    }
    assert!(
        counts.iter().all(|&n| n > 0),
        "every kind of block was checked: {counts:?}"
    );
}
