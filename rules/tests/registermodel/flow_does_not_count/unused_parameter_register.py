"""A leftover approval parameter with a bad default is never used by the register step."""
from sagemaker.workflow.parameters import ParameterString

legacy_status = ParameterString(name="ModelApprovalStatus", default_value="Pending")


def build(model, metrics):
    return model.register(
        model_package_group_name="cross-sell",
        model_metrics=metrics,
        approval_status="PendingManualApproval",
        description="Cross-sell ranker",
    )
