#!/usr/bin/env python3
"""Latency and memory of `rulecheck server` (issue 22's targets), as an editor drives it.

Usage: python3 benches/server_latency.py [--bin PATH]  (default: target/release/rulecheck,
built first when it is the default). Python 3.11+ standard library only.

In a temporary workspace, opens a 2,000-line registration script, then:
- 50 edits, each a `didChange` waited on: the time from sending it to its diagnostics being
  published, minus the server's debounce (150 ms) — median, 90th percentile, max;
- 1,000 edits, each a `didChange` then a `didSave` (a save is checked at once, so each edit is
  checked), then the server's resident memory (VmRSS) and peak (VmHWM) from /proc.
Prints the figures; exit 0 whatever they are (a measurement), 2 when the server cannot be run.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEBOUNCE_S = 0.150


def script(edit: int) -> str:
    """A registration script of 2,000 lines whose approval status changes with `edit`."""
    head = [
        "from sagemaker.workflow.step_collections import RegisterModel",
        "",
        f"# edit {edit}",
        "step = RegisterModel(",
        '    name="RegisterChurn",',
        '    model_name="churn",',
        '    description="churn model",',
        "    model_metrics=metrics,",
        f'    approval_status="{"PendingManualAproval" if edit % 2 else "PendingManualApproval"}",',
        ")",
    ]
    body = []
    n = 0
    while len(head) + len(body) < 2000:
        body += [f"def helper_{n}(frame, column='c{n}'):",
                 f"    values = [row[column] for row in frame if row.get(column) is not None]",
                 f"    return {{'count': len(values), 'name': 'helper_{n}'}}", ""]
        n += 1
    return "\n".join(head + body)[: 10**7] + "\n"


class Client:
    def __init__(self, binary: str, root: Path):
        self.proc = subprocess.Popen([binary, "server"], cwd=root, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE)
        self.next_id = 1

    def send(self, message: dict) -> None:
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def receive(self) -> dict:
        length = 0
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("the server closed its output")
            line = line.strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.proc.stdout.read(length))

    def request(self, method: str, params) -> dict:
        rid = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        while True:
            message = self.receive()
            if message.get("id") == rid:
                return message

    def notify(self, method: str, params) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def published(self, version: int) -> dict:
        while True:
            message = self.receive()
            if (message.get("method") == "textDocument/publishDiagnostics"
                    and message["params"].get("version") == version):
                return message

    def memory_kb(self) -> tuple[int, int]:
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        kb = lambda key: int(fields[key].split()[0])
        return kb("VmRSS"), kb("VmHWM")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin")
    args = parser.parse_args()
    binary = args.bin
    if not binary:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
        binary = str(REPO / "target" / "release" / "rulecheck")
    binary = str(Path(binary).resolve())
    if not Path(binary).exists():
        print(f"no binary at {binary}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        path = root / "churn_register.py"
        path.write_text(script(0))
        uri = path.as_uri()
        client = Client(binary, root)
        client.request("initialize", {"processId": os.getpid(), "rootUri": root.as_uri(),
                                      "capabilities": {}})
        client.notify("initialized", {})
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "python", "version": 0, "text": script(0)}})
        client.published(0)

        latencies = []
        for edit in range(1, 51):
            text = script(edit)
            sent = time.perf_counter()
            client.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": edit}, "contentChanges": [{"text": text}]})
            client.published(edit)
            latencies.append(time.perf_counter() - sent - DEBOUNCE_S)
        for edit in range(51, 1051):
            client.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": edit},
                "contentChanges": [{"text": script(edit)}]})
            client.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
            client.published(edit)
        rss, peak = client.memory_kb()
        client.request("shutdown", None)
        client.notify("exit", None)
        client.proc.wait(timeout=10)
    ms = sorted(x * 1000 for x in latencies)
    print(f"script: 2,000 lines; load average {os.getloadavg()[0]:.1f}")
    print(f"didChange -> diagnostics, beyond the {DEBOUNCE_S * 1000:.0f} ms debounce (50 edits): "
          f"median {statistics.median(ms):.1f} ms, p90 {ms[int(len(ms) * 0.9)]:.1f} ms, "
          f"max {ms[-1]:.1f} ms")
    print(f"after 1,050 edits, each checked: RSS {rss / 1024:.1f} MB, peak {peak / 1024:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
