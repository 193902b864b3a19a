"""Specification of the batch transform step, training job type (cursus has only job-type variants)."""

BATCH_TRANSFORM_TRAINING_SPEC = {"dependencies": ["model_name", "processed_data"], "outputs": ["transform_output"]}
