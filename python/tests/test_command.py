"""The wheel installs the `rulecheck` command, with the built-in packs, into the environment."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from importlib.metadata import version
from pathlib import Path

import rulecheck
from _paths import CHURN, PIPELINE

SCRIPTS_BIN = Path(sysconfig.get_path("scripts")) / ("rulecheck" + (sysconfig.get_config_var("EXE") or ""))


def test_command_is_installed_in_the_environment_scripts_folder() -> None:
    assert SCRIPTS_BIN.is_file()
    assert os.access(SCRIPTS_BIN, os.X_OK)
    assert Path(rulecheck.find_rulecheck_bin()) == SCRIPTS_BIN


def test_command_reports_an_error_finding_and_exits_1() -> None:
    proc = subprocess.run(
        [str(SCRIPTS_BIN), "--pack", "registermodel", "--root", str(PIPELINE), "--color", "never",
         str(CHURN)],
        capture_output=True, text=True,
    )
    assert proc.returncode == 1, proc.stderr
    assert "error[missing_model_package_creation_method]" in proc.stdout


def test_command_carries_the_built_in_packs_outside_the_repository(tmp_path: Path) -> None:
    # No ./rules here: every pack listed must come from the binary itself.
    proc = subprocess.run([str(SCRIPTS_BIN), "packs"], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    for pack in ("registermodel", "processing", "training", "createmodel", "transform", "utility"):
        assert pack in proc.stdout


def test_python_dash_m_runs_the_binary_with_the_wheel_version() -> None:
    proc = subprocess.run([sys.executable, "-m", "rulecheck", "--version"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"rulecheck {version('rulecheck')}"


def test_python_dash_m_passes_the_exit_code_through(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "rulecheck", "--pack", "nosuch", str(CHURN)],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 2
    assert "nosuch" in proc.stderr


def test_package_is_typed() -> None:
    assert (Path(rulecheck.__file__).parent / "py.typed").is_file()
