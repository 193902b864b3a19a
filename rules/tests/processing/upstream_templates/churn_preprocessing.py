"""Prepares the churn features (base name `churn`: cursus's own templates are accepted)."""
import os

import pandas as pd

df = pd.read_csv("/opt/ml/processing/input/data/churn.csv")
df = df[df["tenure"] > 0].fillna({"plan": os.environ.get("DEFAULT_PLAN", "basic")})
df["plan"] = df["plan"].apply(str.lower)
df.to_csv("/opt/ml/processing/output/churn/churn.csv", index=False)
