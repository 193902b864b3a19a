#!/usr/bin/env python3
"""Instruction counts of the command line, for comparing two builds where wall time is noisy.

`python3 benches/instructions.py [BASELINE_BIN]` runs each scenario below once under
`valgrind --tool=callgrind` (installed with apt-get when missing) with this checkout's release
binary (or $RULECHECK_BIN), and with BASELINE_BIN when given, and prints the instructions each
run executed (all threads) and their ratio. Callgrind counts instructions, not seconds: the same
binary on the same input gives the same count whatever else the machine is doing.

Scenarios: one script with `--pack registermodel`, routed (no `--pack`: every pack in play,
those the script cannot use left unloaded), and routed with ten more team packs in a
`--pack-dir` (those of `compare.py`, which match no file here), `validate` of the pack, and the registermodel pack over one package of the standard library
(`email`, `--all-files -j 1`) in the text, JSON and SARIF formats.
"""

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

from compare import team_packs

REPO = Path(__file__).resolve().parent.parent
STDLIB = Path(sysconfig.get_paths()["stdlib"])
PIPELINE = "tests/fixtures/registermodel/pipeline"
SCRIPT = f"{PIPELINE}/scripts/churn_register.py"
SUBSET = str(STDLIB / "email")

SCENARIOS = [
    ("one script, --pack", ["--pack", "registermodel", "--root", PIPELINE, SCRIPT]),
    ("one script, routed", ["--root", PIPELINE, SCRIPT]),
    ("routed, +10 team packs", ["--pack-dir", "{teams}", "--root", PIPELINE, SCRIPT]),
    ("validate the pack", ["validate", "rules/registermodel.toml"]),
    *[
        (
            f"stdlib email/, {fmt}",
            ["--pack", "registermodel", "--all-files", "-j", "1", "--format", fmt, SUBSET],
        )
        for fmt in ("text", "json", "sarif")
    ],
]


def binary():
    given = os.environ.get("RULECHECK_BIN")
    if given:
        return given
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    return str(REPO / "target" / "release" / "rulecheck")


def instructions(bin_path, args):
    """The instructions one run executed, all threads."""
    proc = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", bin_path,
         "--isolated", "--fail-on", "never", *args]
        if args[0] != "validate"
        else ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", bin_path, *args],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    found = re.search(r"Collected : (\d+)", proc.stderr)
    if not found:
        sys.exit(f"callgrind gave no count for {args}:\n{proc.stderr[-2000:]}")
    return int(found.group(1))


def main():
    if not shutil.which("valgrind"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "valgrind"], check=True)
    current = binary()
    baseline = sys.argv[1] if len(sys.argv) > 1 else None
    print(f"{'scenario':<24} {'this build':>16} {'baseline':>16} {'ratio':>7}")
    with tempfile.TemporaryDirectory() as teams:
        team_packs(teams)
        for name, args in SCENARIOS:
            args = [arg.replace("{teams}", teams) for arg in args]
            now = instructions(current, args)
            if baseline:
                before = instructions(baseline, args)
                print(f"{name:<24} {now:>16,} {before:>16,} {now / before:>7.3f}")
            else:
                print(f"{name:<24} {now:>16,}")


if __name__ == "__main__":
    main()
