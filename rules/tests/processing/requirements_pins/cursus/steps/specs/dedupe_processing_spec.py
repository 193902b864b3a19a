"""Specification of the dedupe step."""

DEDUPE_PROCESSING_SPEC = {"dependencies": ["events"], "outputs": ["events"]}
