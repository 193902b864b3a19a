"""Locate the ``rulecheck`` binary that this package was installed with."""

from __future__ import annotations

import os
import sys
import sysconfig

__all__ = ["find_rulecheck_bin"]


def _user_scheme() -> str:
    if sys.version_info >= (3, 10):
        return sysconfig.get_preferred_scheme("user")
    if os.name == "nt":
        return "nt_user"
    if sys.platform == "darwin" and getattr(sys, "_framework", None):
        return "osx_framework_user"
    return "posix_user"


def find_rulecheck_bin() -> str:
    """Return the path of the ``rulecheck`` executable installed beside this package.

    The wheel puts the binary in the environment's scripts folder (``bin/`` of a virtual
    environment). It is looked for there, then in the user scheme's scripts folder
    (``pip install --user``), then in a ``bin/`` folder next to the package
    (``pip install --target``).

    Raises:
        FileNotFoundError: the package is importable but its binary is not installed.
    """
    exe = "rulecheck" + (sysconfig.get_config_var("EXE") or "")
    candidates = [
        os.path.join(sysconfig.get_path("scripts"), exe),
        os.path.join(sysconfig.get_path("scripts", scheme=_user_scheme()), exe),
        os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bin", exe),
    ]
    for path in candidates:
        if os.path.isfile(path):
            return path
    raise FileNotFoundError(
        "the rulecheck binary is not installed; looked in: " + ", ".join(candidates)
    )
