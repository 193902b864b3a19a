"""Registers the churn model after evaluation."""
import json

from sagemaker.model_metrics import MetricsSource, ModelMetrics
from sagemaker.workflow.step_collections import RegisterModel


def build_register_step(model, evaluation_s3_uri, group_name):
    metrics = ModelMetrics(
        model_statistics=MetricsSource(
            s3_uri=evaluation_s3_uri, content_type="application/json"
        )
    )
    return RegisterModel(
        name="RegisterChurnModel",
        model=model,
        content_types=["text/csv"],
        response_types=["text/csv"],
        model_package_group_name=group_name,
        approval_status="PendingManualApproval",
        model_metrics=metrics,
        description="Gradient-boosted churn classifier",
        customer_metadata_properties={"team": "retention"},
    )


if __name__ == "__main__":
    print(json.dumps({"ok": True}))
