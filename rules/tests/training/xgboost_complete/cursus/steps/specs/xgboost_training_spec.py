"""Specification of the xgboost training step."""

XGBOOST_TRAINING_SPEC = {
    "step_type": "XGBoostTraining",
    "dependencies": ["input_path", "hyperparameters_s3_uri"],
    "outputs": ["model_output"],
}
