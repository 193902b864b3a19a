"""Mutually recursive helpers: the flow stops at its bound and still sees the request."""
import boto3


def left(request, depth):
    if depth:
        return right(request, depth - 1)
    return request


def right(request, depth):
    request["ModelMetrics"] = {"ModelQuality": {}}
    return left(request, depth)


def register(group):
    request = left({"ModelPackageGroupName": group, "ModelApprovalStatus": "Approved"}, 3)
    request["ModelPackageDescription"] = "Cyclic helpers"
    return boto3.client("sagemaker").create_model_package(**request)
