"""Inference handlers of the xgboost model for batch transform."""
import io
import os

import pandas as pd
import xgboost as xgb


def model_fn(model_dir):
    booster = xgb.Booster()
    booster.load_model(os.path.join(model_dir, "xgboost-model"))
    return booster


def input_fn(request_body, content_type):
    if content_type != "text/csv":
        raise ValueError(f"unsupported content type {content_type}")
    return pd.read_csv(io.StringIO(request_body), header=None)


def predict_fn(batch, booster):
    return booster.predict(xgb.DMatrix(batch.values))


def output_fn(prediction, accept):
    return "\n".join(str(p) for p in prediction), accept
