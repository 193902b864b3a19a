"""Specification of the schema-checked hyperparameter preparation utility step."""

PREPARE_SCHEMA_UTILITY_SPEC = {"dependencies": [], "outputs": ["hyperparameters_s3_uri"]}
