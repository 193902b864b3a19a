"""dict(...) keyword arguments build the request in a helper; the caller binds it and sends **req."""
import boto3

client = boto3.client("sagemaker")


def make_request(group: str, report_uri: str):
    request: dict = dict(
        ModelPackageGroupName=group,
        ModelMetrics={"ModelQuality": {"Statistics": {"S3Uri": report_uri}}},
        ModelApprovalStatus="PendingManualApproval",
    )
    request |= {"Tags": [{"Key": "team", "Value": "vision"}]}
    return request


def register(group, report_uri):
    req = make_request(group, report_uri)
    return client.create_model_package(**req)
