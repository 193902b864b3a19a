"""Metrics and metadata reaching registrations through names, a helper and dict(...)."""
import sagemaker
from sagemaker.model_metrics import MetricsSource, ModelMetrics


def evaluation_metrics(uri):
    return ModelMetrics(model_statistics=MetricsSource(s3_uri=uri, content_type="application/json"))


OWNER = "owner"
metadata = dict(owner="churn-team", use_case="retention offers")
step_args = model.register(
    model_package_group_name="churn",
    model_metrics=evaluation_metrics(report_uri),
    customer_metadata_properties=metadata,
    tags=[{"Key": OWNER, "Value": "churn-team"}, {"Key": "cost-center", "Value": "cc-1234"}],
)

# A statistics source without its content type, metrics without statistics, metadata without a
# use case, and an approval decided in code.
statistics = MetricsSource(s3_uri=report_uri)
retrain_args = model.register(
    model_package_group_name="churn",
    model_metrics=ModelMetrics(model_statistics=statistics),
    customer_metadata_properties={"owner": "churn-team"},
    tags=[{"Key": "owner", "Value": "churn-team"}, {"Key": "cost-center", "Value": "cc-1234"}],
    approval_status="Approved",
)
bias_only = ModelMetrics(bias=MetricsSource(s3_uri=bias_uri, content_type="application/json"))
shadow_args = model.register(
    model_package_group_name="churn-shadow",
    model_metrics=bias_only,
    customer_metadata_properties={"use_case": "shadow test"},
    tags=[{"Key": "owner", "Value": "churn-team"}, {"Key": "cost-center", "Value": "cc-1234"}],
)
