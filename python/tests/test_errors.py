"""What the command line rejects with exit code 2 raises `RulecheckError` with its message."""

from __future__ import annotations

from pathlib import Path

import pytest

import rulecheck
from _paths import CHURN, PIPELINE, existing_results


def test_unknown_pack_names_the_pack() -> None:
    with pytest.raises(rulecheck.RulecheckError) as caught:
        rulecheck.enhance_validation({"issues": []}, CHURN, pack="nosuchpack", root=PIPELINE)
    assert "nosuchpack" in str(caught.value)
    assert str(caught.value).startswith("error:")
    assert caught.value.returncode == 2


def test_broken_pack_file_names_the_offending_key(tmp_path: Path) -> None:
    pack = tmp_path / "broken.toml"
    pack.write_text('[pack]\nname = "broken"\nnot_a_key = 1\n', encoding="utf-8")
    with pytest.raises(rulecheck.RulecheckError, match="not_a_key"):
        rulecheck.enhance_validation({"issues": []}, CHURN, pack=str(pack), root=PIPELINE)


def test_unreadable_script_names_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "absent_register.py"
    with pytest.raises(rulecheck.RulecheckError, match="cannot read") as caught:
        rulecheck.enhance_validation({"issues": []}, missing, root=tmp_path)
    assert "absent_register.py" in str(caught.value)


def test_existing_results_that_are_not_an_object_are_rejected() -> None:
    with pytest.raises(rulecheck.RulecheckError, match="top level is a list") as caught:
        rulecheck.enhance_validation([1, 2], CHURN, root=PIPELINE)  # type: ignore[arg-type]
    # The message names the caller's object, not the temporary file the API passed it through.
    assert "`<existing results>` does not hold existing validation results" in str(caught.value)
    assert "rulecheck-existing-" not in str(caught.value)


def test_existing_counter_that_is_not_an_integer_is_rejected() -> None:
    existing = existing_results()
    existing["summary"]["total_issues"] = "one"
    with pytest.raises(rulecheck.RulecheckError, match="summary.total_issues"):
        rulecheck.enhance_validation(existing, CHURN, root=PIPELINE)


def test_existing_issues_that_are_not_a_list_are_rejected() -> None:
    with pytest.raises(rulecheck.RulecheckError, match="issues"):
        rulecheck.enhance_validation({"issues": "none"}, CHURN, root=PIPELINE)


def test_unknown_level_lists_the_pack_levels() -> None:
    with pytest.raises(rulecheck.RulecheckError, match="approval"):
        rulecheck.enhance_validation({"issues": []}, CHURN, pack="registermodel", root=PIPELINE,
                                      levels=["scripts"])


def test_unknown_option_is_the_command_line_usage_error() -> None:
    with pytest.raises(rulecheck.RulecheckError, match="--no-such-option"):
        rulecheck.check(CHURN, no_such_option=True)


def test_unknown_level_of_a_routed_pack_is_rejected() -> None:
    with pytest.raises(rulecheck.RulecheckError, match="scripts"):
        rulecheck.enhance_validation({"issues": []}, CHURN, root=PIPELINE, levels=["scripts"])
