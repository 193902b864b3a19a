    use crate::checker::Checker;
    use crate::checker::companions::InMemory;
    use crate::checker::index::Index;
    use crate::engine::compile::test_packs;
    use crate::engine::{CompiledPack, Evidence, Options, Target};
    use crate::settings::Settings;

    /// A pack indexing `steps/*.yaml` by `entry`, with one compare rule given its keys.
    fn pack(rule_keys: &str) -> CompiledPack {
        test_packs::with(&format!(
            r#"
[[index]]
id = "step"
files = ["steps/*.yaml"]
script = "entry"

[[rule]]
id = "c"
kind = "compare"
level = "one"
category = "drift"
severity = "WARNING"
message = "{{item}} differs ({{path}})"
recommendation = "align"
{rule_keys}
"#
        ))
    }

    /// What checking `jobs/etl.py` holding `script` beside `files` gives: each finding as
    /// `path:line:column item` and the rule's evidence.
    fn check(compiled: &CompiledPack, script: &str, files: InMemory) -> (Vec<String>, Evidence) {
        let index = Index::build(std::slice::from_ref(compiled), &files.paths(), &files)
            .unwrap_or_else(|e| panic!("{e}"));
        let checker = Checker {
            packs: std::slice::from_ref(compiled),
            options: &[Options::default()],
            settings: &Settings::default(),
            companions: &files,
            index: &index,
        };
        let target = Target::new("jobs/etl.py".into(), script.into());
        let mut report = checker.check(&target, &[0]).unwrap_or_else(|e| panic!("{e}"));
        let (_, outcome) = report.outcomes.remove(0);
        let findings = outcome
            .findings
            .iter()
            .map(|f| {
                let at = f.location.start().map_or(String::new(), |p| format!(":{}:{}", p.line, p.column));
                let item = f.details.iter().find(|(k, _)| k == "item").map(|(_, v)| v.clone());
                format!("{}{at} {}", f.location.path(), item.unwrap_or_else(|| f.message.clone()))
            })
            .collect();
        let evidence = outcome.evidence.first().map_or(Evidence::Skipped, |e| e.evidence.clone());
        (findings, evidence)
    }

    const STEP: &str = "entry: etl.py\ninputs:\n  raw: /data/raw\n  lookup: /data/lookup\nflags:\n- --job-type\n- --seed\nneeds:\n  scikit_learn: '1'\n";

    #[test]
    fn each_script_item_the_companion_lacks_is_a_finding_at_its_place_in_the_script() {
        let compiled = pack(
            r#"script = [{ fact = "keys", function = "main", parameter = "paths" }]
companion = [{ index = "step", select = "keys(inputs)" }]
report = "script_only"
details = { item = "{item}" }"#,
        );
        let script = "def main(paths):\n    a = paths['raw']\n    b = paths.get('extra')\n";
        let files = InMemory::new().with("steps/etl.yaml", STEP);
        let (findings, evidence) = check(&compiled, script, files);
        assert_eq!(findings, ["jobs/etl.py:3:19 extra"]);
        assert!(matches!(
            evidence,
            Evidence::Compared { script: 2, companion: 2, differences: 1 }
        ));
    }

    #[test]
    fn each_companion_item_the_script_lacks_is_a_finding_at_its_line_in_the_companion() {
        let compiled = pack(
            r#"script = [{ fact = "arguments" }]
companion = [{ index = "step", select = "flags[*]" }]
normalize = "flag"
report = "companion_only"
details = { item = "{item}" }"#,
        );
        let script = "import argparse\np = argparse.ArgumentParser()\np.add_argument('--job_type')\n";
        let files = InMemory::new().with("steps/etl.yaml", STEP);
        let (findings, _) = check(&compiled, script, files);
        assert_eq!(findings, ["steps/etl.yaml:7:3 --seed"], "--job-type is job_type");
    }

    #[test]
    fn a_script_without_a_file_in_the_index_is_not_compared() {
        let compiled = pack(
            r#"script = [{ fact = "env" }]
companion = [{ index = "step", select = "keys(inputs)" }]
report = "script_only""#,
        );
        let files = InMemory::new().with("steps/other.yaml", "entry: other.py\n");
        let (findings, _) = check(&compiled, "import os\nos.getenv('X')\n", files);
        assert!(findings.is_empty());
    }

    #[test]
    fn a_fact_of_a_function_the_script_does_not_define_skips_the_rule() {
        let compiled = pack(
            r#"script = [{ fact = "parameters", function = "main" }]
expected = ["paths"]
report = "companion_only""#,
        );
        let (findings, evidence) = check(&compiled, "def run(paths):\n    pass\n", InMemory::new());
        assert!(findings.is_empty());
        assert!(matches!(evidence, Evidence::Skipped));
        let (findings, _) = check(&compiled, "def main(args):\n    pass\n", InMemory::new());
        assert_eq!(findings, ["jobs/etl.py:1:5 paths differs (jobs/etl.py)"]);
    }

    #[test]
    fn imports_are_renamed_filtered_and_compared_as_distribution_names_across_files_found_upward() {
        let compiled = pack(
            r#"script = [{ fact = "imports" }]
only = ["sklearn", "numpy", "pandas"]
rename = { sklearn = "scikit-learn" }
companion = [
    { index = "step", select = "keys(needs)" },
    { upward = "requirements*.txt", format = "requirements", select = "*" },
]
normalize = "distribution"
report = "script_only"
details = { item = "{item}" }"#,
        );
        let script = "import os\nimport numpy as np\nfrom sklearn import tree\nimport pandas\nfrom . import local\n";
        let files = InMemory::new()
            .with("steps/etl.yaml", STEP)
            .with("jobs/requirements-extra.txt", "NumPy==1.26  # arrays\n")
            .with("requirements.txt", "-r jobs/requirements-extra.txt\n");
        let (findings, _) = check(&compiled, script, files);
        assert_eq!(findings, ["jobs/etl.py:4:1 pandas"]);
    }
