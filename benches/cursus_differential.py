#!/usr/bin/env python3
"""Differential benchmark: cursus's own `author.check_script` against rulecheck on a cursus checkout.

Usage:
    CURSUS_CHECKOUT=/path/to/cursus [CURSUS_PYTHON=python] [RULECHECK_BIN=path] \
        python3 benches/cursus_differential.py [--cursus-jsonl FILE] [--catalog-only]
        [--no-projects] [--skip-rulecheck] [--show-outside]

Environment:
    CURSUS_CHECKOUT  a checkout of TianpeiLuke/cursus (required; `src/cursus/steps/interfaces/` must exist).
    CURSUS_PYTHON    a python that can import cursus's dependencies (pydantic, PyYAML, sagemaker, ...);
                     default `python3`. The driver puts `$CURSUS_CHECKOUT/src` first on sys.path, so the
                     CHECKOUT's cursus is the one checked even if that python has another cursus
                     installed (a warning is printed when the imported cursus is not the checkout's).
    RULECHECK_BIN    the rulecheck binary; default `target/release/rulecheck` of this repository. A
                     relative path with a slash is taken relative to the working directory, a bare
                     name is looked up on PATH.

What it does:

1. cursus side. Runs a small driver (DRIVER below) under CURSUS_PYTHON. For every
   `src/cursus/steps/interfaces/*.step.yaml` it calls `cursus.mcp.registry.call_tool(
   "author.check_script", {"step_name": <step_type>})` -- the tool exactly as shipped, which finds
   the script through the StepCatalog by FILE STEM (`steps/scripts/<snake(step)>.py`), not by
   `contract.entry_point` ("catalog" resolution). The tool takes only `step_name`, so to check
   other copies the driver runs the same unmodified tool with the catalog's script lookup replaced
   by a chosen file ("entry_point" resolution), pairing a file with the interface(s) whose
   `contract.entry_point` is its basename:
     - every `projects/*/dockers/**/<entry_point>` copy (unless --no-projects);
     - a package `steps/scripts/<entry_point>` the catalog did not find (e.g. GraphConstruction's
       run_gconstruct.py) (unless --catalog-only; --catalog-only also implies --no-projects).
   The tool's issues carry no key field: the key is parsed from the message (cursus_key() in the
   driver). One "no argparse at all" unparsed_declared_arg issue names several flags: it is
   expanded to one triple per flag.
2. rulecheck side. Runs `RULECHECK_BIN check --format json <checkout>` from the checkout's top and
   maps each finding with rulecheck_triple() -- ONE small function, change it when rulecheck's
   field names change. Today it assumes `category` equals cursus's category name and the key is
   `details.key` (the checked script is the result's `path`).
3. Both sides become (script path relative to the checkout, category, key) triples with the same
   normalisation (normalise_key(): argument names in argparse dest form, `--job-type` ->
   `job_type`). Only the categories in CATEGORIES are compared, and only on scripts cursus actually
   checked (rulecheck findings on other scripts are counted as "outside cursus's coverage" and
   listed with --show-outside). Prints a table per category (both / cursus only / rulecheck only)
   and every disagreement.

Python 3.11+ standard library only. Always exits 0: it is a report, not a gate.
"""

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# The categories author.check_script can report that are findings about a script (the INFO
# `reverse_arg_check_skipped_non_processing` note is not a finding and is not compared).
CATEGORIES = (
    "missing_main_function",
    "invalid_main_signature",
    "undeclared_input_path",
    "undeclared_output_path",
    "undeclared_env_var",
    "undeclared_job_arg",
    "unparsed_declared_arg",
    "unread_required_env_var",
)
# Categories whose key is a command-line argument name (normalised to argparse's dest form).
ARG_CATEGORIES = {"undeclared_job_arg", "unparsed_declared_arg"}


