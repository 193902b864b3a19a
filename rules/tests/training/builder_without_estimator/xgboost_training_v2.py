"""Second version of the churn booster (base name xgboost_v2: `_training` is removed anywhere)."""
import os

import pandas as pd
import xgboost as xgb

config = {"max_depth": 5, "eval_metric": "logloss"}
train_df = pd.read_csv("/opt/ml/input/data/train/train.csv")
dtrain = xgb.DMatrix(train_df.drop(columns=["label"]), label=train_df["label"])
booster = xgb.train(config, dtrain, num_boost_round=50)
booster.save_model(os.path.join("/opt/ml/model", "xgboost-model"))
