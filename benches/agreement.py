#!/usr/bin/env python3
"""Agreement of rulecheck's registermodel pack with the labelled registration corpus.

Usage: python3 benches/agreement.py [--bin PATH] [--corpus DIR] [--levels L1,L2]

Runs `BIN --pack registermodel --format json --fail-on never --levels LEVELS CORPUS` (BIN defaults
to the repository's target/release/rulecheck, CORPUS to its tests/fixtures/registration_corpus,
LEVELS to metadata,approval; given paths are relative to the working directory) and compares
each file's result with CORPUS/labels.toml:

- metadata, metrics, approval: the pattern model_metadata / model_metrics / approval_status says
  `found` (present) or `missing` (absent); the label says whether the evidence really reaches a
  SageMaker registration. "missed": the tool says present, the truth is absent (the missing
  evidence goes unreported). "falsely flagged": the tool says missing, the truth is present.
- invalid literals: issues whose category starts with `invalid_`, compared as (category, line).
  A file agrees when both sets are equal; "missed" counts labelled findings not reported,
  "falsely flagged" counts reported findings not labelled, "not run" labelled findings whose
  rule's level was not run (invalid_model_package_group_name is at level `package`).

Prints one table with a row per label, then the disagreeing files. Python 3.11+ stdlib only.
Exit 0 whatever the agreement (it is a measurement); 2 only when nothing could be measured
(the binary is missing or fails, or the labels do not load).
"""

import argparse
import json
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PATTERNS = {"metadata": "model_metadata", "metrics": "model_metrics", "approval": "approval_status"}


def fail(message):
    print(f"agreement: {message}", file=sys.stderr)
    sys.exit(2)


def run_tool(binary, corpus, levels):
    cmd = [str(binary), "--pack", "registermodel", "--format", "json", "--fail-on", "never",
           "--levels", levels, str(corpus)]
    try:
        proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    except OSError as err:
        fail(f"cannot run {binary}: {err} (build it with `cargo build --release`, or pass --bin)")
    if proc.returncode != 0:
        fail(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.strip()}")
    results = {}
    for result in json.loads(proc.stdout)["results"]:
        name = Path(result["path"]).relative_to(corpus).as_posix()
        results[name] = result
    return results


def observed(result):
    """The tool's answer per label: True/False for present/absent, None when not run."""
    answer = {}
    for label, pattern in PATTERNS.items():
        status = result.get("patterns", {}).get(pattern, {}).get("status")
        answer[label] = {"found": True, "missing": False}.get(status)
    # A value rule of a level that did not run has no pattern: its labelled findings are "not run".
    answer["judged"] = {pattern.get("category") for pattern in result.get("patterns", {}).values()}
    answer["invalid"] = {
        (issue["category"], issue.get("location", {}).get("line"))
        for issue in result["enhanced_results"]["issues"]
        if issue["category"].startswith("invalid_")
    }
    return answer


def show(findings):
    return ", ".join(f"{category}@{line}" for category, line in sorted(findings)) or "none"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", help="rulecheck binary (default: the repository's release build)")
    parser.add_argument("--corpus", help="labelled folder (default: the repository's corpus)")
    parser.add_argument("--levels", default="metadata,approval", help="levels to run")
    args = parser.parse_args()
    # Given paths are relative to the working directory; defaults to the repository.
    corpus = Path(args.corpus or REPO / "tests/fixtures/registration_corpus").resolve()
    binary = Path(args.bin or REPO / "target/release/rulecheck").resolve()
    try:
        labels = tomllib.loads((corpus / "labels.toml").read_text())
    except (OSError, tomllib.TOMLDecodeError) as err:
        fail(f"cannot load {corpus / 'labels.toml'}: {err}")
    results = run_tool(binary, corpus, args.levels)

    rows = {label: [0, 0, 0, 0] for label in [*PATTERNS, "invalid"]}  # agree, missed, false, n/a
    notes = {label: [] for label in rows}
    for name, truth in sorted(labels.items()):
        if name not in results:
            print(f"not checked by the tool (not routed to registermodel?): {name}")
            continue
        seen = observed(results[name])
        why = f"  ({truth['why']})" if "why" in truth else ""
        for label in PATTERNS:
            row = rows[label]
            if seen[label] is None:
                row[3] += 1
            elif seen[label] == truth[label]:
                row[0] += 1
            elif seen[label]:
                row[1] += 1
                notes[label].append(f"missed   {name}: tool found, truth absent{why}")
            else:
                row[2] += 1
                notes[label].append(f"flagged  {name}: tool missing, truth present{why}")
        expected = {(f["category"], f["line"]) for f in truth.get("invalid", [])}
        row = rows["invalid"]
        row[3] += sum(1 for category, _ in expected if category not in seen["judged"])
        expected = {(category, line) for category, line in expected if category in seen["judged"]}
        missed, extra = expected - seen["invalid"], seen["invalid"] - expected
        row[0] += not missed and not extra
        row[1] += len(missed)
        row[2] += len(extra)
        if missed or extra:
            notes["invalid"].append(
                f"{'missed' if missed else 'flagged':8} {name}: missed {show(missed)}; "
                f"falsely flagged {show(extra)}{why}")
    for name in sorted(set(results) - set(labels)):
        print(f"checked but not labelled: {name}")

    files = sum(1 for name in labels if name in results)
    print(f"registermodel agreement on {files} labelled files (levels {args.levels})\n")
    print(f"{'label':<10} {'agree':>12} {'missed':>7} {'falsely flagged':>16} {'not run':>8}")
    for label, (agree, missed, false, absent) in rows.items():
        share = f"{agree}/{files} ({agree / max(files, 1):.0%})"
        print(f"{label:<10} {share:>12} {missed:>7} {false:>16} {absent:>8}")
    print("\n(invalid: agree counts files; missed, falsely flagged and not run count findings)")
    for label, lines in notes.items():
        if lines:
            print(f"\n{label}:")
            for line in lines:
                print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
