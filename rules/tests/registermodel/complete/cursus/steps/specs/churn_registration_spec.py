"""Specification of the churn model's registration step."""

CHURN_REGISTRATION_SPEC = {
    "step_type": "RegisterModel",
    "dependencies": ["model", "evaluation"],
    "outputs": [],
}
