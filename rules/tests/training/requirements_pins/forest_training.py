"""Trains a gradient-boosted forest with scikit-learn."""
import joblib
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier

params = {"max_iter": 200}
df = pd.read_csv("/opt/ml/input/data/train/train.csv")
clf = HistGradientBoostingClassifier(**params).fit(df.drop(columns=["label"]), df["label"])
print("accuracy", clf.score(df.drop(columns=["label"]), df["label"]))
joblib.dump(clf, "/opt/ml/model/model.joblib")
