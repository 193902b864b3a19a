"""Specification of the second churn booster's training step."""

XGBOOST_V2_TRAINING_SPEC = {"dependencies": ["input_path"], "outputs": ["model_output"]}
