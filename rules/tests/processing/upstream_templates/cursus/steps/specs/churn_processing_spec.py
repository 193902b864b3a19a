"""Specification of the churn preprocessing step (cursus's template name)."""

CHURN_PROCESSING_SPEC = {"dependencies": ["DATA"], "outputs": ["processed_data"]}
