"""The request is logged and written to a file for review; it is never sent."""
import json
import logging

import boto3

sm = boto3.client("sagemaker")


def plan(group, report_uri):
    request = {
        "ModelPackageGroupName": group,
        "ModelPackageDescription": "Reviewed by hand",
        "ModelMetrics": {"ModelQuality": {"Statistics": {"S3Uri": report_uri}}},
        "ModelApprovalStatus": "Pending",
        "Tags": [{"Key": "aws:owner", "Value": "ml"}],
    }
    logging.info("would register: %s", request)
    with open("request.json", "w") as out:
        json.dump(request, out)
    return sm.list_model_packages(ModelPackageGroupName=group)
