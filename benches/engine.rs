//! `cargo bench --bench engine`: pack load + compile time and single-script run time of the
//! registermodel pack, each printed beside a baseline measured in the same run (the machine is
//! shared and noisy, so compare ratios, not absolute figures).
//!
//! - load+compile vs. a bare `toml` parse of the same text into a generic table;
//! - one script checked in-process (read + scan + companion files + JSON render);
//! - the whole CLI on one script vs. spawning `cat` on the same file (process start + read).

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use rulecheck::CompiledPack;
use rulecheck::checker::Checker;
use rulecheck::checker::index::Index;
use rulecheck::engine::{Options, Target};
use rulecheck::pack::{Origin, PackSource};
use rulecheck::report::{Format, Report, Stream};
use rulecheck::run::read::Disk;
use rulecheck::settings::{DEFAULT_MAX_FILE_SIZE, Settings};

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time(runs: usize, mut f: impl FnMut()) -> Duration {
    f(); // warm-up
    median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect(),
    )
}

fn show(what: &str, value: Duration, baseline_name: &str, baseline: Duration) {
    println!(
        "{what:<34} {:>10.1} µs   baseline {baseline_name:<22} {:>10.1} µs   ratio {:.2}",
        value.as_secs_f64() * 1e6,
        baseline.as_secs_f64() * 1e6,
        value.as_secs_f64() / baseline.as_secs_f64()
    );
}

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pack_path = repo.join("rules/registermodel.toml");
    let text = std::fs::read_to_string(&pack_path).expect("the shipped pack exists");
    let source = PackSource {
        origin: Origin::File(pack_path),
        stem: "registermodel".into(),
        text: text.clone(),
    };

    let toml_only = time(500, || {
        black_box(text.parse::<toml::Table>().expect("valid TOML"));
    });
    let load = time(500, || {
        black_box(CompiledPack::load(&source).expect("the shipped pack loads"));
    });
    show("pack load+compile", load, "toml parse only", toml_only);

    let compiled = CompiledPack::load(&source).expect("the shipped pack loads");
    let root = repo.join("tests/fixtures/registermodel/pipeline");
    let script = root.join("scripts/churn_register.py");
    let options = [Options::default()];
    let settings = Settings::default();
    let read_only = time(500, || {
        black_box(std::fs::read(&script).expect("fixture exists"));
    });
    let one = time(500, || {
        let target = Target::new(
            "churn_register.py".into(),
            std::fs::read(&script).expect("fixture exists"),
        );
        // A new provider each time, as each run of the command line has.
        let checker = Checker {
            packs: std::slice::from_ref(&compiled),
            options: &options,
            settings: &settings,
            companions: &Disk::new(&root, DEFAULT_MAX_FILE_SIZE),
            index: &Index::default(),
        };
        let mut checked = checker.check(&target, &[0]).expect("check runs");
        let (_, outcome) = checked.outcomes.remove(0);
        let report = Report {
            packs: std::slice::from_ref(&compiled),
            in_play: &[compiled.pack.name.as_str()],
            levels: &[],
            existing: None,
            baseline: None,
            config: None,
            printer: Format::Json.printer(),
            color: false,
        };
        let mut out = Vec::new();
        let mut stream = Stream::new(report, &mut out);
        stream
            .push(report.piece(0, &outcome))
            .and_then(|()| stream.finish(&[]))
            .expect("a Vec takes the report");
        black_box(out);
    });
    show("one script, in process", one, "read the script", read_only);

    let exe = PathBuf::from(env!("CARGO_BIN_EXE_rulecheck"));
    let cat = time(30, || {
        let status = Command::new("cat").arg(&script).output().expect("cat runs");
        black_box(status);
    });
    let cli = time(30, || {
        let output = Command::new(&exe)
            .args(["--pack", "registermodel", "--root"])
            .arg(&root)
            .arg(&script)
            .output()
            .expect("rulecheck runs");
        black_box(output);
    });
    show("one script, whole CLI (wall)", cli, "`cat` the script", cat);
}
