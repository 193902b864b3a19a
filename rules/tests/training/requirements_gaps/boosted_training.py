"""Trains a booster with xgboost's scikit-learn API."""
import pickle

import pandas as pd
from xgboost import XGBClassifier

params = {"max_depth": 4}
df = pd.read_csv("/opt/ml/input/data/train/train.csv")
clf = XGBClassifier(**params).fit(df.drop(columns=["label"]), df["label"])
print("accuracy", clf.score(df.drop(columns=["label"]), df["label"]))
with open("/opt/ml/model/model.pkl", "wb") as f:
    pickle.dump(clf, f)
