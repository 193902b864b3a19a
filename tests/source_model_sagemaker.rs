//! The Python source model on realistic SageMaker registration code: comments and docstrings,
//! non-UTF-8 bytes, pipeline parameters, `RegisterModel(...)`, `model.register(...)` inside
//! `ModelStep(...)`, boto3's `create_model_package(...)` and `**{...}` expansions. (These live
//! here, not next to the module, because the engine's sources name no pack's domain.)

mod on_registration_code {
    use std::ops::Range;

    use rulecheck::python::*;

    fn model(source: &str) -> SourceModel {
        SourceModel::parse(source.as_bytes())
    }

    /// Byte range of the `nth` (0-based) occurrence of `needle` in `haystack`.
    fn find_nth(haystack: &str, needle: &str, nth: usize) -> Range<usize> {
        let start = haystack
            .match_indices(needle)
            .nth(nth)
            .map(|(i, _)| i)
            .unwrap_or_else(|| panic!("{needle:?} #{nth} not in source"));
        start..start + needle.len()
    }

    fn find(haystack: &str, needle: &str) -> Range<usize> {
        find_nth(haystack, needle, 0)
    }

    fn regions(m: &SourceModel) -> Vec<(RegionKind, &str)> {
        m.regions()
            .iter()
            .map(|r| (r.kind, m.text(r.range.clone())))
            .collect()
    }

    fn names(m: &SourceModel, kind: IdentifierKind) -> Vec<&str> {
        m.identifiers()
            .filter(|i| i.kind == kind)
            .map(|i| i.text)
            .collect()
    }

