"""`rulecheck.check`: the whole JSON document, with command-line options by keyword."""

from __future__ import annotations

import pytest

import rulecheck
from _paths import CHURN, FRAUD, PIPELINE, existing_results


def test_folder_is_walked_and_every_routed_script_reported() -> None:
    document = rulecheck.check(PIPELINE / "scripts", root=PIPELINE)
    assert [r["script"] for r in document["results"]] == ["churn_register.py",
                                                         "fraud_registration.py"]
    assert document["summary"]["scripts"] == 2
    assert document["summary"]["total_issues"] == sum(
        len(r["additional_issues"]) for r in document["results"])


def test_existing_dict_is_merged_into_every_result() -> None:
    document = rulecheck.check([CHURN, FRAUD], pack="registermodel", root=PIPELINE,
                               existing=existing_results())
    for result in document["results"]:
        issues = result["enhanced_results"]["issues"]
        assert issues[0]["category"] == "script_contract_mismatch"
        assert result["enhanced_results"]["summary"]["total_issues"] == 1 + len(
            result["additional_issues"])


def test_list_options_repeat_their_flag() -> None:
    document = rulecheck.check(PIPELINE / "scripts", root=PIPELINE,
                               exclude=["churn_*", "nothing_*"], jobs=1)
    assert [r["script"] for r in document["results"]] == ["fraud_registration.py"]


def test_format_and_fail_on_are_fixed_by_the_api() -> None:
    with pytest.raises(TypeError, match="fail_on"):
        rulecheck.check(CHURN, fail_on="warning")
    with pytest.raises(TypeError, match="format"):
        rulecheck.check(CHURN, format="text")


def test_isolated_reads_no_configuration_from_the_working_directory(
        tmp_path, monkeypatch) -> None:
    (tmp_path / "rulecheck.toml").write_text('exclude = ["churn_*"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    configured = rulecheck.check(PIPELINE / "scripts", root=PIPELINE)
    assert [r["script"] for r in configured["results"]] == ["fraud_registration.py"]
    isolated = rulecheck.check(PIPELINE / "scripts", root=PIPELINE, isolated=True)
    assert [r["script"] for r in isolated["results"]] == ["churn_register.py",
                                                         "fraud_registration.py"]
