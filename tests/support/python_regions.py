#!/usr/bin/env python3
"""Reference data for tests/stdlib_corpus.rs (`regions_match_cpython`), computed by CPython.

Usage: python_regions.py ROOT

Walks ROOT for *.py files (skipping site-packages directories) and prints one JSON
object per line, in sorted path order:

- files that compile() rejects: {"path": P, "skip": "reason"}
- files where the reference itself fails: {"path": P, "error": "reason"}
- other files: {"path": P, "regions": [...]}
    regions: [kind, start, end] for every COMMENT and STRING token (from
             `tokenize`); kind is "comment", "string" or "docstring" (a STRING
             token inside the docstring expression of a module, class or function,
             with the rule of ast.get_docstring).

All offsets are byte offsets into the file's original bytes: tokenize's columns
(characters of the decoded line) and ast's columns (UTF-8 bytes of the decoded
line, for docstrings) are converted using the file's detected source encoding.
"""

import ast
import io
import json
import multiprocessing
import os
import re
import sys
import tokenize

UNIVERSAL_NEWLINE = re.compile(rb"\r\n|\r|\n")


class Offsets:
    """Converts CPython positions of one file to byte offsets."""

    def __init__(self, raw, encoding):
        self.raw = raw
        self.bom = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
        self.encoding = "utf-8" if encoding == "utf-8-sig" else encoding
        self.utf8 = self.encoding == "utf-8"
        # tokenize reads lines with readline(): only b"\n" ends a line.
        self.tok_starts = [0] + [m.end() for m in re.finditer(rb"\n", raw)]
        # The C tokenizer behind ast translates \r\n and \r to \n.
        self.ast_starts = [0] + [m.end() for m in UNIVERSAL_NEWLINE.finditer(raw)]
        self.decoded = {}

    def _line(self, starts, row):
        start = starts[row - 1]
        end = starts[row] if row < len(starts) else len(self.raw)
        if row == 1:
            start += self.bom
        return start, end

    def _text(self, starts, row):
        key = (id(starts), row)
        if key not in self.decoded:
            start, end = self._line(starts, row)
            self.decoded[key] = self.raw[start:end].decode(self.encoding)
        return self.decoded[key]

    def tok(self, row, col):
        """(row, column in characters) from tokenize."""
        start, _ = self._line(self.tok_starts, row)
        if self.utf8:
            prefix = self._text(self.tok_starts, row)[:col]
            return start + len(prefix.encode("utf-8"))
        return start + len(self._text(self.tok_starts, row)[:col].encode(self.encoding))

    def ast(self, row, col):
        """(lineno, col_offset in UTF-8 bytes) from ast."""
        start, _ = self._line(self.ast_starts, row)
        if self.utf8:
            return start + col
        text = self._text(self.ast_starts, row)
        prefix = text.encode("utf-8")[:col].decode("utf-8")
        return start + len(prefix.encode(self.encoding))


def node_span(offsets, node):
    return (
        offsets.ast(node.lineno, node.col_offset),
        offsets.ast(node.end_lineno, node.end_col_offset),
    )


def analyse(path):
    with open(path, "rb") as f:
        raw = f.read()
    try:
        tree = compile(raw, path, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except (SyntaxError, ValueError, UnicodeDecodeError) as e:
        return {"path": path, "skip": f"{type(e).__name__}: {e}"}
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
        offsets = Offsets(raw, encoding)

        docstrings = []
        for node in ast.walk(tree):
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                body = node.body
                if (
                    body
                    and isinstance(body[0], ast.Expr)
                    and isinstance(body[0].value, ast.Constant)
                    and isinstance(body[0].value.value, str)
                ):
                    docstrings.append(node_span(offsets, body[0].value))
        docstrings.sort()

        regions = []
        for tok in tokenize.tokenize(io.BytesIO(raw).readline):
            if tok.type == tokenize.COMMENT:
                kind = "comment"
            elif tok.type == tokenize.STRING:
                kind = "string"
            else:
                continue
            start = offsets.tok(*tok.start)
            end = offsets.tok(*tok.end)
            if kind == "string" and any(s <= start and end <= e for s, e in docstrings):
                kind = "docstring"
            regions.append([kind, start, end])
        return {"path": path, "regions": regions}
    except Exception as e:  # noqa: BLE001 - reported to the test as a failure
        return {"path": path, "error": f"{type(e).__name__}: {e}"}


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: python_regions.py ROOT")
    root = sys.argv[1]
    paths = []
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if d != "site-packages")
        paths.extend(os.path.join(directory, f) for f in files if f.endswith(".py"))
    paths.sort()
    with multiprocessing.Pool(min(2, os.cpu_count() or 1)) as pool:
        for result in pool.imap(analyse, paths, chunksize=8):
            sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
