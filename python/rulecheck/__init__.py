"""Python API of rulecheck: rule packs over Python sources, as a drop-in for cursus's enhancers.

The engine is the ``rulecheck`` binary installed with this package (see ``find_rulecheck_bin``);
each call runs it once with ``check --format json --fail-on never`` and returns its JSON, so the
API answers exactly what the command line does::

    import rulecheck

    # cursus: RegisterModelStepEnhancer().enhance_validation(existing_results, script_name)
    result = rulecheck.enhance_validation(existing_results, "scripts/churn_register.py")
    result["additional_issues"]            # the new issues
    result["enhanced_results"]["summary"]  # existing counts raised by the new issues

Whatever the command line rejects with exit code 2 (an unknown or broken pack, an unreadable
script, existing results of the wrong shape, an unknown option) raises ``RulecheckError`` with the
command line's message.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import subprocess
import tempfile
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

from ._find_bin import find_rulecheck_bin

__all__ = ["RulecheckError", "check", "enhance_validation", "find_rulecheck_bin"]

StrPath = Union[str, "os.PathLike[str]"]

# The API owns these flags: it always reads JSON and always wants the report, whatever it holds.
_RESERVED_OPTIONS = frozenset({"format", "fail_on"})


class RulecheckError(Exception):
    """rulecheck could not check: the command line exited with 2 (or printed no report).

    ``str(error)`` is the command line's message (its standard error, ``error: …``);
    ``returncode`` is its exit code and ``command`` the argument list that was run.
    """

    def __init__(self, message: str, *, returncode: Optional[int] = None,
                 command: Optional[Sequence[str]] = None) -> None:
        super().__init__(message)
        self.message = message
        self.returncode = returncode
        self.command: List[str] = list(command or [])


def check(
    paths: Union[StrPath, Iterable[StrPath]],
    *,
    pack: Optional[StrPath] = None,
    root: StrPath = ".",
    isolated: bool = False,
    **options: Any,
) -> Dict[str, Any]:
    """Check files or folders and return the whole ``--format json`` document.

    Args:
        paths: one path or several (files, folders walked as the command line walks them).
        pack: a pack name or a ``.toml`` file; ``None`` routes each file to the packs whose
            ``files`` globs match its name.
        root: the project root that companion-file templates (spec, builder…) resolve under.
        isolated: ``True`` to read no configuration file. Otherwise, as on the command line,
            the ``rulecheck.toml`` or ``pyproject.toml`` found from the working directory upward
            applies (``config="FILE"`` names one instead).
        **options: further command-line options by name, ``_`` for ``-``: ``existing`` (a dict
            of existing results, or the path of a JSON file), ``levels`` (a list of level names),
            ``pack_dir`` and ``exclude`` (one value or a list; repeated), ``all_files`` and
            ``follow`` (``True`` to set), ``max_file_size``, ``jobs``. ``None`` or ``False``
            leaves an option out.

    Returns:
        ``{"version", "results": [...], "summary": {...}}`` as the command line prints it.

    Raises:
        RulecheckError: the command line answered with an error (exit code 2).
        TypeError: ``format`` or ``fail_on`` was given (the API fixes both), or ``existing``
            holds a value JSON cannot represent.
    """
    bad = _RESERVED_OPTIONS.intersection(options)
    if bad:
        raise TypeError(
            f"check() sets --format json and --fail-on never itself; drop {', '.join(sorted(bad))}"
        )
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    existing = options.pop("existing", None)
    args = ["--root", os.fspath(root)]
    if isolated:
        args.append("--isolated")
    if pack is not None:
        args += ["--pack", os.fspath(pack)]
    args += _option_args(options)
    targets = [os.fspath(path) for path in paths]
    if existing is None or isinstance(existing, (str, os.PathLike)):
        if existing is not None:
            args += ["--existing", os.fspath(existing)]
        return _run_check(args, targets)
    with _json_file(existing) as existing_path:
        # The command line names the file it read: name the caller's object instead.
        return _run_check([*args, "--existing", existing_path], targets,
                          alias=(existing_path, "<existing results>"))


def enhance_validation(
    existing_results: Dict[str, Any],
    script: StrPath,
    *,
    pack: Optional[str] = None,
    root: StrPath = ".",
    levels: Optional[List[str]] = None,
) -> Dict[str, Any]:
    """Validate one script and merge the new issues into ``existing_results``, as cursus does.

    The drop-in for ``RegisterModelStepEnhancer().enhance_validation(existing_results,
    script_name)`` (and for cursus's router, with ``pack=None``).

    Args:
        existing_results: the validator's results so far; its ``issues`` list and ``summary``
            counters (``total_issues``, ``<severity>_count``) are extended in the copy returned.
            It is not modified.
        script: the script's path; its file name chooses the pack (with ``pack=None``) and the
            variables (``base_name``…) of the companion-file templates.
        pack: a pack name or ``.toml`` file; ``None`` routes by file name.
        root: the project root that companion-file templates resolve under.
        levels: run only these levels of the pack (``None``: all).

    Returns:
        The per-script result of ``--format json``: ``script``, ``path``, ``pack``,
        ``step_type``, ``validation_levels``, ``levels_run``, ``enhanced_results``,
        ``additional_issues``, ``patterns``, ``notices``. When no pack matches the file name,
        the same keys with ``pack`` and ``step_type`` ``None``, no levels, no patterns, empty
        ``additional_issues`` and ``enhanced_results`` equal to ``existing_results`` (cursus's
        router returns an unknown step type's results unchanged), and the run's notices.

    Raises:
        RulecheckError: the command line answered with an error (unknown or broken pack,
            unreadable script, ``existing_results`` of the wrong shape, unknown level), or,
            with ``pack=None``, several packs match the file name (pass ``pack=`` to choose).
    """
    if pack is None and levels is not None:
        # Levels belong to one pack (the command line wants --pack with --levels): let routing
        # choose it first, from the file name alone.
        routing = check([script], root=root)
        routed = _only_result(routing, script)
        if routed is None:
            return _unchanged(existing_results, script, _notices(routing))
        pack = routed["pack"]
    document = check([script], pack=pack, root=root, levels=levels, existing=existing_results)
    result = _only_result(document, script)
    if result is None:
        return _unchanged(existing_results, script, _notices(document))
    return result


def _notices(document: Dict[str, Any]) -> List[str]:
    return list(document.get("summary", {}).get("notices", []))


def _only_result(document: Dict[str, Any], script: StrPath) -> Optional[Dict[str, Any]]:
    """The one result of a one-script run, ``None`` if no pack matched; several is an error."""
    results = document.get("results", [])
    if len(results) <= 1:
        return results[0] if results else None
    packs = ", ".join(str(result.get("pack")) for result in results)
    raise RulecheckError(
        f"error: {os.fspath(script)} matches several packs ({packs}); pass pack= to choose one"
    )


def _unchanged(existing_results: Dict[str, Any], script: StrPath,
               notices: Sequence[str]) -> Dict[str, Any]:
    """cursus's router for an unknown step type: the results as they were, no new issue."""
    return {
        "script": os.path.basename(os.fspath(script)),
        "path": os.fspath(script),
        "pack": None,
        "step_type": None,
        "validation_levels": [],
        "levels_run": [],
        "enhanced_results": copy.deepcopy(existing_results),
        "additional_issues": [],
        "patterns": {},
        "notices": list(notices),
    }


def _option_args(options: Mapping[str, Any]) -> List[str]:
    args: List[str] = []
    for name, value in options.items():
        flag = "--" + name.replace("_", "-")
        if value is None or value is False:
            continue
        if value is True:
            args.append(flag)
        elif name == "levels" and not isinstance(value, str):
            args += [flag, ",".join(value)]
        elif isinstance(value, (list, tuple)):
            for item in value:
                args += [flag, _text(item)]
        else:
            args += [flag, _text(value)]
    return args


def _text(value: Any) -> str:
    return os.fspath(value) if isinstance(value, os.PathLike) else str(value)


def _run_check(args: List[str], targets: List[str],
               alias: Optional[Tuple[str, str]] = None) -> Dict[str, Any]:
    command = [find_rulecheck_bin(), "check", "--format", "json", "--fail-on", "never",
               "--color", "never", *args, "--", *targets]
    proc = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True)
    stderr = proc.stderr.decode("utf-8", "replace").strip()
    if alias is not None:
        stderr = stderr.replace(*alias)
    if proc.returncode not in (0, 1):
        raise RulecheckError(stderr or f"rulecheck exited with code {proc.returncode}",
                             returncode=proc.returncode, command=command)
    try:
        document = json.loads(proc.stdout)
    except ValueError as exc:
        raise RulecheckError(f"error: rulecheck printed no JSON report ({exc}); stderr: {stderr}",
                             returncode=proc.returncode, command=command) from exc
    if not isinstance(document, dict):
        raise RulecheckError("error: rulecheck's JSON report is not an object",
                             returncode=proc.returncode, command=command)
    return document


@contextlib.contextmanager
def _json_file(value: Any) -> Iterator[str]:
    """A temporary JSON file holding ``value``, removed afterwards (closed first, for Windows)."""
    text = json.dumps(value)
    fd, path = tempfile.mkstemp(prefix="rulecheck-existing-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        yield path
    finally:
        os.remove(path)
