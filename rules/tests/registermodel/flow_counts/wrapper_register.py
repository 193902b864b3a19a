"""Two wrapper levels forward **kwargs to create_model_package; the status constant is misspelt."""
import boto3

sm = boto3.client("sagemaker")
DEFAULT_STATUS = "PendingManualApprovals"


def _submit(**fields):
    return sm.create_model_package(**fields)


def _submit_with_retry(**fields):
    return _submit(**fields)


def publish(group, report_uri):
    return _submit_with_retry(
        ModelPackageGroupName=group,
        ModelPackageDescription="Sentiment model",
        ModelMetrics={"ModelQuality": {"Statistics": {"S3Uri": report_uri}}},
        ModelApprovalStatus=DEFAULT_STATUS,
    )