# ---------------------------------------------------------------------------------------------
# cursus side: the driver run under CURSUS_PYTHON.
#
# argv: <checkout> <out.jsonl> <with_projects 0|1> <with_entry_point 0|1>
# Writes one JSON object per line to <out.jsonl> (never to stdout: cursus and sagemaker log and
# print on import). Records:
#   {"record": "step",  step, script, resolution, entry_point, sagemaker_step_type, status,
#    passed, issue_count, reason}                     status: checked | skipped | error
#   {"record": "issue", step, script, resolution, category, severity, key, keys, message}
#   {"record": "meta",  cursus_file, cursus_version, warning}
# `script` is relative to the checkout when it lies inside it (absolute otherwise); `key` is the
# input/output/env/arg name the issue is about or null, `keys` the list of names (several only
# for the aggregated "no argparse parser" unparsed_declared_arg issue).
# ---------------------------------------------------------------------------------------------
DRIVER = r'''
import ast, glob, json, logging, os, re, sys, types, warnings
from pathlib import Path

checkout = Path(sys.argv[1]).resolve()
out_path = sys.argv[2]
with_projects = sys.argv[3] == "1"
with_entry_point = sys.argv[4] == "1"

os.environ.setdefault("SAGEMAKER_SUPPRESS_V2_WARNING", "1")
warnings.simplefilter("ignore")
logging.disable(logging.CRITICAL)
sys.path.insert(0, str(checkout / "src"))
sys.stdout = sys.stderr          # anything cursus prints goes to stderr

import yaml
import cursus
import cursus.step_catalog as step_catalog_mod
from cursus.mcp.registry import call_tool

records = []
cursus_file = Path(cursus.__file__).resolve()
warning = None
if checkout not in cursus_file.parents:
    warning = f"imported cursus is {cursus_file}, not the checkout's"
records.append({"record": "meta", "cursus_file": str(cursus_file),
                "cursus_version": getattr(cursus, "__version__", None), "warning": warning})

def rel(p):
    if p is None:
        return None
    p = Path(p).resolve()
    try:
        return p.relative_to(checkout).as_posix()
    except ValueError:
        return str(p)

# The key each category's message names (the issue dicts have no key field).
KEY_PATTERNS = {
    "undeclared_input_path": r"^Script uses input_paths\['(.*?)'\] but contract",
    "undeclared_output_path": r"^Script uses output_paths\['(.*?)'\] but contract",
    "undeclared_env_var": r"^Script uses environ_vars\.get\('(.*?)'\) but contract",
    "undeclared_job_arg": r"^Script uses job_args\.(\w+) but contract",
    "unparsed_declared_arg": r"^Contract declares CLI argument '--(.*?)' \(builder",
    "unread_required_env_var": r"^Contract declares required env var '(.*?)' but",
}
def cursus_key(issue):
    """(key, keys) for one issue: keys is the list of names the issue is about."""
    cat, msg = issue.get("category"), issue.get("message") or ""
    pat = KEY_PATTERNS.get(cat)
    if pat:
        m = re.search(pat, msg)
        if m:
            return m.group(1), [m.group(1)]
    if cat == "unparsed_declared_arg":
        # "Script defines no argparse parser but the contract declares N job argument(s) [...]"
        m = re.search(r"job argument\(s\) (\[.*?\]) that", msg)
        if m:
            keys = list(ast.literal_eval(m.group(1)))
            return (keys[0] if len(keys) == 1 else None), keys
    return None, []

class _ScriptOverride:
    """Stand-in for StepCatalog used by author._check_script: answers get_step_info with the one
    chosen script, so the rest of the (unmodified) tool runs against it."""
    path = None
    def __init__(self, *a, **k):
        pass
    def get_step_info(self, step_name, job_type=None):
        comp = types.SimpleNamespace(path=Path(self.path))
        return types.SimpleNamespace(file_components={"script": comp})

def run_tool(step, resolution, entry_point, script_path=None):
    original = step_catalog_mod.StepCatalog
    if script_path is not None:
        _ScriptOverride.path = script_path
        step_catalog_mod.StepCatalog = _ScriptOverride
    try:
        res = call_tool("author.check_script", {"step_name": step})
    finally:
        step_catalog_mod.StepCatalog = original
    data = res.data if res.ok else (res.meta or {}).get("details") or {}
    status = data.get("status") if isinstance(data, dict) and data.get("status") else "error"
    script = data.get("script") or script_path
    issues = (data.get("issues") or []) if status != "error" else []
    reason = data.get("reason") if status == "skipped" else (
        None if status == "checked" else f"{res.code}: {res.error}")
    records.append({
        "record": "step", "step": step, "script": rel(script), "resolution": resolution,
        "entry_point": entry_point, "sagemaker_step_type": data.get("sagemaker_step_type"),
        "status": status, "passed": data.get("passed"), "issue_count": len(issues),
        "reason": reason,
    })
    for i in issues:
        key, keys = cursus_key(i)
        records.append({
            "record": "issue", "step": step, "script": rel(script), "resolution": resolution,
            "category": i.get("category"), "severity": i.get("severity"),
            "key": key, "keys": keys, "message": i.get("message"),
        })
    return status, script, reason

interfaces = []
for f in sorted((checkout / "src/cursus/steps/interfaces").glob("*.step.yaml")):
    try:
        doc = yaml.safe_load(f.read_text()) or {}
    except Exception as exc:
        records.append({"record": "step", "step": f.name, "script": None, "resolution": "catalog",
                        "entry_point": None, "sagemaker_step_type": None, "status": "error",
                        "passed": None, "issue_count": 0, "reason": f"yaml: {exc}"})
        continue
    step = doc.get("step_type") or f.name[: -len(".step.yaml")]
    ep = (doc.get("contract") or {}).get("entry_point")
    interfaces.append((step, ep))

for step, ep in interfaces:
    status, script, reason = run_tool(step, "catalog", ep)
    pkg_ep = checkout / "src/cursus/steps/scripts" / ep if ep else None
    # The catalog found no script by file stem although the entry_point exists (the SDK-delegation
    # skip has another reason and is left alone).
    if (with_entry_point and status == "skipped" and script is None and pkg_ep is not None
            and pkg_ep.is_file() and str(reason or "").startswith("no local script")):
        run_tool(step, "entry_point", ep, str(pkg_ep))

if with_projects:
    by_ep = {}
    for step, ep in interfaces:
        if ep:
            by_ep.setdefault(ep, []).append(step)
    for ep, steps in sorted(by_ep.items()):
        for copy in sorted(glob.glob(glob.escape(str(checkout)) + "/projects/*/dockers/**/" + glob.escape(ep),
                                   recursive=True)):
            for step in steps:
                run_tool(step, "entry_point", ep, copy)

with open(out_path, "w") as fh:
    for r in records:
        fh.write(json.dumps(r) + "\n")
'''


