"""Specification of the fraud model's registration step."""

FRAUD_REGISTRATION_SPEC = {"dependencies": ["model"], "outputs": []}
