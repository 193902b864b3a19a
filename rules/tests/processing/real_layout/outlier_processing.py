"""Drops rows whose z-score is above a threshold."""
import csv
import os

from scipy import stats

threshold = float(os.environ.get("Z_THRESHOLD", "3"))
with open("/opt/ml/processing/input/data/values.csv") as f:
    values = [float(row[0]) for row in csv.reader(f)]
filtered = [v for v, z in zip(values, stats.zscore(values)) if abs(z) <= threshold]
with open("/opt/ml/processing/output/clean/values.csv", "w", newline="") as f:
    csv.writer(f).writerows([v] for v in filtered)
