//! Routing by content: whether a file makes a call of one of the `[[calls]]` sets a pack names
//! in `[pack].route_calls`, so that the routed run checks it although no `files` glob matches
//! its name. First a byte test without a parse ([`Trigger::may_call`]): a file that spells none
//! of a set's modules (when the set has an import condition) or none of its callees' needles
//! cannot make a call of it, and most files are rejected there. A file that passes is confirmed
//! on its source model ([`Trigger::routes`]), the one parse the check of the file then reuses.

use aho_corasick::AhoCorasick;
use memchr::memmem::Finder;

use super::calls;
use super::prefilter::needle::{callee_needle, module_needle};
use super::source::ModelCell;
use crate::error::{Error, Result};
use crate::pack::Pack;
use crate::python::SourceModel;

/// The byte test of a pack's `route_calls` sets.
#[derive(Debug)]
pub struct Trigger {
    sets: Vec<SetTrigger>,
}

/// The byte test of one set.
#[derive(Debug)]
struct SetTrigger {
    /// The set's index in the pack.
    set: usize,
    /// Its callees' needles, ignoring ASCII case; `None` when a callee has no needle (only a
    /// parse can tell where its calls are).
    callees: Option<AhoCorasick>,
    /// The first names of its modules, in their case (empty without an import condition):
    /// searched one by one, as a SIMD substring search skips far faster than an automaton
    /// whose needles start with common letters.
    modules: Vec<Finder<'static>>,
}

impl Trigger {
    /// The test of `pack`'s `route_calls` sets, or `None` when it names none.
    pub fn new(pack: &Pack) -> Result<Option<Trigger>> {
        let build = |needles: Vec<&str>| {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(needles)
                .map_err(|e| Error::Usage {
                    message: format!(
                        "pack `{}`: its `route_calls` sets do not compile: {e}",
                        pack.name
                    ),
                    help: "shorten the sets' callee and import lists".into(),
                })
        };
        let mut sets = Vec::new();
        for &index in &pack.route_calls {
            let Some(set) = pack.call_sets.get(index) else {
                continue;
            };
            let needles: Option<Vec<&str>> = (0..set.callees.len())
                .map(|callee| callee_needle(set, callee))
                .collect();
            let mut modules: Vec<&str> = set.imports.iter().map(|m| module_needle(m)).collect();
            modules.sort_unstable();
            modules.dedup();
            sets.push(SetTrigger {
                set: index,
                callees: needles.map(build).transpose()?,
                modules: modules
                    .into_iter()
                    .map(|m| Finder::new(m).into_owned())
                    .collect(),
            });
        }
        Ok((!sets.is_empty()).then_some(Trigger { sets }))
    }

    /// Whether `bytes` may make a call of one of the sets: false only when, for each set, the
    /// file spells none of its modules (if it has an import condition) or none of its callees'
    /// needles, which no call of it (written or through an import alias) can do without.
    pub fn may_call(&self, bytes: &[u8]) -> bool {
        self.sets.iter().any(|trigger| {
            (trigger.modules.is_empty() || trigger.modules.iter().any(|m| m.find(bytes).is_some()))
                && trigger.callees.as_ref().is_none_or(|c| c.is_match(bytes))
        })
    }