def run_cursus(checkout, python, with_projects, with_entry_point):
    """Run DRIVER under `python`; return its records (list of dicts), or None on failure."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cursus.jsonl"
        cmd = [python, "-c", DRIVER, str(checkout), str(out),
               "1" if with_projects else "0", "1" if with_entry_point else "0"]
        try:
            proc = subprocess.run(cmd, cwd=checkout, capture_output=True, text=True)
        except OSError as err:
            print(f"cursus side: cannot run {python}: {err}")
            return None
        if proc.returncode != 0 or not out.exists():
            print(f"cursus side: driver exited {proc.returncode}; last stderr lines:")
            print("\n".join("    " + l for l in proc.stderr.strip().splitlines()[-15:]))
            return None
        return [json.loads(line) for line in out.read_text().splitlines() if line.strip()]


# ---------------------------------------------------------------------------------------------
# Normalisation shared by both sides.
# ---------------------------------------------------------------------------------------------
def normalise_key(category, key):
    """One spelling per key: argument names in argparse's dest form (strip leading dashes,
    '-' -> '_', as cursus's own _normalize_flag does); other keys as they are."""
    if key is None:
        return None
    key = str(key)
    if category in ARG_CATEGORIES:
        return key.lstrip("-").replace("-", "_")
    return key


def normalise_path(path, checkout):
    """Path relative to the checkout, POSIX form; absolute paths outside it stay absolute."""
    p = Path(path)
    if not p.is_absolute():
        p = checkout / p
    p = Path(os.path.normpath(p))
    try:
        return p.relative_to(checkout).as_posix()
    except ValueError:
        return p.as_posix()


