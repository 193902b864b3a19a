#!/usr/bin/env python3
"""Whole-corpus benchmark: rulecheck against ripgrep on the same files and keywords.

Run from anywhere: `python3 benches/compare.py` (it builds the release binary and installs
ripgrep with apt-get when it is missing). The corpus is the standard library of this python3
without site-packages (or $RULECHECK_CORPUS); $RULECHECK_BIN times another build instead of
building this one, and $RULECHECK_BEFORE pairs each rulecheck row with a `before:` row of that
build (e.g. the one before a change), run in the same rounds. Every command runs once per round,
the rounds in a shuffled order, so that the shared machine's load spikes fall on rounds rather
than on rows; printed are medians of RUNS rounds, on the corpus and on ten copies of it (built in
a temporary folder):

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
import random
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


def measure_all(rows):
    """Runs every row's command RUNS times, round by round in a shuffled order, so that a spike
    of the shared machine's load falls on a round, not on one row: (median wall, peak RSS) per
    row, by name. Each command runs once first to warm the page cache."""
    for row in rows:
        run(row["cmd"])
    walls = {row["name"]: [] for row in rows}
    rss = {row["name"]: 0 for row in rows}
    order = list(rows)
    for _ in range(RUNS):
        random.shuffle(order)
        for row in order:
            wall, peak = run(row["cmd"])
            walls[row["name"]].append(wall)
            rss[row["name"]] = max(rss[row["name"]], peak)
    return {name: (statistics.median(w), rss[name]) for name, w in walls.items()}


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
    binary = os.environ.get("RULECHECK_BIN")  # another build to time instead of this one
    if not binary:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
        binary = str(REPO / "target" / "release" / "rulecheck")
    before = os.environ.get("RULECHECK_BEFORE")  # a build to pair with, e.g. the one before a change
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

    rows = []

    def add(name, scale, cmd, baseline=False, ours=True, pair=True):
        """A row; with $RULECHECK_BEFORE, a rulecheck row gets a `before:` twin run in the same
        rounds (unless `pair` is false: what the build before may not have)."""
        rows.append({"name": name, "scale": scale, "cmd": [binary, *cmd] if ours else cmd, "baseline": baseline,
                     "ratio": baseline or ours})
        if before and ours and pair:
            rows.append({"name": f"  before: {name}", "scale": scale, "cmd": [before, *cmd], "baseline": False,
                         "ratio": True})

    def whole(label, path, root, scale):
        """Rows for one corpus: ripgrep first (the baseline of the rows after it)."""
        add(f"ripgrep -i -c -F{label} (baseline)", scale, rg(path), baseline=True, ours=False)
        for fmt in ("text", "json", "sarif", "html"):
            add(f"rulecheck -j 2, {fmt}{label}", scale,
                ["--pack", "registermodel", "--all-files", "-j", "2", "--format", fmt,
                 "--root", root, "--exclude", "site-packages", str(path)], pair=fmt != "html")

    with tempfile.TemporaryDirectory() as empty_root, tempfile.TemporaryDirectory() as tenfold, \
            tempfile.TemporaryDirectory() as teams:
        team_packs(teams)
        for copy in range(10):
            for path in files:
                target = Path(tenfold) / f"copy{copy}" / path.relative_to(corpus)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
        whole("", corpus, empty_root, (len(files), size))
        whole(" (10x)", tenfold, empty_root, (10 * len(files), 10 * size))
        one_scale = (1, (REPO / one_file).stat().st_size)
        add("ripgrep -i -c -F, one file (baseline)", one_scale, rg(one_file), baseline=True, ours=False)
        add("rulecheck --pack, one file", one_scale, ["--pack", "registermodel", "--root", one_root, one_file])
        add("rulecheck routed (no --pack), one file", one_scale, ["--root", one_root, one_file])
        add("routed, one file, +10 team packs", one_scale, ["--pack-dir", teams, "--root", one_root, one_file])
        rows.append({"name": "rulecheck validate (load+compile)", "scale": one_scale, "baseline": False,
                     "ratio": False, "cmd": [binary, "validate", "rules/registermodel.toml"]})
        load_start = os.getloadavg()[0]
        measured = measure_all(rows)
        page = subprocess.run([binary, "--pack", "registermodel", "--all-files", "--format", "html", "--root",
                               empty_root, "--exclude", "site-packages", str(corpus)],
                              cwd=REPO, stdout=subprocess.PIPE)
        html_size = len(page.stdout)
    load = os.getloadavg()[0]
    print(f"corpus: {len(files)} files, {size / 1e6:.1f} MB, {len(words)} keywords; median of {RUNS} interleaved "
          f"rounds; {os.cpu_count()} cores, load average {load_start:.1f} at the start, {load:.1f} at the end")
    print(f"{'':44} {'wall ms':>9} {'files/s':>9} {'MB/s':>8} {'peak RSS MB':>12} {'vs rg':>7}")
    base = None
    for row in rows:
        wall, rss = measured[row["name"]]
        count, total = row["scale"]
        if row["baseline"]:
            base = wall
        rate = f"{count / wall:9.0f} {total / 1e6 / wall:8.1f}" if row["ratio"] else f"{'':9} {'':8}"
        ratio = f"{wall / base:7.2f}" if row["ratio"] else f"{'':7}"
        print(f"{row['name']:44} {wall * 1e3:9.1f} {rate} {rss / 1024:12.1f} {ratio}")
    for label in ("", " (10x)"):
        html, json_ = (measured[f"rulecheck -j 2, {fmt}{label}"][0] for fmt in ("html", "json"))
        print(f"html vs json{label or ' (1x)'}: {html / json_:.2f}")
    print(f"html report of the corpus: {html_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
