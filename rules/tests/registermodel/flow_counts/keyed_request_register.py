"""The request is built key by key: subscript stores, update and setdefault, then sent with **req."""
import boto3

sm = boto3.client("sagemaker")


def register(group, status, report_uri, summary, owner):
    req = {"ModelPackageGroupName": group}
    req["ModelApprovalStatus"] = status
    req.update(ModelMetrics={"ModelQuality": {"Statistics": {"S3Uri": report_uri}}})
    req["ModelPackageDescription"] = summary
    req.setdefault("CustomerMetadataProperties", {})["owner"] = owner
    return sm.create_model_package(**req)
