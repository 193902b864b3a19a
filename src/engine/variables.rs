//! The first phase of a check: the values of the pack's variables for one script — `script`,
//! the variables derived from its file name, and those detected from its content.

use crate::pack::{DetectFrom, Detector, VariableTable};

/// Values of `script`, the derived and the detected variables, by index in the table.
pub fn values(table: &VariableTable, script: &str, bytes: &[u8]) -> Vec<String> {
    let mut values = file_variables(table, script);
    values.extend(table.detected.iter().map(|d| detect(d, bytes)));
    values
}

/// Values of `script` and the pack's derived variables for a script name.
fn file_variables(table: &VariableTable, script: &str) -> Vec<String> {
    let mut values = vec![script.to_owned()];
    for variable in &table.derived {
        let mut value = values[variable.from].clone();
        for remove in variable.remove.iter().filter(|r| !r.is_empty()) {
            value = value.replace(remove.as_str(), "");
        }
        values.push(value);
    }
    values
}

/// A detected variable's value: the first option one of whose keywords occurs in the detector's
/// input (the import lines, or the whole text), or empty.
fn detect(detector: &Detector, bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let fold = |s: &str| {
        if detector.case_sensitive {
            s.to_owned()
        } else {
            s.to_lowercase()
        }
    };
    let inputs: Vec<String> = match detector.from {
        DetectFrom::Text => vec![fold(&text)],
        DetectFrom::Imports => text
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with("import ") || l.starts_with("from "))
            .map(fold)
            .collect(),
    };
    detector
        .options
        .iter()
        .find(|(_, keywords)| {
            keywords
                .iter()
                .any(|k| inputs.iter().any(|input| input.contains(&fold(k))))
        })
        .map(|(value, _)| value.clone())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::compile::test_packs;

    #[test]
    fn derived_variables_remove_each_string_everywhere_in_order() {
        let compiled = test_packs::require(r#"keywords = ["x"]"#);
        let mut table = compiled.pack.variables;
        table.derived.push(crate::pack::Variable {
            from: VariableTable::SCRIPT,
            remove: vec![".py".into(), "_job".into(), "".into()],
        });
        assert_eq!(
            file_variables(&table, "a_job_b_job.py"),
            ["a_job_b_job.py", "a_b"]
        );
    }
}