    /// The id of the set of `pack` (whose trigger this is) a call of which the script `bytes`
    /// makes, if any: `None` without a parse when the byte test rules every set out, else as
    /// the script's model (parsed into `model` once, for the check that follows too) shows.
    pub fn routes<'p>(&self, pack: &'p Pack, bytes: &[u8], model: &ModelCell) -> Option<&'p str> {
        if !self.may_call(bytes) {
            return None;
        }
        self.called(pack, model.get(bytes))
    }

    /// The first set (in `route_calls` order) that `model` makes a call of, its import
    /// condition and exclusions applied. A call of a function of the file counts as the rules
    /// judge it: by what its body calls, not by its name (a function named like the set whose
    /// body calls only what the set excludes is no call of the set).
    fn called<'p>(&self, pack: &'p Pack, model: &SourceModel) -> Option<&'p str> {
        self.sets.iter().find_map(|trigger| {
            let set = pack.call_sets.get(trigger.set)?;
            let reached = calls::imports_satisfied(set, model)
                && model.calls().iter().any(|c| calls::reaches(set, model, c));
            reached.then_some(set.id.as_str())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::{Origin, PackSource};
    use crate::python::Wants;

    /// A pack of one level with `tables` after its `[pack]` table's keys.
    fn load(tables: &str) -> Pack {
        let text = format!(
            "[pack]\nname = \"t\"\nstep_type = \"T\"\nsource = \"S\"\nversion = \"1\"\n\
             levels = [\"one\"]\n{tables}"
        );
        let source = PackSource {
            origin: Origin::BuiltIn,
            stem: "t".into(),
            text,
        };
        crate::pack::load(&source).unwrap_or_else(|e| panic!("{e}"))
    }

    /// A pack routing by calls of `publish` (a substring, in files importing `cloud.sdk`) and
    /// of the exact `ml.Package` (anywhere).
    fn pack() -> Pack {
        load(
            r#"
route_calls = ["releases", "packages"]

[[calls]]
id = "releases"
callees = ["publish"]
imports = ["cloud.sdk"]
exclude = ["publish_group"]

[[calls]]
id = "packages"
callees = ["ml.Package"]
match = "exact"
"#,
        )
    }

    /// What the byte test says of `code`, and the set a call of which routes it.
    fn routed(code: &str) -> (bool, Option<String>) {
        let pack = pack();
        let trigger = Trigger::new(&pack)
            .ok()
            .flatten()
            .unwrap_or_else(|| panic!("the pack routes by calls"));
        let model = ModelCell::new(Wants::default());
        let set = trigger.routes(&pack, code.as_bytes(), &model);
        (trigger.may_call(code.as_bytes()), set.map(str::to_owned))
    }

    #[test]
    fn a_call_of_a_set_routes_the_file_to_its_pack() {
        let code = "from cloud.sdk import client\nclient.Publish(x=1)\n";
        assert_eq!(routed(code), (true, Some("releases".into())));
        let exact = "import ml\nml.Package(name='n')\n";
        assert_eq!(routed(exact), (true, Some("packages".into())));
    }

    #[test]
    fn a_call_without_the_sets_import_is_ruled_out_before_any_parse() {
        let code = "import codecs\ncodecs.publish(search)\n";
        assert_eq!(routed(code), (false, None));
    }

    #[test]
    fn the_parse_rules_out_what_the_bytes_only_suggest() {
        // The module and the callee are spelt, but in a comment and a string; the excluded
        // callee is not in the set.
        let words = "# cloud.sdk\nx = 'publish'\n";
        assert_eq!(routed(words), (true, None));
        let excluded = "import cloud.sdk\ncloud.sdk.publish_group(n=1)\n";
        assert_eq!(routed(excluded), (true, None));
    }

    #[test]
    fn an_aliased_call_is_found_through_its_import() {
        let code = "from cloud.sdk.steps import Publish as P\nP(name='m')\n";
        assert_eq!(routed(code), (true, Some("releases".into())));
    }

    #[test]
    fn a_set_named_only_by_route_calls_is_not_unused() {
        let call_set_warnings = |pack: &Pack| {
            pack.warnings
                .iter()
                .filter(|w| w.message.contains("call set"))
                .count()
        };
        assert_eq!(call_set_warnings(&pack()), 0);
        let unused = load("[[calls]]\nid = \"s\"\ncallees = [\"publish\"]\n");
        assert_eq!(call_set_warnings(&unused), 1);
    }

    #[test]
    fn a_pack_without_route_calls_has_no_trigger() {
        let pack = load("[[calls]]\nid = \"s\"\ncallees = [\"publish\"]\n");
        assert!(matches!(Trigger::new(&pack), Ok(None)));
    }
}
