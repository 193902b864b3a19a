#!/usr/bin/env python3
"""Whole-corpus benchmark: rulecheck against ripgrep on the same files and keywords.

Run from anywhere: `python3 benches/compare.py` (it builds the release binary and installs
ripgrep with apt-get when it is missing). The corpus is the standard library of this python3
without site-packages (or $RULECHECK_CORPUS). Prints, as medians of RUNS runs:

- ripgrep: `rg -i -c -F` with the registermodel pack's keywords and value names (the baseline);
- rulecheck: the registermodel pack on every file (`--all-files -j 2`), text report;
- one-file wall time (the pre-commit case) and `rulecheck validate` of the pack (process start,
  load and compile; `cargo bench --bench engine` measures load+compile in process);
with files/s, MB/s, peak RSS, and the ratio to ripgrep. The machine is shared: compare ratios.
"""

import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
import tomllib
from pathlib import Path

RUNS = int(os.environ.get("RUNS", "5"))
REPO = Path(__file__).resolve().parent.parent


def run(cmd, cwd=REPO):
    """Wall seconds and peak RSS (KiB) of one run of `cmd`, output discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{cmd[0]} failed ({code}): {proc.stderr.read().decode(errors='replace')}")
    return wall, usage.ru_maxrss


def measure(cmd, cwd=REPO):
    run(cmd, cwd)  # warm the page cache
    runs = [run(cmd, cwd) for _ in range(RUNS)]
    return statistics.median(w for w, _ in runs), max(r for _, r in runs)


def main():
    if not shutil.which("rg"):
        print("installing ripgrep (apt-get)", flush=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "ripgrep"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    binary = str(REPO / "target" / "release" / "rulecheck")
    corpus = Path(os.environ.get("RULECHECK_CORPUS") or sysconfig.get_paths()["stdlib"])
    files = [p for p in corpus.rglob("*.py") if "site-packages" not in p.relative_to(corpus).parts]
    size = sum(p.stat().st_size for p in files)

    pack = tomllib.loads((REPO / "rules" / "registermodel.toml").read_text())
    words = []
    for rule in pack["rule"]:
        words += rule.get("keywords", []) + rule.get("names", [])
    words = sorted(set(words))

    rg = ["rg", "-i", "-c", "-F", "--glob", "*.py", "--glob", "!site-packages", *[a for w in words for a in ("-e", w)], str(corpus)]
    with tempfile.TemporaryDirectory() as empty_root:
        ours = [binary, "--pack", "registermodel", "--all-files", "-j", "2", "--root", empty_root, "--exclude", "site-packages", str(corpus)]
        one = [binary, "--pack", "registermodel", "--root", "tests/fixtures/registermodel/pipeline", "tests/fixtures/registermodel/pipeline/scripts/churn_register.py"]
        validate = [binary, "validate", "rules/registermodel.toml"]
        rows = [
            ("ripgrep -i -c -F (baseline)", measure(rg), True),
            ("rulecheck registermodel -j 2", measure(ours), True),
            ("rulecheck, one file", measure(one), False),
            ("rulecheck validate (load+compile)", measure(validate), False),
        ]
    base = rows[0][1][0]
    print(f"corpus: {len(files)} files, {size / 1e6:.1f} MB, {len(words)} keywords; median of {RUNS} runs")
    print(f"{'':36} {'wall ms':>9} {'files/s':>9} {'MB/s':>8} {'peak RSS MB':>12} {'vs rg':>7}")
    for name, (wall, rss), whole in rows:
        rate = f"{len(files) / wall:9.0f} {size / 1e6 / wall:8.1f}" if whole else f"{'':9} {'':8}"
        print(f"{name:36} {wall * 1e3:9.1f} {rate} {rss / 1024:12.1f} {wall / base:7.2f}")


if __name__ == "__main__":
    main()
