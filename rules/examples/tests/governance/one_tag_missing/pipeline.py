"""A SageMaker pipeline with two registrations: the second one's tags lack cost-center."""
from sagemaker.model_metrics import MetricsSource, ModelMetrics
from sagemaker.workflow.parameters import ParameterString
from sagemaker.workflow.step_collections import RegisterModel

TEAM_TAGS = [
    {"Key": "owner", "Value": "churn-team"},
    {"Key": "cost-center", "Value": "cc-1234"},
]

approval_status = ParameterString(name="ModelApprovalStatus", default_value="PendingManualApproval")
metrics = ModelMetrics(
    model_statistics=MetricsSource(s3_uri=evaluation_uri, content_type="application/json")
)

register_churn = RegisterModel(
    name="RegisterChurn",
    model=churn_model,
    model_metrics=metrics,
    approval_status=approval_status,
    customer_metadata_properties={"owner": "churn-team", "use_case": "retention offers"},
    tags=TEAM_TAGS,
)

register_upsell = RegisterModel(
    name="RegisterUpsell",
    model=upsell_model,
    model_metrics=metrics,
    approval_status=approval_status,
    customer_metadata_properties={"owner": "growth-team", "use_case": "upsell offers"},
    tags=[{"Key": "owner", "Value": "growth-team"}],
)

# Tags on other calls are not a model package's: they are not judged.
endpoint_config = create_endpoint_config(tags=[{"Key": "stage", "Value": "dev"}])
