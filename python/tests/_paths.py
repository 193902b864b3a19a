"""Paths of the repository's fixture trees, found relative to this file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
PIPELINE = FIXTURES / "registermodel" / "pipeline"
CHURN = PIPELINE / "scripts" / "churn_register.py"
FRAUD = PIPELINE / "scripts" / "fraud_registration.py"
EXISTING = FIXTURES / "existing" / "results.json"
PACK_CASES = REPO / "rules" / "tests"


def existing_results() -> Dict[str, Any]:
    """cursus-style results of an earlier validator: one ERROR issue and its summary."""
    return json.loads(EXISTING.read_text(encoding="utf-8"))
