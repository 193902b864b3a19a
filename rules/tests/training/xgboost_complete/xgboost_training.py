"""Trains the churn booster inside the SageMaker xgboost container."""
import json
import os

import pandas as pd
import xgboost as xgb

PREFIX = "/opt/ml"


def main():
    with open(os.path.join(PREFIX, "input/config/hyperparameters.json")) as f:
        hyperparameters = json.load(f)
    train_df = pd.read_csv(os.path.join(PREFIX, "input/data/train/train.csv"))
    val_df = pd.read_csv(os.path.join(PREFIX, "input/data/validation/validation.csv"))
    dtrain = xgb.DMatrix(train_df.drop(columns=["label"]), label=train_df["label"])
    dval = xgb.DMatrix(val_df.drop(columns=["label"]), label=val_df["label"])
    params = {
        "max_depth": int(hyperparameters.get("max_depth", 6)),
        "eta": float(hyperparameters.get("eta", 0.3)),
        "objective": "binary:logistic",
        "eval_metric": "auc",
    }
    booster = xgb.train(params, dtrain, num_boost_round=100, evals=[(dval, "validation")])
    booster.save_model(os.path.join(PREFIX, "model", "xgboost-model"))


if __name__ == "__main__":
    main()