    fn call<'m>(m: &'m SourceModel, callee: &str) -> &'m Call {
        m.calls()
            .iter()
            .find(|c| c.callee == callee)
            .unwrap_or_else(|| panic!("no call to {callee}"))
    }

    fn str_kw<'c>(call: &'c Call, name: &str) -> Option<&'c str> {
        call.keyword(name)?.value.as_ref()?.value.as_str()
    }

    #[test]
    fn keyword_only_in_comment_is_classified_as_comment() {
        let src = "x = 1  # metadata: approved\n# description\ny = 2\n";
        let m = model(src);
        assert_eq!(
            regions(&m),
            [
                (RegionKind::Comment, "# metadata: approved"),
                (RegionKind::Comment, "# description"),
            ]
        );
        assert_eq!(
            m.region_at(find(src, "metadata").start),
            RegionKind::Comment
        );
        assert_eq!(
            m.region_at(find(src, "description").start),
            RegionKind::Comment
        );
        assert_eq!(m.region_at(find(src, "y =").start), RegionKind::Code);
        assert_eq!(names(&m, IdentifierKind::Name), ["x", "y"]);
    }

    #[test]
    fn invalid_utf8_keeps_exact_byte_offsets() {
        let src: &[u8] = b"# caf\xe9 metadata\ns = '\xe9t\xe9'\ndef f\xff(): pass\nname = 'ok'\n";
        let m = SourceModel::parse(src);
        assert!(!m.is_valid_utf8());
        assert_eq!(m.source().len(), src.len());
        assert_eq!(m.source().as_bytes()[5], PLACEHOLDER_BYTE);
        let comment_end = src.iter().position(|&b| b == b'\n').unwrap_or_default();
        let spans: Vec<(RegionKind, Range<usize>)> = m
            .regions()
            .iter()
            .map(|r| (r.kind, r.range.clone()))
            .collect();
        assert_eq!(spans[0], (RegionKind::Comment, 0..comment_end));
        let quote = comment_end + 5;
        assert_eq!(spans[1], (RegionKind::String, quote..quote + 5));
        let ok = src
            .windows(4)
            .position(|w| w == b"'ok'")
            .unwrap_or_default();
        assert_eq!(spans.last(), Some(&(RegionKind::String, ok..ok + 4)));
        let assignment = m.assignments().last().expect("assignment to name");
        assert_eq!(assignment.target, "name");
        assert_eq!(&src[assignment.target_range.clone()], b"name");
        assert!(
            m.has_syntax_errors(),
            "the placeholder in `f\\xff` is not valid syntax"
        );
    }

    #[test]
    fn parameter_string_keyword_literals() {
        let src = r#"from sagemaker.workflow.parameters import ParameterString
model_approval_status = ParameterString(
    name="ModelApprovalStatus", default_value="PendingManualApproval"
)
"#;
        let m = model(src);
        let c = call(&m, "ParameterString");
        assert_eq!(c.dotted_name(), Some("ParameterString"));
        assert_eq!(c.method_name(), Some("ParameterString"));
        assert_eq!(str_kw(c, "name"), Some("ModelApprovalStatus"));
        assert_eq!(str_kw(c, "default_value"), Some("PendingManualApproval"));
        let kw = c.keyword("default_value").expect("keyword");
        assert_eq!(&src[kw.name_range.clone()], "default_value");
        assert_eq!(&src[kw.value_range.clone()], "\"PendingManualApproval\"");
        assert!(!kw.from_dict_unpacking);
        assert_eq!(
            &src[c.range.clone()],
            &src[find(src, "ParameterString(").start..src.len() - 1]
        );
        let a = &m.assignments()[0];
        assert_eq!(a.target, "model_approval_status");
        assert_eq!(a.value, None);
        assert_eq!(a.scope, ScopeKind::Module);
    }

    #[test]
    fn register_model_keywords_and_metadata_dict() {
        let src = r#"import sagemaker
step = sagemaker.workflow.step_collections.RegisterModel(
    name="Register",
    estimator=estimator,
    approval_status="Approved",
    customer_metadata_properties={"a": "b"},
)
"#;
        let m = model(src);
        let c = call(&m, "sagemaker.workflow.step_collections.RegisterModel");
        assert_eq!(c.method_name(), Some("RegisterModel"));
        assert_eq!(str_kw(c, "approval_status"), Some("Approved"));
        assert_eq!(c.keyword("estimator").and_then(|k| k.value.as_ref()), None);
        let metadata = c
            .keyword("customer_metadata_properties")
            .and_then(|k| k.value.as_ref())
            .expect("literal dict");
        assert_eq!(
            metadata.value.dict_get("a").and_then(|v| v.value.as_str()),
            Some("b")
        );
        let dicts = m.call_dicts(c);
        assert_eq!(dicts.len(), 1);
        assert_eq!(dicts[0].entries[0].key, "a");
        assert_eq!(&src[dicts[0].entries[0].key_range.clone()], "\"a\"");
        assert_eq!(c.relative_depth(&dicts[0]), 0);
        assert!(!c.has_opaque_kwargs);
    }

    #[test]
    fn model_register_nested_in_model_step() {
        let src = r#"def build(model, approval_status):
    step_args = model.register(
        content_types=["text/csv"],
        approval_status=approval_status,
        customer_metadata_properties={"team": {"name": "ml"}},
    )
    step = ModelStep(
        name="RegisterModel",
        step_args=model.register(approval_status="PendingManualApproval", tags=[{"Key": "k"}]),
    )
    return step
"#;
        let m = model(src);
        let callees: Vec<&str> = m.calls().iter().map(|c| c.callee.as_str()).collect();
        assert_eq!(callees, ["model.register", "ModelStep", "model.register"]);
        let first = &m.calls()[0];
        assert_eq!(first.method_name(), Some("register"));
        let types = first
            .keyword("content_types")
            .and_then(|k| k.value.as_ref());
        assert_eq!(
            types.and_then(|v| v.value.elements()).map(|e| e.len()),
            Some(1)
        );
        let nested: Vec<(usize, &str)> = m
            .call_dicts(first)
            .iter()
            .map(|d| (first.relative_depth(d), d.entries[0].key.as_str()))
            .collect();
        assert_eq!(nested, [(0, "team"), (1, "name")]);

        let step = call(&m, "ModelStep");
        let inner = &m.calls()[2];
        assert_eq!(
            str_kw(inner, "approval_status"),
            Some("PendingManualApproval")
        );
        assert_eq!(
            step.keyword("step_args").and_then(|k| k.value.as_ref()),
            None
        );
        // Dicts inside the nested call are also inside ModelStep's arguments.
        assert_eq!(m.call_dicts(step).len(), 1);
        assert_eq!(m.call_dicts(inner).len(), 1);

        let assignments: Vec<(&str, ScopeKind)> = m
            .assignments()
            .iter()
            .map(|a| (a.target.as_str(), a.scope))
            .collect();
        assert_eq!(
            assignments,
            [
                ("step_args", ScopeKind::Function),
                ("step", ScopeKind::Function)
            ]
        );
        assert_eq!(m.definitions()[0].name, "build");
    }

    #[test]
    fn boto3_create_model_package_with_tags() {
        let src = r#"import boto3
client = boto3.client("sagemaker")
client.create_model_package(
    ModelPackageGroupName="g",
    ModelApprovalStatus="Approved",
    Tags=[{"Key": "k", "Value": "v"}],
)
boto3.client("sagemaker").create_model_package(ModelApprovalStatus=status)
"#;
        let m = model(src);
        let c = call(&m, "client.create_model_package");
        assert_eq!(str_kw(c, "ModelPackageGroupName"), Some("g"));
        assert_eq!(str_kw(c, "ModelApprovalStatus"), Some("Approved"));
        let tags = c
            .keyword("Tags")
            .and_then(|k| k.value.as_ref())
            .expect("tags");
        let tags = tags.value.elements().expect("list");
        assert_eq!(tags.len(), 1);
        let key = tags[0].value.dict_get("Key").expect("Key");
        assert_eq!(key.value.as_str(), Some("k"));
        assert_eq!(&src[key.range.clone()], "\"k\"");
        assert_eq!(
            tags[0]
                .value
                .dict_get("Value")
                .and_then(|v| v.value.as_str()),
            Some("v")
        );
        let dicts = m.call_dicts(c);
        assert_eq!(dicts.len(), 1);
        let keys: Vec<&str> = dicts[0].entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["Key", "Value"]);

        let chained = call(&m, "boto3.client().create_model_package");
        assert_eq!(chained.dotted_name(), None);
        assert_eq!(chained.method_name(), Some("create_model_package"));
        assert_eq!(
            &src[chained.callee_range.clone()],
            "boto3.client(\"sagemaker\").create_model_package"
        );
        assert_eq!(
            chained
                .keyword("ModelApprovalStatus")
                .map(|k| k.value.is_none()),
            Some(true)
        );
        let client = call(&m, "boto3.client");
        assert_eq!(
            client.args[0].value.as_ref().and_then(|v| v.value.as_str()),
            Some("sagemaker")
        );
    }

    #[test]
    fn dict_unpacking_entries_are_keyword_arguments() {
        let src = r#"f(a=1, **{"ModelApprovalStatus": "Approved", "n": 2})
g(**kwargs)
h(**{"ok": 1, key: 2})
"#;
        let m = model(src);
        let f = call(&m, "f");
        let kws: Vec<(&str, bool)> = f
            .keywords
            .iter()
            .map(|k| (k.name.as_str(), k.from_dict_unpacking))
            .collect();
        assert_eq!(
            kws,
            [("a", false), ("ModelApprovalStatus", true), ("n", true)]
        );
        assert_eq!(str_kw(f, "ModelApprovalStatus"), Some("Approved"));
        let status = f.keyword("ModelApprovalStatus").expect("keyword");
        assert_eq!(&src[status.name_range.clone()], "\"ModelApprovalStatus\"");
        assert!(!f.has_opaque_kwargs);
        assert_eq!(m.call_dicts(f).len(), 1);
        assert!(call(&m, "g").has_opaque_kwargs);
        let h = call(&m, "h");
        assert!(h.has_opaque_kwargs);
        assert_eq!(h.keywords.len(), 1);
        assert!(m.call_dicts(h)[0].has_other_entries);
    }
}
