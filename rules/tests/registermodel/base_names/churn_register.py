import boto3

sm = boto3.client("sagemaker")


def register(group, image, model_url, report_url):
    return sm.create_model_package(
        ModelPackageGroupName=group,
        ModelPackageDescription="Churn model trained weekly",
        InferenceSpecification={
            "Containers": [{"Image": image, "ModelDataUrl": model_url}],
            "SupportedContentTypes": ["text/csv"],
            "SupportedResponseMIMETypes": ["text/csv"],
        },
        ModelMetrics={
            "ModelQuality": {"Statistics": {"ContentType": "application/json", "S3Uri": report_url}}
        },
        ModelApprovalStatus="PendingManualApproval",
        Tags=[{"Key": "team", "Value": "retention"}],
    )
