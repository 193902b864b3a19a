//! Python bytes → the source model (data flow and script facts included), then a full check by the built-in registermodel pack (which
//! parses the file when the prefilter finds a registration keyword, and otherwise stops early).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use rulecheck::CompiledPack;
use rulecheck::engine::{Options, Target};
use rulecheck::pack::{Origin, locate};
use rulecheck::python::{SourceModel, Wants};
use rulecheck::checker::Checker;
use rulecheck::checker::index::Index;
use rulecheck::run::read::Disk;
use rulecheck::settings::{DEFAULT_MAX_FILE_SIZE, Settings};

fn pack() -> &'static CompiledPack {
    static PACK: OnceLock<CompiledPack> = OnceLock::new();
    PACK.get_or_init(|| {
        let source = locate::load_source("registermodel", &Origin::BuiltIn)
            .expect("the registermodel pack is built in");
        CompiledPack::load(&source).expect("the built-in pack loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let all = Wants {
        flow: true,
        facts: true,
    };
    let model = SourceModel::parse_with(data, all);
    assert!(
        model.regions().iter().all(|r| r.range.end <= data.len()),
        "regions lie in the input"
    );
    if let Some(facts) = model.facts() {
        let functions = facts.functions.iter().flat_map(|f| {
            let uses = f.keys.iter().chain(&f.attributes).map(|u| &u.item);
            std::iter::once(&f.name).chain(&f.parameters).chain(uses)
        });
        let arguments = facts.arguments.iter().map(|a| &a.dest);
        let mut items = functions.chain(&facts.env_reads).chain(arguments);
        assert!(
            items.all(|i| i.range.start <= i.range.end && i.range.end <= data.len()),
            "facts lie in the input"
        );
    }
    let target = Target::new("scripts/fuzz_registration.py".to_owned(), data.to_vec());
    // No spec or builder exists under the root: the path rules report them missing.
    let root = std::env::temp_dir().join("rulecheck-fuzz-root");
    let checker = Checker {
        packs: std::slice::from_ref(pack()),
        options: &[Options::default()],
        settings: &Settings::default(),
        companions: &Disk::new(&root, DEFAULT_MAX_FILE_SIZE),
        index: &Index::default(),
    };
    let _ = checker.check(&target, &[0]);
});
