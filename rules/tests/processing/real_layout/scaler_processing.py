"""Standardises the numeric features."""
import csv
import os

from sklearn.preprocessing import StandardScaler

with open("/opt/ml/processing/input/data/features.csv") as f:
    rows = [[float(v) for v in row] for row in csv.reader(f)]
scaled = StandardScaler().fit_transform(rows)
os.makedirs("/opt/ml/processing/output/scaled", exist_ok=True)
with open("/opt/ml/processing/output/scaled/features.csv", "w", newline="") as f:
    csv.writer(f).writerows(scaled.tolist())