def cursus_triples(records, checkout):
    """(script, category, key) triples of the cursus issues in CATEGORIES, and the scripts checked."""
    triples, checked = set(), set()
    for r in records:
        if r["record"] == "step" and r["status"] == "checked" and r.get("script"):
            checked.add(normalise_path(r["script"], checkout))
        if r["record"] != "issue" or r["category"] not in CATEGORIES:
            continue
        script = normalise_path(r["script"], checkout)
        for key in (r.get("keys") or [r.get("key")]):
            triples.add((script, r["category"], normalise_key(r["category"], key)))
    return triples, checked


# ---------------------------------------------------------------------------------------------
# rulecheck side.
# ---------------------------------------------------------------------------------------------
def rulecheck_triple(issue, result):
    """Map ONE rulecheck JSON issue (with its per-script result) to (path, category, key), or
    None when it is not one of the compared categories. This is the only place that knows
    rulecheck's field names for the differential: today `category` is cursus's category name and
    the key is `details.key`; the path is the checked script's (the result's `path`: a finding
    about an item the interface declares points into the interface, but is about the script).
    Cursus's signature issues carry no key; rulecheck's name the missing parameter, so the key
    is dropped for them and each script counts once."""
    category = issue.get("category")
    if category not in CATEGORIES:
        return None
    key = (issue.get("details") or {}).get("key")
    if category in ("missing_main_function", "invalid_main_signature"):
        key = None
    return result.get("path"), category, key


def resolve_bin(value):
    if not value:
        return REPO / "target" / "release" / "rulecheck"
    if os.sep in value or "/" in value:
        return Path(value).resolve()
    found = shutil.which(value)
    return Path(found) if found else Path(value)


def run_rulecheck(checkout, binary):
    """Triples from `binary check --format json <checkout>` run at the checkout's top; None when
    it cannot run or prints no JSON (the differential then shows the cursus side alone)."""
    cmd = [str(binary), "check", "--format", "json", str(checkout)]
    try:
        proc = subprocess.run(cmd, cwd=checkout, capture_output=True, text=True)
    except OSError as err:
        print(f"rulecheck side: cannot run {binary}: {err}")
        return None
    try:
        doc = json.loads(proc.stdout) if proc.stdout.strip() else None
    except json.JSONDecodeError as err:
        doc = None
        print(f"rulecheck side: output is not JSON ({err})")
    if not isinstance(doc, dict):
        print(f"rulecheck side: `{' '.join(cmd)}` exited {proc.returncode} without a JSON document;"
              f" stderr: {proc.stderr.strip()[:500]}")
        return None
    triples = set()
    for result in doc.get("results") or []:
        # additional_issues are the issues this run found; enhanced_results.issues repeats them
        # (plus any --existing ones), so read it only when additional_issues is absent.
        issues = result.get("additional_issues")
        if issues is None:
            issues = (result.get("enhanced_results") or {}).get("issues") or []
        for issue in issues:
            mapped = rulecheck_triple(issue, result)
            if mapped is None or not mapped[0]:
                continue
            path, category, key = mapped
            triples.add((normalise_path(path, checkout), category, normalise_key(category, key)))
    return triples


# ---------------------------------------------------------------------------------------------
# Report.
# ---------------------------------------------------------------------------------------------
def fmt_key(key):
    return "-" if key is None else key


