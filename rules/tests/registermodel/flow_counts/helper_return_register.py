"""Helpers return the request, through two levels; the call unpacks the helper's result."""
import boto3

client = boto3.client("sagemaker")


def quality(report_uri):
    return {"ModelQuality": {"Statistics": {"S3Uri": report_uri}}}


def make_request(group, report_uri):
    base = {"ModelPackageGroupName": group, "ModelApprovalStatus": "PendingManualApproval"}
    return {**base, "ModelMetrics": quality(report_uri), "ModelPackageDescription": "Churn model"}


def register(group, report_uri):
    return client.create_model_package(**make_request(group, report_uri))
