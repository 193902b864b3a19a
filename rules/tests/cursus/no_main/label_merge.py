"""A step script with no main(): everything runs at import time."""
import json

with open("/opt/ml/processing/input/labels/labels.json") as source:
    labels = json.load(source)
with open("/opt/ml/processing/output/merged/labels.json", "w") as target:
    json.dump(labels, target)
