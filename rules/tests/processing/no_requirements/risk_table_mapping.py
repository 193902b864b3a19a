"""Maps categorical values to their risk (the target rate observed in training)."""
import json
import os

import pandas as pd

label = os.environ.get("LABEL_FIELD", "label")
df = pd.read_csv("/opt/ml/processing/input/data/train.csv")
tables = {
    column: df.groupby(column)[label].mean().to_dict()
    for column in df.columns
    if column != label and df[column].dtype == object
}
for column, table in tables.items():
    df[column] = df[column].map(table)
df.to_csv("/opt/ml/processing/output/data/train.csv", index=False)
with open("/opt/ml/processing/output/tables/risk_tables.json", "w") as f:
    json.dump(tables, f)
