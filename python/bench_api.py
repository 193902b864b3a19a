"""Latency of one ``rulecheck.enhance_validation`` call on one script (run with the package installed).

    python python/bench_api.py [N]

Prints the median, min and max of N calls (default 20, after 3 warm-up calls) with the pack
named and routed by file name, beside the same command run bare and a spawn of ``true``: the
floor of any API that starts a process per call.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, List

import rulecheck

REPO = Path(__file__).resolve().parents[1]
PIPELINE = REPO / "tests" / "fixtures" / "registermodel" / "pipeline"
SCRIPT = PIPELINE / "scripts" / "churn_register.py"
EXISTING = REPO / "tests" / "fixtures" / "existing" / "results.json"


def timed(label: str, call: Callable[[], object], n: int) -> None:
    for _ in range(3):
        call()
    samples: List[float] = []
    for _ in range(n):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1e3)
    print(f"{label:<44} median {statistics.median(samples):6.2f} ms"
          f"  min {min(samples):6.2f}  max {max(samples):6.2f}  (n={n})")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    existing = json.loads(EXISTING.read_text(encoding="utf-8"))
    binary = rulecheck.find_rulecheck_bin()
    timed("enhance_validation(pack='registermodel')",
          lambda: rulecheck.enhance_validation(existing, SCRIPT, pack="registermodel",
                                               root=PIPELINE), n)
    timed("enhance_validation(pack=None)  (routed)",
          lambda: rulecheck.enhance_validation(existing, SCRIPT, root=PIPELINE), n)
    timed("the same command, bare (subprocess.run)",
          lambda: subprocess.run([binary, "check", "--pack", "registermodel", "--root",
                                  str(PIPELINE), "--format", "json", "--existing", str(EXISTING),
                                  str(SCRIPT)], capture_output=True, check=False), n)
    timed("spawn `true` (subprocess.run)",
          lambda: subprocess.run(["true"], capture_output=True, check=False), n)


if __name__ == "__main__":
    main()
