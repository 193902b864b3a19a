#!/usr/bin/env python3
"""Whole-corpus benchmark: rulecheck against ripgrep on the same files and keywords.

Run from anywhere: `python3 benches/compare.py` (it builds the release binary and installs
ripgrep with apt-get when it is missing). The corpus is the standard library of this python3
without site-packages (or $RULECHECK_CORPUS); $RULECHECK_BIN times another build instead of
building this one. Prints, as medians of RUNS runs, on the corpus and
on ten copies of it (built in a temporary folder):

- ripgrep: `rg -i -c -F` with the registermodel pack's keywords and value names (the baseline);
- rulecheck: the registermodel pack on every file (`--all-files -j 2`), text report, JSON
  report (the report is streamed, so its peak RSS should not grow with the corpus), SARIF and
  HTML (with HTML's time as a ratio to JSON's, and the size of the corpus's HTML page);
- one file (the pre-commit and editor case), against ripgrep on that file: with
  `--pack registermodel`, routed (no `--pack`: every available pack is in play and the file
  goes to the ones that take it), and routed with ten more small team packs in a `--pack-dir`
  whose `files` globs do not match the file (what a pack the file does not use costs);
- `rulecheck validate` of the pack (process start, load and compile; `cargo bench --bench
  engine` measures load+compile in process);
with files/s, MB/s, peak RSS (the largest of the runs, from GNU time when it is installed: the
rusage of a child of Python never reads below Python's own), and the ratio to ripgrep on the
same corpus. The machine is shared: compare ratios, and note the load.
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


# A child forked from this Python starts with its peak RSS (~20 MB), which `ru_maxrss` keeps
# across exec; GNU time forks from a small process, so its %M is the command's own peak.
GNU_TIME = shutil.which("time", path="/usr/bin:/bin")


def run(cmd, cwd=REPO):
    """Wall seconds and peak RSS (KiB) of one run of `cmd`, output discarded."""
    timed = [GNU_TIME, "-f", "%M", *cmd] if GNU_TIME else cmd
    start = time.perf_counter()
    proc = subprocess.Popen(timed, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stderr = proc.stderr.read().decode(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{cmd[0]} failed ({code}): {stderr}")
    lines = stderr.split()
    return wall, int(lines[-1]) if GNU_TIME and lines else usage.ru_maxrss


def measure(cmd, cwd=REPO):
    run(cmd, cwd)  # warm the page cache
    runs = [run(cmd, cwd) for _ in range(RUNS)]
    return statistics.median(w for w, _ in runs), max(r for _, r in runs)


# A small team pack, valid, whose `files` glob matches no file of the benchmark.
TEAM_PACK = """[pack]
name = "team{n}"
step_type = "Team{n}"
source = "Team{n}Checks"
version = "1.0.0"
description = "Team {n}'s own checks of its batch jobs."
levels = ["ownership", "io"]
files = ["*_team{n}_job.py", "team{n}_*.py"]

[[rule]]
id = "owner_{n}"
kind = "require"
level = "ownership"
category = "missing_owner"
severity = "WARNING"
message = "{{script}} names no owner"
recommendation = "Name the owning team in a module docstring or a tag."
keywords = ["owner", "team_name", "maintainer"]

