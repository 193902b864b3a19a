"""``python -m rulecheck …`` runs the installed ``rulecheck`` binary with the same arguments."""

from __future__ import annotations

import os
import subprocess
import sys

from ._find_bin import find_rulecheck_bin


def _main() -> None:
    binary = find_rulecheck_bin()
    if sys.platform == "win32":
        sys.exit(subprocess.run([binary, *sys.argv[1:]]).returncode)
    os.execv(binary, [binary, *sys.argv[1:]])


if __name__ == "__main__":
    _main()
