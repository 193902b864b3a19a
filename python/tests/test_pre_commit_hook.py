"""The `rulecheck` pre-commit hook, tried from this repository as a user's config would use it.

pre-commit builds the wheel into its own environment (maturin, so cargo runs); CARGO_TARGET_DIR
is pointed at this repository's target/ unless already set, so that build reuses the compiled
dependencies. `try-repo` takes this repository's HEAD commit (plus uncommitted tracked changes).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, Iterator

import pytest

from _paths import REPO

INVALID_APPROVAL = '''\
from sagemaker.workflow.step_collections import RegisterModel


def register(model, metrics):
    return RegisterModel(
        name="RegisterChurn",
        model=model,
        description="Churn classifier",
        model_metrics=metrics,
        approval_status="PendingApproval",
    )
'''

CLEAN = INVALID_APPROVAL.replace('"PendingApproval"', '"PendingManualApproval"')

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")


@pytest.fixture(scope="module")
def hook_env(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, str]:
    env = dict(os.environ)
    env["PRE_COMMIT_HOME"] = str(tmp_path_factory.mktemp("pre-commit-home"))
    env.setdefault("CARGO_TARGET_DIR", str(REPO / "target"))
    env.pop("PRE_COMMIT", None)
    return env


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A git repository with one registration script of each kind, staged."""
    root = tmp_path_factory.mktemp("project")
    (root / "bad_register.py").write_text(INVALID_APPROVAL, encoding="utf-8")
    (root / "good_register.py").write_text(CLEAN, encoding="utf-8")
    for args in (["init", "-q"], ["config", "user.email", "ci@example.invalid"],
                 ["config", "user.name", "rulecheck tests"], ["add", "."]):
        subprocess.run(["git", *args], cwd=root, check=True)
    yield root


def try_repo(project: Path, env: Dict[str, str], *files: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "rulecheck",
         "--color", "never", "--files", *files],
        cwd=project, env=env, capture_output=True, text=True, timeout=1800,
    )


def test_hook_fails_on_a_script_with_an_invalid_approval_status(
        project: Path, hook_env: Dict[str, str]) -> None:
    proc = try_repo(project, hook_env, "bad_register.py")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Failed" in proc.stdout
    assert "error[invalid_approval_status]" in proc.stdout
    assert "PendingApproval" in proc.stdout


def test_hook_passes_a_clean_registration_script(
        project: Path, hook_env: Dict[str, str]) -> None:
    proc = try_repo(project, hook_env, "good_register.py")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Passed" in proc.stdout
