"""Trains a random forest."""
import joblib
import pandas as pd
from sklearn.ensemble import RandomForestClassifier

params = {"n_estimators": 200}
df = pd.read_csv("/opt/ml/input/data/train/train.csv")
clf = RandomForestClassifier(**params).fit(df.drop(columns=["label"]), df["label"])
print("accuracy", clf.score(df.drop(columns=["label"]), df["label"]))
joblib.dump(clf, "/opt/ml/model/model.joblib")