[[rule]]
id = "output_{n}"
kind = "require"
level = "io"
category = "missing_output"
severity = "INFO"
message = "{{script}} writes no output"
recommendation = "Write the job's result with to_parquet or upload_file."
keywords = ["to_parquet", "upload_file", "put_object"]
scopes = ["code"]
"""


def team_packs(folder):
    """Ten small team packs in `folder`, for the routed row with packs the file does not use."""
    for n in range(10):
        (Path(folder) / f"team{n}.toml").write_text(TEAM_PACK.format(n=n))


def main():
    if not shutil.which("rg"):
        print("installing ripgrep (apt-get)", flush=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "ripgrep"], check=True, stdout=subprocess.DEVNULL)
    binary = os.environ.get("RULECHECK_BIN")  # another build to compare, e.g. the one before a change
    if not binary:
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

    def rg(path):
        words_args = [a for w in words for a in ("-e", w)]
        return ["rg", "-i", "-c", "-F", "--glob", "*.py", "--glob", "!site-packages", *words_args, str(path)]

    one_root = "tests/fixtures/registermodel/pipeline"
    one_file = f"{one_root}/scripts/churn_register.py"
    one_scale = (1, (REPO / one_file).stat().st_size)

    def ours(path, fmt, root):
        return [binary, "--pack", "registermodel", "--all-files", "-j", "2", "--format", fmt,
                "--root", root, "--exclude", "site-packages", str(path)]

    def whole(label, path, root):
        """Rows for one corpus: ripgrep first (the baseline of the rows after it)."""
        return [
            (f"ripgrep -i -c -F{label} (baseline)", measure(rg(path)), True),
            (f"rulecheck -j 2, text{label}", measure(ours(path, "text", root)), False),
            (f"rulecheck -j 2, json{label}", measure(ours(path, "json", root)), False),
            (f"rulecheck -j 2, sarif{label}", measure(ours(path, "sarif", root)), False),
            (f"rulecheck -j 2, html{label}", measure(ours(path, "html", root)), False),
        ]

    with tempfile.TemporaryDirectory() as empty_root, tempfile.TemporaryDirectory() as tenfold, \
            tempfile.TemporaryDirectory() as teams:
        team_packs(teams)
        one = [binary, "--pack", "registermodel", "--root", one_root, one_file]
        routed = [binary, "--root", one_root, one_file]
        routed_teams = [binary, "--pack-dir", teams, "--root", one_root, one_file]
        validate = [binary, "validate", "rules/registermodel.toml"]
        scale = (len(files), size)
        rows = [(scale, row) for row in whole("", corpus, empty_root)]
        for copy in range(10):
            for path in files:
                target = Path(tenfold) / f"copy{copy}" / path.relative_to(corpus)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
        rows += [((10 * len(files), 10 * size), row) for row in whole(" (10x)", tenfold, empty_root)]
        page = subprocess.run(ours(corpus, "html", empty_root), cwd=REPO, stdout=subprocess.PIPE)
        html_size = len(page.stdout)
        rows += [
            (one_scale, ("ripgrep -i -c -F, one file (baseline)", measure(rg(one_file)), True)),
            (one_scale, ("rulecheck --pack, one file", measure(one), False)),
            (one_scale, ("rulecheck routed (no --pack), one file", measure(routed), False)),
            (one_scale, ("routed, one file, +10 team packs", measure(routed_teams), False)),
            (one_scale, ("rulecheck validate (load+compile)", measure(validate), None)),
        ]
    load = os.getloadavg()[0]
    print(f"corpus: {len(files)} files, {size / 1e6:.1f} MB, {len(words)} keywords; median of {RUNS} runs; "
          f"{os.cpu_count()} cores, load average {load:.1f} at the end")
    print(f"{'':40} {'wall ms':>9} {'files/s':>9} {'MB/s':>8} {'peak RSS MB':>12} {'vs rg':>7}")
    base = None
    for (count, total), (name, (wall, rss), baseline) in rows:
        if baseline:
            base = wall
        rate = f"{count / wall:9.0f} {total / 1e6 / wall:8.1f}" if baseline is not None else f"{'':9} {'':8}"
        ratio = f"{wall / base:7.2f}" if baseline is not None else f"{'':7}"
        print(f"{name:40} {wall * 1e3:9.1f} {rate} {rss / 1024:12.1f} {ratio}")
    walls = {name: wall for _, (name, (wall, _), _) in rows}
    for label in ("", " (10x)"):
        html, json_ = walls[f"rulecheck -j 2, html{label}"], walls[f"rulecheck -j 2, json{label}"]
        print(f"html vs json{label or ' (1x)'}: {html / json_:.2f}")
    print(f"html report of the corpus: {html_size / 1e6:.1f} MB")

if __name__ == "__main__":
    main()
