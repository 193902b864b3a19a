"""Scores the nightly extract with the scikit-learn model."""
import joblib
from sklearn.pipeline import Pipeline


def model_fn(model_dir):
    pipeline: Pipeline = joblib.load(f"{model_dir}/model.joblib")
    return pipeline


def predict_fn(batch, pipeline):
    return pipeline.predict_proba(batch)[:, 1]


def output_fn(prediction, accept):
    return "\n".join(f"{p:.6f}" for p in prediction), accept