def report(records, cur, checked, rc, checkout, show_outside):
    steps = [r for r in records if r["record"] == "step"]
    meta = next((r for r in records if r["record"] == "meta"), {})
    if meta.get("warning"):
        print(f"WARNING: {meta['warning']}")
    print(f"cursus {meta.get('cursus_version')} from {meta.get('cursus_file')}")
    by_status = collections.Counter((r["resolution"], r["status"]) for r in steps)
    print("cursus check_script runs: " + ", ".join(
        f"{res}/{st}={n}" for (res, st), n in sorted(by_status.items())))
    print(f"scripts checked by cursus: {len(checked)}")
    errors = collections.Counter(r.get("reason") for r in steps if r["status"] == "error")
    for reason, n in errors.most_common(3):  # e.g. CURSUS_PYTHON lacks cursus's dependencies
        print(f"cursus errors ({n}x): {reason}")
    other = collections.Counter(r["category"] for r in records
                                if r["record"] == "issue" and r["category"] not in CATEGORIES)
    if other:
        print("cursus notes not compared: " + ", ".join(f"{c}={n}" for c, n in sorted(other.items())))
    if rc is None:
        print("rulecheck side: no findings available (compared against an empty set)")
        rc = set()
    inside = {t for t in rc if t[0] in checked}
    outside = rc - inside

    print()
    header = f"{'category':<26} {'cursus':>7} {'rulecheck':>10} {'both':>6} {'cursus only':>12} {'rulecheck only':>15}"
    print(header)
    print("-" * len(header))
    totals = [0, 0, 0, 0, 0]
    for cat in CATEGORIES:
        c = {t for t in cur if t[1] == cat}
        r = {t for t in inside if t[1] == cat}
        row = [len(c), len(r), len(c & r), len(c - r), len(r - c)]
        totals = [a + b for a, b in zip(totals, row)]
        print(f"{cat:<26} {row[0]:>7} {row[1]:>10} {row[2]:>6} {row[3]:>12} {row[4]:>15}")
    print("-" * len(header))
    print(f"{'total':<26} {totals[0]:>7} {totals[1]:>10} {totals[2]:>6} {totals[3]:>12} {totals[4]:>15}")
    print(f"rulecheck findings of these categories on scripts cursus did not check: {len(outside)}")

    disagreements = sorted(
        [("cursus only", *t) for t in cur - inside] + [("rulecheck only", *t) for t in inside - cur],
        key=lambda d: (d[1], d[2], str(d[3]), d[0]))
    print()
    print(f"disagreements ({len(disagreements)}):")
    for side, script, cat, key in disagreements:
        print(f"  {side:<15} {script}  {cat}  {fmt_key(key)}")
    if show_outside and outside:
        print()
        print("rulecheck findings outside cursus's coverage:")
        for script, cat, key in sorted(outside, key=lambda t: (t[0], t[1], str(t[2]))):
            print(f"  {script}  {cat}  {fmt_key(key)}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cursus-jsonl", help="also write cursus's raw records (JSON lines) here")
    ap.add_argument("--no-projects", action="store_true",
                    help="do not check projects/*/dockers copies")
    ap.add_argument("--catalog-only", action="store_true",
                    help="only the tool's own script resolution (implies --no-projects)")
    ap.add_argument("--skip-rulecheck", action="store_true", help="report the cursus side only")
    ap.add_argument("--show-outside", action="store_true",
                    help="list rulecheck findings on scripts cursus did not check")
    args = ap.parse_args()

    checkout = os.environ.get("CURSUS_CHECKOUT")
    if not checkout or not (Path(checkout) / "src/cursus/steps/interfaces").is_dir():
        print("set CURSUS_CHECKOUT to a cursus checkout (with src/cursus/steps/interfaces/)")
        return
    checkout = Path(checkout).resolve()
    python = os.environ.get("CURSUS_PYTHON") or "python3"
    with_projects = not (args.no_projects or args.catalog_only)

    records = run_cursus(checkout, python, with_projects, not args.catalog_only)
    if records is None:
        records = []
    if args.cursus_jsonl:
        with open(args.cursus_jsonl, "w") as fh:
            for r in records:
                fh.write(json.dumps(r) + "\n")
    cur, checked = cursus_triples(records, checkout)

    rc = None
    if not args.skip_rulecheck:
        rc = run_rulecheck(checkout, resolve_bin(os.environ.get("RULECHECK_BIN")))
    report(records, cur, checked, rc, checkout, args.show_outside)


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:  # output piped into `head`
        sys.stdout = None
    except Exception as exc:  # a report never fails the caller
        print(f"cursus_differential: {type(exc).__name__}: {exc}")
    sys.exit(0)
