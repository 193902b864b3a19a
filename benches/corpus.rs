//! `cargo bench --bench corpus`: throughput over a real corpus (the standard library of the
//! `python3` on PATH, or `$RULECHECK_CORPUS`), all files read into memory first, median of 5
//! runs each:
//!
//! - baseline: one raw pass of the registermodel pack's automaton over every file (lowercasing
//!   the file included), counting every needle occurrence;
//! - `Layout::new` of every file (the light tokenizer behind the call-argument prefilter);
//! - `SourceModel::parse` of every file (the Python source model, its data flow included), and
//!   `SourceModel::parse_without_flow` (what packs that read no data flow pay);
//! - the whole registermodel pack on every file as a script (lazy parsing, scopes, value rules,
//!   path rules under the corpus root, where no spec or builder exists).

#[path = "../tests/support/corpus.rs"]
mod corpus;

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use rulecheck::CompiledPack;
use rulecheck::checker::Checker;
use rulecheck::checker::index::Index;
use rulecheck::engine::prefilter::layout::Layout;
use rulecheck::engine::{Options, Target};
use rulecheck::pack::{Origin, PackSource};
use rulecheck::python::SourceModel;
use rulecheck::run::read::Disk;
use rulecheck::settings::{DEFAULT_MAX_FILE_SIZE, Settings};

const RUNS: usize = 5;

fn measure(
    name: &str,
    files: &[(String, Vec<u8>)],
    mut run: impl FnMut(&str, &[u8]) -> usize,
) -> f64 {
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let mut times: Vec<Duration> = Vec::with_capacity(RUNS);
    let mut checksum = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        checksum = files.iter().map(|(name, b)| run(name, b)).sum::<usize>();
        times.push(start.elapsed());
    }
    times.sort();
    let time = times[RUNS / 2].as_secs_f64();
    let mb_per_s = bytes as f64 / 1e6 / time;
    println!(
        "{name:<32} {mb_per_s:>8.1} MB/s {:>9.0} files/s   median {:>7.1} ms   (checksum {checksum})",
        files.len() as f64 / time,
        time * 1e3
    );
    mb_per_s
}

fn main() {
    let dir = corpus::stdlib_dir();
    let mut paths = Vec::new();
    corpus::py_files(&dir, &mut paths);
    let files: Vec<(String, Vec<u8>)> = paths
        .iter()
        .filter_map(|p| {
            let name = p.file_name()?.to_string_lossy().into_owned();
            Some((name, std::fs::read(p).ok()?))
        })
        .collect();
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    println!(
        "corpus: {} files, {:.1} MB",
        files.len(),
        bytes as f64 / 1e6
    );

    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/registermodel.toml");
    let source = PackSource {
        text: std::fs::read_to_string(&path).expect("the shipped pack exists"),
        origin: Origin::File(path),
        stem: "registermodel".into(),
    };
    let pack = CompiledPack::load(&source).expect("the shipped pack loads");

    let raw = measure("raw aho-corasick pass (baseline)", &files, |_, b| {
        pack.occurrences(&black_box(b).to_ascii_lowercase()).count()
    });
    let layout = measure("Layout::new (light tokenizer)", &files, |_, b| {
        usize::from(Layout::new(black_box(b)).opaque_at(0).is_some())
    });
    let parse = measure("SourceModel::parse", &files, |_, b| {
        let model = SourceModel::parse(black_box(b));
        model.regions().len() + model.calls().len() + model.identifier_ranges().len()
    });
    let lean = measure("SourceModel::parse_without_flow", &files, |_, b| {
        let model = SourceModel::parse_without_flow(black_box(b));
        model.regions().len() + model.calls().len() + model.identifier_ranges().len()
    });
    let settings = Settings::default();
    let disk = Disk::new(&dir, DEFAULT_MAX_FILE_SIZE);
    let checker = Checker {
        packs: std::slice::from_ref(&pack),
        options: &[Options::default()],
        settings: &settings,
        companions: &disk,
        index: &Index::default(),
    };
    let whole = measure("registermodel pack, every file", &files, |name, b| {
        let target = Target::new(name.to_owned(), b.to_vec());
        checker
            .check(&target, &[0])
            .map_or(0, |r| r.outcomes[0].1.findings.len())
    });
    println!(
        "ratios to the raw pass: tokenizer {:.1}x, source model {:.1}x ({:.1}x without data flow), \
         whole pack {:.1}x slower",
        raw / layout,
        raw / parse,
        raw / lean,
        raw / whole
    );
}
