#!/usr/bin/env python3
"""Speed of a routed run over an interface-first tree, against ripgrep on the same files.

Usage: CURSUS_CHECKOUT=/path/to/cursus python3 benches/interface_tree.py
($RULECHECK_BIN times another build instead of target/release/rulecheck; RUNS=5 by default.)

From the checkout's top, as a team runs it: `rulecheck check .` with every built-in pack, the
interfaces indexed, in text and in JSON. The baseline is `rg -i -c -F` with every keyword of the
shipped packs over the files that run reads: the scripts it checks (from `rulecheck route .`),
the indexed interfaces and the requirements files found upward. Prints medians, the ratio to
ripgrep, and peak RSS (GNU time). The machine is shared: compare ratios, and note the load.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compare import measure  # noqa: E402  (the same timing as the corpus benchmark)

REPO = Path(__file__).resolve().parent.parent


def keywords():
    """Every keyword of the shipped packs, once."""
    words = set()
    for pack in (REPO / "rules").glob("*.toml"):
        for line in pack.read_text().splitlines():
            match = re.match(r"\s*keywords\s*=\s*\[(.*)\]", line)
            if match:
                words.update(re.findall(r'"([^"]+)"', match.group(1)))
    return sorted(words)


def files_read(checkout, binary):
    """The scripts a routed run checks, the interfaces and the requirements files."""
    routed = subprocess.run(
        [str(binary), "route", "."], cwd=checkout, capture_output=True, text=True, check=True
    ).stdout
    scripts = {line.split(": ")[0] for line in routed.splitlines() if not line.startswith("note:")}
    interfaces = {str(p.relative_to(checkout)) for p in checkout.glob("**/interfaces/*.step.yaml")}
    requirements = {str(p.relative_to(checkout)) for p in checkout.glob("**/requirements*.txt")}
    return sorted(scripts), sorted(interfaces | requirements)


def main():
    checkout = Path(os.environ.get("CURSUS_CHECKOUT", "")).resolve()
    if not (checkout / "src").is_dir():
        sys.exit("set CURSUS_CHECKOUT to a cursus checkout")
    binary = Path(os.environ.get("RULECHECK_BIN", REPO / "target" / "release" / "rulecheck"))
    rg = shutil.which("rg") or sys.exit("install ripgrep (apt-get install ripgrep)")
    scripts, companions = files_read(checkout, binary)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as patterns:
        patterns.write("\n".join(keywords()) + "\n")
    rg_cmd = [rg, "-i", "-c", "-F", "-f", patterns.name, "--no-messages", *scripts, *companions]
    rows = [
        ("ripgrep, the same files", rg_cmd),
        ("rulecheck check . (text)", [str(binary), "check", "-j", "2", "."]),
        ("rulecheck check . (json)", [str(binary), "check", "-j", "2", "--format", "json", "."]),
    ]
    load = os.getloadavg()[0]
    print(f"{len(scripts)} scripts checked, {len(companions)} interfaces and requirements files; "
          f"load {load:.2f}")
    base = None
    for name, cmd in rows:
        wall, rss = measure(cmd, cwd=checkout)
        base = base or wall
        print(f"{name:28} {wall * 1000:8.1f} ms  {wall / base:5.2f}x  peak RSS {rss / 1024:6.1f} MB")
    os.unlink(patterns.name)


if __name__ == "__main__":
    main()
