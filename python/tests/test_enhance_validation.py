"""`rulecheck.enhance_validation`: the drop-in for cursus's `enhance_validation` calls."""

from __future__ import annotations

import copy
import json
import subprocess
from pathlib import Path

import pytest

import rulecheck
from _paths import CHURN, EXISTING, FRAUD, PACK_CASES, PIPELINE, existing_results


def test_registration_script_issues_are_merged_into_the_existing_summary() -> None:
    existing = existing_results()
    result = rulecheck.enhance_validation(existing, CHURN, root=PIPELINE)

    assert result["script"] == "churn_register.py"
    assert result["step_type"] == "RegisterModel"
    assert result["validation_levels"] == ["metadata", "approval", "package", "builder"]
    assert [(i["severity"], i["category"]) for i in result["additional_issues"]] == [
        ("INFO", "missing_model_metrics"),
        ("ERROR", "missing_model_package_creation_method"),
    ]
    for issue in result["additional_issues"]:
        assert issue["source"] == "RegisterModelStepEnhancer"
        assert issue["step_type"] == "RegisterModel"
        assert issue["details"]["script"] == "churn_register.py"
    enhanced = result["enhanced_results"]
    # existing: total 1, error 1, warning 0 (no info_count); new: one INFO, one ERROR.
    assert enhanced["summary"] == {"total_issues": 3, "error_count": 2, "warning_count": 0,
                                   "info_count": 1}
    assert enhanced["issues"] == existing["issues"] + result["additional_issues"]
    assert enhanced["script_analysis"] == {"functions": []}
    assert enhanced["success"] is False
    assert "model_metrics" in result["patterns"]


def test_existing_results_are_not_modified() -> None:
    existing = existing_results()
    before = copy.deepcopy(existing)
    rulecheck.enhance_validation(existing, CHURN, root=PIPELINE)
    assert existing == before


def test_result_is_exactly_the_command_line_json_result() -> None:
    result = rulecheck.enhance_validation(existing_results(), str(CHURN), pack="registermodel",
                                          root=PIPELINE)
    proc = subprocess.run(
        [rulecheck.find_rulecheck_bin(), "--pack", "registermodel", "--root", str(PIPELINE),
         "--format", "json", "--existing", str(EXISTING), str(CHURN)],
        capture_output=True, text=True,
    )
    assert proc.returncode == 1, proc.stderr
    assert result == json.loads(proc.stdout)["results"][0]


def test_pack_none_routes_a_registration_script_by_file_name() -> None:
    result = rulecheck.enhance_validation({"issues": []}, FRAUD, root=PIPELINE)
    assert result["pack"] == "registermodel"
    assert result["step_type"] == "RegisterModel"
    assert "missing_registration_builder" in [i["category"] for i in result["additional_issues"]]


def test_pack_none_routes_a_training_script_to_the_training_pack() -> None:
    case = PACK_CASES / "training" / "xgboost_complete"
    result = rulecheck.enhance_validation({"issues": []}, case / "xgboost_training.py", root=case)
    assert result["pack"] == "training"
    assert result["step_type"] == "Training"


def test_named_pack_checks_a_file_name_no_pack_routes(tmp_path: Path) -> None:
    script = tmp_path / "upload_model.py"
    script.write_text("from sagemaker.workflow.step_collections import RegisterModel\n"
                      "step = RegisterModel(name=\"m\", estimator=est)\n", encoding="utf-8")
    result = rulecheck.enhance_validation({"issues": []}, script, pack="registermodel",
                                          root=tmp_path)
    assert result["step_type"] == "RegisterModel"
    metadata = [i for i in result["additional_issues"]
                if i["category"] == "missing_model_metadata"]
    assert len(metadata) == 1 and "RegisterModel" in metadata[0]["message"]


def test_named_pack_judges_no_registration_in_a_file_that_makes_none(tmp_path: Path) -> None:
    # Outside the pack's cursus file names, a script with no registration call is not a
    # registration missing everything: the per-call rules have nothing to judge.
    script = tmp_path / "upload_model.py"
    script.write_text("x = 1\n", encoding="utf-8")
    result = rulecheck.enhance_validation({"issues": []}, script, pack="registermodel",
                                          root=tmp_path)
    assert result["step_type"] == "RegisterModel"
    assert "missing_model_metadata" not in [i["category"] for i in result["additional_issues"]]


def test_levels_limit_the_levels_run() -> None:
    result = rulecheck.enhance_validation({"issues": []}, FRAUD, root=PIPELINE,
                                          levels=["metadata", "approval"])
    assert result["levels_run"] == ["metadata", "approval"]
    assert {i["level"] for i in result["additional_issues"]} == {"metadata", "approval"}


def test_no_matching_pack_returns_existing_results_unchanged(tmp_path: Path) -> None:
    script = tmp_path / "helpers.py"
    script.write_text("import os\n", encoding="utf-8")
    existing = existing_results()
    result = rulecheck.enhance_validation(existing, script, root=tmp_path)
    assert result["enhanced_results"] == existing
    assert result["enhanced_results"] is not existing
    assert result["additional_issues"] == []
    assert result["step_type"] is None and result["pack"] is None
    assert result["script"] == "helpers.py"
    assert any("no pack applies" in notice for notice in result["notices"])


def test_file_name_matching_several_packs_asks_for_a_pack(tmp_path: Path) -> None:
    # prepare_*.py is a utility script, *_registration.py a registration script.
    script = tmp_path / "prepare_registration.py"
    script.write_text("x = 1\n", encoding="utf-8")
    with pytest.raises(rulecheck.RulecheckError, match="registermodel, utility"):
        rulecheck.enhance_validation({"issues": []}, script, root=tmp_path)
    chosen = rulecheck.enhance_validation({"issues": []}, script, pack="utility", root=tmp_path)
    assert chosen["step_type"] == "Utility"


def test_no_matching_pack_with_levels_returns_existing_results_unchanged(tmp_path: Path) -> None:
    script = tmp_path / "helpers.py"
    script.write_text("import os\n", encoding="utf-8")
    existing = existing_results()
    result = rulecheck.enhance_validation(existing, script, root=tmp_path, levels=["metadata"])
    assert result["enhanced_results"] == existing
    assert result["additional_issues"] == []
    assert any("no pack applies" in notice for notice in result["notices"])
