"""Writes summary statistics of the input values."""
import json
import os

from scipy import stats

with open("/opt/ml/processing/input/data/values.json") as f:
    values = json.load(f)
summary = stats.describe(values)
with open(os.path.join("/opt/ml/processing/output/stats", "summary.json"), "w") as f:
    json.dump({"mean": summary.mean, "variance": summary.variance}, f)
