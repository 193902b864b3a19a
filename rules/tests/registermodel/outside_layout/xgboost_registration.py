from sagemaker.model_metrics import MetricsSource, ModelMetrics
from sagemaker.workflow.model_step import ModelStep
from sagemaker.workflow.parameters import ParameterString

approval = ParameterString(name="ModelApprovalStatus", default_value="PendingManualApproval")


def build(model, evaluation_uri, group):
    metrics = ModelMetrics(
        model_statistics=MetricsSource(s3_uri=evaluation_uri, content_type="application/json")
    )
    step_args = model.register(
        content_types=["text/csv"],
        response_types=["text/csv"],
        model_package_group_name=group,
        approval_status=approval,
        model_metrics=metrics,
        customer_metadata_properties={"owner": "retention-team"},
    )
    return ModelStep(name="RegisterChurn", step_args=step_args)
