"""Specification of the scoring transform step."""

SCORING_TRANSFORM_SPEC = {"dependencies": ["model_name", "processed_data"], "outputs": ["transform_output"]}
