"""Tests of a validation helper bind bad statuses that never reach SageMaker; a real, complete
registration is in the same file."""
import boto3

VALID = {"Approved", "Rejected", "PendingManualApproval"}


def validate_status(value):
    if value not in VALID:
        raise ValueError(value)
    return value


def test_rejects_unknown_status():
    model_approval_status = "Bogus"
    bad = {"ModelApprovalStatus": "approved"}
    for value in (model_approval_status, bad["ModelApprovalStatus"]):
        try:
            validate_status(value)
        except ValueError:
            pass


def register(group, report_uri):
    return boto3.client("sagemaker").create_model_package(
        ModelPackageGroupName=group,
        ModelPackageDescription="Validated model",
        ModelMetrics={"ModelQuality": {"Statistics": {"S3Uri": report_uri}}},
        ModelApprovalStatus=validate_status("PendingManualApproval"),
    )
