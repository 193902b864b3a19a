"""Churn training on the interface-first layout: xgboost and scikit-learn are declared in the
interface, pandas is not declared anywhere."""
import json
import os

import pandas as pd
import xgboost as xgb
from sklearn.metrics import roc_auc_score


def main(input_paths, output_paths, environ_vars, job_args):
    with open("/opt/ml/input/config/hyperparameters.json") as f:
        hyperparameters = json.load(f)
    train = pd.read_csv(os.path.join(input_paths["input_path"], "train", "train.csv"))
    val = pd.read_csv(os.path.join(input_paths["input_path"], "val", "val.csv"))
    dtrain = xgb.DMatrix(train.drop(columns="label"), label=train["label"])
    dval = xgb.DMatrix(val.drop(columns="label"), label=val["label"])
    booster = xgb.train(hyperparameters, dtrain, num_boost_round=50, evals=[(dval, "val")])
    auc = roc_auc_score(val["label"], booster.predict(dval))
    print(f"validation auc {auc:.4f}")
    booster.save_model(os.path.join(output_paths["model_output"], "model.bst"))
