"""Specification of the hyperparameter preparation utility step."""

PREPARE_HYPERPARAMETERS_UTILITY_SPEC = {"dependencies": [], "outputs": ["hyperparameters_s3_uri"]}
