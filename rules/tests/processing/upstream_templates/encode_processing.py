"""One-hot encodes the categorical columns."""
import json
import os

from sklearn.preprocessing import OneHotEncoder

with open("/opt/ml/processing/input/data/categories.json") as f:
    rows = json.load(f)
encoded = OneHotEncoder(handle_unknown=os.environ.get("UNKNOWN", "ignore")).fit_transform(rows)
with open("/opt/ml/processing/output/encoded/rows.json", "w") as f:
    json.dump(encoded.toarray().tolist(), f)
