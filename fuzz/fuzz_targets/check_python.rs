//! Python bytes → the source model, then a full check by the built-in registermodel pack (which
//! parses the file when the prefilter finds a registration keyword, and otherwise stops early).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use rulecheck::CompiledPack;
use rulecheck::engine::{Options, Target};
use rulecheck::pack::{Origin, locate};
use rulecheck::python::SourceModel;
use rulecheck::run::check_target;

fn pack() -> &'static CompiledPack {
    static PACK: OnceLock<CompiledPack> = OnceLock::new();
    PACK.get_or_init(|| {
        let source = locate::load_source("registermodel", &Origin::BuiltIn)
            .expect("the registermodel pack is built in");
        CompiledPack::load(&source).expect("the built-in pack loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let model = SourceModel::parse(data);
    assert!(
        model.regions().iter().all(|r| r.range.end <= data.len()),
        "regions lie in the input"
    );
    let target = Target {
        path: "scripts/fuzz_registration.py".to_owned(),
        script: "fuzz_registration.py".to_owned(),
        bytes: data.to_vec(),
    };
    // No spec or builder exists under the root: the path rules report them missing.
    let root = std::env::temp_dir().join("rulecheck-fuzz-root");
    let _ = check_target(pack(), &target, &Options::default(), &root);
});
