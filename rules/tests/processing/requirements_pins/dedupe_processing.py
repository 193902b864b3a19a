"""Removes duplicate events before feature engineering."""
import os

import pandas as pd

key = os.environ.get("DEDUPE_KEY", "event_id")
events = pd.read_json("/opt/ml/processing/input/events/events.jsonl", lines=True)
events = events.drop_duplicates(subset=[key]).apply(lambda col: col.fillna(0))
events.to_json("/opt/ml/processing/output/events/events.jsonl", orient="records", lines=True)
